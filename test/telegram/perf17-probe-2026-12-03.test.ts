import type { Bot, Context } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot } from "../../src/channels/telegram/fetch.js";
import { createTelegramChannel } from "../../src/channels/telegram/channel.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket } from "../support/loket.js";

/**
 * Probe written after perf17's hand dispatch (2026-12-03): kinds of update the held-out cases did
 * not try. A photo and a document a citizen sends privately are taken (not handed on); a group's
 * button tap and a channel post go to later middleware; a private message whose handler fails
 * (the Bot API refusing) does not leak to later middleware nor throw out of handleUpdate.
 */
describe("perf17 probe: the citizens' channel's dispatch", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function world() {
    const emu = await startBotApiEmulator();
    const t = await createTestLoket({ channel: "telegram" });
    const bot: Bot = createTelegramBot(emu.token, emu.apiRoot);
    bot.botInfo = { id: 4343, is_bot: true, first_name: "Loket", username: "loket_probe_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false } as Bot["botInfo"];
    createTelegramChannel({ bot, runtime: t.loket.runtime, logger: t.loket.logger, uploadMaxBytes: 10_000_000, messages: t.loket.messages.get("id")!, files: { locate: async (id) => ({ path: id, size: 3 }), download: async () => Buffer.from("%PDF") } });
    const later: Context[] = [];
    bot.use((ctx) => {
      later.push(ctx);
    });
    close = async () => {
      await t.close();
      await emu.close();
    };
    return { emu, bot, later };
  }

  it("1. a private photo is taken by the channel (answered), not handed on", async () => {
    const w = await world();
    await w.bot.handleUpdate(w.emu.photo(9201, Buffer.from("img")) as never);
    expect(w.later).toHaveLength(0);
    expect(w.emu.sentTo(9201).length).toBeGreaterThanOrEqual(1);
  });

  it("2. a private document is taken by the channel, not handed on", async () => {
    const w = await world();
    await w.bot.handleUpdate(w.emu.document(9202, Buffer.from("%PDF-1.4"), "ktp.pdf", "application/pdf") as never);
    expect(w.later).toHaveLength(0);
    expect(w.emu.sentTo(9202).length).toBeGreaterThanOrEqual(1);
  });

  it("3. a button tap in a group goes to later middleware (the staff group's buttons)", async () => {
    const w = await world();
    const chat = { id: -1009203, type: "supergroup", title: "Staf" };
    await w.bot.handleUpdate({ update_id: 888_001, callback_query: { id: "cq-g", from: { id: 5, is_bot: false, first_name: "Staf" }, chat_instance: "ci", data: "take:1", message: { message_id: 9, date: 1, chat, text: "kasus" } } } as never);
    expect(w.later).toHaveLength(1);
    expect(w.emu.calls.some((c) => c.method === "answerCallbackQuery")).toBe(false);
  });

  it("4. a channel post goes to later middleware", async () => {
    const w = await world();
    await w.bot.handleUpdate({ update_id: 888_002, channel_post: { message_id: 1, date: 1, chat: { id: -1009204, type: "channel", title: "Kanal" }, text: "pengumuman" } } as never);
    expect(w.later).toHaveLength(1);
  });

  it("5. a private message whose answer the Bot API refuses is logged, not handed on, and handleUpdate does not throw", async () => {
    const w = await world();
    w.emu.refuseChat(9205, 403, "Forbidden: bot was blocked by the user");
    await expect(w.bot.handleUpdate(w.emu.text(9205, "halo") as never)).resolves.toBeUndefined();
    expect(w.later).toHaveLength(0);
  });
});
