import { afterEach, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { applicationRecord } from "../support/applications.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";

const GROUP = -1009876543211;

/**
 * The Telegram staff group shows no version a command could send back: what a member could have
 * read is what reached the topic before they sent `/status`. Andi writes "/status ditolak …" while
 * Loket restarts; meanwhile Budi verifies the application in the console. When Andi's command
 * arrives it must not reject what Budi just verified (the citizen would be told both); Andi reads
 * the current status instead.
 */
describe.each(["sqlite", "redis"] as const)("Telegram /status after someone else's change (%s)", (store) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  async function world(): Promise<{ emu: BotApiEmulator; t: TestLoket }> {
    return staffGroupWorld(cleanups, GROUP, { loket: { store } });
  }

  it("a command written before another staff member's change is refused with the current status", async () => {
    const { emu, t } = await world();
    const citizen = 8290;
    const app = applicationRecord({ number: "RBG-2026-000446", permit: "izin-reklame", conversationId: `telegram:${citizen}`, channel: "telegram", fields: { nama: "Siti" } });
    await t.loket.store.put("applications", app.number, app);
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);

    const sentAt = Math.floor(Date.now() / 1000) - 60;
    expect((await t.loket.staff.changeStatus(app.number, { username: "budi", role: "staff" }, { status: "verified" })).ok).toBe(true);
    const toCitizen = () => emu.sentTo(citizen).filter((m) => (m.text ?? "").includes(app.number));
    await expect.poll(() => toCitizen().length).toBe(1);
    const before = emu.sentTo(GROUP).length;

    // Andi's command, sent a minute ago, reaches Loket only now.
    emu.pushUpdate({
      message: {
        message_id: 9001,
        date: sentAt,
        chat: { id: GROUP, type: "supergroup", title: "Petugas" },
        from: { id: 888, is_bot: false, first_name: "Andi" },
        message_thread_id: thread,
        is_topic_message: true,
        text: "/status RBG-2026-000446 ditolak Lokasi di zona hijau",
      },
    });
    await expect.poll(() => emu.sentTo(GROUP).slice(before).map((m) => m.text ?? "").join("\n")).toContain("baru saja diubah oleh budi menjadi <b>Berkas sudah diverifikasi</b>");
    expect((await t.loket.store.get<Application>("applications", app.number))?.status).toBe("verified");
    await new Promise((r) => setTimeout(r, 300));
    expect(toCitizen()).toHaveLength(1);

    // Sent now, after reading the topic: it goes through.
    emu.text(GROUP, "/status RBG-2026-000446 ditolak Lokasi di zona hijau", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<Application>("applications", app.number))?.status).toBe("rejected");
  }, 30_000);

  it("a command written before the citizen sent corrected documents names the citizen, in Indonesian", async () => {
    const { emu, t } = await world();
    const citizen = 8291;
    const at = new Date().toISOString();
    const app = applicationRecord({
      number: "RBG-2026-000447",
      permit: "izin-reklame",
      conversationId: `telegram:${citizen}`,
      channel: "telegram",
      status: "needs_correction",
      history: [
        { status: "received", at: new Date(Date.now() - 3_600_000).toISOString(), by: "loket" },
        { status: "needs_correction", at: new Date(Date.now() - 1_800_000).toISOString(), by: "budi", note: "Foto KTP buram", documents: ["ktp"] },
        { status: "needs_correction", at, by: "citizen", note: "dokumen perbaikan dikirim" },
      ],
    });
    await t.loket.store.put("applications", app.number, app);
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    const before = emu.sentTo(GROUP).length;
    emu.pushUpdate({
      message: {
        message_id: 9002,
        date: Math.floor(Date.now() / 1000) - 60,
        chat: { id: GROUP, type: "supergroup", title: "Petugas" },
        from: { id: 888, is_bot: false, first_name: "Andi" },
        message_thread_id: thread,
        is_topic_message: true,
        text: "/status RBG-2026-000447 ditolak Dokumen tidak dikirim",
      },
    });
    await expect.poll(() => emu.sentTo(GROUP).slice(before).map((m) => m.text ?? "").join("\n")).toContain("diubah oleh warga (dokumen perbaikan)");
    expect((await t.loket.store.get<Application>("applications", app.number))?.status).toBe("needs_correction");
  }, 30_000);
});
