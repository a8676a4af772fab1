import { describe, expect, it, vi } from "vitest";
import { whatsAppBatch } from "../../src/channels/whatsapp/format.js";
import { createWhatsAppKeeper } from "../../src/channels/whatsapp/journal.js";
import { createSessionLease, type LeaseTimings } from "../../src/channels/whatsapp/lease.js";
import { startWhatsApp, type WhatsAppService } from "../../src/channels/whatsapp/start.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { startRedisProcess, uniquePrefix } from "../support/redis.js";
import { FakeWhatsAppClient } from "./fake-client.js";

const CHAT = "6281234567890@c.us";
const conv = `whatsapp:${CHAT}`;
const TOKEN = "operator-token-1234567890";
/**
 * Short retries and renewals, a long ttl: a standby that takes over well within the ttl can only
 * have done so because the holder released the session.
 */
const LEASE = { ttlMs: 10_000, renewMs: 100, retryMs: 100 };

/** Instances of one Loket on one Redis (same key prefix), each collecting its log lines. */
async function instances(n: number) {
  const env = { REDIS_KEY_PREFIX: uniquePrefix("wa-lease"), WHATSAPP_ADMIN_TOKEN: TOKEN };
  const made: { t: TestLoket; logs: string[] }[] = [];
  for (let i = 0; i < n; i++) {
    const logs: string[] = [];
    made.push({ t: await createTestLoket({ channel: "whatsapp", store: "redis", env, logLines: logs }), logs });
  }
  return { key: `${env.REDIS_KEY_PREFIX}whatsapp:owner`, made };
}

/** startWhatsApp on a test Loket with Redis, a new fake client for each start (kept in `clients`). */
async function startOn(t: TestLoket, extra: { outboxRescanMs?: number; lease?: LeaseTimings } = {}) {
  const clients: FakeWhatsAppClient[] = [];
  const service: WhatsAppService = await startWhatsApp(t.config, {
    runtime: t.loket.runtime,
    logger: t.loket.logger,
    messages: t.loket.messages.get("id")!,
    app: t.loket.app,
    store: t.loket.store,
    redis: t.loket.redis!,
    client: () => {
      const c = new FakeWhatsAppClient();
      clients.push(c);
      return c;
    },
    lease: extra.lease ?? LEASE,
    ...(extra.outboxRescanMs ? { outboxRescanMs: extra.outboxRescanMs } : {}),
  });
  const sentTexts = () => clients.flatMap((c) => c.textsTo(CHAT));
  return { service, clients, sentTexts };
}

