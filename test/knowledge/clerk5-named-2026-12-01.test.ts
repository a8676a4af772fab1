import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateKnowledge } from "../../src/knowledge/load.js";

const permit = "knowledge/permits/sip-perawat.md";

/**
 * A slip inside a permit's `form:` or `requirements:` list (fifth clerk review, 2026-12-01) is
 * named by the entry she sees in the file (the question's id, the document's id and name, the
 * option's id), at its line; not by its place in the list ("form[3].kind"), which she would have
 * to count. An entry with no id is named by its label or name, and by its place only with neither.
 */
describe("clerk review 2026-12-01 (fifth round): a permit's questions and documents named, not counted", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk5n-"));
    await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function edit(from: string, to: string, marker = to.trim()): Promise<number> {
    const f = join(dir, permit);
    const text = await readFile(f, "utf8");
    expect(text.includes(from), `"${from}" not in ${permit}`).toBe(true);
    const next = text.replace(from, to);
    await writeFile(f, next);
    return next.slice(0, next.indexOf(marker)).split("\n").length;
  }
  const issues = async () => (await validateKnowledge(join(dir, "knowledge"), { root: dir })).issues.filter((i) => i.file === permit);

  it("a question's wrong kind, far down the form, is named by the question's id", async () => {
    const line = await edit("    label_en: \"Which SIP is this (1, 2 or 3)\"\n    kind: number\n", "    label_en: \"Which SIP is this (1, 2 or 3)\"\n    kind: angka\n", "    kind: angka");
    expect(await issues()).toEqual([{ file: permit, line, message: 'form field "urutan_sip": kind: "angka" is not a kind Loket knows; did you mean "number"? Write one of the kinds: text (words), nik (a 16-digit NIK), phone (a phone number), email (an e-mail address), date (a date), number (a number), choice (one of its options)' }]);
  });

  it("a document's misspelt key is named by the document's id and name", async () => {
    const line = await edit("  - id: ijazah\n    name: Ijazah keperawatan\n    name_en: \"Nursing diploma\"\n    accept:", "  - id: ijazah\n    name: Ijazah keperawatan\n    name_en: \"Nursing diploma\"\n    acept:", "    acept:");
    const found = await issues();
    expect(found).toContainEqual({ file: permit, line, message: 'document "ijazah" (Ijazah keperawatan): unknown key "acept" — did you mean "accept"?' });
    for (const i of found) expect(i.message).not.toMatch(/\[\d+\]/);
  });

  it("a document without an id is named by its name; a question without an id by its label", async () => {
    await edit("  - id: ijazah\n    name: Ijazah keperawatan\n", "  - name: Ijazah keperawatan\n", "  - name: Ijazah keperawatan");
    const field = await edit("  - id: nomor_str\n    label: Nomor STR\n", "  - label: Nomor STR\n", "  - label: Nomor STR");
    const found = await issues();
    expect(found).toContainEqual(expect.objectContaining({ message: 'document "Ijazah keperawatan": "id" is missing: add a line "id: ..."' }));
    expect(found).toContainEqual({ file: permit, line: field, message: 'form field "Nomor STR": "id" is missing: add a line "id: ..."' });
    for (const i of found) expect(i.message).not.toMatch(/\[\d+\]/);
  });

  it("an option's slip is named by its question and the option's id", async () => {
    const line = await edit('      - { id: perpanjangan, label: "Perpanjangan", label_en: "Renewal" }', '      - { id: perpanjangan, lable: "Perpanjangan", label_en: "Renewal" }', "lable:");
    const found = await issues();
    expect(found).toContainEqual({ file: permit, line, message: 'form field "jenis_permohonan", option "perpanjangan": unknown key "lable" — did you mean "label"?' });
    for (const i of found) expect(i.message).not.toMatch(/\[\d+\]/);
  });

  it("an entry with neither id nor name is named by its place, as before", async () => {
    await edit("  - id: ktp\n    name: KTP\n    name_en: \"KTP (identity card)\"\n    accept: [pdf, jpg, png]\n", "  - accept: [pdf, jpg, png]\n", "  - accept: [pdf, jpg, png]");
    const found = await issues();
    expect(found.some((i) => i.message.startsWith("requirements[1]: "))).toBe(true);
  });
});
