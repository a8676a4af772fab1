import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { editInCopy } from "../support/clerk-copy.js";

/**
 * A permit's form question may say what it means (`about:`) and where its answer is written
 * (`hint:`): Loket reads them to a citizen who asks at that question ("nomor STR itu apa?", "no
 * PBG liat dimana?"). A clerk writes them; a slip is named at its line.
 */
describe("form questions' about: and hint: (fieldhelp 2026-12-02)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-fieldhelp-"));
    await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const edit = (path: string, from: string, to: string, marker?: string) => editInCopy(dir, path, from, to, marker);
  const problemsIn = async (file: string) => (await validateKnowledge(join(dir, "knowledge"), { root: dir })).issues.filter((i) => i.file === file && !i.warning);

  it("the shipped knowledge: the STR and the PBG floor area say what they are, loaded with the question", async () => {
    const { kb, issues } = await validateKnowledge(join(dir, "knowledge"), { root: dir });
    expect(issues.filter((i) => !i.warning)).toEqual([]);
    const str = kb!.permit("sip-perawat")!.form.find((f) => f.id === "nomor_str")!;
    expect(str.about).toContain("Surat Tanda Registrasi");
    expect(str.hint).toBeTruthy();
    expect(kb!.permit("pbg")!.form.find((f) => f.id === "luas_bangunan")!.about).toContain("semua lantai");
  });

  it("an about: longer than one short message is named at its line", async () => {
    const file = "knowledge/permits/pbg.md";
    const long = "Luas semua lantai bangunan dijumlahkan. ".repeat(10).trim();
    const line = await edit(file, "    label: Jumlah lantai\n", `    label: Jumlah lantai\n    about: ${long}\n`, "about: Luas semua");
    const found = await problemsIn(file);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain('"jumlah_lantai"');
    expect(found[0]!.message).toMatch(/about.*300/);
  });

  it("a {placeholder} in a hint: is named at its line (citizens would read the braces)", async () => {
    const file = "knowledge/permits/pbg.md";
    const line = await edit(file, "hint: Luas tanah tertulis di sertifikat", "hint: Luas tanah tertulis di {dokumen} sertifikat");
    const found = await problemsIn(file);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain('"luas_tanah"');
    expect(found[0]!.message).toMatch(/hint.*\{dokumen\}/);
  });

  it("an about: written as a list is named at its line", async () => {
    const file = "knowledge/permits/pbg.md";
    const line = await edit(file, "    label: Jumlah lantai\n", "    label: Jumlah lantai\n    about: [lantai dasar, lantai atas]\n", "about:");
    // (before about: was known, the line was refused only as an unknown key)
    const found = await problemsIn(file);
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toMatch(/about must be text/);
    expect(found[0]!.message).not.toMatch(/unknown key/);
  });
});
