import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * An English message never tells the citizen to type an Indonesian word: gaps3's new answers
 * (2026-12-02) said "type *petugas*" in English three times. The words Indonesian messages ask to
 * type ("ketik *petugas*", "*lewati*", "*cek status*") may not be what an English message asks for,
 * unless the word is the same in both (*menu*).
 */
const typed = (dir: string, verb: RegExp): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
    readFileSync(join(dir, f), "utf8")
      .split("\n")
      .forEach((line, i) => {
        for (const m of line.matchAll(verb)) out.set(m[1]!.toLowerCase(), [...(out.get(m[1]!.toLowerCase()) ?? []), `${dir}/${f}:${i + 1}`]);
      });
  }
  return out;
};

describe("what an English message asks the citizen to type", () => {
  it("is never one of the Indonesian messages' words (other than one both languages share)", () => {
    const indonesian = typed("messages/id", /\bketik \*([^*]+)\*/gi);
    const english = typed("messages/en", /\btype \*([^*]+)\*/gi);
    expect(indonesian.size).toBeGreaterThan(5);
    const leaked = [...english].filter(([w]) => indonesian.has(w) && !["menu"].includes(w)).map(([w, at]) => `*${w}* at ${at.join(", ")}`);
    expect(leaked).toEqual([]);
  });
});
