import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GrammyError, HttpError } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramBot, installFloodControl, UNLIMITED } from "../../src/channels/telegram/index.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";

/**
 * What Loket's bot's Bot API calls must keep whatever carries them (perf12, 2026-12-02: the
 * citizen-facing calls — sendMessage, answerCallbackQuery, editMessageReplyMarkup,
 * sendChatAction — no longer go through grammY's generic client). An operator and a citizen
 * expect: the reply arrives as sent (HTML, keyboard, no link preview), its message id comes back,
 * a 429 is waited out and sent once, a refusal and a dead network are told apart as grammY tells
 * them (GrammyError / HttpError), nulls are left out as grammY leaves them out, an aborted call
 * sends nothing, one chat's replies keep their order.
 */
async function rawServer(answer: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => answer(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("perf12: the Bot API calls of a Telegram reply keep their contract", () => {
  let emu: BotApiEmulator;
  beforeAll(async () => {
    emu = await startBotApiEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it("sends a reply as given (HTML, keyboard, no preview) and returns its message id", async () => {
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    installFloodControl(bot.api, UNLIMITED);
    const keyboard = { inline_keyboard: [[{ text: "Menu utama", callback_data: "menu" }]] };
    const sent = await bot.api.sendMessage(5101, "<b>Syarat</b> — KTP 🙏", { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: keyboard });
    expect(typeof sent.message_id).toBe("number");
    const call = emu.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 5101);
    expect(call).toHaveLength(1);
    expect(call[0]!.payload).toEqual({ chat_id: 5101, text: "<b>Syarat</b> — KTP 🙏", parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: keyboard });
    expect(emu.sentTo(5101)[0]!.message_id).toBe(sent.message_id);
  });

  it("waits out a 429's retry_after and sends the reply once", async () => {
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    installFloodControl(bot.api, UNLIMITED);
    emu.failWith429("sendMessage", 1, 1);
    const t0 = Date.now();
    await bot.api.sendMessage(5102, "setelah jeda");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(emu.sentTo(5102).map((m) => m.text)).toEqual(["setelah jeda"]);
  });

  it("gives a refusal as GrammyError with Telegram's description (the HTML fallback reads it)", async () => {
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    installFloodControl(bot.api, UNLIMITED);
    emu.failWith("sendMessage", 1, 400, "Bad Request: can't parse entities: unexpected end tag");
    const err = await bot.api.sendMessage(5103, "<b>x", { parse_mode: "HTML" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).description).toMatch(/can't parse entities/);
    expect((err as GrammyError).method).toBe("sendMessage");
  });

  it("gives a dead Bot API and an answer that is not JSON as HttpError, naming the method", async () => {
    const html = await rawServer((_req, _body, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad Gateway</html>");
    });
    try {
      const viaProxy = await createTelegramBot("1:x", html.root).api.sendMessage(1, "a").catch((e: unknown) => e);
      expect(viaProxy).toBeInstanceOf(HttpError);
      expect((viaProxy as HttpError).message).toMatch(/'sendMessage'/);
    } finally {
      await html.close();
    }
    const down = await createTelegramBot("1:x", html.root).api.answerCallbackQuery("q").catch((e: unknown) => e);
    expect(down).toBeInstanceOf(HttpError);
    expect((down as HttpError).message).toMatch(/'answerCallbackQuery'/);
  });

  it("leaves out null values, as grammY does", async () => {
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    await bot.api.raw.sendMessage({ chat_id: 5104, text: "tanpa tombol", reply_markup: null } as never);
    const call = emu.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 5104);
    expect(Object.keys(call[0]!.payload).sort()).toEqual(["chat_id", "text"]);
  });

  it("sends nothing for a call whose signal is already aborted, and says so", async () => {
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    installFloodControl(bot.api, UNLIMITED);
    const controller = new AbortController();
    controller.abort();
    const err = await bot.api.sendMessage(5105, "batal", undefined, controller.signal as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(emu.calls.filter((c) => c.payload.chat_id === 5105)).toHaveLength(0);
  });

  it("aborts a call under way (a stopping bot) and the request is ended", async () => {
    let closed = 0;
    const silent = createServer((req) => req.on("close", () => closed++));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const bot = createTelegramBot("1:x", `http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
      const controller = new AbortController();
      const call = bot.api.sendChatAction(1, "typing", undefined, controller.signal as never).catch((e: unknown) => e);
      setTimeout(() => controller.abort(), 50);
      expect(await call).toBeInstanceOf(HttpError);
      await expect.poll(() => closed).toBe(1);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("keeps one chat's replies in their order, many chats at once", async () => {
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    installFloodControl(bot.api, UNLIMITED);
    await Promise.all(
      Array.from({ length: 8 }, (_, c) => Promise.all(["satu", "dua", "tiga"].map((t) => bot.api.sendMessage(5200 + c, t)))),
    );
    for (let c = 0; c < 8; c++) expect(emu.sentTo(5200 + c).map((m) => m.text)).toEqual(["satu", "dua", "tiga"]);
  });
});
