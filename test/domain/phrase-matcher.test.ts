// phraseMatcher (src/domain/phrases.ts) runs on every message for several phrase lists of
// flows/patterns.yaml. However it searches, it must find exactly what a plain search finds: every
// run of the message's words compared with every phrase.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expandPhrase, phraseMatcher } from "../../src/domain/phrases.js";
import { foldText } from "../../src/domain/fields.js";
import { parseYamlLocated } from "../../src/text/yaml.js";
import { phraseListPaths } from "../../src/engine/flows/schema.js";

/** The plain search: each phrase (and a two-word phrase run together) against every run of words. */
function plainMatcher(entries: readonly string[], notAfter?: ReadonlySet<string>): (text: string) => boolean {
  const phrases = entries.flatMap(expandPhrase).flatMap((p) => (p.split(" ").length === 2 ? [p, p.replace(" ", "")] : [p]));
  return (text) => {
    const words = foldText(text).split(" ").filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      for (let j = i + 1; j <= words.length; j++) {
        if (phrases.includes(words.slice(i, j).join(" ")) && !(i > 0 && notAfter?.has(words[i - 1]!))) return true;
      }
    }
    return false;
  };
}

const patterns = parseYamlLocated("flows/patterns.yaml", readFileSync("flows/patterns.yaml", "utf8")).value as Record<string, unknown>;
const lists: [string, string[]][] = [
  // Every phrase list, found by the schema's shape (word sets such as staff_only.pressing are none).
  ...phraseListPaths().map((path) => [path.join("."), (path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], patterns) as string[] | undefined) ?? []] as [string, string[]]),
  ["edge cases", ["a b c", "b", "x/y z", "e-ktp baru", "gak/ga tau/tahu"]],
];

describe("phraseMatcher finds what a plain search finds", () => {
  for (const [name, entries] of lists) {
    it(`${name}: random messages made of the list's own words and others`, () => {
      const words = [...new Set(entries.flatMap(expandPhrase).flatMap((p) => p.split(" "))), "saya", "mau", "bukan", "tidak", "apa", "ktp"];
      const notAfter = new Set(["bukan", "tidak"]);
      const fast = phraseMatcher(entries);
      const fastNot = phraseMatcher(entries, { notAfter });
      const plain = plainMatcher(entries);
      const plainNot = plainMatcher(entries, notAfter);
      const messages = fc.array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(",", "?", "-", "E-KTP", "GATAU")), { maxLength: 12 }).map((ws) => ws.join(" "));
      fc.assert(
        fc.property(messages, (text) => {
          expect(fast(text)).toBe(plain(text));
          expect(fastNot(text)).toBe(plainNot(text));
        }),
        { numRuns: 1500 },
      );
    });
  }

  it("every phrase of a list is found alone and after other words", () => {
    for (const [, entries] of lists) {
      const says = phraseMatcher(entries, { notAfter: new Set(["bukan"]) });
      for (const p of entries.flatMap(expandPhrase)) {
        expect(says(p), p).toBe(true);
        expect(says(`saya ${p} ya`), p).toBe(true);
      }
    }
  });
});
