import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadKnowledge, validateKnowledge } from "../../src/knowledge/load.js";
import { answerAfter } from "../../src/knowledge/answer.js";
import { loadMessages } from "../../src/text/messages.js";

/** A permit file's `after` (what to arrange once it is issued): read, said in English, and checked as a clerk writes it. */
describe("a permit file's after", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-after-"));
    await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("is said under the permit's name, in the citizen's language; a permit without one has none", async () => {
    const kb = await loadKnowledge(resolve("knowledge"));
    const messages = await loadMessages(resolve("messages"));
    const id = messages.get("id")!;
    const en = messages.get("en")!;
    expect(answerAfter(kb, id, "pkkpr")).toMatch(/^\*Sesudah .*PKKPR.* terbit\*\n.*SPPL atau UKL-UPL.*PBG/);
    expect(answerAfter(kb, en, "pkkpr")).toMatch(/^\*After .*PKKPR.* is issued\*\nThe order is: the environmental approval/);
    expect(answerAfter(kb, id, "sip-bidan")).toBeUndefined();
  });

  it("refuses an after without its text at the file's line, saying how to write it, and warns when the English is missing", async () => {
    const f = join(dir, "knowledge/permits/sppl.md");
    const text = await readFile(f, "utf8");
    const broken = text.replace(/^after:\n  text: .*\n  en: .*\n/m, "after: Lanjut PBG\n");
    expect(broken).not.toBe(text);
    await writeFile(f, broken);
    const line = broken.slice(0, broken.indexOf("after: Lanjut PBG")).split("\n").length;
    const issues = (await validateKnowledge(join(dir, "knowledge"), { root: dir })).issues.filter((i) => i.file === "knowledge/permits/sppl.md");
    expect(issues).toContainEqual(expect.objectContaining({ line, message: expect.stringMatching(/after must be lines under it, indented by two spaces \("text: …"/) }));
    await writeFile(f, text.replace(/^(after:\n  text: .*\n)  en: .*\n/m, "$1"));
    const warned = (await validateKnowledge(join(dir, "knowledge"), { root: dir })).warnings.filter((i) => i.file === "knowledge/permits/sppl.md");
    expect(warned).toContainEqual(expect.objectContaining({ warning: true, message: expect.stringMatching(/after has text: but no en:/) }));
  });
});
