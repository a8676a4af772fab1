import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegram, UNLIMITED } from "../../src/channels/telegram/index.js";
import { startBotApiEmulator, type SentMessage } from "../support/botapi-emulator.js";
import { answerFor, SAMPLE } from "../support/citizen.js";
import { createTestLoket, sendVia } from "../support/loket.js";

/** Loket's Telegram channel against the Bot API emulator on loopback, long polling, no pacing. */
async function world() {
  const emu = await startBotApiEmulator();
  const logLines: string[] = [];
  const t = await createTestLoket({ channel: "telegram", logLines });
  const bot = createTelegramBot(emu.token, emu.apiRoot);
  const started = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, {
    bot,
    runtime: t.loket.runtime,
    logger: t.loket.logger,
    messages: t.loket.messages.get("id")!,
    languages: t.loket.messages,
    app: t.loket.app,
    flood: UNLIMITED,
  });
  let nextMessageId = 7000;
  return {
    emu,
    t,
    logLines,
    message(chatId: number, extra: Record<string, unknown>) {
      emu.pushUpdate({
        message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "Warga" }, from: { id: chatId, is_bot: false, first_name: "Warga", language_code: "id" }, ...extra },
      });
    },
    /** Drives the conversation of `chatId` (through the runtime, as that chat) until `field` is asked. */
    async toQuestion(chatId: number, opening: string, field: string) {
      t.conversationId = `telegram:${chatId}`;
      const say = sendVia(t);
      let replies = await t.send({ text: opening, address: String(chatId) });
      for (let i = 0; replies.at(-1)?.expects?.field !== field && i < 60; i++) replies = await say(answerFor(replies.at(-1))!);
      expect(replies.at(-1)?.expects?.field).toBe(field);
    },
    async close() {
      await started.stop();
      await t.close();
      await emu.close();
    },
  };
}

const plain = (m: SentMessage | undefined) => (m?.text ?? "").replace(/<[^>]+>/g, "").replace(/&amp;/g, "&");

describe("Telegram locations and venues", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w?.close());

  it("a venue sent at the billboard's location question is the answer (title, address, point, map link) and the form goes on", async () => {
    const chat = 6101;
    await w.toQuestion(chat, "saya mau mengajukan izin reklame", "lokasi_reklame");
    w.message(chat, { venue: { location: { latitude: -6.7051, longitude: 111.3412 }, title: "Simpang Lima Rembang", address: "Jl. Diponegoro, Rembang" }, location: { latitude: -6.7051, longitude: 111.3412 } });
    const sent = (await w.emu.waitForSent(chat, 1)).map(plain).join("\n");
    expect(sent).toContain("Simpang Lima Rembang, Jl. Diponegoro, Rembang (-6.7051, 111.3412) https://maps.google.com/?q=-6.7051,111.3412");
    expect(sent).toMatch(/Ukuran reklame/);
    const state = await w.t.loket.store.peekState(`telegram:${chat}`);
    expect(state!.engine.stack.at(-1)!.slots.lokasi_reklame).toContain("maps.google.com/?q=-6.7051,111.3412");
    expect(w.logLines.join("\n")).not.toMatch(/-6\.705|111\.341|Diponegoro/);
  });

  it("a live location is taken by its first position at the PBG's building location; at the NIK question it is explained and the NIK asked again", async () => {
    const chat = 6102;
    await w.toQuestion(chat, "saya mau mengajukan PBG", "nik");
    const live = (lat: number) => ({ location: { latitude: lat, longitude: 111.35, live_period: 900, horizontal_accuracy: 12 } });
    w.message(chat, live(-6.71));
    const atNik = (await w.emu.waitForSent(chat, 1)).map(plain).join("\n");
    expect(atNik).toMatch(/belum kami perlukan/);
    expect(atNik).toMatch(/NIK/);
    expect(atNik).not.toMatch(/belum bisa kami proses/);
    expect((await w.t.loket.store.peekState(`telegram:${chat}`))!.engine.expecting?.field).toBe("nik");
    await w.toQuestion(chat, SAMPLE.nik, "lokasi_bangunan");
    w.message(chat, live(-6.72));
    const taken = (await w.emu.waitForSent(chat, 2)).map(plain).slice(1).join("\n");
    expect(taken).toContain("(-6.72, 111.35) https://maps.google.com/?q=-6.72,111.35");
    expect(taken).toMatch(/Fungsi bangunan/);
  });
});
