import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileValidationError } from "../../src/errors.js";
import { loadKnowledgeCached } from "../../src/knowledge/cache.js";
import { feeDisagrees, loadKnowledge, validateKnowledge } from "../../src/knowledge/load.js";

const REAL = resolve("knowledge");
const EVAL_README = "/work/shared/eval/README.md";

/** Permit ids listed in the evaluation README (backticked ids in the "Permit ids" section). */
async function evalPermitIds(): Promise<string[]> {
  const text = await readFile(EVAL_README, "utf8").catch(() => "");
  const section = text.split("## Permit ids")[1]?.split("## ")[0] ?? "";
  return [...section.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!);
}

describe("the real knowledge base", () => {
  it("loads with no issues", async () => {
    const { kb, issues } = await validateKnowledge(REAL);
    expect(issues).toEqual([]);
    expect(kb?.permits.length).toBeGreaterThanOrEqual(23);
    expect(kb?.office.registrationPrefix).toBe("RBG");
    expect(kb?.language?.roots.length).toBeGreaterThan(50);
  });

  it("has a file for every permit id of the evaluation README, with every field filled", async () => {
    const kb = await loadKnowledge(REAL);
    const ids = await evalPermitIds();
    const known = ids.length ? ids : ["pbg", "nib", "sip-fisioterapis", "izin-reklame", "spp-irt"];
    for (const id of known) {
      const p = kb.permit(id);
      expect(p, id).toBeDefined();
      expect(p!.source).toBe(`knowledge/permits/${id}.md`);
      expect(p!.aliases.length + p!.keywords.length, id).toBeGreaterThan(0);
      expect(p!.requirements.length, id).toBeGreaterThan(0);
      expect(p!.legalBasis.length, id).toBeGreaterThan(0);
      expect(p!.procedure.length, id).toBeGreaterThan(0);
      for (const v of [p!.fee.text, p!.duration.text, p!.validity, p!.body]) expect(v.length, id).toBeGreaterThan(5);
    }
  });

  it("marks OSS-only permits as not applicable through Loket, and keeps Loket permits with a form", async () => {
    const kb = await loadKnowledge(REAL);
    expect(kb.permit("nib")!.submission.loketCanApply).toBe(false);
    for (const p of kb.permits) {
      if (p.submission.channel === "oss") expect(p.submission.loketCanApply, p.id).toBe(false);
      if (p.submission.loketCanApply) expect(p.form.length, p.id).toBeGreaterThan(0);
    }
    const pbg = kb.permit("pbg")!;
    expect(pbg.form.find((f) => f.id === "fungsi_bangunan")?.kind).toBe("choice");
    expect(pbg.form.find((f) => f.id === "jumlah_lantai")?.kind).toBe("number");
  });

  // Its load time is a benchmark figure (`npx tsx bench/startup.ts`, `npm run bench`), not a timed
  // test: on a loaded machine a timed test fails for the machine, not for Loket.
});

