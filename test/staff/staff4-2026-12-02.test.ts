import { afterEach, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { addStaff } from "../../src/staff/auth.js";
import { recordSurvey } from "../../src/staff/skm.js";
import { indexPut } from "../../src/runtime/applications.js";
import type { Store } from "../../src/store/port.js";
import { applicationRecord } from "../support/applications.js";
import { fixtures } from "../support/fixtures.js";
import type { TestLoket } from "../support/loket.js";
import { staffGroupWorld } from "./group-world.js";
import { caseIdOf, PASSWORDS, SseReader, StaffClient, startStaffWorld, WebCitizen, type StaffWorld } from "./support.js";

/**
 * Held-out set, staff side round 4 (2026-12-02): the office's supervisor, and the end and the
 * start of a working day. Ten situations the earlier rounds (staff2, staff3, staffday,
 * status-stale, telegram-group*, handoff*) did not cover, each checking what staff and the
 * citizen see, through the console's HTTP API on loopback, the web citizen's API and the
 * Telegram channel and staff group on the Bot API emulator.
 */
const GROUP = -1009876544444;

type CaseDetail = {
  case: HandoffCase;
  transcript: { from: string; text: string; document?: { sha256: string }; documentUrl?: string }[];
  earlierCases?: { id: string; status: string; openedAt: string; heldBy?: string; label?: string }[];
  notes?: { by: string; at: string; text: string }[];
};
type Report = {
  from: string;
  to: string;
  applications: { total: number; byPermit: { permit: string; name: string; count: number }[] };
  handoffs: { opened: number; served: number; closed: number; returned: number; open: number; medianFirstReplyMinutes: number | null };
  skm: { responses: number };
};

const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});

/** A Loket on the test's clock: `at(iso)` moves it. */
async function world(start: string): Promise<{ w: StaffWorld; at: (iso: string) => void }> {
  let clock = Date.parse(start);
  const w = await startStaffWorld({ now: () => new Date(clock) });
  worlds.push(w);
  return { w, at: (iso) => void (clock = Date.parse(iso)) };
}

async function putApplication(store: Store, app: Application): Promise<void> {
  await store.put("applications", app.number, app);
  const idx = await indexPut(store, app.conversationId, app.number);
  await store.put(idx.collection, idx.key, idx.value);
}

/** The group world's Loket on loopback with Budi's console account. */
async function consoleOn(t: TestLoket): Promise<{ budi: StaffClient }> {
  await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.loket.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  await addStaff(t.loket.store, { username: "budi", role: "staff", password: PASSWORDS.budi, displayName: "Budi" });
  const streams: SseReader<unknown>[] = [];
  cleanups.push(() => streams.forEach((s) => s.close()));
  const budi = new StaffClient(base, streams);
  expect((await budi.login("budi", PASSWORDS.budi)).status).toBe(200);
  return { budi };
}

/** A citizen asks for a person, Budi answers and closes the case: the case's id. */
async function servedAndClosed(w: StaffWorld, citizen: WebCitizen, budi: StaffClient, reply: string): Promise<string> {
  await citizen.say("petugas");
  const caseId = await caseIdOf(w, citizen);
  expect((await budi.post(`/cases/${caseId}/messages`, { text: reply })).status).toBe(200);
  expect((await budi.post(`/cases/${caseId}/close`)).status).toBe(200);
  return caseId;
}

const texts = (o: Outbound[]) => o.map((x) => x.text).join("\n");

