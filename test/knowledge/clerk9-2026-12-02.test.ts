import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import { addWorkingDays } from "../../src/domain/hours.js";
import type { Application } from "../../src/domain/records.js";
import type { FileIssue } from "../../src/errors.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { clerkLokets, replaceAll } from "../support/clerk-copy.js";
import { askingField, answerValidly, openFormUntil } from "../support/forms.js";
import { createTestLoket, textOf } from "../support/loket.js";
import { LAST_HOLIDAY, SPECIAL, wib } from "../support/office-special.js";

/**
 * Held-out round (ninth clerk review, 2026-12-02): the clerk writes the office's SPECIAL hours and
 * days in knowledge/office.yaml (special_hours, docs/knowledge.md section 5) instead of editing the
 * week and changing it back: Ramadan hours for a dated period, a one-off closure, a month in a
 * temporary building with another address, an extra Saturday service day; the slips a clerk makes
 * writing them; and a form question reworded while citizens are filling the form in.
 * INVENTED TEST DATA: the dates, the temporary building and the services below are made up for
 * the test and must never be copied into knowledge/.
 */

describe("clerk review 2026-12-02 (ninth round): special hours and days, reworded questions", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk9-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const office = () => join(dir, "knowledge/office.yaml");
  /** Adds `block` after the last holiday; returns the 1-based line of the first line containing `marker`. */
  const addSpecial = async (block: string, marker?: string): Promise<number> => {
    replaceAll(office(), LAST_HOLIDAY, LAST_HOLIDAY + block);
    if (!marker) return 0;
    return (await readFile(office(), "utf8")).split("\n").findIndex((l) => l.includes(marker)) + 1;
  };
  const check = async (): Promise<FileIssue[]> => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;
  const problems = async () => (await check()).filter((i) => !i.warning);
  const ask = async (at: Date, ...texts: string[]): Promise<string[]> => {
    const t = await createTestLoket({ env: { KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows") }, now: () => at });
    try {
      const out: string[] = [];
      for (const text of texts) out.push(textOf(await t.say(text)));
      return out;
    } finally {
      await t.close();
    }
  };

  it("1: the whole example passes npm run check, with no warning about office.yaml", async () => {
    await addSpecial(SPECIAL);
    expect(await problems()).toEqual([]);
    expect((await check()).filter((i) => i.file === "knowledge/office.yaml")).toEqual([]);
  });

  it("2: during Ramadan 'jam buka hari ini?' gives the day's Ramadan hours (days3: the day asked only, not the week with its Friday break), after it the usual ones and no Ramadan", async () => {
    await addSpecial(SPECIAL);
    const [during] = await ask(wib("2027-02-10"), "jam buka hari ini?");
    expect(during).toContain("Ramadan 1448 H");
    expect(during).toContain("08.00–14.00");
    expect(during).not.toContain("15.30");
    const [after] = await ask(wib("2027-03-15"), "jam buka hari ini?");
    expect(after).toContain("08.00–15.30");
    expect(after).not.toContain("Ramadan");
    expect(after).not.toContain("14.00");
  });

  it("3: at 14:30 on a Ramadan Wednesday the office is said to be closed now, opening again the next morning", async () => {
    await addSpecial(SPECIAL);
    const [said] = await ask(new Date("2027-02-10T07:30:00Z"), "kantor buka sekarang?");
    expect(said).toMatch(/Saat ini kantor \*tutup\*/);
    expect(said).toContain("Kamis, 11 Februari pukul 08.00");
  });

  it("4: the day before the one-off closure, 'besok buka?' says tomorrow is closed, with its reason; on the day, closed now with the reason", async () => {
    await addSpecial(SPECIAL);
    const [before] = await ask(wib("2027-01-11"), "besok buka?");
    expect(before).toMatch(/12 Januari/);
    expect(before).toMatch(/tutup/);
    expect(before).toContain("stock opname");
    const [on] = await ask(wib("2027-01-12"), "hari ini buka?");
    expect(on).toMatch(/Hari ini.*kantor \*tutup\* \(kantor tutup untuk stock opname\)/);
    expect(on).toContain("Rabu, 13 Januari pukul 08.00");
  });

  it("5: 'alamatnya di mana?' gives the temporary building during its month only", async () => {
    await addSpecial(SPECIAL);
    const [during] = await ask(wib("2027-04-12"), "alamatnya di mana?");
    expect(during).toContain("Gedung Eks Kawedanan, Jl. Pemuda No. 9 Rembang (data uji)");
    expect(during).toContain("kantor pindah sementara selama renovasi");
    expect(during).toContain("30 April 2027");
    const [after] = await ask(wib("2027-05-03"), "alamatnya di mana?");
    expect(after).not.toContain("Kawedanan");
    expect(after).toContain("Gedung Mal Pelayanan Publik (MPP) Rembang");
  });

  it("6: asked about Saturday in the week of the extra service day, it is named with its hours and place; the week after, not", async () => {
    await addSpecial(SPECIAL);
    const [that] = await ask(wib("2026-12-16"), "sabtu buka?");
    expect(that).toContain("19 Desember");
    expect(that).toContain("08.00–12.00");
    expect(that).toContain("layanan jemput bola di alun-alun");
    expect(that).toContain("Alun-alun Rembang (data uji)");
    const [next] = await ask(wib("2026-12-23"), "sabtu buka?");
    expect(next).not.toContain("jemput bola");
  });

  it("7: a citizen asking for staff at 15:00 on a Ramadan afternoon is told staff answer the next working morning", async () => {
    await addSpecial(SPECIAL);
    const [said] = await ask(wib("2027-02-10", 15), "bicara dengan petugas");
    expect(said).toMatch(/di luar jam layanan/);
    expect(said).toContain("Kamis, 11 Februari pukul 08.00");
  });

  it("8: the working days of a permit (SLA) skip the one-off closure day, and still count the Ramadan days", async () => {
    await addSpecial(SPECIAL);
    const kb = await loadKnowledge(join(dir, "knowledge"));
    // Friday 8 January + 2 working days: Monday 11, (Tuesday 12 closed), Wednesday 13.
    expect(addWorkingDays(kb.office, "2027-01-08", 2)).toBe("2027-01-13");
    // Ramadan days are working days (shorter hours): Monday 8 Feb + 1 = Tuesday 9 Feb.
    expect(addWorkingDays(kb.office, "2027-02-08", 1)).toBe("2027-02-09");
  });

  it("9: a period whose end is before its start: refused at the to: line, naming both dates", async () => {
    const line = await addSpecial('special_hours:\n  - from: "2027-03-09"\n    to: "2027-02-08"\n    note: Ramadan\n    hours: { mon: [{ open: "08:00", close: "14:00" }] }\n', 'to: "2027-02-08"');
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "knowledge/office.yaml", line });
    expect(found[0]!.message).toContain("2027-02-08");
    expect(found[0]!.message).toContain("2027-03-09");
  });

  it("10: two periods that overlap with different hours: refused at the second, naming the first's line", async () => {
    const block =
      'special_hours:\n  - from: "2027-02-08"\n    to: "2027-03-09"\n    hours: { mon: [{ open: "08:00", close: "14:00" }] }\n' +
      '  - from: "2027-03-01"\n    to: "2027-03-31"\n    hours: { mon: [{ open: "08:00", close: "12:00" }] }\n';
    const first = await addSpecial(block, 'from: "2027-02-08"');
    const second = (await readFile(office(), "utf8")).split("\n").findIndex((l) => l.includes('from: "2027-03-01"')) + 1;
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "knowledge/office.yaml", line: second });
    expect(found[0]!.message).toMatch(/overlap/);
    expect(found[0]!.message).toContain(`line ${first}`);
  });

  it('11: a date that does not exist (2027-02-30) and an hour written "14.00": each refused at its line, the hour with the way to write it', async () => {
    const block = 'special_hours:\n  - date: "2027-02-30"\n    hours: []\n  - date: "2027-02-12"\n    hours: [{ open: "08:00", close: "14.00" }]\n';
    const dateLine = await addSpecial(block, 'date: "2027-02-30"');
    const hourLine = (await readFile(office(), "utf8")).split("\n").findIndex((l) => l.includes('close: "14.00"')) + 1;
    const found = await problems();
    expect(found.map((i) => [i.file, i.line])).toEqual([
      ["knowledge/office.yaml", dateLine],
      ["knowledge/office.yaml", hourLine],
    ]);
    expect(found[0]!.message).toMatch(/not a real calendar date/);
    expect(found[1]!.message).toContain('close: "14:00"');
  });

  it("12: English answers give the English note: Ramadan hours and the closure tomorrow", async () => {
    await addSpecial(SPECIAL);
    const [ramadan] = await ask(wib("2027-02-10"), "what are the opening hours today?");
    expect(ramadan).toMatch(/Today, Wednesday, 10 February 2027/);
    expect(ramadan).toContain("Ramadan 1448 H");
    // English writes times 08:00 (english4, merged beside this round), Indonesian 08.00.
    expect(ramadan).toContain("08:00–14:00");
    const [closure] = await ask(wib("2027-01-11"), "is the office open tomorrow?");
    expect(closure).toContain("the office is closed for stocktaking");
    expect(closure).toContain("12 January");
  });

  const { loketOnCopies } = clerkLokets("loket-clerk9-form-");
  it("13 (guard): a form question's label reworded while a citizen fills the form in: after the restart the answer given stays (answers are keyed by id) and the summary shows the new label", async () => {
    const { t, dir: copy } = await loketOnCopies();
    await openFormUntil(t, "saya mau ajukan izin optik", "alamat_optik", { answers: { nama_optik: "Optik Sinar Jaya" } });
    const optik = join(copy, "knowledge/permits/izin-optik.md");
    replaceAll(optik, "    label: Nama optik\n", "    label: Nama optik (sesuai papan nama)\n");
    await t.restart();
    const asked: string[] = [];
    for (let i = 0; i < 40 && askingField(t) !== "confirm"; i++) {
      asked.push(askingField(t) ?? "");
      await answerValidly(t);
    }
    expect(asked).not.toContain("nama_optik");
    const summary = textOf(t.last);
    expect(summary).toContain("Nama optik (sesuai papan nama)");
    expect(summary).toContain("Optik Sinar Jaya");
    await t.say("ya");
    const [app] = await t.loket.store.list<Application>("applications");
    expect(app!.fields.nama_optik).toBe("Optik Sinar Jaya");
  });
});
