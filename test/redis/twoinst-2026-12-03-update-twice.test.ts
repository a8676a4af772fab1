import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startChannels } from "../../src/channels/start.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { startRedisProcess, type RedisProcess, uniquePrefix } from "../support/redis.js";

/**
 * Held-out acceptance (twoinst, 2026-12-03): two Loket instances on one Redis in webhook mode, a
 * load balancer handing one Telegram update to both at once (it retried, the first try was slow).
 * The citizen must get each answer once, in order, and nothing may be lost: an update whose first
 * instance failed to send is answered by the other within seconds; one answered (by this version or
 * the old one, which marks `telegram-answered:<id>`) is not answered again.
 */
const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
const SECRET = "twoinst-secret";
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.stop();
});

async function world() {
  const emu = await startBotApiEmulator();
  const prefix = uniquePrefix("twoinst");
  const config = loadConfig({
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: prefix,
    DATA_DIR: mkdtempSync(join(tmpdir(), "loket-twoinst-")),
    LOG_LEVEL: "silent",
    RATE_LIMIT_BURST: "1000",
    RATE_LIMIT_PER_SECOND: "1000",
    TELEGRAM_BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  const a = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  const b = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  await startChannels(a);
  await startChannels(b);
  await expect.poll(() => emu.calls.filter((c) => c.method === "setWebhook").length, { timeout: 10_000 }).toBe(2);
  const deliver = async (to: Loket, update: Record<string, unknown>) => {
    const res = await to.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, payload: JSON.stringify(update) });
    return res.statusCode;
  };
  const close = async () => {
    await a.close();
    await b.close();
    await emu.close();
  };
  return { emu, a, b, deliver, close, prefix };
}
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const texts = (emu: BotApiEmulator, chat: number) => emu.sentTo(chat).map((m) => m.text ?? "");

describe("twoinst: one Telegram update delivered to two instances on one Redis (webhook mode)", () => {
  it("delivered to both at the same moment: answered once", async () => {
    const w = await world();
    try {
      const chat = 91001;
      const update = w.emu.text(chat, "syarat pbg apa saja");
      expect(await Promise.all([w.deliver(w.a, update), w.deliver(w.b, update)])).toEqual([200, 200]);
      await w.emu.waitForSent(chat, 1, 10_000);
      await settle(4_000);
      const all = texts(w.emu, chat);
      expect(new Set(all).size).toBe(all.length);
    } finally {
      await w.close();
    }
  }, 30_000);

  it("five messages of one chat, each delivered to both: every answer once and in the order written", async () => {
    const w = await world();
    try {
      const chat = 91002;
      const asks = ["halo", "jam buka kantor", "biaya sip bidan brp", "berapa lama proses nib", "terima kasih"];
      const single = [] as number[];
      for (const ask of asks) {
        const update = w.emu.text(chat, ask);
        await Promise.all([w.deliver(w.a, update), w.deliver(w.b, update)]);
        single.push(w.emu.sentTo(chat).length);
      }
      await settle(3_000);
      const all = texts(w.emu, chat);
      expect(new Set(all).size).toBe(all.length);
      // Each message's answer came before the next message was taken (order kept).
      expect(single.every((n, i) => i === 0 || n > single[i - 1]!)).toBe(true);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("Telegram slow to take the answer (429, retry after 2 s): the second delivery still does not answer it again", async () => {
    const w = await world();
    try {
      const chat = 91003;
      const update = w.emu.text(chat, "biaya pbg berapa?");
      w.emu.failWith429("sendMessage", 1, 2);
      const first = w.deliver(w.a, update);
      await settle(300);
      const second = w.deliver(w.b, update);
      await Promise.all([first, second]);
      await w.emu.waitForSent(chat, 1, 15_000);
      await settle(5_000);
      const all = texts(w.emu, chat);
      expect(all.length).toBeGreaterThan(0);
      expect(new Set(all).size).toBe(all.length);
    } finally {
      await w.close();
    }
  }, 40_000);

  it("the first instance's send was refused (Telegram 400, not retried): the update sent again to the other is answered within seconds", async () => {
    const w = await world();
    try {
      const chat = 91004;
      const update = w.emu.text(chat, "syarat siup apa saja");
      w.emu.failWith("sendMessage", 1, 400, "Bad Request: message to be replied not found");
      await w.deliver(w.a, update);
      expect(w.emu.sentTo(chat)).toHaveLength(0);
      const t = Date.now();
      await w.deliver(w.b, update);
      await w.emu.waitForSent(chat, 1, 6_000);
      expect(Date.now() - t).toBeLessThan(6_000);
    } finally {
      await w.close();
    }
  }, 40_000);

  it("the first instance still retrying a send Telegram refuses for now (500) when the other gets the update: answered once when Telegram is back", async () => {
    const w = await world();
    try {
      const chat = 91006;
      const update = w.emu.text(chat, "pbg berlaku brp lama");
      // Refused twice: the first instance sends again after 3 s, then 6 s (auto-retry's backoff).
      w.emu.failWith("sendMessage", 2, 500, "Internal Server Error");
      const first = w.deliver(w.a, update);
      await settle(500);
      await Promise.all([first, w.deliver(w.b, update)]);
      await w.emu.waitForSent(chat, 1, 20_000);
      await settle(8_000);
      const all = texts(w.emu, chat);
      expect(new Set(all).size).toBe(all.length);
    } finally {
      await w.close();
    }
  }, 50_000);

  it("an update answered already (marked as the old version marks it) is not answered again by a new instance", async () => {
    const w = await world();
    try {
      const chat = 91005;
      const update = w.emu.text(chat, "jam buka kantor");
      await w.deliver(w.a, update);
      await w.emu.waitForSent(chat, 1, 10_000);
      const n = w.emu.sentTo(chat).length;
      const r = new Redis(redis.url);
      try {
        const keys = await r.keys(`${w.prefix}*telegram-answered:*`);
        expect(keys.length).toBeGreaterThan(0);
      } finally {
        r.disconnect();
      }
      await w.deliver(w.b, update);
      await w.deliver(w.a, update);
      await settle(2_500);
      expect(w.emu.sentTo(chat)).toHaveLength(n);
    } finally {
      await w.close();
    }
  }, 30_000);
});
