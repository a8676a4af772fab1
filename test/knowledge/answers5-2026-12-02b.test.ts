import { readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import { replaceAll } from "../support/clerk-copy.js";
import { askerIn, firstLine, LAST_SPECIAL, specialOfficeCopy, wib } from "../support/office-special.js";
import { createTestLoket, textOf } from "../support/loket.js";

/**
 * Held-out round answers5 (2026-12-02b): answers that say too much, or the wrong thing.
 * Written from the citizen's and the clerk's side before changing the code; the first run on the
 * untouched code (c465e1e) is in the commit message.
 * - The "will be confirmed by staff" caveat: at most once in one reply (a two-part question gets
 *   two answers, one caveat), and about what is really unconfirmed.
 * - Processing times: this office's own, or plainly "not known here, ask staff"; never another
 *   region's figure (nor a working-day count the status check would turn into an expected date).
 * - Ranges of weekdays written with an apostrophe, spaces or short names; special_hours with a
 *   last_queue of its own (refused at its line outside that day's hours).
 * Cases 4-7 were left as it.fails (izin-reklame.md quoted other regions' range with Kotim's
 * working_days: 5) until round "regions" (2026-12-03) corrected the file and moved the status
 * conversations that count working days to an office figure of their own.
 * The office of the day tests is clerk10's (test/support/office-special.ts, invented test data).
 */

/** The generic caveat, and any caveat line Loket adds ("belum dikonfirmasi", "akan dikonfirmasi"). */
const CAVEAT = /akan dikonfirmasi oleh petugas|belum dikonfirmasi resmi/g;
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe("answers5 2026-12-02b: the caveat once, no other region's figures", () => {
  /** The shipped knowledge (every permit but NIB and the office marked needs_confirmation). */
  const ask = async (...texts: string[]) => {
    const t = await createTestLoket({ now: () => wib("2027-01-19", 10) });
    try {
      let said = "";
      for (const text of texts) said = textOf(await t.say(text));
      return said;
    } finally {
      await t.close();
    }
  };

  it("1: 'jam buka kapan dan syarat SIP dokter apa?': both answered, one caveat in the whole reply", async () => {
    const text = await ask("jam buka kapan dan syarat SIP dokter apa?");
    expect(text).toContain("Senin–Kamis");
    expect(text).toContain("STR");
    expect(count(text, CAVEAT)).toBe(1);
  });
  it("2: 'syarat sip bidan dan jam bukanya kapan?': one caveat, after the last answer", async () => {
    const text = await ask("syarat sip bidan dan jam bukanya kapan?");
    expect(text).toContain("Senin–Kamis");
    expect(text).toContain("STR");
    expect(count(text, CAVEAT)).toBe(1);
  });
  it("3: 'jam buka kantor?' alone: the hours are unconfirmed in office.yaml, so it says so once, naming the hours, not 'will be confirmed by staff' about everything", async () => {
    const text = await ask("jam buka kantor?");
    expect(count(text, CAVEAT)).toBe(1);
    expect(text).not.toContain("akan dikonfirmasi oleh petugas");
    expect(text).toMatch(/jam (pelayanan|buka)[^\n]*belum dikonfirmasi resmi/i);
  });
  it("4: 'berapa lama proses izin reklame?': no other region's range (3 jam, 5 hari kerja); says it is not known here and who to ask", async () => {
    const text = await ask("berapa lama proses izin reklame?");
    expect(text).not.toMatch(/3 jam|5 hari kerja|daerah lain/);
    expect(text).toMatch(/belum/);
    expect(text).toMatch(/petugas/);
  });
  it("5: 'reklame prosesnya brp hari' in English: 'how long does an advertisement permit take?': no other region's range", async () => {
    const text = await ask("how long does an advertisement permit take?");
    expect(text).not.toMatch(/3 hours|5 working days|other regions/);
    expect(text).toMatch(/staff/);
  });
  it("6: the reklame file gives no working_days the status check would count as this office's time", async () => {
    const t = await createTestLoket();
    try {
      expect(t.loket.knowledge.permit("izin-reklame")?.duration.workingDays).toBeUndefined();
    } finally {
      await t.close();
    }
  });
  it("7: 'biaya izin reklame?' and then 'berapa lama prosesnya?': the second answer has one caveat and no other region's range", async () => {
    const text = await ask("biaya izin reklame?", "berapa lama prosesnya?");
    expect(text).not.toMatch(/3 jam|daerah lain/);
    expect(count(text, CAVEAT)).toBeLessThanOrEqual(1);
  });
});

describe("answers5 2026-12-02b: ranges of weekdays as people write them; last_queue in special_hours", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await specialOfficeCopy("loket-answers5-");
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const ask = askerIn(() => dir);
  const office = () => join(dir, "knowledge/office.yaml");
  const lineOf = (start: string) => readFileSync(office(), "utf8").split("\n").findIndex((l) => l.startsWith(start)) + 1;
  const problems = async () =>
    (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues.filter((i) => !i.warning);
  /** A one-day special in the week of 18 January 2027 (invented), with the lines given. */
  const withSpecial = (lines: string) => replaceAll(office(), LAST_SPECIAL, `${LAST_SPECIAL}${lines}`);

  it("8: Sunday 17 January, \"senin-jum'at buka jam berapa?\": 18 to 22 January", async () => {
    const said = firstLine(await ask(wib("2027-01-17"), "senin-jum'at buka jam berapa?"));
    expect(said).toContain("18 Januari");
    expect(said).toContain("22 Januari");
  });
  it("9: Sunday 17 January, 'senin - jumat buka?': 18 to 22 January", async () => {
    const said = firstLine(await ask(wib("2027-01-17"), "senin - jumat buka?"));
    expect(said).toContain("18 Januari");
    expect(said).toContain("22 Januari");
  });
  it("10: Sunday 17 January, 'sen-jum buka jam brp?': 18 to 22 January", async () => {
    const said = firstLine(await ask(wib("2027-01-17"), "sen-jum buka jam brp?"));
    expect(said).toContain("18 Januari");
    expect(said).toContain("22 Januari");
  });
  it("11: a special day with last_queue \"11:30\" inside its hours passes the check", async () => {
    withSpecial('  - date: "2027-01-20"\n    hours: [{ open: "08:00", close: "12:00" }]\n    last_queue: "11:30"\n    note: rapat kerja\n    note_en: staff meeting\n');
    expect(await problems()).toEqual([]);
  });
  it("12: a special day with last_queue \"13:00\" after its closing (12:00) is refused at the last_queue line", async () => {
    withSpecial('  - date: "2027-01-20"\n    hours: [{ open: "08:00", close: "12:00" }]\n    last_queue: "13:00"\n    note: rapat kerja\n    note_en: staff meeting\n');
    const issues = await problems();
    expect(issues.some((i) => i.file.endsWith("office.yaml") && i.line === lineOf('    last_queue: "13:00"') && /last_queue/.test(i.message))).toBe(true);
  });
  it("13: on that special day, 'antrian terakhir jam berapa?' says 11.30", async () => {
    withSpecial('  - date: "2027-01-20"\n    hours: [{ open: "08:00", close: "12:00" }]\n    last_queue: "11:30"\n    note: rapat kerja\n    note_en: staff meeting\n');
    const said = firstLine(await ask(wib("2027-01-20", 9), "antrian terakhir jam berapa?"));
    expect(said).toContain("11.30");
  });
  it("14: a Ramadan period with last_queue \"13:30\": a Ramadan Tuesday's last queue is 13.30, not the week's", async () => {
    replaceAll(office(), "\n    note: Ramadan 1448 H\n", '\n    last_queue: "13:30"\n    note: Ramadan 1448 H\n');
    expect(await problems()).toEqual([]);
    const said = firstLine(await ask(wib("2027-02-16", 9), "antrian terakhir jam berapa?"));
    expect(said).toContain("13.30");
  });
});
