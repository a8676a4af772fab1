import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { StaffActor } from "../../src/staff/index.js";
import { plain, telegramWorld } from "./world.js";

/**
 * Probe (fresh42, 2026-12-03), written after the fix for WhatsApp: the same 👍 reaction put on the
 * SKM survey's offer, on Telegram (a `message_reaction` update through the Bot API emulator).
 */
const officer: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };

describe("fresh42 probe Telegram: a reaction on the survey's offer", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it("👍 on the offer starts the survey: the 1/9 question follows", async () => {
    w = await telegramWorld({}, { stored: true });
    const chat = 5421;
    w.emu.text(chat, "petugas");
    await w.emu.waitForSent(chat, 1);
    const open = (await w.t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting")!;
    expect((await w.t.loket.staff.take(open.id, officer)).ok).toBe(true);
    expect((await w.t.loket.staff.close(open.id, officer)).ok).toBe(true);
    await expect.poll(() => w!.emu.sentTo(chat).map(plain).join("\n")).toMatch(/Survei Kepuasan/);
    const offer = w.emu.sentTo(chat).findLast((m) => /Survei Kepuasan/.test(plain(m)))!;
    const n = w.emu.sentTo(chat).length;
    w.emu.pushUpdate({
      message_reaction: {
        chat: { id: chat, type: "private", first_name: "Warga" },
        message_id: offer.message_id,
        user: { id: chat, is_bot: false, first_name: "Warga", language_code: "id" },
        date: Math.floor(Date.now() / 1000),
        old_reaction: [],
        new_reaction: [{ type: "emoji", emoji: "👍" }],
      },
    });
    const said = plain((await w.emu.waitForSent(chat, n + 1)).at(-1));
    expect(said).toMatch(/1\/9/);
  });
});
