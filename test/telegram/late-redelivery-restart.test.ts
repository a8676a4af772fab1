import { join } from "node:path";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { fixtures } from "../support/fixtures.js";
import { plain, telegramWorld } from "./world.js";

/**
 * A Telegram update taken long ago and delivered again after its kept answer expired is answered
 * from the transcript (runtime `lateAnswer`: the turn's own answer, or a notice that it was
 * received). While staff hold the conversation the bot says nothing there: neither its old
 * answer nor the notice reaches a chat a person is answering.
 */
const SECRET = "late-handoff-secret";

describe.each(["sqlite", "redis"] as const)("Telegram: a late redelivery while staff hold the conversation (webhook mode, %s store)", (store) => {
  let w: Awaited<ReturnType<typeof telegramWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  /** Ages the answers kept for a repeat past their 10 minutes (as after Loket was down longer). */
  async function expireKeptReply(chat: number): Promise<void> {
    const config = w!.t.config;
    if (store === "sqlite") {
      const db = new Database(join(config.DATA_DIR, "loket.db"));
      try {
        db.prepare("UPDATE conversations SET reply = json_set(reply, '$.at', 0) WHERE id = ?").run(`telegram:${chat}`);
      } finally {
        db.close();
      }
    } else {
      const redis = new Redis(config.REDIS_URL!);
      try {
        await redis.del(`${config.REDIS_KEY_PREFIX}{c:telegram:${chat}}:reply`);
      } finally {
        redis.disconnect();
      }
    }
  }

  it("a message staff were given (the bot silent), sent again by Telegram after a restart once the citizen wrote more, gets no 'received' notice in the chat staff hold (and one the bot answered before the handoff, nothing again)", async () => {
    w = await telegramWorld({ store }, { webhookSecret: SECRET, stored: true });
    const chat = store === "sqlite" ? 7401 : 7402;
    const deliver = async (update: Record<string, unknown>) => {
      const res = await w!.t.loket.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, payload: JSON.stringify(update) });
      expect(res.statusCode).toBe(200);
    };
    const sent = () => w!.emu.sentTo(chat).length;
    // Answered by the bot, then the citizen asks for a person, and a staff member takes the case.
    const answered = w.emu.text(chat, "biaya pbg berapa?");
    await deliver(answered);
    await w.emu.waitForSent(chat, 1);
    await deliver(w.emu.text(chat, "petugas"));
    await expect.poll(async () => (await w!.t.loket.store.list<HandoffCase>("cases")).length).toBe(1);
    const caseId = (await w.t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    expect((await w.t.loket.staff.take(caseId, { username: "budi", role: "staff", displayName: "Budi" })).ok).toBe(true);
    await expect.poll(async () => (await w!.t.loket.store.peekState(`telegram:${chat}`))?.handoff?.status).toBe("held");
    // Two messages for staff: the bot stays silent.
    await new Promise((r) => setTimeout(r, 300));
    const beforeStaffMessages = sent();
    const forStaff = w.emu.text(chat, "izin saya ditolak, kenapa ya");
    await deliver(forStaff);
    await deliver(w.emu.text(chat, "nomornya PBG-2026-000123"));
    expect(sent()).toBe(beforeStaffMessages);
    // Loket restarts; Telegram sends both old updates again, long after (their kept answers expired).
    await w.restart();
    await expireKeptReply(chat);
    await deliver(forStaff);
    await deliver(answered);
    await new Promise((r) => setTimeout(r, 500));
    const after = w.emu.sentTo(chat).slice(beforeStaffMessages).map(plain);
    expect(after).toEqual([]);
    expect(after.join("\n")).not.toMatch(/sudah kami terima/);
  });
});

describe("Telegram: a late redelivery of a document that was not kept (webhook mode, SQLite store)", () => {
  it("gets the turn's own answer (no document needed now), not the notice that it was received and recorded", async () => {
    const w = await telegramWorld({ store: "sqlite" }, { webhookSecret: SECRET, stored: true, files: "emulator" });
    try {
      const chat = 7403;
      const deliver = async (update: Record<string, unknown>) => {
        const res = await w.t.loket.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, payload: JSON.stringify(update) });
        expect(res.statusCode).toBe(200);
      };
      await deliver(w.emu.text(chat, "halo"));
      await w.emu.waitForSent(chat, 1);
      // A photo nothing asked for: taken (its transcript line rewritten, the file not kept), but its answer never reaches the citizen.
      w.emu.failWith("sendMessage", 1, 400, "Bad Request: message is too long");
      const photo = w.emu.photo(chat, fixtures.jpg);
      await deliver(photo);
      await expect.poll(async () => (await w.t.loket.store.transcript(`telegram:${chat}`)).findLast((l) => l.from === "citizen")?.text).toMatch(/^\[dokumen tidak disimpan\]/);
      expect(w.emu.sentTo(chat)).toHaveLength(1);
      // Loket restarts; Telegram sends the photo again, after its kept answer expired.
      await w.restart();
      const db = new Database(join(w.t.config.DATA_DIR, "loket.db"));
      try {
        db.prepare("UPDATE conversations SET reply = json_set(reply, '$.at', 0) WHERE id = ?").run(`telegram:${chat}`);
      } finally {
        db.close();
      }
      await deliver(photo);
      const [, late] = await w.emu.waitForSent(chat, 2);
      expect(plain(late)).toContain("File ini belum kami simpan");
      expect(plain(late)).not.toMatch(/sudah kami terima dan tercatat/);
    } finally {
      await w.close();
    }
  });
});
