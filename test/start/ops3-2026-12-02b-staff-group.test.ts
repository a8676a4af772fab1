import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { startChannels } from "../../src/channels/start.js";
import { loadConfig } from "../../src/config.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";

/**
 * Held-out acceptance (ops3, 2026-12-02b): an operator reads one line per staff-group problem, and
 * fixes it in Telegram (adds the bot, makes it an admin) without restarting: Loket sees the fix when
 * Telegram tells it (a my_chat_member update), and sees a group gone wrong when a post is refused.
 * Written before the change; first run on the unchanged code (c465e1e): see the commit message.
 */
const GROUP = -1001234567890;
const BOT_ID = 7000001;

const opened: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close().catch(() => undefined);
});

async function world(prepare?: (emu: BotApiEmulator) => void) {
  const emu = await startBotApiEmulator();
  opened.push(() => emu.close());
  prepare?.(emu);
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(s) });
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "loket-ops3g-")), LOG_LEVEL: "info", TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_STAFF_CHAT_ID: String(GROUP) });
  const loket: Loket = await buildLoket(config, { logger, sweepEveryMs: false });
  opened.push(() => loket.close());
  await startChannels(loket);
  const group = async () => (((await loket.app.inject({ url: "/healthz" })).json()) as { parts: Record<string, { ok: boolean; detail: string }> }).parts.staffGroup!;
  const groupLines = () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; code?: string }).filter((l) => /staff group/i.test(l.msg));
  const settled = async () => {
    await expect.poll(async () => (await group()).detail, { timeout: 10_000 }).not.toMatch(/^checking$/);
    return group();
  };
  /** Telegram's update when the bot's membership in the group changes. */
  const botBecomes = (status: string, extra: Record<string, unknown> = {}) =>
    emu.pushUpdate({
      my_chat_member: {
        chat: { id: GROUP, type: "supergroup", title: "Staf", is_forum: true },
        from: { id: 4242, is_bot: false, first_name: "Admin" },
        date: 1,
        old_chat_member: { user: { id: BOT_ID, is_bot: true, first_name: "Loket" }, status: "member" },
        new_chat_member: { user: { id: BOT_ID, is_bot: true, first_name: "Loket" }, status, ...extra },
      },
    });
  return { emu, loket, lines, group, groupLines, settled, botBecomes };
}

describe("the staff group: one line per problem, seen again when Telegram says it changed (ops3)", () => {
  it("1: a group id the bot is not in: one warning line about the staff group, not a second 'commands not set'", async () => {
    const w = await world((e) => e.setChat(GROUP, { status: 400, description: "Bad Request: chat not found" }));
    expect((await w.settled()).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 800));
    const warned = w.groupLines().filter((l) => l.level >= 40);
    expect(warned.map((l) => l.code)).toEqual(["TELEGRAM_STAFF_GROUP_UNUSABLE"]);
    expect(w.lines.join("\n")).not.toMatch(/commands not set/);
  });
  it("2: the bot is made an admin with Manage topics afterwards: /healthz turns ok without a restart, and an info line says so", async () => {
    const w = await world((e) => e.setBotMember(GROUP, { status: "member" }));
    expect((await w.settled()).ok).toBe(false);
    w.emu.setBotMember(GROUP, { status: "administrator", can_manage_topics: true });
    w.botBecomes("administrator", { can_manage_topics: true });
    await expect.poll(async () => (await w.group()).ok, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => w.groupLines().some((l) => l.level === 30 && /ok/.test(l.msg)), { timeout: 5_000 }).toBe(true);
  });
  it("3: the bot is removed from a group that was fine: /healthz turns not ok, and one warning says so", async () => {
    const w = await world();
    expect((await w.settled()).ok).toBe(true);
    w.emu.setChat(GROUP, { status: 403, description: "Forbidden: bot was kicked from the supergroup chat" });
    w.botBecomes("kicked");
    await expect.poll(async () => (await w.group()).detail, { timeout: 10_000 }).toMatch(/kicked/);
    expect(w.groupLines().filter((l) => l.code === "TELEGRAM_STAFF_GROUP_UNUSABLE")).toHaveLength(1);
  });
  it("4: a hand-off whose topic Telegram refuses (403): the group is checked again and /healthz says why", async () => {
    const w = await world();
    expect((await w.settled()).ok).toBe(true);
    w.emu.setChat(GROUP, { status: 403, description: "Forbidden: bot was kicked from the supergroup chat" });
    w.emu.text(5001, "petugas");
    await expect.poll(async () => (await w.group()).detail, { timeout: 15_000 }).toMatch(/kicked/);
  });
  it("5: a my_chat_member update about another chat (a citizen blocking the bot) checks nothing again", async () => {
    const w = await world();
    expect((await w.settled()).ok).toBe(true);
    const before = w.groupLines().length;
    w.emu.pushUpdate({
      my_chat_member: {
        chat: { id: 5002, type: "private", first_name: "Warga" },
        from: { id: 5002, is_bot: false, first_name: "Warga" },
        date: 1,
        old_chat_member: { user: { id: BOT_ID, is_bot: true, first_name: "Loket" }, status: "member" },
        new_chat_member: { user: { id: BOT_ID, is_bot: true, first_name: "Loket" }, status: "kicked", until_date: 0 },
      },
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(w.groupLines().length).toBe(before);
    expect((await w.group()).ok).toBe(true);
  });
});
