import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { addStaff, setStaffDisabled } from "../../src/staff/auth.js";
import { indexPut } from "../../src/runtime/applications.js";
import type { Store } from "../../src/store/port.js";
import { applicationRecord } from "../support/applications.js";
import { fixtures } from "../support/fixtures.js";
import type { TestLoket } from "../support/loket.js";
import { officeDaysKnowledge } from "../support/office-days.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";
import { caseIdOf, PASSWORDS, SseReader, StaffClient, startStaffWorld, WebCitizen, type StaffWorld } from "./support.js";

/**
 * Held-out set, staff side round 3 (2026-12-02): ten situations of a busy day that the earlier
 * rounds (staff2, staffday, status-stale, telegram-group, handoff*) did not cover, each checking
 * what the staff member and the citizen see, through the console's HTTP API on loopback, the web
 * citizen's API and the Telegram staff group on the Bot API emulator.
 */
const GROUP = -1009876543333;

type CaseDetail = {
  case: HandoffCase;
  transcript: { from: string; text: string; document?: { sha256: string }; documentUrl?: string }[];
  applications: { number: string; status: string }[];
  language?: string;
};
type Row = { number: string; status: string; due?: string; overdue?: boolean };

const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function world(opts: Parameters<typeof startStaffWorld>[0] = {}): Promise<StaffWorld> {
  const w = await startStaffWorld(opts);
  worlds.push(w);
  return w;
}

/** An application of a conversation, as submitting it stores it (with the conversation's index of applications). */
async function putApplication(store: Store, app: Application): Promise<void> {
  await store.put("applications", app.number, app);
  const idx = await indexPut(store, app.conversationId, app.number);
  await store.put(idx.collection, idx.key, idx.value);
}

const textsAfter = (citizen: WebCitizen, n: number) => citizen.events.received.slice(n).map((o) => o.text);

/** The group world's Loket on loopback, with Budi's console account and a web citizen maker. */
async function consoleOn(t: TestLoket): Promise<{ base: string; budi: StaffClient; webCitizen: () => Promise<WebCitizen> }> {
  await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.loket.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  await addStaff(t.loket.store, { username: "budi", role: "staff", password: PASSWORDS.budi, displayName: "Budi" });
  const streams: SseReader<unknown>[] = [];
  cleanups.push(() => streams.forEach((s) => s.close()));
  const budi = new StaffClient(base, streams);
  expect((await budi.login("budi", PASSWORDS.budi)).status).toBe(200);
  return {
    base,
    budi,
    async webCitizen() {
      const res = await fetch(`${base}/api/conversations`, { method: "POST" });
      const { conversationId, token } = (await res.json()) as { conversationId: string; token: string };
      const events = await SseReader.open<Outbound>(`${base}/api/conversations/${conversationId}/events`, { authorization: `Bearer ${token}` });
      streams.push(events);
      return new WebCitizen(base, conversationId, token, events);
    },
  };
}

