import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startChannels } from "../../src/channels/start.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { startRedisProcess, type RedisProcess, uniquePrefix } from "../support/redis.js";

/**
 * perf30 (issue #9), held-out: what a Telegram update costs Redis, one instance in webhook mode
 * on its own real redis-server, read with MONITOR (the commands a script runs show as `lua`).
 * An update after the first of its chat: its turn (begin, commit), its answer's mark and its
 * delivery's mark, and no read of the mark of the chat's delivery before it when that one was
 * sent by this instance. The marks keep their keys, values and lifetimes (older instances read
 * them). Written before the change and scored on the unchanged code.
 */
const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
const SECRET = "perf30-secret";
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.stop();
});

async function world() {
  const emu = await startBotApiEmulator();
  const prefix = uniquePrefix("perf30");
  const config = loadConfig({
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: prefix,
    DATA_DIR: mkdtempSync(join(tmpdir(), "loket-perf30-")),
    LOG_LEVEL: "silent",
    RATE_LIMIT_BURST: "1000",
    RATE_LIMIT_PER_SECOND: "1000",
    TELEGRAM_BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  const loket = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  await startChannels(loket);
  const deliver = async (update: Record<string, unknown>) => {
    const res = await loket.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, payload: JSON.stringify(update) });
    expect(res.statusCode).toBe(200);
  };
  const plain = new Redis(redis.url);
  const close = async () => {
    plain.disconnect();
    await loket.close();
    await emu.close();
  };
  return { emu, deliver, close, prefix, plain };
}
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("perf30: a Telegram update on Redis", () => {
  it("after the chat's first update: at most 17 commands inside scripts and 4 scripts an update, and no read of the delivery mark this instance wrote", async () => {
    const w = await world();
    const monitor = await new Redis(redis.url).monitor();
    try {
      const chat = 93001;
      await w.deliver(w.emu.text(chat, "halo"));
      await settle(200);
      const seen: { source: string; args: string[] }[] = [];
      monitor.on("monitor", (_time: string, args: string[], source: string) => {
        // The send's heartbeat (raised only while a send takes longer than 500 ms: a busy machine) is not counted.
        if (args.some((a) => a.startsWith(w.prefix)) && !args.some((a) => a.includes("telegram-sending:"))) seen.push({ source, args });
      });
      const asks = ["jam buka kantor", "biaya sip bidan brp", "berapa lama proses nib", "menu", "terima kasih", "syarat pbg apa saja"];
      for (const ask of asks) await w.deliver(w.emu.text(chat, ask));
      await settle(300);
      await w.emu.waitForSent(chat, 1 + asks.length, 5_000);
      const inScripts = seen.filter((c) => c.source.includes("lua"));
      const markReads = inScripts.filter((c) => c.args[0]!.toUpperCase() === "INCRBY" && c.args[1]!.includes("delivery-sent:") && c.args[2] === "0");
      expect(markReads).toEqual([]);
      expect(inScripts.length / asks.length).toBeLessThanOrEqual(17);
      // A script call of its own per script here (one at a time: no pass holds two): begin, commit, two marks.
      const calls = seen.filter((c) => !c.source.includes("lua") && /^eval/i.test(c.args[0]!));
      expect(calls.length / asks.length).toBeLessThanOrEqual(4);
    } finally {
      monitor.disconnect();
      await w.close();
    }
  }, 30_000);

  it("the answer's mark and the delivery's mark: same keys, values and lifetimes as before", async () => {
    const w = await world();
    try {
      const chat = 93002;
      const first = w.emu.text(chat, "halo");
      const second = w.emu.text(chat, "jam buka kantor");
      await w.deliver(first);
      await w.deliver(second);
      await settle(300);
      for (const u of [first, second]) {
        const key = `${w.prefix}seq:telegram-answered:${String(u.update_id)}`;
        expect(await w.plain.get(key)).toBe("1");
        const ttl = await w.plain.pttl(key);
        expect(ttl).toBeGreaterThan(24 * 3_600_000 - 60_000);
        expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
      }
      expect(await w.plain.get(`${w.prefix}seq:delivery-place:telegram:${chat}`)).toBe("2");
      for (const n of [1, 2]) {
        const key = `${w.prefix}seq:delivery-sent:telegram:${chat}:${n}`;
        expect(await w.plain.get(key)).toBe("1");
        const ttl = await w.plain.pttl(key);
        expect(ttl).toBeGreaterThan(120_000 - 60_000);
        expect(ttl).toBeLessThanOrEqual(120_000);
      }
    } finally {
      await w.close();
    }
  }, 30_000);
});
