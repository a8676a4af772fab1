import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { StaffActor } from "../../src/staff/ops.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";

/**
 * Probe after the staff5 fixes (2026-12-02), written once they were in: three situations next to
 * the held-out set, run once and reported as they came out. A case held at closing time taken from
 * Telegram the next morning; a console note on a case whose topic staff deleted; `/catatan` typed
 * as Telegram's menu sends it (with the bot's name) and a multi-line note.
 */
const GROUP = -1009876546666;
const budi: StaffActor = { username: "budi", role: "staff", displayName: "Budi" };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const topicTexts = (emu: BotApiEmulator, thread: number) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe("staff5 probe 2026-12-02", () => {
  it("P1. a Telegram citizen's case held at closing time: its topic says why it went back to the queue; /ambil the next morning takes it, the citizen is told who serves them, and who held it before is no longer shown", async () => {
    let clock = Date.parse("2026-12-01T08:10:00Z"); // Tue 15.10 WIB
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { loket: { now: () => new Date(clock) }, staff: [{ username: "andi", id: 888, displayName: "Andi" }], group: { now: () => new Date(clock) } });
    const { addStaff } = await import("../../src/staff/auth.js");
    await addStaff(t.loket.store, { username: "budi", role: "staff", password: "kata-sandi-budi-1", displayName: "Budi" });
    const citizen = 9601;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    expect((await t.loket.staff.reply(caseId, budi, "Saya cek dulu, Pak.")).ok).toBe(true);
    clock = Date.parse("2026-12-01T08:50:00Z"); // 15.50 WIB, closed
    expect(await t.loket.staff.sweepIdle()).toEqual([caseId]);
    await expect.poll(() => topicTexts(emu, thread).some((s) => /Jam layanan sudah berakhir/.test(s) && s.includes("budi"))).toBe(true);
    expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.lastHeldBy).toBe("budi");
    clock = Date.parse("2026-12-02T01:03:00Z"); // Wed 08.03 WIB
    const before = emu.sentTo(citizen).length;
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.heldBy).toBe("andi");
    expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.lastHeldBy).toBeUndefined();
    await expect.poll(() => emu.sentTo(citizen).slice(before).some((m) => (m.text ?? "").includes("Petugas Andi sekarang melayani"))).toBe(true);
    await expect.poll(() => topicTexts(emu, thread).filter((s) => s === "✋ Diambil oleh andi.").length).toBe(1);
  }, 30_000);

  it("P2. a console note on an open case whose topic staff deleted: the new topic has the conversation and the note once, marked internal", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { installs: 2 });
    const conversationId = "web:probe-hapus";
    await t.send({ conversationId, text: "petugas" });
    await t.send({ conversationId, text: "IMB saya hilang, bisa dicetak ulang?" });
    let c: HandoffCase | undefined;
    await expect.poll(async () => (c = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === conversationId))?.staffThreadId).toBeGreaterThan(0);
    const old = c!.staffThreadId!;
    await expect.poll(() => topicTexts(emu, old).some((s) => s.includes("dicetak ulang"))).toBe(true);
    emu.deleteThread(old);
    expect((await t.loket.staff.note(c!.id, budi, "Arsip IMB lama ada di gudang lantai 1.")).ok).toBe(true);
    let replaced = 0;
    await expect.poll(async () => (replaced = (await t.loket.store.get<HandoffCase>("cases", c!.id))?.staffThreadId ?? 0)).not.toBe(old);
    await expect.poll(() => topicTexts(emu, replaced).some((s) => s.includes("gudang lantai 1"))).toBe(true);
    await settle(800);
    const texts = topicTexts(emu, replaced);
    expect(texts.filter((s) => s.includes("gudang lantai 1"))).toHaveLength(1);
    expect(texts.find((s) => s.includes("gudang lantai 1"))).toContain("📝 Catatan internal (tidak dikirim ke warga)");
    expect(texts.filter((s) => s.includes("dicetak ulang"))).toHaveLength(1);
  }, 30_000);

  it("P3. `/catatan@bot` as Telegram's menu sends it, and a note over several lines, are saved whole; `/catatan@BotLain` is another bot's and saves nothing", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const citizen = 9603;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    await settle();
    const before = emu.sentTo(citizen).length;
    emu.text(GROUP, "/catatan@loket_test_bot Warga minta ditelepon sore.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.notes?.length ?? 0).toBe(1);
    emu.text(GROUP, "/catatan Berkas:\n1. KTP ada\n2. PBB belum", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.notes?.length ?? 0).toBe(2);
    emu.text(GROUP, "/catatan@BotLain jangan disimpan", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await settle(800);
    const notes = (await t.loket.store.get<HandoffCase>("cases", caseId))!.notes!;
    expect(notes.map((n) => n.text)).toEqual(["Warga minta ditelepon sore.", "Berkas:\n1. KTP ada\n2. PBB belum"]);
    expect(emu.sentTo(citizen).slice(before)).toEqual([]);
  }, 30_000);
});
