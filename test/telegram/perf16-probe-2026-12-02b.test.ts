import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/store/sqlite.js";
import { telegramWorld } from "./world.js";

/**
 * perf16's probe, written after the change: update ids as numbers beyond 32 bits, a button tap
 * sent twice, a redelivery after a restart on the embedded store, and the counters without a
 * window (registration numbers) untouched by the leaner count statement.
 */
const SECRET = "perf16-probe";

describe("perf16 probe (webhook mode, SQLite store)", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });
  const deliver = async (update: Record<string, unknown>) => {
    const res = await w!.t.loket.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, payload: JSON.stringify(update) });
    expect(res.statusCode).toBe(200);
  };

  it("P1. an update id beyond 2^32 sent twice is answered once", async () => {
    w = await telegramWorld({}, { webhookSecret: SECRET, stored: true });
    const chat = 7631;
    const u = { ...w.emu.text(chat, "jam buka kantor"), update_id: 9_007_199_254 };
    await deliver(u);
    await deliver(u);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(chat)).toHaveLength(1);
  });

  it("P2. a button tap Telegram sends twice is taken once", async () => {
    w = await telegramWorld({}, { webhookSecret: SECRET, stored: true });
    const chat = 7632;
    await deliver(w.emu.text(chat, "menu"));
    await w.emu.waitForSent(chat, 1);
    const data = w.emu.sentTo(chat)[0]!.reply_markup?.inline_keyboard?.[0]?.[0]?.callback_data;
    expect(data).toBeTruthy();
    const tap = w.emu.tap(chat, data!, w.emu.sentTo(chat)[0]!.message_id);
    await deliver(tap);
    await deliver(tap);
    await new Promise((r) => setTimeout(r, 400));
    expect(w.emu.sentTo(chat)).toHaveLength(2);
  });

  it("P3. two answered updates sent again after a restart: neither answered again, a new one answered", async () => {
    w = await telegramWorld({}, { webhookSecret: SECRET, stored: true });
    const chat = 7633;
    const a = w.emu.text(chat, "syarat nib apa");
    const b = w.emu.text(chat, "terima kasih");
    await deliver(a);
    await deliver(b);
    await w.emu.waitForSent(chat, 2);
    await w.restart();
    await deliver(b);
    await deliver(a);
    await deliver(w.emu.text(chat, "halo"));
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(chat)).toHaveLength(3);
  });
});

describe("perf16 probe: the embedded store's counters", () => {
  it("P4. a counter without a window counts on beside counts in a window of the same name", async () => {
    let t = 5_000_000;
    const s = createSqliteStore(new Database(":memory:"), { now: () => new Date(t) });
    try {
      expect(await s.nextSequence("reg:pbg")).toBe(1);
      expect(await s.nextSequence("reg:pbg", { expireMs: 10, by: 3 })).toBe(3);
      expect(await s.nextSequence("reg:pbg")).toBe(2);
      t += 5;
      expect(await s.nextSequence("reg:pbg", { expireMs: 10, by: 2 })).toBe(5);
      t += 20;
      expect(await s.nextSequence("reg:pbg", { expireMs: 10, by: 0 })).toBe(0);
    } finally {
      await s.close();
    }
  });
});
