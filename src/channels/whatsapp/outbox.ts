import type { Logger } from "pino";
import { LoketError } from "../../errors.js";
import { describe } from "./connection.js";

/**
 * Runs tasks one after another per key, different keys concurrently. Used for per-chat
 * ordering of inbound handling and of outbound sends.
 */
export function keyedSerial(): { run<T>(key: string, task: () => Promise<T>): Promise<T>; idle(): Promise<void> } {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const prev = tails.get(key) ?? Promise.resolve();
      const result = prev.then(task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size) await Promise.all([...tails.values()]);
    },
  };
}

export interface TokenBucket {
  /** Resolves when a token is free; callers are served first come, first served. */
  take(): Promise<void>;
}

/** A global token bucket: `burst` sends at once, then `perSecond` on average. */
export function createTokenBucket(opts: {
  perSecond: number;
  burst: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}): TokenBucket {
  let tokens = opts.burst;
  let at = opts.now();
  let queue: Promise<void> = Promise.resolve();
  const refill = (): void => {
    const t = opts.now();
    tokens = Math.min(opts.burst, tokens + ((t - at) / 1000) * opts.perSecond);
    at = t;
  };
  return {
    take() {
      const turn = queue.then(async () => {
        refill();
        while (tokens < 1) {
          await opts.sleep(Math.max(1, Math.ceil(((1 - tokens) / opts.perSecond) * 1000)));
          refill();
        }
        tokens -= 1;
      });
      queue = turn;
      return turn;
    },
  };
}

export interface OutboxOptions {
  send(chatId: string, text: string): Promise<unknown>;
  logger: Logger;
  /** Global sends per second (WHATSAPP_SEND_PER_SECOND). */
  perSecond: number;
  /** Sends allowed back to back before pacing starts. Default: max(1, ceil(perSecond)). */
  burst?: number;
  /** Attempts per message (first try included), waiting `initialMs` doubling to `maxMs` between. */
  retry?: { attempts?: number; initialMs?: number; maxMs?: number };
  /**
   * Whether the session can send now. While it cannot (WhatsApp Web reconnecting, a new QR to
   * scan), texts wait for it instead of using up their attempts, up to `maxWaitMs` (default 30 min).
   */
  connected?: () => boolean;
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Outbox {
  /**
   * Queues texts for one chat, sent in order after everything queued before for that chat.
   * Rejects with CHANNEL_FAILED when a text could not be sent after all retries; the rest of
   * that batch is then dropped (sending it out of context would confuse the citizen).
   */
  enqueue(chatId: string, texts: string[], conversationId: string): Promise<void>;
  /** Resolves when every queued text was sent or given up on. */
  idle(): Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Outbound pacing: per-chat order, a global rate (so the number is not flagged), bounded retries. */
export function createOutbox(opts: OutboxOptions): Outbox {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const attempts = opts.retry?.attempts ?? 5;
  const initialMs = opts.retry?.initialMs ?? 1_000;
  const maxMs = opts.retry?.maxMs ?? 15_000;
  const bucket = createTokenBucket({ perSecond: opts.perSecond, burst: opts.burst ?? Math.max(1, Math.ceil(opts.perSecond)), now, sleep });
  const chats = keyedSerial();

  const connected = opts.connected ?? (() => true);
  const maxWaitMs = opts.maxWaitMs ?? 30 * 60_000;

  /** Waits while the session is down; false when it stayed down past `maxWaitMs`. */
  async function untilConnected(): Promise<boolean> {
    const since = now();
    while (!connected()) {
      if (now() - since >= maxWaitMs) return false;
      await sleep(1_000);
    }
    return true;
  }

  async function sendOne(chatId: string, text: string, conversationId: string): Promise<void> {
    for (let i = 1; ; i++) {
      if (!(await untilConnected())) {
        throw new LoketError("CHANNEL_FAILED", `WhatsApp was not connected for ${Math.round(maxWaitMs / 60_000)} min`, { conversationId, attempts: i - 1 });
      }
      await bucket.take();
      try {
        await opts.send(chatId, text);
        return;
      } catch (err) {
        const reason = describe(err);
        // Failing because the session went down meanwhile: wait for it, this try does not count.
        if (!connected()) {
          i--;
          continue;
        }
        if (i >= attempts) {
          throw new LoketError("CHANNEL_FAILED", `WhatsApp send failed after ${i} attempts: ${reason}`, { conversationId, attempts: i }, { cause: err });
        }
        opts.logger.warn({ conversationId, attempt: i, reason }, "whatsapp send failed, retrying");
        await sleep(Math.min(maxMs, initialMs * 2 ** (i - 1)));
      }
    }
  }

  return {
    enqueue(chatId, texts, conversationId) {
      return chats.run(chatId, async () => {
        for (const text of texts) await sendOne(chatId, text, conversationId);
      });
    },
    idle: () => chats.idle(),
  };
}
