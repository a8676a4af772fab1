import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import { applicationRecord } from "../support/applications.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";
import { wib } from "../support/office-special.js";

/**
 * Probe of round "regions" (2026-12-03), written after the fix without looking at it before: the
 * same promise from other sides (another SIP, English status, the English text of a clerk's
 * file, a status check from another chat, the fee overview in English).
 */
const opened: TestLoket[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const NOW = wib("2027-02-10", 10);

describe("regions probe 2026-12-03", () => {
  it("P1: 'SIP perawat brp hari jadinya min?': no bare '5 hari kerja' as this office's; says petugas will confirm", async () => {
    const t = await createTestLoket({ now: () => NOW });
    opened.push(t);
    const text = textOf(await t.say("SIP perawat brp hari jadinya min?"));
    expect(text).toMatch(/petugas akan mengonfirmasi/);
    expect(text).not.toMatch(/Lama proses[^\n]*:\s*(?:Di daerah lain|Umumnya)/);
  });
  it("P2: an English status check of an SIPA application a month old: no expected date, not called late", async () => {
    const t = await createTestLoket({ now: () => NOW });
    opened.push(t);
    await t.say("hello");
    const at = "2027-01-08T02:00:00Z";
    const app = applicationRecord({ number: "RBG-2027-000055", permit: "sipa", conversationId: t.conversationId, submittedAt: at, updatedAt: at, history: [{ status: "received", at, by: "loket" }] });
    await t.loket.store.put("applications", app.number, app);
    const text = textOf(await t.say("what is the status of RBG-2027-000055?"));
    expect(text).toMatch(/RBG-2027-000055/);
    expect(text).not.toMatch(/Expected|past the expected|Perkiraan selesai/i);
  });
  it("P3: a clerk's working_days: 24 beside an English text 'in other regions about 24 working days' is refused at its line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-regions-probe-"));
    dirs.push(dir);
    for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(dir, d), { recursive: true });
    const file = join(dir, "knowledge/permits/izin-apotek.md");
    const text = readFileSync(file, "utf8");
    const m = /^duration:\n(?: {2}.*\n)+/m.exec(text)!;
    const block = 'duration:\n  text: Paling lama 24 hari kerja.\n  en: "In other regions about 24 working days."\n  working_days: 24\n';
    writeFileSync(file, text.slice(0, m.index) + block + text.slice(m.index + m[0].length));
    const line = text.slice(0, m.index).split("\n").length + 3;
    const issues = (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues.filter((i) => !i.warning);
    expect(issues.some((i) => i.file.endsWith("izin-apotek.md") && i.line === line && /working_days/.test(i.message))).toBe(true);
  });
  it("P4: 'How much does an optical shop permit cost?': no 'free' as this office's fee; staff will confirm", async () => {
    const t = await createTestLoket({ now: () => NOW });
    opened.push(t);
    const text = textOf(await t.say("How much does an optical shop permit cost?"));
    expect(text).toMatch(/staff will confirm/);
    expect(text).not.toMatch(/Usually free/i);
  });
  it("P5: 'berapa lama izin pbg?' still the national 28 hari kerja (guard)", async () => {
    const t = await createTestLoket({ now: () => NOW });
    opened.push(t);
    expect(textOf(await t.say("berapa lama izin pbg?"))).toMatch(/28 hari kerja/);
  });
});
