import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startChannels } from "../../src/channels/start.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { StoreError } from "../../src/errors.js";
import { STAFF_TOPIC, staffCaseSeq } from "../../src/runtime/port.js";
import { redisStoreOptions } from "../../src/store/configured.js";
import type { Store } from "../../src/store/port.js";
import { createRedisStore, redisOptions } from "../../src/store/redis.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { startRedisProcess, type RedisProcess, uniquePrefix } from "../support/redis.js";

/**
 * Probe (topic3, 2026-12-03), written after the change, not run before it. Setup as the held-out
 * topic3-2026-12-03 (copied): Held-out acceptance (topic3, 2026-12-03), written before the change: two real Loket instances on
 * one redis-server and the Bot API emulator. What staff read in a case's topic, and what it costs a
 * citizen's message: the case's place number goes with the turn's commit (no round trip of its
 * own); a failed commit, or an older instance posting an event (rolling upgrade), holds no topic;
 * topics are made and closed at the group's shared pace; an erased conversation's topic goes after
 * what was still to be posted in it.
 */
const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
const GROUP = -1001230000333;
const budi = { username: "budi", role: "staff" as const };
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.stop();
});

/** A store whose next commit fails before it reaches Redis (as when Redis refuses it), when `failNext` is set. */
function failingStore(inner: Store): Store & { failNext: boolean } {
  const s: Store & { failNext: boolean } = { ...inner, failNext: false };
  s.begin = async (id, o) => {
    const turn = await inner.begin(id, o);
    return {
      get duplicate() {
        return turn.duplicate;
      },
      get state() {
        return turn.state;
      },
      lastReply: () => turn.lastReply(),
      release: () => turn.release(),
      commit: async (batch) => {
        if (s.failNext) {
          s.failNext = false;
          await turn.release();
          throw new StoreError("STORE_UNAVAILABLE", "redis is unavailable", { conversationId: id });
        }
        return turn.commit(batch);
      },
    };
  };
  return s;
}

async function world(opts: { failing?: boolean; open?: boolean } = {}) {
  const emu = await startBotApiEmulator();
  const config = loadConfig({
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: uniquePrefix("topic3"),
    DATA_DIR: mkdtempSync(join(tmpdir(), "loket-topic3-")),
    LOG_LEVEL: "silent",
    RATE_LIMIT_BURST: "1000",
    RATE_LIMIT_PER_SECOND: "1000",
    TELEGRAM_BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook",
    TELEGRAM_STAFF_CHAT_ID: String(GROUP),
  });
  const own = opts.failing ? new Redis(config.REDIS_URL!, redisOptions()) : undefined;
  const failing = own ? failingStore(createRedisStore(own, redisStoreOptions(config))) : undefined;
  const a = await buildLoket(config, { logger: quiet, sweepEveryMs: false, ...(failing ? { store: failing } : {}) });
  const b = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  await startChannels(a);
  await startChannels(b);
  await expect.poll(() => emu.calls.filter((c) => c.method === "setWebhook").length, { timeout: 10_000 }).toBe(2);
  const close = async () => {
    await a.close();
    await b.close();
    own?.disconnect();
    await emu.close();
  };
  return { emu, a, b, failing, close, config };
}
type World = Awaited<ReturnType<typeof world>>;

