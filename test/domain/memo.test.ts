import { describe, expect, it } from "vitest";
import { coalesced, memoize } from "../../src/domain/memo.js";

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

  it("remembers an undefined result too, and a falsy one", () => {
    let calls = 0;
    const f = memoize((k) => (calls++, k === "none" ? undefined : k === "zero" ? 0 : k.length), 10);
    expect([f("none"), f("none"), f("zero"), f("zero"), f("ab"), f("ab")]).toEqual([undefined, undefined, 0, 0, 2, 2]);
    expect(calls).toBe(3);
  });
});

describe("coalesced", () => {
  it("serves callers that come during a read with one further read, never with data read before they came", async () => {
    let value = 0;
    let reads = 0;
    const gates: (() => void)[] = [];
    const read = coalesced(async () => {
      reads++;
      const seen = value;
      await new Promise<void>((r) => gates.push(r));
      return seen;
    });
    const first = read();
    value = 1; // stored after the first read began
    const during = [read(), read(), read()];
    expect(reads).toBe(1);
    gates.shift()!();
    expect(await first).toBe(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(reads).toBe(2); // the three share one read, begun after the first ended
    gates.shift()!();
    expect(await Promise.all(during)).toEqual([1, 1, 1]);
    // Idle again: the next caller reads afresh.
    value = 2;
    const later = read();
    gates.shift()!();
    expect(await later).toBe(2);
    expect(reads).toBe(3);
  });

  it("a failed read fails its callers only; those waiting for the next read still get it", async () => {
    let fail = true;
    let release: () => void = () => undefined;
    const read = coalesced(async () => {
      if (fail) {
        await new Promise<void>((r) => (release = r));
        throw new Error("store away");
      }
      return "ok";
    });
    const first = read();
    const next = read();
    fail = false;
    release();
    await expect(first).rejects.toThrow("store away");
    await expect(next).resolves.toBe("ok");
  });
});
