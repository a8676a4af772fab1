import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { completeApplication } from "../support/citizen.js";
import { sendVia } from "../support/loket.js";
import { estimateWait } from "../../src/domain/queue.js";
import type { AuditEntry } from "../../src/staff/audit.js";
import { startStaffWorld, type StaffWorld } from "./support.js";

const actor = (username: string, role: "staff" | "admin" = "staff") => ({ username, role, displayName: username });

describe("handoff operations on a pinned clock", () => {
  let w: StaffWorld;
  let clock = Date.parse("2026-03-02T02:00:00Z"); // Monday 09:00 in Jakarta
  const tick = (minutes: number) => (clock += minutes * 60_000);
  beforeAll(async () => {
    w = await startStaffWorld({ now: () => new Date(clock), env: { HANDOFF_IDLE_MINUTES: "15" } });
  });
  afterAll(async () => w.close());

  async function openCase() {
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const state = await w.t.loket.store.peekState(citizen.conversationId);
    expect(state?.handoff?.status).toBe("waiting");
    return { citizen, caseId: state!.handoff!.caseId };
  }

  it("a held case with no staff reply for HANDOFF_IDLE_MINUTES goes back to the queue, with a notice to staff", async () => {
    const budi = await w.login("budi");
    const feed = await budi.events();
    const { citizen, caseId } = await openCase();
    expect((await w.ops.take(caseId, actor("budi"))).ok).toBe(true);

    tick(10);
    expect(await w.ops.reply(caseId, actor("budi"), "Sebentar, saya cek dulu.")).toMatchObject({ ok: true });
    tick(14);
    expect(await w.ops.sweepIdle()).toEqual([]); // 14 minutes since the last reply
    tick(1);
    expect(await w.ops.sweepIdle()).toEqual([caseId]);

    const c = await w.t.loket.store.get<HandoffCase>("cases", caseId);
    expect(c).toMatchObject({ status: "waiting" });
    expect(c?.heldBy).toBeUndefined();
    // Served already: marked told, so the citizen's next message is not met with the queue notice (handback4).
    expect((await w.t.loket.store.peekState(citizen.conversationId))?.handoff).toEqual({ caseId, status: "waiting", toldWaiting: true });
    await feed.waitFor((e) => e.type === "case_message" && e.caseId === caseId && e.from === "system" && /15 menit/.test(e.text ?? ""));
    const { entries } = await (await w.login("sari")).json<{ entries: AuditEntry[] }>("/audit?action=requeue");
    expect(entries.find((e) => e.caseId === caseId)).toMatchObject({ by: "system", detail: "budi" });
    // The citizen still writes to staff, and another staff member can take it.
    expect(await citizen.say("halo?")).toEqual([]);
    expect(await w.ops.take(caseId, actor("dewi"))).toMatchObject({ ok: true, case: { heldBy: "dewi" } });
    tick(15);
    expect(await w.ops.sweepIdle()).toEqual([caseId]); // taken 15 minutes ago, never replied
  });

  it("giving a conversation back resumes a half-filled form where it was, with its answers", async () => {
    const citizen = await w.citizen();
    await citizen.say("saya mau ajukan izin reklame");
    await citizen.tap("apply.consent:agree");
    await citizen.say("Siti Rahmawati");
    const phoneQuestion = await citizen.say("3317014508900002");
    expect(phoneQuestion.at(-1)?.expects?.kind).toBe("phone");
    await citizen.say("petugas");
    const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;

    // Staff see the answers given so far.
    const budi = await w.login("budi");
    const detail = await budi.json<{ form?: { flow: string; answers: Record<string, string> } }>(`/cases/${caseId}`);
    expect(detail.form?.flow).toBe("apply");
    expect(Object.values(detail.form?.answers ?? {})).toEqual(expect.arrayContaining(["Siti Rahmawati"]));
    // Only the citizen's answers: none of the engine's own bookkeeping (`_fi`, `_intent`, `_init`).
    expect(Object.keys(detail.form?.answers ?? {}).filter((k) => k.startsWith("_"))).toEqual([]);

    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Nomor HP boleh nomor WhatsApp, Bu." })).status).toBe(200);
    const n = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/return`)).status).toBe(200);
    const resumed = await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && o.expects?.kind === "phone");
    expect(resumed.text).toContain("Langkah 3 dari 10");
    // The form goes on from there; the earlier answers are still in it.
    const next = await citizen.say("0812-3456-7890");
    expect(next.map((r) => r.text).join("\n")).toContain("Langkah 4 dari 10");
    const state = await w.t.loket.store.peekState(citizen.conversationId);
    expect(state?.handoff).toBeUndefined();
    const frame = state?.engine.stack.at(-1);
    expect(frame?.flow).toBe("apply");
    expect(JSON.stringify(frame?.slots)).toContain("Siti Rahmawati");
    expect(JSON.stringify(frame?.slots)).toContain("3317014508900002");
  });

  it("a status notice and a correction reach a WhatsApp citizen whose conversation state expired or was erased", async () => {
    const sent: { conversationId: string; address?: string; text: string }[] = [];
    w.t.loket.runtime.registerChannel({
      name: "whatsapp",
      async send(conversationId, address, replies: Outbound[]) {
        for (const r of replies) sent.push({ conversationId, ...(address ? { address } : {}), text: r.text });
      },
    });
    const jid = "6281234500001@c.us";
    const id = `whatsapp:${jid}`;
    const { number } = await completeApplication(sendVia(w.t, id));
    // The citizen has it erased ("hapus data saya"): the application stays, the state goes.
    await sendVia(w.t, id)({ text: "hapus data saya" });
    await sendVia(w.t, id)({ choice: "delete_data.explain:yes" });
    expect(await w.t.loket.store.peekState(id)).toBeNull();

    const verified = await w.ops.changeStatus(number, actor("budi"), { status: "verified" });
    expect(verified).toMatchObject({ ok: true, notified: true });
    expect(sent.at(-1)).toMatchObject({ conversationId: id, address: jid });
    expect(sent.at(-1)!.text).toContain(number);

    const correction = await w.ops.changeStatus(number, actor("sari", "admin"), { status: "needs_correction", note: "KTP buram", documents: ["ktp"] });
    expect(correction).toMatchObject({ ok: true, notified: true });
    expect(sent.map((x) => x.text).join("\n")).toMatch(/KTP buram[\s\S]*Dokumen 1 dari 1/);
    // The correction runs: the citizen's next file goes to the application.
    const { fixtures } = await import("../support/fixtures.js");
    await sendVia(w.t, id)({ file: fixtures.png, filename: "ktp-baru.png" });
    const app = (await w.t.loket.store.get<Application>("applications", number))!;
    expect(app.history.at(-1)).toMatchObject({ by: "citizen" });
  });

  it("while staff hold the conversation, a refused file or a voice note is answered with the reason; text stays silent for staff", async () => {
    const { fixtures } = await import("../support/fixtures.js");
    const id = "web:handoff-refusals";
    await sendVia(w.t, id)({ text: "petugas" });
    expect((await w.t.loket.store.peekState(id))?.handoff).toBeTruthy();
    // Held, as the title says (a waiting case answers the first text with the queue place: handback4).
    expect((await w.ops.take((await w.t.loket.store.peekState(id))!.handoff!.caseId, actor("budi"))).ok).toBe(true);
    const refused = await sendVia(w.t, id)({ file: fixtures.exe, filename: "surat.docx" });
    expect(refused.map((r) => r.text).join("\n")).toMatch(/(tidak|belum) bisa kami terima[\s\S]*tetap bersama petugas/);
    const voice = await w.t.send({ conversationId: id, unsupported: "voice" });
    expect(voice.map((r) => r.text).join("\n")).toMatch(/pesan suara belum bisa kami proses/);
    expect(await sendVia(w.t, id)({ text: "pak, saya tunggu" })).toEqual([]);
    expect(await sendVia(w.t, id)({ file: fixtures.png, filename: "ktp.png" })).toEqual([]);
  });

  it("'hapus data saya' while staff hold the conversation is noted, and asked to confirm when the case ends", async () => {
    const id = "web:delete-during-handoff";
    await sendVia(w.t, id)({ text: "petugas" });
    const caseId = (await w.t.loket.store.peekState(id))!.handoff!.caseId;
    expect((await w.ops.take(caseId, actor("budi"))).ok).toBe(true);
    const noted = await sendVia(w.t, id)({ text: "hapus data saya" });
    expect(noted.map((r) => r.text).join("\n")).toMatch(/hapus data .* kami catat/);
    expect(await w.t.loket.store.peekState(id)).toMatchObject({ deleteRequested: true });
    const closed = await w.ops.close(caseId, actor("budi"), {});
    expect(closed.ok).toBe(true);
    const state = (await w.t.loket.store.peekState(id))!;
    expect(state.deleteRequested).toBeUndefined();
    expect(state.engine.stack.at(-1)?.flow).toBe("delete_data");
    // The citizen confirms: the conversation is erased.
    const done = await sendVia(w.t, id)({ choice: "delete_data.explain:yes" });
    expect(done.map((r) => r.text).join("\n")).toMatch(/sudah dihapus/);
    expect(await w.t.loket.store.transcript(id)).toEqual([]);
  });

  it("two staff taking at once: exactly one holds the case; others get a conflict, admins may take over", async () => {
    const { caseId } = await openCase();
    const results = await Promise.all(["budi", "dewi", "eko"].map((u) => w.ops.take(caseId, actor(u))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "conflict")).toHaveLength(2);
    const holder = (await w.t.loket.store.get<HandoffCase>("cases", caseId))!.heldBy!;
    const other = ["budi", "dewi", "eko"].find((u) => u !== holder)!;
    expect(await w.ops.reply(caseId, actor(other), "halo")).toMatchObject({ ok: false, error: "conflict" });
    expect(await w.ops.giveBack(caseId, actor(other))).toMatchObject({ ok: false, error: "conflict" });
    expect(await w.ops.take(caseId, actor("sari", "admin"))).toMatchObject({ ok: true, case: { heldBy: "sari" } });
    expect(await w.ops.close(caseId, actor("sari", "admin"), { survey: false })).toMatchObject({ ok: true, case: { status: "closed" } });
    expect(await w.ops.take(caseId, actor("budi"))).toMatchObject({ ok: false, error: "conflict" });
  });

  it("lists the queue in arrival order with positions", async () => {
    const a = await openCase();
    tick(1);
    const b = await openCase();
    tick(3);
    const q = await w.ops.queue();
    const waiting = q.filter((e) => e.case.status === "waiting");
    const ia = waiting.findIndex((e) => e.case.id === a.caseId);
    const ib = waiting.findIndex((e) => e.case.id === b.caseId);
    expect(ia).toBeLessThan(ib);
    expect(waiting.map((e) => e.position)).toEqual(waiting.map((_, i) => i + 1));
    expect(waiting[ia]!.waitingMinutes).toBe(4);
  });
});

describe("expected wait", () => {
  const now = new Date("2026-03-10T03:00:00Z");
  const taken = (openedMinAgo: number, waitMin: number, i: number): HandoffCase => {
    const opened = now.getTime() - openedMinAgo * 60_000;
    return {
      id: `c${i}`,
      conversationId: `web:${i}`,
      channel: "web",
      reason: "citizen_asked",
      status: "closed",
      openedAt: new Date(opened).toISOString(),
      updatedAt: new Date(opened).toISOString(),
      firstTakenAt: new Date(opened + waitMin * 60_000).toISOString(),
    };
  };

  it("gives no figure without enough history", () => {
    expect(estimateWait([taken(100, 5, 1), taken(90, 7, 2)], 1, now)).toBeNull();
  });

  it("uses the median recent pick-up time times the position, ignoring out-of-hours waits", () => {
    const cases = [taken(100, 4, 1), taken(90, 6, 2), taken(80, 8, 3), taken(2000, 900, 4), taken(70, 30, 5)];
    expect(estimateWait(cases, 1, now)).toBe(7);
    expect(estimateWait(cases, 3, now)).toBe(21);
  });
});