/** A citizen with a case whose topic is made and whose opening is posted (the group quiet for 1.5 s). */
async function openCase(w: World, first = "saya mau tanya izin reklame") {
  const citizen = { channel: "web" as const, conversationId: `web:${crypto.randomUUID()}` };
  await w.a.runtime.handle({ ...citizen, text: first });
  await w.b.runtime.handle({ ...citizen, text: "petugas" });
  await expect.poll(async () => (await w.a.store.list<HandoffCase>("cases")).find((c) => c.conversationId === citizen.conversationId)?.staffThreadId ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
  const c = (await w.a.store.list<HandoffCase>("cases")).find((x) => x.conversationId === citizen.conversationId)!;
  const topic = () => w.emu.sentTo(GROUP).filter((m) => m.message_thread_id === c.staffThreadId).map((m) => m.text ?? "");
  await settle(w);
  return { citizen, c, topic };
}
async function settle(w: World, quietMs = 1_500) {
  let n = -1;
  let since = Date.now();
  for (;;) {
    const now = w.emu.calls.length;
    if (now !== n) {
      n = now;
      since = Date.now();
    } else if (Date.now() - since > quietMs) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
/** Milliseconds until `re` shows in the topic. */
async function shownAfter(topic: () => string[], re: RegExp, timeout = 20_000): Promise<number> {
  const t0 = Date.now();
  await expect.poll(() => topic().some((t) => re.test(t)), { timeout, interval: 50 }).toBe(true);
  return Date.now() - t0;
}

describe("topic3 probe", () => {
  it("P1. a take, a reply and a give-back from two instances in a burst: in order, each once, no hold", async () => {
    const w = await world();
    try {
      const { c, topic } = await openCase(w);
      const t0 = Date.now();
      expect((await w.b.staff.take(c.id, budi)).ok).toBe(true);
      expect((await w.a.staff.reply(c.id, budi, "izin reklame lewat OSS")).ok).toBe(true);
      expect((await w.b.staff.giveBack(c.id, budi)).ok).toBe(true);
      await shownAfter(topic, /Dikembalikan ke bot oleh budi/);
      expect(Date.now() - t0).toBeLessThan(8_000);
      await settle(w, 1_000);
      const lines = topic();
      const at = [/Diambil oleh budi/, /lewat OSS/, /Dikembalikan ke bot oleh budi/].map((re) => {
        expect(lines.filter((t) => re.test(t)), String(re)).toHaveLength(1);
        return lines.findIndex((t) => re.test(t));
      });
      expect(at).toEqual([...at].sort((x, y) => x - y));
    } finally {
      await w.close();
    }
  }, 60_000);

  it("P2. two failed commits in a row on A, then messages on B and A: each shown once, in order, quickly", async () => {
    const w = await world({ failing: true });
    try {
      const { citizen, topic } = await openCase(w);
      for (const text of ["gagal satu", "gagal dua"]) {
        w.failing!.failNext = true;
        await w.a.runtime.handle({ ...citizen, text });
      }
      await w.b.runtime.handle({ ...citizen, text: "coba lagi dari B" });
      expect(await shownAfter(topic, /coba lagi dari B/)).toBeLessThan(4_000);
      await w.a.runtime.handle({ ...citizen, text: "dan dari A" });
      expect(await shownAfter(topic, /dan dari A/)).toBeLessThan(4_000);
      const lines = topic();
      expect(lines.some((t) => /gagal (satu|dua)/.test(t))).toBe(false);
      expect(lines.findIndex((t) => /coba lagi dari B/.test(t))).toBeLessThan(lines.findIndex((t) => /dan dari A/.test(t)));
    } finally {
      await w.close();
    }
  }, 60_000);

  it("P3. the Redis commands of a staff reply from the console: its place is in the commit too", async () => {
    const w = await world();
    try {
      const { c, topic } = await openCase(w);
      expect((await w.a.staff.take(c.id, budi)).ok).toBe(true);
      await settle(w);
      const sent: string[][] = [];
      const client = w.a.redis!;
      const original = client.sendCommand.bind(client);
      client.sendCommand = ((cmd: { name: string; args: unknown[] }) => {
        sent.push([cmd.name, ...cmd.args.map((x) => (Buffer.isBuffer(x) ? x.toString() : String(x)))]);
        return original(cmd as never);
      }) as typeof client.sendCommand;
      expect((await w.a.staff.reply(c.id, budi, "silakan datang ke loket 3")).ok).toBe(true);
      client.sendCommand = original;
      await shownAfter(topic, /loket 3/);
      expect(sent.filter((cmd) => cmd.some((x) => x.includes(staffCaseSeq(c.id))) && !cmd.some((x) => x.endsWith(":lock")))).toEqual([]);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("P4. an erased conversation whose case was closed long before: its topic is deleted at once", async () => {
    const w = await world();
    try {
      const { citizen, c } = await openCase(w);
      expect((await w.a.staff.close(c.id, budi, { survey: false })).ok).toBe(true);
      await settle(w);
      const t0 = Date.now();
      await w.b.runtime.handle({ ...citizen, text: "hapus data saya" });
      await w.b.runtime.handle({ ...citizen, choice: "delete_data.explain:yes" });
      await expect.poll(() => w.emu.calls.some((x) => x.method === "deleteForumTopic" && Number(x.payload.message_thread_id) === c.staffThreadId), { timeout: 10_000, interval: 50 }).toBe(true);
      expect(Date.now() - t0).toBeLessThan(4_000);
    } finally {
      await w.close();
    }
  }, 60_000);
});
