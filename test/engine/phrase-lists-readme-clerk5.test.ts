// README tells a clerk which lists of flows/patterns.yaml read "a/b" as either word (the phrase
// lists) and which read their entries as written (follow_up, later, filler, …). The two lists in
// README are the schema's (schema.ts `PhraseList`, found by `phraseListPaths`), so a list added
// later, or one README names wrongly (follow_up, before 2026-12-01), fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PatternsSchema, phraseListPaths } from "../../src/engine/flows/schema.js";

const readme = readFileSync("README.md", "utf8").replace(/\s+/g, " ");
/** The `names` in README's parenthesis opened by `opening`. */
function named(opening: string): string[] {
  const at = readme.indexOf(opening);
  expect(at, `README has no "${opening}"`).toBeGreaterThanOrEqual(0);
  const inside = readme.slice(at + opening.length, readme.indexOf(")", at + opening.length));
  return [...inside.matchAll(/`([a-z_.]+)`/g)].map((m) => m[1]!);
}

describe("README's phrase lists are the schema's", () => {
  it("the phrase lists README names are exactly the lists read as phrases", () => {
    expect(named("The phrase lists (").sort()).toEqual(phraseListPaths().map((p) => p.join(".")).sort());
  });

  it("the lists README says are read as written are no phrase list, follow_up among them", () => {
    const plain = named("The other word lists (");
    expect(plain).toContain("follow_up");
    const phrases = new Set(phraseListPaths().map((p) => p.join(".")));
    const keys = Object.keys(PatternsSchema.shape);
    for (const p of plain) {
      expect(phrases.has(p), p).toBe(false);
      expect(keys, p).toContain(p.split(".")[0]);
    }
  });
});
