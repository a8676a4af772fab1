import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import { addWorkingDays } from "../../src/domain/hours.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { replaceAll } from "../support/clerk-copy.js";
import { createTestLoket, textOf } from "../support/loket.js";

/**
 * Probe written AFTER the special_hours fix (clerk round 9, 2026-12-02): what a clerk does next
 * with it. INVENTED TEST DATA: the dates and texts are made up for the test.
 */
describe("clerk round 9 probe: special_hours after the fix", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk9p-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const office = () => join(dir, "knowledge/office.yaml");
  const problems = async () => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues.filter((i) => !i.warning);
  const LAST_HOLIDAY = '  - { date: "2027-12-25", name: Hari Raya Natal }\n';

  it("P1: the commented example in office.yaml, uncommented as its comment says, passes the check", async () => {
    const text = await readFile(office(), "utf8");
    const start = text.indexOf("# special_hours:");
    expect(start).toBeGreaterThan(0);
    const lines = text.slice(start).split("\n");
    const block = lines.slice(0, lines.findIndex((l, i) => i > 0 && !l.startsWith("#   ")));
    await writeFile(office(), text.replace(block.join("\n"), block.map((l) => l.replace(/^# /, "")).join("\n")));
    expect(await readFile(office(), "utf8")).toMatch(/^special_hours:$/m);
    expect(await problems()).toEqual([]);
  });

  it("P2: a half day of cuti bersama written as a special day while the date is still a holiday: refused at the date, saying which to remove", async () => {
    replaceAll(office(), LAST_HOLIDAY, `${LAST_HOLIDAY}  - { date: "2027-12-24", name: Cuti Bersama Natal }\nspecial_hours:\n  - date: "2027-12-24"\n    hours: [{ open: "08:00", close: "12:00" }]\n    note: cuti bersama, setengah hari\n    note_en: joint leave day, half day\n`);
    const line = (await readFile(office(), "utf8")).split("\n").findIndex((l) => l.includes('- date: "2027-12-24"')) + 1;
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "knowledge/office.yaml", line });
    expect(found[0]!.message).toMatch(/holiday/);
    expect(found[0]!.message).toMatch(/remove it from holidays/);
  });

  it("P3: a closure inside Ramadan wins over the period (closed that day, the SLA skips it), Nyepi stays closed", async () => {
    replaceAll(
      office(),
      LAST_HOLIDAY,
      `${LAST_HOLIDAY}special_hours:\n  - from: "2027-02-08"\n    to: "2027-03-09"\n    note: Ramadan\n    note_en: Ramadan\n    hours: { mon: [{ open: "08:00", close: "14:00" }], tue: [{ open: "08:00", close: "14:00" }], wed: [{ open: "08:00", close: "14:00" }], thu: [{ open: "08:00", close: "14:00" }], fri: [{ open: "08:00", close: "11:00" }] }\n  - date: "2027-02-17"\n    hours: []\n    note: rapat kerja seluruh pegawai\n    note_en: staff meeting\n`,
    );
    const kb = await loadKnowledge(join(dir, "knowledge"));
    // Tuesday 16 Feb + 1 working day: Wednesday 17 is closed, so Thursday 18.
    expect(addWorkingDays(kb.office, "2027-02-16", 1)).toBe("2027-02-18");
    // Friday 5 March + 2: Monday 8 is Nyepi (a holiday inside the period), Tuesday 9 counts, 10–11 are Idul Fitri: Friday 12.
    expect(addWorkingDays(kb.office, "2027-03-05", 2)).toBe("2027-03-12");
    const t = await createTestLoket({ env: { KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows") }, now: () => new Date("2027-02-17T03:00:00Z") });
    try {
      const said = textOf(await t.say("hari ini buka ga?"));
      expect(said).toContain("rapat kerja seluruh pegawai");
      // days3: the day asked only; the week's Ramadan hours are a "jam buka" away.
      expect(said).toContain("Kamis, 18 Februari pukul 08.00");
    } finally {
      await t.close();
    }
  });

  it("P4: an English citizen asking for the address on the extra service day hears the English note and place", async () => {
    replaceAll(office(), LAST_HOLIDAY, `${LAST_HOLIDAY}special_hours:\n  - date: "2026-12-19"\n    hours: [{ open: "08:00", close: "12:00" }]\n    note: layanan jemput bola di alun-alun\n    note_en: mobile service at the town square\n    address: Alun-alun Rembang\n    address_en: Rembang town square (Alun-alun)\n`);
    const t = await createTestLoket({ env: { KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows") }, now: () => new Date("2026-12-19T02:00:00Z") });
    try {
      const said = textOf(await t.say("where is the office address?"));
      expect(said).toContain("mobile service at the town square");
      expect(said).toContain("Rembang town square (Alun-alun)");
      expect(said).not.toContain("layanan jemput bola");
    } finally {
      await t.close();
    }
  });
});
