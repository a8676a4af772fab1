import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { startLoketProcess, type LoketProcess } from "../support/process.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/**
 * Telegram sends an update it was not told was handled again for up to a day; Loket keeps a
 * turn's answer for a repeat only 10 minutes. A turn stored whose answer never went out (Loket
 * died first) and that comes again later (Loket was down longer) got silence: a duplicate for the
 * store, its kept answer gone. It gets its answer from the transcript now (or, the conversation
 * having moved on, a short notice that the message was received), and still never a second one.
 */
const root = mkdtempSync(join(tmpdir(), "loket-late-redelivery-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

interface Setup {
  env: Record<string, string>;
  /** Ages the answers kept for a repeat past their 10 minutes, as if Loket had been down longer (Loket stopped). */
  expireKeptReplies(chats: number[]): Promise<void>;
}
const stores: Record<"sqlite" | "redis", () => Setup> = {
  sqlite: () => {
    const env = { DATA_DIR: join(root, `d${++n}`), REDIS_URL: "" };
    return {
      env,
      async expireKeptReplies(chats) {
        const db = new Database(join(env.DATA_DIR, "loket.db"));
        try {
          for (const chat of chats) db.prepare("UPDATE conversations SET reply = json_set(reply, '$.at', 0) WHERE id = ?").run(`telegram:${chat}`);
        } finally {
          db.close();
        }
      },
    };
  },
  redis: () => {
    const env = { DATA_DIR: join(root, `d${++n}`), REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("late") };
    return {
      env,
      async expireKeptReplies(chats) {
        const redis = new Redis(env.REDIS_URL);
        try {
          for (const chat of chats) await redis.del(`${env.REDIS_KEY_PREFIX}{c:telegram:${chat}}:reply`);
        } finally {
          redis.disconnect();
        }
      },
    };
  },
};

describe.each(Object.keys(stores) as (keyof typeof stores)[])("a Telegram update redelivered after its kept answer expired (webhook mode, %s)", (store) => {
  it("a turn stored but never answered gets its answer, or a notice if the conversation went on; an answered one nothing more", async () => {
    const emu: BotApiEmulator = await startBotApiEmulator();
    const setup = stores[store]();
    const secret = "late-redelivery-secret";
    const env = { ...setup.env, TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/hook", TELEGRAM_WEBHOOK_SECRET: secret };
    const start = async () => {
      const l = await startLoketProcess(env);
      await expect.poll(async () => (await (await fetch(`${l.base}/healthz`)).json()) as unknown, { timeout: 15_000 }).toMatchObject({ parts: { telegram: { ok: true } } });
      return l;
    };
    let loket: LoketProcess = await start();
    const deliver = (update: Record<string, unknown>) =>
      fetch(`${loket.base}/telegram/hook`, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret }, body: JSON.stringify(update) });
    const settle = (ms = 1_000) => new Promise((r) => setTimeout(r, ms));
    const waiting = 7301; // the conversation stops at this message
    const goingOn = 7302; // the citizen writes again before the message comes back
    const sendsTo = (chat: number) => emu.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === chat);
    try {
      // Telegram refuses sends for a while: both turns are stored, their answers being retried...
      emu.failWith("sendMessage", 1_000, 500, "Internal Server Error: retry later");
      const asked = emu.text(waiting, "biaya pbg berapa?");
      const earlier = emu.text(goingOn, "syarat siup apa saja");
      const pendingA = deliver(asked).catch(() => undefined);
      const pendingB = deliver(earlier).catch(() => undefined);
      await expect.poll(() => sendsTo(waiting).length > 0 && sendsTo(goingOn).length > 0, { timeout: 15_000 }).toBe(true);
      // ...when Loket dies. Telegram never got a 200 for either.
      await loket.kill("SIGKILL");
      await Promise.all([pendingA, pendingB]);
      emu.failWith("sendMessage", 0, 500, "");
      expect(emu.sent).toHaveLength(0);
      loket = await start();
      // One citizen writes again (Telegram holds the old update back while it retries, or the citizen is quicker).
      expect((await deliver(emu.text(goingOn, "biaya pbg berapa?"))).status).toBe(200);
      await emu.waitForSent(goingOn, 1, 15_000);
      const goingOnAnswered = emu.sentTo(goingOn).length;
      // Loket was down longer than the 10 minutes an answer is kept for a repeat.
      await loket.kill("SIGTERM");
      await setup.expireKeptReplies([waiting, goingOn]);
      loket = await start();
      expect((await deliver(asked)).status).toBe(200);
      expect((await deliver(earlier)).status).toBe(200);
      // The turn's own answer, from the transcript.
      const [answer] = await emu.waitForSent(waiting, 1, 15_000);
      expect(answer!.text).toMatch(/Persetujuan Bangunan Gedung|PBG/);
      // The conversation went on since: the citizen is told the message was received.
      const notices = await emu.waitForSent(goingOn, goingOnAnswered + 1, 15_000);
      expect(notices.at(-1)!.text).toMatch(/Pesan Bapak\/Ibu sudah kami terima/);
      // Sent again (the 200 lost on its way), also to a restarted Loket: answered already.
      expect((await deliver(asked)).status).toBe(200);
      expect((await deliver(earlier)).status).toBe(200);
      await settle();
      await loket.kill("SIGTERM");
      await setup.expireKeptReplies([waiting, goingOn]);
      loket = await start();
      expect((await deliver(asked)).status).toBe(200);
      expect((await deliver(earlier)).status).toBe(200);
      await settle();
      expect(emu.sentTo(waiting)).toHaveLength(1);
      expect(emu.sentTo(goingOn)).toHaveLength(goingOnAnswered + 1);
      // Nothing the citizens wrote reaches the log.
      expect(loket.output()).not.toMatch(/biaya pbg|syarat siup/i);
    } finally {
      await loket.kill("SIGKILL");
      await emu.close();
    }
  }, 120_000);
});
