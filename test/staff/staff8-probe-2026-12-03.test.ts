import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { TestLoket } from "../support/loket.js";
import { twoTelegramInstances } from "./two-instances.js";

/**
 * Probe, staff8 (2026-12-03), written after the order across instances: a hand-back on the other
 * instance, a turn's replies sent by something that never took their place (a tool), and what the
 * order leaves in Redis (counts that expire, nothing kept for good).
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});
const budi = { username: "budi", role: "staff" as const, displayName: "Budi" };
const between = (fn: (b: TestLoket, c: HandoffCase) => Promise<unknown>, opts?: { unclaimed?: boolean }) => twoTelegramInstances(cleanups, fn, opts);

describe("staff8 probe 2026-12-03", () => {
  it("P1. take and hand back on B while A sends the queue place: the queue place first, the hand-back last", async () => {
    const { emu, texts, b } = await between(async (bb, c) => {
      await bb.loket.staff.take(c.id, budi);
      await bb.loket.staff.giveBack(c.id, budi);
    });
    emu.text(7301, "petugas");
    await expect.poll(async () => (await b.loket.store.list<HandoffCase>("cases")).some((c) => c.status === "returned"), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => texts(7301).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const t = texts(7301);
    expect(t[0]).toMatch(/antrean ke-1/);
    expect(t[1]).toMatch(/melayani/);
  });

  it("P2. A's replies sent without their place (a tool): B's take waits for its place to free itself (about 1 s), not the 10 s limit, and comes after", async () => {
    const { emu, texts } = await between((bb, c) => bb.loket.staff.take(c.id, budi), { unclaimed: true });
    emu.text(7302, "petugas");
    await expect.poll(() => texts(7302).join("\n"), { timeout: 15_000 }).toMatch(/antrean ke-1/);
    const t0 = Date.now();
    await expect.poll(() => texts(7302).join("\n"), { timeout: 15_000 }).toMatch(/melayani/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const t = texts(7302);
    expect(t.findIndex((x) => /antrean/.test(x))).toBeLessThan(t.findIndex((x) => /melayani/.test(x)));
  });

  it("P3. what the order leaves in Redis expires: the count of places within 15 minutes, each 'sent' mark within 2", async () => {
    const { emu, texts, env } = await between((bb, c) => bb.loket.staff.take(c.id, budi));
    emu.text(7303, "petugas");
    await expect.poll(() => texts(7303).join("\n"), { timeout: 15_000 }).toMatch(/melayani/);
    const redis = new Redis(env.REDIS_URL);
    cleanups.push(() => void redis.disconnect());
    await expect.poll(async () => (await redis.keys(`${env.REDIS_KEY_PREFIX}*delivery-sent*`)).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    const places = await redis.keys(`${env.REDIS_KEY_PREFIX}*delivery-place*`);
    expect(places.length).toBe(1);
    const ttl = await redis.pttl(places[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    for (const k of await redis.keys(`${env.REDIS_KEY_PREFIX}*delivery-sent*`)) {
      const left = await redis.pttl(k);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(2 * 60_000);
    }
  });

  it("P4. a citizen who writes again on A right after B's staff reply reads the reply before the bot's answer to the new message", async () => {
    const { emu, texts } = await between((bb, c) => bb.loket.staff.take(c.id, budi));
    emu.text(7304, "petugas");
    await expect.poll(() => texts(7304).join("\n"), { timeout: 15_000 }).toMatch(/melayani/);
    emu.text(7304, "baik pak, terima kasih");
    await new Promise((r) => setTimeout(r, 1_500));
    const before = texts(7304).length;
    expect(texts(7304).slice(0, 2).map((x) => /antrean|melayani/.test(x))).toEqual([true, true]);
    expect(before).toBeGreaterThanOrEqual(2);
  });
});
