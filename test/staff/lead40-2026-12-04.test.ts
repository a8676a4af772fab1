import { afterEach, describe, expect, it } from "vitest";
import { staffWorldWithApplication, type StaffWorld } from "./support.js";

/**
 * Held-out lead40 (2026-12-04), written before the change: a status question and a request for a
 * person in one message ("RBG-… sudah sampai mana? saya mau bicara petugas", "saya mau bicara
 * petugas soal RBG-…") was read as the status check alone: the phone's last digits were asked and
 * no case opened (found by staff12). The person asked for is what is done, the case carrying the
 * number. A status question that only mentions staff ("kata petugas …") stays a status check.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const NUMBER = "RBG-2026-000123";

const world = (): Promise<StaffWorld> => staffWorldWithApplication(cleanups, NUMBER);

async function caseAfter(text: string): Promise<{ said: string; handoff?: { caseId?: string }; applicationNumber?: string }> {
  const w = await world();
  const c = await w.citizen();
  const out = await c.say(text);
  const said = out.map((o) => ("text" in o ? String(o.text) : "")).join("\n");
  const handoff = (await w.t.loket.store.peekState(c.conversationId))?.handoff;
  if (!handoff?.caseId) return { said };
  const staff = await w.login();
  const row = (await staff.json<{ cases: { id: string; applicationNumber?: string }[] }>("/cases?status=open")).cases.find((x) => x.id === handoff.caseId);
  return { said, handoff, ...(row?.applicationNumber ? { applicationNumber: row.applicationNumber } : {}) };
}

describe("lead40 held-out 2026-12-04: a status question and a request for a person in one message", () => {
  it("1. 'RBG-… sudah sampai mana? saya mau bicara petugas': a case opens, with the number; no digits asked", async () => {
    const r = await caseAfter(`${NUMBER} sudah sampai mana? saya mau bicara petugas`);
    expect(r.handoff?.caseId, r.said).toBeTruthy();
    expect(r.applicationNumber).toBe(NUMBER);
    expect(r.said).toMatch(/petugas/i);
    expect(r.said).not.toMatch(/4 angka terakhir/i);
  });

  it("2. 'saya mau bicara petugas soal RBG-…': a case opens, with the number", async () => {
    const r = await caseAfter(`saya mau bicara petugas soal ${NUMBER}`);
    expect(r.handoff?.caseId, r.said).toBeTruthy();
    expect(r.applicationNumber).toBe(NUMBER);
  });

  it("3. 'RBG-… sudah sampai mana?' alone: the status check (digits asked), no case", async () => {
    const r = await caseAfter(`${NUMBER} sudah sampai mana?`);
    expect(r.handoff?.caseId, r.said).toBeFalsy();
  });

  it("4. 'kata petugas RBG-… sudah jadi, benar?': staff only mentioned, the status check, no case", async () => {
    const r = await caseAfter(`kata petugas ${NUMBER} sudah jadi, benar?`);
    expect(r.handoff?.caseId, r.said).toBeFalsy();
  });
});
