import { autoRetry, type AutoRetryOptions } from "@grammyjs/auto-retry";
import type { Api, Transformer } from "grammy";

/** At most `count` sends starting in any `perMs` window. */
export interface Rate {
  count: number;
  perMs: number;
}

export interface FloodControlOptions {
  /** Sends to one private chat. Default 1 per second (Telegram: "about one message a second"). */
  chat?: Rate[];
  /** Sends to one group. Default 1 per second and 20 per minute. */
  group?: Rate[];
  /** All sends of this bot. Default 30 per second. */
  global?: Rate[];
  /** Retry options; default: up to 5 retries, waits of at most 60 s (a longer retry_after fails the call). */
  retry?: Partial<AutoRetryOptions>;
}

/** No limit at all (tests and benchmarks that measure the bot, not Telegram's pacing). */
export const UNLIMITED: Pick<FloodControlOptions, "chat" | "group" | "global"> = { chat: [], group: [], global: [] };

const DEFAULTS = {
  chat: [{ count: 1, perMs: 1000 }],
  group: [{ count: 1, perMs: 1000 }, { count: 20, perMs: 60_000 }],
  global: [{ count: 30, perMs: 1000 }],
};

/**
 * Only methods that put a message in a chat count against Telegram's flood limits; chat
 * actions, callback answers and keyboard edits pass straight through so a tap is acknowledged
 * at once even while replies to that chat are queued.
 */
const THROTTLED = /^(send(?!ChatAction)|forward|copy)/;

/** Start times of recent sends, checked against a set of rates. */
class Window {
  private readonly times: number[] = [];
  private readonly keep: number;
  private readonly span: number;
  constructor(private readonly rates: Rate[]) {
    this.keep = Math.max(0, ...rates.map((r) => r.count));
    this.span = Math.max(0, ...rates.map((r) => r.perMs));
  }

  /** Milliseconds until a send may start (0: now). */
  wait(now: number): number {
    let wait = 0;
    for (const r of this.rates) {
      if (r.count <= 0) continue;
      const t = this.times[this.times.length - r.count];
      if (t !== undefined) wait = Math.max(wait, t + r.perMs - now);
    }
    return wait;
  }
  record(now: number): void {
    if (!this.keep) return;
    this.times.push(now);
    if (this.times.length > this.keep) this.times.shift();
  }
  /** True when no rate could delay a send any more. */
  idle(now: number): boolean {
    const last = this.times[this.times.length - 1];
    return last === undefined || now - last >= this.span;
  }
}

interface Job {
  run: () => void;
}
interface ChatLine {
  window: Window;
  queue: Job[];
  busy: boolean;
}

/**
 * Telegram's flood limits as a grammY transformer. Sends to one chat go out one at a time, in
 * the order they were made; a send starts at once when no limit is reached (no timer, no extra
 * turn of the event loop), otherwise at the earliest moment the chat's and the bot's limits allow.
 * (grammY's transformer-throttler, built on Bottleneck, added about 11 ms to every send here even
 * when nothing was limited: Bottleneck yields with setTimeout at each step.)
 */
export function createPacer(opts: Pick<FloodControlOptions, "chat" | "group" | "global"> = {}, now: () => number = Date.now): Transformer {
  const chatRates = opts.chat ?? DEFAULTS.chat;
  const groupRates = opts.group ?? DEFAULTS.group;
  const global = new Window(opts.global ?? DEFAULTS.global);
  const lines = new Map<string, ChatLine>();
  /** Chats waiting only for the global window, in order. */
  const globalWaiters: ChatLine[] = [];
  let globalTimer: NodeJS.Timeout | undefined;
  let sends = 0;

  function sweep(t: number): void {
    for (const [key, line] of lines) if (!line.busy && !line.queue.length && line.window.idle(t)) lines.delete(key);
  }

  function wakeGlobal(): void {
    globalTimer = undefined;
    while (globalWaiters.length) {
      const line = globalWaiters[0]!;
      const t = now();
      const wait = global.wait(t);
      if (wait > 0) {
        globalTimer = setTimeout(wakeGlobal, wait);
        return;
      }
      globalWaiters.shift();
      start(line, t);
    }
  }

  function start(line: ChatLine, t: number): void {
    const job = line.queue.shift()!;
    line.window.record(t);
    global.record(t);
    if (++sends % 1000 === 0) sweep(t);
    job.run();
  }

  /** Starts the chat's next send now, or arranges for it to start when the limits allow. */
  function pump(line: ChatLine): void {
    if (line.busy || !line.queue.length) return;
    line.busy = true;
    const t = now();
    const own = line.window.wait(t);
    if (own > 0) {
      setTimeout(() => {
        line.busy = false;
        pump(line);
      }, own);
      return;
    }
    if (globalWaiters.length || global.wait(t) > 0) {
      globalWaiters.push(line);
      if (!globalTimer) globalTimer = setTimeout(wakeGlobal, Math.max(1, global.wait(t)));
      return;
    }
    start(line, t);
  }

  return (prev, method, payload, signal) => {
    const chatId = payload && typeof payload === "object" && "chat_id" in payload ? String((payload as { chat_id: unknown }).chat_id) : undefined;
    if (!THROTTLED.test(method) || chatId === undefined) return prev(method, payload, signal);
    let line = lines.get(chatId);
    if (!line) {
      line = { window: new Window(chatId.startsWith("-") ? groupRates : chatRates), queue: [], busy: false };
      lines.set(chatId, line);
    }
    const l = line;
    return new Promise((resolve, reject) => {
      l.queue.push({
        run: () => {
          prev(method, payload, signal)
            .then(resolve, reject)
            .finally(() => {
              l.busy = false;
              pump(l);
            });
        },
      });
      pump(l);
    });
  };
}

/**
 * Installs Telegram flood control on a bot's API (do it before the bot handles updates; each
 * update's `ctx.api` copies these transformers): the pacer schedules message sends, and
 * auto-retry — installed last, so outermost — waits `retry_after` on a 429 and sends again
 * through the pacer.
 */
export function installFloodControl(api: Api, opts: FloodControlOptions = {}): void {
  api.config.use(createPacer(opts));
  api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, ...opts.retry }));
}
