import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createRedisAuthStore } from "../../src/channels/whatsapp/redis-auth-store.js";
import { startWhatsApp } from "../../src/channels/whatsapp/start.js";
import { createTestLoket, textOf } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/** Chromium processes whose parent is this test process (puppeteer launches the browser as a child). */
function chromiumChildren(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      if (ppid === process.pid && /chrom/i.test(comm)) pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

describe("WhatsApp session on Redis (RemoteAuth store)", () => {
  it("saves, finds, extracts and deletes a session archive byte for byte", async () => {
    const redis = new Redis(testRedisUrl());
    try {
      const dataPath = mkdtempSync(join(tmpdir(), "loket-wa-"));
      const store = createRedisAuthStore(redis, { dataPath, keyPrefix: uniquePrefix("wa") });
      const archive = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)); // binary, with 0x00 bytes
      writeFileSync(join(dataPath, "RemoteAuth-loket.zip"), archive);
      expect(await store.sessionExists({ session: "RemoteAuth-loket" })).toBe(false);
      await store.save({ session: "RemoteAuth-loket" });
      expect(await store.sessionExists({ session: "RemoteAuth-loket" })).toBe(true);
      const out = join(dataPath, "restored.zip");
      await store.extract({ session: "RemoteAuth-loket", path: out });
      expect(existsSync(out)).toBe(true);
      expect(readFileSync(out).equals(archive)).toBe(true);
      await store.delete({ session: "RemoteAuth-loket" });
      expect(await store.sessionExists({ session: "RemoteAuth-loket" })).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});

describe("the real whatsapp-web.js client with Debian's Chromium", () => {
  it("launches the browser, reports that WhatsApp is unreachable, and the web chat keeps working", async () => {
    const t = await createTestLoket({ env: { WHATSAPP_ENABLED: "1", WHATSAPP_ADMIN_TOKEN: "operator-token-1234567890" } });
    const wa = await startWhatsApp(t.config, {
      runtime: t.loket.runtime,
      logger: t.loket.logger,
      messages: t.loket.messages.get("id")!,
      app: t.loket.app,
    });
    try {
      // The real browser was launched...
      await expect.poll(() => chromiumChildren().length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
      // ...and while it tries, the web chat answers.
      expect(textOf(await t.say("syarat imb apa"))).toMatch(/Persyaratan/);
      await expect
        .poll(() => wa.status().state, { timeout: 90_000, interval: 500 })
        .toMatch(/disconnected|failed/);
      expect(wa.status().lastError).toBeTruthy();
      const page = await t.loket.app.inject({ method: "GET", url: "/whatsapp/qr" });
      expect(page.statusCode).toBe(401);
      const ok = await t.loket.app.inject({ method: "GET", url: "/whatsapp/qr?token=operator-token-1234567890" });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toMatch(/disconnected|failed/);
      expect(textOf(await t.say("menu"))).toMatch(/bantu/);
    } finally {
      await wa.stop();
      await t.close();
    }
    // No browser outlives the channel.
    await expect.poll(() => chromiumChildren(), { timeout: 10_000, interval: 100 }).toEqual([]);
  }, 120_000);
});
