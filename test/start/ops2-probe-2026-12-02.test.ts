import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startChannels } from "../../src/channels/start.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";

/** Probe (ops2, 2026-12-02), written after the change: a basic group's old id, after Topics were switched on. */
describe("the staff group check, probe (ops2)", () => {
  it("p5: a group Telegram made a supergroup (400 with migrate_to_chat_id): /healthz names the id to set", async () => {
    const emu = await startBotApiEmulator();
    emu.failWith("getChat", 1, 400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: -1009876543210 });
    const loket = await buildLoket(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "loket-ops2p-")), TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_STAFF_CHAT_ID: "-4001234567" }), { logger: pino({ level: "silent" }), sweepEveryMs: false });
    try {
      await startChannels(loket);
      const detail = async () => ((await loket.app.inject({ url: "/healthz" })).json() as { parts: Record<string, { detail?: string }> }).parts.staffGroup?.detail ?? "";
      await expect.poll(detail, { timeout: 10_000 }).toContain("TELEGRAM_STAFF_CHAT_ID=-1009876543210");
    } finally {
      await loket.close();
      await emu.close();
    }
  });
});
