import { afterEach, describe, expect, it } from "vitest";
import { expiring } from "../../src/runtime/expiring.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * Probe, perf24 (2026-12-03), written after the change to the delivery places (shared timers, no
 * promise for a place nobody waits behind): the order kept with more than two turns, one
 * conversation's stuck send not holding another's, a failed send giving its place back, an
 * unclaimed place freed on time while other turns keep the shared timer busy, and the timer's
 * entries expiring in order, each at its own time.
 */
const lokets: TestLoket[] = [];
afterEach(async () => {
  for (const t of lokets.splice(0)) await t.close();
});
async function telegram(): Promise<TestLoket> {
  const t = await createTestLoket({ channel: "telegram" });
  lokets.push(t);
  return t;
}
const chat = (n: number) => `telegram:${9_241_000 + n}`;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("perf24 probe 2026-12-03", () => {
  it("P1. three turns claimed last first are still sent first to last", async () => {
    const t = await telegram();
    const turns = [await t.send({ conversationId: chat(1), text: "halo" }), await t.send({ conversationId: chat(1), text: "menu" }), await t.send({ conversationId: chat(1), text: "jam buka" })];
    const order: number[] = [];
    await Promise.all([2, 1, 0].map((i) => t.loket.runtime.inOrder(turns[i]!, async () => void order.push(i))));
    expect(order).toEqual([0, 1, 2]);
  });

  it("P2. a send stuck in one conversation does not hold another conversation's", async () => {
    const t = await telegram();
    const stuck = await t.send({ conversationId: chat(2), text: "halo" });
    void t.loket.runtime.inOrder(stuck, () => new Promise<void>(() => undefined));
    const other = await t.send({ conversationId: chat(3), text: "halo" });
    const asked = Date.now();
    expect(await t.loket.runtime.inOrder(other, async () => Date.now() - asked)).toBeLessThan(500);
  });

  it("P3. a send that fails gives its place back at once", async () => {
    const t = await telegram();
    const first = await t.send({ conversationId: chat(4), text: "halo" });
    const second = await t.send({ conversationId: chat(4), text: "menu" });
    const failed = t.loket.runtime.inOrder(first, async () => {
      throw new Error("Bot API down");
    });
    const asked = Date.now();
    const after = t.loket.runtime.inOrder(second, async () => Date.now() - asked);
    await expect(failed).rejects.toThrow("Bot API down");
    expect(await after).toBeLessThan(500);
  });

  it("P4. an unclaimed place is freed after ~1 s while other conversations' turns keep coming", async () => {
    const t = await telegram();
    await t.send({ conversationId: chat(5), text: "halo" });
    const next = await t.send({ conversationId: chat(5), text: "menu" });
    const asked = Date.now();
    const sent = t.loket.runtime.inOrder(next, async () => Date.now() - asked);
    for (let i = 0; i < 12; i++) {
      await t.loket.runtime.inOrder(await t.send({ conversationId: chat(100 + i), text: "halo" }), async () => undefined);
      await wait(100);
    }
    const after = await sent;
    expect(after).toBeGreaterThan(600);
    expect(after).toBeLessThan(2_500);
  });

  it("P5. the shared timer's entries expire in order, each at its own time; one taken never expires", async () => {
    const gone: string[] = [];
    const started = Date.now();
    const at: Record<string, number> = {};
    const wheel = expiring<string, string>(400, (v) => {
      gone.push(v);
      at[v] = Date.now() - started;
    });
    wheel.add("a", "a");
    await wait(200);
    wheel.add("b", "b");
    wheel.add("c", "c");
    expect(wheel.take("c")).toBe("c");
    await wait(900);
    expect(gone).toEqual(["a", "b"]);
    expect(at.a).toBeGreaterThanOrEqual(390);
    expect(at.b! - at.a!).toBeGreaterThan(100);
    expect(wheel.size).toBe(0);
  });
});
