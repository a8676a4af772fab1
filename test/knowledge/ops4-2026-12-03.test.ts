import { describe, expect, it } from "vitest";
import { clerkFolders } from "../support/clerk-check.js";

/**
 * Held-out acceptance (ops4, 2026-12-03): a clerk who learned "setting aplikasi" herself edits a
 * copy of knowledge/ and flows/ and makes the mistakes such a clerk makes. Each problem: one line,
 * at the file and line to change, saying what to write. Written before the change; the first run
 * on the unchanged code (09a8232) is in the commit message.
 */
describe("a clerk's mistakes in knowledge/ and flows/ (ops4)", () => {
  const copy = clerkFolders("loket-ops4k-");
  const { edit, check, errors } = copy;

  // Indonesian names for a permit's keys: one problem, at that line, naming the key to write.
  for (const [id, en] of [["biaya", "fee"], ["persyaratan", "requirements"], ["dasar_hukum", "legal_basis"], ["masa_berlaku", "validity"], ["lama_proses", "duration"], ["kata_kunci", "keywords"]] as const) {
    it(`"${id}:" written for "${en}:" in sppl.md: one error at that line saying to write ${en}:`, async () => {
      const line = await edit("knowledge/permits/sppl.md", `\n${en}:`, `\n${id}:`, `${id}:`);
      const all = await errors();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ file: "knowledge/permits/sppl.md", line });
      expect(all[0]!.message).toContain(`${en}:`);
    });
  }
  it("a form question's 'jenis: number' (for kind): one error at that line naming kind", async () => {
    const line = await edit("knowledge/permits/pbg.md", "    kind: number\n    required: true\n    min: 1\n", "    jenis: number\n    required: true\n    min: 1\n", "jenis: number");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/permits/pbg.md", line });
    expect(all[0]!.message).toMatch(/\bkind\b/);
  });
  it("aliases written as a numbered list ('1. IMB'): one error at the first such line saying to start items with '- '", async () => {
    const line = await edit("knowledge/permits/pbg.md", "  - IMB\n  - izin mendirikan bangunan\n", "  1. IMB\n  2. izin mendirikan bangunan\n", "1. IMB");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/permits/pbg.md", line });
    expect(all[0]!.message).toMatch(/"- "/);
    expect(all[0]!.message).toMatch(/1\./);
  });
  it("a form question renamed (status_tanah -> kepemilikan_tanah) while a document's when still names it: the error names the new question, not luas_tanah", async () => {
    await edit("knowledge/permits/pbg.md", "  - id: status_tanah\n", "  - id: kepemilikan_tanah\n");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]!.file).toBe("knowledge/permits/pbg.md");
    expect(all[0]!.message).toContain('"kepemilikan_tanah"');
    expect(all[0]!.message).not.toMatch(/did you mean "luas_tanah"/);
  });
  it("a number question renamed (jumlah_lantai -> lantai) while two documents' when name it: each error suggests lantai", async () => {
    await edit("knowledge/permits/pbg.md", "  - id: jumlah_lantai\n", "  - id: lantai\n");
    const all = await errors();
    expect(all).toHaveLength(2);
    for (const e of all) expect(e.message).toMatch(/did you mean "lantai"|write "lantai"|when: \{ lantai/);
  });
  it("the shipped knowledge and flows stay without problems", async () => {
    expect(await errors()).toEqual([]);
  });
});

describe("a clerk's mistakes in flows/ (ops4)", () => {
  const copy = clerkFolders("loket-ops4f-");
  const { edit, check } = copy;

  it("the name question renamed (nama -> nama_lengkap): one error at its line that says the old name 'nama' was what made it the name, and holds: name", async () => {
    await edit("flows/apply.yaml", "{ id: nama, label", "{ id: nama_lengkap, label");
    const all = (await check()).filter((i) => !i.warning);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "flows/apply.yaml", line: 29 });
    expect(all[0]!.message).toMatch(/"nama"/);
    expect(all[0]!.message).toMatch(/renam/);
    expect(all[0]!.message).toContain("holds: name");
  });
  it("the address question renamed (alamat -> alamat_rumah): said at its line (holds: address), not silently dropped", async () => {
    await edit("flows/apply.yaml", "{ id: alamat, label", "{ id: alamat_rumah, label");
    const all = await check();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "flows/apply.yaml", line: 33 });
    expect(all[0]!.message).toContain("holds: address");
    expect(all[0]!.message).toMatch(/"alamat"/);
  });
  it("a step's next misspelt (next: date): the error suggests the step meant (data)", async () => {
    await edit("flows/apply.yaml", "next: data }", "next: date }");
    const all = (await check()).filter((i) => !i.warning);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "flows/apply.yaml", line: 22 });
    expect(all[0]!.message).toMatch(/did you mean "data"/);
  });
});
