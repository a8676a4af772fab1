import { describe, expect, it } from "vitest";
import { memoize } from "../../src/domain/memo.js";

describe("memoize", () => {
  it("computes a key once, and starts again when the bound is reached", () => {
    const calls: string[] = [];
    const upper = memoize((k) => (calls.push(k), k.toUpperCase()), 2);
    expect([upper("a"), upper("a"), upper("b"), upper("a")]).toEqual(["A", "A", "B", "A"]);
    expect(calls).toEqual(["a", "b"]);
    upper("c"); // the third key empties the memory first
    upper("a");
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});