describe("knowledge validation errors say file:line", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-kb-"));
    await cp(REAL, dir, { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const file = (name: string) => join(dir, "permits", name);
  /** Replaces `from` in a permit file; returns the 1-based line where `marker` now is. */
  async function edit(name: string, from: string | RegExp, to: string, marker = to): Promise<number> {
    const text = await readFile(file(name), "utf8");
    const next = text.replace(from, to);
    expect(next, `edit of ${name} did nothing`).not.toBe(text);
    await writeFile(file(name), next);
    return next.slice(0, next.indexOf(marker)).split("\n").length;
  }
  const issuesFor = async (name: string) => (await validateKnowledge(dir, { root: dir })).issues.filter((i) => i.file === `permits/${name}`);

  it("reports malformed YAML at its line", async () => {
    const line = await edit("pbg.md", "category: Bangunan dan tata ruang", "category: [Bangunan dan tata ruang", "category:");
    const issues = await issuesFor("pbg.md");
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.line).toBeGreaterThanOrEqual(line);
    expect(issues[0]!.line).toBeLessThanOrEqual(line + 1);
  });

  it("reports a duplicate alias across two permits, naming the other file", async () => {
    const line = await edit("slf.md", "  - laik fungsi\n", "  - laik fungsi\n  - Izin  Mendirikan-Bangunan\n", "  - Izin  Mendirikan");
    const issues = await issuesFor("slf.md");
    expect(issues).toHaveLength(1);
    expect(issues[0]!.line).toBe(line);
    // Either file may be the one just edited: both are named, with their lines.
    expect(issues[0]!.message).toMatch(new RegExp(`both permit pbg \\(permits/pbg\\.md:\\d+\\) and permit slf \\(permits/slf\\.md:${line}\\)`));
  });

  it("refuses a permit's name that is another permit's name or alias, compared as names are (case, dots, hyphens), naming both files", async () => {
    const bidan = await readFile(file("sip-bidan.md"), "utf8");
    const permit = (id: string, name: string, alias: string) => `---\nid: ${id}\nname: ${name}\naliases:\n  - ${alias}\nkeywords:\n  - terapis gigi\ncategory:${bidan.split("category:")[1]}`;
    // A new permit named with an alias of sip-perawat (read after it): unreachable by its own name.
    await writeFile(file("sip-tgm.md"), permit("sip-tgm", "Surat Izin Praktik Perawat", "SIP TGM"));
    expect(await issuesFor("sip-tgm.md")).toEqual([
      {
        file: "permits/sip-tgm.md",
        line: 3,
        message: expect.stringMatching(new RegExp(`^"Surat Izin Praktik Perawat" is a name of both permit sip-perawat \\(permits/sip-perawat\\.md:3, its name\\) and permit sip-tgm \\(permits/sip-tgm\\.md:3, its name\\);.*a name written as \`name:\` is not removed but changed`)),
      },
    ]);
    await rm(file("sip-tgm.md"));
    // Read before the other file: an alias equal to sip-perawat's name (reported once, though
    // sip-perawat also lists it as an alias), and a name whose short form in brackets is sip-bidan's.
    await writeFile(file("aaa-tgm.md"), permit("aaa-tgm", "Izin Terapis Gigi (S.I.P.B.)", "Surat-Izin  Praktik Perawat"));
    const { issues } = await validateKnowledge(dir, { root: dir });
    expect(issues.map((i) => `${i.file}:${i.line}: ${i.message.split(";")[0]}`)).toEqual([
      // Both names hold "SIPB" (sip-bidan's is "… (SIPB)"): both named, at the name lines.
      `permits/sip-bidan.md:3: "SIPB" is a name of both permit aaa-tgm (permits/aaa-tgm.md:3, its name) and permit sip-bidan (permits/sip-bidan.md:3, its name)`,
      // An alias equal to another permit's name: said at the alias, in its own file (clerk7 3).
      `permits/aaa-tgm.md:5: "Surat Izin Praktik Perawat" is part of the name of permit sip-perawat, "Surat Izin Praktik Perawat (SIPP)" (permits/sip-perawat.md:3): citizens writing it mean that permit, so it cannot also point to permit aaa-tgm`,
    ]);
  });

  it("refuses a permit name that is a word citizens use about any permit ('biaya', 'berapa lama')", async () => {
    const fee = await edit("slf.md", "  - laik fungsi\n", "  - laik fungsi\n  - Biaya\n", "  - Biaya");
    const duration = await edit("slf.md", "  - Biaya\n", "  - Biaya\n  - berapa lama\n", "  - berapa lama");
    const issues = await issuesFor("slf.md");
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [fee, expect.stringMatching(/"Biaya" in aliases is a word citizens use about any permit \(understanding\.yaml: aspects\.fee\): every question with it would point at permit slf/)],
      [duration, expect.stringMatching(/"berapa lama" .*aspects\.duration/)],
    ]);
  });

  it("refuses a keyword that is another form of a cue word ('persyaratan', 'ijin') or has only words in many permits' names ('izin', 'surat izin')", async () => {
    const kws = ["biaya reklame", "Persyaratannya", "izin", "ijin", "surat izin"];
    const first = await edit("sip-perawat.md", "keywords:\n", `keywords:\n${kws.map((k) => `  - ${k}\n`).join("")}`, "  - biaya reklame");
    const issues = await issuesFor("sip-perawat.md");
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [first + 1, expect.stringMatching(/^"Persyaratannya" in keywords is read as "syarat", which is a word citizens use about any permit \(understanding\.yaml: aspects\.requirements\)/)],
      [first + 2, expect.stringMatching(/^"izin" in keywords has only words found in the names of many permits \("izin" in \d+ of \d+\)/)],
      [first + 3, expect.stringMatching(/^"ijin" in keywords has only words found in the names of many permits \("izin" in /)],
      [first + 4, expect.stringMatching(/^"surat izin" in keywords has only words .*"surat" in \d+ of \d+, "izin" in /)],
    ]);
    // "biaya reklame" (line `first`) is a longer name, and pkkpr's old name "izin lokasi" has a word of its own.
    expect(issues.map((i) => i.line)).not.toContain(first);
  });

  it("refuses a list item indented so far that YAML joins it to the item above, in aliases and procedure steps", async () => {
    const alias = await edit("sip-perawat.md", "  - izin kerja perawat\n", "  - izin kerja perawat\n    - surat izin mantri\n", "    - surat izin mantri");
    const step = await edit("sip-perawat.md", "  - Pemeriksaan berkas oleh DPMPTSP.\n", "  - Pemeriksaan berkas\n    oleh DPMPTSP.\n   - Cek ulang berkas.\n", "   - Cek ulang");
    expect(await issuesFor("sip-perawat.md")).toEqual([
      { file: "permits/sip-perawat.md", line: alias, message: `this item is indented further than the item on line ${alias - 1}, so YAML joins it to that one ("izin kerja perawat - surat izin mantri"); line up the dashes: put 2 space(s) before this dash, as on line ${alias - 1}` },
      { file: "permits/sip-perawat.md", line: step, message: expect.stringContaining(`item on line ${step - 2}, so YAML joins it to that one ("Pemeriksaan berkas oleh DPMPTSP. - Cek ulang berkas.")`) },
    ]);
    // Lined up, the two-line step (continued without a dash) and the new items are accepted.
    await edit("sip-perawat.md", "    - surat izin mantri", "  - surat izin mantri");
    await edit("sip-perawat.md", "   - Cek ulang", "  - Cek ulang");
    expect(await issuesFor("sip-perawat.md")).toEqual([]);
    const kb = await loadKnowledge(dir, { root: dir });
    expect(kb.permit("sip-perawat")!.aliases).toContain("surat izin mantri");
    expect(kb.permit("sip-perawat")!.procedure).toContain("Pemeriksaan berkas oleh DPMPTSP.");
  });

  it("accepts the complete example of docs/knowledge.md in place of the real file, as the page says", async () => {
    const page = await readFile(resolve("docs/knowledge.md"), "utf8");
    const example = /```markdown\n([\s\S]*?)```/.exec(page.split("## 4. A complete example")[1]!)![1]!;
    expect(example).toMatch(/^---\nid: sip-perawat\s/);
    await writeFile(file("sip-perawat.md"), example);
    expect((await validateKnowledge(dir, { root: dir })).issues).toEqual([]);
  });

  it("refuses a permit file with the wrong ending instead of leaving it out silently; editors' backups stay ignored", async () => {
    await writeFile(join(dir, "permits", "sip-nutrisionis.md.txt"), await readFile(file("sipa.md"), "utf8"));
    await writeFile(join(dir, "permits", "PBG-LAMA.MD"), "");
    await writeFile(join(dir, "permits", "pbg.md~"), "");
    const { issues } = await validateKnowledge(dir, { root: dir });
    expect(issues).toEqual([
      { file: "permits/PBG-LAMA.MD", line: 1, message: expect.stringContaining("Rename it to pbg-lama.md") },
      { file: "permits/sip-nutrisionis.md.txt", line: 1, message: expect.stringContaining("permit files end in .md. Rename it to sip-nutrisionis.md") },
    ]);
    // Start-up reads through the parsed-knowledge cache: the file still reaches validation.
    await expect(loadKnowledgeCached(dir, join(dir, ".cache"), { root: dir })).rejects.toThrow(/sip-nutrisionis\.md\.txt:1: this file is not read/);
  });

  it("refuses a fee written with thousands dots (YAML reads 50.000 as 50)", async () => {
    const line = await edit("sipa.md", "amount: gratis", "amount: 50.000", "amount: 50.000");
    expect(await issuesFor("sipa.md")).toEqual([{ file: "permits/sipa.md", line, message: expect.stringContaining("dots or commas, or \"gratis\": write amount: 50000 (for Rp 50.000)") }]);
  });

  it("refuses a fee amount its text contradicts: the overview of fees uses the amount, citizens read the text", async () => {
    const free = await edit("sip-perawat.md", "text: Umumnya gratis (SIP tidak dipungut retribusi).", "text: Dikenakan biaya administrasi Rp 25.000.", "amount: gratis");
    expect(await issuesFor("sip-perawat.md")).toEqual([{ file: "permits/sip-perawat.md", line: free, message: expect.stringContaining('fee.amount is gratis but fee.text names a sum to pay (Rp 25.000)') }]);
    const paid = await edit("sipa.md", "amount: gratis", "amount: 50000");
    expect(await issuesFor("sipa.md")).toEqual([{ file: "permits/sipa.md", line: paid, message: expect.stringContaining('fee.amount is 50000 but fee.text does not show it (for example "Rp 50.000")') }]);
    await edit("sipa.md", "text: Umumnya gratis (SIP tidak dipungut retribusi).", "text: Retribusi Rp 50.000 per permohonan.");
    expect(await issuesFor("sipa.md")).toEqual([]);
  });

  it("reads the sums a fee text names as a clerk writes them, and a free text that names a sum to pay is not free", () => {
    const agrees = (text: string, amount: number | "gratis") => feeDisagrees({ text, amount }) === undefined;
    for (const [text, amount] of [["Tidak dikenakan biaya", "gratis"], ["Rp. 0 (tidak ada biaya)", "gratis"], ["Gratis. Berlaku 5 tahun (PP 5/2021).", "gratis"], ["Rp 1,5 juta", 1500000], ["Rp 2 jt", 2000000], ["50 ribu", 50000], ["Rp50.000,-", 50000], ["Rp 1.500.000", 1500000]] as const) {
      expect(agrees(text, amount), text).toBe(true);
    }
    expect(feeDisagrees({ text: "Rp 150.000; konsultasi gratis.", amount: "gratis" })).toMatch(/names a sum to pay \(Rp 150\.000\)/);
    expect(agrees("Retribusi Rp 25.000 (tidak gratis)", "gratis")).toBe(false);
    expect(agrees("Rp 15.000", 5000)).toBe(false);
  });

  it("refuses loket_can_apply: false on a permit not filed on OSS (citizens would be sent to OSS)", async () => {
    const text = await readFile(file("izin-reklame.md"), "utf8");
    await writeFile(file("izin-reklame.md"), text.replace("loket_can_apply: true", "loket_can_apply: false"));
    const line = text.slice(0, text.indexOf("loket_can_apply: true")).split("\n").length;
    expect(await issuesFor("izin-reklame.md")).toEqual([{ file: "permits/izin-reklame.md", line, message: expect.stringContaining("needs channel: oss and the OSS url") }]);
  });

  it("refuses a document's when that names no choice question of the form, or an option it does not have", async () => {
    const field = await edit("sip-bidan.md", "when: { jenis_praktik: mandiri }", "when: { jenis_praktek: mandiri }");
    const option = await edit("sip-perawat.md", "when: { jenis_permohonan: perpanjangan }", "when: { jenis_permohonan: [perpanjang] }");
    expect(await issuesFor("sip-bidan.md")).toEqual([
      { file: "permits/sip-bidan.md", line: field, message: 'document "denah_peralatan": when names "jenis_praktek", which is not a choice or number question of this permit\'s form (its choice and number questions are: jenis_praktik, jenis_permohonan, urutan_sip, status_kepegawaian); did you mean "jenis_praktik"?' },
    ]);
    expect(await issuesFor("sip-perawat.md")).toEqual([
      { file: "permits/sip-perawat.md", line: option, message: 'document "skp": "perpanjang" is not an option of "jenis_permohonan" (its options are: baru, perpanjangan)' },
    ]);
  });

  it("takes a comparison for a number question in when, and refuses an option id there", async () => {
    expect(await issuesFor("pbg.md")).toEqual([]);
    const line = await edit("pbg.md", 'when: { jumlah_lantai: ">1" }', "when: { jumlah_lantai: dua }");
    expect(await issuesFor("pbg.md")).toEqual([{ file: "permits/pbg.md", line, message: expect.stringContaining('"jumlah_lantai" is a number question: when gives a comparison such as') }]);
  });

  it("refuses a date bound on a field that is not a date", async () => {
    const line = await edit("izin-penelitian.md", '    label_en: "Length of the research (days)"\n', '    label_en: "Length of the research (days)"\n    not_before: today\n', "    not_before: today\n    kind: number");
    expect(await issuesFor("izin-penelitian.md")).toEqual([{ file: "permits/izin-penelitian.md", line, message: 'field "lama_penelitian": not_before only applies to date fields' }]);
  });

  it("reports a missing required field", async () => {
    const text = await readFile(file("nib.md"), "utf8");
    await writeFile(file("nib.md"), text.replace(/^validity: .*\n/m, ""));
    const issues = await issuesFor("nib.md");
    expect(issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/"validity" is missing/));
  });

  it("reports an unknown key with a did-you-mean hint", async () => {
    const line = await edit("sipa.md", "legal_basis:", "legal_basi:");
    const issues = await issuesFor("sipa.md");
    expect(issues.find((i) => i.message.includes('unknown key "legal_basi"'))).toMatchObject({ line, message: expect.stringContaining('did you mean "legal_basis"') });
  });

  it("reports a bad file kind at the document's accept line", async () => {
    const line = await edit("izin-reklame.md", /(id: desain_reklame\n.*\n(?: {4}name_en: .*\n)?)    accept: \[pdf, jpg, png\]/, "$1    accept: [pdf, docx]", "accept: [pdf, docx]");
    const issues = await issuesFor("izin-reklame.md");
    expect(issues).toHaveLength(1);
    expect(issues[0]!.line).toBe(line);
    expect(issues[0]!.message).toMatch(/pdf, jpg and png/);
  });

  it("reports an id that differs from the file name, a bad reviewed date and duplicate form field ids", async () => {
    const idLine = await edit("tdup.md", "id: tdup", "id: tdup-lama");
    const dateLine = await edit("sppl.md", /reviewed: .*/, "reviewed: 2026-02-30");
    const fieldLine = await edit("izin-penelitian.md", "  - id: lembaga\n", "  - id: judul_penelitian\n", "  - id: judul_penelitian\n    label: Kampus");
    expect((await issuesFor("tdup.md"))[0]).toMatchObject({ line: idLine, message: expect.stringContaining("must equal the file name") });
    expect((await issuesFor("sppl.md"))[0]).toMatchObject({ line: dateLine, message: expect.stringContaining("not a real calendar date") });
    expect((await issuesFor("izin-penelitian.md"))[0]).toMatchObject({ line: fieldLine, message: expect.stringContaining("used twice") });
  });

  it("reports a file without front matter", async () => {
    await writeFile(file("iutm.md"), "Hanya teks, tanpa front matter.\n");
    expect((await issuesFor("iutm.md"))[0]).toMatchObject({ line: 1, message: expect.stringContaining("front matter is missing") });
  });

  it("throws FileValidationError listing every problem at once", async () => {
    await edit("sipa.md", "legal_basis:", "legal_basi:");
    await edit("izin-klinik.md", "needs_confirmation: true", "needs_confirmation: maybe");
    const err = await loadKnowledge(dir, { root: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileValidationError);
    const fve = err as FileValidationError;
    expect(fve.code).toBe("KNOWLEDGE_INVALID");
    expect(fve.message).toMatch(/^permits\/izin-klinik\.md:\d+: .*true or false/m);
    expect(fve.message).toMatch(/^permits\/sipa\.md:\d+: unknown key "legal_basi"/m);
  });

  it("checks office.yaml and understanding.yaml too", async () => {
    const office = join(dir, "office.yaml");
    await writeFile(office, (await readFile(office, "utf8")).replace('fri: [{ open: "08:00", close: "11:00" }', 'fri: [{ open: "11:00", close: "08:00" }'));
    const und = join(dir, "understanding.yaml");
    await writeFile(und, (await readFile(und, "utf8")).replace("    kecewa: 1.5\n", "    kecewa: banyak\n"));
    const { issues } = await validateKnowledge(dir, { root: dir });
    expect(issues.find((i) => i.file === "office.yaml")?.message).toMatch(/opening time 11:00 must be before closing time 08:00/);
    expect(issues.find((i) => i.file === "understanding.yaml")?.message).toMatch(/weight must be a number/);
  });

  it("refuses an empty referrals.yaml (every referral would vanish) and accepts [], and says so once for an empty office.yaml or understanding.yaml", async () => {
    const emptied = async (name: string, text: string) => {
      await writeFile(join(dir, name), text);
      return (await validateKnowledge(dir, { root: dir })).issues;
    };
    const referrals = await readFile(join(dir, "referrals.yaml"), "utf8");
    for (const text of ["", "# layanan instansi lain, belum diisi\n\n"]) {
      expect(await emptied("referrals.yaml", text)).toEqual([{ file: "referrals.yaml", line: 1, message: expect.stringMatching(/^the file is empty \(or has only comments\).*write \[\] on a line of its own/) }]);
    }
    expect(await emptied("referrals.yaml", "# none here\n[]\n")).toEqual([]);
    await writeFile(join(dir, "referrals.yaml"), referrals);
    const office = await readFile(join(dir, "office.yaml"), "utf8");
    expect(await emptied("office.yaml", "\n")).toEqual([{ file: "office.yaml", line: 1, message: expect.stringMatching(/^the file is empty .*the keys name, short_name, address, timezone, hours, holidays, contacts, registration_prefix/) }]);
    await writeFile(join(dir, "office.yaml"), office);
    expect(await emptied("understanding.yaml", "# kosong\n")).toEqual([{ file: "understanding.yaml", line: 1, message: expect.stringMatching(/^the file is empty .*put its content back/) }]);
  });

  it("says which folder is missing when there is no permits folder", async () => {
    await rm(join(dir, "permits"), { recursive: true });
    const { kb, issues } = await validateKnowledge(dir, { root: dir });
    expect(kb).toBeUndefined();
    expect(issues).toContainEqual({ file: "permits", line: 1, message: expect.stringContaining("folder is missing") });
    await expect(loadKnowledge(dir, { root: dir })).rejects.toBeInstanceOf(FileValidationError);
  });
});