const coded = (logs: string[], code: string) => logs.map((l) => JSON.parse(l) as { code?: string; msg: string }).filter((l) => l.code === code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("WhatsApp session lease: one instance on a Redis runs WhatsApp, another waits", () => {
  it("the second instance waits as a standby (its client never created) and takes over within the retry interval when the first stops", async () => {
    const { key, made } = await instances(2);
    const [one, two] = made as [(typeof made)[0], (typeof made)[0]];
    // A free key is used only 2.5 s after it was taken; a released one at once.
    const lease = { ...LEASE, settleMs: 2_500 };
    try {
      const startedAt = Date.now();
      const a = await startOn(one.t, { lease });
      const b = await startOn(two.t, { lease });
      // The key was free: the first instance waits before it starts WhatsApp, reported as "starting".
      expect(a.service.status().state).toBe("starting");
      expect(a.clients).toHaveLength(0);
      await expect.poll(() => a.service.status().state, { timeout: 5_000 }).toBe("ready");
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2_400);
      expect(a.clients).toHaveLength(1);
      expect(a.clients[0]!.initializeCalls).toBe(1);
      // The second one: no client, no browser; "standby" in its state, its QR page, and /healthz's probe.
      expect(b.service.status().state).toBe("standby");
      expect(b.clients).toHaveLength(0);
      expect(b.service.channel()).toBeUndefined();
      const page = await two.t.loket.app.inject({ method: "GET", url: `/whatsapp/qr?token=${TOKEN}` });
      expect(page.body).toMatch(/Status: <b>standby<\/b>/);
      // It keeps trying (every 100 ms) but says so once.
      await sleep(600);
      expect(b.clients).toHaveLength(0);
      expect(coded(two.logs, "WHATSAPP_STANDBY")).toHaveLength(1);
      expect(coded(two.logs, "WHATSAPP_STANDBY")[0]!.msg).toMatch(/another instance holds the WhatsApp session \(.*since .*\); this instance waits and takes over when it stops/);
      // The holder answers citizens meanwhile.
      a.clients[0]!.message(CHAT, "halo");
      await expect.poll(() => a.sentTexts().length).toBeGreaterThan(0);
      await a.service.channel()!.idle();

      // A graceful stop (a deploy) releases the session, marked as released: taken over at the next
      // retry, neither after the 10 s ttl nor after the 2.5 s wait for a free key.
      const held = await two.t.loket.redis!.get(key);
      const stoppedAt = Date.now();
      await a.service.stop();
      // Marked released, or (on a loaded machine, where this read comes late) already the standby's.
      const after = (await two.t.loket.redis!.get(key))!;
      expect(after).not.toBe(held);
      if (!after.startsWith("released:")) expect(JSON.parse(after).id).not.toBe(JSON.parse(held!).id);
      await expect.poll(() => b.service.status().state).toBe("ready");
      expect(Date.now() - stoppedAt).toBeLessThan(2_000);
      expect(b.clients).toHaveLength(1);
      expect(b.clients[0]!.initializeCalls).toBe(1);
      expect(a.clients[0]!.destroyCalls).toBeGreaterThan(0);
      expect(coded(two.logs, "WHATSAPP_LEASE_TAKEN")).toHaveLength(1);
      expect(JSON.parse((await two.t.loket.redis!.get(key))!)).toMatchObject({ pid: process.pid });
      // The new holder answers the citizen; the old one sends nothing more.
      const before = a.sentTexts().length;
      // (A fresh fake client numbers its messages from 1 again: an id of its own, or the runtime's dedupe drops it.)
      b.clients[0]!.message(CHAT, "menu", { id: { _serialized: "false_menu_on_b" } });
      await expect.poll(() => b.sentTexts().length).toBeGreaterThan(0);
      expect(a.sentTexts()).toHaveLength(before);
      await b.service.stop();
      expect(await two.t.loket.redis!.get(key)).toMatch(/^released:/);
    } finally {
      for (const m of made) await m.t.close();
    }
  });

  it("a holder whose session another instance took (after a long Redis outage) stops its client, waits as a standby, and takes over again when that one lets go", async () => {
    const { key, made } = await instances(1);
    const { t, logs } = made[0]!;
    try {
      const a = await startOn(t);
      await expect.poll(() => a.service.status().state).toBe("ready");
      a.clients[0]!.message(CHAT, "halo");
      await expect.poll(() => a.sentTexts().length).toBeGreaterThan(0);
      await a.service.channel()!.idle();
      const answered = a.sentTexts().length;

      // Another instance holds the key now (ours expired while Redis was away from us).
      const other = { id: "other", host: "loket-2", pid: 4242, since: new Date().toISOString() };
      await t.loket.redis!.set(key, JSON.stringify(other));
      await expect.poll(() => a.service.status().state).toBe("standby");
      expect(a.clients[0]!.destroyCalls).toBeGreaterThan(0);
      expect(coded(logs, "WHATSAPP_LEASE_LOST")).toHaveLength(1);
      await expect.poll(() => coded(logs, "WHATSAPP_STANDBY").map((l) => l.msg)).toEqual([expect.stringContaining("loket-2, pid 4242")]);
      expect(a.service.channel()).toBeUndefined();
      // The key is theirs: left alone.
      expect(JSON.parse((await t.loket.redis!.get(key))!)).toEqual(other);

      // A staff reply now is not sent by the stopped client: it is stored for the holder.
      await t.loket.runtime.push(conv, [{ type: "text", text: "Berkas Bapak/Ibu sudah kami terima" }], "staff", "budi");
      await sleep(300);
      expect(a.sentTexts()).toHaveLength(answered);
      expect(await t.loket.store.list("whatsapp_outbox")).toHaveLength(1);

      // That instance stops: this one takes the session again with a new client and sends the reply once.
      await t.loket.redis!.del(key);
      await expect.poll(() => a.service.status().state).toBe("ready");
      expect(a.clients).toHaveLength(2);
      expect(a.clients[1]!.initializeCalls).toBe(1);
      await expect.poll(() => a.clients[1]!.textsTo(CHAT)).toEqual(["Berkas Bapak/Ibu sudah kami terima"]);
      expect(a.clients[0]!.textsTo(CHAT)).toHaveLength(answered);
      await a.service.stop();
    } finally {
      await t.close();
    }
  });

  it("a stored outbox text is sent once across two instances started together, and once again after the holder hands over", async () => {
    const { made } = await instances(3);
    const [one, two, web] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
    try {
      // A text an instance without WhatsApp stored while no WhatsApp instance ran (a deploy).
      const keep = createWhatsAppKeeper(web.t.loket.store, (replies) => whatsAppBatch(replies, web.t.loket.messages.get("id")!));
      await keep({ conversationId: conv }, [{ type: "text", text: "Permohonan Bapak/Ibu sudah diverifikasi" }]);
      // Both start at once, each rereading the stored queue every 50 ms while it runs WhatsApp.
      const [a, b] = await Promise.all([startOn(one.t, { outboxRescanMs: 50 }), startOn(two.t, { outboxRescanMs: 50 })]);
      const all = () => [...a.sentTexts(), ...b.sentTexts()];
      await expect.poll(all).toEqual(["Permohonan Bapak/Ibu sudah diverifikasi"]);
      const [holder, standby] = a.service.status().state === "standby" ? [b, a] : [a, b];
      expect(standby.service.status().state).toBe("standby");
      expect(standby.clients).toHaveLength(0);
      await sleep(500); // ten rescans
      expect(all()).toHaveLength(1);
      expect(await web.t.loket.store.list("whatsapp_outbox")).toEqual([]);

      // The holder hands over; the new one finds nothing left to send.
      await holder.service.stop();
      await expect.poll(() => standby.service.status().state).toBe("ready");
      await standby.service.channel()!.idle();
      await sleep(300);
      expect(all()).toHaveLength(1);
      await standby.service.stop();
    } finally {
      for (const m of made) await m.t.close();
    }
  });

  it("Redis away for a moment changes nothing; away longer than the ttl allows, the holder stops WhatsApp before its key can expire, and takes it again when Redis is back", async () => {
    // A Redis of its own, to stop and start (without persistence: it comes back empty).
    const server = await startRedisProcess();
    const logs: string[] = [];
    const t = await createTestLoket({ channel: "whatsapp", store: "redis", env: { REDIS_URL: server.url, REDIS_KEY_PREFIX: uniquePrefix("wa-lease-away") }, logLines: logs });
    try {
      // ttl 3 s: WhatsApp stops 2.95 s after the last renewal that went through.
      const a = await startOn(t, { lease: { ttlMs: 3_000, renewMs: 100, retryMs: 100 } });
      await expect.poll(() => a.service.status().state).toBe("ready");
      await server.stop();
      await sleep(500); // several renewals fail
      await server.start();
      await sleep(1_500); // reconnected (ioredis retries within 1 s), renewed: the key was gone and is taken again
      expect(a.service.status().state).toBe("ready");
      expect(a.clients).toHaveLength(1);
      expect(a.clients[0]!.destroyCalls).toBe(0);
      expect(coded(logs, "WHATSAPP_LEASE_LOST")).toEqual([]);

      await server.stop();
      await expect.poll(() => a.service.status().state, { timeout: 5_000 }).toBe("standby");
      expect(a.clients[0]!.destroyCalls).toBeGreaterThan(0);
      expect(coded(logs, "WHATSAPP_LEASE_LOST")[0]!).toMatchObject({ reason: expect.stringMatching(/not renewed/) });
      await server.start();
      await expect.poll(() => a.service.status().state).toBe("ready");
      expect(a.clients).toHaveLength(2);
      await a.service.stop();
    } finally {
      await t.close();
      await server.stop();
    }
  });
  it("a release that failed (Redis not answering) leaves the key ours: the next acquire takes it back instead of waiting for it as another instance's", async () => {
    const { key, made } = await instances(1);
    const { t } = made[0]!;
    const redis = t.loket.redis!;
    try {
      const lease = createSessionLease(redis, key, { ttlMs: 10_000 });
      expect(await lease.acquire()).toMatchObject({ held: true });
      const ours = await redis.get(key);
      const evalSpy = vi.spyOn(redis, "eval").mockRejectedValueOnce(new Error("Connection is closed."));
      await expect(lease.release()).rejects.toThrow(/closed/);
      evalSpy.mockRestore();
      expect(await redis.get(key)).toBe(ours);
      expect(await lease.acquire()).toMatchObject({ held: true });
      expect(await lease.renew()).toBe("held");
      await lease.release();
      expect(await lease.acquire()).toMatchObject({ held: true });
    } finally {
      await t.close();
    }
  });

  it("a holder stopped for want of renewals, whose release failed too, takes its own surviving key back at once (no WHATSAPP_STANDBY naming itself)", async () => {
    const { key, made } = await instances(1);
    const { t, logs } = made[0]!;
    const redis = t.loket.redis!;
    try {
      // ttl 4 s, renewed every 2 s: WhatsApp stops 3 s after the last renewal, the key lives 1 s longer.
      const a = await startOn(t, { lease: { ttlMs: 4_000, renewMs: 2_000, retryMs: 100, settleMs: 100 } });
      await expect.poll(() => a.service.status().state).toBe("ready");
      // Redis answers nothing of the lease's (renewals, then the release after the stop fail).
      const evalSpy = vi.spyOn(redis, "eval").mockRejectedValue(new Error("Connection is closed."));
      await expect.poll(() => coded(logs, "WHATSAPP_LEASE_LOST").length, { timeout: 5_000, interval: 10 }).toBe(1);
      // The release (the script writing the "released" marker) was tried after WhatsApp stopped.
      await expect.poll(() => evalSpy.mock.calls.some((c) => c.some((a) => String(a).startsWith("released:"))), { interval: 10 }).toBe(true);
      evalSpy.mockRestore();
      expect(JSON.parse((await redis.get(key))!)).toMatchObject({ pid: process.pid });
      // Back at the next retry, well before the key expires; never a standby waiting for itself.
      await expect.poll(() => a.service.status().state, { timeout: 800 }).toBe("ready");
      expect(a.clients).toHaveLength(2);
      expect(coded(logs, "WHATSAPP_STANDBY")).toEqual([]);
      expect(coded(logs, "WHATSAPP_LEASE_TAKEN")).toHaveLength(2);
      await a.service.stop();
    } finally {
      await t.close();
    }
  });
  it("the key vanishing under a live holder (Redis restarted without it, evicted): the standby that takes it waits until the holder has noticed and stopped, never running beside it; a stored text is sent once", async () => {
    const { key, made } = await instances(3);
    const [one, two, web] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
    const redis = web.t.loket.redis!;
    try {
      // The default proportions: renewed every ttl / 3, a standby retrying more often than that.
      const lease = { ttlMs: 9_000, renewMs: 3_000, retryMs: 200 };
      const a = await startOn(one.t, { lease, outboxRescanMs: 50 });
      await expect.poll(() => a.service.status().state, { timeout: 8_000 }).toBe("ready");
      const b = await startOn(two.t, { lease, outboxRescanMs: 50 });
      expect(b.service.status().state).toBe("standby");
      const running = (x: typeof a) => x.clients.filter((c) => c.initializeCalls > c.destroyCalls).length;
      let both = false;
      const watch = setInterval(() => {
        if ((a.service.channel() || running(a) > 0) && (b.service.channel() || running(b) > 0)) both = true;
      }, 5);
      try {
        // Right after a renewal (the key's ttl jumps back up), so the standby takes the key first.
        let last = await redis.pttl(key);
        for (;;) {
          await sleep(20);
          const ttl = await redis.pttl(key);
          if (ttl > last) break;
          last = ttl;
        }
        await redis.del(key);
        const keep = createWhatsAppKeeper(web.t.loket.store, (r) => whatsAppBatch(r, web.t.loket.messages.get("id")!));
        await keep({ conversationId: conv }, [{ type: "text", text: "Permohonan sudah diverifikasi" }]);
        // The holder's next renewal finds the standby's value: it stops; the standby starts 4.5 s after its take.
        await expect.poll(() => coded(one.logs, "WHATSAPP_LEASE_LOST").length, { timeout: 4_000 }).toBe(1);
        expect(b.clients).toHaveLength(0);
        await expect.poll(() => b.service.status().state, { timeout: 4_000 }).toBe("ready");
        await b.service.channel()!.idle();
        await sleep(300);
      } finally {
        clearInterval(watch);
      }
      expect(both).toBe(false);
      expect(a.service.status().state).toBe("standby");
      expect(a.clients[0]!.destroyCalls).toBeGreaterThan(0);
      expect([...a.sentTexts(), ...b.sentTexts()]).toEqual(["Permohonan sudah diverifikasi"]);
      await a.service.stop();
      await b.service.stop();
    } finally {
      for (const m of made) await m.t.close();
    }
  }, 30_000);

  it("an instance that took a free key starts nothing if, when it checks, the key is another's again (the holder took it back), and one stopped while waiting deletes the key instead of marking it released", async () => {
    const { key, made } = await instances(2);
    const [one, two] = made as [(typeof made)[0], (typeof made)[0]];
    const redis = one.t.loket.redis!;
    const holder = JSON.stringify({ id: "live-holder", host: "loket-1", pid: 4242, since: new Date().toISOString() });
    try {
      const lease = { ttlMs: 10_000, renewMs: 300, retryMs: 50, settleMs: 600 };
      await redis.set(key, holder, "PX", 10_000);
      const b = await startOn(one.t, { lease });
      expect(b.service.status().state).toBe("standby");
      // The key vanishes; the standby takes it and waits.
      await redis.del(key);
      await expect.poll(() => b.service.status().state).toBe("starting");
      expect(JSON.parse((await redis.get(key))!)).toMatchObject({ pid: process.pid });
      // The live holder's renewal would find the standby's value and stop; here the key vanishes again
      // and the holder's renewal takes it back first.
      await redis.set(key, holder, "PX", 10_000);
      await expect.poll(() => b.service.status().state, { timeout: 2_000 }).toBe("standby");
      await sleep(300);
      expect(b.clients).toHaveLength(0);
      expect(coded(one.logs, "WHATSAPP_LEASE_TAKEN")).toEqual([]);
      expect(await redis.get(key)).toBe(holder);
      await b.service.stop();

      // Stopped while waiting: the key goes (a holder may still run: no "released" marker for a standby to start on).
      const c = await startOn(two.t, { lease: { ...lease, settleMs: 60_000 } });
      await redis.del(key);
      await expect.poll(() => c.service.status().state).toBe("starting");
      await c.service.stop();
      expect(await redis.get(key)).toBeNull();
      expect(c.clients).toHaveLength(0);
    } finally {
      for (const m of made) await m.t.close();
    }
  });
});

