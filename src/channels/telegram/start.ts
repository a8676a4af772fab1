import { createHmac } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Bot } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../../config.js";
import type { Runtime } from "../../runtime/port.js";
import type { Messages } from "../../text/messages.js";
import { createTelegramChannel, type TelegramChannel, type TelegramChannelDeps } from "./channel.js";
import { installFloodControl, type FloodControlOptions } from "./flood.js";
import { registerTelegramWebhook } from "./webhook.js";

/** The commands shown in Telegram's menu, in this order; descriptions are `telegram.commands.<name>`. */
export const TELEGRAM_COMMANDS = ["start", "menu", "batal", "petugas", "bantuan"] as const;

export interface StartTelegramDeps {
  bot: Bot;
  runtime: Runtime;
  logger: Logger;
  /** Indonesian messages. */
  messages: Messages;
  /** Loket's HTTP server; the webhook route is mounted on it in webhook mode (before it listens). */
  app: FastifyInstance;
  flood?: FloodControlOptions;
  /** Extra adapter options (tests: typing delay, file fetcher). */
  channel?: Partial<Pick<TelegramChannelDeps, "typingAfterMs" | "files" | "codec">>;
}

export type TelegramConfig = Pick<
  Config,
  "TELEGRAM_API_ROOT" | "TELEGRAM_WEBHOOK_URL" | "TELEGRAM_WEBHOOK_SECRET" | "UPLOAD_MAX_BYTES"
>;

/** A started Telegram channel; `stop()` ends polling (a webhook stays set for the next start). */
export interface StartedTelegram {
  channel: TelegramChannel;
  mode: "polling" | "webhook";
  stop(): Promise<void>;
}

/**
 * What main.ts calls when TELEGRAM_BOT_TOKEN is set: installs flood control on the bot it is
 * handed, creates and registers the adapter, calls getMe, sets the Indonesian commands, then
 * either mounts the webhook route and calls setWebhook (TELEGRAM_WEBHOOK_URL set) or deletes
 * any webhook and starts long polling.
 */
export async function startTelegram(config: TelegramConfig, deps: StartTelegramDeps): Promise<StartedTelegram> {
  const { bot, messages } = deps;
  const log = deps.logger.child({ channel: "telegram" });
  installFloodControl(bot.api, deps.flood);
  const channel = createTelegramChannel({
    bot,
    runtime: deps.runtime,
    logger: deps.logger,
    messages,
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    ...deps.channel,
  });
  deps.runtime.registerChannel(channel);
  await bot.init();
  await bot.api.setMyCommands(
    TELEGRAM_COMMANDS.map((command) => ({ command, description: messages.t(`telegram.commands.${command}`) })),
  );

  if (config.TELEGRAM_WEBHOOK_URL) {
    const secret = config.TELEGRAM_WEBHOOK_SECRET ?? webhookSecretFromToken(bot.token);
    const path = new URL(config.TELEGRAM_WEBHOOK_URL).pathname;
    registerTelegramWebhook(deps.app, { path, secret, channel });
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: secret });
    log.info({ bot: bot.botInfo.username, path }, "telegram webhook set");
    return { channel, mode: "webhook", stop: async () => undefined };
  }
  await bot.api.deleteWebhook();
  channel.startPolling();
  log.info({ bot: bot.botInfo.username }, "telegram long polling started");
  return { channel, mode: "polling", stop: () => channel.stop!() };
}

/**
 * Without TELEGRAM_WEBHOOK_SECRET the secret is derived from the bot token: stable across
 * restarts and instances (all set the same one), unknown to anyone without the token.
 */
export function webhookSecretFromToken(token: string): string {
  return createHmac("sha256", token).update("loket telegram webhook").digest("base64url");
}
