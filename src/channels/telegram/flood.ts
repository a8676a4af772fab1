import { autoRetry, type AutoRetryOptions } from "@grammyjs/auto-retry";
import { apiThrottler, type APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import type { Api, Transformer } from "grammy";

export interface FloodControlOptions {
  /** Throttler limits; default grammY's: ~1 message/s per private chat, 20/min per group, 30/s overall. */
  throttle?: APIThrottlerOptions;
  /** Retry options; default: up to 5 retries, waits of at most 60 s (a longer retry_after fails the call). */
  retry?: Partial<AutoRetryOptions>;
}

/**
 * Only methods that put a message in a chat count against Telegram's flood limits; chat
 * actions, callback answers and keyboard edits pass straight through so a tap is acknowledged
 * at once even while replies to that chat are queued.
 */
const THROTTLED = /^(send(?!ChatAction)|forward|copy)/;

/**
 * Installs Telegram flood control on a bot's API (do it before the bot handles updates; each
 * update's `ctx.api` copies these transformers): the throttler schedules message sends, and
 * auto-retry — installed last, so outermost — waits `retry_after` on a 429 and sends again
 * through the throttler.
 */
export function installFloodControl(api: Api, opts: FloodControlOptions = {}): void {
  const throttler = apiThrottler(opts.throttle);
  const selective: Transformer = (prev, method, payload, signal) =>
    THROTTLED.test(method) ? throttler(prev, method, payload, signal) : prev(method, payload, signal);
  api.config.use(selective);
  api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, ...opts.retry }));
}
