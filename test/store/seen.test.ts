import { describe, expect, it } from "vitest";
import { windowAdd, windowHas, windowMember } from "../../src/store/seen.js";

describe("the dedupe window kept in a conversation's row", () => {
  it("digests ids to 14 characters without clashes over many similar ids", () => {
    const seen = new Set<string>();
    const ids = [
      ...Array.from({ length: 100_000 }, (_, i) => `telegram:${i}`),
      ...Array.from({ length: 50_000 }, (_, i) => `whatsapp:false_62812${String(i).padStart(7, "0")}@c.us_3EB0${i.toString(16).toUpperCase()}`),
      ...Array.from({ length: 50_000 }, (_, i) => `web:${String.fromCharCode(0x4e00 + (i % 2000))}${i}`),
    ];
    for (const id of ids) {
      const m = windowMember(id);
      expect(m).toMatch(/^[0-9a-z]{14}$/);
      seen.add(m);
    }
    expect(seen.size).toBe(ids.length);
    expect(windowMember("telegram:1")).toBe(windowMember("telegram:1"));
  });

  it("keeps the newest ids, at most the window's size, and forgets ids older than `since`", () => {
    const t0 = Date.parse("2026-11-29T00:00:00.000Z");
    let w: string | null = null;
    for (let i = 0; i < 40; i++) w = windowAdd(w, windowMember(`m${i}`), t0 + i, 32);
    expect(w!.split(" ")).toHaveLength(32);
    expect(windowHas(w, windowMember("m39"), t0)).toBe(true);
    expect(windowHas(w, windowMember("m8"), t0)).toBe(true);
    expect(windowHas(w, windowMember("m7"), t0)).toBe(false); // pushed out
    expect(windowHas(w, windowMember("m8"), t0 + 9)).toBe(false); // too old
    expect(windowHas(w, windowMember("m9"), t0 + 9)).toBe(true);
    expect(windowHas(null, windowMember("m9"), 0)).toBe(false);
    expect(windowAdd("", windowMember("x"), t0)).toBe(windowMember("x") + t0.toString(36));
  });
});