describe("the lease runner on its own (a scripted lease)", () => {
  it("a holder that loses the session while its shutdown still sends what is queued stops sending at once, not after the drain", async () => {
    const { runUnderLease } = await import("../../src/channels/whatsapp/lease.js");
    const pino = (await import("pino")).default;
    let renewal: "held" | "lost" = "held";
    const lease = {
      acquire: async () => ({ held: true as const, confirm: false }),
      confirm: async () => "held" as const,
      renew: async () => renewal,
      release: async () => undefined,
    };
    let cut = false;
    let stoppedAt = 0;
    const runner = await runUnderLease({
      lease,
      logger: pino({ level: "silent" }),
      timings: { ttlMs: 3_000, renewMs: 50, retryMs: 50 },
      start: async () => ({
        // A drain that takes 5 s unless it is cut.
        stop: (reason) =>
          new Promise<void>((resolve) => {
            const done = () => {
              stoppedAt = performance.now();
              resolve();
            };
            if (reason !== "shutdown") return done();
            const timer = setTimeout(done, 5_000);
            const poll = setInterval(() => {
              if (cut) {
                clearTimeout(timer);
                clearInterval(poll);
                done();
              }
            }, 5);
          }),
        cut: () => {
          cut = true;
        },
      }),
    });
    expect(runner.state()).toBe("held");
    const started = performance.now();
    const stopping = runner.stop();
    await sleep(120);
    renewal = "lost"; // another instance took the key while this one drains
    await stopping;
    expect(cut).toBe(true);
    expect(stoppedAt - started).toBeLessThan(1_500);
    expect(runner.state()).toBe("stopped");
  });
});
