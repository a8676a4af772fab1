import { executionAsyncId } from "node:async_hooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * Held-out set, perf24 (2026-12-03, issue #9): what staff7's delivery place and ops6's reload
 * pinning cost a Telegram turn, and that the order a citizen reads things in is kept. Written before
 * any change and scored on the unchanged code (c630506).
 *
 * Async hooks are on in a process once any AsyncLocalStorage has run: a promise's continuation
 * then has an execution id of its own; with them off it reads 0 (see the probe below). Vitest's
 * workers start with them off (checked in case 1 before Loket is built).
 */
const hooksOn = async (): Promise<boolean> => {
  await null;
  return executionAsyncId() !== 0;
};

const lokets: TestLoket[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of lokets.splice(0)) await t.close();
});

async function telegram(): Promise<TestLoket> {
  const t = await createTestLoket({ channel: "telegram" });
  lokets.push(t);
  return t;
}

const chat = (n: number) => `telegram:${9_240_000 + n}`;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("perf24 held-out 2026-12-03", () => {
  it("1. an operator who never reloads knowledge: Telegram turns and a staff push run with async hooks off", async () => {
    expect(await hooksOn()).toBe(false);
    const t = await telegram();
    const replies = await t.send({ conversationId: chat(1), text: "syarat pbg apa saja" });
    await t.loket.runtime.inOrder(replies, async () => undefined);
    await t.send({ conversationId: chat(1), text: "petugas" });
    expect(await hooksOn()).toBe(false);
  });

  it("2. a Telegram turn in a conversation nobody else is sending to arms no timer of its own (staff7's 1 s claim and 10 s places)", async () => {
    const t = await telegram();
    // The first turn of the process may arm what all turns share.
    await t.loket.runtime.inOrder(await t.send({ conversationId: chat(2), text: "halo" }), async () => undefined);
    const spy = vi.spyOn(globalThis, "setTimeout");
    for (let i = 0; i < 5; i++) {
      const replies = await t.send({ conversationId: chat(20 + i), text: "jam buka kantor" });
      expect(replies.length).toBeGreaterThan(0);
      await t.loket.runtime.inOrder(replies, async () => undefined);
    }
    const placeTimers = spy.mock.calls.filter(([, ms]) => ms === 1_000 || ms === 10_000);
    expect(placeTimers).toHaveLength(0);
  });

  it("3. the citizen reads two turns' replies in the order the turns happened, though the first one's send is slow", async () => {
    const t = await telegram();
    const first = await t.send({ conversationId: chat(3), text: "halo" });
    const second = await t.send({ conversationId: chat(3), text: "menu" });
    const order: string[] = [];
    await Promise.all([
      t.loket.runtime.inOrder(second, async () => void order.push("second")),
      t.loket.runtime.inOrder(first, async () => {
        await wait(300);
        order.push("first");
      }),
    ]);
    expect(order).toEqual(["first", "second"]);
  });

  it("4. replies never sent through inOrder (a tool calling handle) hold the conversation's next delivery about 1 s, not 10", async () => {
    const t = await telegram();
    await t.send({ conversationId: chat(4), text: "halo" });
    const second = await t.send({ conversationId: chat(4), text: "menu" });
    const asked = Date.now();
    const sentAfter = await t.loket.runtime.inOrder(second, async () => Date.now() - asked);
    expect(sentAfter).toBeGreaterThan(600);
    expect(sentAfter).toBeLessThan(2_500);
  });

  it("5. a send that never ends holds the conversation's next delivery at most 10 s after it was placed", async () => {
    const t = await telegram();
    const first = await t.send({ conversationId: chat(5), text: "halo" });
    const second = await t.send({ conversationId: chat(5), text: "menu" });
    void t.loket.runtime.inOrder(first, () => new Promise<void>(() => undefined));
    const asked = Date.now();
    const sentAfter = await t.loket.runtime.inOrder(second, async () => Date.now() - asked);
    expect(sentAfter).toBeGreaterThan(8_000);
    expect(sentAfter).toBeLessThan(12_000);
  }, 20_000);

  it("6. a staff push placed after a citizen's turn reaches the citizen after that turn's replies", async () => {
    const t = await telegram();
    const sent: string[] = [];
    t.loket.runtime.registerChannel({
      name: "telegram",
      send: async (_id, _address, replies) => void sent.push(...replies.map((r) => `push:${r.text}`)),
    });
    const replies = await t.send({ conversationId: chat(6), text: "halo", address: String(9_240_006) });
    const pushed = t.loket.runtime.push(chat(6), [{ text: "Petugas di sini" } as Outbound], "staff", "budi");
    await wait(50);
    await t.loket.runtime.inOrder(replies, async () => void sent.push("turn"));
    await pushed.catch(() => undefined);
    expect(sent[0]).toBe("turn");
  });

  it("7. after the first knowledge reload, turns are pinned to one generation (async hooks on from then)", async () => {
    const t = await telegram();
    const answer = await t.loket.reloadKnowledge("admin");
    expect(JSON.stringify(answer)).not.toMatch(/refused/);
    const replies = await t.send({ conversationId: chat(7), text: "syarat pbg apa saja" });
    await t.loket.runtime.inOrder(replies, async () => undefined);
    expect(await hooksOn()).toBe(true);
  });
});
