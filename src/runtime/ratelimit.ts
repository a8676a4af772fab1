import type { Store } from "../store/port.js";

/**
 * Per-citizen token bucket: a burst, then a steady rate. Over the limit the caller sends
 * one polite notice, then stays silent until the bucket refills. In-process per instance:
 * with several instances each one limits what it receives, which bounds abuse well enough
 * without a Redis round trip per message.
 */
export interface RateLimiter {
  /** "ok": go on; "notice": over the limit for the first time (tell the citizen); "drop": stay silent. */
  take(key: string): "ok" | "notice" | "drop";
  /** Milliseconds until `key` may send again if it sends nothing meanwhile (0: now). */
  waitMs(key: string): number;
}

export function createRateLimiter(opts: { burst: number; perSecond: number; now?: () => number; maxKeys?: number }): RateLimiter {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number; noticed: boolean }>();
  const refilled = (b: { tokens: number; at: number }, t: number): boolean => b.tokens + ((t - b.at) / 1000) * opts.perSecond >= opts.burst;
  /**
   * A bucket full again is what a new one would be (a noticed one too: its next message clears
   * the notice), so it is dropped: each message looks at the two oldest buckets and drops them
   * when full, or moves them to the end. The buckets held are those of the conversations that
   * wrote in the last burst / perSecond seconds or so, not one per conversation ever seen
   * (~100 B of heap each).
   */
  const prune = (t: number): void => {
    for (let i = 0; i < 2 && buckets.size > 1; i++) {
      const [oldest, b] = buckets.entries().next().value!;
      buckets.delete(oldest);
      if (!refilled(b, t)) buckets.set(oldest, b);
    }
  };
  return {
    take(key) {
      const t = now();
      prune(t);
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) {
          // Forget the oldest bucket (Map keeps insertion order); it simply starts full again.
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
        b = { tokens: opts.burst, at: t, noticed: false };
        buckets.set(key, b);
      }
      b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
      b.at = t;
      // After the notice, silence until the citizen calms down (the bucket is half full again).
      if (b.noticed && b.tokens >= Math.max(1, opts.burst / 2)) b.noticed = false;
      if (b.tokens >= 1 && !b.noticed) {
        b.tokens -= 1;
        return "ok";
      }
      // Messages sent while limited keep the bucket empty: only a pause lets it refill.
      b.tokens = Math.max(0, b.tokens - 1);
      if (b.noticed) return "drop";
      b.noticed = true;
      return "notice";
    },
    waitMs(key) {
      const b = buckets.get(key);
      if (!b) return 0;
      const tokens = Math.min(opts.burst, b.tokens + ((now() - b.at) / 1000) * opts.perSecond);
      const needed = b.noticed ? Math.max(1, opts.burst / 2) : 1;
      return tokens >= needed ? 0 : Math.ceil(((needed - tokens) / opts.perSecond) * 1000);
    },
  };
}

/**
 * At most `limit` per key within each fixed window of `windowMs`, counted in the store
 * (`nextSequence` with an expiry): on Redis every instance counts against the same number, so N
 * instances behind a balancer do not let N times as many through. A key found over its limit is
 * remembered here until its window ends: a client that goes on knocking costs no store write.
 */
export interface WindowLimiter {
  /** 0: go on (counted, `amount` of it: 1, or bytes); otherwise milliseconds until the key's next window. */
  take(key: string, amount?: number): Promise<number>;
}

export function createWindowLimiter(opts: {
  store: Pick<Store, "nextSequence">;
  /** Counter name prefix in the store. */
  name: string;
  limit: number;
  windowMs: number;
  now?: () => number;
  maxKeys?: number;
}): WindowLimiter {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 10_000;
  /** Keys over their limit, and the window they are over it in. */
  const over = new Map<string, number>();
  return {
    async take(key, amount = 1) {
      const t = now();
      const window = Math.floor(t / opts.windowMs);
      const wait = (window + 1) * opts.windowMs - t;
      if (over.get(key) === window) return wait;
      const n = await opts.store.nextSequence(`${opts.name}:${key}:${window}`, { expireMs: 2 * opts.windowMs, by: amount });
      if (n <= opts.limit) return 0;
      over.delete(key);
      if (over.size >= maxKeys) over.delete(over.keys().next().value!);
      over.set(key, window);
      return wait;
    },
  };
}
