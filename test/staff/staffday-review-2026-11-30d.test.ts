import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { StoreError } from "../../src/errors.js";
import type { StaffOps } from "../../src/staff/index.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { staffGroupWorld } from "./group-world.js";

const GROUP = -1009876543210;

/** A day of licensing staff: what a staff member or a citizen met that was wrong, lost or duplicated. */
describe("staff day review 2026-11-30d: Telegram staff group", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  /** Loket with the staff group on the emulator; `wrap` may stand between the group and the staff operations. */
  async function world(wrap: (ops: StaffOps) => StaffOps = (o) => o): Promise<{ emu: BotApiEmulator; t: TestLoket }> {
    return staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }], wrapOps: wrap });
  }

  async function caseWithTopic(emu: BotApiEmulator, t: TestLoket, citizen: number): Promise<{ thread: number; caseId: string }> {
    emu.text(citizen, "petugas");
    await emu.waitForSent(GROUP, 1);
    const thread = emu.sentTo(GROUP)[0]!.message_thread_id!;
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBe(thread);
    return { thread, caseId };
  }

  it("what the bot tells a citizen during a handoff ('hapus data saya' noted for later) shows in the topic, so staff know what the citizen was told", async () => {
    const { emu, t } = await world();
    const citizen = 7302;
    const { thread } = await caseWithTopic(emu, t, citizen);
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => emu.sentTo(citizen).some((m) => (m.text ?? "").includes("Petugas Andi"))).toBe(true);
    emu.text(citizen, "hapus data saya");
    await expect.poll(() => emu.sentTo(citizen).some((m) => (m.text ?? "").includes("kami catat"))).toBe(true);
    const topic = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
    await expect.poll(() => topic().join("\n"), { timeout: 3000 }).toMatch(/Bot ke warga: Permintaan hapus data Bapak\/Ibu kami catat/);
  });

  it("a reply the store could not take (the conversation busy, the store away) is said in the topic, not dropped in silence", async () => {
    let failures = 1;
    const { emu, t } = await world((ops) => ({
      ...ops,
      // As runtime.mutate does when the citizen's conversation stayed busy past the lock wait.
      reply: (...args) => (failures-- > 0 ? Promise.reject(new StoreError("LOCK_TIMEOUT", "conversation is busy", {})) : ops.reply(...args)),
    }));
    const citizen = 7301;
    const { thread } = await caseWithTopic(emu, t, citizen);
    const groupTexts = () => emu.sentTo(GROUP).map((m) => m.text ?? "");
    const before = groupTexts().length;
    emu.text(GROUP, "Selamat pagi Bu, berkasnya sudah kami terima.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    // The staff member must learn the citizen did not get it, and that sending it again is the way.
    await expect.poll(() => groupTexts().slice(before).join("\n"), { timeout: 3000 }).toMatch(/belum terkirim|tidak terkirim/i);
    expect(emu.sentTo(citizen).some((m) => (m.text ?? "").includes("berkasnya sudah kami terima"))).toBe(false);
    // Sent again, it reaches the citizen.
    emu.text(GROUP, "Selamat pagi Bu, berkasnya sudah kami terima.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => emu.sentTo(citizen).some((m) => (m.text ?? "").includes("berkasnya sudah kami terima"))).toBe(true);
  });
});

