import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import type { FileIssue } from "../../src/errors.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { officePassage } from "../../src/llm/passages.js";
import { replaceAll } from "../support/clerk-copy.js";
import { askerIn, firstLine, LAST_SPECIAL, specialOfficeCopy, wib } from "../support/office-special.js";

/**
 * Held-out round (tenth clerk review, 2026-12-02): the days and dates citizens ask about ("besok
 * buka?", "hari sabtu buka gak", "tgl 25 buka?", "minggu depan senin buka jam berapa"), against an
 * office.yaml with a cuti bersama, a one-off closure, a Ramadan period, an extra Saturday service
 * and a month in a temporary building (special_hours, docs/knowledge.md section 5). A question about
 * one day gets that day's answer first: its first line names the day, whether the office is open,
 * the hours and the special note. Written before reading the code that answers them; first run on
 * the untouched code (499e61d): 1/24 (only the fixture's check, case 0, passed).
 * The special days are test/support/office-special.ts's (invented test data), with a cuti bersama added.
 */

describe("clerk review 2026-12-02 (tenth round): days and dates citizens ask about", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await specialOfficeCopy("loket-clerk10-");
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const check = async (): Promise<FileIssue[]> =>
    (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;
  const problems = async () => (await check()).filter((i) => !i.warning);
  const ask = askerIn(() => dir);

  it("0: the fixture passes npm run check", async () => {
    expect(await problems()).toEqual([]);
  });

  describe("one day asked about, in Indonesian: that day's answer on the first line", () => {
    it("1: Monday 'besok buka?': Tuesday 12 January is closed, for the stock opname", async () => {
      const said = firstLine(await ask(wib("2027-01-11"), "besok buka?"));
      expect(said).toContain("12 Januari");
      expect(said).toMatch(/tutup/);
      expect(said).toContain("stock opname");
    });
    it("2: Sunday 'lusa buka gak?': the day after tomorrow, Tuesday 12 January, is closed", async () => {
      const said = firstLine(await ask(wib("2027-01-10"), "lusa buka gak?"));
      expect(said).toContain("12 Januari");
      expect(said).toMatch(/tutup/);
    });
    it("3: on the cuti bersama, 'besok buka?': Christmas Day is closed, named", async () => {
      const said = firstLine(await ask(wib("2026-12-24"), "besok buka?"));
      expect(said).toContain("25 Desember");
      expect(said).toMatch(/tutup/);
      expect(said).toContain("Natal");
    });
    it("4: 'minggu depan senin buka jam berapa': Monday 8 February, the first Ramadan day, 08.00–14.00", async () => {
      const said = firstLine(await ask(wib("2027-02-03"), "minggu depan senin buka jam berapa"));
      expect(said).toContain("8 Februari");
      expect(said).toContain("08.00–14.00");
      expect(said).toContain("Ramadan");
    });
    it("5: 'hari sabtu buka gak' in the week of the extra Saturday: 19 December, 08.00–12.00, at the town square", async () => {
      const text = await ask(wib("2026-12-16"), "hari sabtu buka gak");
      const said = firstLine(text);
      expect(said).toContain("19 Desember");
      expect(said).toContain("08.00–12.00");
      expect(said).toContain("jemput bola");
      expect(text).toContain("Alun-alun Rembang (data uji)");
    });
    it("6: 'hari sabtu buka gak' in an ordinary week: Saturday 9 January is closed", async () => {
      const text = await ask(wib("2027-01-06"), "hari sabtu buka gak");
      const said = firstLine(text);
      expect(said).toContain("9 Januari");
      expect(said).toMatch(/tutup/);
      expect(text).not.toContain("jemput bola");
    });
    it("7: 'tgl 25 buka?' a few days before Christmas: 25 December is closed, Hari Raya Natal", async () => {
      const said = firstLine(await ask(wib("2026-12-20"), "tgl 25 buka?"));
      expect(said).toContain("25 Desember");
      expect(said).toMatch(/tutup/);
      expect(said).toContain("Natal");
    });
    it("8: 'tanggal 17 buka?' early in August: 17 August is closed, Independence Day", async () => {
      const said = firstLine(await ask(wib("2027-08-02"), "tanggal 17 buka?"));
      expect(said).toContain("17 Agustus");
      expect(said).toMatch(/tutup/);
      expect(said).toContain("Kemerdekaan");
    });
    it("9: 'tgl 5 april buka jam berapa?': Monday 5 April, the usual hours, at the temporary building", async () => {
      const text = await ask(wib("2027-03-20"), "tgl 5 april buka jam berapa?");
      const said = firstLine(text);
      expect(said).toContain("5 April");
      expect(said).toContain("08.00–15.30");
      expect(text).toContain("Gedung Eks Kawedanan");
    });
    it("10: on a Ramadan Friday, 'hari ini buka jam berapa?': today's two spans first", async () => {
      const said = firstLine(await ask(wib("2027-02-12"), "hari ini buka jam berapa?"));
      expect(said).toContain("08.00–11.00");
      expect(said).toContain("13.00–14.30");
    });
    it("11: the day before the move, 'besok kantornya di mana?': the temporary building, before the usual address", async () => {
      const text = await ask(wib("2027-03-31"), "besok kantornya di mana?");
      expect(text).toContain("Gedung Eks Kawedanan");
      const usual = text.indexOf("Gedung Mal Pelayanan Publik");
      if (usual >= 0) expect(text.indexOf("Gedung Eks Kawedanan")).toBeLessThan(usual);
    });
  });

  describe("now, breaks and holidays, in Indonesian", () => {
    it("12: Friday 11:30, 'sekarang masih buka?': closed for the Friday break, open again at 13.00 today", async () => {
      const text = await ask(wib("2027-01-15", 11, 30), "sekarang masih buka?");
      expect(text).toMatch(/tutup/);
      expect(text).toContain("13.00");
      expect(text).not.toContain("Senin, 18 Januari");
    });
    it("13: 'jam istirahat kapan': the Friday break, 11.00–13.00", async () => {
      const text = await ask(wib("2027-01-18"), "jam istirahat kapan");
      expect(text).toContain("11.00–13.00");
      expect(text).toContain("Jumat");
    });
    it("14: 'pas libur natal kantor tutup?': 25 December closed, and the cuti bersama of the 24th", async () => {
      const text = await ask(wib("2026-12-20"), "pas libur natal kantor tutup?");
      expect(text).toContain("25 Desember");
      expect(text).toContain("24 Desember");
      expect(text).toMatch(/tutup/);
    });
    it("15: on the last Ramadan day, 'lebaran buka kapan lagi': Idul Fitri closed, open again Friday 12 March", async () => {
      const text = await ask(wib("2027-03-09"), "lebaran buka kapan lagi");
      expect(text).toContain("Idul Fitri");
      expect(text).toContain("12 Maret");
    });
  });

  describe("in English", () => {
    it("16: Monday 'is the office open tomorrow?': Tuesday 12 January closed, for stocktaking, on the first line", async () => {
      const said = firstLine(await ask(wib("2027-01-11"), "is the office open tomorrow?"));
      expect(said).toContain("12 January");
      expect(said).toMatch(/closed/i);
      expect(said).toContain("stocktaking");
    });
    it("17: 'are you open on saturday?' in the week of the extra Saturday: 19 December 08:00–12:00", async () => {
      const said = firstLine(await ask(wib("2026-12-16"), "are you open on saturday?"));
      expect(said).toContain("19 December");
      expect(said).toContain("08:00–12:00");
      expect(said).toContain("mobile service");
    });
    it("18: 'what time do you open next monday?': Monday 8 February, Ramadan, 08:00–14:00", async () => {
      const said = firstLine(await ask(wib("2027-02-03"), "what time do you open next monday?"));
      expect(said).toContain("8 February");
      expect(said).toContain("08:00–14:00");
    });
  });

  describe("what the model reads, and the address in other texts", () => {
    it("19: the office passage given to a language model carries the special hours, dates and notes", async () => {
      const kb = await loadKnowledge(join(dir, "knowledge"));
      const p = officePassage(kb.office);
      expect(p.text).toContain("Ramadan 1448 H");
      expect(p.text).toContain("2027-02-08");
      expect(p.text).toContain("14:00");
      expect(p.text).toContain("stock opname");
      expect(p.text).toContain("Gedung Eks Kawedanan");
    });
    it("20: an office topic's {address} (accessibility) during the move is the temporary building; in May the usual one", async () => {
      const during = await ask(wib("2027-04-12"), "ada akses kursi roda?");
      expect(during).toContain("Gedung Eks Kawedanan");
      const after = await ask(wib("2027-05-03"), "ada akses kursi roda?");
      expect(after).not.toContain("Kawedanan");
      expect(after).toContain("Gedung Mal Pelayanan Publik");
    });
    it("21: the clerk writes {address} in the counter's wording: check accepts it, and during the move it is the temporary building", async () => {
      replaceAll(join(dir, "messages/id/answers.yaml"), 'counter: "{office} (gerai layanan di kantor atau lewat Loket)"', 'counter: "{office}, {address} (atau lewat Loket)"');
      expect(await problems()).toEqual([]);
      const during = await ask(wib("2027-04-12"), "sip perawat diajukan di mana?");
      expect(during).toContain("Gedung Eks Kawedanan");
    });
  });

  describe("the clerk's errors", () => {
    it("22: a special day on a holiday is reported with the file's other errors, each at its line", async () => {
      const office = join(dir, "knowledge/office.yaml");
      replaceAll(office, LAST_SPECIAL, LAST_SPECIAL + '  - date: "2027-08-17"\n    hours: [{ open: "08:00", close: "12:00" }]\n  - date: "2027-06-02"\n    hours: [{ open: "08:00", close: "12.00" }]\n');
      const lines = (await readFile(office, "utf8")).split("\n");
      const onHoliday = lines.findIndex((l) => l.includes('date: "2027-08-17"') && !l.includes("name:")) + 1;
      const badHour = lines.findIndex((l) => l.includes('close: "12.00"')) + 1;
      const found = await problems();
      expect(found.map((i) => [i.file, i.line]).sort()).toEqual([
        ["knowledge/office.yaml", onHoliday],
        ["knowledge/office.yaml", badHour],
      ].sort());
      expect(found.find((i) => i.line === onHoliday)!.message).toMatch(/holiday/);
    });
    it("23: a special day on a holiday and an unknown key elsewhere in office.yaml: both reported in one run", async () => {
      const office = join(dir, "knowledge/office.yaml");
      replaceAll(office, "timezone: Asia/Jakarta\n", "timezone: Asia/Jakarta\nramadan: true\n");
      replaceAll(office, LAST_SPECIAL, LAST_SPECIAL + '  - date: "2027-08-17"\n    hours: [{ open: "08:00", close: "12:00" }]\n');
      const lines = (await readFile(office, "utf8")).split("\n");
      const onHoliday = lines.findIndex((l) => l.includes('date: "2027-08-17"') && !l.includes("name:")) + 1;
      const unknown = lines.findIndex((l) => l.startsWith("ramadan:")) + 1;
      const found = await problems();
      expect(found.map((i) => i.line).sort((a, b) => a! - b!)).toEqual([unknown, onHoliday].sort((a, b) => a - b));
    });
  });

  // Probe, written after the fixes and run once (2026-12-02): 4/5 passed; P3 passes since the English month names.
  describe("probe (after the fixes)", () => {
    it("P1: 'rabu tgl 13 buka?' on Monday 11 January: Wednesday 13 January, the usual hours", async () => {
      const said = firstLine(await ask(wib("2027-01-11"), "rabu tgl 13 buka?"));
      expect(said).toContain("13 Januari");
      expect(said).toContain("08.00–15.30");
    });
    it("P2: 'kalau hari minggu buka ga min?' on a Wednesday: Sunday 20 December is closed", async () => {
      const said = firstLine(await ask(wib("2026-12-16"), "kalau hari minggu buka ga min?"));
      expect(said).toContain("20 Desember");
      expect(said).toMatch(/tutup/);
    });
    // Failed on its first run: the day was found and answered, but in Indonesian ("december" was no
    // English word, so "are", "on" alone were too few to switch); English month names added since.
    it("P3: 'are you open on 25 december?': closed, Hari Raya Natal", async () => {
      const said = firstLine(await ask(wib("2026-12-20"), "are you open on 25 december?"));
      expect(said).toContain("25 December");
      expect(said).toMatch(/closed/);
      expect(said).toContain("Natal");
    });
    it("P4: on the Sunday of the move, 'besok buka jam berapa?': Monday 12 April, 08.00–15.30, at the temporary building", async () => {
      const said = firstLine(await ask(wib("2027-04-11"), "besok buka jam berapa?"));
      expect(said).toContain("12 April");
      expect(said).toContain("08.00–15.30");
      expect(said).toContain("Gedung Eks Kawedanan");
    });
    it("P5: 'jumat jg?' after the hours on a Ramadan Wednesday: Friday 12 February's two spans first", async () => {
      const said = firstLine(await ask(wib("2027-02-10"), "jam buka kantor?", "jumat jg?"));
      expect(said).toContain("12 Februari");
      expect(said).toContain("13.00–14.30");
    });
  });
});
