import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import type { FileIssue } from "../../src/errors.js";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { editInCopy } from "../support/clerk-copy.js";

const permit = "knowledge/permits/sip-perawat.md";

/**
 * Held-out round (fifth clerk review, 2026-12-01): ten slips a clerk makes while editing the text
 * files, each run through what `npm run check` runs (src/cli/check.ts: knowledge, flows, the
 * permits beside the flows, messages, the language folders, the comment warnings). Each slip is
 * named at its file and line in words that say what to write; harmless quirks of an editor (a
 * BOM, Windows line endings, smart quotes pasted from Word) are accepted as they are.
 */
describe("clerk review 2026-12-01 (fifth round): ten slips through npm run check", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk5-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  /** Replaces `from` (which must occur) in a file of the copy; returns the 1-based line of `marker` afterwards. */
  const edit = (path: string, from: string, to: string, marker?: string) => editInCopy(dir, path, from, to, marker);

  /** Every problem and warning `npm run check` prints for the copy, in the order it prints them. */
  const check = async (): Promise<FileIssue[]> => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;
  const problemsIn = async (file: string) => (await check()).filter((i) => i.file === file && !i.warning);

  it("the copy as shipped: nothing to say", async () => {
    expect(await check()).toEqual([]);
  });

  it("1: a tab typed to indent a document's name: named at its line, with the spaces to write", async () => {
    const line = await edit(permit, "  - id: str\n    name: STR", "  - id: str\n\tname: STR", "\tname: STR");
    const found = await problemsIn(permit);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toMatch(/tab/i);
    expect(found[0]!.message).toMatch(/spaces/);
  });

  it("2: a misspelt {placeholder} ({nmae}) in a message: named at its line with the one meant", async () => {
    const file = "messages/id/answers.yaml";
    const line = await edit(file, 'title: "*Persyaratan {name}*"', 'title: "*Persyaratan {nmae}*"');
    const found = await problemsIn(file);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain("{nmae}");
    expect(found[0]!.message).toContain("did you mean {name}?");
  });

  it("3: a permit copied to a new file with its id left as it was: the new file's id line says which id to write", async () => {
    const text = await readFile(join(dir, permit), "utf8");
    await writeFile(join(dir, "knowledge/permits/sip-perawat-gigi.md"), text.replace("name: Surat Izin Praktik Perawat (SIPP)", "name: Surat Izin Praktik Perawat Gigi"));
    const found = await problemsIn("knowledge/permits/sip-perawat-gigi.md");
    expect(found).toContainEqual({
      file: "knowledge/permits/sip-perawat-gigi.md",
      line: 2,
      message: 'id "sip-perawat" must equal the file name "sip-perawat-gigi": sip-perawat.md already has that id (this file was probably copied from it), so change the id here to "sip-perawat-gigi"',
    });
  });

  it("4: a document's when naming a question the form does not have (a typo): the question meant is offered", async () => {
    const line = await edit(permit, "when: { jenis_praktik: mandiri }", "when: { jenis_praktek: mandiri }");
    const found = await problemsIn(permit);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain('"jenis_praktek"');
    expect(found[0]!.message).toContain('did you mean "jenis_praktik"?');
  });

  it("5: a message removed from messages/id but left in messages/en: where to put it back, and that the English is still there (not to write it again)", async () => {
    await edit("messages/id/conversation.yaml", '  which_aspect: "Apa yang ingin Bapak/Ibu ketahui tentang *{permit_name}*?"\n', "", "  followup:");
    const en = (await readFile(join(dir, "messages/en/conversation.yaml"), "utf8")).split("\n").findIndex((l) => l.startsWith("  which_aspect:")) + 1;
    const found = (await check()).filter((i) => !i.warning);
    const said = found.filter((i) => i.message.includes("ask.which_aspect"));
    expect(said, JSON.stringify(found)).toHaveLength(1);
    expect(said[0]!.line).toBeGreaterThan(0);
    expect(said[0]!.message).toContain('add a line "which_aspect: …" with the text citizens read to messages/id/conversation.yaml, under "ask" (line 13)');
    // Its English was left in place: she is told where it is, not to write it.
    expect(said[0]!.message).toContain(`messages/en/conversation.yaml (line ${en})`);
    expect(said[0]!.message).not.toMatch(/its English to/);
  });

  it('6: a processing time written "14 hari kerja" where a number is expected: the number alone is asked for, the words in duration.text', async () => {
    const line = await edit(permit, "  en: \"Not yet known for Rembang; our staff will confirm it. As an example, in other regions it usually takes 3–5 working days (some up to about 9 days), including the Health Office's recommendation.\"\n", "  en: \"Not yet known for Rembang; our staff will confirm it. As an example, in other regions it usually takes 3–5 working days (some up to about 9 days), including the Health Office's recommendation.\"\n  working_days: 14 hari kerja\n", "  working_days: 14");
    const found = await problemsIn(permit);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain("working_days: 14");
    expect(found[0]!.message).toMatch(/duration\.text|text:/);
  });

  it("7: a web address without https://: the address to write is given", async () => {
    const file = "knowledge/permits/nib.md";
    const line = await edit(file, "  url: https://oss.go.id\n", "  url: oss.go.id\n", "  url: oss.go.id");
    const found = await problemsIn(file);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain("url: https://oss.go.id");
  });

  it("8: an option of a choice copied and its id left: the second is named with the first one's line", async () => {
    const first = (await readFile(join(dir, permit), "utf8")).split("\n").findIndex((l) => l.startsWith('      - { id: baru, label: "SIP baru"')) + 1;
    const line = await edit(permit, '      - { id: perpanjangan, label: "Perpanjangan", label_en: "Renewal" }\n', '      - { id: perpanjangan, label: "Perpanjangan", label_en: "Renewal" }\n      - { id: baru, label: "Alih tempat praktik", label_en: "Move of the place of practice" }\n', 'label: "Alih tempat praktik"');
    const found = await problemsIn(permit);
    expect(found).toEqual([{ file: permit, line, message: `option of "jenis_permohonan" id "baru" is used twice (first at line ${first}): give each option of "jenis_permohonan" its own id` }]);
  });

  it("9: a text starting with *bold* as in WhatsApp (YAML reads * as an alias): named at its line, with the quotes to add", async () => {
    const line = await edit(permit, "    note: untuk praktik mandiri\n", "    note: *wajib* untuk praktik mandiri\n", "    note: *wajib*");
    const found = await problemsIn(permit);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain('note: "*wajib* untuk praktik mandiri"');
  });

  it("10: a file saved by Notepad (BOM, Windows line endings) and a long note pasted from Word (smart quotes, a dash): accepted as written", async () => {
    const word = "Surat keterangan dari pimpinan fasilitas “asli” atau pernyataan praktik mandiri bermeterai — untuk perawat yang ’praktik’ di lebih dari satu tempat, sertakan juga surat dari tempat praktik pertama dan kedua, masing-masing ditandatangani pimpinan dan dicap basah sesuai ketentuan Dinas Kesehatan Kabupaten Rembang.";
    await edit(permit, "    note: untuk praktik mandiri\n", `    note: ${word}\n`, "    note: Surat keterangan");
    for (const f of [permit, "messages/id/common.yaml", "knowledge/office.yaml", "flows/menu.yaml"]) {
      const text = await readFile(join(dir, f), "utf8");
      await writeFile(join(dir, f), `\uFEFF${text.replace(/\r?\n/g, "\r\n")}`);
    }
    expect(await check()).toEqual([]);
    const kb = await validateKnowledge(join(dir, "knowledge"), { root: dir });
    expect(kb.kb!.permit("sip-perawat")!.requirements.find((r) => r.id === "denah_peralatan")!.note).toBe(word);
  });
});
