import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plain, telegramWorld } from "./world.js";

/**
 * perf12's probe, written after the direct Bot API calls (src/channels/telegram/fetch.ts): a
 * citizen's whole exchange through the channel, each call now carried by the direct path.
 */
describe("perf12 probe: a citizen's Telegram exchange over the direct Bot API calls", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>>;
  beforeAll(async () => {
    w = await telegramWorld({}, { stored: true });
  });
  afterAll(async () => w?.close());

  it("a greeting is answered in HTML with its keyboard, link previews off", async () => {
    w.emu.text(6101, "halo");
    const [first] = await w.emu.waitForSent(6101, 1);
    expect(first!.parse_mode).toBe("HTML");
    expect(first!.reply_markup?.inline_keyboard?.length).toBeGreaterThan(0);
    const call = w.emu.calls.find((c) => c.method === "sendMessage" && c.payload.chat_id === 6101)!;
    expect(call.payload.link_preview_options).toEqual({ is_disabled: true });
  });

  it("a button tap is acknowledged, its keyboard removed, and answered", async () => {
    w.emu.text(6102, "menu");
    const [menu] = await w.emu.waitForSent(6102, 1);
    const button = menu!.reply_markup!.inline_keyboard!.flat()[0]!;
    w.emu.tap(6102, button.callback_data!, menu!.message_id);
    await w.emu.waitForSent(6102, 2);
    await expect.poll(() => w.emu.calls.filter((c) => c.method === "answerCallbackQuery").length).toBeGreaterThan(0);
    await expect.poll(() => w.emu.calls.some((c) => c.method === "editMessageReplyMarkup" && c.payload.chat_id === 6102 && c.payload.message_id === menu!.message_id)).toBe(true);
  });

  it("markup Telegram refuses is sent again as plain text", async () => {
    w.emu.failWith("sendMessage", 1, 400, "Bad Request: can't parse entities: unsupported start tag");
    await w.started.channel.deliver(6103, [{ type: "text", text: "Jam layanan: 08.00 - 15.00" }]);
    const sent = w.emu.sentTo(6103);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.parse_mode).toBeUndefined();
    expect(plain(sent[0])).toContain("08.00 - 15.00");
  });

  it("a 429 on a reply is waited out and the reply arrives once", async () => {
    w.emu.failWith429("sendMessage", 1, 1);
    await w.started.channel.deliver(6104, [{ type: "text", text: "Terima kasih, Bapak/Ibu." }]);
    expect(w.emu.sentTo(6104).map(plain)).toEqual(["Terima kasih, Bapak/Ibu."]);
  });

  it("a citizen who blocked the bot makes the push fail as CHANNEL_FAILED, not hang", async () => {
    w.emu.refuseChat(6105, 403, "Forbidden: bot was blocked by the user");
    await expect(w.started.channel.send("telegram:6105", "6105", [{ type: "text", text: "Status berubah" }])).rejects.toMatchObject({ code: "CHANNEL_FAILED" });
  });
});
