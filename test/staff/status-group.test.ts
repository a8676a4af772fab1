import { afterEach, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { applicationRecord } from "../support/applications.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";

const GROUP = -1009876543210;

/**
 * docs/staff.md: a status change "may carry a note (required for needs_correction and rejected:
 * the citizen must know why)", and `/status` in the group "changes an application's status as the
 * console does". The console's API refuses a rejection without a note; the group must too.
 */
describe("Telegram staff group /status without a note", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  async function world(): Promise<{ emu: BotApiEmulator; t: TestLoket }> {
    return staffGroupWorld(cleanups, GROUP);
  }

  const groupTexts = (emu: BotApiEmulator) => emu.sentTo(GROUP).map((m) => m.rendered ?? m.text ?? "");

  it("a status changed in the console while the citizen's case is open is shown in the case's topic too, once", async () => {
    const { emu, t } = await world();
    const citizen = 8283;
    const app = applicationRecord({ number: "RBG-2026-000445", permit: "izin-reklame", conversationId: `telegram:${citizen}`, channel: "telegram", fields: { nama: "Siti" } });
    await t.loket.store.put("applications", app.number, app);
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);

    const r = await t.loket.staff.changeStatus(app.number, { username: "budi", role: "staff" }, { status: "verified" });
    expect(r.ok).toBe(true);
    const inTopic = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread && (m.text ?? "").includes("RBG-2026-000445"));
    await expect.poll(() => inTopic().length).toBe(1);
    expect(inTopic()[0]!.text).toContain("diverifikasi");

    // Changed from the topic itself: the group's own answer, not a copy of the notice as well.
    emu.text(GROUP, "/status RBG-2026-000445 disetujui", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => inTopic().length).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(inTopic()).toHaveLength(2);
    expect(inTopic()[1]!.text).toContain("warga sudah diberi tahu");
  }, 30_000);

  for (const [word, status] of [["ditolak", "rejected"], ["perbaikan", "needs_correction"]] as const) {
    it(`'/status <nomor> ${word}' with no note is refused, as the console refuses it; the citizen is not told '${status}' without a reason`, async () => {
      const { emu, t } = await world();
      const citizen = 8282;
      const app = applicationRecord({ number: "RBG-2026-000444", permit: "izin-reklame", conversationId: `telegram:${citizen}`, channel: "telegram", fields: { nama: "Siti" } });
      await t.loket.store.put("applications", app.number, app);
      const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
      const before = groupTexts(emu).length;

      emu.text(GROUP, `/status RBG-2026-000444 ${word}`, { chatType: "supergroup", threadId: thread, fromId: 888 });
      // The group answers the command either way (changed, or how to write it).
      await expect.poll(() => groupTexts(emu).length).toBeGreaterThan(before);
      await new Promise((r) => setTimeout(r, 200));

      const stored = await t.loket.store.get<Application>("applications", app.number);
      expect(stored?.status, "status changed from the group with no note for the citizen").toBe("received");
      expect(groupTexts(emu).at(-1)).toContain("perlu alasan untuk warga");
      // The example names the status asked for, not another one ("ditolak" for a correction).
      expect(groupTexts(emu).at(-1)).toContain(`/status RBG-2026-000444 ${word} <alasan untuk warga>`);
      // With the reason, the same command goes through.
      emu.text(GROUP, `/status RBG-2026-000444 ${word} Foto KTP buram`, { chatType: "supergroup", threadId: thread, fromId: 888 });
      await expect.poll(async () => (await t.loket.store.get<Application>("applications", app.number))?.status).toBe(status);
    }, 30_000);
  }
});
