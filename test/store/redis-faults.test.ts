import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { StoreError } from "../../src/errors.js";
import { createRedisBus } from "../../src/store/bus.js";
import { createRedisStore, redisOptions } from "../../src/store/redis.js";
import { startRedisProcess } from "../support/redis.js";
import { sampleState } from "./contract.js";

describe("redis store when Redis goes away", () => {
  it("fails fast with STORE_UNAVAILABLE while Redis is down and works again, same objects, when it is back", async () => {
    const server = await startRedisProcess();
    const redis = new Redis(server.url, redisOptions());
    redis.on("error", () => undefined); // main.ts logs these; here they are expected
    const store = createRedisStore(redis);
    try {
      await (await store.begin("c")).commit({ state: sampleState("c") });
      await server.stop(true); // SIGKILL: no goodbye to the client

      for (const op of [() => store.begin("c"), () => store.peekState("c"), () => store.nextSequence("r"), () => store.list("cases")]) {
        const started = Date.now();
        const err = await op().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StoreError);
        expect(err).toMatchObject({ code: "STORE_UNAVAILABLE" });
        expect(Date.now() - started).toBeLessThan(1_000);
      }

      await server.start(); // empty again (no persistence in tests)
      await expect
        .poll(async () => store.nextSequence("r").catch(() => 0), { timeout: 10_000, interval: 100 })
        .toBeGreaterThan(0);
      const t = await store.begin("c");
      expect(t.state).toBeNull();
      await t.commit({ state: sampleState("c", "after") });
      expect((await store.peekState("c"))?.engine.stack[0]?.step).toBe("after");
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it("a begin that timed out while Redis was paused leaves no lock behind when Redis catches up", async () => {
    const server = await startRedisProcess();
    const redis = new Redis(server.url, { ...redisOptions(), commandTimeout: 300 });
    const admin = new Redis(server.url, redisOptions());
    redis.on("error", () => undefined);
    const store = createRedisStore(redis);
    try {
      await redis.ping();
      await admin.call("CLIENT", "PAUSE", "1000", "ALL"); // Redis stops answering for a second
      await expect(store.begin("paused")).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
      await new Promise((r) => setTimeout(r, 1_200)); // it caught up: the begin ran, then the release
      const started = Date.now();
      const turn = await store.begin("paused", { waitMs: 2_000 });
      expect(Date.now() - started).toBeLessThan(1_000); // not the lock's 15 s
      await turn.commit({ state: sampleState("paused") });
    } finally {
      redis.disconnect();
      admin.disconnect();
      await server.stop();
    }
  });

  it("a turn whose commit cannot reach Redis fails with STORE_UNAVAILABLE; its lock frees itself", async () => {
    const server = await startRedisProcess();
    const redis = new Redis(server.url, redisOptions());
    redis.on("error", () => undefined);
    const store = createRedisStore(redis, { lockTtlMs: 500 });
    try {
      const turn = await store.begin("c");
      await server.stop(true);
      await expect(turn.commit({ state: sampleState("c") })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
      await turn.release(); // harmless after a failed commit
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it("the bus delivers again after Redis restarts, including topics subscribed while it was down", async () => {
    const server = await startRedisProcess();
    const clients = [0, 1, 2, 3].map(() => {
      const c = new Redis(server.url, redisOptions());
      c.on("error", () => undefined);
      return c;
    });
    const [a, b] = [createRedisBus(clients[0]!, clients[1]!), createRedisBus(clients[2]!, clients[3]!)];
    try {
      const got: unknown[] = [];
      b.subscribe("before", (p) => got.push(p));
      await server.stop(true);
      b.subscribe("during", (p) => got.push(p));
      await new Promise((r) => setTimeout(r, 300));
      await server.start();
      await expect
        .poll(
          async () => {
            await a.publish("before", 1).catch(() => undefined);
            await a.publish("during", 2).catch(() => undefined);
            return new Set(got).size;
          },
          { timeout: 10_000, interval: 200 },
        )
        .toBe(2);
    } finally {
      await a.close();
      await b.close();
      clients.forEach((c) => c.disconnect());
      await server.stop();
    }
  });
  // ioredis 5.8.2+ writes a SUBSCRIBE sent while the connection is opening before its ready check
  // (INFO), which it then refuses in subscriber mode: the connection drops and reconnects (ioredis
  // issue #2037). A chat page or staff console opening its event stream at that moment did it.
  it("a subscription made while the connection is opening neither fails the ready check nor is lost", async () => {
    const server = await startRedisProcess();
    const pub = new Redis(server.url, redisOptions());
    const sub = new Redis(server.url, redisOptions());
    const errors: string[] = [];
    for (const c of [pub, sub]) c.on("error", (e: Error) => errors.push(e.message));
    const bus = createRedisBus(pub, sub);
    try {
      const got: unknown[] = [];
      bus.subscribe("early", (p) => got.push(p));
      sub.once("connect", () => bus.subscribe("opening", (p) => got.push(p)));
      await expect
        .poll(
          async () => {
            await bus.publish("early", 1);
            await bus.publish("opening", 2);
            return new Set(got).size;
          },
          { timeout: 5_000, interval: 100 },
        )
        .toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await bus.close();
      pub.disconnect();
      sub.disconnect();
      await server.stop();
    }
  });
  /**
   * A bus on its own Redis, subscribed to "kept" and "gone" (both confirmed by Redis); `leave`
   * unsubscribes "gone" at the moment the test makes, then "gone" must never come back.
   */
  async function leaveTopic(leave: (ctx: { server: Awaited<ReturnType<typeof startRedisProcess>>; sub: Redis; off: () => void }) => Promise<void>): Promise<void> {
    const server = await startRedisProcess();
    const [pub, sub] = [0, 1].map(() => {
      const c = new Redis(server.url, redisOptions());
      c.on("error", () => undefined);
      return c;
    }) as [Redis, Redis];
    const bus = createRedisBus(pub, sub, { prefix: "p:" });
    const channels = async () => ((await pub.call("PUBSUB", "CHANNELS", "p:*")) as string[]).sort();
    try {
      bus.subscribe("kept", () => undefined);
      const off = bus.subscribe("gone", () => undefined);
      await expect.poll(channels, { timeout: 5_000, interval: 50 }).toEqual(["p:gone", "p:kept"]);
      await leave({ server, sub, off });
      await expect.poll(() => channels().catch(() => []), { timeout: 10_000, interval: 100 }).toEqual(["p:kept"]);
      await new Promise((r) => setTimeout(r, 300));
      expect(await channels()).toEqual(["p:kept"]);
    } finally {
      await bus.close();
      pub.disconnect();
      sub.disconnect();
      await server.stop();
    }
  }

  it("a topic left just as the connection drops (still 'ready', its unsubscribe lost) is not subscribed again at the reconnect", async () => {
    await leaveTopic(async ({ sub, off }) => {
      // The socket goes; ioredis learns it a moment later, so the bus still sees "ready".
      (sub as unknown as { stream: { destroy(): void } }).stream.destroy();
      expect(sub.status).toBe("ready");
      off();
      await expect.poll(() => sub.status, { timeout: 5_000, interval: 20 }).not.toBe("ready");
      await expect.poll(() => sub.status, { timeout: 5_000, interval: 20 }).toBe("ready");
    });
  });

  it("a topic left while Redis is away is not subscribed again when it comes back", async () => {
    await leaveTopic(async ({ server, off }) => {
      await server.stop(true);
      off();
      await server.start();
    });
  });
});
