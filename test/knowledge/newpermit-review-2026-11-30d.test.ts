import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateKnowledge } from "../../src/knowledge/load.js";

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
});
