import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/store/sqlite.js";
import { telegramWorld } from "./world.js";

/**
 * What the Telegram path's per-update bookkeeping must keep (perf16, 2026-12-02: the channel's
 * memory of answered updates keyed by number, the answer's mark written by a leaner statement).
 * A citizen expects one answer per message whatever Telegram sends again, in this process or after
 * a restart; an edit's notice once; an operator expects the store's counts in a window to count,
 * read without counting (`by: 0`) and start again once expired.
 */
const SECRET = "perf16-secret";

describe.each(["sqlite", "redis"] as const)("perf16: one answer per Telegram update (webhook mode, %s store)", (store) => {
  let w: Awaited<ReturnType<typeof telegramWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });
  const deliver = async (update: Record<string, unknown>) => {
    const res = await w!.t.loket.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, payload: JSON.stringify(update) });
    expect(res.statusCode).toBe(200);
  };

  it("1. a message Telegram sends twice in a row is answered once", async () => {
    w = await telegramWorld({ store }, { webhookSecret: SECRET, stored: true });
    const chat = store === "sqlite" ? 7611 : 7612;
    const u = w.emu.text(chat, "syarat pbg apa saja");
    await deliver(u);
    await deliver(u);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(chat)).toHaveLength(1);
  });

  it("2. two messages sent at once with the same update id sent twice each: two answers, in order", async () => {
    w = await telegramWorld({ store }, { webhookSecret: SECRET, stored: true });
    const chat = store === "sqlite" ? 7613 : 7614;
    const a = w.emu.text(chat, "halo");
    const b = w.emu.text(chat, "jam buka kantor");
    await Promise.all([deliver(a), deliver(b), deliver(a), deliver(b)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(chat)).toHaveLength(2);
  });

  it("3. an answered message sent again after a restart is not answered again", async () => {
    w = await telegramWorld({ store }, { webhookSecret: SECRET, stored: true });
    const chat = store === "sqlite" ? 7615 : 7616;
    const u = w.emu.text(chat, "biaya pbg berapa?");
    await deliver(u);
    await w.emu.waitForSent(chat, 1);
    await w.restart();
    await deliver(u);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(chat)).toHaveLength(1);
  });

  it("4. an edited message sent twice gets one notice, and again none after a restart", async () => {
    w = await telegramWorld({ store }, { webhookSecret: SECRET, stored: true });
    const chat = store === "sqlite" ? 7617 : 7618;
    const edit = { update_id: 987_650_000 + chat, edited_message: { message_id: 42, date: Math.floor(Date.now() / 1000) - 5, edit_date: Math.floor(Date.now() / 1000), chat: { id: chat, type: "private", first_name: "Warga" }, from: { id: chat, is_bot: false, first_name: "Warga" }, text: "syarat pbg" } };
    await deliver(edit);
    await deliver(edit);
    await w.restart();
    await deliver(edit);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(chat)).toHaveLength(1);
  });
});

describe("perf16: one answer per update without the store's marks (this process's memory alone)", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });
  it("6. a message and an edit each sent twice: one answer and one notice (added after the first run, see the commit)", async () => {
    w = await telegramWorld({}, { webhookSecret: SECRET });
    const chat = 7619;
    const post = async (update: Record<string, unknown>) => {
      const res = await w!.t.loket.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, payload: JSON.stringify(update) });
      expect(res.statusCode).toBe(200);
    };
    const u = w.emu.text(chat, "syarat pbg apa saja");
    await post(u);
    await post(u);
    const edit = { update_id: 987_660_000, edited_message: { message_id: 43, date: Math.floor(Date.now() / 1000) - 5, edit_date: Math.floor(Date.now() / 1000), chat: { id: chat, type: "private", first_name: "Warga" }, from: { id: chat, is_bot: false, first_name: "Warga" }, text: "syarat pbg" } };
    await post(edit);
    await post(edit);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(chat)).toHaveLength(2);
  });
});

describe("perf16: counts in a window on SQLite (a Telegram answer's mark)", () => {
  it("5. counts up, reads without counting, starts again after expiry, and a count of another name is its own", async () => {
    let t = 1_000_000;
    const db = new Database(":memory:");
    const s = createSqliteStore(db, { now: () => new Date(t) });
    try {
      expect(await s.nextSequence("telegram-answered:1", { expireMs: 1000 })).toBe(1);
      expect(await s.nextSequence("telegram-answered:1", { expireMs: 1000, by: 0 })).toBe(1);
      expect(await s.nextSequence("telegram-answered:1", { expireMs: 1000 })).toBe(2);
      expect(await s.nextSequence("telegram-answered:2", { expireMs: 1000, by: 0 })).toBe(0);
      t += 1000;
      expect(await s.nextSequence("telegram-answered:1", { expireMs: 1000, by: 0 })).toBe(0);
      expect(await s.nextSequence("telegram-answered:1", { expireMs: 1000 })).toBe(1);
      const counted = await Promise.all([1, 2, 3].map(() => s.nextSequence("telegram-update:9", { expireMs: 5000 })));
      expect(counted.sort()).toEqual([1, 2, 3]);
    } finally {
      await s.close();
    }
  });
});
