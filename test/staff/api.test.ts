import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import type { AuditEntry } from "../../src/staff/audit.js";
import { addStaff, setStaffDisabled } from "../../src/staff/auth.js";
import { createTestLoket, fixtures } from "../support/loket.js";
import { PASSWORDS, startStaffWorld, StaffClient, type StaffWorld } from "./support.js";

/** The staff JSON API of DESIGN.md over real HTTP on loopback, with a whole Loket behind it. */
describe("staff API: authentication, CSRF, roles", () => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await startStaffWorld();
  });
  afterAll(async () => w.close());

  it("refuses the API without a session and a wrong password; logs in with an httpOnly SameSite=Strict cookie", async () => {
    expect((await fetch(`${w.base}/staff/api/cases`)).status).toBe(401);
    expect((await fetch(`${w.base}/staff/api/cases`, { headers: { cookie: "loket_staff=forged" } })).status).toBe(401);
    const c = new StaffClient(w.base, []);
    const wrong = await c.login("budi", "salah-sekali-123");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const unknown = await c.login("tidakada", "salah-sekali-123");
    expect(unknown.status).toBe(401);
    const ok = await c.login("budi", PASSWORDS.budi);
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^loket_staff=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/staff/);
    expect(cookie).not.toMatch(/Secure/i);
    const body = (await ok.json()) as { csrfToken: string; role: string };
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(24);
    expect(body.role).toBe("staff");
    const me = await c.json<{ username: string; csrfToken: string }>("/me");
    expect(me).toMatchObject({ username: "budi", csrfToken: body.csrfToken });
    const cases = await c.get("/cases");
    expect(cases.status).toBe(200);
    expect(cases.headers.get("cache-control")).toBe("no-store");
  });

  it("needs the CSRF token on every change, and logout ends the session", async () => {
    const c = await w.login("budi");
    expect((await c.post("/logout", {}, null)).status).toBe(403);
    expect((await c.post("/logout", {}, "wrong-token")).status).toBe(403);
    expect((await c.post("/cases/nope/take", {}, null)).status).toBe(403);
    expect((await c.post("/applications/RBG-2026-000001/status", { status: "verified" }, "x".repeat(32))).status).toBe(403);
    // Another session's token does not fit this one.
    const other = await w.login("budi");
    expect((await c.post("/cases/nope/take", {}, other.csrf)).status).toBe(403);
    expect((await c.post("/cases/nope/take")).status).toBe(404);
    expect((await c.post("/logout")).status).toBe(200);
    expect((await c.get("/cases")).status).toBe(401);
    expect((await other.get("/cases")).status).toBe(200);
  });

  it("shows the audit log to admins only, without personal data", async () => {
    const staff = await w.login("budi");
    expect((await staff.get("/audit")).status).toBe(403);
    const admin = await w.login("sari");
    const { entries } = await admin.json<{ entries: AuditEntry[] }>("/audit");
    expect(entries.some((e) => e.by === "budi" && e.action === "login")).toBe(true);
    expect(entries.some((e) => e.by === "budi" && e.action === "login_failed")).toBe(true);
    expect(entries.some((e) => e.by === "budi" && e.action === "logout")).toBe(true);
    // A failed login of an unknown name is not recorded (it may be a password typed in the wrong box).
    expect(entries.some((e) => e.by === "tidakada")).toBe(false);
    expect(JSON.stringify(entries)).not.toContain(PASSWORDS.budi);
  });

  it("limits failed logins per username and address, and per username from any address", async () => {
    const c = new StaffClient(w.base, []);
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    await addStaff(w.t.loket.store, { username: "dewi", role: "staff", password: PASSWORDS.budi });
    for (let i = 0; i < 5; i++) expect((await c.login("dewi", "salah-sekali-123", from("10.0.0.1"))).status).toBe(401);
    const blocked = await c.login("dewi", PASSWORDS.budi, from("10.0.0.1"));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect((await c.login("dewi", PASSWORDS.budi, from("10.0.0.2"))).status).toBe(200);
    // Rotating addresses does not give unlimited guesses: 20 failures lock the username everywhere.
    for (let i = 0; i < 15; i++) await c.login("dewi", "salah-sekali-123", from(`10.0.1.${i}`));
    expect((await c.login("dewi", PASSWORDS.budi, from("10.0.2.1"))).status).toBe(429);
    // Other users are unaffected.
    expect((await c.login("budi", PASSWORDS.budi, from("10.0.0.1"))).status).toBe(200);
  });

  it("serves the console page with a CSP that allows no injected script", async () => {
    const res = await fetch(`${w.base}/staff`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe("staff API: cases", () => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await startStaffWorld();
  });
  afterAll(async () => w.close());

  it("a citizen asks for a person: the case arrives live, staff take it, reply, the citizen's words go to staff only, and return to the bot", async () => {
    const budi = await w.login("budi");
    const feed = await budi.events();
    const citizen = await w.citizen();
    await citizen.say("halo");
    await citizen.say("petugas");
    const opened = await feed.waitFor((e) => e.type === "case_opened");
    const caseId = opened.caseId!;

    const list = await budi.json<{ cases: (HandoffCase & { position?: number })[] }>("/cases");
    expect(list.cases.find((c) => c.id === caseId)).toMatchObject({ status: "waiting", position: 1, channel: "web" });

    // Waiting: the first message goes to staff and is answered once with the place in the queue
    // (handback4); staff see both, live and in the case; the next message while waiting is silent.
    const ack = await citizen.say("saya mau tanya izin usaha");
    expect(ack).toHaveLength(1);
    expect(ack[0]!.text).toContain("antrean ke-1");
    await feed.waitFor((e) => e.type === "case_message" && e.caseId === caseId && e.from === "citizen" && e.text === "saya mau tanya izin usaha");
    await feed.waitFor((e) => e.type === "case_message" && e.caseId === caseId && e.from === "bot" && e.text === ack[0]!.text);
    const waitingCase = await budi.json<{ transcript: { from: string; text: string }[] }>(`/cases/${caseId}`);
    const asked = waitingCase.transcript.findIndex((e) => e.from === "citizen" && e.text === "saya mau tanya izin usaha");
    expect(asked).toBeGreaterThanOrEqual(0);
    expect(waitingCase.transcript[asked + 1]).toMatchObject({ from: "bot", text: ack[0]!.text });
    expect(await citizen.say("syaratnya apa saja")).toEqual([]);

    expect((await budi.post(`/cases/${caseId}/take`)).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("Budi"));
    const sari = await w.login("sari");
    // Taking again from another session of the same user is idempotent.
    expect((await (await w.login("budi")).post(`/cases/${caseId}/take`)).status).toBe(200);

    // Held: the citizen's message reaches staff (live and in the transcript), the engine stays silent.
    const before = (await w.t.loket.store.transcript(citizen.conversationId)).filter((e) => e.from === "bot").length;
    expect(await citizen.say("menu")).toEqual([]);
    await feed.waitFor((e) => e.type === "case_message" && e.from === "citizen" && e.text === "menu");
    const after = (await w.t.loket.store.transcript(citizen.conversationId)).filter((e) => e.from === "bot").length;
    expect(after).toBe(before);

    const reply = await budi.post(`/cases/${caseId}/messages`, { text: "Selamat siang, ada yang bisa dibantu?" });
    expect(reply.status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("Selamat siang, ada yang bisa dibantu?"));
    await feed.waitFor((e) => e.type === "case_message" && e.from === "staff");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "" })).status).toBe(400);

    const detail = await budi.json<{ case: HandoffCase; transcript: { from: string; text: string; by?: string }[] }>(`/cases/${caseId}`);
    expect(detail.case).toMatchObject({ status: "held", heldBy: "budi" });
    expect(detail.transcript.some((e) => e.from === "citizen" && e.text === "menu")).toBe(true);
    expect(detail.transcript.some((e) => e.from === "staff" && e.by === "budi")).toBe(true);

    const pushedBefore = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/return`)).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("asisten otomatis"));
    // The bot speaks again: the resume re-asks where the conversation was.
    await expect.poll(() => citizen.events.received.length).toBeGreaterThan(pushedBefore + 1);
    expect((await citizen.say("menu")).length).toBeGreaterThan(0);
    expect((await budi.post(`/cases/${caseId}/take`)).status).toBe(409);
    expect((await sari.post(`/cases/${caseId}/close`)).status).toBe(409);

    const { entries } = await sari.json<{ entries: AuditEntry[] }>("/audit");
    const actions = entries.filter((e) => e.caseId === caseId).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["take", "reply", "return"]));
  });

  it("tells staff a citizen writes in English, so they reply in English; an Indonesian citizen's case says nothing of language", async () => {
    const budi = await w.login("budi");
    const feed = await budi.events();
    const english = await w.citizen();
    await english.say("I would like to talk to a person please");
    const opened = await feed.waitFor((e) => e.type === "case_opened");
    const detail = await budi.json<{ language?: string }>(`/cases/${opened.caseId}`);
    expect(detail.language).toBe("en");
    const indonesian = await w.citizen();
    await indonesian.say("mau bicara dengan petugas");
    const other = await feed.waitFor((e) => e.type === "case_opened" && e.caseId !== opened.caseId);
    expect((await budi.json<{ language?: string }>(`/cases/${other.caseId}`)).language).toBeUndefined();
  });

  it("a disabled account's live stream gets no citizen message after it is disabled: the stream ends", async () => {
    await addStaff(w.t.loket.store, { username: "tono", role: "staff", password: "kata-sandi-tono-1" });
    const tono = await w.login("tono", "kata-sandi-tono-1");
    const feed = await tono.events();
    const citizen = await w.citizen();
    await citizen.say("petugas");
    await feed.waitFor((e) => e.type === "case_opened");
    expect((await setStaffDisabled(w.t.loket.store, "tono", true)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1100)); // the stream re-checks its session at most once a second
    await citizen.say("nomor HP saya 081377778888");
    await expect.poll(() => feed.ended).toBe(true);
    expect(feed.received.filter((e) => (e.text ?? "").includes("081377778888"))).toEqual([]);
  });

  it("close ends the case and offers the SKM survey; the citizen's answers are stored and reported", async () => {
    const budi = await w.login("budi");
    const feed = await budi.events();
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const { caseId } = await feed.waitFor((e) => e.type === "case_opened");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Baik, sudah kami bantu." })).status).toBe(200);
    const n = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/close`)).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("sudah selesai"));
    // The survey's first question follows the closing notice.
    await expect.poll(() => citizen.events.received.length).toBeGreaterThan(n + 1);
    const state = await w.t.loket.store.peekState(citizen.conversationId);
    expect(state?.handoff).toBeUndefined();
    expect(state?.engine.stack.some((f) => f.flow === "survey")).toBe(true);
    const c = await w.t.loket.store.get<HandoffCase>("cases", caseId!);
    expect(c?.status).toBe("closed");

    // The citizen answers the nine elements; the answers are stored against the case and counted.
    const before = await budi.json<{ respondents: number }>("/skm");
    await citizen.say("1");
    for (const score of ["4", "4", "3", "4", "4", "3", "4", "4", "3"]) await citizen.say(score);
    const surveys = await w.t.loket.store.list<{ answers: Record<string, number>; subject: { caseId?: string } }>("surveys");
    const mine = surveys.find((s) => s.subject.caseId === caseId);
    expect(mine?.answers).toEqual({ u1: 4, u2: 4, u3: 3, u4: 4, u5: 4, u6: 3, u7: 4, u8: 4, u9: 3 });
    const after = await budi.json<{ respondents: number }>("/skm");
    expect(after.respondents).toBe(before.respondents + 1);
  });

  it("offers a document the citizen sent during the handoff for download, as an attachment of the sniffed type", async () => {
    const budi = await w.login("budi");
    const feed = await budi.events();
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const { caseId } = await feed.waitFor((e) => e.type === "case_opened");
    const form = new FormData();
    form.append("file", new Blob([fixtures.pdf]), "ktp <script>.pdf");
    const up = await fetch(`${w.base}/api/conversations/${citizen.id}/uploads`, { method: "POST", headers: { authorization: `Bearer ${citizen.token}` }, body: form });
    expect(up.status).toBe(200);
    const detail = await budi.json<{ transcript: { documentUrl?: string }[] }>(`/cases/${caseId}`);
    const url = detail.transcript.find((e) => e.documentUrl)?.documentUrl;
    expect(url).toMatch(/^\/staff\/api\/cases\/.+\/documents\/[a-f0-9]{64}$/);
    const dl = await fetch(`${w.base}${url}`, { headers: { cookie: budi.cookie } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("application/pdf");
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"$/);
    expect(Buffer.from(await dl.arrayBuffer()).equals(fixtures.pdf)).toBe(true);
    expect((await fetch(`${w.base}${url}`)).status).toBe(401);
    expect((await budi.get(`/cases/${caseId}/documents/${"0".repeat(64)}`)).status).toBe(404);
  });
});

