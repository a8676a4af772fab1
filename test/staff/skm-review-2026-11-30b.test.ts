import { describe, expect, it } from "vitest";
import { computeIkm, type SurveyRecord } from "../../src/staff/skm.js";

/** n full surveys whose scores add up to `total` (9n..36n). */
function surveys(n: number, total: number): SurveyRecord[] {
  let rem = total - 9 * n;
  const out: SurveyRecord[] = [];
  for (let i = 0; i < n; i++) {
    const answers: Record<string, number> = {};
    for (let j = 1; j <= 9; j++) {
      const add = Math.min(3, rem);
      rem -= add;
      answers[`u${j}`] = 1 + add;
    }
    out.push({ id: String(i), at: "2026-11-02T03:00:00Z", answers, subject: {} });
  }
  return out;
}

describe("SKM review 2026-11-30b", () => {
  it("rounds the IKM half up as staff do by hand (40 respondents, Σ 585: 585/360×25 = 40.625 -> 40.63)", () => {
    expect(computeIkm(surveys(40, 585)).ikm).toBe(40.63);
    // 59.375 -> 59.38 (the existing test's own example), 8 respondents, Σ 171
    expect(computeIkm(surveys(8, 171)).ikm).toBe(59.38);
  });

  it("matches hand-computed half-up rounding for every total of 1..40 full surveys", () => {
    const wrong: string[] = [];
    for (let n = 1; n <= 40; n++)
      for (let t = 9 * n; t <= 36 * n; t++) {
        const hundredths = Math.floor((5000 * t + 9 * n) / (18 * n)); // exact integer half-up of 2500·t/(9n)
        const got = computeIkm(surveys(n, t)).ikm!;
        if (Math.round(got * 100) !== hundredths) wrong.push(`n=${n} Σ=${t}: ${got}`);
      }
    expect(wrong).toEqual([]);
  });
});
