import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeIkm, ikmCsv, ikmGrade, SKM_ELEMENTS, type SurveyRecord } from "../../src/staff/skm.js";

const survey = (at: string, scores: number[] | Record<string, number>, id = at): SurveyRecord => ({
  id,
  at,
  answers: Array.isArray(scores) ? Object.fromEntries(scores.map((v, i) => [`u${i + 1}`, v])) : scores,
  subject: {},
});

describe("IKM per PermenPANRB 14/2017", () => {
  it("computes NRR per element, the mean of NRRs and IKM = index × 25", () => {
    const r = computeIkm([
      survey("2026-03-02T03:00:00Z", [4, 4, 3, 3, 4, 4, 4, 3, 3]),
      survey("2026-03-03T03:00:00Z", [3, 4, 3, 2, 4, 3, 4, 3, 4]),
    ]);
    expect(r.respondents).toBe(2);
    expect(r.elements.map((e) => e.nrr)).toEqual([3.5, 4, 3, 2.5, 4, 3.5, 4, 3, 3.5]);
    // Shortcut: Σ all scores / (n × 9) × 25 = 62 / 18 × 25 = 86.111…
    expect(r.ikm).toBe(86.11);
    expect(r.index).toBe(3.4444);
    expect(r.grade).toBe("B");
    expect(r.label).toBe("Baik");
  });

  it("matches the shortcut Σ/(n×9)×25 for any complete set of surveys", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 9, maxLength: 9 }), { minLength: 1, maxLength: 40 }), (rows) => {
        const r = computeIkm(rows.map((s, i) => survey(`2026-01-01T00:00:${String(i).padStart(2, "0")}Z`, s)));
        const total = rows.flat().reduce((a, b) => a + b, 0);
        // IKM is reported to 2 decimals: at most half a hundredth from the exact shortcut (59.375 -> 59.38).
        expect(Math.abs(r.ikm! - (total / (rows.length * 9)) * 25)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(r.ikm!).toBeGreaterThanOrEqual(25);
        expect(r.ikm!).toBeLessThanOrEqual(100);
      }),
    );
  });

  it("grades on the regulation's bands, at their edges", () => {
    expect(ikmGrade(100).grade).toBe("A");
    expect(ikmGrade(88.31).grade).toBe("A");
    expect(ikmGrade(88.3).grade).toBe("B");
    expect(ikmGrade(76.61).grade).toBe("B");
    expect(ikmGrade(76.6).grade).toBe("C");
    expect(ikmGrade(65).grade).toBe("C");
    expect(ikmGrade(64.99).grade).toBe("D");
    expect(ikmGrade(25)).toEqual({ grade: "D", label: "Tidak Baik" });
    expect(ikmGrade(90.25)).toEqual({ grade: "A", label: "Sangat Baik" });
  });

  it("filters the period by the Asia/Jakarta date and reports no grade without data", () => {
    const all = [
      // 2026-03-31 23:30 in Jakarta
      survey("2026-03-31T16:30:00Z", [1, 1, 1, 1, 1, 1, 1, 1, 1]),
      // 2026-04-01 00:30 in Jakarta (still March 31 in UTC)
      survey("2026-03-31T17:30:00Z", [4, 4, 4, 4, 4, 4, 4, 4, 4]),
    ];
    const april = computeIkm(all, { from: "2026-04-01", to: "2026-04-30" });
    expect(april.respondents).toBe(1);
    expect(april.ikm).toBe(100);
    const march = computeIkm(all, { from: "2026-03-01", to: "2026-03-31" });
    expect(march.ikm).toBe(25);
    expect(march.grade).toBe("D");
    const none = computeIkm(all, { from: "2027-01-01" });
    expect(none).toMatchObject({ respondents: 0, ikm: null, grade: null, index: null });
    expect(none.elements.every((e) => e.nrr === null)).toBe(true);
  });

  it("averages an element over those who rated it and ignores values off the scale", () => {
    const r = computeIkm([survey("2026-01-01T00:00:00Z", { u1: 4, u2: 9, u3: 0 }), survey("2026-01-02T00:00:00Z", { u1: 2, u2: 3 })]);
    expect(r.elements[0]).toMatchObject({ respondents: 2, nrr: 3 });
    expect(r.elements[1]).toMatchObject({ respondents: 1, nrr: 3 });
    expect(r.elements[2]).toMatchObject({ respondents: 0, nrr: null });
    expect(r.ikm).toBe(75);
  });

  it("exports CSV with one row per element and the totals", () => {
    const csv = ikmCsv(computeIkm([survey("2026-01-01T00:00:00Z", [4, 4, 4, 4, 4, 4, 4, 4, 4])], { from: "2026-01-01", to: "2026-01-31" }));
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(2 + SKM_ELEMENTS.length + 2);
    expect(lines[0]).toBe("periode_dari,2026-01-01,periode_sampai,2026-01-31");
    expect(lines[3]).toBe('u2,"Sistem, Mekanisme, dan Prosedur",1,4,100');
    expect(lines.at(-2)).toBe("total,IKM,1,4,100");
    expect(lines.at(-1)).toBe("mutu,A,kinerja,Sangat Baik");
  });
});
