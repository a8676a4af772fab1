import { describe, expect, it } from "vitest";
import { completeApplication } from "../support/citizen.js";
import { createTestLoket, sendVia, textOf } from "../support/loket.js";
import { startRedisProcess } from "../support/redis.js";

describe("Loket on Redis", () => {
  it("takes a whole application on the Redis store and keeps it across a restart", async () => {
    const t = await createTestLoket({ store: "redis" });
    try {
      await t.say("saya mau mengajukan izin reklame");
      await t.tap("apply.consent:agree");
      await t.say("Siti Rahmawati");
      await t.restart(); // a new process: everything comes from Redis
      expect(textOf(await t.say("3317014508900002"))).toMatch(/Langkah 3 dari/);
      const { number } = await completeApplication(sendVia(t), "bantuan");
      expect(number).toMatch(/^RBG-\d{4}-\d{6}$/);
      expect(await t.loket.store.get("applications", number)).not.toBeNull();
    } finally {
      await t.close();
    }
  });

  it("tells the citizen the service is disturbed while Redis is down, and recovers by itself", async () => {
    const redis = await startRedisProcess();
    const logLines: string[] = [];
    const t = await createTestLoket({ store: "redis", env: { REDIS_URL: redis.url }, logLines });
    try {
      expect(textOf(await t.say("halo"))).toMatch(/Selamat datang/);
      await redis.stop(true);
      const started = Date.now();
      expect(textOf(await t.say("syarat imb apa"))).toMatch(/layanan sedang gangguan/);
      expect(Date.now() - started).toBeLessThan(8000);
      const health = await t.loket.app.inject({ method: "GET", url: "/healthz" });
      expect(health.statusCode).toBe(503);
      await redis.start();
      await expect
        .poll(async () => textOf(await t.say("syarat imb apa")), { timeout: 15_000, interval: 300 })
        .toMatch(/Persyaratan/);
      // The operator reads that it healed.
      await expect.poll(() => logLines.some((l) => l.includes("redis connection restored"))).toBe(true);
    } finally {
      await t.close();
      await redis.stop();
    }
  });

  it("warns at start when Redis would evict keys under memory pressure (applications and cases live there)", async () => {
    const redis = await startRedisProcess();
    const { Redis } = await import("ioredis");
    const admin = new Redis(redis.url);
    await admin.config("SET", "maxmemory-policy", "allkeys-lru");
    admin.disconnect();
    const logLines: string[] = [];
    const t = await createTestLoket({ store: "redis", env: { REDIS_URL: redis.url }, logLines });
    try {
      await expect.poll(() => logLines.find((l) => l.includes("maxmemory-policy evicts keys")) ?? "").toContain('"policy":"allkeys-lru"');
      // This test Redis has no persistence at all: said too.
      await expect.poll(() => logLines.some((l) => l.includes("redis keeps its data only in memory"))).toBe(true);
    } finally {
      await t.close();
      await redis.stop();
    }
  });

  it("says nothing about persistence when Redis writes every change (appendonly yes)", async () => {
    const redis = await startRedisProcess();
    const { Redis } = await import("ioredis");
    const admin = new Redis(redis.url);
    await admin.config("SET", "appendonly", "yes");
    admin.disconnect();
    const logLines: string[] = [];
    const t = await createTestLoket({ store: "redis", env: { REDIS_URL: redis.url }, logLines });
    try {
      await t.say("halo");
      await new Promise((r) => setTimeout(r, 300));
      expect(logLines.filter((l) => /redis keeps its data only in memory|redis saves snapshots only/.test(l))).toEqual([]);
    } finally {
      await t.close();
      await redis.stop();
    }
  });
});
