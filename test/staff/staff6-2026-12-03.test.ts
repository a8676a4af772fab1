import { afterEach, describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { runStaffCli } from "../../src/cli/staff.js";
import { applicationRecord } from "../support/applications.js";
import { ownFile } from "../support/fixtures.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";
import { addStaff } from "../../src/staff/auth.js";
import { caseIdOf, PASSWORDS, startStaffWorld, type StaffWorld, type WebCitizen } from "./support.js";

/**
 * Held-out set, staff side round 6 (2026-12-03, "staff6"): an hour as a staff member with fresh
 * eyes. A busy morning (ten citizens waiting), two staff answering one case at the same moment, a
 * status notice while the citizen is mid-form, a status with reason and documents, an application
 * looked up by its number, a document sent to staff, closing the day (what still waits, in the
 * console and the Telegram group), a second device, a forgotten password, an account disabled
 * while logged in. Written before any change, and scored on the unchanged code.
 */
const GROUP = -1009876546666;
const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function world(): Promise<StaffWorld> {
  const w = await startStaffWorld();
  worlds.push(w);
  return w;
}

async function handedOff(w: StaffWorld): Promise<{ citizen: WebCitizen; caseId: string; told: string }> {
  const citizen = await w.citizen();
  const told = (await citizen.say("petugas")).map((r) => r.text).join("\n");
  return { citizen, caseId: await caseIdOf(w, citizen), told };
}

const cli = (w: StaffWorld, argv: string[], password = "") => {
  const out: string[] = [];
  return runStaffCli(argv, w.t.loket.store, { readPassword: async () => password, out: (l) => out.push(l), err: (l) => out.push(l) }).then((code) => ({ code, out: out.join("\n") }));
};

type Queue = { cases: (HandoffCase & { position?: number })[] };
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

describe("staff6 held-out 2026-12-03", () => {
  it("1. a busy morning: ten citizens wait in arrival order, each told their place; once the first is taken the others move up", async () => {
    const w = await world();
    const waiting: { caseId: string; told: string }[] = [];
    for (let i = 0; i < 10; i++) waiting.push(await handedOff(w));
    waiting.forEach((c, i) => expect(c.told).toContain(`antrean ke-${i + 1}`));
    const budi = await w.login("budi");
    const q = await budi.json<Queue>("/cases");
    expect(q.cases.map((e) => [e.id, e.position])).toEqual(waiting.map((c, i) => [c.caseId, i + 1]));
    expect((await budi.post(`/cases/${waiting[0]!.caseId}/take`)).status).toBe(200);
    const after = await budi.json<Queue>("/cases");
    expect(after.cases.filter((e) => e.status === "waiting").map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }, 40_000);

  it("2. two staff answer the same waiting case at the same moment: one reply reaches the citizen, the other is refused saying who serves it", async () => {
    const w = await world();
    await addStaff(w.t.loket.store, { username: "andi", role: "staff", password: "kata-sandi-andi-1", displayName: "Andi" });
    const { citizen, caseId } = await handedOff(w);
    const budi = await w.login("budi");
    const andi = await w.login("andi", "kata-sandi-andi-1");
    const n = citizen.events.received.length;
    const [a, b] = await Promise.all([budi.post(`/cases/${caseId}/messages`, { text: "Selamat pagi, saya Budi." }), andi.post(`/cases/${caseId}/messages`, { text: "Selamat pagi, saya Andi." })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(((await loser.json()) as { error: string }).error).toMatch(/held by (budi|andi)/);
    await settle();
    const got = citizen.events.received.slice(n).map((o) => o.text);
    expect(got.filter((t) => /Selamat pagi, saya/.test(t))).toHaveLength(1);
    expect(got.filter((t) => /sekarang melayani/.test(t))).toHaveLength(1);
  });

  it("3. a status notice reaches a citizen mid-form without losing the form: their next answer is still taken for it", async () => {
    const w = await world();
    const citizen = await w.citizen();
    const app = applicationRecord({ number: "RBG-2026-000631", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Siti" } });
    await w.t.loket.store.put("applications", app.number, app);
    await citizen.say("saya mau ajukan izin reklame");
    await citizen.tap("apply.consent:agree");
    await citizen.say("Siti Rahmawati");
    const phoneQuestion = await citizen.say("3317014508900002");
    expect(phoneQuestion.at(-1)?.expects?.kind).toBe("phone");
    const budi = await w.login("budi");
    const n = citizen.events.received.length;
    expect((await budi.post(`/applications/${app.number}/status`, { status: "verified", note: "Berkas lengkap." })).status).toBe(200);
    await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && /RBG-2026-000631/.test(o.text));
    const next = await citizen.say("0812-3456-7890");
    expect(next.map((r) => r.text).join("\n")).toContain("Langkah 4 dari 10");
  });

  it("4. a correction with a reason and documents mid-form: the citizen reads both, and the form's next answer is not taken as the document", async () => {
    const w = await world();
    const citizen = await w.citizen();
    const app = applicationRecord({ number: "RBG-2026-000632", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Siti" } });
    await w.t.loket.store.put("applications", app.number, app);
    await citizen.say("saya mau ajukan izin reklame");
    await citizen.tap("apply.consent:agree");
    await citizen.say("Siti Rahmawati");
    await citizen.say("3317014508900002");
    const budi = await w.login("budi");
    const n = citizen.events.received.length;
    expect((await budi.post(`/applications/${app.number}/status`, { status: "needs_correction", note: "Foto KTP buram.", documents: ["ktp"] })).status).toBe(200);
    await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && /Foto KTP buram/.test(o.text));
    const notice = citizen.events.received.slice(n).map((o) => o.text).join("\n");
    expect(notice).toContain("KTP");
    const next = await citizen.say("0812-3456-7890");
    const said = next.map((r) => r.text).join("\n");
    expect(said).not.toMatch(/belum dikenali|tidak dikenali/i);
    const frame = (await w.t.loket.store.peekState(citizen.conversationId))?.engine.stack.find((f) => f.flow === "apply");
    expect(JSON.stringify(frame?.slots ?? {})).toContain("3317014508900002");
  });

  it("5. an application looked up by the number as read out on the phone, with no dashes or spaces at all", async () => {
    const w = await world();
    const app = applicationRecord({ number: "RBG-2026-000633", permit: "izin-reklame", conversationId: "web:x633", fields: { nama: "Siti" } });
    await w.t.loket.store.put("applications", app.number, app);
    const budi = await w.login("budi");
    for (const q of ["RBG-2026-000633", "rbg 2026 000633", "RBG2026000633", "2026-000633"]) {
      const r = await budi.json<{ total: number; applications: { number: string }[] }>(`/applications?q=${encodeURIComponent(q)}`);
      expect(r.applications.map((a) => a.number), q).toEqual(["RBG-2026-000633"]);
    }
    expect((await budi.get("/applications/rbg-2026-000633")).status).toBe(200);
  });

  it("6. a citizen sends a document to staff: it is in the case at once and a colleague can download it", async () => {
    const w = await world();
    const { citizen, caseId } = await handedOff(w);
    const budi = await w.login("budi");
    await budi.post(`/cases/${caseId}/take`);
    const pdf = ownFile("pdf", "staff6-6");
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "ktp.pdf");
    const up = await fetch(`${w.base}/api/conversations/${citizen.id}/uploads`, { method: "POST", headers: { authorization: `Bearer ${citizen.token}` }, body: form });
    expect(up.status).toBe(200);
    const sari = await w.login("sari");
    const detail = await sari.json<{ transcript: { documentUrl?: string }[] }>(`/cases/${caseId}`);
    const line = detail.transcript.find((l) => l.documentUrl);
    expect(line).toBeTruthy();
    const file = await sari.get(line!.documentUrl!.replace(/^\/staff\/api/, ""));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it("7. closing the day in the console: the day's report counts as open exactly the cases the queue still shows", async () => {
    const w = await world();
    const a = await handedOff(w);
    const b = await handedOff(w);
    await handedOff(w);
    const budi = await w.login("budi");
    await budi.post(`/cases/${a.caseId}/take`);
    await budi.post(`/cases/${b.caseId}/take`);
    await budi.post(`/cases/${b.caseId}/close`);
    const q = await budi.json<Queue>("/cases");
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
    const report = await budi.json<{ handoffs: { opened: number; open: number; closed: number } }>(`/report?from=${today}&to=${today}`);
    expect(report.handoffs).toMatchObject({ opened: 3, closed: 1, open: 2 });
    expect(q.cases).toHaveLength(2);
  });

  it("8. a second device: logging in on the phone keeps the desktop's session; a reply from the phone shows live on the desktop; logging out on the phone leaves the desktop in", async () => {
    const w = await world();
    const { caseId } = await handedOff(w);
    const desktop = await w.login("budi");
    const stream = await desktop.events();
    const phone = await w.login("budi");
    expect((await desktop.get("/me")).status).toBe(200);
    expect((await phone.post(`/cases/${caseId}/messages`, { text: "Baik Bu, saya cek dulu." })).status).toBe(200);
    await stream.waitFor((e) => e.type === "case_updated" && e.caseId === caseId);
    expect((await phone.post("/logout")).status).toBe(200);
    expect((await phone.get("/me")).status).toBe(401);
    expect((await desktop.get("/me")).status).toBe(200);
  });

  it("9. a forgotten password: the login page says what to do (ask an admin for a new one)", async () => {
    const w = await world();
    const html = await (await fetch(`${w.base}/staff`)).text();
    const login = html.slice(html.indexOf('id="view-login"'), html.indexOf("</section>", html.indexOf('id="view-login"')));
    expect(login).toMatch(/Lupa kata sandi/i);
    expect(login).toMatch(/admin/i);
  });

  it("10. a password set anew by an admin (forgotten, or seen by someone else) ends the sessions logged in with the old one", async () => {
    const w = await world();
    const budi = await w.login("budi");
    expect((await budi.get("/me")).status).toBe(200);
    const r = await cli(w, ["passwd", "budi"], "kata-sandi-baru-123");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sesi/i);
    expect((await budi.get("/me")).status).toBe(401);
    await w.login("budi", "kata-sandi-baru-123");
  });

  it("11. an account disabled while logged in with a case open: its reply is refused and never reaches the citizen", async () => {
    const w = await world();
    const { citizen, caseId } = await handedOff(w);
    const budi = await w.login("budi");
    await budi.post(`/cases/${caseId}/take`);
    expect((await cli(w, ["disable", "budi"])).code).toBe(0);
    const n = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Balasan setelah dinonaktifkan" })).status).toBe(401);
    await settle();
    expect(citizen.events.received.slice(n).map((o) => o.text).join("\n")).not.toContain("Balasan setelah dinonaktifkan");
  });

  it("12. closing the day in the Telegram group: /antrean lists the open cases (waiting, and held by whom) with links to their topics, no citizen's words", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const a = await caseTopicOf(emu, t, GROUP, 6601);
    emu.text(6602, "petugas");
    await expect.poll(async () => (await t.loket.store.list<HandoffCase>("cases")).filter((c) => c.staffThreadId).length).toBe(2);
    const b = (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.id !== a.caseId)!;
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: a.thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", a.caseId))?.heldBy).toBe("andi");
    emu.text(6602, "Nama saya Siti, NIK 3317014508900002");
    await settle();
    const before = emu.sentTo(GROUP).length;
    emu.text(GROUP, "/antrean", { chatType: "supergroup", fromId: 888 });
    await expect.poll(() => emu.sentTo(GROUP).length, { timeout: 5_000 }).toBeGreaterThan(before);
    const answer = (await waitAnswer(emu, before)).join("\n");
    expect(answer).toContain(`/${a.thread}`);
    expect(answer).toContain(`/${b.staffThreadId}`);
    expect(answer).toContain("andi");
    expect(answer).not.toContain("Siti");
    expect(answer).not.toContain("3317014508900002");
  }, 30_000);
});

async function waitAnswer(emu: BotApiEmulator, from: number): Promise<string[]> {
  await settle();
  return emu.sentTo(GROUP).slice(from).filter((m) => m.message_thread_id === undefined).map((m) => m.rendered ?? m.text ?? "");
}
