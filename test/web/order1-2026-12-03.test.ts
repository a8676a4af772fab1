import { describe, expect, it } from "vitest";
import { webOrderWorlds } from "../support/web-order.js";

/**
 * Held-out set order1 (2026-12-03), web side: a web conversation's live events (SSE) reach the
 * page in the order their pushes were committed, also when they are made on two instances on one
 * real Redis. The page's stream is open on A over real HTTP; A's delivery of its push is slowed
 * (its bus publish 300 ms late, as a busy instance's would be) and B pushes right after A's commit.
 * Written before the change and scored on the unchanged code.
 */
const { world, slowWeb, committed, order } = webOrderWorlds("order1w");

describe("order1 held-out web 2026-12-03: live events in commit order across instances", () => {
  it("W1. a status notice pushed on A, then a staff reply on B right after A's commit: the page's stream shows the notice, then the reply", async () => {
    const w = await world();
    slowWeb(w.a, 300);
    void w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Pemberitahuan-satu dari sistem" }], "system");
    await committed(w.a, w.conversationId, "Pemberitahuan-satu dari sistem");
    await w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Balasan-dua dari petugas" }], "staff");
    await expect.poll(() => w.stream.text(), { timeout: 15_000 }).toMatch(/Pemberitahuan-satu[\s\S]*Balasan-dua|Balasan-dua[\s\S]*Pemberitahuan-satu/);
    const [one, two] = order(w.stream.text(), ["Pemberitahuan-satu", "Balasan-dua"]);
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(two!);
  });

  it("W2. three pushes alternating A, B, A (A slow): the page reads them in the order they were committed", async () => {
    const w = await world();
    slowWeb(w.a, 300);
    void w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Urut-1" }], "staff");
    await committed(w.a, w.conversationId, "Urut-1");
    void w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Urut-2" }], "staff");
    await committed(w.a, w.conversationId, "Urut-2");
    void w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Urut-3" }], "staff");
    await expect.poll(() => ["Urut-1", "Urut-2", "Urut-3"].every((x) => w.stream.text().includes(x)), { timeout: 15_000 }).toBe(true);
    const [o1, o2, o3] = order(w.stream.text(), ["Urut-1", "Urut-2", "Urut-3"]);
    expect(o1).toBeLessThan(o2!);
    expect(o2).toBeLessThan(o3!);
  });

  it("W3. a push on B with nothing before it reaches the page at once (under a second)", async () => {
    const w = await world();
    const started = Date.now();
    await w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Sendiri-saja" }], "staff");
    await expect.poll(() => w.stream.text(), { timeout: 5_000, interval: 20 }).toMatch(/Sendiri-saja/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
