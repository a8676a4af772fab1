import { describe, expect, it } from "vitest";
import { cloneData } from "../../src/engine/engine.js";

describe("cloneData (the engine's copy of a state before a step)", () => {
  it("copies deeply: changing the copy never changes the original", () => {
    const original = { v: 1, engine: { stack: [{ flow: "apply", slots: { permit: "pbg", n: 3, docs: { ktp: { sha256: "ab" } } }, trail: ["a"] }], context: {} }, address: undefined, none: null };
    const copy = cloneData(original);
    expect(copy).toEqual(original);
    expect("address" in copy).toBe(true);
    copy.engine.stack[0]!.slots.docs.ktp.sha256 = "changed";
    copy.engine.stack[0]!.trail.push("b");
    copy.engine.stack.push({ flow: "x", slots: {} as never, trail: [] });
    expect(original.engine.stack).toHaveLength(1);
    expect(original.engine.stack[0]!.slots.docs.ktp.sha256).toBe("ab");
    expect(original.engine.stack[0]!.trail).toEqual(["a"]);
  });

  it("returns primitives as they are", () => {
    expect(cloneData("teks")).toBe("teks");
    expect(cloneData(0)).toBe(0);
    expect(cloneData(null)).toBeNull();
    expect(cloneData([1, [2, { a: 3 }]])).toEqual([1, [2, { a: 3 }]]);
  });
});