describe("staff day review 2026-11-30d: handoff", () => {
  let clock = Date.parse("2026-03-02T02:00:00Z"); // Monday 09:00 in Jakarta
  const budi = { username: "budi", role: "staff" as const, displayName: "Budi" };
  const dewi = { username: "dewi", role: "staff" as const, displayName: "Dewi" };

  it("a case back in the queue after a silence is answered by the same staff member: the citizen is not told again that Budi now serves them", async () => {
    const { startStaffWorld } = await import("./support.js");
    const w = await startStaffWorld({ now: () => new Date(clock), env: { HANDOFF_IDLE_MINUTES: "15" } });
    try {
      const citizen = await w.citizen();
      await citizen.say("petugas");
      const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
      expect((await w.ops.take(caseId, budi)).ok).toBe(true);
      // Budi looks up a regulation for 16 minutes; the case goes back to the queue (the citizen is not told).
      clock += 16 * 60_000;
      expect(await w.ops.sweepIdle()).toEqual([caseId]);
      expect(await w.ops.reply(caseId, budi, "Maaf menunggu, Bu. Dasar hukumnya Perda 5/2023.")).toMatchObject({ ok: true, case: { status: "held", heldBy: "budi" } });
      await citizen.events.waitFor((o) => o.text.includes("Perda 5/2023"));
      const taken = citizen.events.received.filter((o) => o.text.includes("sekarang melayani"));
      expect(taken.map((o) => o.text)).toEqual([expect.stringContaining("Petugas Budi")]);
      // Someone else taking it over is said, as before.
      clock += 16 * 60_000;
      expect(await w.ops.sweepIdle()).toEqual([caseId]);
      expect((await w.ops.take(caseId, dewi)).ok).toBe(true);
      await citizen.events.waitFor((o) => o.text.includes("Petugas Dewi sekarang melayani"));
      expect((await w.ops.take(caseId, { ...budi, role: "admin" })).ok).toBe(true);
      await expect.poll(() => citizen.events.received.filter((o) => o.text.includes("Petugas Budi sekarang melayani")).length).toBe(2);
    } finally {
      await w.close();
    }
  });
});

describe("staff day review 2026-11-30d: the console's live transcript", () => {
  it("shows what the bot told the citizen during the handoff, as a reload of the case does", async () => {
    const { startStaffWorld } = await import("./support.js");
    const w = await startStaffWorld();
    try {
      const citizen = await w.citizen();
      await citizen.say("petugas");
      const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
      const budi = await w.login("budi");
      const feed = await budi.events();
      expect((await budi.post(`/cases/${caseId}/take`)).status).toBe(200);
      const told = (await citizen.say("hapus data saya")).map((o) => o.text).join("\n");
      expect(told).toContain("kami catat");
      await feed.waitFor((e) => e.type === "case_message" && e.caseId === caseId && e.from === "citizen" && e.text === "hapus data saya");
      await feed.waitFor((e) => e.type === "case_message" && e.caseId === caseId && e.from === "bot" && (e.text ?? "").includes("kami catat"), 2000);
    } finally {
      await w.close();
    }
  });
});

describe("staff day review 2026-11-30d: a reply sent again", () => {
  it("the console sending a reply again after its answer was lost (a phone's network dropped) reaches the citizen once", async () => {
    const { startStaffWorld } = await import("./support.js");
    const w = await startStaffWorld();
    try {
      const citizen = await w.citizen();
      await citizen.say("petugas");
      const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
      const budi = await w.login("budi");
      const body = { text: "Berkas Ibu sudah lengkap, tinggal menunggu verifikasi.", requestId: "9f1c2d7e-5b8a-4c3e-9d21-0a6b7c8d9e10" };
      // The first request was carried out; its answer never reached the console, which sends it again.
      expect((await budi.post(`/cases/${caseId}/messages`, body)).status).toBe(200);
      const again = await budi.post(`/cases/${caseId}/messages`, body);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { case: { status: string } }).case.status).toBe("held");
      // A new message with the same words is a new reply (staff meant to say it twice).
      expect((await budi.post(`/cases/${caseId}/messages`, { ...body, requestId: "1a2b3c4d-0000-4000-8000-000000000001" })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(citizen.events.received.filter((o) => o.text.includes("tinggal menunggu verifikasi"))).toHaveLength(2);
      const lines = (await w.t.loket.store.transcript(citizen.conversationId)).filter((l) => l.text.includes("tinggal menunggu verifikasi"));
      expect(lines).toHaveLength(2);
    } finally {
      await w.close();
    }
  });
});
