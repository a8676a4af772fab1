import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, expect } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startChannels } from "../../src/channels/start.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { StoreError } from "../../src/errors.js";
import { redisStoreOptions } from "../../src/store/configured.js";
import type { Store } from "../../src/store/port.js";
import { createRedisStore, redisOptions } from "../../src/store/redis.js";
import { startBotApiEmulator } from "./botapi-emulator.js";
import { startRedisProcess, type RedisProcess, uniquePrefix } from "./redis.js";

/**
 * Two real Loket instances on one redis-server and the Bot API emulator, with a staff group whose
 * topics the tests read (topic3's held-out and probe files, 2026-12-03).
 */
export const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
export const GROUP = -1001230000333;
export const budi = { username: "budi", role: "staff" as const };

/** A store whose next commit fails before it reaches Redis (as when Redis refuses it), when `failNext` is set. */
export function failingStore(inner: Store): Store & { failNext: boolean } {
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

export async function world(redisUrl: string, opts: { failing?: boolean; open?: boolean } = {}) {
  const emu = await startBotApiEmulator();
  const config = loadConfig({
    REDIS_URL: redisUrl,
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
export type World = Awaited<ReturnType<typeof world>>;

/** A citizen with a case whose topic is made and whose opening is posted (the group quiet for 1.5 s). */
export async function openCase(w: World, first = "saya mau tanya izin reklame") {
  const citizen = { channel: "web" as const, conversationId: `web:${crypto.randomUUID()}` };
  await w.a.runtime.handle({ ...citizen, text: first });
  await w.b.runtime.handle({ ...citizen, text: "petugas" });
  await expect.poll(async () => (await w.a.store.list<HandoffCase>("cases")).find((c) => c.conversationId === citizen.conversationId)?.staffThreadId ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
  const c = (await w.a.store.list<HandoffCase>("cases")).find((x) => x.conversationId === citizen.conversationId)!;
  const topic = () => w.emu.sentTo(GROUP).filter((m) => m.message_thread_id === c.staffThreadId).map((m) => m.text ?? "");
  await settle(w);
  return { citizen, c, topic };
}
export async function settle(w: World, quietMs = 1_500) {
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
export async function shownAfter(topic: () => string[], re: RegExp, timeout = 20_000): Promise<number> {
  const t0 = Date.now();
  await expect.poll(() => topic().some((t) => re.test(t)), { timeout, interval: 50 }).toBe(true);
  return Date.now() - t0;
}

/** A redis-server for the calling test file (started before its tests, stopped after) and `world()` on it. */
export function worldsOnRedis(): (opts?: { failing?: boolean; open?: boolean }) => ReturnType<typeof world> {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  return (opts = {}) => world(redis.url, opts);
}
