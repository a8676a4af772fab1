import { describe, expect, it } from "vitest";
import { dayAsked } from "../../src/domain/day-asked.js";

// Friday 4 December 2026.
const today = "2026-12-04";

describe("the day a question about the office is about", () => {
  it("is the one of the clause that asks, not one told beside it", () => {
    expect(dayAsked("sy kerja senin-jumat pak, sabtu ada pelayanan gk? kalo gk bisa gmn ya", today)).toEqual({ from: "2026-12-05", to: "2026-12-05" });
  });
  it("is the one told when the question names none", () => {
    expect(dayAsked("hari sabtu, buka gk?", today)).toEqual({ from: "2026-12-05", to: "2026-12-05" });
    expect(dayAsked("senin-kamis buka jam brp?", today)).toEqual({ from: "2026-12-07", to: "2026-12-10" });
  });
  it("spans two days asked one after the other, when the second is close to the first", () => {
    expect(dayAsked("kamis tgl 10 buka smp jam brp? jumatnya libur kan", today)).toEqual({ from: "2026-12-10", to: "2026-12-11" });
    expect(dayAsked("sabtu buka? senin jam brp buka", today)).toEqual({ from: "2026-12-05", to: "2026-12-07" });
    // a day told after the question, not asked of the office; a second day a week on
    expect(dayAsked("besok buka? sy mau ke sana jumat", today)).toEqual({ from: "2026-12-05", to: "2026-12-05" });
    expect(dayAsked("tgl 7 buka? tgl 20 libur gk", today)).toEqual({ from: "2026-12-07", to: "2026-12-07" });
  });
});
