import { Redis } from "ioredis";
import { afterAll } from "vitest";
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
