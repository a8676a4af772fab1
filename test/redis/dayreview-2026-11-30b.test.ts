import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startChannels } from "../../src/channels/start.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";

const quiet = pino({ level: "silent" });

/** Where the Redis review and the Telegram review of 2026-11-30 meet (day review, second round). */
describe("day review 2026-11-30b (redis): Telegram staff group", () => {
  it("a case whose topic staff deleted gets a new one, and the claim on that replacement expires like the topic's own claim (no key kept forever per deleted topic)", async () => {
    const emu = await startBotApiEmulator();
    const config = loadConfig({
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: uniquePrefix("dayreview"),
      DATA_DIR: mkdtempSync(join(tmpdir(), "loket-dayreview-")),
      LOG_LEVEL: "silent",
      TELEGRAM_BOT_TOKEN: emu.token,
      TELEGRAM_API_ROOT: emu.apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook",
      TELEGRAM_STAFF_CHAT_ID: "-1001234567890",
    });
    const a = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
    const redis = new Redis(testRedisUrl());
    try {
      await startChannels(a);
      const citizen = { channel: "web" as const, conversationId: "web:topic-deleted-claim" };
      await a.runtime.handle({ ...citizen, text: "petugas" });
      await expect.poll(async () => (await a.store.list<HandoffCase>("cases"))[0]?.staffThreadId ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      const caseId = (await a.store.list<HandoffCase>("cases"))[0]!.id;
      const thread = (await a.store.get<HandoffCase>("cases", caseId))!.staffThreadId!;
      emu.deleteThread(thread);
      await a.runtime.handle({ ...citizen, text: "halo, apakah ada petugas?" });
      await expect.poll(async () => (await a.store.get<HandoffCase>("cases", caseId))?.staffThreadId, { timeout: 10_000 }).not.toBe(thread);
      const prefix = config.REDIS_KEY_PREFIX;
      const claims = (await redis.keys(`${prefix}seq:staff-topic:*`)).map((k) => k.slice(prefix.length));
      expect(claims).toContain(`seq:staff-topic:${caseId}:${thread}`);
      for (const key of claims) expect({ key, expires: (await redis.pttl(prefix + key)) > 0 }).toEqual({ key, expires: true });
    } finally {
      redis.disconnect();
      await a.close();
      await emu.close();
    }
  }, 30_000);
  it("a staff reply made on an instance without Telegram (the console behind the load balancer) that the citizen's Telegram refuses (bot blocked) is noted in the case, as docs/staff.md says, not only logged on the Telegram instance", async () => {
    const emu = await startBotApiEmulator();
    const base = {
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: uniquePrefix("dayreview"),
      DATA_DIR: mkdtempSync(join(tmpdir(), "loket-dayreview-")),
      LOG_LEVEL: "silent",
    };
    // Long polling runs on one instance (A); B serves the console.
    const a = await buildLoket(loadConfig({ ...base, TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot }), { logger: quiet, sweepEveryMs: false });
    const b = await buildLoket(loadConfig(base), { logger: quiet, sweepEveryMs: false });
    try {
      await startChannels(a);
      emu.text(6001, "petugas");
      await expect.poll(async () => (await b.store.list<HandoffCase>("cases")).length, { timeout: 10_000 }).toBe(1);
      const caseId = (await b.store.list<HandoffCase>("cases"))[0]!.id;
      await emu.waitForSent(6001, 1);
      emu.refuseChat(6001, 403, "Forbidden: bot was blocked by the user");
      const r = await b.staff.reply(caseId, { username: "andi", role: "staff" } as never, "Baik Bu, kami cek dulu");
      expect(r.ok).toBe(true);
      await expect.poll(async () => (await b.store.transcript("telegram:6001")).some((l) => l.internal && /tidak sampai ke warga/.test(l.text)), { timeout: 10_000 }).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await emu.close();
    }
  }, 30_000);
});
