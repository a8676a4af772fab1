import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { AuditEntry } from "../../src/staff/audit.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { staffGroupWorld } from "./group-world.js";

const GROUP = -1005550001111;
const HOUR = 3_600_000;
const OPENED = "2026-12-01T03:00:00.000Z";
/** 72 hours after OPENED, as the console shows it (Jakarta time). */
const DUE = "04/12/26, 10.00";

/**
 * Personal-data (UU PDP) cases in the Telegram staff group: the topic shows the request and its
 * deadline as the console does, `/pdp_selesai` does what the console's privacy-done does, and a
 * request near its deadline is reminded once, with two instances on one store (SQLite, Redis).
 */
for (const store of ["sqlite", "redis"] as const) {
  describe(`UU PDP requests in the Telegram staff group (${store} store)`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const f of cleanups.splice(0).reverse()) await f();
    });
    let clock = new Date(OPENED);

    async function world(): Promise<{ emu: BotApiEmulator; t: TestLoket }> {
      clock = new Date(OPENED);
      // Two installs on one store and bus stand for two instances.
      return staffGroupWorld(cleanups, GROUP, {
        loket: { store, now: () => clock },
        staff: [{ username: "andi", id: 888 }, { username: "dewi", id: 999 }],
        installs: 2,
        group: { now: () => clock, remindEveryMs: 50 },
      });
    }

    const inTopic = (emu: BotApiEmulator, thread: number) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
    const count = (texts: string[], re: RegExp) => texts.filter((s) => re.test(s)).length;

    /** A web citizen's conversation opens a case; resolves with it once its topic is recorded. */
    async function openCase(emu: BotApiEmulator, t: TestLoket, conversationId: string, inputs: ({ text: string } | { choice: string })[]): Promise<{ thread: number; caseId: string }> {
      for (const input of inputs) await t.send({ conversationId, ...input });
      let c: HandoffCase | undefined;
      await expect.poll(async () => (c = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === conversationId))?.staffThreadId).toBeGreaterThan(0);
      await expect.poll(() => inTopic(emu, c!.staffThreadId!).length).toBeGreaterThan(0);
      return { thread: c!.staffThreadId!, caseId: c!.id };
    }
    const withdraw = [{ text: "saya tarik persetujuan saya" }, { choice: "privacy.offer:withdraw" }];
    const copy = [{ text: "minta salinan data saya" }, { choice: "privacy.offer:staff" }];
    const said = async (t: TestLoket, conversationId: string, re: RegExp) => (await t.loket.store.transcript(conversationId)).filter((e) => re.test(e.text)).length;
    const privacyAudits = async (t: TestLoket, caseId: string) => (await t.loket.store.list<AuditEntry>("audit")).filter((e) => e.action === "privacy_done" && e.caseId === caseId);

    it("the topic shows the request and its deadline; /pdp_selesai marks it done as the console does (held by another: refused; twice: told)", async () => {
      const { emu, t } = await world();
      const conv = "web:pdp-tarik";
      const { thread, caseId } = await openCase(emu, t, conv, withdraw);
      await expect.poll(() => inTopic(emu, thread)).toContain(`🔒 Penarikan persetujuan: batas tindak lanjut ${DUE} WIB (3×24 jam, UU PDP). Setelah dikerjakan, ketik /pdp_selesai; warga akan diberi tahu.`);
      const menu = emu.calls.find((c) => c.method === "setMyCommands" && JSON.stringify(c.payload.scope ?? "").includes(String(GROUP)));
      expect(JSON.stringify(menu?.payload.commands)).toContain("pdp_selesai");

      // Dewi holds the case: Andi (not an admin) may not mark its request done, as in the console.
      emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 999 });
      await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.heldBy).toBe("dewi");
      emu.text(GROUP, "/pdp_selesai", { chatType: "supergroup", threadId: thread, fromId: 888 });
      await expect.poll(() => inTopic(emu, thread)).toContain("Kasus ini sedang dilayani dewi.");
      expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.privacy?.doneAt).toBeUndefined();

      clock = new Date(Date.parse(OPENED) + 2 * HOUR);
      emu.text(GROUP, "/pdp_selesai", { chatType: "supergroup", threadId: thread, fromId: 999 });
      await expect.poll(() => inTopic(emu, thread)).toContain("✅ Permintaan data pribadi selesai 01/12/26, 12.00 WIB oleh dewi; warga sudah diberi tahu.");
      const stored = (await t.loket.store.get<HandoffCase>("cases", caseId))!;
      expect(stored.privacy).toEqual({ dueAt: "2026-12-04T03:00:00.000Z", kind: "withdraw_consent", doneAt: clock.toISOString(), doneBy: "dewi" });
      const audits = await privacyAudits(t, caseId);
      expect(audits.map((a) => [a.by, a.detail])).toEqual([["dewi", "telegram"]]);
      expect(await said(t, conv, /data pribadi sudah diselesaikan petugas/)).toBe(1);

      // Again: nothing done twice, the member told by whom and when.
      emu.text(GROUP, "/pdp_selesai", { chatType: "supergroup", threadId: thread, fromId: 999 });
      await expect.poll(() => inTopic(emu, thread)).toContain("Permintaan data pribadi ini sudah ditandai selesai 01/12/26, 12.00 WIB oleh dewi; warga tidak diberi tahu dua kali.");
      expect(await said(t, conv, /data pribadi sudah diselesaikan petugas/)).toBe(1);
      expect(await privacyAudits(t, caseId)).toHaveLength(1);
      expect(count(inTopic(emu, thread), /^✅ Permintaan data pribadi selesai/)).toBe(1);

      // The request done, closing the case closes its topic as for any case.
      emu.text(GROUP, "/selesai", { chatType: "supergroup", threadId: thread, fromId: 999 });
      await expect.poll(() => emu.calls.some((c) => c.method === "closeForumTopic" && Number(c.payload.message_thread_id) === thread)).toBe(true);
    }, 30_000);

    it("a case that is not about personal data is refused politely; a closed case's topic stays open until the console marks the request done", async () => {
      const { emu, t } = await world();
      const plain = await openCase(emu, t, "web:biasa", [{ text: "petugas" }]);
      expect(inTopic(emu, plain.thread).some((s) => /batas tindak lanjut/.test(s))).toBe(false);
      emu.text(GROUP, "/pdp_selesai", { chatType: "supergroup", threadId: plain.thread, fromId: 888 });
      await expect.poll(() => inTopic(emu, plain.thread)).toContain("Kasus ini bukan permintaan data pribadi (UU PDP), jadi tidak ada yang perlu ditandai selesai. Untuk menutup kasus, ketik /selesai.");
      expect(await privacyAudits(t, plain.caseId)).toHaveLength(0);

      const conv = "web:pdp-salinan";
      const { thread, caseId } = await openCase(emu, t, conv, copy);
      await expect.poll(() => inTopic(emu, thread)).toContain(`🔒 Permintaan data pribadi: batas tindak lanjut ${DUE} WIB (3×24 jam, UU PDP). Setelah dikerjakan, ketik /pdp_selesai; warga akan diberi tahu.`);
      emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 888 });
      await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("held");
      emu.text(GROUP, "/selesai", { chatType: "supergroup", threadId: thread, fromId: 888 });
      await expect.poll(() => inTopic(emu, thread)).toContain("✔️ Ditutup oleh andi.");
      // The chat ended, the request did not: the topic says so and stays open for /pdp_selesai.
      await expect.poll(() => count(inTopic(emu, thread), /^🔒 Permintaan data pribadi: batas tindak lanjut/)).toBe(2);
      const closedTopic = () => emu.calls.some((c) => c.method === "closeForumTopic" && Number(c.payload.message_thread_id) === thread);
      expect(closedTopic()).toBe(false);

      // Marked done in the console (the same operation): the topic says so, then closes.
      clock = new Date(Date.parse(OPENED) + 5 * HOUR);
      const r = await t.loket.staff.completePrivacy(caseId, { username: "dewi", role: "staff" });
      expect(r.ok).toBe(true);
      await expect.poll(() => inTopic(emu, thread)).toContain("✅ Permintaan data pribadi selesai 01/12/26, 15.00 WIB oleh dewi; warga sudah diberi tahu.");
      await expect.poll(closedTopic).toBe(true);
      expect(await said(t, conv, /data pribadi sudah diselesaikan petugas/)).toBe(1);
    }, 30_000);

    it("a request 12 hours from its deadline is reminded once across instances; past it, a new topic says it is overdue", async () => {
      const { emu, t } = await world();
      const conv = "web:pdp-ingat";
      const { thread } = await openCase(emu, t, conv, withdraw);
      const reminders = () => count(inTopic(emu, thread), /Pengingat UU PDP/);
      clock = new Date(Date.parse(OPENED) + 59 * HOUR); // 13 hours left
      await new Promise((r) => setTimeout(r, 400));
      expect(reminders()).toBe(0);
      clock = new Date(Date.parse(OPENED) + 61 * HOUR); // 11 hours left
      await expect.poll(reminders).toBe(1);
      await new Promise((r) => setTimeout(r, 400));
      expect(reminders()).toBe(1);
      expect(inTopic(emu, thread)).toContain(`⏰ Pengingat UU PDP: Penarikan persetujuan belum ditandai selesai; batas tindak lanjut ${DUE} WIB (sekitar 11 jam lagi). Setelah dikerjakan, ketik /pdp_selesai; warga akan diberi tahu.`);

      // Past the deadline, staff deleted the topic: the one that replaces it shows the request overdue.
      clock = new Date(Date.parse(OPENED) + 73 * HOUR);
      emu.deleteThread(thread);
      await t.send({ conversationId: conv, text: "bagaimana permintaan saya?" });
      let replaced = 0;
      await expect.poll(async () => (replaced = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === conv)?.staffThreadId ?? 0)).not.toBe(thread);
      await expect.poll(() => inTopic(emu, replaced)).toContain(`⚠️ Lewat batas UU PDP. Penarikan persetujuan: batas tindak lanjut ${DUE} WIB. Setelah dikerjakan, ketik /pdp_selesai; warga akan diberi tahu.`);
      expect(count(inTopic(emu, replaced), /Pengingat UU PDP/)).toBe(0);
    }, 30_000);
    it("an open case's request whose topic staff deleted: the topic that replaces it carries the reminder in the same words as a live topic, once across instances", async () => {
      const { emu, t } = await world();
      const conv = "web:pdp-ingat-hilang";
      const { thread } = await openCase(emu, t, conv, withdraw);
      emu.deleteThread(thread);
      clock = new Date(Date.parse(OPENED) + 61 * HOUR); // 11 hours left
      let replaced = 0;
      await expect.poll(async () => (replaced = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === conv)?.staffThreadId ?? 0)).not.toBe(thread);
      const reminder = `⏰ Pengingat UU PDP: Penarikan persetujuan belum ditandai selesai; batas tindak lanjut ${DUE} WIB (sekitar 11 jam lagi). Setelah dikerjakan, ketik /pdp_selesai; warga akan diberi tahu.`;
      await expect.poll(() => inTopic(emu, replaced)).toContain(reminder);
      // The summary and the deadline come first, as in any case's topic; the reminder after them.
      const texts = inTopic(emu, replaced);
      expect(texts[0]).toMatch(/^Kasus baru/);
      expect(texts.indexOf(reminder)).toBeGreaterThan(texts.findIndex((s) => s.startsWith("🔒 Penarikan persetujuan: batas tindak lanjut")));
      await new Promise((r) => setTimeout(r, 400));
      expect(count(inTopic(emu, replaced), /Pengingat UU PDP/)).toBe(1);
      expect(emu.calls.filter((c) => c.method === "createForumTopic")).toHaveLength(2);
    }, 30_000);
    it("a closed case's request whose topic staff deleted: its reminder and its done notice go to the group's general thread, naming the case without personal data, once across instances", async () => {
      const { emu, t } = await world();
      const conv = "web:pdp-topik-hilang";
      const { thread, caseId } = await openCase(emu, t, conv, [{ text: "minta salinan data saya, NIK 3201234567890123" }, { choice: "privacy.offer:staff" }]);
      emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 888 });
      await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("held");
      emu.text(GROUP, "/selesai", { chatType: "supergroup", threadId: thread, fromId: 888 });
      await expect.poll(() => count(inTopic(emu, thread), /^🔒 Permintaan data pribadi: batas tindak lanjut/)).toBe(2);
      // Staff tidy the group: the topic of the ended chat is deleted, its request still to do.
      emu.deleteThread(thread);
      const general = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === undefined).map((m) => m.text ?? "");
      clock = new Date(Date.parse(OPENED) + 61 * HOUR); // 11 hours left
      await expect.poll(() => count(general(), /Pengingat UU PDP/)).toBe(1);
      expect(general()).toContain(
        `⏰ Pengingat UU PDP untuk kasus “Data pribadi (UU PDP) · web · 10.00” (dibuka 01/12/26, 10.00 WIB), yang topiknya sudah dihapus: Permintaan data pribadi belum ditandai selesai; batas tindak lanjut ${DUE} WIB (sekitar 11 jam lagi). Setelah dikerjakan, tandai selesai di konsol petugas; warga akan diberi tahu.`,
      );
      // Marked done in the console: said there too.
      clock = new Date(Date.parse(OPENED) + 62 * HOUR);
      expect((await t.loket.staff.completePrivacy(caseId, { username: "andi", role: "staff" })).ok).toBe(true);
      await expect.poll(() => general()).toContain("✅ Kasus “Data pribadi (UU PDP) · web · 10.00” (dibuka 01/12/26, 10.00 WIB), yang topiknya sudah dihapus: permintaan data pribadi selesai 04/12/26, 00.00 WIB oleh andi; warga sudah diberi tahu.");
      await new Promise((r) => setTimeout(r, 400));
      expect(count(general(), /Pengingat UU PDP/)).toBe(1);
      expect(count(general(), /permintaan data pribadi selesai/)).toBe(1);
      // Nothing of the citizen's in the general thread: no NIK, no conversation id, no words.
      expect(general().join("\n")).not.toMatch(/3201234567890123|pdp-topik-hilang|salinan/);
      // No new topic for an ended case.
      expect(emu.calls.filter((c) => c.method === "createForumTopic")).toHaveLength(1);
    }, 30_000);
    it("a request whose case has no topic (the bot may not create topics in the group): its reminder goes to the general thread once, naming the case without personal data", async () => {
      const { emu, t } = await world();
      // As Telegram answers a bot without the "manage topics" right; retried, never created here.
      emu.failWith("createForumTopic", 1_000, 400, "Bad Request: not enough rights to create a topic");
      const conv = "web:pdp-tanpa-topik";
      for (const input of [{ text: "saya tarik persetujuan saya, NIK 3201234567890123" }, { choice: "privacy.offer:withdraw" }]) await t.send({ conversationId: conv, ...input });
      await expect.poll(async () => (await t.loket.store.list<HandoffCase>("cases")).some((x) => x.conversationId === conv)).toBe(true);
      const general = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === undefined).map((m) => m.text ?? "");
      clock = new Date(Date.parse(OPENED) + 61 * HOUR); // 11 hours left
      await expect.poll(() => count(general(), /Pengingat UU PDP/)).toBe(1);
      expect(general()).toContain(
        `⏰ Pengingat UU PDP untuk kasus “Data pribadi (UU PDP) · web · 10.00” (dibuka 01/12/26, 10.00 WIB), yang tidak punya topik di grup ini: Penarikan persetujuan belum ditandai selesai; batas tindak lanjut ${DUE} WIB (sekitar 11 jam lagi). Setelah dikerjakan, tandai selesai di konsol petugas; warga akan diberi tahu.`,
      );
      await new Promise((r) => setTimeout(r, 400));
      expect(count(general(), /Pengingat UU PDP/)).toBe(1);
      expect(general().join("\n")).not.toMatch(/3201234567890123|pdp-tanpa-topik|persetujuan saya/);
    }, 30_000);
  });
}