describe("staff3 held-out 2026-12-02", () => {
  it("1. an English-speaking citizen: the refusal with its reason, how to answer it, and the end of the chat all reach them in English", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("Hello, I would like to talk to a person please");
    const caseId = await caseIdOf(w, citizen);
    const app = applicationRecord({ number: "RBG-2026-000401", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "John Smith" } });
    await putApplication(w.t.loket.store, app);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Hello, I am checking your file now." })).status).toBe(200);
    expect((await budi.post(`/cases/${caseId}/close`)).status).toBe(200);
    const closed = await citizen.events.waitFor((o) => /ended|thank/i.test(o.text) && !o.text.includes("checking your file"));
    expect(closed.text).not.toMatch(/Percakapan|Terima kasih/);
    const n = citizen.events.received.length;
    const res = await budi.post(`/applications/${app.number}/status`, { status: "rejected", note: "The billboard site is in a green zone." });
    expect(res.status).toBe(200);
    const notice = await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && o.text.includes("RBG-2026-000401"));
    expect(notice.text).toContain("green zone");
    expect(notice.text).not.toMatch(/Mohon maaf|Catatan petugas|ketik \*petugas\*/);
    expect(notice.text).toMatch(/staff/i);
  });

  it("1b. (after the merge) documents to send again, asked of an English citizen during the handoff, are named in English", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("Hello, I would like to talk to a person please");
    await caseIdOf(w, citizen);
    const app = applicationRecord({ number: "RBG-2026-000402", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "John Smith" } });
    await putApplication(w.t.loket.store, app);
    const budi = await w.login("budi");
    const n = citizen.events.received.length;
    const res = await budi.post(`/applications/${app.number}/status`, { status: "needs_correction", documents: ["izin_pemilik_lahan"], note: "The lease is not signed." });
    expect(res.status).toBe(200);
    const notice = await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && o.text.includes("RBG-2026-000402"));
    expect(notice.text).toContain("Consent of the land owner");
    expect(notice.text).not.toContain("Persetujuan pemilik");
  });

  it("2. a refusal with its reason: the citizen reads why and how to ask; asking for a person opens a case where staff see the refused application and its note", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("halo");
    const app = applicationRecord({ number: "RBG-2026-000402", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Rina" } });
    await putApplication(w.t.loket.store, app);
    const budi = await w.login("budi");
    expect((await budi.post(`/applications/${app.number}/status`, { status: "rejected", note: "Lokasi reklame berada di zona hijau kota." })).status).toBe(200);
    const notice = await citizen.events.waitFor((o) => o.text.includes("RBG-2026-000402"));
    expect(notice.text).toContain("zona hijau kota");
    expect(notice.text).toMatch(/ketik \*petugas\*/);
    const asked = (await citizen.say("petugas")).map((o) => o.text).join("\n");
    expect(asked).toMatch(/antrean|petugas/i);
    const caseId = await caseIdOf(w, citizen);
    // Not answered by the bot (the refusal is staff's to explain): only the queue place, once (handback4).
    expect((await citizen.say("Kenapa ditolak? Lokasi saya di pinggir jalan raya.")).map((o) => o.text)).toEqual([expect.stringContaining("antrean ke-1")]);
    const detail = await budi.json<CaseDetail>(`/cases/${caseId}`);
    expect(detail.applications.find((a) => a.number === "RBG-2026-000402")?.status).toBe("rejected");
    expect(detail.transcript.some((l) => l.from === "citizen" && l.text.includes("pinggir jalan raya"))).toBe(true);
    expect(detail.transcript.some((l) => l.from === "bot" && l.text.includes("antrean ke-1"))).toBe(true);
  });

  it("3. the console and the group take the same case at the same moment: one holds it, the other is told who, the citizen hears one officer", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }] });
    const { budi } = await consoleOn(t);
    const citizen = 9301;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    const topic = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 888 });
    const res = await budi.post(`/cases/${caseId}/take`);
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.status).toBe("held");
    await expect.poll(() => topic().some((x) => /Diambil oleh|sedang dilayani/.test(x))).toBe(true);
    const holder = (await t.loket.store.get<HandoffCase>("cases", caseId))!.heldBy;
    if (holder === "budi") {
      expect(res.status).toBe(200);
      await expect.poll(() => topic().some((x) => x.includes("sedang dilayani budi"))).toBe(true);
    } else {
      expect(holder).toBe("andi");
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: string }).error).toMatch(/andi/);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(emu.sentTo(citizen).filter((m) => (m.text ?? "").includes("sekarang melayani"))).toHaveLength(1);
  }, 30_000);

  it("4. staff give the case back while the citizen is sending a question: the question is answered by the bot, not lost", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Baik Bu, ada lagi yang bisa dibantu?" })).status).toBe(200);
    const n = citizen.events.received.length;
    const [direct] = await Promise.all([citizen.say("apa saja syarat izin reklame?"), budi.post(`/cases/${caseId}/return`)]);
    await expect.poll(() => [...direct.map((o) => o.text), ...textsAfter(citizen, n)].join("\n"), { timeout: 5000 }).toContain("KTP pemohon");
    const again = (await citizen.say("berapa lama izin reklame selesai?")).map((o) => o.text).join("\n");
    // The bot answers (the time of this office is not known yet since round "regions": it says so).
    expect(again).toMatch(/Lama proses[\s\S]*petugas akan mengonfirmasi/);
  });

  it("5. a document the citizen sends while held: staff download it from the console, and the group topic carries the file itself", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }] });
    const { budi } = await consoleOn(t);
    const citizen = 9305;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Silakan kirim foto KTP-nya, Pak." })).status).toBe(200);
    const pdf = Buffer.concat([fixtures.pdf, Buffer.from("% ktp warga 9305\n")]);
    emu.document(citizen, pdf, "ktp.pdf", "application/pdf");
    await expect.poll(async () => (await budi.json<CaseDetail>(`/cases/${caseId}`)).transcript.some((l) => l.documentUrl)).toBe(true);
    const line = (await budi.json<CaseDetail>(`/cases/${caseId}`)).transcript.find((l) => l.documentUrl)!;
    const file = await budi.get(line.documentUrl!.replace(/^\/staff\/api/, ""));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    await expect.poll(() => emu.sentTo(GROUP).some((m) => m.method === "sendDocument" && m.message_thread_id === thread)).toBe(true);
    const posted = emu.sentTo(GROUP).find((m) => m.method === "sendDocument" && m.message_thread_id === thread)!;
    expect(posted.document?.bytes.equals(pdf)).toBe(true);
  }, 30_000);

  it("6. a citizen on the phone reads their registration number: staff find the open case by it, typed in lower case with spaces", async () => {
    const w = await world();
    const mine = await w.citizen();
    await mine.say("halo");
    const app = applicationRecord({ number: "RBG-2026-000406", permit: "izin-reklame", conversationId: mine.conversationId, fields: { nama: "Rina" } });
    await putApplication(w.t.loket.store, app);
    await mine.say("petugas");
    const other = await w.citizen();
    await other.say("petugas");
    const caseId = await caseIdOf(w, mine);
    const budi = await w.login("budi");
    for (const q of ["rbg 2026 000406", "RBG-2026-000406", "rbg2026000406"]) {
      const { cases } = await budi.json<{ cases: HandoffCase[] }>(`/cases?q=${encodeURIComponent(q)}`);
      expect(cases.map((c) => c.id), q).toEqual([caseId]);
    }
    const { cases } = await budi.json<{ cases: HandoffCase[] }>(`/cases?q=${encodeURIComponent("rbg 2026 000999")}`);
    expect(cases).toEqual([]);
  });

  it("7. many applications waiting: sorted by due date (the permit's working days), overdue ones first and marked", async () => {
    const clock = Date.parse("2026-03-16T03:00:00Z"); // Monday 10:00 WIB
    // The office's own times written for reklame (5) and optik (7): the shipped files have none since round "regions".
    const own = officeDaysKnowledge({ "izin-reklame": 5, "izin-optik": 7 });
    cleanups.push(() => rmSync(own.root, { recursive: true, force: true }));
    const w = await world({ now: () => new Date(clock), env: { KNOWLEDGE_DIR: own.knowledgeDir } });
    const put = (number: string, permit: string, submittedAt: string, status: Application["status"] = "received") =>
      w.t.loket.store.put("applications", number, applicationRecord({ number, permit, conversationId: `web:${number}`, status, submittedAt, updatedAt: submittedAt, fields: { nama: "Warga" }, history: [{ status: "received", at: submittedAt, by: "loket" }, ...(status !== "received" ? [{ status, at: submittedAt, by: "budi" }] : [])] }));
    await put("RBG-2026-000471", "izin-reklame", "2026-03-02T02:00:00Z"); // 5 working days: overdue
    await put("RBG-2026-000472", "pbg", "2026-03-02T02:00:00Z"); // 28 working days: not yet
    await put("RBG-2026-000473", "izin-reklame", "2026-03-12T02:00:00Z"); // due this week
    await put("RBG-2026-000474", "izin-reklame", "2026-03-03T02:00:00Z", "rejected"); // decided: no due date
    await put("RBG-2026-000475", "izin-optik", "2026-03-04T02:00:00Z", "verified"); // 7 working days: overdue
    const budi = await w.login("budi");
    const { applications } = await budi.json<{ applications: Row[] }>("/applications?sort=due");
    expect(applications.map((a) => a.number)).toEqual(["RBG-2026-000471", "RBG-2026-000475", "RBG-2026-000473", "RBG-2026-000472", "RBG-2026-000474"]);
    const by = new Map(applications.map((a) => [a.number, a]));
    expect(by.get("RBG-2026-000471")).toMatchObject({ overdue: true, due: expect.stringMatching(/^2026-03-\d\d$/) });
    expect(by.get("RBG-2026-000475")?.overdue).toBe(true);
    expect(by.get("RBG-2026-000473")?.overdue).toBe(false);
    expect(by.get("RBG-2026-000474")?.due).toBeUndefined();
    // The default order (newest first) shows the same marks.
    const newest = await budi.json<{ applications: Row[] }>("/applications");
    expect(newest.applications[0]!.number).toBe("RBG-2026-000473");
    expect(newest.applications.find((a) => a.number === "RBG-2026-000471")?.overdue).toBe(true);
  });

  it("8. an account disabled while it holds a case: the case goes back to the queue, the citizen is told, and another officer takes it", async () => {
    const w = await world();
    await addStaff(w.t.loket.store, { username: "dewi", role: "staff", password: "kata-sandi-dewi-1", displayName: "Dewi" });
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Sebentar Bu, saya cek dulu." })).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("saya cek dulu"));
    const n = citizen.events.received.length;
    await setStaffDisabled(w.t.loket.store, "budi", true);
    await w.ops.sweepIdle();
    const dewi = await w.login("dewi", "kata-sandi-dewi-1");
    await expect.poll(async () => (await dewi.json<{ cases: (HandoffCase & { position?: number })[] }>("/cases")).cases.find((c) => c.id === caseId)).toMatchObject({ status: "waiting", position: 1 });
    await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && /antrean|petugas lain/i.test(o.text));
    expect(textsAfter(citizen, n).join("\n")).not.toContain("budi");
    expect((await dewi.post(`/cases/${caseId}/take`)).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("Petugas Dewi sekarang melayani"));
  });

  it("9. a long reply with WhatsApp formatting to a Telegram citizen: it arrives whole, in parts Telegram accepts, bold shown as bold", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }] });
    const { budi } = await consoleOn(t);
    const citizen = 9309;
    const { caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    const para = "Persyaratan *penting*: fotokopi KTP, NPWP & gambar desain <ukuran 2x3 m>.";
    const long = Array.from({ length: 51 }, (_, i) => `${i + 1}. ${para}`).join("\n");
    expect(long.length).toBeGreaterThan(3800);
    expect(long.length).toBeLessThanOrEqual(4000);
    const before = emu.sentTo(citizen).length;
    expect((await budi.post(`/cases/${caseId}/messages`, { text: long })).status).toBe(200);
    await expect.poll(() => emu.sentTo(citizen).slice(before).map((m) => m.text ?? "").join("\n")).toContain("51. Persyaratan");
    // The take notice may travel in the same message as the reply's first part.
    const parts = emu.sentTo(citizen).slice(before);
    for (const p of parts) expect((p.text ?? "").length).toBeLessThanOrEqual(4096);
    const all = parts.map((p) => p.text ?? "").join("\n");
    expect(all).toContain("<b>penting</b>");
    expect(all).toContain("&lt;ukuran 2x3 m&gt;");
    expect(all.match(/Persyaratan/g)).toHaveLength(51);
  }, 30_000);

  it("10. a citizen who had their data erased after the handoff: staff opening the case see it erased, and acting on it is refused clearly", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("petugas");
    await citizen.say("NIK saya 3317014508900002, mohon dicek");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Baik Bu, sudah kami catat." })).status).toBe(200);
    expect((await budi.post(`/cases/${caseId}/close`, { survey: false })).status).toBe(200);
    await citizen.say("hapus data saya");
    const confirm = await citizen.say("ya");
    expect(confirm.map((o) => o.text).join("\n")).toMatch(/dihapus/);
    const detail = await budi.json<CaseDetail & { erased?: boolean }>(`/cases/${caseId}`);
    expect(JSON.stringify(detail.transcript)).not.toContain("3317014508900002");
    expect(detail.erased).toBe(true);
    const res = await budi.post(`/cases/${caseId}/messages`, { text: "Bu, satu lagi." });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/closed|erased/);
  });
});
