import { afterEach, describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { addStaff } from "../../src/staff/auth.js";
import { applicationRecord } from "../support/applications.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import { fixtures } from "../support/fixtures.js";
import type { TestLoket } from "../support/loket.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";
import { caseIdOf, PASSWORDS, StaffClient, startStaffWorld, type StaffWorld, type WebCitizen } from "./support.js";

/**
 * Held-out set, staff side round 2 (2026-12-01): twelve things a staff member and a citizen go
 * through, written from docs/staff.md and the README as the contract, through the console's HTTP
 * API, the web citizen's API and the Telegram staff group on the Bot API emulator.
 */
const GROUP = -1009876543222;

type CaseDetail = { case: HandoffCase; transcript: { from: string; text: string }[]; applications: { number: string; documents: Record<string, { sha256: string }> }[]; language?: string; form?: { answers: Record<string, string> } };
type AppDetail = { application: Application & { version: number; documentLinks: Record<string, { sha256: string; url: string }> } };

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


const textsAfter = (citizen: WebCitizen, n: number) => citizen.events.received.slice(n).map((o) => o.text);

async function upload(w: StaffWorld, citizen: WebCitizen, bytes: Buffer, name: string, type: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${w.base}/api/conversations/${citizen.id}/uploads`, { method: "POST", headers: { authorization: `Bearer ${citizen.token}` }, body: form });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join("\n");
}

describe("staff2 held-out 2026-12-01", () => {
  it("1. a case open in the Telegram topic and in the console at once: Andi answers in the topic, Budi's console reply is refused naming Andi, the citizen reads one officer", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }] });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    await addStaff(t.loket.store, { username: "budi", role: "staff", password: PASSWORDS.budi, displayName: "Budi" });
    const budi = new StaffClient(base, []);
    expect((await budi.login("budi", PASSWORDS.budi)).status).toBe(200);

    const citizen = 9101;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    // Budi has the case on screen too.
    expect((await budi.json<CaseDetail>(`/cases/${caseId}`)).case.status).toBe("waiting");

    emu.text(GROUP, "Selamat siang Pak, saya bantu cek.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => emu.sentTo(citizen).some((m) => (m.text ?? "").includes("saya bantu cek"))).toBe(true);
    const res = await budi.post(`/cases/${caseId}/messages`, { text: "Halo Pak, ada yang bisa dibantu?" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/andi/i);
    await new Promise((r) => setTimeout(r, 300));
    const told = emu.sentTo(citizen).map((m) => m.text ?? "");
    expect(told.some((x) => x.includes("ada yang bisa dibantu")), "the second officer's reply reached the citizen").toBe(false);
    expect(told.filter((x) => x.includes("sekarang melayani"))).toEqual([expect.stringContaining("Andi")]);
  }, 30_000);

  it("2. staff answer a citizen in the middle of a form: the citizen sees who is talking, and the form is still there when the bot takes over again", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("saya mau ajukan izin reklame");
    await citizen.tap("apply.consent:agree");
    await citizen.say("Rina Kartika");
    await citizen.say("3317014508900002");
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    const detail = await budi.json<CaseDetail>(`/cases/${caseId}`);
    expect(Object.values(detail.form?.answers ?? {})).toEqual(expect.arrayContaining(["Rina Kartika"]));
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Ukuran reklame maksimal berapa meter, Bu?" })).status).toBe(200);
    const reply = await citizen.events.waitFor((o) => o.text.includes("Ukuran reklame maksimal"));
    expect(reply.text).toContain("Budi");
    expect(await citizen.say("Kira-kira 2 x 3 meter, Pak")).toEqual([]);
    const n = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/return`)).status).toBe(200);
    await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && o.expects?.kind === "phone");
    await citizen.say("0812-3456-7890");
    const slots = JSON.stringify((await w.t.loket.store.peekState(citizen.conversationId))?.engine.stack.at(-1)?.slots);
    expect(slots).toContain("Rina Kartika");
    expect(slots).toContain("3317014508900002");
  });

  it("3. a correction naming one PDF-only document: a photo is refused saying PDF, the PDF is taken, and staff see the new file on the application", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("halo");
    const permit = w.t.loket.knowledge.permits.find((p) => p.submission.loketCanApply && p.requirements.some((r) => r.accept.length === 1 && r.accept[0] === "pdf"))!;
    const req = permit.requirements.find((r) => r.accept.length === 1 && r.accept[0] === "pdf")!;
    const old = await w.t.loket.files.put(fixtures.pdf);
    const app = applicationRecord({ number: "RBG-2026-000311", permit: permit.id, conversationId: citizen.conversationId, fields: { nama: "Rina" }, documents: { [req.id]: { sha256: old, mime: "application/pdf", size: fixtures.pdf.length } } });
    await w.t.loket.store.put("applications", app.number, app);
    const budi = await w.login("budi");
    expect((await budi.post(`/applications/${app.number}/status`, { status: "needs_correction", note: `${req.name} terpotong di halaman 2`, documents: [req.id] })).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("terpotong di halaman 2"));

    const refused = await upload(w, citizen, fixtures.jpg, "foto.jpg", "image/jpeg");
    expect(refused).toMatch(/PDF/);
    expect((await w.t.loket.store.get<Application>("applications", app.number))!.documents[req.id]!.sha256).toBe(old);

    const newPdf = Buffer.concat([fixtures.pdf, Buffer.from("% halaman lengkap\n")]);
    const taken = await upload(w, citizen, newPdf, "dokumen-lengkap.pdf", "application/pdf");
    expect(taken).toContain("sudah kami terima");
    const seen = await budi.json<AppDetail>(`/applications/${app.number}`);
    expect(seen.application.documentLinks[req.id]!.sha256).not.toBe(old);
    expect(seen.application.history.at(-1)).toMatchObject({ by: "citizen" });
    const file = await budi.get(seen.application.documentLinks[req.id]!.url.replace(/^\/staff\/api/, ""));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(newPdf)).toBe(true);
  });

  it("4. two status changes within a minute reach the citizen both, in order", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("halo");
    const app = applicationRecord({ number: "RBG-2026-000312", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Rina" } });
    await w.t.loket.store.put("applications", app.number, app);
    const budi = await w.login("budi");
    const v1 = await budi.post(`/applications/${app.number}/status`, { status: "verified", version: 1 });
    expect(v1.status).toBe(200);
    const version = ((await v1.json()) as AppDetail).application.version;
    expect((await budi.post(`/applications/${app.number}/status`, { status: "approved", version })).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("disetujui"));
    const notices = citizen.events.received.map((o) => o.text).filter((x) => x.includes("RBG-2026-000312"));
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain("diverifikasi");
    expect(notices[1]).toContain("disetujui");
  });

  it("5. staff give the conversation back while the citizen's last question is unanswered: the bot answers it or says it was not answered", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Selamat pagi, ada yang bisa dibantu?" })).status).toBe(200);
    expect(await citizen.say("apa saja syarat izin reklame?")).toEqual([]);
    const n = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/return`)).status).toBe(200);
    await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && /asisten otomatis/.test(o.text));
    await expect.poll(() => textsAfter(citizen, n).join("\n"), { timeout: 3000 }).toMatch(/KTP pemohon|belum (dijawab|terjawab)/i);
  });

  it("6. a citizen who writes in English: staff see it, and the take and status notices reach the citizen in English", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("Hello, I would like to talk to a person please");
    const caseId = await caseIdOf(w, citizen);
    const app = applicationRecord({ number: "RBG-2026-000313", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "John" } });
    await w.t.loket.store.put("applications", app.number, app);
    const budi = await w.login("budi");
    expect((await budi.json<CaseDetail>(`/cases/${caseId}`)).language).toBe("en");
    expect((await budi.post(`/cases/${caseId}/take`)).status).toBe(200);
    const taken = await citizen.events.waitFor((o) => o.text.includes("Budi"));
    expect(taken.text).not.toMatch(/Bapak\/Ibu|melayani/);
    expect((await budi.post(`/applications/${app.number}/status`, { status: "verified" })).status).toBe(200);
    const notice = await citizen.events.waitFor((o) => o.text.includes("RBG-2026-000313"));
    expect(notice.text).toMatch(/verified/i);
    expect(notice.text).not.toMatch(/diverifikasi|Permohonan/);
  });

  it("7. staff find an application by its number typed with spaces and in lower case", async () => {
    const w = await world();
    for (const n of ["RBG-2026-000123", "RBG-2026-000124", "RBG-2025-000123"]) {
      await w.t.loket.store.put("applications", n, applicationRecord({ number: n, permit: "izin-reklame", conversationId: `web:${n}`, fields: { nama: "Warga" } }));
    }
    const budi = await w.login("budi");
    for (const q of ["rbg 2026 000123", "rbg-2026-000123", "RBG2026000123", " RBG - 2026 - 000123 "]) {
      const found = await budi.json<{ total: number; applications: { number: string }[] }>(`/applications?q=${encodeURIComponent(q)}`);
      expect(found.applications.map((a) => a.number), q).toEqual(["RBG-2026-000123"]);
    }
  });

  it("8. a case closed while the citizen is offline; days later the citizen asks something new and the bot answers it", async () => {
    let clock = Date.parse("2026-03-02T03:00:00Z"); // Monday 10:00 WIB
    const w = await world({ now: () => new Date(clock) });
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Halo Bu, ada yang bisa kami bantu?" })).status).toBe(200);
    clock += 20 * 60_000;
    expect((await budi.post(`/cases/${caseId}/close`)).status).toBe(200);
    clock += 3 * 24 * 3_600_000;
    const replies = (await citizen.say("apa saja syarat izin reklame?")).map((o) => o.text).join("\n");
    expect(replies).toContain("KTP pemohon");
    // Budi's 12-hour session ended days ago: he logs in again.
    const later = await w.login("budi");
    const open = (await later.json<{ cases: HandoffCase[] }>("/cases")).cases.filter((c) => c.conversationId === citizen.conversationId);
    expect(open).toEqual([]);
  });

  it("9. a status the office does not have, sent to the API, is a 400 naming the statuses that exist; nothing changes and nobody is told", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("halo");
    const app = applicationRecord({ number: "RBG-2026-000314", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Rina" } });
    await w.t.loket.store.put("applications", app.number, app);
    const budi = await w.login("budi");
    const n = citizen.events.received.length;
    for (const status of ["selesai", "APPROVED", "", 3]) {
      const res = await budi.post(`/applications/${app.number}/status`, { status });
      expect(res.status, String(status)).toBe(400);
      const body = (await res.json()) as { error: string; code?: string };
      expect(body.code, "errors are { error, code } (docs/staff.md)").toBe("invalid");
      expect(body.error).toMatch(/status/);
      expect(body.error).toContain("verified");
    }
    const stored = await w.t.loket.store.get<Application>("applications", app.number);
    expect(stored?.status).toBe("received");
    expect(stored?.history).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(citizen.events.received.length).toBe(n);
  });

  it("10. '/status' in the group with a mistyped status changes nothing and says which word was not understood; a lower-case number works", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }] });
    const citizen = 9110;
    const app = applicationRecord({ number: "RBG-2026-000315", permit: "izin-reklame", conversationId: `telegram:${citizen}`, channel: "telegram", fields: { nama: "Rina" } });
    await t.loket.store.put("applications", app.number, app);
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    const topic = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
    const before = topic().length;
    emu.text(GROUP, "/status RBG-2026-000315 diverifkasi", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => topic().length).toBeGreaterThan(before);
    const answer = topic().at(-1)!;
    expect(answer).toContain("diverifkasi");
    expect(answer).toContain("diverifikasi");
    expect((await t.loket.store.get<Application>("applications", app.number))?.status).toBe("received");
    emu.text(GROUP, "/status rbg-2026-000315 diverifikasi", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<Application>("applications", app.number))?.status).toBe("verified");
    await expect.poll(() => emu.sentTo(citizen).some((m) => (m.text ?? "").includes("RBG-2026-000315"))).toBe(true);
  }, 30_000);

  it("11. a staff reply quoting the citizen's NIK and phone number reaches the citizen and never the logs", async () => {
    const logLines: string[] = [];
    const w = await world({ logLines });
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    const text = "Data Ibu: NIK 3317014508900002, HP 0812-7788-9900, sudah kami cocokkan.";
    expect((await budi.post(`/cases/${caseId}/messages`, { text })).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("3317014508900002"));
    expect((await budi.post(`/cases/${caseId}/close`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const logs = logLines.join("\n");
    expect(logLines.length).toBeGreaterThan(0);
    expect(logs).not.toContain("3317014508900002");
    expect(logs).not.toMatch(/0812-?7788-?9900/);
  });

  it("12. a handoff on Saturday night: the citizen is told when staff will answer; on Monday morning staff find the case with what the citizen wrote, and taking it tells the citizen", async () => {
    let clock = Date.parse("2026-03-07T14:00:00Z"); // Saturday 21:00 WIB
    const w = await world({ now: () => new Date(clock) });
    const citizen = await w.citizen();
    const told = (await citizen.say("petugas")).map((o) => o.text).join("\n");
    expect(told).toMatch(/Senin/);
    expect(told).toMatch(/08[.:]00/);
    // The first message while waiting is answered once (handback4), with the same true opening time; the next one is not.
    const ack = (await citizen.say("Nomor registrasi saya belum keluar sejak Kamis")).map((o) => o.text);
    expect(ack).toHaveLength(1);
    expect(ack[0]).toMatch(/antrean ke-1/);
    expect(ack[0]).toMatch(/luar jam layanan/);
    expect(ack[0]).toMatch(/Senin.*08[.:]00/s);
    expect(await citizen.say("Mohon dibantu ya")).toEqual([]);
    clock = Date.parse("2026-03-09T01:05:00Z"); // Monday 08:05 WIB
    const budi = await w.login("budi");
    const { cases } = await budi.json<{ cases: (HandoffCase & { position?: number })[] }>("/cases");
    const mine = cases.find((c) => c.conversationId === citizen.conversationId);
    expect(mine).toMatchObject({ status: "waiting", position: 1 });
    const detail = await budi.json<CaseDetail>(`/cases/${mine!.id}`);
    expect(detail.transcript.some((l) => l.from === "citizen" && l.text.includes("belum keluar sejak Kamis"))).toBe(true);
    expect((await budi.post(`/cases/${mine!.id}/take`)).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("Petugas Budi sekarang melayani"));
  });
});
