import type { Bot, Context } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot } from "../../src/channels/telegram/fetch.js";
import { createTelegramChannel } from "../../src/channels/telegram/channel.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket } from "../support/loket.js";

/**
 * Which Telegram updates the citizens' channel takes and which it leaves to the middleware
 * installed after it (the staff group, the bot's own membership), as a citizen, a clerk in the
 * staff group and an operator expect (perf17, 2026-12-03: the channel's dispatch done by hand
 * instead of grammY's filter queries). A private message or button tap is answered and goes no
 * further; an edit gets its notice; a group's message, a private update the channel has no
 * handler for, and a tap without data go on to the later middleware, untouched.
 */
describe("perf17: the citizens' channel takes private messages, taps and edits, and passes on the rest", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function world() {
    const emu = await startBotApiEmulator();
    const t = await createTestLoket({ channel: "telegram" });
    const bot: Bot = createTelegramBot(emu.token, emu.apiRoot);
    bot.botInfo = { id: 4242, is_bot: true, first_name: "Loket", username: "loket_test_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false } as Bot["botInfo"];
    createTelegramChannel({ bot, runtime: t.loket.runtime, logger: t.loket.logger, uploadMaxBytes: 10_000_000, messages: t.loket.messages.get("id")!, files: { locate: async () => ({ path: "x", size: 1 }), download: async () => Buffer.from("x") } });
    const later: Context[] = [];
    bot.use((ctx) => {
      later.push(ctx);
    });
    close = async () => {
      await t.close();
      await emu.close();
    };
    const settle = () => new Promise((r) => setTimeout(r, 150));
    return { emu, bot, later, settle };
  }

  it("1. a citizen's private text is answered, and not handed to later middleware", async () => {
    const w = await world();
    await w.bot.handleUpdate(w.emu.text(9101, "jam buka kantor") as never);
    expect(w.emu.sentTo(9101).length).toBeGreaterThanOrEqual(1);
    expect(w.later).toHaveLength(0);
  });

  it("2. a button tap in a private chat is answered (the tap acknowledged), not handed on", async () => {
    const w = await world();
    await w.bot.handleUpdate(w.emu.text(9102, "menu") as never);
    const sent = w.emu.sentTo(9102).length;
    await w.bot.handleUpdate(w.emu.tap(9102, "m:1") as never);
    await w.settle();
    expect(w.emu.calls.some((c) => c.method === "answerCallbackQuery")).toBe(true);
    expect(w.emu.sentTo(9102).length).toBeGreaterThan(sent);
    expect(w.later).toHaveLength(0);
  });

  it("3. an edited private text gets the edit notice, and is not handed on", async () => {
    const w = await world();
    const u = w.emu.text(9103, "syarat pbg") as { message: Record<string, unknown> };
    await w.bot.handleUpdate(u as never);
    const sent = w.emu.sentTo(9103).length;
    await w.bot.handleUpdate({ update_id: 777_001, edited_message: { ...u.message, text: "syarat sip", edit_date: 2 } } as never);
    expect(w.emu.sentTo(9103).length).toBe(sent + 1);
    expect(w.later).toHaveLength(0);
  });

  it("4. a message in a group (the staff group) is not answered by the citizens' channel: it goes to later middleware", async () => {
    const w = await world();
    await w.bot.handleUpdate(w.emu.text(-1009104, "halo semua", { chatType: "supergroup", fromId: 5 }) as never);
    await w.settle();
    expect(w.emu.sentTo(-1009104)).toHaveLength(0);
    expect(w.later).toHaveLength(1);
    expect(w.later[0]!.update.message?.text).toBe("halo semua");
  });

  it("5. a private update the channel has no handler for (the bot blocked: my_chat_member) goes to later middleware", async () => {
    const w = await world();
    const chat = { id: 9105, type: "private", first_name: "Warga" };
    const from = { id: 9105, is_bot: false, first_name: "Warga" };
    await w.bot.handleUpdate({ update_id: 777_002, my_chat_member: { chat, from, date: 1, old_chat_member: { status: "member", user: { id: 4242, is_bot: true, first_name: "Loket" } }, new_chat_member: { status: "kicked", until_date: 0, user: { id: 4242, is_bot: true, first_name: "Loket" } } } } as never);
    expect(w.later).toHaveLength(1);
    expect(w.emu.sentTo(9105)).toHaveLength(0);
  });

  it("6. a tap without data (a game button) in a private chat is not taken: later middleware gets it", async () => {
    const w = await world();
    const chat = { id: 9106, type: "private", first_name: "Warga" };
    const from = { id: 9106, is_bot: false, first_name: "Warga" };
    await w.bot.handleUpdate({ update_id: 777_003, callback_query: { id: "cq-game", from, chat_instance: "ci", game_short_name: "g", message: { message_id: 3, date: 1, chat, text: "x" } } } as never);
    expect(w.later).toHaveLength(1);
    expect(w.emu.calls.some((c) => c.method === "answerCallbackQuery")).toBe(false);
  });

  it("7. a tap on an inline message (no chat) is not taken as a citizen's: later middleware gets it", async () => {
    const w = await world();
    const from = { id: 9107, is_bot: false, first_name: "Warga" };
    await w.bot.handleUpdate({ update_id: 777_004, callback_query: { id: "cq-inline", from, chat_instance: "ci", inline_message_id: "im", data: "m:1" } } as never);
    expect(w.later).toHaveLength(1);
  });

  it("8. an edited message in a group goes to later middleware, no notice sent", async () => {
    const w = await world();
    const chat = { id: -1009108, type: "supergroup", title: "Staf" };
    await w.bot.handleUpdate({ update_id: 777_005, edited_message: { message_id: 4, date: 1, edit_date: 2, chat, from: { id: 5, is_bot: false, first_name: "Staf" }, text: "diubah" } } as never);
    expect(w.later).toHaveLength(1);
    expect(w.emu.sentTo(-1009108)).toHaveLength(0);
  });

  it("9. messages of one chat sent at once are answered in the order sent", async () => {
    const w = await world();
    await Promise.all([w.bot.handleUpdate(w.emu.text(9109, "halo") as never), w.bot.handleUpdate(w.emu.text(9109, "jam buka kantor") as never), w.bot.handleUpdate(w.emu.text(9109, "terima kasih") as never)]);
    const sent = w.emu.sentTo(9109);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent.at(-1)!.text).not.toBe(sent[0]!.text);
    expect(w.later).toHaveLength(0);
  });

  it("10. a private channel-post-like update (a business message) is left to later middleware", async () => {
    const w = await world();
    const chat = { id: 9110, type: "private", first_name: "Warga" };
    await w.bot.handleUpdate({ update_id: 777_006, message_reaction: { chat, message_id: 1, date: 1, user: { id: 9110, is_bot: false, first_name: "Warga" }, old_reaction: [], new_reaction: [{ type: "emoji", emoji: "👍" }] } } as never);
    expect(w.later).toHaveLength(1);
    expect(w.emu.sentTo(9110)).toHaveLength(0);
  });
});
