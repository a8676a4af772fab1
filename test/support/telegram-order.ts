import type { Bot } from "grammy";
import type { HandoffCase } from "../../src/domain/records.js";
import type { Inbound } from "../../src/domain/message.js";
import type { Runtime } from "../../src/runtime/port.js";
import { createTelegramBot, prepareTelegram } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import type { BotApiEmulator } from "./botapi-emulator.js";
import type { TestLoket } from "./loket.js";

/**
 * What order1's Telegram sets share: a channel fed by hand (`handleUpdate`, so a test says which
 * instance takes which update), whose turn replies can be held 300 ms after their commit while
 * `gap` runs (the race those sets play), and the updates that make a channel's own notice.
 */
export const budi = { username: "budi", role: "staff" as const, displayName: "Budi" };
export const BOT_INFO = { id: 4242, is_bot: true, first_name: "Loket", username: "loket_test_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false } as Bot["botInfo"];
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const at = (texts: string[], re: RegExp) => texts.findIndex((x) => re.test(x));

/** Updates that make a notice ("pesan yang diubah…", "file belum berhasil…"), numbered from `firstId`. */
export function noticeUpdates(firstId: number) {
  let updateId = firstId;
  const person = (chat: number) => ({ chat: { id: chat, type: "private", first_name: "Warga" }, from: { id: chat, is_bot: false, first_name: "Warga" } });
  return {
    edited: (chat: number) => ({ update_id: ++updateId, edited_message: { message_id: 5, date: 1, edit_date: 2, ...person(chat), text: "halo lagi" } }),
    brokenFile: (chat: number) => ({
      update_id: ++updateId,
      message: { message_id: 6, date: 1, ...person(chat), document: { file_id: "no-such-file", file_unique_id: "u-no-such", file_name: "ktp.pdf", mime_type: "application/pdf", file_size: 1000 } },
    }),
  };
}

/**
 * A Telegram channel on `t`. With `slow`, each turn's replies go 300 ms after its commit; after the
 * first turn `gap` runs (not awaited) with the case then waiting, if any; `copy` hands the channel a
 * copy of the replies (an answer sent without its place).
 */
export function channelOn(emu: BotApiEmulator, t: TestLoket, slow?: { gap: (c: HandoffCase | undefined) => Promise<unknown>; copy?: boolean }): Bot {
  const runtime = t.loket.runtime;
  let first = true;
  const wrapped: Runtime = slow
    ? Object.assign(Object.create(runtime) as Runtime, {
        async handle(inbound: Inbound) {
          const replies = await runtime.handle(inbound);
          if (first) {
            first = false;
            const open = (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting");
            void slow.gap(open);
          }
          await sleep(300);
          return slow.copy ? [...replies] : replies;
        },
      })
    : runtime;
  const bot = createTelegramBot(emu.token, emu.apiRoot);
  bot.botInfo = BOT_INFO;
  prepareTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, { bot, runtime: wrapped, logger: t.loket.logger, messages: t.loket.messages.get("id")!, app: t.loket.app, flood: UNLIMITED });
  return bot;
}
