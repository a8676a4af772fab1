import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { setStaffDisabled } from "../../src/staff/auth.js";
import { applicationRecord } from "../support/applications.js";
import { fixtures } from "../support/fixtures.js";
import { officeDaysKnowledge } from "../support/office-days.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";
import { startStaffWorld, type StaffWorld } from "./support.js";

/**
 * Probes written after the staff3 fixes (2026-12-02): the same behaviours from another side, to
 * see whether the changes are general (another language, the group, another filter).
 */
const GROUP = -1009876543444;
const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});

describe("staff3 probes 2026-12-02", () => {
  it("P1. an English-speaking citizen whose officer's account is disabled is told in English, and the case's topic says why it is back in the queue", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }] });
    const citizen = 9401;
    emu.text(citizen, "Hello, I need help with my application");
    await expect.poll(() => emu.sentTo(citizen).length).toBeGreaterThan(0);
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    emu.text(GROUP, "Hello, I am checking it.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("held");
    const n = emu.sentTo(citizen).length;
    await setStaffDisabled(t.loket.store, "andi", true);
    await t.loket.staff.sweepIdle();
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("waiting");
    await expect.poll(() => emu.sentTo(citizen).slice(n).map((m) => m.text ?? "").join("\n")).toMatch(/another officer/i);
    expect(emu.sentTo(citizen).slice(n).map((m) => m.text ?? "").join("\n")).not.toMatch(/Mohon maaf|petugas lain/);
    await expect.poll(() => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "").join("\n")).toMatch(/andi dinonaktifkan/);
    // A second sweep changes nothing more: the citizen is told once.
    await t.loket.staff.sweepIdle();
    await new Promise((r) => setTimeout(r, 300));
    expect(emu.sentTo(citizen).slice(n).filter((m) => /another officer/i.test(m.text ?? ""))).toHaveLength(1);
  }, 30_000);

  it("P2. sorted by due date and filtered by permit and status together; the search by number keeps the marks", async () => {
    const clock = Date.parse("2026-03-16T03:00:00Z");
    // The office's own 5 working days for reklame (the shipped file has none since round "regions").
    const own = officeDaysKnowledge({ "izin-reklame": 5 });
    cleanups.push(() => rmSync(own.root, { recursive: true, force: true }));
    const w = await startStaffWorld({ now: () => new Date(clock), env: { KNOWLEDGE_DIR: own.knowledgeDir } });
    worlds.push(w);
    const put = async (number: string, permit: string, submittedAt: string) => {
      const app = applicationRecord({ number, permit, conversationId: `web:${number}`, submittedAt, updatedAt: submittedAt, fields: { nama: "Warga" }, history: [{ status: "received", at: submittedAt, by: "loket" }] });
      await w.t.loket.store.put("applications", number, app);
    };
    await put("RBG-2026-000491", "izin-reklame", "2026-03-10T02:00:00Z");
    await put("RBG-2026-000492", "izin-reklame", "2026-03-02T02:00:00Z");
    await put("RBG-2026-000493", "pbg", "2026-03-01T02:00:00Z");
    const budi = await w.login("budi");
    const { applications } = await budi.json<{ applications: { number: string; overdue?: boolean }[] }>("/applications?sort=due&permit=izin-reklame&status=received");
    expect(applications.map((a) => a.number)).toEqual(["RBG-2026-000492", "RBG-2026-000491"]);
    const one = await budi.json<{ applications: { number: string; overdue?: boolean }[] }>(`/applications?q=${encodeURIComponent("rbg 2026 000492")}&sort=due`);
    expect(one.applications).toEqual([expect.objectContaining({ number: "RBG-2026-000492", overdue: true })]);
    expect((await budi.get("/applications?sort=oldest")).status).toBe(400);
  });

  it("P3. a photo sent during a case in the group's topic arrives as a file; one sent after the case ended does not", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }] });
    const citizen = 9403;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    emu.photo(citizen, fixtures.jpg);
    await expect.poll(() => emu.sentTo(GROUP).filter((m) => m.method === "sendDocument" && m.message_thread_id === thread).length).toBe(1);
    const doc = emu.sentTo(GROUP).find((m) => m.method === "sendDocument")!;
    expect(doc.document?.bytes.equals(fixtures.jpg)).toBe(true);
    expect(doc.document?.filename).toMatch(/^kasus-[0-9a-f-]{8}-[0-9a-f]{8}\.jpg$/);
    emu.text(GROUP, "/selesai", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("closed");
    await expect.poll(() => emu.sentTo(citizen).some((m) => /ditutup/.test(m.text ?? ""))).toBe(true);
    const n = emu.sentTo(citizen).length;
    emu.document(citizen, Buffer.concat([fixtures.pdf, Buffer.from("% later\n")]), "later.pdf", "application/pdf");
    // The bot answers the document itself now (no case is open).
    await expect.poll(() => emu.sentTo(citizen).length).toBeGreaterThan(n);
    await new Promise((r) => setTimeout(r, 500));
    expect(emu.sentTo(GROUP).filter((m) => m.method === "sendDocument")).toHaveLength(1);
  }, 30_000);
});

