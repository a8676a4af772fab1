import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryBus, createRedisBus } from "../../src/store/bus.js";
import { createFileStore } from "../../src/store/files.js";
import { createRedisStore, redisOptions } from "../../src/store/redis.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";
import { realisticState, whatsappMessageId } from "./states.js";

const clients: Redis[] = [];
const client = () => {
  const c = new Redis(testRedisUrl(), redisOptions());
  clients.push(c);
  return c;
};
afterAll(() => clients.forEach((c) => c.disconnect()));

const nextMessage = (bus: ReturnType<typeof createMemoryBus>, topic: string) =>
  new Promise<unknown>((resolve) => {
    const off = bus.subscribe(topic, (p) => {
      off();
      resolve(p);
    });
  });

describe("bus", () => {
  it("memory: delivers copies to subscribers of the topic only", async () => {
    const bus = createMemoryBus();
    const got = nextMessage(bus, "conv:a");
    let other = 0;
    bus.subscribe("conv:b", () => other++);
    const payload = { type: "text", text: "hi" };
    await bus.publish("conv:a", payload);
    expect(await got).toEqual(payload);
    expect(await got).not.toBe(payload);
    expect(other).toBe(0);
  });

  it("redis: a message published by one instance reaches another", async () => {
    const prefix = uniquePrefix("bus");
    const a = createRedisBus(client(), client(), { prefix });
    const b = createRedisBus(client(), client(), { prefix });
    const got = nextMessage(b, "staff");
    await new Promise((r) => setTimeout(r, 100)); // let SUBSCRIBE reach the server
    await a.publish("staff", { type: "case_opened", caseId: "x" });
    expect(await got).toEqual({ type: "case_opened", caseId: "x" });
  });
});

describe("file store", () => {
  it("stores by content hash, never by the citizen's name, and deletes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-files-"));
    const files = createFileStore(dir);
    const sha = await files.put(Buffer.from("%PDF-1.4 hello"));
    expect(sha).toMatch(/^[a-f0-9]{64}$/);
    expect(await files.put(Buffer.from("%PDF-1.4 hello"))).toBe(sha);
    expect((await files.get(sha))?.toString()).toBe("%PDF-1.4 hello");
    expect(readdirSync(join(dir, "uploads", sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
    expect(await files.get("../../etc/passwd")).toBeNull();
    await files.delete(sha);
    expect(await files.get(sha)).toBeNull();
  });

  it("removes uploads a crash left half-written once they are old, and nothing else", async () => {
    const { mkdirSync, utimesSync, writeFileSync, existsSync } = await import("node:fs");
    const dir = mkdtempSync(join(tmpdir(), "loket-files-"));
    const files = createFileStore(dir);
    const sha = await files.put(Buffer.from("%PDF-1.4 kept"));
    const folder = join(dir, "uploads", sha.slice(0, 2), sha.slice(2, 4));
    mkdirSync(folder, { recursive: true });
    const old = join(folder, `${"a".repeat(64)}.0123456789ab.tmp`);
    const fresh = join(folder, `${"b".repeat(64)}.0123456789ab.tmp`);
    const other = join(folder, "notes.tmp"); // not a name the store writes
    for (const f of [old, fresh, other]) writeFileSync(f, "half a KTP");
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    utimesSync(old, hoursAgo(2), hoursAgo(2));
    utimesSync(other, hoursAgo(2), hoursAgo(2));
    expect(await files.dropStaleTemp(Date.now() - 3_600_000)).toBe(1);
    expect([existsSync(old), existsSync(fresh), existsSync(other)]).toEqual([false, true, true]);
    expect(await files.get(sha)).not.toBeNull();
    // A store that never had an upload has nothing to sweep.
    expect(await createFileStore(mkdtempSync(join(tmpdir(), "loket-files-"))).dropStaleTemp(Date.now())).toBe(0);
  });

  it("says when a file was last written, and keeps one written again since when asked to", async () => {
    const files = createFileStore(mkdtempSync(join(tmpdir(), "loket-files-")));
    const sha = await files.put(Buffer.from("%PDF-1.4 twice"));
    const first = await files.writtenAt(sha);
    expect(first).toEqual(expect.any(Number));
    expect(await files.writtenAt("0".repeat(64))).toBeNull();
    expect(await files.writtenAt("../../etc/passwd")).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    await files.put(Buffer.from("%PDF-1.4 twice")); // the same bytes sent again, from elsewhere
    expect(await files.writtenAt(sha)).toBeGreaterThan(first!);
    expect(await files.delete(sha, { writtenBefore: first! + 0.001 })).toBe(false);
    expect(await files.get(sha)).not.toBeNull();
  });
});

describe("redis footprint", () => {
  /** MEMORY USAGE of one conversation's keys, transcript excluded (kept records, not conversation state). */
  const footprint = async (redis: Redis, prefix: string, id: string) => {
    let bytes = 0;
    for (const key of await redis.keys(`${prefix}{c:${id}}:*`)) {
      if (key.endsWith(":transcript")) continue;
      bytes += Number(await redis.memory("USAGE", key));
    }
    return bytes;
  };

  it.each(["midForm", "summary"] as const)("keeps an idle conversation (%s, dedupe window full) under 4 KB", async (at) => {
    const redis = client();
    const prefix = uniquePrefix("mem");
    const store = createRedisStore(redis, { prefix });
    const id = "whatsapp:6281234567890@c.us";
    for (let i = 0; i < 60; i++) {
      const dedupeKey = whatsappMessageId(i);
      await (await store.begin(id, { dedupeKey })).commit({ state: realisticState(id, at), dedupeKey });
    }
    expect((await redis.keys(`${prefix}{c:${id}}:*`)).sort()).toEqual([`${prefix}{c:${id}}:seen`, `${prefix}{c:${id}}:state`]); // no lock or queue left
    const bytes = await footprint(redis, prefix, id);
    console.log(`redis MEMORY USAGE per idle conversation (${at}, ${JSON.stringify(realisticState(id, at)).length} B JSON state): ${bytes} B`);
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThanOrEqual(4096);
  });
});
