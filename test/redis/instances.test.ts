import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startRedisProcess, type RedisProcess, uniquePrefix } from "../support/redis.js";
import { startChannels } from "../../src/channels/start.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket } from "../support/loket.js";
import { sweepRetention } from "../../src/runtime/retention.js";
import { redisOptions } from "../../src/store/redis.js";

const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });

/** Two Loket instances on one Redis (same prefix, same DATA_DIR), as behind a load balancer. */
async function twoInstances(url: string, env: Record<string, string> = {}): Promise<[Loket, Loket]> {
  const dataDir = mkdtempSync(join(tmpdir(), "loket-review-"));
  const config = loadConfig({
    REDIS_URL: url,
    REDIS_KEY_PREFIX: uniquePrefix("review"),
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    RATE_LIMIT_BURST: "1000",
    RATE_LIMIT_PER_SECOND: "1000",
    ...env,
  });
  const a = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  const b = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  return [a, b];
}

/** A server-sent event stream read as text as it arrives. */
async function openStream(url: string) {
  const res = await fetch(url);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let ended = false;
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    ended = true;
  })();
  return {
    status: res.status,
    text: () => text,
    ended: () => ended,
    close: () => reader.cancel().catch(() => undefined),
  };
}

describe("review: several instances on one Redis", () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    // A server of its own: the test drops subscriber connections, which must not touch other test files.
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("a staff reply sent from instance B while instance A's Redis subscriber reconnects reaches the citizen's page on A (or A ends the stream so the page reloads its history)", async () => {
    const [a, b] = await twoInstances(redis.url);
    await a.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = a.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    const admin = new Redis(redis.url);
    let stream: Awaited<ReturnType<typeof openStream>> | undefined;
    try {
      const created = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
      const conversationId = `web:${created.conversationId}`;
      stream = await openStream(`${base}/api/conversations/${created.conversationId}/events?token=${encodeURIComponent(created.token)}`);
      expect(stream.status).toBe(200);
      // Baseline: a push made on B reaches the page connected to A.
      await expect
        .poll(async () => {
          if (!stream!.text().includes("Balasan pertama")) await b.runtime.push(conversationId, [{ type: "text", text: "Balasan pertama" }], "staff");
          return stream!.text().includes("Balasan pertama");
        }, { timeout: 5000, interval: 300 })
        .toBe(true);

      // A's subscriber connection drops (Redis closes it: pubsub output buffer limit, a network
      // blip, a failover). ioredis reconnects it ~150 ms later; meanwhile a staff member on B replies.
      await admin.client("KILL", "TYPE", "pubsub");
      await b.runtime.push(conversationId, [{ type: "text", text: "Balasan kedua dari petugas" }], "staff");
      // The reply is committed to the transcript (the page would show it after a reload)...
      expect((await b.store.transcript(conversationId)).some((l) => l.text === "Balasan kedua dari petugas")).toBe(true);
      // Once A's subscriber is back, the reply made meanwhile has reached the page, or A has ended
      // the stream, so the page reconnects and reloads its history (which holds the reply).
      await expect.poll(() => stream!.text().includes("Balasan kedua dari petugas") || stream!.ended(), { timeout: 8000 }).toBe(true);
      // A stream opened again gets what comes next.
      const again = await openStream(`${base}/api/conversations/${created.conversationId}/events?token=${encodeURIComponent(created.token)}`);
      try {
        await expect
          .poll(async () => {
            if (!again.text().includes("Balasan ketiga")) await b.runtime.push(conversationId, [{ type: "text", text: "Balasan ketiga" }], "staff");
            return again.text().includes("Balasan ketiga");
          }, { timeout: 5000, interval: 300 })
          .toBe(true);
      } finally {
        await again.close();
      }
    } finally {
      await stream?.close();
      admin.disconnect();
      await a.close();
      await b.close();
    }
  }, 30_000);

  it("with the Telegram staff group configured on both instances (webhook mode), a citizen's message in a case is posted once in the case's topic, not once per instance", async () => {
    const emu = await startBotApiEmulator();
    const GROUP = -1001234567890;
    const [a, b] = await twoInstances(redis.url, {
      TELEGRAM_BOT_TOKEN: emu.token,
      TELEGRAM_API_ROOT: emu.apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook",
      TELEGRAM_STAFF_CHAT_ID: String(GROUP),
    });
    try {
      // Exactly what main.ts does on each instance.
      await startChannels(a);
      await startChannels(b);
      await expect.poll(() => emu.calls.filter((c) => c.method === "setWebhook").length, { timeout: 10_000 }).toBe(2);
      const citizen = { channel: "web" as const, conversationId: `web:${crypto.randomUUID()}` };
      await a.runtime.handle({ ...citizen, text: "saya mau ajukan izin reklame" });
      await b.runtime.handle({ ...citizen, text: "petugas" });
      // One topic for the case (the store counter's claim works).
      await expect.poll(async () => (await a.store.list<HandoffCase>("cases"))[0]?.staffThreadId ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      const thread = (await a.store.list<HandoffCase>("cases"))[0]!.staffThreadId!;
      expect(emu.calls.filter((c) => c.method === "createForumTopic")).toHaveLength(1);
      // The topic's opening (summary, what the citizen said before asking) is all posted (paced at 1 a second).
      await expect.poll(() => emu.sentTo(GROUP).some((m) => /Warga: petugas/.test(m.text ?? "")), { timeout: 10_000 }).toBe(true);
      // The citizen writes while waiting (through instance A this time).
      await a.runtime.handle({ ...citizen, text: "pak saya tunggu ya" });
      await expect.poll(() => emu.sentTo(GROUP).filter((m) => /saya tunggu/.test(m.text ?? "")).length, { timeout: 5000 }).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 4000));
      const copies = emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread && /saya tunggu/.test(m.text ?? "")).length;
      expect(copies).toBe(1);
    } finally {
      await a.close();
      await b.close();
      await emu.close();
    }
  }, 45_000);
});

