import { describe, expect, it } from "vitest";
import { checkAnswer } from "../../src/llm/guard.js";

const timed = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const passages = [{ id: "p", title: "PBG", text: "Biaya: Rp 0 (gratis). Lama proses: 14 hari kerja. https://simbg.pu.go.id" }] as never;

describe("model answer check: a long word without a dot costs milliseconds", () => {
  it("an answer echoing 16,000 letters or zero-width characters is checked in well under a second", () => {
    // Quadratic before (the link-token pattern retried at every character of the run): ~0.4 s at 4,000, seconds at 16,000.
    for (const filler of ["\u200b", "a", "1"]) {
      expect(timed(() => checkAnswer(`@${filler.repeat(16_000)}`, passages))).toBeLessThan(1000);
      expect(timed(() => checkAnswer(`@${filler.repeat(4000)}`, passages))).toBeLessThan(100);
    }
  });

  it("still finds the links of an answer", () => {
    expect(checkAnswer("Daftar di https://simbg.pu.go.id ya.", passages).ok).toBe(true);
    expect(checkAnswer("Daftar di https://contoh-palsu.example/izin ya.", passages).ok).toBe(false);
  });
});
