// Every phrase list of flows/patterns.yaml is checked at load, the lists added later too
// (contact_asked, status_follow_up.*, bot_frustration.phrases, staff_only's lists): an entry that
// can never match ("a//b", a "/" at a word's end) is refused at its file and line, whichever list
// it is in. Word sets (staff_only.pressing, announces_question) and plain word lists are not
// phrase lists and are not read as such.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateFlows } from "../../src/engine/flows/load.js";
import { phraseListPaths } from "../../src/engine/flows/schema.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function editedFlows(edit: (patterns: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "loket-phrases4-"));
  dirs.push(dir);
  cpSync("flows", join(dir, "flows"), { recursive: true });
  const file = join(dir, "flows/patterns.yaml");
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
  return dir;
}

describe("phrase lists checked by the schema's shape", () => {
  it("finds the phrase lists, nested ones included, and no word set or word list", () => {
    const paths = phraseListPaths().map((p) => p.join("."));
    for (const p of ["nik_help", "privacy", "contact_asked", "status_follow_up.when", "status_follow_up.missing", "bot_frustration.phrases", "staff_only.refund", "staff_only.urgent", "document_form", "sent_wrong"]) expect(paths).toContain(p);
    for (const p of ["staff_only.pressing", "staff_only.pressing.words", "announces_question.words", "bot_frustration.bot", "repair.yes", "filler", "greeting_words"]) expect(paths).not.toContain(p);
  });

  it("an entry that can never match is refused at its line in each of the lists added lately", async () => {
    const dir = editedFlows((p) =>
      p
        .replace("contact_asked: [", "contact_asked: [nomor//wa, ")
        .replace('  when: ["kapan', '  when: ["kapan/ jadi", "kapan')
        .replace("  phrases: [bodoh,", "  phrases: [bodoh/, bodoh,")
        .replace("  refund: [refund,", "  refund: [refund, \"uang//dana kembali\","),
    );
    const text = readFileSync(join(dir, "flows/patterns.yaml"), "utf8").split("\n");
    const lineOf = (start: string) => text.findIndex((l) => l.startsWith(start)) + 1;
    const { issues } = await validateFlows(join(dir, "flows"), dir);
    const at = (line: number, re: RegExp) => expect(issues).toContainEqual({ file: "flows/patterns.yaml", line, message: expect.stringMatching(re) });
    at(lineOf("contact_asked:"), /"nomor\/\/wa" in contact_asked has an empty choice/);
    at(lineOf("  when:"), /"kapan\/ jadi" in status_follow_up\.when has an empty choice/);
    at(lineOf("  phrases:"), /"bodoh\/" in bot_frustration\.phrases has an empty choice/);
    at(lineOf("  refund:"), /"uang\/\/dana kembali" in staff_only\.refund has an empty choice/);
  });

  it("the shipped patterns.yaml has no such entry", async () => {
    const { issues } = await validateFlows("flows");
    expect(issues).toEqual([]);
  });
});
