import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import type { FileIssue } from "../../src/errors.js";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { editInCopy } from "../support/clerk-copy.js";

const permit = "knowledge/permits/sip-perawat.md";
const office = "knowledge/office.yaml";

/**
 * Held-out round (sixth clerk review, 2026-12-02): ten slips a clerk makes while editing the text
 * files, new to this round, each run through what `npm run check` runs (src/cli/check.ts). Each is
 * named at its file and line in words that say what to write, or, for a harmless quirk, accepted.
 * Before them: the known slip of a "/" in a list that reads each entry as written.
 */
describe("clerk review 2026-12-02 (sixth round): through npm run check", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk6-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  /** Replaces `from` (which must occur) in a file of the copy; returns the 1-based line of `marker` afterwards. */
  const edit = (path: string, from: string, to: string, marker?: string) => editInCopy(dir, path, from, to, marker);
  const lineOf = async (path: string, text: string) => (await readFile(join(dir, path), "utf8")).split("\n").findIndex((l) => l.includes(text)) + 1;

  /** Every problem and warning `npm run check` prints for the copy, in the order it prints them. */
  const check = async (): Promise<FileIssue[]> => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;
  const problemsIn = async (file: string) => (await check()).filter((i) => i.file === file && !i.warning);

  it("the copy as shipped: nothing to say (n/a in repair.skip, a/b in the phrase lists included)", async () => {
    expect(await check()).toEqual([]);
  });

  describe('known: a "/" in a list read as written', () => {
    it('later: [nanti/ntar] in knowledge/understanding.yaml: one word per entry, with the entries to write', async () => {
      const file = "knowledge/understanding.yaml";
      const line = await edit(file, "later: [nanti, ntar, entar,", "later: [nanti/ntar, entar,");
      const found = await problemsIn(file);
      expect(found).toHaveLength(1);
      expect(found[0]!.line).toBe(line);
      expect(found[0]!.message).toContain('"nanti/ntar"');
      expect(found[0]!.message).toMatch(/one word per entry|one word or phrase per entry/);
      expect(found[0]!.message).toContain('["nanti", "ntar"]');
    });

    it('filler: [saya/aku] in flows/patterns.yaml (not a phrase list): the same, a phrase list\'s "a/b" still accepted', async () => {
      const file = "flows/patterns.yaml";
      const line = await edit(file, "filler: [saya, sy, ini,", "filler: [saya/aku, sy, ini,");
      const found = await problemsIn(file);
      expect(found).toHaveLength(1);
      expect(found[0]!.line).toBe(line);
      expect(found[0]!.message).toContain("filler");
      expect(found[0]!.message).toContain('["saya", "aku"]');
    });
  });

  it('1: office hours written as Indonesians write them ("07.30", 08.00 unquoted, "8:00"): the time to write, not a web address', async () => {
    const mon = await edit(office, '  mon: [{ open: "08:00", close: "15:30" }]', '  mon: [{ open: "07.30", close: "16.00" }]');
    const tue = await edit(office, '  tue: [{ open: "08:00", close: "15:30" }]', "  tue: [{ open: 08.00, close: 15.30 }]");
    const wed = await edit(office, '  wed: [{ open: "08:00", close: "15:30" }]', '  wed: [{ open: "8:00", close: "15:30" }]');
    const found = await problemsIn(office);
    const at = (line: number) => found.filter((i) => i.line === line).map((i) => i.message).join("\n");
    for (const i of found) expect(i.message).not.toMatch(/https?:|phone number/);
    expect(at(mon)).toContain('open: "07:30"');
    expect(at(mon)).toContain('close: "16:00"');
    expect(at(tue)).toContain('open: "08:00"');
    expect(at(tue)).toContain('close: "15:30"');
    expect(at(wed)).toContain('open: "08:00"');
    expect(found.every((i) => [mon, tue, wed].includes(i.line))).toBe(true);
  });

  it('2: a holiday written 25/12/2026: named by the holiday (not "holidays[17]"), with the date to write', async () => {
    const line = await edit(office, '  - { date: "2026-12-25", name: Hari Raya Natal }', "  - { date: 25/12/2026, name: Hari Raya Natal }");
    const found = await problemsIn(office);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain("Hari Raya Natal");
    expect(found[0]!.message).toContain('date: "2026-12-25"');
    expect(found[0]!.message).not.toMatch(/\[\d+\]/);
  });

  it("3: file kinds written in capitals (accept: [PDF, JPG, png]): accepted as the kinds they name", async () => {
    await edit(permit, "    accept: [pdf, jpg, png]\n    required: true", "    accept: [PDF, JPG, png]\n    required: true");
    expect(await check()).toEqual([]);
    const kb = await validateKnowledge(join(dir, "knowledge"), { root: dir });
    expect(kb.kb!.permit("sip-perawat")!.requirements.find((r) => r.id === "ktp")!.accept).toEqual(["pdf", "jpg", "png"]);
  });

  it("4: a list written twice in one file (a second later: added at the end of understanding.yaml): the key named, with the first one's line", async () => {
    const file = "knowledge/understanding.yaml";
    const first = await lineOf(file, "later: [nanti,");
    const text = await readFile(join(dir, file), "utf8");
    const line = await edit(file, text, `${text}later: [nanti, ntar, sekedap]\n`, "later: [nanti, ntar, sekedap]");
    const found = await problemsIn(file);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain('"later"');
    expect(found[0]!.message).toContain(`line ${first}`);
  });

  it("5: WhatsApp bold left open in a message (*Persyaratan {name} without the closing *): named at its line, with how to close it", async () => {
    const file = "messages/id/answers.yaml";
    const line = await edit(file, 'title: "*Persyaratan {name}*"', 'title: "*Persyaratan {name}"');
    const found = await problemsIn(file);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain("answers.requirements.title");
    expect(found[0]!.message).toMatch(/bold/);
    expect(found[0]!.message).toMatch(/clos/);
  });

  it("6: the processing time's text changed (14 hari kerja) and working_days left at 5: named at working_days, with the number to write", async () => {
    // Since round "regions" the shipped SIP file has no working_days: the office's own 5 written first, then the text changed.
    await edit(permit, "  text: Di Rembang belum kami dapatkan datanya; petugas akan mengonfirmasi. Sebagai contoh, di daerah lain umumnya 3–5 hari kerja (ada yang sampai sekitar 9 hari), termasuk rekomendasi Dinas Kesehatan.\n  en: \"Not yet known for Rembang; our staff will confirm it. As an example, in other regions it usually takes 3–5 working days (some up to about 9 days), including the Health Office's recommendation.\"\n", "  text: Paling lama 14 hari kerja sejak berkas lengkap.\n  en: At most 14 working days after the documents are complete.\n  working_days: 5\n", "  working_days: 5");
    const line = await lineOf(permit, "  working_days: 5");
    const found = await problemsIn(permit);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain("working_days: 14");
  });

  it("7: a placeholder the English text gives and the Indonesian one dropped ({name}): a warning at the Indonesian line, naming the English one", async () => {
    const file = "messages/id/answers.yaml";
    const line = await edit(file, 'title: "*Persyaratan {name}*"', 'title: "*Persyaratan izin*"');
    const en = await lineOf("messages/en/answers.yaml", 'title: "*Requirements for {name}*"');
    const found = (await check()).filter((i) => i.file === file);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line, warning: true });
    expect(found[0]!.message).toContain("{name}");
    expect(found[0]!.message).toContain(`messages/en/answers.yaml (line ${en})`);
  });

  it("8: a day of the office hours written in Indonesian (jumat:, minggu:): the key to write", async () => {
    const fri = await edit(office, "  fri: [", "  jumat: [");
    const sun = await edit(office, "  sun: []", "  minggu: []");
    const found = await problemsIn(office);
    expect(found.find((i) => i.line === fri)?.message).toMatch(/"jumat".*\bfri\b/);
    expect(found.find((i) => i.line === sun)?.message).toMatch(/"minggu".*\bsun\b/);
  });

  it("9: required: ya / required: tidak (as said aloud): the true or false to write", async () => {
    const ya = await edit(permit, "    accept: [pdf, jpg, png]\n    required: true", "    accept: [pdf, jpg, png]\n    required: ya", "    required: ya");
    const tidak = await edit(permit, "    required: true\n", "    required: tidak\n", "    required: tidak");
    const found = await problemsIn(permit);
    expect(found.find((i) => i.line === ya)?.message).toContain("required: true");
    expect(found.find((i) => i.line === tidak)?.message).toContain("required: false");
  });

  it('10: a permit issued the same day (working_days: 0, "terbit saat itu juga"): accepted', async () => {
    // The text, its English (fee.en/duration.en beside the text since english-2026-12-02) and the number.
    await edit(permit, "  text: Di Rembang belum kami dapatkan datanya; petugas akan mengonfirmasi. Sebagai contoh, di daerah lain umumnya 3–5 hari kerja (ada yang sampai sekitar 9 hari), termasuk rekomendasi Dinas Kesehatan.\n  en: \"Not yet known for Rembang; our staff will confirm it. As an example, in other regions it usually takes 3–5 working days (some up to about 9 days), including the Health Office's recommendation.\"", "  text: Terbit saat itu juga bila berkas lengkap.\n  en: Issued the same day when the documents are complete.\n  working_days: 0");
    expect(await check()).toEqual([]);
  });
});
