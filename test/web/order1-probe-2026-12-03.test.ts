import { describe, expect, it } from "vitest";
import { webOrderWorlds } from "../support/web-order.js";

/**
 * Probe set order1 (2026-12-03), web side, written after the change (not tuned on): the slow
 * instance is the one without the page's stream, a push of several messages stays whole before
 * the next, and a stream on B sees the same order as one on A.
 */
const { world, slowWeb, committed, order } = webOrderWorlds("order1wp");

describe("order1 probe web 2026-12-03", () => {
  it("WP1. B (without the page's stream) is slow: its push, then one on A right after B's commit, reach the page on A in that order", async () => {
    const w = await world();
    slowWeb(w.b, 300);
    void w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Lambat-B" }], "staff");
    await committed(w.a, w.conversationId, "Lambat-B");
    await w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Cepat-A" }], "system");
    await expect.poll(() => ["Lambat-B", "Cepat-A"].every((x) => w.stream.text().includes(x)), { timeout: 15_000 }).toBe(true);
    const [b1, a1] = order(w.stream.text(), ["Lambat-B", "Cepat-A"]);
    expect(b1).toBeLessThan(a1!);
  });

  it("WP2. a push of two messages on A (slow), then B's: both of A's come first, in their order", async () => {
    const w = await world();
    slowWeb(w.a, 300);
    void w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Dua-pertama" }, { type: "text", text: "Dua-kedua" }], "staff");
    await committed(w.a, w.conversationId, "Dua-kedua");
    await w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Sesudahnya-B" }], "staff");
    await expect.poll(() => ["Dua-pertama", "Dua-kedua", "Sesudahnya-B"].every((x) => w.stream.text().includes(x)), { timeout: 15_000 }).toBe(true);
    const [p1, p2, p3] = order(w.stream.text(), ["Dua-pertama", "Dua-kedua", "Sesudahnya-B"]);
    expect(p1).toBeLessThan(p2!);
    expect(p2).toBeLessThan(p3!);
  });
});
