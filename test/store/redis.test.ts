import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStore, redisOptions } from "../../src/store/redis.js";
import type { Store } from "../../src/store/port.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";
import { storeContract } from "./contract.js";

const clients: Redis[] = [];
const prefixes = new WeakMap<Store, string>();
const client = () => {
  const c = new Redis(testRedisUrl(), redisOptions());
  clients.push(c);
  return c;
};
afterAll(() => clients.forEach((c) => c.disconnect()));

storeContract("redis", {
  make: async () => {
    const prefix = uniquePrefix("contract");
    const s = createRedisStore(client(), { prefix });
    prefixes.set(s, prefix);
    return s;
  },
  // A second client and store object: another process/instance seeing the same data.
  reopen: async (old) => createRedisStore(client(), { prefix: prefixes.get(old)! }),
});

describe("redis locks", () => {
  it("frees the lock of a holder that died (never committed) after its TTL", async () => {
    const prefix = uniquePrefix("lockttl");
    const a = createRedisStore(client(), { prefix, lockTtlMs: 300 });
    const b = createRedisStore(client(), { prefix, lockTtlMs: 300 });
    await a.begin("dead"); // instance A dies holding the lock
    const started = Date.now();
    const turn = await b.begin("dead", { waitMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await turn.commit({ transcript: [{ at: "t", from: "citizen", text: "after" }] });
    expect(await b.transcript("dead")).toHaveLength(1);
  });
});