describe("staff API: applications", () => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await startStaffWorld();
  });
  afterAll(async () => w.close());

  /** A submitted application on a live web conversation (submitted directly: the apply flow has its own tests). */
  async function submitted(number: string, fields: Record<string, string>, at = "2026-03-02T02:00:00.000Z", permit?: string) {
    const citizen = await w.citizen();
    await citizen.say("halo");
    const p = permit ?? w.t.loket.knowledge.permits.find((x) => x.submission.loketCanApply)!.id;
    const sha256 = await w.t.loket.files.put(fixtures.png);
    const requirement = w.t.loket.knowledge.permit(p)?.requirements[0]?.id ?? "ktp";
    const app: Application = {
      number,
      permit: p,
      conversationId: citizen.conversationId,
      channel: "web",
      fields,
      documents: { [requirement]: { sha256, mime: "image/png", size: fixtures.png.length, filename: "evil\".png" } },
      phoneLast4: "1234",
      status: "received",
      history: [{ status: "received", at, by: "loket" }],
      submittedAt: at,
      updatedAt: at,
    };
    await w.t.loket.store.put("applications", number, app);
    return { citizen, app, requirement };
  }

  it("lists applications with filters on status, permit, date and name or number", async () => {
    const permits = w.t.loket.knowledge.permits.filter((x) => x.submission.loketCanApply);
    await submitted("RBG-2026-000101", { nama: "Siti Aminah" }, "2026-03-02T02:00:00.000Z", permits[0]!.id);
    await submitted("RBG-2026-000102", { nama: "Bambang Sutrisno" }, "2026-03-05T02:00:00.000Z", permits[1]?.id ?? permits[0]!.id);
    // 23:30 on 9 March in Jakarta, still 9 March.
    await submitted("RBG-2026-000103", { nama: "Siti Rahayu" }, "2026-03-09T16:30:00.000Z", permits[0]!.id);
    const budi = await w.login("budi");
    const list = async (q: string) => (await budi.json<{ total: number; applications: { number: string; name?: string }[] }>(`/applications?${q}`)).applications.map((a) => a.number);
    expect(await list("")).toEqual(["RBG-2026-000103", "RBG-2026-000102", "RBG-2026-000101"]);
    expect(await list("q=siti")).toEqual(["RBG-2026-000103", "RBG-2026-000101"]);
    expect(await list("q=000102")).toEqual(["RBG-2026-000102"]);
    expect(await list("from=2026-03-03&to=2026-03-09")).toEqual(["RBG-2026-000103", "RBG-2026-000102"]);
    expect(await list("to=2026-03-08")).toEqual(["RBG-2026-000102", "RBG-2026-000101"]);
    expect(await list(`permit=${permits[0]!.id}&q=rahayu`)).toEqual(["RBG-2026-000103"]);
    expect(await list("status=verified")).toEqual([]);
    expect((await budi.get("/applications?status=bogus")).status).toBe(400);
    expect((await budi.get("/applications?from=3-3-2026")).status).toBe(400);
  });

  it("changes status along the allowed path, notifies the citizen each time, and refuses other moves", async () => {
    const { citizen } = await submitted("RBG-2026-000201", { nama: "Siti" });
    const budi = await w.login("budi");
    const feed = await budi.events();
    const ok = await budi.post("/applications/RBG-2026-000201/status", { status: "verified", note: "Berkas lengkap" });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { notified: boolean }).notified).toBe(true);
    await citizen.events.waitFor((o) => o.text.includes("RBG-2026-000201") && o.text.includes("diverifikasi") && o.text.includes("Berkas lengkap"));
    await feed.waitFor((e) => e.type === "application_updated" && e.number === "RBG-2026-000201");

    expect((await budi.post("/applications/RBG-2026-000201/status", { status: "done" })).status).toBe(409);
    expect((await budi.post("/applications/RBG-2026-000201/status", { status: "rejected" })).status).toBe(400); // no note
    expect((await budi.post("/applications/RBG-2026-000201/status", { status: "selesai" })).status).toBe(400);
    expect((await budi.post("/applications/RBG-2026-999999/status", { status: "verified" })).status).toBe(404);

    expect((await budi.post("/applications/RBG-2026-000201/status", { status: "approved" })).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("disetujui"));
    const n = citizen.events.received.length;
    expect((await budi.post("/applications/RBG-2026-000201/status", { status: "done" })).status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("selesai"));
    // done offers the survey
    await expect.poll(() => citizen.events.received.length).toBeGreaterThan(n + 1);

    const app = await w.t.loket.store.get<Application>("applications", "RBG-2026-000201");
    expect(app?.history.map((h) => [h.status, h.by])).toEqual([
      ["received", "loket"],
      ["verified", "budi"],
      ["approved", "budi"],
      ["done", "budi"],
    ]);
    expect(app?.history[1]?.note).toBe("Berkas lengkap");
  });

  it("needs_correction names documents and starts the correction flow for them", async () => {
    const { citizen, requirement } = await submitted("RBG-2026-000301", { nama: "Siti" });
    const budi = await w.login("budi");
    expect((await budi.post("/applications/RBG-2026-000301/status", { status: "needs_correction", note: "Foto buram", documents: ["tidak-ada"] })).status).toBe(400);
    const n = citizen.events.received.length;
    const res = await budi.post("/applications/RBG-2026-000301/status", { status: "needs_correction", note: "Foto buram", documents: [requirement] });
    expect(res.status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes("perbaikan") && o.text.includes("Foto buram"));
    await expect.poll(() => citizen.events.received.length).toBeGreaterThan(n + 1);
    const state = await w.t.loket.store.peekState(citizen.conversationId);
    const top = state?.engine.stack.at(-1);
    expect(top?.flow).toBe("correction");
    expect(state?.engine.expecting?.kind).toBe("file");
  });

  it("downloads an application's document as an attachment with the stored type, never the citizen's name", async () => {
    const { requirement } = await submitted("RBG-2026-000401", { nama: "Siti" });
    const budi = await w.login("budi");
    const detail = await budi.json<{ application: { documentLinks: Record<string, { url: string }> } }>("/applications/RBG-2026-000401");
    const url = detail.application.documentLinks[requirement]!.url;
    const res = await fetch(`${w.base}${url}`, { headers: { cookie: budi.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="RBG-2026-000401-${requirement}.png"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await fetch(`${w.base}${url}`)).status).toBe(401);
    expect((await budi.get("/applications/RBG-2026-000401/documents/constructor")).status).toBe(404);
    const sari = await w.login("sari");
    const { entries } = await sari.json<{ entries: AuditEntry[] }>("/audit?action=download");
    expect(entries.some((e) => e.applicationNumber === "RBG-2026-000401" && e.by === "budi")).toBe(true);
    // Reading the application is audited too, once however often the console reloads it.
    await budi.json("/applications/RBG-2026-000401");
    const views = (await sari.json<{ entries: AuditEntry[] }>("/audit?action=view")).entries.filter((e) => e.applicationNumber === "RBG-2026-000401");
    expect(views).toEqual([expect.objectContaining({ by: "budi", action: "view" })]);
  });

  it("reports the IKM for a period and exports it as CSV", async () => {
    const { recordSurvey } = await import("../../src/staff/skm.js");
    await recordSurvey(w.t.loket.store, { u1: 4, u2: 4, u3: 4, u4: 4, u5: 4, u6: 4, u7: 4, u8: 4, u9: 4 }, {}, new Date("2026-02-10T03:00:00Z"));
    await recordSurvey(w.t.loket.store, { u1: 3, u2: 3, u3: 3, u4: 3, u5: 3, u6: 3, u7: 3, u8: 3, u9: 3 }, {}, new Date("2026-02-11T03:00:00Z"));
    await recordSurvey(w.t.loket.store, { u1: 1, u2: 1, u3: 1, u4: 1, u5: 1, u6: 1, u7: 1, u8: 1, u9: 1 }, {}, new Date("2025-12-11T03:00:00Z"));
    const budi = await w.login("budi");
    const r = await budi.json<{ ikm: number; grade: string; respondents: number }>("/skm?from=2026-02-01&to=2026-02-28");
    expect(r).toMatchObject({ ikm: 87.5, grade: "B", respondents: 2 });
    const csv = await budi.get("/skm.csv?from=2026-02-01&to=2026-02-28");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="ikm_2026-02-01_2026-02-28.csv"');
    expect(await csv.text()).toContain("total,IKM,2,3.5,87.5");
  });
});

describe("staff API behind HTTPS", () => {
  it("marks the session cookie Secure when COOKIE_SECURE is set", async () => {
    const t = await createTestLoket({ env: { COOKIE_SECURE: "1" } });
    try {
      await addStaff(t.loket.store, { username: "budi", role: "staff", password: PASSWORDS.budi });
      const res = await t.loket.app.inject({ method: "POST", url: "/staff/api/login", payload: { username: "budi", password: PASSWORDS.budi } });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers["set-cookie"])).toMatch(/; Secure/);
    } finally {
      await t.close();
    }
  });
});