describe("staff4 held-out 2026-12-02", () => {
  it("1. the supervisor looks up yesterday's closed case by the registration number the citizen reads out, with its conversation", async () => {
    const { w, at } = await world("2026-12-01T03:00:00Z"); // Tue 10.00 WIB
    const citizen = await w.citizen();
    await citizen.say("halo");
    await putApplication(w.t.loket.store, applicationRecord({ number: "RBG-2026-000501", permit: "pbg", conversationId: citizen.conversationId, fields: { nama: "Rina" } }));
    const budi = await w.login("budi");
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    // Goes to staff; as the first message while waiting it gets the queue place alone (handback4), not an answer from the bot.
    expect((await citizen.say("PBG saya RBG-2026-000501 kok belum ada kabar?")).map((o) => o.text)).toEqual([expect.stringContaining("antrean ke-1")]);
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Sedang diverifikasi teknis, Bu. Paling lambat Jumat." })).status).toBe(200);
    expect((await budi.post(`/cases/${caseId}/close`)).status).toBe(200);
    at("2026-12-02T02:00:00Z"); // the next morning
    const sari = await w.login("sari");
    expect((await sari.json<{ cases: HandoffCase[] }>("/cases")).cases).toHaveLength(0);
    const { cases } = await sari.json<{ cases: HandoffCase[] }>(`/cases?status=closed&q=${encodeURIComponent("rbg 2026 000501")}`);
    expect(cases.map((c) => c.id)).toEqual([caseId]);
    expect(cases[0]).toMatchObject({ status: "closed", heldBy: "budi" });
    const detail = await sari.json<CaseDetail>(`/cases/${caseId}`);
    expect(detail.transcript.some((l) => l.from === "citizen" && l.text.includes("belum ada kabar"))).toBe(true);
    expect(detail.transcript.some((l) => l.from === "staff" && l.text.includes("Paling lambat Jumat"))).toBe(true);
    // And what the bot told the citizen meanwhile.
    expect(detail.transcript.some((l) => l.from === "bot" && l.text.includes("antrean ke-1"))).toBe(true);
  });

  it("2. the supervisor lists the cases closed on a given day (Asia/Jakarta), not every case the office ever closed", async () => {
    const { w, at } = await world("2026-11-30T16:30:00Z"); // Mon 30/11 23.30 WIB, still 30/11 in Jakarta
    // Sessions last 12 hours: Budi logs in on each shift.
    const monday = await servedAndClosed(w, await w.citizen(), await w.login("budi"), "Baik, sudah kami catat.");
    at("2026-12-01T03:00:00Z"); // Tue 01/12 10.00 WIB
    const tuesday = await servedAndClosed(w, await w.citizen(), await w.login("budi"), "Silakan datang ke loket 3.");
    at("2026-12-01T17:30:00Z"); // Wed 02/12 00.30 WIB
    const wednesday = await servedAndClosed(w, await w.citizen(), await w.login("budi"), "Sudah kami teruskan.");
    const sari = await w.login("sari");
    const day = await sari.json<{ cases: HandoffCase[] }>("/cases?status=closed&from=2026-12-01&to=2026-12-01");
    expect(day.cases.map((c) => c.id)).toEqual([tuesday]);
    const two = await sari.json<{ cases: HandoffCase[] }>("/cases?status=all&from=2026-11-30&to=2026-12-01");
    expect(two.cases.map((c) => c.id).sort()).toEqual([monday, tuesday].sort());
    expect(two.cases.map((c) => c.id)).not.toContain(wednesday);
    expect((await sari.get("/cases?status=closed&from=01-12-2026")).status).toBe(400);
  });

  it("3. a citizen helped yesterday writes again: the new case shows staff the earlier one, who served it and when", async () => {
    const { w, at } = await world("2026-12-01T03:00:00Z");
    const citizen = await w.citizen();
    const budi = await w.login("budi");
    const first = await servedAndClosed(w, citizen, budi, "Berkas Ibu lengkap, tinggal menunggu tanda tangan.");
    at("2026-12-02T02:30:00Z");
    await citizen.say("petugas");
    const second = await caseIdOf(w, citizen);
    expect(second).not.toBe(first);
    const sari = await w.login("sari");
    const detail = await sari.json<CaseDetail>(`/cases/${second}`);
    expect(detail.earlierCases?.map((c) => c.id)).toEqual([first]);
    expect(detail.earlierCases?.[0]).toMatchObject({ status: "closed", heldBy: "budi", openedAt: "2026-12-01T03:00:00.000Z" });
    expect(detail.earlierCases?.[0]?.label).toBeTruthy();
    // The earlier case itself does not list the later one as "earlier".
    expect((await sari.json<CaseDetail>(`/cases/${first}`)).earlierCases ?? []).toEqual([]);
  });

  it("4. the day's report for the office: applications per permit, handoffs, median wait to the first staff reply and SKM answers, with no personal data", async () => {
    const { w, at } = await world("2026-12-01T02:00:00Z"); // 09.00 WIB
    const store = w.t.loket.store;
    await putApplication(store, applicationRecord({ number: "RBG-2026-000511", permit: "pbg", conversationId: "web:a1", submittedAt: "2026-12-01T02:10:00Z", fields: { nama: "Rina Wulandari", nik: "3317014506900002" } }));
    await putApplication(store, applicationRecord({ number: "RBG-2026-000512", permit: "pbg", conversationId: "web:a2", submittedAt: "2026-12-01T05:10:00Z", fields: { nama: "Agus Salim" } }));
    await putApplication(store, applicationRecord({ number: "RBG-2026-000513", permit: "izin-reklame", conversationId: "web:a3", submittedAt: "2026-12-01T06:00:00Z", fields: { nama: "Dewi" } }));
    await putApplication(store, applicationRecord({ number: "RBG-2026-000499", permit: "pbg", conversationId: "web:a4", submittedAt: "2026-11-30T06:00:00Z", fields: { nama: "Lain Hari" } }));
    const budi = await w.login("budi");
    const c1 = await w.citizen();
    await c1.say("petugas");
    const case1 = await caseIdOf(w, c1);
    const c2 = await w.citizen();
    await c2.say("petugas");
    const case2 = await caseIdOf(w, c2);
    at("2026-12-01T02:12:00Z"); // first reply after 12 minutes
    expect((await budi.post(`/cases/${case1}/messages`, { text: "Selamat pagi, Bu Rina." })).status).toBe(200);
    at("2026-12-01T02:30:00Z"); // after 30 minutes
    expect((await budi.post(`/cases/${case2}/messages`, { text: "Selamat pagi." })).status).toBe(200);
    expect((await budi.post(`/cases/${case1}/close`)).status).toBe(200);
    expect((await budi.post(`/cases/${case2}/return`)).status).toBe(200);
    const c3 = await w.citizen();
    await c3.say("petugas"); // still waiting at the end of the day
    await recordSurvey(store, { u1: 4, u2: 3 }, { caseId: case1 }, new Date("2026-12-01T03:00:00Z"));
    const sari = await w.login("sari");
    const res = await sari.get("/report?from=2026-12-01&to=2026-12-01");
    expect(res.status).toBe(200);
    const raw = await res.text();
    const r = JSON.parse(raw) as Report;
    expect(r).toMatchObject({ from: "2026-12-01", to: "2026-12-01" });
    expect(r.applications.total).toBe(3);
    expect(r.applications.byPermit).toEqual(
      expect.arrayContaining([
        { permit: "pbg", name: "Persetujuan Bangunan Gedung (PBG)", count: 2 },
        expect.objectContaining({ permit: "izin-reklame", count: 1 }),
      ]),
    );
    expect(r.handoffs).toMatchObject({ opened: 3, served: 2, closed: 1, returned: 1, open: 1, medianFirstReplyMinutes: 21 });
    expect(r.skm.responses).toBe(1);
    for (const personal of ["Rina", "Agus", "3317014506900002", "web:", "RBG-2026-0005", case1, "budi"]) expect(raw).not.toContain(personal);
  });

  it("5. a case held by someone who went home: the next morning it waits first in the queue, the citizen writing at night is told when staff are back, and whoever takes it is announced", async () => {
    const { w, at } = await world("2026-12-01T07:30:00Z"); // Tue 14.30 WIB
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Saya cek dulu ke bidang teknis ya, Bu." })).status).toBe(200);
    at("2026-12-01T09:00:00Z"); // 16.00 WIB: Budi has gone home
    await w.ops.sweepIdle();
    at("2026-12-01T13:00:00Z"); // 20.00 WIB
    const night = texts(await citizen.say("Pak, jadi bagaimana hasil ceknya?"));
    expect(night).toMatch(/di luar jam layanan/);
    expect(night).toMatch(/08[.:]00/);
    at("2026-12-02T01:05:00Z"); // Wed 08.05 WIB
    const sari = await w.login("sari");
    const { cases } = await sari.json<{ cases: (HandoffCase & { position?: number })[] }>("/cases");
    expect(cases[0]).toMatchObject({ id: caseId, status: "waiting", position: 1 });
    const detail = await sari.json<CaseDetail>(`/cases/${caseId}`);
    expect(detail.transcript.some((l) => l.from === "citizen" && l.text.includes("hasil ceknya"))).toBe(true);
    expect(detail.transcript.some((l) => l.text.includes("kembali ke antrean"))).toBe(true);
    expect((await sari.post(`/cases/${caseId}/take`)).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("Petugas Sari sekarang melayani"));
  });

  it("6. a document sent before the case's Telegram topic exists (Telegram refused to make it at first) is posted in the topic once it is made", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    emu.failWith429("createForumTopic", 1, 1);
    const citizen = 9406;
    emu.text(citizen, "petugas");
    await expect.poll(async () => (await t.loket.store.list<HandoffCase>("cases")).length).toBe(1);
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    const pdf = Buffer.concat([fixtures.pdf, Buffer.from("% surat kuasa 9406\n")]);
    emu.document(citizen, pdf, "surat-kuasa.pdf", "application/pdf");
    await expect.poll(async () => (await t.loket.store.transcript(`telegram:${citizen}`)).some((l) => l.document)).toBe(true);
    expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBeUndefined();
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId, { timeout: 10_000 }).toBeTypeOf("number");
    const thread = (await t.loket.store.get<HandoffCase>("cases", caseId))!.staffThreadId!;
    await expect.poll(() => emu.sentTo(GROUP).some((m) => m.method === "sendDocument" && m.message_thread_id === thread), { timeout: 5_000 }).toBe(true);
    const posted = emu.sentTo(GROUP).find((m) => m.method === "sendDocument")!;
    expect(posted.document?.bytes.equals(pdf)).toBe(true);
    expect(posted.document?.filename).not.toContain("surat-kuasa");
  }, 30_000);

  it("7. an internal note on a case: the citizen never sees it, the next officer and the supervisor do, also after the case is closed", async () => {
    const { w } = await world("2026-12-01T03:00:00Z");
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/take`)).status).toBe(200);
    const seen = citizen.events.received.length;
    const res = await budi.post(`/cases/${caseId}/notes`, { text: "Warga sudah telepon; berkas asli dibawa besok pagi." });
    expect(res.status).toBe(200);
    expect((await budi.post(`/cases/${caseId}/notes`, { text: "   " })).status).toBe(400);
    expect((await budi.post(`/cases/${caseId}/return`)).status).toBe(200);
    await citizen.events.waitFor((o) => /asisten otomatis/.test(o.text));
    expect(citizen.events.received.slice(seen).some((o) => o.text.includes("berkas asli"))).toBe(false);
    const sari = await w.login("sari");
    const detail = await sari.json<CaseDetail>(`/cases/${caseId}`);
    expect(detail.notes).toEqual([{ by: "budi", at: "2026-12-01T03:00:00.000Z", text: "Warga sudah telepon; berkas asli dibawa besok pagi." }]);
    expect(detail.transcript.some((l) => l.text.includes("berkas asli"))).toBe(false);
    expect((await sari.post(`/cases/${caseId}/notes`, { text: "Dicek supervisor." })).status).toBe(200);
    expect((await budi.json<CaseDetail>(`/cases/${caseId}`)).notes?.map((n) => n.by)).toEqual(["budi", "sari"]);
    const { entries } = await sari.json<{ entries: { action: string; caseId?: string; detail?: string }[] }>("/audit?action=note");
    expect(entries.filter((e) => e.caseId === caseId)).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain("berkas asli");
  });

  it("8. a reply sent after a colleague gave the citizen back to the bot is refused saying so; the citizen, already with the bot, gets nothing from it", async () => {
    const { w } = await world("2026-12-01T03:00:00Z");
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    const sari = await w.login("sari");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Halo Bu, saya Budi." })).status).toBe(200);
    expect((await sari.post(`/cases/${caseId}/return`)).status).toBe(200);
    await citizen.events.waitFor((o) => /asisten otomatis/.test(o.text));
    const seen = citizen.events.received.length;
    const late = await budi.post(`/cases/${caseId}/messages`, { text: "Jadi berkasnya sudah lengkap ya." });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: string }).error).toMatch(/returned/);
    await new Promise((r) => setTimeout(r, 200));
    expect(citizen.events.received.slice(seen).some((o) => o.text.includes("sudah lengkap"))).toBe(false);
    expect(texts(await citizen.say("jam buka kantor"))).toMatch(/08[.:]00/);
  });

  it("9. a status change on an application whose Telegram conversation has expired still reaches the citizen on Telegram", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { budi } = await consoleOn(t);
    const citizen = 9409;
    emu.text(citizen, "halo");
    await emu.waitForSent(citizen, 1);
    const conversationId = `telegram:${citizen}`;
    await putApplication(t.loket.store, applicationRecord({ number: "RBG-2026-000509", permit: "pbg", conversationId, fields: { nama: "Joko" } }));
    await t.loket.store.deleteConversation(conversationId); // its state and transcript expired
    expect(await t.loket.store.peekState(conversationId)).toBeNull();
    const before = emu.sentTo(citizen).length;
    const res = await budi.post("/applications/RBG-2026-000509/status", { status: "verified" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { notified: boolean }).notified).toBe(true);
    await expect.poll(() => emu.sentTo(citizen).slice(before).some((m) => (m.text ?? "").includes("RBG-2026-000509"))).toBe(true);
    expect(emu.sentTo(GROUP)).toHaveLength(0);
  }, 30_000);

  it("10. the month's report counts only that month; any staff member may read it; a malformed period is refused", async () => {
    const { w } = await world("2026-12-02T03:00:00Z");
    const store = w.t.loket.store;
    await putApplication(store, applicationRecord({ number: "RBG-2026-000520", permit: "nib", conversationId: "web:m1", submittedAt: "2026-11-03T02:00:00Z" }));
    await putApplication(store, applicationRecord({ number: "RBG-2026-000521", permit: "nib", conversationId: "web:m2", submittedAt: "2026-11-30T16:59:00Z" })); // 30/11 23.59 WIB
    await putApplication(store, applicationRecord({ number: "RBG-2026-000522", permit: "nib", conversationId: "web:m3", submittedAt: "2026-11-30T17:01:00Z" })); // 01/12 00.01 WIB
    await recordSurvey(store, { u1: 3 }, {}, new Date("2026-11-10T03:00:00Z"));
    await recordSurvey(store, { u1: 4 }, {}, new Date("2026-11-20T03:00:00Z"));
    await recordSurvey(store, { u1: 2 }, {}, new Date("2026-12-01T03:00:00Z"));
    const budi = await w.login("budi");
    const r = await budi.json<Report>("/report?from=2026-11-01&to=2026-11-30");
    expect(r.applications.total).toBe(2);
    expect(r.applications.byPermit).toEqual([expect.objectContaining({ permit: "nib", count: 2 })]);
    expect(r.skm.responses).toBe(2);
    expect(r.handoffs).toMatchObject({ opened: 0, medianFirstReplyMinutes: null });
    expect((await budi.get("/report?from=2026-11&to=2026-11-30")).status).toBe(400);
    expect((await budi.get("/report?from=2026-12-01&to=2026-11-01")).status).toBe(400);
  });
});
