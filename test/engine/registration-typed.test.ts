import { describe, expect, it } from "vitest";
import { zerosForOs } from "../../src/domain/records.js";
import { statusParts } from "../../src/engine/engine.js";

describe("a registration number typed on a phone", () => {
  it("reads the letter O among digits as a zero (fresh26: 'rbg-2026-00o123')", () => {
    expect(statusParts("rbg-2026-00o123")).toEqual({ number: "RBG-2026-000123" });
    expect(statusParts("status RBG-2o26-OO0123 hp 7890")).toEqual({ number: "RBG-2026-000123", last4: "7890" });
  });

  it("leaves words with an o alone, and keeps the text's length", () => {
    for (const t of ["ok 10 orang", "halo o", "2026 ok", "no 2 oke"]) expect(zerosForOs(t)).toBe(t);
    expect(zerosForOs("rbg-2026-00o123").length).toBe("rbg-2026-00o123".length);
  });
});
