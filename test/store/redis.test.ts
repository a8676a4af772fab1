import { Redis } from "ioredis";
import type { TranscriptEntry } from "../../src/domain/records.js";
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

  it("sends the begins and commits of one pass as one script call; each gets its own answer or error", async () => {
    const redis = client();
    const prefix = uniquePrefix("pass");
    const s = storeOn(prefix, {}, redis);
    await (await s.begin("warm")).commit({ state: sampleState("warm") }); // loads the scripts
    await redis.set(`${prefix}{c:broken}:seen`, "not a sorted set"); // its begin's ZSCORE fails
    await (await s.begin("dup", { dedupeKey: "m1" })).commit({ state: sampleState("dup", "first"), dedupeKey: "m1" });
    const c = counting(redis);
    const begins = await Promise.allSettled(["p1", "broken", "p2", "dup"].map((id) => s.begin(id, { dedupeKey: "m1" })));
    // One call for the four begins, then the failed begin's release and leave (see begin).
    expect(c.names).toEqual(["evalsha", "evalsha", "evalsha"]);
    expect(begins.map((b) => b.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((begins[1] as PromiseRejectedResult).reason).toMatchObject({ code: "STORE_UNAVAILABLE" });
    const [p1, , p2, dup] = begins.map((b) => (b.status === "fulfilled" ? b.value : null));
    expect([p1!.duplicate, p2!.duplicate, dup!.duplicate]).toEqual([false, false, true]);
    expect(dup!.state?.engine.stack[0]?.step).toBe("first");
    await redis.del(`${prefix}{c:p2}:lock`); // p2's lock is lost before its commit
    const commits = await Promise.allSettled([
      p1!.commit({ state: sampleState("p1", "one"), dedupeKey: "m1", transcript: [{ at: "t", from: "citizen", text: "a" }, { at: "t", from: "bot", text: "b" }] }),
      p2!.commit({ state: sampleState("p2", "two"), transcript: [{ at: "t", from: "citizen", text: "c" }] }),
      s.nextSequence("marks", { expireMs: 60_000 }),
    ]);
    expect(c.names.slice(3)).toEqual(["del", "evalsha"]); // one call for the two commits and the count
    expect(commits.map((x) => x.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((commits[1] as PromiseRejectedResult).reason).toMatchObject({ code: "LOCK_TIMEOUT" });
    expect((commits[2] as PromiseFulfilledResult<number>).value).toBe(1);
    expect((await s.peekState("p1"))?.engine.stack[0]?.step).toBe("one");
    expect((await s.transcript("p1")).map((l) => l.text)).toEqual(["a", "b"]);
    expect(await s.peekState("p2")).toBeNull();
    expect(await s.transcript("p2")).toEqual([]);
    await dup!.release();
  });

  it("splits a pass of more than 256 scripts into calls of at most 256, in order", async () => {
    const redis = client();
    const s = storeOn(uniquePrefix("bigpass"), {}, redis);
    await (await s.begin("warm")).commit({ state: sampleState("warm") });
    const c = counting(redis);
    const turns = await Promise.all(Array.from({ length: 300 }, (_, i) => s.begin(`b${i}`)));
    expect(c.names).toEqual(["evalsha", "evalsha"]);
    await Promise.all(turns.map((t, i) => t.commit({ state: sampleState(`b${i}`, `s${i}`) })));
    expect((await s.peekState("b299"))?.engine.stack[0]?.step).toBe("s299");
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

describe("redis store: the answer kept for a retry", () => {
  const replies = [
    { type: "text", text: "Persyaratan PBG:\n1. KTP\n2. Sertifikat tanah" },
    { type: "text", text: "Ada yang lain?", expects: { field: "menu", kind: "choice" as const }, choices: [{ id: "menu.main:requirements", label: "Persyaratan" }, { id: "menu.main:human", label: "Petugas" }], lang: "en" },
  ];
  const lines: TranscriptEntry[] = [
    { at: "2026-11-28T08:00:00.000Z", from: "citizen" as const, text: "syarat pbg" },
    { at: "2026-11-28T08:00:00.000Z", from: "bot" as const, text: replies[0]!.text },
    { at: "2026-11-28T08:00:00.000Z", from: "system" as const, text: "catatan untuk petugas", internal: true },
    { at: "2026-11-28T08:00:00.000Z", from: "bot" as const, text: replies[1]!.text, choices: replies[1]!.choices, expects: replies[1]!.expects, lang: "en" },
  ];
  const earlier: TranscriptEntry[] = [
    { at: "2026-11-28T07:59:00.000Z", from: "citizen" as const, text: "halo" },
    { at: "2026-11-28T07:59:00.000Z", from: "bot" as const, text: "Halo Bapak/Ibu" },
  ];

  it("does not write the answer's text twice when it is the turn's transcript lines; another instance reads it back the same", async () => {
    const prefix = uniquePrefix("reply");
    const redis = client();
    const s = storeOn(prefix, {}, redis);
    await (await s.begin("r", { dedupeKey: "web:m0" })).commit({ state: { v: 1 } as never, transcript: earlier, dedupeKey: "web:m0", reply: { messageId: "m0", replies: [{ type: "text", text: "Halo Bapak/Ibu" }] } });
    await (await s.begin("r", { dedupeKey: "web:m1" })).commit({ state: { v: 1 } as never, transcript: lines, dedupeKey: "web:m1", reply: { messageId: "m1", replies } });
    const raw = (await redis.get(`${prefix}{c:r}:reply`))!;
    expect(raw).not.toContain("Sertifikat tanah");
    expect(JSON.parse(raw)).toEqual({ messageId: "m1", line: 2, n: 4 });
    const again = storeOn(prefix);
    const t = await again.begin("r", { dedupeKey: "web:m1" });
    expect(t.duplicate).toBe(true);
    expect(JSON.stringify(await t.lastReply())).toBe(JSON.stringify({ messageId: "m1", replies }));
    await t.release();
  });

  it("writes the answer whole when the transcript does not say it (fewer or other lines, an empty list of choices); read back the same", async () => {
    const prefix = uniquePrefix("reply");
    const s = storeOn(prefix);
    const cases: [string, Parameters<Awaited<ReturnType<Store["begin"]>>["commit"]>[0]][] = [
      ["fewer", { state: { v: 1 } as never, transcript: lines.slice(0, 2), reply: { messageId: "m1", replies } }],
      ["other", { state: { v: 1 } as never, transcript: [lines[0]!, { ...lines[1]!, text: "lain" }], reply: { messageId: "m1", replies: [replies[0]!] } }],
      ["empty choices", { state: { v: 1 } as never, transcript: lines.slice(0, 2), reply: { messageId: "m1", replies: [{ ...replies[0]!, choices: [] }] } }],
      ["another key order", { state: { v: 1 } as never, transcript: lines, reply: { messageId: "m1", replies: [replies[0]!, { type: "text", text: replies[1]!.text, choices: replies[1]!.choices, expects: replies[1]!.expects, lang: "en" }] } }],
      ["none", { state: { v: 1 } as never, transcript: lines.slice(0, 1), reply: { messageId: "m1", replies: [] } }],
      ["no transcript", { state: { v: 1 } as never, reply: { messageId: "m1", replies } }],
    ];
    for (const [id, batch] of cases) await (await s.begin(id)).commit(batch);
    const again = storeOn(prefix);
    for (const [id, batch] of cases) {
      const t = await again.begin(id);
      expect(JSON.stringify(await t.lastReply()), id).toBe(JSON.stringify(batch.reply));
      await t.release();
    }
  });

  it("reads an answer written whole by earlier versions (the reply key as they wrote it)", async () => {
    const prefix = uniquePrefix("reply");
    const redis = client();
    const s = storeOn(prefix, {}, redis);
    await (await s.begin("old")).commit({ state: { v: 1 } as never, transcript: lines });
    await redis.set(`${prefix}{c:old}:reply`, JSON.stringify({ messageId: "m7", replies }), "PX", 600_000);
    const t = await storeOn(prefix).begin("old");
    expect(JSON.stringify(await t.lastReply())).toBe(JSON.stringify({ messageId: "m7", replies }));
    await t.release();
  });
});
