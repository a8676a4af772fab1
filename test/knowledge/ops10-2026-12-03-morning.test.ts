import { describe, expect, it } from "vitest";
import { clerkFolders } from "../support/clerk-check.js";

/**
 * ops10 (2026-12-03), a clerk's morning played from README and docs: a list in [brackets] whose
 * "]" she left out was reported at the NEXT line (`sppl.md:24` for the slip on line 23, where
 * nothing is wrong), by `npm run check`, start-up and the reload alike. The problem must be said at
 * the line where the list opens, in every folder she edits. Found in the walk (line 24 seen before
 * the change); written after the fix, and run on the unchanged code: 0/3 there.
 */
const c = clerkFolders("loket-ops10-bracket-");

describe("ops10 2026-12-03: a list in [brackets] left open is said at its own line", () => {
  it("1. a permit's accept: [pdf, jpg, png without its ]", async () => {
    const line = await c.edit("knowledge/permits/sppl.md", "    accept: [pdf]\n", "    accept: [pdf, docx\n", "accept: [pdf, docx");
    const errors = await c.errors();
    expect(errors.map((e) => `${e.file}:${e.line}`)).toEqual([`knowledge/permits/sppl.md:${line}`]);
    expect(errors[0]!.message).toMatch(/\[brackets\] opened on this line is not closed/);
  });

  it("2. the repair words in flows/patterns.yaml without their ]", async () => {
    const line = await c.edit("flows/patterns.yaml", "  back: [kembali, back, mundur, sebelumnya, balik, pertanyaan sebelumnya, ke pertanyaan sebelumnya, balik ke pertanyaan sebelumnya, kembali ke pertanyaan sebelumnya, balik ke sebelumnya, kembali ke sebelumnya, mundur satu, previous question, go back]\n", "  back: [kembali, back, mundur, sebelumnya, balik, pertanyaan sebelumnya, ke pertanyaan sebelumnya, balik ke pertanyaan sebelumnya, kembali ke pertanyaan sebelumnya, balik ke sebelumnya, kembali ke sebelumnya, mundur satu, previous question, go back\n", "back: [kembali");
    const errors = await c.errors();
    expect(errors.map((e) => `${e.file}:${e.line}`)).toEqual([`flows/patterns.yaml:${line}`]);
  });

  it("3. a permit's aliases written as one [list] over two lines, the second not indented", async () => {
    const line = await c.edit("knowledge/permits/sppl.md", "aliases:\n  - SPPL\n", "aliases: [SPPL,\n  - ", "aliases: [SPPL,");
    const errors = await c.errors();
    expect(errors[0] && `${errors[0].file}:${errors[0].line}`).toBe(`knowledge/permits/sppl.md:${line}`);
  });
});
