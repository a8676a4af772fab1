import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { parseYamlLocated } from "../../src/text/yaml.js";

/**
 * A clerk's edits to knowledge/ (review of 2026-11-30, second round): each problem must be said
 * once, at its line, in plain words that say what to do, never in zod's own words.
 */
describe("clerk review 2026-11-30b: what npm run check says", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk-"));
    await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function edit(path: string, from: string | RegExp, to: string, marker = to): Promise<number> {
    const f = join(dir, path);
    const text = await readFile(f, "utf8");
    const next = text.replace(from, to);
    expect(next, `edit of ${path} did nothing`).not.toBe(text);
    await writeFile(f, next);
    return next.slice(0, next.indexOf(marker)).split("\n").length;
  }
  const issues = async () => (await validateKnowledge(join(dir, "knowledge"), { root: dir })).issues;

  it("an empty list item ('-' alone) in requirements, form, options, holidays or a day's hours is named as such, not 'Invalid input: expected object, received null'", async () => {
    const req = await edit("knowledge/permits/sip-perawat.md", "requirements:\n", "requirements:\n  -\n", "  -\n");
    const day = await edit("knowledge/office.yaml", /^ {2}sat: \[\]$/m, "  sat:\n    -", "    -");
    const hol = await edit("knowledge/office.yaml", '  - { date: "2026-12-25"', '  -\n  - { date: "2026-12-25"', '\n  -\n  - { date: "2026-12-25"') + 1;
    const found = await issues();
    const said = found.map((i) => `${i.file}:${i.line}: ${i.message}`);
    for (const m of said) expect(m).not.toMatch(/Invalid input|expected object|received null/);
    expect(found.find((i) => i.file === "knowledge/permits/sip-perawat.md")).toMatchObject({ line: req, message: expect.stringMatching(/empty item.*remove/) });
    expect(found.find((i) => i.file === "knowledge/office.yaml" && i.line === hol)?.message).toMatch(/holidays.*empty item.*remove/);
    expect(found.find((i) => i.file === "knowledge/office.yaml" && i.line === day)?.message).toMatch(/hours\.sat.*empty item.*remove/);
  });

  it("a block written as one text (fee: gratis, hours: Senin-Jumat 08:00-15:30) says which lines go under the key, not zod's words", async () => {
    await edit("knowledge/permits/sip-perawat.md", /^fee:\n {2}text: .*\n(?: {2}en: .*\n)? {2}amount: gratis\n/m, "fee: gratis\n");
    await edit("knowledge/office.yaml", /^hours:\n(?: {2}\w{3}: .*\n)+/m, "hours: Senin-Jumat 08:00-15:30\n");
    const found = await issues();
    const fee = found.find((i) => i.file === "knowledge/permits/sip-perawat.md")!;
    const hours = found.find((i) => i.file === "knowledge/office.yaml")!;
    expect(fee.message).not.toMatch(/Invalid input/);
    expect(fee.message).toMatch(/fee.*lines.*under it.*text:/);
    expect(hours.message).not.toMatch(/Invalid input/);
    expect(hours.message).toMatch(/hours.*lines.*under it.*mon:/);
  });

  it("a holiday date in the wrong format is one problem saying the format, not two (the second 'is not a real calendar date')", async () => {
    const line = await edit("knowledge/office.yaml", 'date: "2026-12-25"', "date: 25-12-2026");
    const found = (await issues()).filter((i) => i.file === "knowledge/office.yaml");
    expect(found).toEqual([{ file: "knowledge/office.yaml", line, message: expect.stringMatching(/YYYY-MM-DD/) }]);
  });

  it("a quote inside a quoted text (\"Baik, \"pengajuan\" dibatalkan.\", 'Jum'at') is named as such, not as a layout or indentation slip", async () => {
    const line = await edit("knowledge/permits/sip-perawat.md", /^ {2}- Ajukan permohonan ke DPMPTSP.*$/m, "  - 'Jum'at: ajukan permohonan'", "  - 'Jum'at");
    const permit = (await issues()).find((i) => i.file === "knowledge/permits/sip-perawat.md")!;
    expect(permit.line).toBe(line);
    expect(permit.message).not.toMatch(/layout of this line/);
    expect(permit.message).toMatch(/quote/);
    const message = parseYamlLocated("messages/id/conversation.yaml", 'repair:\n  cancelled: "Baik, "pengajuan" dibatalkan."\n').issues;
    expect(message).toEqual([{ file: "messages/id/conversation.yaml", line: 2, message: expect.stringMatching(/ends at.*"pengajuan.*instead of/) }]);
    expect(message[0]!.message).not.toMatch(/layout|indent/);
  });

  it("a colon in a holiday's name inside { … } says to put the name in quotes, not YAML's 'Block collections are not allowed within flow collections'", async () => {
    const line = await edit("knowledge/office.yaml", "name: Hari Raya Natal }", "name: Natal: cuti bersama }", "Natal: cuti");
    const found = (await issues()).filter((i) => i.file === "knowledge/office.yaml");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line, message: expect.stringMatching(/^a text inside \{ … \} contains ": ": put that text in quotes/) });
  });

  it("a WhatsApp number written without quotes (whatsapp: 081234567890, read as a number without its 0) is refused saying to put it in quotes; working_days: -1 says 0 or more", async () => {
    const line = await edit("knowledge/office.yaml", /^contacts:\n/m, "contacts:\n  whatsapp: 081234567890\n", "  whatsapp:");
    const days = await edit("knowledge/permits/pbg.md", "working_days: 28", "working_days: -1");
    const found = await issues();
    expect(found.find((i) => i.file === "knowledge/office.yaml")).toMatchObject({ line, message: expect.stringMatching(/whatsapp.*put it in quotes/) });
    expect(found.find((i) => i.file === "knowledge/permits/pbg.md")).toMatchObject({ line: days, message: expect.stringMatching(/0 or more/) });
  });

  it("a folder in knowledge/permits/ (old permits moved to lama/) is named as a folder, not told to be renamed lama.md", async () => {
    await mkdir(join(dir, "knowledge/permits/lama"));
    await cp(join(dir, "knowledge/permits/sip-perawat.md"), join(dir, "knowledge/permits/lama/sip-perawat.md"));
    const found = (await issues()).filter((i) => i.file.includes("permits/lama"));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).not.toMatch(/lama\.md/);
    expect(found[0]!.message).toMatch(/folder.*move/i);
  });

  it("office.yml, referrals.yml or understanding.yml (saved with the short ending) is named, with the rename to do; understanding.yml was silently not read", async () => {
    for (const name of ["office", "referrals", "understanding"]) await rename(join(dir, `knowledge/${name}.yaml`), join(dir, `knowledge/${name}.yml`));
    const found = await issues();
    for (const name of ["office", "referrals", "understanding"]) {
      expect(found).toContainEqual({ file: `knowledge/${name}.yaml`, line: 1, message: expect.stringMatching(new RegExp(`${name}\\.yml.*rename it to ${name}\\.yaml`)) });
    }
  });

  it("requirements written as a plain list ('- KTP') and a step with ': ' in it ('- Langkah 1: Ajukan …') say what to write instead", async () => {
    const req = await edit("knowledge/permits/sip-perawat.md", /requirements:\n(?: {2}.*\n)+?form:/, "requirements:\n  - KTP\nform:", "  - KTP");
    const step = await edit("knowledge/permits/sip-perawat.md", /^ {2}- Ajukan permohonan ke DPMPTSP.*$/m, "  - Langkah 1: Ajukan permohonan", "  - Langkah 1");
    const found = (await issues()).filter((i) => i.file === "knowledge/permits/sip-perawat.md");
    expect(found.find((i) => i.line === req)?.message).toMatch(/requirements\[1\]: each item here is a block.*"- id: …".*not only "KTP"/);
    expect(found.find((i) => i.line === step)?.message).toMatch(/put the whole text in quotes \("Langkah 1: Ajukan permohonan"\)/);
  });
});
