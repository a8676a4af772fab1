import { afterEach, describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import { staffGroupWorld } from "./group-world.js";
import { caseIdOf, startStaffWorld, type StaffWorld, type WebCitizen } from "./support.js";

/**
 * Held-out staff11 (2026-12-04), written before any change: the queue row and the group's case post
 * say what the citizen needs ("Perlu: …"), not only what they wrote last, which is often the request
 * for a person itself ("petugas", "cs", "halo?"): the permit's name, the form under way, the last
 * line that says what they want, a registration number; never a NIK, a name or a phone number typed
 * into a form.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const NIK = "3317014508900002";
const NUMBER = "RBG-2026-000123";

async function world(): Promise<StaffWorld> {
  const w = await startStaffWorld({ store: "redis" });
  cleanups.push(() => w.close());
  return w;
}

async function says(c: WebCitizen, ...lines: string[]): Promise<void> {
  for (const l of lines) await c.say(l);
}

type Row = { id: string; lastCitizenText?: string; need?: string };

describe("staff11 held-out 2026-12-04: the queue says what each citizen needs", () => {
  it("1. PBG requirements asked, then 'petugas': the row names the permit and the question", async () => {
    const w = await world();
    const a = await w.citizen();
    await says(a, "syarat pbg apa saja", "petugas");
    const id = await caseIdOf(w, a);
    const row = (await (await w.login()).json<{ cases: Row[] }>("/cases?status=open")).cases.find((c) => c.id === id)!;
    expect(row.lastCitizenText).toBe("petugas");
    expect(row.need).toContain("Persetujuan Bangunan Gedung (PBG)");
    expect(row.need).toContain("“syarat pbg apa saja”");
    expect(row.need).not.toMatch(/petugas/);
  });

  it("2. mid-form SIP Dokter (name and NIK given), then 'petugas tolong': the permit, the form's place, the request; no name, no NIK", async () => {
    const w = await world();
    const b = await w.citizen();
    await says(b, "mau daftar sip dokter", "ya", "Budi Santoso", NIK, "petugas tolong");
    const id = await caseIdOf(w, b);
    const row = (await (await w.login()).json<{ cases: Row[] }>("/cases?status=open")).cases.find((c) => c.id === id)!;
    expect(row.need).toContain("Surat Izin Praktik Dokter (SIP Dokter)");
    expect(row.need).toMatch(/formulir/i);
    expect(row.need).toContain("Nomor HP");
    expect(row.need).toContain("“mau daftar sip dokter”");
    expect(row.need).not.toMatch(/Budi|3317|petugas/);
  });

  it("3. a status number checked, then 'cs': the number", async () => {
    const w = await world();
    await w.t.loket.store.put("applications", NUMBER, applicationRecord({ number: NUMBER, permit: "pbg", conversationId: "web:other" }));
    const c = await w.citizen();
    await says(c, `cek status ${NUMBER}`, "cs");
    const id = await caseIdOf(w, c);
    const row = (await (await w.login()).json<{ cases: Row[] }>("/cases?status=open")).cases.find((x) => x.id === id)!;
    expect(row.lastCitizenText).toBe("cs");
    expect(row.need).toContain(NUMBER);
    expect(row.need).not.toMatch(/“cs”/);
  });

  it("4. greetings and requests for a person after the question are passed over; a NIK in the question is masked", async () => {
    const w = await world();
    const d = await w.citizen();
    await says(d, "izin reklame saya sudah 3 minggu belum keluar", "halo?", "mau bicara dengan admin");
    const e = await w.citizen();
    await says(e, `nik saya ${NIK} kenapa pbg saya ditolak`, "petugas");
    const [dId, eId] = [await caseIdOf(w, d), await caseIdOf(w, e)];
    const rows = (await (await w.login()).json<{ cases: Row[] }>("/cases?status=open")).cases;
    expect(rows.find((c) => c.id === dId)!.need).toContain("“izin reklame saya sudah 3 minggu belum keluar”");
    const eNeed = rows.find((c) => c.id === eId)!.need!;
    expect(eNeed).toContain("kenapa pbg saya ditolak");
    expect(eNeed).toContain("33••••••••••••02");
    expect(eNeed).not.toContain(NIK);
  });
});

/** The first post in the group (the case's summary) after a Telegram citizen's lines. */
async function groupPost(emu: BotApiEmulator, group: number, citizen: number, lines: string[]): Promise<string> {
  for (const [i, l] of lines.entries()) {
    emu.text(citizen, l);
    if (i < lines.length - 1) await emu.waitForSent(citizen, emu.sentTo(citizen).length + 1);
  }
  await emu.waitForSent(group, 1);
  return emu.sentTo(group)[0]!.text ?? "";
}

describe("staff11 held-out 2026-12-04: the group's case post says what the citizen needs", () => {
  it("5. PBG requirements, then 'petugas': 'Perlu:' with the permit and the question", async () => {
    const GROUP = -1001000011001;
    const logLines: string[] = [];
    const { emu } = await staffGroupWorld(cleanups, GROUP, { loket: { logLines } });
    const post = await groupPost(emu, GROUP, 72001, ["syarat pbg apa saja", "petugas"]);
    expect(post).toMatch(/Perlu: .*Persetujuan Bangunan Gedung \(PBG\).*“syarat pbg apa saja”/);
    expect(logLines.join("\n")).not.toContain("syarat pbg apa saja");
  });

  it("6. mid-form SIP Dokter, then 'petugas tolong': the permit and the form's place, no NIK", async () => {
    const GROUP = -1001000011002;
    const { emu } = await staffGroupWorld(cleanups, GROUP);
    const post = await groupPost(emu, GROUP, 72002, ["mau daftar sip dokter", "ya", "Budi Santoso", NIK, "petugas tolong"]);
    expect(post).toMatch(/Perlu: .*Surat Izin Praktik Dokter \(SIP Dokter\).*formulir.*Nomor HP/);
    expect(post).not.toContain(NIK);
  });

  it("7. a status number, then 'cs': the number", async () => {
    const GROUP = -1001000011003;
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await t.loket.store.put("applications", NUMBER, applicationRecord({ number: NUMBER, permit: "pbg", conversationId: "web:other" }));
    const post = await groupPost(emu, GROUP, 72003, [`cek status ${NUMBER}`, "cs"]);
    expect(post).toMatch(new RegExp(`Perlu: .*${NUMBER}`));
  });
});
