import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { createTypoIndex } from "../../src/engine/understand/fuzzy.js";

const u = createUnderstander(await loadKnowledge("knowledge"));

const timed = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

/** One long "word" of alternating letters: every two-letter deletion of it is distinct. */
const word = (n: number, unit = "Rp") => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

describe("understanding: a long crafted word does not stall the server (typo correction)", () => {
  it("'RpRp…' of 600 characters is understood in well under a second (took ~3 s, growing with the cube)", () => {
    expect(timed(() => u.understand(word(600)))).toBeLessThan(1000);
  });

  it("4,000-character words of several shapes are understood in under a second each", () => {
    for (const unit of ["Rp", "abc", "izin", "sipb", "xyz1"]) {
      expect(timed(() => u.understand(word(4000, unit)))).toBeLessThan(1000);
      expect(timed(() => u.understand(`mau tanya biaya ${word(4000, unit)} ya`))).toBeLessThan(1000);
    }
  });

  it("still corrects ordinary typos", () => {
    const typo = createTypoIndex(["fisioterapis", "biaya"]);
    expect(typo.correct("fisiotrapis")).toBe("fisioterapis");
    expect(typo.correct("biyaya")).toBe("biaya");
    expect(typo.correct(word(300))).toBeUndefined();
  });
});
