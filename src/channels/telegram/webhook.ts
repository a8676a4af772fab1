import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TelegramChannel } from "./channel.js";

export interface TelegramWebhookOptions {
  /** Route path, e.g. `/telegram/webhook` (the path of TELEGRAM_WEBHOOK_URL). */
  path: string;
  /** The `secret_token` given to setWebhook; Telegram echoes it in `X-Telegram-Bot-Api-Secret-Token`. */
  secret: string;
  channel: TelegramChannel;
}

/**
 * Mounts the webhook on Loket's HTTP server. grammY's handler compares the secret header in
 * constant time; a missing or wrong one gets 401 and the update is not processed.
 * Register it before the server starts listening.
 */
export function registerTelegramWebhook(app: FastifyInstance, opts: TelegramWebhookOptions): void {
  const handler = opts.channel.webhookHandler(opts.secret);
  app.post(opts.path, (req: FastifyRequest, reply: FastifyReply) => handler(req, reply));
}
