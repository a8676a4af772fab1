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
});