describe("review: Telegram on one instance (docs/telegram.md: polling, token on one instance)", () => {
  it("a staff reply made on another instance while the Telegram instance restarts reaches the Telegram citizen once it is back (as WhatsApp's outbound queue does), not never", async () => {
    const emu = await startBotApiEmulator();
    const dataDir = mkdtempSync(join(tmpdir(), "loket-review-tg-"));
    const base = { REDIS_URL: process.env.REDIS_TEST_URL!, REDIS_KEY_PREFIX: uniquePrefix("review-tg"), DATA_DIR: dataDir, LOG_LEVEL: "silent", RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" };
    const withTelegram = loadConfig({ ...base, TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot });
    const startTelegramInstance = async () => {
      const l = await buildLoket(withTelegram, { logger: quiet, sweepEveryMs: false });
      await startChannels(l);
      return l;
    };
    // W: the staff console's instance, without the token (only one instance may poll the bot).
    const w = await buildLoket(loadConfig(base), { logger: quiet, sweepEveryMs: false });
    let tg = await startTelegramInstance();
    try {
      const citizen = 4242;
      emu.text(citizen, "petugas");
      await emu.waitForSent(citizen, 1);
      await expect.poll(async () => (await w.store.list<HandoffCase>("cases")).length, { timeout: 10_000 }).toBe(1);
      const caseId = (await w.store.list<HandoffCase>("cases"))[0]!.id;
      // Baseline: with the Telegram instance up, a reply made on W reaches the citizen over the bus.
      expect((await w.staff.reply(caseId, { username: "andi", role: "staff" }, "Baik, kami cek dulu.")).ok).toBe(true);
      await expect.poll(() => emu.sentTo(citizen).some((m) => /kami cek dulu/.test(m.text ?? "")), { timeout: 10_000 }).toBe(true);
      const before = emu.sentTo(citizen).length;

      // A deploy restarts the Telegram instance; meanwhile a staff member answers from the console (on W).
      await tg.close();
      const r = await w.staff.reply(caseId, { username: "andi", role: "staff" }, "Berkas Bapak sudah kami terima, besok bisa diambil.");
      expect(r.ok).toBe(true);
      // The console shows it sent; the transcript has it.
      expect((await w.store.transcript(`telegram:${citizen}`)).some((l) => /besok bisa diambil/.test(l.text))).toBe(true);
      tg = await startTelegramInstance();

      // The citizen never gets it: it went over pub/sub only, with nobody listening.
      await new Promise((r2) => setTimeout(r2, 5000));
      const got = emu.sentTo(citizen).slice(before).some((m) => /besok bisa diambil/.test(m.text ?? ""));
      expect({ replyReachedCitizen: got }).toEqual({ replyReachedCitizen: true });
      // Each once: the one heard over the bus is not sent again by the restarted instance's catch-up.
      expect(emu.sentTo(citizen).filter((m) => /kami cek dulu/.test(m.text ?? ""))).toHaveLength(1);
      expect(emu.sentTo(citizen).filter((m) => /besok bisa diambil/.test(m.text ?? ""))).toHaveLength(1);
    } finally {
      await tg.close();
      await w.close();
      await emu.close();
    }
  }, 45_000);
});

describe("review: Redis keys that never expire", () => {
  it("conversations opened on the web API and never used (POST /api/conversations needs no token) are erased by retention like any other: rec:web_tokens does not grow forever", async () => {
    const t = await createTestLoket({ store: "redis" });
    const redis = new Redis(t.config.REDIS_URL!, redisOptions());
    try {
      const prefix = t.config.REDIS_KEY_PREFIX;
      // One conversation that was used, and 20 opened by a script (or a page that never sent anything).
      const used = (await t.loket.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      const r = await t.loket.app.inject({ method: "POST", url: `/api/conversations/${used.conversationId}/messages`, headers: { authorization: `Bearer ${used.token}` }, payload: { text: "halo" } });
      expect(r.statusCode).toBe(200);
      for (let i = 0; i < 20; i++) expect((await t.loket.app.inject({ method: "POST", url: "/api/conversations" })).statusCode).toBe(201);
      expect(await redis.hlen(`${prefix}rec:web_tokens`)).toBe(21);
      // Long after RETENTION_DAYS, the daily sweep runs.
      const later = new Date(Date.now() + (t.config.RETENTION_DAYS + 30) * 86_400_000);
      const swept = await sweepRetention({ store: t.loket.store, files: t.loket.files, logger: t.loket.logger, retentionDays: t.config.RETENTION_DAYS, now: () => later });
      // The used conversation is erased with its token...
      expect(swept.conversations).toBe(1);
      expect(await t.loket.store.get("web_tokens", `web:${used.conversationId}`)).toBeNull();
      // ...the never-used ones stay forever (nothing else removes them, and they carry no TTL).
      expect(await redis.hlen(`${prefix}rec:web_tokens`)).toBe(0);
    } finally {
      redis.disconnect();
      await t.close();
    }
  });

  it("the per-number, per-hour counters of wrong status checks expire (a new Redis key per application and hour otherwise stays forever)", async () => {
    const t = await createTestLoket({ store: "redis" });
    const redis = new Redis(t.config.REDIS_URL!, redisOptions());
    try {
      const prefix = t.config.REDIS_KEY_PREFIX;
      const at = new Date().toISOString();
      await t.loket.store.put("applications", "RBG-2026-000777", {
        number: "RBG-2026-000777", permit: "reklame", conversationId: "web:other", channel: "web", fields: {}, documents: {},
        phoneLast4: "1234", status: "received", history: [{ status: "received", at, by: "loket" }], submittedAt: at, updatedAt: at,
      });
      await t.say("cek status");
      await t.say("RBG-2026-000777");
      await t.say("9999"); // a wrong last four digits
      const keys = await redis.keys(`${prefix}seq:status-wrong:*`);
      expect(keys).toHaveLength(1);
      // TTL -1: the key never expires.
      expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
      await t.close();
    }
  });
});
