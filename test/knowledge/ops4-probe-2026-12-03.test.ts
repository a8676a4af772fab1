import { describe, expect, it } from "vitest";
import { clerkFolders } from "../support/clerk-check.js";

/** Probe (ops4, 2026-12-03), written after the change: more of a clerk's slips, each said once, at its line. */
describe("a clerk's mistakes, probe (ops4)", () => {
  const copy = clerkFolders("loket-ops4p-");
  const { edit, errors } = copy;

  it("p1: 'tarif:' for fee in nib.md: one error at that line naming fee:", async () => {
    const line = await edit("knowledge/permits/nib.md", "\nfee:", "\ntarif:", "tarif:");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/permits/nib.md", line });
    expect(all[0]!.message).toContain("fee:");
  });
  it("p2: a document's 'catatan:' for note in sip-bidan.md: one error at that line naming note:", async () => {
    const line = await edit("knowledge/permits/sip-bidan.md", "    note: untuk praktik mandiri", "    catatan: untuk praktik mandiri", "catatan:");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/permits/sip-bidan.md", line });
    expect(all[0]!.message).toContain("note:");
  });
  it("p3: a choice question renamed (status_kepegawaian -> kepegawaian) while a when gives two of its options: the error names kepegawaian", async () => {
    await edit("knowledge/permits/sip-bidan.md", "  - id: status_kepegawaian\n", "  - id: kepegawaian\n");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]!.message).toMatch(/did you mean "kepegawaian"/);
    expect(all[0]!.message).toContain("[asn, pegawai_tetap]");
  });
  it("p4: a step's next naming nothing like a step (next: selesai_semua): says to write one of its steps or end", async () => {
    await edit("flows/apply.yaml", "next: declined }", "next: selesai_semua }");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "flows/apply.yaml", line: 23 });
    expect(all[0]!.message).toMatch(/"end"/);
  });
  it("p5: keywords numbered '1) bangun rumah' under a dash list: one error at the numbered line", async () => {
    const line = await edit("knowledge/permits/pbg.md", "  - membangun rumah\n", "  1) membangun rumah\n", "1) membangun");
    const all = await errors();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/permits/pbg.md", line });
    expect(all[0]!.message).toMatch(/"- "/);
  });
});
