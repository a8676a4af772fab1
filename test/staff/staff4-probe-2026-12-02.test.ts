import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { recordSurvey } from "../../src/staff/skm.js";
import { testRedisUrl } from "../support/redis.js";
import { caseIdOf, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * Probes written after the staff4 fixes (2026-12-02): the supervisor's tools on Redis, the night
 * notice to an English-speaking citizen, and notes of a citizen who has their data erased.
 */
type CaseDetail = { case: HandoffCase; notes: { by: string; text: string }[]; earlierCases: { id: string }[]; erased?: boolean };

const worlds: StaffWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function world(start: string, opts: Parameters<typeof startStaffWorld>[0] = {}): Promise<{ w: StaffWorld; at: (iso: string) => void }> {
  let clock = Date.parse(start);
  const w = await startStaffWorld({ ...opts, now: () => new Date(clock) });
  worlds.push(w);
  return { w, at: (iso) => void (clock = Date.parse(iso)) };
}

describe("staff4 probes 2026-12-02", () => {
  it("P1. on Redis: yesterday's cases by day, a note, the earlier case and the day's report all come from the shared store", async () => {
    const { w, at } = await world("2026-12-01T03:00:00Z", { store: "redis", env: { REDIS_URL: testRedisUrl() } });
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const first = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    at("2026-12-01T03:07:00Z");
    expect((await budi.post(`/cases/${first}/messages`, { text: "Baik Pak, kami bantu." })).status).toBe(200);
    expect((await budi.post(`/cases/${first}/notes`, { text: "Pemohon minta ditelepon sore." })).status).toBe(200);
    expect((await budi.post(`/cases/${first}/close`, { survey: false })).status).toBe(200);
    await recordSurvey(w.t.loket.store, { u1: 4 }, { caseId: first }, new Date("2026-12-01T03:10:00Z"));
    at("2026-12-02T02:00:00Z");
    await citizen.say("petugas");
    const second = await caseIdOf(w, citizen);
    const sari = await w.login("sari");
    const day = await sari.json<{ cases: HandoffCase[] }>("/cases?status=all&from=2026-12-01&to=2026-12-01");
    expect(day.cases.map((c) => c.id)).toEqual([first]);
    expect(day.cases[0]).not.toHaveProperty("notes");
    const detail = await sari.json<CaseDetail>(`/cases/${second}`);
    expect(detail.earlierCases.map((c) => c.id)).toEqual([first]);
    expect((await sari.json<CaseDetail>(`/cases/${first}`)).notes).toEqual([expect.objectContaining({ by: "budi", text: "Pemohon minta ditelepon sore." })]);
    const r = await sari.json<{ handoffs: { opened: number; served: number; medianFirstReplyMinutes: number | null }; skm: { responses: number } }>("/report?from=2026-12-01&to=2026-12-01");
    expect(r.handoffs).toMatchObject({ opened: 1, served: 1, medianFirstReplyMinutes: 7 });
    expect(r.skm.responses).toBe(1);
  });

  it("P2. an English-speaking citizen left waiting after closing time is told once, in English, when staff answer; the next message is not answered again", async () => {
    const { w, at } = await world("2026-12-03T07:00:00Z"); // Thu 14.00 WIB
    const citizen = await w.citizen();
    await citizen.say("Hello, I need to talk to a staff member please");
    await caseIdOf(w, citizen);
    at("2026-12-03T12:00:00Z"); // 19.00 WIB
    const first = (await citizen.say("My building permit application was rejected, why?")).map((o) => o.text).join("\n");
    expect(first).toMatch(/office hours|closed/i);
    expect(first).toMatch(/08[.:]00/);
    expect(first).not.toMatch(/di luar jam layanan/);
    expect(await citizen.say("I sent the drawings last week.")).toEqual([]);
    at("2026-12-04T05:00:00Z"); // Fri 12.00 WIB: the Friday prayer break, closed again until 13.00
    const again = (await citizen.say("Anyone there?")).map((o) => o.text).join("\n");
    expect(again).toMatch(/13[.:]00/);
  });

  it("P3. a citizen who has their conversation erased takes staff's notes about them along; the case stays, marked erased", async () => {
    const { w } = await world("2026-12-01T03:00:00Z");
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Baik Bu." })).status).toBe(200);
    expect((await budi.post(`/cases/${caseId}/notes`, { text: "Bu Rina, HP 081234567890, minta dihubungi." })).status).toBe(200);
    expect((await budi.post(`/cases/${caseId}/close`, { survey: false })).status).toBe(200);
    await citizen.say("hapus data saya");
    expect((await citizen.say("ya")).map((o) => o.text).join("\n")).toMatch(/dihapus/);
    const detail = await budi.json<CaseDetail>(`/cases/${caseId}`);
    expect(detail.erased).toBe(true);
    expect(detail.notes).toEqual([]);
    expect(JSON.stringify(await w.t.loket.store.list("cases"))).not.toContain("081234567890");
  });
});
