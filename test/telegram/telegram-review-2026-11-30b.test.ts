import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegram } from "../../src/channels/telegram/index.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket } from "../support/loket.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";

async function world(mode: "polling" | "webhook") {
  const emu = await startBotApiEmulator();
  const t = await createTestLoket({ env: { UPLOAD_MAX_BYTES: "65536" } });
  const bot = createTelegramBot(emu.token, emu.apiRoot);
  const config = {
    TELEGRAM_API_ROOT: emu.apiRoot,
    UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES,
    ...(mode === "webhook" ? { TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook", TELEGRAM_WEBHOOK_SECRET: "s3cret" } : {}),
  };
  const started = await startTelegram(config as never, { bot, runtime: t.loket.runtime, logger: t.loket.logger, messages: t.loket.messages.get("id")!, languages: t.loket.messages, app: t.loket.app, flood: UNLIMITED });
  return {
    emu,
    t,
    started,
    async close() {
      await started.stop();
      await t.close();
      await emu.close();
    },
  };
}
const plain = (m: { text?: string } | undefined) => (m?.text ?? "").replace(/<[^>]+>/g, "");

describe("Telegram review 2026-11-30b: webhook redelivery", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world("webhook");
  });
  afterAll(async () => w?.close());
  const post = (update: unknown) =>
    w.t.loket.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "s3cret" }, payload: JSON.stringify(update) });

  it("an edited message Telegram delivers twice gets one notice, not two (docs/telegram.md: a redelivered update is processed once)", async () => {
    const chat = { id: 4001, type: "private", first_name: "E" };
    const update = w.emu.pushUpdate({ edited_message: { message_id: 7, date: 1, edit_date: 2, chat, from: { id: 4001, is_bot: false, first_name: "E" }, text: "nama saya Budi" } });
    expect((await post(update)).statusCode).toBe(200);
    await w.emu.waitForSent(4001, 1);
    expect((await post(update)).statusCode).toBe(200); // Telegram retries the webhook
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(4001).map(plain)).toEqual([expect.stringMatching(/pesan yang diubah tidak dapat kami proses/)]);
  });
});
