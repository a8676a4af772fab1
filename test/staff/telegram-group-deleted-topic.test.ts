import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { staffGroupWorld } from "./group-world.js";

const GROUP = -1005550002222;
const OPENED = "2026-12-01T03:00:00.000Z";
const andi = { username: "andi", role: "staff" as const };
const dewi = { username: "dewi", role: "staff" as const };

/**
 * A case whose topic staff deleted in the Telegram staff group (the Bot API then answers 400
 * "Bad Request: message thread not found"): what was to be said in the topic still reaches staff.
 * An open case gets a new topic carrying it; an ended case's notice goes to the group's general
 * thread, naming the case by its topic's name and opening time, never the citizen's data. Two
 * instances on one store (SQLite, Redis): each notice once.
 */
for (const store of ["sqlite", "redis"] as const) {
  describe(`Telegram staff group, a case's topic deleted (${store} store)`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const f of cleanups.splice(0).reverse()) await f();
    });

    async function world(): Promise<{ emu: BotApiEmulator; t: TestLoket }> {
      const clock = new Date(OPENED);
      return staffGroupWorld(cleanups, GROUP, {
        loket: { store, now: () => clock },
        staff: [{ username: "andi", id: 888 }, { username: "dewi", id: 999 }],
        installs: 2,
        group: { now: () => clock, remindEveryMs: 50 },
      });
    }

    const inTopic = (emu: BotApiEmulator, thread: number) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
    const general = (emu: BotApiEmulator) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === undefined).map((m) => m.text ?? "");
    const count = (texts: string[], re: RegExp) => texts.filter((s) => re.test(s)).length;
    const topics = (emu: BotApiEmulator) => emu.calls.filter((c) => c.method === "createForumTopic").length;
    const settle = () => new Promise((r) => setTimeout(r, 400));

    async function openCase(emu: BotApiEmulator, t: TestLoket, conversationId: string, inputs: ({ text: string } | { choice: string })[]): Promise<{ thread: number; caseId: string }> {
      for (const input of inputs) await t.send({ conversationId, ...input });
      let c: HandoffCase | undefined;
      await expect.poll(async () => (c = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === conversationId))?.staffThreadId).toBeGreaterThan(0);
      await expect.poll(() => inTopic(emu, c!.staffThreadId!).length).toBeGreaterThan(0);
      return { thread: c!.staffThreadId!, caseId: c!.id };
    }
    const asksPerson = (words: string) => [{ text: words }, { text: "petugas" }];
    const statusOf = async (t: TestLoket, caseId: string) => (await t.loket.store.get<HandoffCase>("cases", caseId))?.status;

    it("closed or given back to the bot from the console, or left by the citizen before anyone took it: said once in the general thread, no new topic, no personal data", async () => {
      const { emu, t } = await world();
      const closed = await openCase(emu, t, "web:tutup-hilang", asksPerson("izin saya belum jadi, nik 3201234567890123"));
      const givenBack = await openCase(emu, t, "web:kembali-hilang", asksPerson("berkas saya dikembalikan, hp 081234567890"));
      const left = await openCase(emu, t, "web:antre-hilang", asksPerson("pelayanan lambat sekali"));
      expect((await t.loket.staff.take(closed.caseId, andi)).ok).toBe(true);
      expect((await t.loket.staff.take(givenBack.caseId, dewi)).ok).toBe(true);
      await expect.poll(() => count(inTopic(emu, closed.thread), /^✋ Diambil oleh andi/)).toBe(1);
      await expect.poll(() => count(inTopic(emu, givenBack.thread), /^✋ Diambil oleh dewi/)).toBe(1);
      for (const c of [closed, givenBack, left]) emu.deleteThread(c.thread);

      expect((await t.loket.staff.close(closed.caseId, andi)).ok).toBe(true);
      expect((await t.loket.staff.giveBack(givenBack.caseId, dewi)).ok).toBe(true);
      await t.send({ conversationId: "web:antre-hilang", text: "menu" });
      await expect.poll(() => statusOf(t, left.caseId)).toBe("returned");

      const named = "“Warga minta petugas · web · 10.00” (dibuka 01/12/26, 10.00 WIB), yang topiknya sudah dihapus";
      await expect.poll(() => general(emu)).toContain(`✔️ Kasus ${named}: ditutup oleh andi.`);
      await expect.poll(() => general(emu)).toContain(`🤖 Kasus ${named}: dikembalikan ke bot oleh dewi.`);
      await expect.poll(() => general(emu)).toContain(`ℹ️ Untuk kasus ${named}: ↩️ Warga kembali ke asisten otomatis sebelum kasusnya diambil petugas; kasus ditutup dari antrean.`);
      await settle();
      expect(general(emu)).toHaveLength(3);
      expect(general(emu).join("\n")).not.toMatch(/3201234567890123|081234567890|web:|hilang|belum jadi|lambat/);
      // An ended case gets no new topic.
      expect(topics(emu)).toBe(3);
    }, 30_000);

    it("a personal-data (UU PDP) case closed with its request still to do: the general thread has the close and the deadline, to be marked done in the console", async () => {
      const { emu, t } = await world();
      const { thread, caseId } = await openCase(emu, t, "web:pdp-tutup-hilang", [{ text: "minta salinan data saya, NIK 3201234567890123" }, { choice: "privacy.offer:staff" }]);
      expect((await t.loket.staff.take(caseId, andi)).ok).toBe(true);
      await expect.poll(() => count(inTopic(emu, thread), /^✋ Diambil oleh andi/)).toBe(1);
      emu.deleteThread(thread);
      expect((await t.loket.staff.close(caseId, andi)).ok).toBe(true);
      const named = "“Data pribadi (UU PDP) · web · 10.00” (dibuka 01/12/26, 10.00 WIB), yang topiknya sudah dihapus";
      await expect.poll(() => general(emu)).toContain(`✔️ Kasus ${named}: ditutup oleh andi.`);
      await expect.poll(() => general(emu)).toContain(
        `🔒 Kasus ${named}: Permintaan data pribadi belum ditandai selesai; batas tindak lanjut 04/12/26, 10.00 WIB (3×24 jam, UU PDP). Setelah dikerjakan, tandai selesai di konsol petugas; warga akan diberi tahu.`,
      );
      await settle();
      expect(general(emu)).toHaveLength(2);
      expect(general(emu).join("\n")).not.toMatch(/3201234567890123|web:|salinan/);
      expect(topics(emu)).toBe(1);
    }, 30_000);

    it("an open case: a console reply (which takes the case) lands in the new topic with the take, each once, after the summary", async () => {
      const { emu, t } = await world();
      const { thread, caseId } = await openCase(emu, t, "web:balas-hilang", asksPerson("izin reklame saya bagaimana"));
      emu.deleteThread(thread);
      expect((await t.loket.staff.reply(caseId, dewi, "Baik Bu, kami cek dulu")).ok).toBe(true);
      let replaced = 0;
      await expect.poll(async () => (replaced = (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId ?? 0)).not.toBe(thread);
      await expect.poll(() => inTopic(emu, replaced)).toContain("👤 dewi: Baik Bu, kami cek dulu");
      await expect.poll(() => inTopic(emu, replaced)).toContain("✋ Diambil oleh dewi.");
      await settle();
      const texts = inTopic(emu, replaced);
      expect(texts[0]).toMatch(/^Kasus baru/);
      expect(count(texts, /^👤 dewi: Baik Bu, kami cek dulu$/)).toBe(1);
      expect(count(texts, /^✋ Diambil oleh dewi\.$/)).toBe(1);
      expect(topics(emu)).toBe(2);
      expect(general(emu)).toHaveLength(0);
    }, 30_000);
  });
}
