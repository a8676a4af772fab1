import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkMessages, validateFlows } from "../../src/engine/flows/load.js";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

/**
 * A clerk adding a permit the office handles and Loket does not know yet (Tanda Daftar Gudang),
 * from the README's recipe ("copy knowledge/permits/pbg.md to knowledge/permits/<id>.md") and
 * docs/knowledge.md only, making the slips people make (review of 2026-11-30, fourth round).
 */
describe("newpermit review 2026-11-30d: adding a permit by the recipe", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-newpermit-"));
    await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const issues = async () => (await validateKnowledge(join(dir, "knowledge"), { root: dir })).issues;

  it("a copy of pbg.md that still says id: pbg is told to change its id, not to be renamed to pbg.md (which would overwrite the PBG permit)", async () => {
    const pbg = await readFile(join(dir, "knowledge/permits/pbg.md"), "utf8");
    await writeFile(join(dir, "knowledge/permits/tdg.md"), pbg);
    const found = (await issues()).filter((i) => i.file === "knowledge/permits/tdg.md");
    expect(found).toEqual([{ file: "knowledge/permits/tdg.md", line: 2, message: expect.stringMatching(/id "pbg" must equal the file name "tdg".*pbg\.md already has that id.*change the id here to "tdg"/) }]);
    expect(found[0]!.message).not.toMatch(/rename the file to pbg\.md/);
  });

  async function edit(path: string, from: string | RegExp, to: string): Promise<number> {
    const f = join(dir, path);
    const text = await readFile(f, "utf8");
    const next = text.replace(from, to);
    expect(next, `edit of ${path} did nothing`).not.toBe(text);
    await writeFile(f, next);
    return next.slice(0, next.indexOf(to)).split("\n").length;
  }

  it("a text put in curly quotes (typed in Word or on a phone) is named as such, with the straight-quoted text to write, not as an unknown key \"CV\" or a layout slip", async () => {
    const label = await edit("knowledge/permits/pbg.md", 'label: "Usaha (toko, ruko, gudang, kantor)"', "label: “Usaha (toko, ruko, gudang, kantor)”");
    const category = await edit("knowledge/permits/sip-perawat.md", /^category: .*$/m, "category: “Kesehatan: izin praktik”");
    const single = await edit("knowledge/permits/nib.md", /^category: .*$/m, "category: ‘Perizinan berusaha’");
    const found = await issues();
    for (const i of found) expect(i.message).not.toMatch(/unknown key|layout of this line/);
    expect(found).toContainEqual({ file: "knowledge/permits/pbg.md", line: label, message: expect.stringMatching(/curly quotes.*straight quotes.*"Usaha \(toko, ruko, gudang, kantor\)"/) });
    expect(found).toContainEqual({ file: "knowledge/permits/sip-perawat.md", line: category, message: expect.stringMatching(/curly quotes.*"Kesehatan: izin praktik"/) });
    // Valid YAML, but citizens would read ‘Perizinan berusaha’ as the heading, quotes and all.
    expect(found).toContainEqual({ file: "knowledge/permits/nib.md", line: single, message: expect.stringMatching(/curly quotes.*"Perizinan berusaha"/) });
  });

  it("curly quotes inside a text (a word in quotes, an apostrophe) are left alone", async () => {
    await edit("knowledge/permits/pbg.md", /^category: .*$/m, "category: Bangunan “gedung” dan Jum’at");
    await edit("knowledge/permits/sip-perawat.md", /^validity: .*$/m, "validity: “5 tahun” sejak terbit.");
    expect(await issues()).toEqual([]);
  });

  it("a key written without its colon (validity 5 tahun, kind number) is said as a missing colon, with the line to write, not only as a layout slip", async () => {
    const validity = await edit("knowledge/permits/sip-perawat.md", /^validity: (.*)$/m, "validity 5 tahun (dengan STR seumur hidup).");
    const kind = await edit("knowledge/permits/pbg.md", /^( {4})kind: number$/m, "    kind number");
    const found = await issues();
    expect(found).toContainEqual({ file: "knowledge/permits/sip-perawat.md", line: validity, message: expect.stringMatching(/no ":" after its key.*\("validity: 5 tahun \(dengan STR seumur hidup\)\."\)/) });
    expect(found).toContainEqual({ file: "knowledge/permits/pbg.md", line: kind, message: expect.stringMatching(/no ":" after its key.*\("kind: number"\)/) });
  });

  it("a text holding ': ' without quotes (label: Luas gudang: m²) is said with the quoted line to write", async () => {
    const line = await edit("knowledge/permits/pbg.md", "    label: Luas tanah (m²)", "    label: Luas tanah: m²");
    const found = await issues();
    expect(found).toContainEqual({ file: "knowledge/permits/pbg.md", line, message: expect.stringMatching(/after "label:" contains ": ".*quotes \(label: "Luas tanah: m²"\)/) });
  });

  describe("a flow saved with the short ending .yml (the loader reads it)", () => {
    beforeEach(async () => cp(resolve("flows"), join(dir, "flows"), { recursive: true }));
    const flowIssues = async () => {
      const v = await validateFlows(join(dir, "flows"), dir);
      const permitFields = (await validateKnowledge(join(dir, "knowledge"), { root: dir })).kb!.permits.flatMap((p) => p.form.map((f) => f.id));
      return v.flows ? [...v.issues, ...checkMessages(v.flows, await loadMessages("messages"), permitFields, join(dir, "flows"))] : v.issues;
    };

    it("has its problems named in that file, at their line, not in a menu.yaml that is not there, at line 1", async () => {
      await edit("flows/menu.yaml", "    on: aspect\n", "    on: aspek\n");
      // The step's line, as for a .yaml flow.
      const line = (await readFile(join(dir, "flows/menu.yaml"), "utf8")).split("\n").findIndex((l) => l.includes("id: topic_or_answer")) + 1;
      await rename(join(dir, "flows/menu.yaml"), join(dir, "flows/menu.yml"));
      const found = (await flowIssues()).filter((i) => /aspek/.test(i.message));
      expect(found).toEqual([{ file: join(dir, "flows/menu.yml"), line, message: expect.stringMatching(/branch on "aspek"/) }]);
    });

    it("beside the .yaml of the same flow (a copy saved by the editor) is named, not one of the two used silently", async () => {
      await cp(join(dir, "flows/survey.yaml"), join(dir, "flows/survey.yml"));
      const found = await flowIssues();
      expect(found).toEqual([{ file: "flows/survey.yml", line: expect.any(Number), message: expect.stringMatching(/flow "survey" is also in flows\/survey\.yaml.*only one of the two.*Keep one/) }]);
    });

    it("a copy of a flow that kept the id of the one it was copied from is not told to take that one's file name", async () => {
      await cp(join(dir, "flows/survey.yaml"), join(dir, "flows/survey2.yaml"));
      const found = await flowIssues();
      expect(found).toEqual([{ file: "flows/survey2.yaml", line: expect.any(Number), message: expect.stringMatching(/flow "survey" is also in flows\/survey\.yaml.*own id: "survey2"/) }]);
      expect(found[0]!.message).not.toMatch(/rename the file to survey\.yaml/);
    });
  });

  it("npm run -s classify reads the permits of KNOWLEDGE_DIR, as npm run check and Loket do, so a permit tried in a copy of knowledge/ is classified", async () => {
    const pbg = await readFile(join(dir, "knowledge/permits/pbg.md"), "utf8");
    const tdg = pbg
      .replace(/^id: pbg$/m, "id: tdg")
      .replace(/^name: .*$/m, "name: Tanda Daftar Gudang (TDG)")
      .replace(/^aliases:\n(?: {2}- .*\n)+/m, "aliases: [TDG, tanda daftar gudang]\n")
      .replace(/^keywords:\n(?: {2}- .*\n)+/m, "keywords: [gudang beras]\n");
    await writeFile(join(dir, "knowledge/permits/tdg.md"), tdg);
    expect((await issues())).toEqual([]);
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/cli/classify.ts"], {
      input: '{"text":"syarat tanda daftar gudang apa"}\n',
      encoding: "utf8",
      env: { ...process.env, KNOWLEDGE_DIR: join(dir, "knowledge") },
    });
    expect(JSON.parse(out.trim())).toEqual({ intent: "ask", permit: "tdg", aspect: "requirements" });
  });

  it("a requirement list written as one text (requirements: KTP, NIB, denah) says how a document is written, not only that it must be a list", async () => {
    const req = await edit("knowledge/permits/sip-perawat.md", /^requirements:\n(?: {2}.*\n)+/m, "requirements: KTP, STR, pas foto\n");
    const form = await edit("knowledge/permits/pbg.md", /^form:\n(?: {2}.*\n)+/m, "form: lokasi bangunan, jumlah lantai\n");
    const found = await issues();
    expect(found).toContainEqual({ file: "knowledge/permits/sip-perawat.md", line: req, message: expect.stringMatching(/requirements must be a list of documents.*"- id: ktp".*"name:", "accept:" and "required:"/) });
    expect(found).toContainEqual({ file: "knowledge/permits/pbg.md", line: form, message: expect.stringMatching(/form must be a list of questions.*"- id: …".*"label:", "kind:" and "required:".*form: \[\]/) });
  });

  it("no space after a colon (category:Perdagangan) or after a list dash (-gudang beras) is said with the line to write", async () => {
    const colon = await edit("knowledge/permits/pbg.md", /^category: (.*)$/m, "category:Bangunan dan tata ruang");
    const dash = await edit("knowledge/permits/sip-perawat.md", /^ {2}- ners$/m, "  -ners");
    const found = await issues();
    expect(found).toContainEqual({ file: "knowledge/permits/pbg.md", line: colon, message: expect.stringMatching(/space after the ":" of "category": write "category: Bangunan dan tata ruang"/) });
    expect(found).toContainEqual({ file: "knowledge/permits/sip-perawat.md", line: dash, message: expect.stringMatching(/space after its dash: write "- ners"/) });
  });

  it("a permit file whose closing --- line was deleted is told that, not that its front matter is missing", async () => {
    const f = join(dir, "knowledge/permits/pbg.md");
    const text = await readFile(f, "utf8");
    const close = text.indexOf("\n---\n", 4);
    await writeFile(f, text.slice(0, close) + text.slice(close + 4));
    const found = (await issues()).filter((i) => i.file === "knowledge/permits/pbg.md");
    expect(found).toEqual([{ file: "knowledge/permits/pbg.md", line: 1, message: expect.stringMatching(/not closed: put a line "---" after the last permit field/) }]);
  });

  it("a permit written without a form (no questions of its own) is told to write form: [], not only 'add a line \"form: ...\"'", async () => {
    const f = join(dir, "knowledge/permits/izin-penelitian.md");
    const text = await readFile(f, "utf8");
    const next = text.replace(/^form:\n(?: {2}.*\n)+/m, "");
    expect(next).not.toBe(text);
    await writeFile(f, next);
    const found = (await issues()).filter((i) => i.file === "knowledge/permits/izin-penelitian.md");
    expect(found).toEqual([{ file: "knowledge/permits/izin-penelitian.md", line: expect.any(Number), message: expect.stringMatching(/"form" is missing: add a line "form: \[\]" when the permit asks nothing more.*or list its own questions/) }]);
  });

  it("a field kind or a channel misspelled or written in Indonesian (choise, angka, tanggal, mpp) is answered with the value meant", async () => {
    const choise = await edit("knowledge/permits/pbg.md", /^( {4})kind: choice$/m, "    kind: choise");
    const angka = await edit("knowledge/permits/izin-reklame.md", /^( {4})kind: number$/m, "    kind: angka");
    const channel = await edit("knowledge/permits/sip-perawat.md", /^ {2}channel: counter$/m, "  channel: mpp");
    const found = await issues();
    expect(found).toContainEqual({ file: "knowledge/permits/pbg.md", line: choise, message: expect.stringMatching(/kind: "choise" is not a kind Loket knows; did you mean "choice"\? Write one of the kinds: text .*choice/) });
    expect(found).toContainEqual({ file: "knowledge/permits/izin-reklame.md", line: angka, message: expect.stringMatching(/kind: "angka" is not a kind Loket knows; did you mean "number"\? Write one of the kinds: text .*number/) });
    expect(found).toContainEqual({ file: "knowledge/permits/sip-perawat.md", line: channel, message: expect.stringMatching(/channel must be one of .*; did you mean "counter"\?/) });
  });

  it("a text with commas inside { … } written without quotes is said with the quotes to add, not as unknown keys \"CV\" (did you mean \"id\"?)", async () => {
    const option = await edit("knowledge/permits/pbg.md", 'label: "Usaha (toko, ruko, gudang, kantor)"', "label: Usaha (toko, ruko, gudang, kantor)");
    const holiday = await edit("knowledge/office.yaml", "name: Tahun Baru 2026 Masehi }", "name: Tahun Baru, 1 Januari }");
    const found = await issues();
    for (const i of found) expect(i.message).not.toMatch(/unknown key|did you mean/);
    expect(found).toContainEqual({ file: "knowledge/permits/pbg.md", line: option, message: expect.stringMatching(/text of "label" inside \{ … \} contains ", ".*"ruko" and "gudang" and "kantor\)".*\(label: "Usaha \(toko, ruko, gudang, kantor\)"\)/) });
    expect(found).toContainEqual({ file: "knowledge/office.yaml", line: holiday, message: expect.stringMatching(/text of "name" inside \{ … \}.*\(name: "Tahun Baru, 1 Januari"\)/) });
  });

  it("a when that names an option by its label with commas is told to use the option's id, once, without echoes for the pieces", async () => {
    const line = await edit("knowledge/permits/pbg.md", "when: { fungsi_bangunan: keagamaan }", "when: { fungsi_bangunan: Keagamaan (masjid, musala, gereja) }");
    const found = (await issues()).filter((i) => i.file === "knowledge/permits/pbg.md");
    expect(found).toEqual([{ file: "knowledge/permits/pbg.md", line, message: expect.stringMatching(/when gives an option id/) }]);
  });
});
