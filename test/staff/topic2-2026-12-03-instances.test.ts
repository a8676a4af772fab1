import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startChannels } from "../../src/channels/start.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { startRedisProcess, type RedisProcess, uniquePrefix } from "../support/redis.js";

/**
 * Held-out acceptance (topic2, 2026-12-03), two real Loket instances (two apps, each with its own
 * Telegram pacing as in production) on one redis-server and the Bot API emulator: a case's topic
 * reads in the order things happened, each event once, while the topic's opening is still being
 * posted at the group's pace by the instance that made it.
 */
const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
const GROUP = -1001230000222;
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.stop();
});

async function world() {
  const emu = await startBotApiEmulator();
  const config = loadConfig({
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: uniquePrefix("topic2"),
    DATA_DIR: mkdtempSync(join(tmpdir(), "loket-topic2-")),
    LOG_LEVEL: "silent",
    RATE_LIMIT_BURST: "1000",
    RATE_LIMIT_PER_SECOND: "1000",
    TELEGRAM_BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook",
    TELEGRAM_STAFF_CHAT_ID: String(GROUP),
  });
  const a = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  const b = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  await startChannels(a);
  await startChannels(b);
  await expect.poll(() => emu.calls.filter((c) => c.method === "setWebhook").length, { timeout: 10_000 }).toBe(2);
  const citizen = { channel: "web" as const, conversationId: `web:${crypto.randomUUID()}` };
  await a.runtime.handle({ ...citizen, text: "saya mau tanya izin reklame" });
  await b.runtime.handle({ ...citizen, text: "petugas" });
  await expect.poll(async () => (await a.store.list<HandoffCase>("cases"))[0]?.staffThreadId ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
  const c = (await a.store.list<HandoffCase>("cases"))[0]!;
  const topic = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === c.staffThreadId).map((m) => m.text ?? "");
  const close = async () => {
    await a.close();
    await b.close();
    await emu.close();
  };
  return { emu, a, b, c, citizen, topic, close };
}
const count = (lines: string[], re: RegExp) => lines.filter((t) => re.test(t)).length;
/** Each pattern once, in this order, after the topic's opening (the citizen's "petugas"). */
function inOrder(lines: string[], res: RegExp[]) {
  const all = [/Warga: petugas/, ...res];
  for (const re of all) expect(count(lines, re), String(re)).toBe(1);
  const places = all.map((re) => lines.findIndex((t) => re.test(t)));
  expect(places).toEqual([...places].sort((x, y) => x - y));
}

describe("topic2: two Loket instances post one case's topic", () => {
  it("7. taken on A, answered on B, given back on A at once, while the opening is still being posted", async () => {
    const w = await world();
    try {
      expect((await w.a.staff.take(w.c.id, { username: "budi", role: "staff" })).ok).toBe(true);
      expect((await w.b.staff.reply(w.c.id, { username: "budi", role: "staff" }, "syarat reklame: KTP dan desain")).ok).toBe(true);
      expect((await w.a.staff.giveBack(w.c.id, { username: "budi", role: "staff" })).ok).toBe(true);
      await expect.poll(() => count(w.topic(), /Dikembalikan ke bot/), { timeout: 30_000 }).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 3_000));
      inOrder(w.topic(), [/Diambil oleh budi/, /syarat reklame/, /Dikembalikan ke bot oleh budi/]);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("8. the citizen writes on B while staff on A hold and answer, then close on B", async () => {
    const w = await world();
    try {
      expect((await w.a.staff.take(w.c.id, { username: "sari", role: "staff" })).ok).toBe(true);
      await w.b.runtime.handle({ ...w.citizen, text: "ukuran reklame 2x3 meter" });
      expect((await w.a.staff.reply(w.c.id, { username: "sari", role: "staff" }, "2x3 masuk kategori kecil")).ok).toBe(true);
      expect((await w.b.staff.close(w.c.id, { username: "sari", role: "staff" })).ok).toBe(true);
      await expect.poll(() => count(w.topic(), /Ditutup oleh sari/), { timeout: 30_000 }).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 3_000));
      inOrder(w.topic(), [/Diambil oleh sari/, /reklame 2x3 meter/, /kategori kecil/, /Ditutup oleh sari/]);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("9. two cases at once, one opened on each instance: the group's pace holds for both together (about one message a second), not one a second per instance", async () => {
    const w = await world();
    try {
      const times: number[] = [];
      let seen = w.emu.sentTo(GROUP).length;
      const watch = setInterval(() => {
        const n = w.emu.sentTo(GROUP).length;
        for (; seen < n; seen++) times.push(Date.now());
      }, 10);
      const other = { channel: "web" as const, conversationId: `web:${crypto.randomUUID()}` };
      await w.b.runtime.handle({ ...other, text: "mau tanya izin keramaian" });
      await w.b.runtime.handle({ ...other, text: "petugas" });
      await w.a.runtime.handle({ ...w.citizen, text: "apakah perlu IMB juga" });
      expect((await w.a.staff.take(w.c.id, { username: "budi", role: "staff" })).ok).toBe(true);
      expect((await w.b.staff.reply(w.c.id, { username: "budi", role: "staff" }, "IMB sekarang PBG")).ok).toBe(true);
      await expect.poll(() => w.emu.sentTo(GROUP).filter((m) => /IMB sekarang PBG/.test(m.text ?? "")).length, { timeout: 40_000 }).toBe(1);
      await new Promise((r) => setTimeout(r, 2_000));
      clearInterval(watch);
      expect(times.length).toBeGreaterThanOrEqual(8);
      // Any 3 seconds hold at most 4 of the group's messages (one a second, give or take a window's edge).
      const most = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 3_000).length));
      expect(most).toBeLessThanOrEqual(4);
    } finally {
      await w.close();
    }
  }, 90_000);
});
