import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { startLoketProcess, type LoketProcess } from "../support/process.js";

/**
 * Telegram in webhook mode sends an update again until Loket answers its webhook request with
 * 200, which grammY does once the update's replies are sent. Loket dying between storing a turn
 * and sending its replies (SIGKILL, OOM, a power cut) is what such a redelivery means: the turn
 * is a duplicate for the store, and its answer was never sent. (An update redelivered after its
 * answer was sent gets nothing more: the answer sent is marked in the store; only Loket dying in
 * the instant between sending and marking answers it twice, no worse than never.)
 */
const root = mkdtempSync(join(tmpdir(), "loket-res-tg-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a Telegram update redelivered after Loket died before sending its answer (webhook mode)", () => {
  it("gets the answer the stored turn gave instead of silence", async () => {
    const emu = await startBotApiEmulator();
    const secret = "resilience-secret";
    const env = { DATA_DIR: join(root, "data"), REDIS_URL: "", TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/hook", TELEGRAM_WEBHOOK_SECRET: secret };
    let loket: LoketProcess = await startLoketProcess(env);
    const ready = () => expect.poll(async () => (await (await fetch(`${loket.base}/healthz`)).json()) as unknown, { timeout: 15_000 }).toMatchObject({ parts: { telegram: { ok: true } } });
    const deliver = (update: Record<string, unknown>) =>
      fetch(`${loket.base}/telegram/hook`, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret }, body: JSON.stringify(update) });
    const chat = 5252;
    const sendsTo = () => emu.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === chat);
    try {
      await ready();
      // Telegram's servers refuse sends for a while: the turn is stored, its answer is being retried...
      emu.failWith("sendMessage", 1_000, 500, "Internal Server Error: retry later");
      const update = emu.text(chat, "biaya pbg berapa?");
      const first = deliver(update).catch(() => undefined);
      await expect.poll(() => sendsTo().length, { timeout: 15_000 }).toBeGreaterThan(0);
      // ...when Loket dies. Telegram never got a 200 for the update.
      await loket.kill("SIGKILL");
      await first;
      emu.failWith("sendMessage", 0, 500, "");
      expect(emu.sentTo(chat)).toHaveLength(0);
      loket = await startLoketProcess(env);
      await ready();
      expect((await deliver(update)).status).toBe(200);
      const [answer] = await emu.waitForSent(chat, 1, 15_000);
      expect(answer!.text).toMatch(/Persetujuan Bangunan Gedung|PBG/);
      // Telegram sends it once more (the 200 lost on its way): this process answered it already.
      const sent = emu.sentTo(chat).length;
      expect((await deliver(update)).status).toBe(200);
      expect(emu.sentTo(chat)).toHaveLength(sent);
    } finally {
      await loket.kill("SIGKILL");
      await emu.close();
    }
  }, 90_000);
});
