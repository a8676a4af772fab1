import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRateLimiter } from "../../src/runtime/ratelimit.js";

/** The per-citizen bucket as specified (burst, steady rate, one notice, then silence until half full), one bucket per key forever. */
function model(burst: number, perSecond: number) {
  const b = new Map<string, { tokens: number; at: number; noticed: boolean }>();
  return (key: string, t: number): string => {
    const x = b.get(key) ?? { tokens: burst, at: t, noticed: false };
    b.set(key, x);
    x.tokens = Math.min(burst, x.tokens + ((t - x.at) / 1000) * perSecond);
    x.at = t;
    if (x.noticed && x.tokens >= Math.max(1, burst / 2)) x.noticed = false;
    if (x.tokens >= 1 && !x.noticed) {
      x.tokens -= 1;
      return "ok";
    }
    x.tokens = Math.max(0, x.tokens - 1);
    if (x.noticed) return "drop";
    x.noticed = true;
    return "notice";
  };
}

describe("rate limiter dropping full buckets (perf7)", () => {
  it("answers every message as one bucket per citizen kept forever would", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.constantFrom(0.5, 1, 3), fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3000 })), { minLength: 1, maxLength: 200 }), (burst, perSecond, msgs) => {
        let t = 1_000_000;
        const limiter = createRateLimiter({ burst, perSecond, now: () => t });
        const expected = model(burst, perSecond);
        for (const [who, wait] of msgs) {
          t += wait;
          expect(limiter.take(`c${who}`)).toBe(expected(`c${who}`, t));
        }
      }),
      { numRuns: 400 },
    );
  });
});
