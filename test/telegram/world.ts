import { expect } from "vitest";
import { createTelegramBot, startTelegram, UNLIMITED, type StartTelegramDeps } from "../../src/channels/telegram/index.js";
import type { FileFetcher } from "../../src/channels/telegram/inbound.js";
import type { Outbound } from "../../src/domain/message.js";
import { startBotApiEmulator, type SentMessage } from "../support/botapi-emulator.js";
import { answerFor } from "../support/citizen.js";
import { createTestLoket, sendVia } from "../support/loket.js";

/** How the channel runs in a world (default: long polling, no pacing, the fake file fetcher). */
export interface TelegramWorldOptions {
  /** Webhook mode with this secret: updates are posted to /telegram/webhook, not fetched. */
  webhookSecret?: string;
  /** Pacing: `null` for the channel's own default limits (about one message a second per chat). */
  flood?: StartTelegramDeps["flood"] | null;
  /** `emulator`: files fetched from the emulator (getFile and its file URL), as in production. */
  files?: "fake" | "emulator";
  /** The channel's own options (a slow fetcher, `typingAfterMs`), over the above. */
  channel?: StartTelegramDeps["channel"];
  /** The channel is given Loket's store, as in production (answers marked sent, document questions' message ids remembered). */
  stored?: boolean;
}

/**
 * Loket's Telegram channel against the Bot API emulator on loopback, long polling, no pacing;
 * files served by a fake fetcher (`photoInAlbum`, `documentInAlbum`, `photoWith`). `loket`: the test Loket's
 * options; `options`: webhook mode, pacing, real file fetching, the store (TelegramWorldOptions).
 */
export async function telegramWorld(loket: Parameters<typeof createTestLoket>[0] = {}, options: TelegramWorldOptions = {}) {
  const emu = await startBotApiEmulator();
  const t = await createTestLoket({ channel: "telegram", ...loket });
  const fileBytes = new Map<string, Buffer>();
  const files: FileFetcher = {
    locate: async (id) => ({ path: id, size: fileBytes.get(id)!.length }),
    download: async (path) => fileBytes.get(path)!,
  };
  const webhook = options.webhookSecret ? { TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook", TELEGRAM_WEBHOOK_SECRET: options.webhookSecret } : {};
  const flood = options.flood === undefined ? UNLIMITED : options.flood;
  const startChannel = () =>
    startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES, ...webhook } as never, {
      bot: createTelegramBot(emu.token, emu.apiRoot),
      runtime: t.loket.runtime,
      logger: t.loket.logger,
      messages: t.loket.messages.get("id")!,
      languages: t.loket.messages,
      app: t.loket.app,
      ...(flood ? { flood } : {}),
      channel: { ...(options.files === "emulator" ? {} : { files }), ...options.channel },
      ...(options.stored ? { store: t.loket.store } : {}),
    });
  let started = await startChannel();
  let nextMessageId = 5000;
  const from = (chatId: number) => ({ id: chatId, is_bot: false, first_name: "Warga", language_code: "id" });
  const chat = (chatId: number) => ({ id: chatId, type: "private", first_name: "Warga" });
  /** Drives the conversation of `chatId` (through the runtime, as that chat) until `reached` holds for the last reply. */
  async function drive(chatId: number, opening: string, reached: (last: Outbound | undefined) => boolean): Promise<void> {
    t.conversationId = `telegram:${chatId}`;
    const say = sendVia(t);
    let replies = await t.send({ text: opening, address: String(chatId) });
    for (let i = 0; !reached(replies.at(-1)) && i < 60; i++) replies = await say(answerFor(replies.at(-1))!);
    expect(reached(replies.at(-1))).toBe(true);
  }
  return {
    emu,
    t,
    get started() {
      return started;
    },
    /** Loket restarted (the channel's memory of updates answered gone; SQLite reopened), the channel started again. */
    async restart() {
      await started.stop();
      await t.restart();
      started = await startChannel();
    },
    /** A private-chat message update with arbitrary fields (what the emulator's helpers do not cover). */
    message(chatId: number, extra: Record<string, unknown>) {
      const message_id = nextMessageId++;
      emu.pushUpdate({ message: { message_id, date: Math.floor(Date.now() / 1000), chat: chat(chatId), from: from(chatId), ...extra } });
      return message_id;
    },
    edited(chatId: number, messageId: number, extra: Record<string, unknown>) {
      emu.pushUpdate({ edited_message: { message_id: messageId, date: Math.floor(Date.now() / 1000) - 5, edit_date: Math.floor(Date.now() / 1000), chat: chat(chatId), from: from(chatId), ...extra } });
    },
    /** A photo with further message fields (`reply_to_message`, `caption`). */
    photoWith(chatId: number, bytes: Buffer, extra: Record<string, unknown> = {}) {
      const id = `P${nextMessageId}`;
      fileBytes.set(id, bytes);
      return this.message(chatId, { photo: [{ file_id: id, file_unique_id: `u${id}`, width: 1280, height: 1280, file_size: bytes.length }], ...extra });
    },
    /** A document (a file, not a photo) with further message fields (`reply_to_message`, `caption`). */
    documentWith(chatId: number, bytes: Buffer, name: string, mime: string, extra: Record<string, unknown> = {}) {
      const id = `D${nextMessageId}`;
      fileBytes.set(id, bytes);
      return this.message(chatId, { document: { file_id: id, file_unique_id: `u${id}`, file_name: name, mime_type: mime, file_size: bytes.length }, ...extra });
    },
    /** A reply's `reply_to_message`: the bot's message `sent`, as Telegram quotes it. */
    replyTo: (chatId: number, sent: SentMessage) => ({
      reply_to_message: { message_id: sent.message_id, date: Math.floor(Date.now() / 1000), chat: chat(chatId), from: { id: 7000001, is_bot: true, first_name: "Loket" }, text: plain(sent) },
    }),
    photoInAlbum(chatId: number, bytes: Buffer, album: string) {
      const id = `P${nextMessageId}`;
      fileBytes.set(id, bytes);
      return this.message(chatId, { media_group_id: album, photo: [{ file_id: id, file_unique_id: `u${id}`, width: 1280, height: 1280, file_size: bytes.length }] });
    },
    documentInAlbum(chatId: number, bytes: Buffer, name: string, mime: string, album: string) {
      const id = `D${nextMessageId}`;
      fileBytes.set(id, bytes);
      return this.message(chatId, { media_group_id: album, document: { file_id: id, file_unique_id: `u${id}`, file_name: name, mime_type: mime, file_size: bytes.length } });
    },
    /** The answers of the chat's application form under way. */
    slotsOf: async (chatId: number) => (await t.loket.store.peekState(`telegram:${chatId}`))!.engine.stack.find((f) => f.flow === "apply")!.slots,
    /** The chat's sent messages from the `n`th on (waiting until there are `n`), as plain text. */
    saidFrom: async (chatId: number, n: number) => (await emu.waitForSent(chatId, n)).map(plain).slice(n - 1).join("\n"),
    /** To the first document question of an application for a billboard. */
    toFirstDocument: (chatId: number) => drive(chatId, "saya mau mengajukan izin reklame", (r) => r?.expects?.kind === "file"),
    /** From `opening` until the form question `field` is asked. */
    toQuestion: (chatId: number, opening: string, field: string) => drive(chatId, opening, (r) => r?.expects?.field === field),
    async close() {
      await started.stop();
      await t.close();
      await emu.close();
    },
  };
}

/** A sent message's text without its HTML. */
export const plain = (m: SentMessage | undefined) => (m?.text ?? "").replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
