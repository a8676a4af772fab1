import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { StaffActor } from "../../src/staff/index.js";
import type { SentMessage } from "../support/botapi-emulator.js";
import { plain, telegramWorld } from "./world.js";

/**
 * Held-out cases (skm3, 2026-12-03), written before any change: a citizen who answers the SKM
 * survey on Telegram with an emoji reaction put on the question (a `message_reaction` update,
 * which the Bot API sends only to a bot that asks for it in `allowed_updates`).
 */

const officer: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };

describe("skm3 Telegram: an emoji reaction on the survey's question (held-out, 2026-12-03)", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  /** The citizen's reaction `emoji` ("" taken back) on the bot's message `on`. */
  const react = (chat: number, on: SentMessage, emoji: string, old = "") =>
    w!.emu.pushUpdate({
      message_reaction: {
        chat: { id: chat, type: "private", first_name: "Warga" },
        message_id: on.message_id,
        user: { id: chat, is_bot: false, first_name: "Warga", language_code: "id" },
        date: Math.floor(Date.now() / 1000),
        old_reaction: old ? [{ type: "emoji", emoji: old }] : [],
        new_reaction: emoji ? [{ type: "emoji", emoji }] : [],
      },
    });

  /** A case served and closed; the survey accepted by typing "ya": the 1/9 question as sent, and staff's reply. */
  async function toFirstQuestion(chat: number): Promise<{ q1: SentMessage; staffReply: SentMessage }> {
    w!.emu.text(chat, "petugas");
    await w!.emu.waitForSent(chat, 1);
    const open = (await w!.t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting")!;
    expect((await w!.t.loket.staff.take(open.id, officer)).ok).toBe(true);
    expect((await w!.t.loket.staff.reply(open.id, officer, "Izin Bapak sudah kami proses.")).ok).toBe(true);
    await expect.poll(() => w!.emu.sentTo(chat).map(plain).join("\n")).toMatch(/sudah kami proses/);
    const staffReply = w!.emu.sentTo(chat).findLast((m) => /sudah kami proses/.test(plain(m)))!;
    expect((await w!.t.loket.staff.close(open.id, officer)).ok).toBe(true);
    await expect.poll(() => w!.emu.sentTo(chat).map(plain).join("\n")).toMatch(/Survei Kepuasan/);
    const n = w!.emu.sentTo(chat).length;
    w!.emu.text(chat, "ya");
    const q1 = (await w!.emu.waitForSent(chat, n + 1)).at(-1)!;
    expect(plain(q1)).toMatch(/1\/9/);
    return { q1, staffReply };
  }
  const answers = async (chat: number) => (await w!.t.loket.store.peekState(`telegram:${chat}`))!.engine.stack.find((f) => f.flow === "survey")?.slots ?? {};

  it("Loket asks the Bot API for message_reaction updates (getUpdates' allowed_updates)", async () => {
    w = await telegramWorld({}, { stored: true });
    await expect.poll(() => w!.emu.calls.some((c) => c.method === "getUpdates")).toBe(true);
    const asked = w.emu.calls.filter((c) => c.method === "getUpdates").map((c) => c.payload.allowed_updates);
    expect(asked.some((a) => Array.isArray(a) && a.includes("message_reaction") && a.includes("message") && a.includes("callback_query"))).toBe(true);
  });

  it("😍 on the 1/9 question is the score 4; 2/9 follows", async () => {
    w = await telegramWorld({}, { stored: true });
    const chat = 5301;
    const { q1 } = await toFirstQuestion(chat);
    const n = w.emu.sentTo(chat).length;
    react(chat, q1, "😍");
    const said = plain((await w.emu.waitForSent(chat, n + 1)).at(-1));
    expect(said).toMatch(/2\/9/);
    expect((await answers(chat)).u1).toBe(4);
  });

  it("a 👍 on staff's reply while 1/9 is pending counts for nothing", async () => {
    w = await telegramWorld({}, { stored: true });
    const chat = 5302;
    const { staffReply } = await toFirstQuestion(chat);
    react(chat, staffReply, "👍");
    // Then a typed answer: the 👍 changed nothing before it.
    const n = w.emu.sentTo(chat).length;
    w.emu.text(chat, "2");
    const after = await w.emu.waitForSent(chat, n + 1);
    expect(after.slice(n).map(plain).join("\n")).toMatch(/2\/9/);
    expect((await answers(chat)).u1).toBe(2);
  });

  it("🙏 on the question: asked for a number 1-4, the question again; then 👎 replacing it is the score 1", async () => {
    w = await telegramWorld({}, { stored: true });
    const chat = 5303;
    const { q1 } = await toFirstQuestion(chat);
    let n = w.emu.sentTo(chat).length;
    react(chat, q1, "🙏");
    const said = plain((await w.emu.waitForSent(chat, n + 1)).at(-1));
    expect(said).toMatch(/angka 1/);
    expect(said).toMatch(/1\/9/);
    n = w.emu.sentTo(chat).length;
    react(chat, q1, "👎", "🙏");
    expect(plain((await w.emu.waitForSent(chat, n + 1)).at(-1))).toMatch(/2\/9/);
    expect((await answers(chat)).u1).toBe(1);
  });

  it("the reaction changed (😍 to 👎) before 2/9 is answered replaces the score; taken back changes nothing", async () => {
    w = await telegramWorld({}, { stored: true });
    const chat = 5304;
    const { q1 } = await toFirstQuestion(chat);
    let n = w.emu.sentTo(chat).length;
    react(chat, q1, "😍");
    await w.emu.waitForSent(chat, n + 1);
    n = w.emu.sentTo(chat).length;
    react(chat, q1, "👎", "😍");
    expect(plain((await w.emu.waitForSent(chat, n + 1)).at(-1))).toMatch(/2\/9/);
    expect((await answers(chat)).u1).toBe(1);
    react(chat, q1, "", "👎");
    await new Promise((r) => setTimeout(r, 500));
    expect((await answers(chat)).u1).toBe(1);
  });
});
