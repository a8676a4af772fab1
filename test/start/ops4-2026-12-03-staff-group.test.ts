import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { startChannels } from "../../src/channels/start.js";
import { loadConfig } from "../../src/config.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";

/**
 * Held-out acceptance (ops4, 2026-12-03): the staff group's id changed (Telegram made the basic group
 * a supergroup; every call with the old id is refused with migrate_to_chat_id). The operator reads one
 * line saying what happened and which TELEGRAM_STAFF_CHAT_ID to set. Written before the change.
 */
const OLD = -4001234567;
const NEW = -1009876543210;
const opened: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close().catch(() => undefined);
});

describe("a staff group whose id changed (ops4)", () => {
  it("one warning-or-worse line about the staff group, code TELEGRAM_STAFF_CHAT_MIGRATED, naming the new id to set", async () => {
    const emu = await startBotApiEmulator();
    opened.push(() => emu.close());
    const refuse = { migrate_to_chat_id: NEW };
    emu.failWith("getChat", 5, 400, "Bad Request: group chat was upgraded to a supergroup chat", refuse);
    emu.failWith("setMyCommands", 5, 400, "Bad Request: group chat was upgraded to a supergroup chat", refuse);
    const lines: string[] = [];
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "loket-ops4g-")), LOG_LEVEL: "info", TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_STAFF_CHAT_ID: String(OLD) });
    const loket: Loket = await buildLoket(config, { logger: pino({ level: "info" }, { write: (s: string) => void lines.push(s) }), sweepEveryMs: false });
    opened.push(() => loket.close());
    await startChannels(loket);
    const health = async () => (((await loket.app.inject({ url: "/healthz" })).json()) as { parts: Record<string, { detail: string }> }).parts.staffGroup!.detail;
    await expect.poll(health, { timeout: 10_000 }).toContain(String(NEW));
    await new Promise((r) => setTimeout(r, 800));
    const said = lines.map((l) => JSON.parse(l) as { level: number; msg: string; code?: string }).filter((l) => l.level >= 40 && /staff group|TELEGRAM_STAFF_CHAT_ID|commands/i.test(l.msg));
    expect(said.map((l) => `${l.code} ${l.msg}`)).toEqual([expect.stringMatching(/^TELEGRAM_STAFF_CHAT_MIGRATED /)]);
    expect(said[0]!.msg).toContain(`TELEGRAM_STAFF_CHAT_ID=${NEW}`);
  });
});
