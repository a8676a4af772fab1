/** The Telegram channel: see docs/telegram.md. */
export { createBotApiFetch, createTelegramBot } from "./fetch.js";
export { createTelegramChannel, type TelegramChannel, type TelegramChannelDeps } from "./channel.js";
export { createPacer, installFloodControl, UNLIMITED, type FloodControlOptions, type Rate } from "./flood.js";
export { registerTelegramWebhook, type TelegramWebhookOptions } from "./webhook.js";
export { prepareTelegram, startTelegram, startTelegramInBackground, webhookSecretFromToken, TELEGRAM_COMMANDS, type StartTelegramDeps, type StartedTelegram } from "./start.js";
export { telegramConversationId } from "./inbound.js";
