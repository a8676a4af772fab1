// Which of several own applications a citizen means ("yang kemarin", "minggu lalu", "tgl 1", "yang
// pertama"): the words are flows/patterns.yaml `own_pick`, lists a clerk edits and `npm run check`
// checks at their line. Before (und5, 2026-12-03) they were regular expressions inside engine.ts
// ownPicked() (fresh41). The picks themselves are the conversations of test/conversations/fresh41*
// and und5-2026-12-03/.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateFlows } from "../../src/engine/flows/load.js";
import { phraseListPaths } from "../../src/engine/flows/schema.js";
import { clerkCopies } from "../support/clerk-copy.js";

describe("own_pick: the words picking one of several own applications, edited by a clerk", () => {
  const { copy } = clerkCopies();

  it("its day and order words are phrase lists of flows/patterns.yaml; `date` a plain word list", () => {
    const paths = phraseListPaths().map((p) => p.join("."));
    for (const k of ["two_days_ago", "last_week", "last_month", "yesterday", "today", "first", "last"]) expect(paths).toContain(`own_pick.${k}`);
    expect(paths).not.toContain("own_pick.date");
  });

  it("a slip in one of them is said at its line, as in the other lists", async () => {
    const dir = copy("flows");
    const file = join(dir, "patterns.yaml");
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^ {2}yesterday: \[/m);
    writeFileSync(file, text.replace(/^ {2}yesterday: \[/m, "  yesterday: [kemarin//kmrn, ").replace(/^ {2}date: \[/m, "  date: [tgl/tanggal, "));
    const lines = text.split("\n");
    const { issues } = await validateFlows(dir, process.cwd());
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l)) + 1;
    expect(issues).toContainEqual(expect.objectContaining({ line: at(/^ {2}yesterday: \[/), message: expect.stringMatching(/"kemarin\/\/kmrn" in own_pick\.yesterday has an empty choice/) }));
    expect(issues).toContainEqual(expect.objectContaining({ line: at(/^ {2}date: \[/), message: expect.stringMatching(/own_pick\.date: "tgl\/tanggal" is read as written/) }));
  });

  it("engine.ts keeps no day words of its own", () => {
    const src = readFileSync("src/engine/engine.ts", "utf8");
    const body = src.slice(src.indexOf("function ownPicked("), src.indexOf("function carry("));
    expect(body).not.toMatch(/kemarin|tadi|minggu|tgl|pertama|terakhir/);
  });
});
