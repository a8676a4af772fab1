import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { StoreError } from "../../src/errors.js";
import { createRedisStore, redisOptions, type RedisStoreOptions } from "../../src/store/redis.js";
import type { Store } from "../../src/store/port.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";
import { sampleState, storeContract } from "./contract.js";

const clients: Redis[] = [];
const prefixes = new WeakMap<Store, string>();
const client = () => {
  const c = new Redis(testRedisUrl(), redisOptions());
  clients.push(c);
  return c;
};
afterAll(() => clients.forEach((c) => c.disconnect()));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A store on its own client, remembered by prefix so a sibling can share its data. */
const storeOn = (prefix: string, opts: RedisStoreOptions = {}, redis = client()) => {
  const s = createRedisStore(redis, { prefix, ...opts });
  prefixes.set(s, prefix);
  return s;
};

storeContract("redis", {
  make: async () => storeOn(uniquePrefix("contract")),
  // A second client and store object: another process/instance seeing the same data.
  reopen: async (old) => storeOn(prefixes.get(old)!),
  sibling: async (of) => storeOn(prefixes.get(of)!),
  withTtl: async (ttlMs) => ({ store: storeOn(uniquePrefix("ttl"), { conversationTtlDays: ttlMs / 86_400_000 }), pass: sleep }),
});

/** Counts the commands a client sends (each is one round trip: auto-pipelining is off). */
function counting(redis: Redis): { count: () => number; names: string[] } {
  const names: string[] = [];
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((cmd: { name: string }, ...rest: unknown[]) => {
    names.push(cmd.name);
    return (send as (...a: unknown[]) => unknown)(cmd, ...rest);
  }) as typeof redis.sendCommand;
  return { count: () => names.length, names };
}

describe("redis store", () => {
  it("costs one round trip per begin and one per commit when uncontended", async () => {
    const redis = client();
    const s = storeOn(uniquePrefix("rtt"), {}, redis);
    await (await s.begin("warm")).commit({ state: sampleState("warm") }); // loads the scripts
    const c = counting(redis);
    const t = await s.begin("c1", { dedupeKey: "web:m1" });
    expect(c.count()).toBe(1);
    await t.commit({
      state: sampleState("c1"),
      dedupeKey: "web:m1",
      transcript: [{ at: "t", from: "citizen", text: "a" }, { at: "t", from: "bot", text: "b" }],
      puts: [
        { collection: "applications", key: "RBG-2026-000001", value: { n: 1 } },
        { collection: "cases", key: "case-1", value: { id: "case-1" } },
      ],
    });
    expect(c.count()).toBe(2);
    expect(c.names).toEqual(["evalsha", "evalsha"]);
  });

  it("frees the lock of a holder that died (never committed) after its TTL", async () => {
    const prefix = uniquePrefix("lockttl");
    const a = storeOn(prefix, { lockTtlMs: 300 });
    const b = storeOn(prefix, { lockTtlMs: 300 });
    await a.begin("dead"); // instance A dies holding the lock
    const started = Date.now();
    const turn = await b.begin("dead", { waitMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await turn.commit({ transcript: [{ at: "t", from: "citizen", text: "after" }] });
    expect(await b.transcript("dead")).toHaveLength(1);
  });

  it("refuses the commit of a turn whose lock expired and was taken: nothing of it is written", async () => {
    const prefix = uniquePrefix("lost");
    const a = storeOn(prefix, { lockTtlMs: 200 });
    const b = storeOn(prefix, { lockTtlMs: 200 });
    const slow = await a.begin("c");
    await sleep(300);
    const fast = await b.begin("c", { waitMs: 1_000 });
    const late = slow.commit({ state: sampleState("c", "slow"), puts: [{ collection: "applications", key: "SLOW", value: {} }] });
    await expect(late).rejects.toBeInstanceOf(StoreError);
    await expect(late).rejects.toMatchObject({ code: "LOCK_TIMEOUT" });
    await fast.commit({ state: sampleState("c", "fast") });
    expect((await a.peekState("c"))?.engine.stack[0]?.step).toBe("fast");
    expect(await a.get("applications", "SLOW")).toBeNull();
  });

  it("a waiter that gives up leaves the line at once; one that died loses its place after it goes stale", async () => {
    const prefix = uniquePrefix("line");
    const opts = { waiterStaleMs: 400 };
    const a = storeOn(prefix, opts);
    const held = await a.begin("q");
    await expect(storeOn(prefix, opts).begin("q", { waitMs: 50 })).rejects.toMatchObject({ code: "LOCK_TIMEOUT" });
    // A waiter whose instance loses Redis for good (here: its client is cut off while it waits).
    const doomedClient = client();
    const doomed = storeOn(prefix, opts, doomedClient).begin("q", { waitMs: 10_000 });
    await sleep(50);
    doomedClient.disconnect();
    await expect(doomed).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    const next = storeOn(prefix, opts).begin("q", { waitMs: 5_000 });
    await sleep(20);
    await held.release();
    const started = Date.now();
    const t = await next;
    expect(Date.now() - started).toBeLessThan(1_500); // the dead waiter blocked for at most ~400 ms
    await t.release();
    expect(await client().exists(`${prefix}{c:q}:queue`, `${prefix}{c:q}:beats`)).toBe(0);
  });

  it("keeps state with a TTL and the transcript and records without one", async () => {
    const redis = client();
    const prefix = uniquePrefix("ttlkeys");
    const s = storeOn(prefix, {}, redis);
    await (await s.begin("c", { dedupeKey: "web:1" })).commit({
      state: sampleState("c"),
      dedupeKey: "web:1",
      transcript: [{ at: "t", from: "citizen", text: "x" }],
      puts: [{ collection: "applications", key: "A", value: {} }],
    });
    const day = 86_400_000;
    expect(await redis.pttl(`${prefix}{c:c}:state`)).toBeGreaterThan(29.9 * day);
    expect(await redis.pttl(`${prefix}{c:c}:seen`)).toBeGreaterThan(29.9 * day);
    expect(await redis.pttl(`${prefix}{c:c}:transcript`)).toBe(-1);
    expect(await redis.pttl(`${prefix}rec:applications`)).toBe(-1);
    expect(await redis.exists(`${prefix}{c:c}:lock`)).toBe(0);
  });

  it("forgets message ids beyond the window or older than the dedupe TTL", async () => {
    let t = Date.parse("2026-11-28T08:00:00Z");
    const s = storeOn(uniquePrefix("window"), { dedupeWindow: 3, dedupeTtlDays: 1, now: () => new Date(t) });
    for (const m of ["m1", "m2", "m3", "m4"]) await (await s.begin("c", { dedupeKey: m })).commit({ dedupeKey: m });
    const dup = async (m: string) => {
      const turn = await s.begin("c", { dedupeKey: m });
      await turn.release();
      return turn.duplicate;
    };
    expect(await dup("m1")).toBe(false); // pushed out by m4
    expect(await dup("m2")).toBe(true);
    t += 86_400_000 + 1_000;
    expect(await dup("m4")).toBe(false);
  });
});
