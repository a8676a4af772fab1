import { afterEach, describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import { staffGroupWorld } from "./group-world.js";
import { caseIdOf, staffWorldWithApplication, type StaffWorld, type WebCitizen } from "./support.js";

/**
 * Held-out staff12 (2026-12-04), written before the change: a case opened while the citizen was
 * checking an application's status (the number given, the phone's last digits asked) carries that
 * application's number (`applicationNumber`), as a case opened after a status shown does: staff
 * change its status from the case (the console's case lists it, the group's /status needs no
 * number) without looking it up. A number that names no application is not put on the case.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const NUMBER = "RBG-2026-000123";

const world = (): Promise<StaffWorld> => staffWorldWithApplication(cleanups, NUMBER);

async function says(c: WebCitizen, ...lines: string[]): Promise<void> {
  for (const l of lines) await c.say(l);
}

type Row = { id: string; applicationNumber?: string };

async function caseOf(w: StaffWorld, c: WebCitizen): Promise<{ row: Row; detail: { case: Row; applications: { number: string }[] } }> {
  const id = await caseIdOf(w, c);
  const staff = await w.login();
  const row = (await staff.json<{ cases: Row[] }>("/cases?status=open")).cases.find((x) => x.id === id)!;
  const detail = await staff.json<{ case: Row; applications: { number: string }[] }>(`/cases/${id}`);
  return { row, detail };
}

describe("staff12 held-out 2026-12-04: a case opened during a status check carries the application's number", () => {
  it("1. 'RBG-… sudah sampai mana?', the phone's digits asked, then 'saya mau bicara petugas': the case has the number", async () => {
    const w = await world();
    const c = await w.citizen();
    await says(c, `${NUMBER} sudah sampai mana?`, "saya mau bicara petugas");
    const { row, detail } = await caseOf(w, c);
    expect(row.applicationNumber).toBe(NUMBER);
    expect(detail.case.applicationNumber).toBe(NUMBER);
    expect(detail.applications.map((a) => a.number)).toContain(NUMBER);
  });

  it("2. the number typed as read out ('cek status rbg 2026 000123'), then 'cs': the number, written as the office writes it", async () => {
    const w = await world();
    const c = await w.citizen();
    await says(c, "cek status rbg 2026 000123", "cs");
    const { row } = await caseOf(w, c);
    expect(row.applicationNumber).toBe(NUMBER);
  });

  it("3. the request for a person naming the number ('saya mau bicara petugas soal RBG-…'), then 'petugas': the number", async () => {
    const w = await world();
    const c = await w.citizen();
    await says(c, `saya mau bicara petugas soal ${NUMBER}`, "petugas");
    const { row } = await caseOf(w, c);
    expect(row.applicationNumber).toBe(NUMBER);
  });

  it("4. a number that names no application: the case gets no number", async () => {
    const w = await world();
    const c = await w.citizen();
    await says(c, "RBG-2026-000999 sudah sampai mana?", "petugas");
    const { row } = await caseOf(w, c);
    expect(row.applicationNumber).toBeUndefined();
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

describe("staff12 held-out 2026-12-04: the group's case post names the application being checked", () => {
  it("5. a status check at the phone's digits, then 'petugas': 'Permohonan: RBG-…' in the summary", async () => {
    const GROUP = -1001000012001;
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await t.loket.store.put("applications", NUMBER, applicationRecord({ number: NUMBER, permit: "pbg", conversationId: "web:other" }));
    const post = await groupPost(emu, GROUP, 73001, [`${NUMBER} sudah sampai mana?`, "petugas"]);
    expect(post).toContain(`Permohonan: ${NUMBER}`);
  });
});

describe("staff12 held-out 2026-12-04: 'Warga: …' only when it adds to 'Perlu: …'", () => {
  it("6. the group's first post: a refund asked, 'Ya' tapped: the request once (Perlu), no 'Terakhir ditulis warga' repeating it", async () => {
    const GROUP = -1001000012002;
    const CITIZEN = 73002;
    const { emu } = await staffGroupWorld(cleanups, GROUP);
    emu.text(CITIZEN, "saya minta pengembalian retribusi pbg, sudah bayar dua kali");
    const [offer] = (await emu.waitForSent(CITIZEN, 1)).filter((m) => JSON.stringify(m).includes("callback_data"));
    const yes = JSON.stringify(offer).match(/"callback_data":"([^"]*yes[^"]*)"/)![1]!;
    emu.tap(CITIZEN, yes, offer!.message_id as number);
    await emu.waitForSent(GROUP, 1);
    const post = emu.sentTo(GROUP)[0]!.text ?? "";
    expect(post).toContain("Perlu: ");
    expect(post.match(/pengembalian retribusi pbg/g)?.length, "the citizen's words once").toBe(1);
    expect(post).not.toContain("Terakhir ditulis warga");
  });

  it("7. the group's first post: 'syarat pbg apa saja' then 'petugas': the last words are another line, still shown", async () => {
    const GROUP = -1001000012003;
    const { emu } = await staffGroupWorld(cleanups, GROUP);
    const post = await groupPost(emu, GROUP, 73003, ["syarat pbg apa saja", "petugas"]);
    expect(post).toContain("“syarat pbg apa saja”");
    expect(post).toContain("Terakhir ditulis warga");
  });
});

describe("staff12 held-out 2026-12-04: the number said once in the row", () => {
  it("8. a case that carries the application's number: 'Perlu: …' does not repeat it ('no. RBG-…'), the row's line names it", async () => {
    const w = await world();
    const c = await w.citizen();
    await says(c, `${NUMBER} sudah sampai mana?`, "saya mau bicara petugas", "sudah 3 minggu belum ada kabar, tolong dicek");
    const { row } = await caseOf(w, c);
    const need = (row as Row & { need?: string }).need;
    expect(row.applicationNumber).toBe(NUMBER);
    expect(need).toContain("“sudah 3 minggu belum ada kabar, tolong dicek”");
    expect(need).not.toContain(NUMBER);
  });
});
