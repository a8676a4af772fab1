import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegram } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import { loadConfig } from "../../src/config.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket } from "../support/loket.js";

/**
 * Many tutorials put the bot token in the webhook's path (https://host/telegram/<token>), so an
 * operator's TELEGRAM_WEBHOOK_URL may hold it. The token must not reach the log through it: not in
 * "telegram webhook set", not in the refusal of such a URL written with http://.
 */
describe("a bot token in TELEGRAM_WEBHOOK_URL", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  it("is not logged when the webhook is set", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const logLines: string[] = [];
    const t = await createTestLoket({ logLines });
    closers.push(() => t.close());
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    const config = { TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES, TELEGRAM_WEBHOOK_URL: `https://loket.example.go.id/telegram/${emu.token}`, TELEGRAM_WEBHOOK_SECRET: "s3cret" };
    const started = await startTelegram(config as never, { bot, runtime: t.loket.runtime, logger: t.loket.logger, messages: t.loket.messages.get("id")!, app: t.loket.app, flood: UNLIMITED });
    closers.push(() => started.stop());
    const set = logLines.find((l) => l.includes("telegram webhook set"));
    expect(set).toBeDefined();
    const secret = emu.token.split(":")[1]!;
    expect(logLines.join("\n")).not.toContain(secret);
  });

  it("is not printed when such a URL is refused", () => {
    const token = "123456:AAF-secret_part-of-the-token";
    let said = "";
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: `http://loket.example.go.id/tg/${token}` });
    } catch (err) {
      said = (err as Error).message;
    }
    expect(said).toMatch(/TELEGRAM_WEBHOOK_URL=.*must start with https:\/\//);
    expect(said).not.toContain("secret_part");
  });
});
