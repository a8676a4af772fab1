import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot } from "../../src/channels/telegram/index.js";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { setStaffDisabled } from "../../src/staff/auth.js";
import { applicationRecord } from "../support/applications.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { staffGroupWorld } from "./group-world.js";

const GROUP = -1009876543210;
const budi = { username: "budi", role: "staff" as const, displayName: "Budi" };

/**
 * The console and the Telegram staff group act on the same cases through the same StaffOps and
 * bus: what one does shows in the other, and the group refuses what the console already decided.
 */
describe("Telegram staff group and console stay consistent", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  async function world(groups = 1): Promise<{ emu: BotApiEmulator; t: TestLoket; bot: ReturnType<typeof createTelegramBot> }> {
    // Group members act as the staff accounts linked to their Telegram ids; several installs on
    // one store and bus stand for several instances.
    return staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888 }, { username: "dewi", id: 999 }], installs: groups });
  }

  const groupTexts = (emu: BotApiEmulator) => emu.sentTo(GROUP).map((m) => m.text ?? "");

  /** The citizen asks for a person (the world's first case); resolves once its topic is recorded on the case. */
  async function caseWithTopic(emu: BotApiEmulator, t: TestLoket, citizen: number): Promise<{ thread: number; caseId: string }> {
    emu.text(citizen, "petugas");
    await emu.waitForSent(GROUP, 1);
    const thread = emu.sentTo(GROUP)[0]!.message_thread_id!;
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBe(thread);
    return { thread, caseId };
  }

  it("a topic says what the case is about; long messages arrive whole; captions, edits and commands outside a topic are answered", async () => {
    const { emu, t } = await world();
    const citizen = 7171;
    emu.text(citizen, "syarat sip bidan apa aja");
    await emu.waitForSent(citizen, 1);
    emu.text(citizen, "izin saya kok belum jadi juga");
    await emu.waitForSent(citizen, 2);
    emu.text(citizen, "nik saya 3317014508900002");
    await emu.waitForSent(citizen, 3);
    const { thread } = await caseWithTopic(emu, t, citizen);
    // The summary names the permit (not its id); what the citizen wrote just before asking is there.
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Izin: Surat Izin Praktik Bidan (SIPB)"))).toBe(true);
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Warga: izin saya kok belum jadi juga"))).toBe(true);
    // What was written to the bot before the case: numbers masked.
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Warga: nik saya 33••••••••••••02"))).toBe(true);
    expect(groupTexts(emu).some((s) => s.includes("3317014508900002"))).toBe(false);
    // The group's "/" menu lists the staff commands.
    const commands = emu.calls.find((c) => c.method === "setMyCommands" && JSON.stringify(c.payload.scope ?? "").includes(String(GROUP)));
    expect(JSON.stringify(commands?.payload.commands)).toContain("ambil");

    // A long message, its end included.
    emu.text(citizen, `${"kata ".repeat(794)}NOMOR HP SAYA 0812 3456`); // 3,993 characters: under MESSAGE_MAX_CHARS, over a topic message with its prefix
    const whole = () => {
      const texts = groupTexts(emu);
      const at = texts.findIndex((x) => x.startsWith("💬 Warga: kata"));
      return at < 0 ? "" : texts.slice(at, at + 2).map((x) => x.replace(/ …$/, "")).join(" ");
    };
    await expect.poll(whole).toContain("NOMOR HP SAYA 0812 3456");
    expect(groupTexts(emu).every((x) => x.length <= 4096)).toBe(true);
    expect(groupTexts(emu).find((x) => x.startsWith("💬 Warga: kata"))).toMatch(/ …$/);

    // A file with a caption: the file stays in the group, its caption reaches the citizen.
    const member = { id: 888, is_bot: false, first_name: "Andi" };
    const inTopic = { chat: { id: GROUP, type: "supergroup", title: "Staf", is_forum: true }, from: member, message_thread_id: thread, is_topic_message: true, date: Math.floor(Date.now() / 1000) };
    emu.pushUpdate({ message: { ...inTopic, message_id: 90001, document: { file_id: "Fx", file_unique_id: "Ux", file_name: "formulir.pdf" }, caption: "Bu, silakan isi formulir ini" } });
    await expect.poll(() => emu.sentTo(citizen).some((m) => (m.text ?? "").includes("silakan isi formulir ini"))).toBe(true);
    expect(groupTexts(emu).some((s) => s.includes("Hanya pesan teks"))).toBe(true);
    // An edited reply is not sent again: staff are told.
    emu.pushUpdate({ edited_message: { ...inTopic, message_id: 90001, edit_date: inTopic.date + 5, text: "Bu, silakan isi formulir terlampir" } });
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Pesan yang diubah tidak terkirim ulang"))).toBe(true);
    // A command in the General topic: where commands go.
    emu.text(GROUP, "/ambil", { chatType: "supergroup", fromId: 888 });
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("ditulis di dalam topik kasusnya"))).toBe(true);
    // Plain talk there is left alone.
    const before = groupTexts(emu).length;
    emu.text(GROUP, "rekan-rekan, rapat jam 10 ya", { chatType: "supergroup", fromId: 888 });
    await new Promise((r) => setTimeout(r, 300));
    expect(groupTexts(emu)).toHaveLength(before);
  }, 30_000);

  it("a topic of a citizen who writes in English says so, and an Indonesian citizen's topic does not", async () => {
    const { emu, t } = await world();
    const citizen = 7373;
    emu.text(citizen, "Hello, I would like to talk to a person please");
    await emu.waitForSent(GROUP, 1);
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Warga menulis dalam bahasa Inggris"))).toBe(true);
    const topics = () => new Set(emu.sentTo(GROUP).map((m) => m.message_thread_id));
    const english = emu.sentTo(GROUP).find((m) => (m.text ?? "").includes("bahasa Inggris"))!.message_thread_id;
    emu.text(7474, "mau bicara dengan petugas");
    await expect.poll(() => topics().size).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    const other = emu.sentTo(GROUP).filter((m) => m.message_thread_id !== english);
    expect(other.length).toBeGreaterThan(0);
    expect(other.some((m) => (m.text ?? "").includes("bahasa Inggris"))).toBe(false);
    expect((await t.loket.store.list<HandoffCase>("cases")).length).toBe(2);
  });

  it("/status in a topic changes the application's status as the console does; the citizen is told; mistakes get the way to write it", async () => {
    const { emu, t } = await world();
    const citizen = 8181;
    const app = applicationRecord({ number: "RBG-2026-000321", permit: "izin-reklame", conversationId: `telegram:${citizen}`, channel: "telegram", fields: { nama: "Siti" } });
    await t.loket.store.put("applications", app.number, app);
    const { thread } = await caseWithTopic(emu, t, citizen);
    const staffSay = (text: string) => emu.text(GROUP, text, { chatType: "supergroup", threadId: thread, fromId: 888 });
    // The case knows no application: the number is asked for.
    staffSay("/status disetujui");
    await expect.poll(() => groupTexts(emu).some((x) => x.includes("belum terhubung ke permohonan"))).toBe(true);
    staffSay("/status RBG-2026-000321 diverifikasi Berkas lengkap, lanjut ke Dinas");
    await expect.poll(() => groupTexts(emu).some((x) => x.includes("RBG-2026-000321 sekarang <b>Berkas sudah diverifikasi</b>; warga sudah diberi tahu"))).toBe(true);
    await expect.poll(() => emu.sentTo(citizen).some((m) => /RBG-2026-000321/.test(m.text ?? "") && /Berkas lengkap, lanjut ke Dinas/.test(m.text ?? ""))).toBe(true);
    expect((await t.loket.store.get<Application>("applications", app.number))?.history.at(-1)).toMatchObject({ status: "verified", by: "andi" });
    // A step the order does not allow: what it can become instead.
    staffSay("/status RBG-2026-000321 selesai");
    await expect.poll(() => groupTexts(emu).some((x) => x.includes("dari situ hanya bisa menjadi: Perlu perbaikan, Disetujui, Ditolak"))).toBe(true);
    staffSay("/status RBG-2026-000321 beres");
    await expect.poll(() => groupTexts(emu).some((x) => x.includes("Cara mengubah status permohonan"))).toBe(true);
    staffSay("/status RBG-2026-000999 disetujui");
    await expect.poll(() => groupTexts(emu).some((x) => x.includes("RBG-2026-000999 tidak ditemukan"))).toBe(true);
  }, 30_000);

  it("console actions appear in the topic; the group is refused what another holder or a closed case forbids", async () => {
    const { emu, t } = await world();
    const citizen = 5151;
    const { thread, caseId } = await caseWithTopic(emu, t, citizen);

    expect((await t.loket.staff.take(caseId, budi)).ok).toBe(true);
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Diambil oleh budi"))).toBe(true);
    expect((await t.loket.staff.reply(caseId, budi, "Halo Bu, saya Budi.")).ok).toBe(true);
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("budi: Halo Bu, saya Budi."))).toBe(true);

    // Someone in the group tries to answer a case Budi holds: refused, and the citizen gets nothing from them.
    const toCitizen = emu.sentTo(citizen).length;
    emu.text(GROUP, "Saya bantu juga ya", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("sedang dilayani budi"))).toBe(true);
    emu.text(GROUP, "/selesai", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => groupTexts(emu).filter((s) => s.includes("sedang dilayani budi")).length).toBe(2);
    expect(emu.sentTo(citizen)).toHaveLength(toCitizen);
    expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("held");

    // The console closes it: the topic says so and is closed; later words in it are refused.
    expect((await t.loket.staff.close(caseId, budi, { survey: false })).ok).toBe(true);
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Ditutup oleh budi"))).toBe(true);
    await expect.poll(() => emu.calls.some((c) => c.method === "closeForumTopic" && Number(c.payload.message_thread_id) === thread)).toBe(true);
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("sudah selesai"))).toBe(true);
    expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("closed");
  }, 30_000);

  it("a group member's reply takes a waiting case and reaches the citizen; /selesai closes it for the console too", async () => {
    const { emu, t } = await world();
    const citizen = 6161;
    emu.text(citizen, "petugas");
    await emu.waitForSent(GROUP, 1);
    const thread = emu.sentTo(GROUP)[0]!.message_thread_id!;
    const n = emu.sentTo(citizen).length;
    emu.text(GROUP, "Selamat siang, ada yang bisa dibantu?", { chatType: "supergroup", threadId: thread, fromId: 999 });
    await expect.poll(() => emu.sentTo(citizen).some((m) => (m.text ?? "").includes("ada yang bisa dibantu"))).toBe(true);
    const c = (await t.loket.store.list<HandoffCase>("cases"))[0]!;
    expect(c).toMatchObject({ status: "held", heldBy: "dewi" });
    expect(emu.sentTo(citizen).length).toBeGreaterThan(n);
    // The take is announced in the topic, but the member's own words are not echoed back into it.
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Diambil oleh dewi"))).toBe(true);
    expect(groupTexts(emu).filter((s) => s.includes("ada yang bisa dibantu"))).toHaveLength(0);
    emu.text(GROUP, "/selesai", { chatType: "supergroup", threadId: thread, fromId: 999 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", c.id))?.status).toBe("closed");
    expect((await t.loket.staff.take(c.id, budi)).ok).toBe(false);
  }, 30_000);

  it("a topic finds its case through the index of topics, without reading every case; a topic made before the index is found once and indexed", async () => {
    const { emu, t } = await world();
    const { thread, caseId } = await caseWithTopic(emu, t, 6262);
    expect(await t.loket.store.get("case_threads", String(thread))).toEqual({ caseId });
    const store = t.loket.store;
    const list = store.list.bind(store);
    let caseLists = 0;
    store.list = (async (c: Parameters<typeof store.list>[0]) => {
      if (c === "cases") caseLists++;
      return list(c);
    }) as typeof store.list;
    emu.text(GROUP, "Baik, saya bantu cek", { chatType: "supergroup", threadId: thread, fromId: 999 });
    await expect.poll(() => emu.sentTo(6262).some((m) => (m.text ?? "").includes("saya bantu cek"))).toBe(true);
    const before = caseLists;
    // A topic recorded before the index existed: found among all cases, then indexed.
    await store.put("case_threads", String(thread), null);
    emu.text(GROUP, "Sudah saya cek", { chatType: "supergroup", threadId: thread, fromId: 999 });
    await expect.poll(() => emu.sentTo(6262).some((m) => (m.text ?? "").includes("Sudah saya cek"))).toBe(true);
    expect(await store.get("case_threads", String(thread))).toEqual({ caseId });
    expect(caseLists).toBe(before + 1);
    store.list = list;
  }, 30_000);

  it("a member not linked to a staff account, or linked to a disabled one, cannot take or answer a case", async () => {
    const { emu, t } = await world();
    const citizen = 7171;
    const { thread, caseId } = await caseWithTopic(emu, t, citizen);
    const toCitizen = emu.sentTo(citizen).length;
    // Someone who joined the group through a passed-on invite link.
    emu.text(GROUP, "Halo, saya bantu ya", { chatType: "supergroup", threadId: thread, fromId: 555 });
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("belum terhubung") && s.includes("555"))).toBe(true);
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 555 });
    await expect.poll(() => groupTexts(emu).filter((s) => s.includes("belum terhubung")).length).toBe(2);
    // Dewi's account is disabled: she cannot act in the group either.
    await setStaffDisabled(t.loket.store, "dewi", true);
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 999 });
    // She is told her account is disabled and how it is enabled again, not to link it again.
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("dewi") && s.includes("dinonaktifkan") && s.includes("npm run staff -- enable dewi"))).toBe(true);
    expect(groupTexts(emu).filter((s) => s.includes("belum terhubung"))).toHaveLength(2);
    expect(emu.sentTo(citizen)).toHaveLength(toCitizen);
    expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("waiting");
    // Andi is linked: his reply takes the case; one over Telegram's length is refused with the reason.
    emu.text(GROUP, "x".repeat(4050), { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("terlalu panjang"))).toBe(true);
    emu.text(GROUP, "Baik Bu, saya bantu.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => emu.sentTo(citizen).some((m) => (m.text ?? "").includes("saya bantu"))).toBe(true);
    expect(await t.loket.store.get<HandoffCase>("cases", caseId)).toMatchObject({ status: "held", heldBy: "andi" });
  }, 30_000);

  it("when the citizen has the conversation erased, its topic in the group is deleted too", async () => {
    const { emu, t } = await world();
    const citizen = 8181;
    const { thread, caseId } = await caseWithTopic(emu, t, citizen);
    emu.text(citizen, "NIK saya 3317014508900002");
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("NIK saya"))).toBe(true);
    expect((await t.loket.staff.close(caseId, budi, { survey: false })).ok).toBe(true);
    emu.text(citizen, "hapus data saya");
    await emu.waitForSent(citizen, emu.sentTo(citizen).length + 1);
    await t.loket.runtime.handle({ channel: "telegram", conversationId: `telegram:${citizen}`, address: String(citizen), choice: "delete_data.explain:yes" });
    await expect.poll(() => emu.calls.some((c) => c.method === "deleteForumTopic" && Number(c.payload.message_thread_id) === thread), { timeout: 5000 }).toBe(true);
    expect(await t.loket.store.transcript(`telegram:${citizen}`)).toEqual([]);
  }, 30_000);

  it("a redelivered group update replies once; photos and unknown or malformed commands get a hint; a command for another bot is ignored", async () => {
    const { emu, t, bot } = await world();
    const citizen = 9191;
    const { thread, caseId } = await caseWithTopic(emu, t, citizen);
    const update = emu.text(GROUP, "Baik Pak, kami cek dulu.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => emu.sentTo(citizen).filter((m) => (m.text ?? "").includes("kami cek dulu")).length).toBe(1);
    await bot.handleUpdate(update as never); // the same update delivered again (a webhook retry)
    await new Promise((r) => setTimeout(r, 200));
    expect(emu.sentTo(citizen).filter((m) => (m.text ?? "").includes("kami cek dulu"))).toHaveLength(1);

    emu.pushUpdate({ message: { message_id: 9001, date: 1, chat: { id: GROUP, type: "supergroup", title: "Staf", is_forum: true }, from: { id: 888, is_bot: false, first_name: "Andi" }, message_thread_id: thread, is_topic_message: true, photo: [{ file_id: "p", file_unique_id: "p", width: 90, height: 90 }] } });
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Hanya pesan teks"))).toBe(true);
    emu.text(GROUP, "/ambil sekarang", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => groupTexts(emu).filter((s) => s.includes("tanpa tambahan")).length).toBe(1);
    emu.text(GROUP, "/statusnya", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => groupTexts(emu).filter((s) => s.includes("tanpa tambahan")).length).toBe(2);
    // /status without a status: how it is written.
    emu.text(GROUP, "/status", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Cara mengubah status permohonan"))).toBe(true);
    emu.text(GROUP, "/selesai@BotLain", { chatType: "supergroup", threadId: thread, fromId: 888 });
    emu.text(GROUP, "/selesai", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("closed");
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Ditutup oleh andi"))).toBe(true);
    expect(groupTexts(emu).filter((s) => s.includes("tanpa tambahan"))).toHaveLength(2);
  }, 30_000);

  it("a topic Telegram refused once is created on a retry, with what the citizen wrote meanwhile", async () => {
    const { emu, t } = await world();
    emu.failWith("createForumTopic", 1, 400, "Bad Request: not enough rights to manage topics");
    const citizen = 9292;
    emu.text(citizen, "petugas");
    await emu.waitForSent(citizen, 1);
    emu.text(citizen, "saya mau tanya soal PBG rumah saya");
    await expect.poll(async () => (await t.loket.store.transcript(`telegram:${citizen}`)).some((l) => l.text.includes("PBG rumah")), { timeout: 5000 }).toBe(true);
    await expect.poll(() => emu.calls.filter((c) => c.method === "createForumTopic").length, { timeout: 10_000 }).toBe(2);
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId, { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("PBG rumah saya")), { timeout: 5000 }).toBe(true);
    expect(groupTexts(emu).filter((s) => s.includes("PBG rumah saya"))).toHaveLength(1);
  }, 30_000);

  it("a case opened from the staff-only offer (a refund) says so in its topic's name and first message, not \"Warga minta petugas\"", async () => {
    const { emu, t } = await world();
    const citizen = 7272;
    emu.text(citizen, "saya mau refund retribusi reklame yang sudah saya bayar");
    await emu.waitForSent(citizen, 1);
    const offer = emu.sentTo(citizen).at(-1)!;
    const yes = offer.reply_markup?.inline_keyboard?.flat().find((b) => /petugas/i.test(b.text));
    expect(yes?.callback_data).toBeTruthy();
    emu.tap(citizen, yes!.callback_data!, offer.message_id);
    await emu.waitForSent(GROUP, 1);
    expect((await t.loket.store.list<HandoffCase>("cases"))[0]?.reason).toBe("staff_only");
    const topic = emu.calls.find((c) => c.method === "createForumTopic");
    expect(String(topic?.payload.name)).toContain("Hanya bisa diurus petugas");
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("Kasus baru (Hanya bisa diurus petugas: Pengembalian biaya)"))).toBe(true);
  }, 30_000);

  it("opens one topic per case even when several instances hear the event", async () => {
    const { emu } = await world(3);
    emu.text(7171, "petugas");
    await emu.waitForSent(GROUP, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(emu.calls.filter((c) => c.method === "createForumTopic")).toHaveLength(1);
  }, 30_000);
});
