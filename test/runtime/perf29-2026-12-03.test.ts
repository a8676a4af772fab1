import { describe, expect, it } from "vitest";
import { createTestLoket } from "../support/loket.js";

/**
 * perf29 (issue #9): a turn's time, written into its transcript lines, is the clock's time to the
 * millisecond whatever the clock does between turns (the same millisecond again, the next one, a
 * day later), and each runtime's own clock. Passed on the unchanged code first.
 */
describe("a turn's time in its transcript (perf29)", () => {
  it("is the clock's time of each turn, also when turns share a millisecond, follow the next one or a day later", async () => {
    let t = Date.parse("2026-12-03T02:15:30.123Z");
    const t0 = t;
    const loket = await createTestLoket({ store: "sqlite", now: () => new Date(t) });
    try {
      const steps = [0, 0, 1, 999, 0, 86_400_000, 0, 1];
      const times: string[] = [];
      for (const [i, d] of steps.entries()) {
        t += d;
        await loket.say(i % 2 ? "halo" : "jam buka kantor");
        times.push(new Date(t).toISOString());
      }
      const citizen = (await loket.loket.store.transcript(loket.conversationId)).filter((l) => l.from === "citizen");
      expect(citizen.map((l) => l.at)).toEqual(times);
      // The bot's lines carry their turn's time too.
      const bot = (await loket.loket.store.transcript(loket.conversationId)).filter((l) => l.from === "bot");
      expect(new Set(bot.map((l) => l.at))).toEqual(new Set(times));
      expect(times[0]).toBe(new Date(t0).toISOString());
    } finally {
      await loket.close();
    }
  });

  it("is the time of the clock's Date itself, not of one made earlier in the same millisecond elsewhere", async () => {
    // Two Lokets with clocks a millisecond apart in the same process: each writes its own.
    const a = await createTestLoket({ now: () => new Date(Date.UTC(2026, 11, 3, 1, 0, 0, 1)) });
    const b = await createTestLoket({ now: () => new Date(Date.UTC(2026, 11, 3, 1, 0, 0, 2)) });
    try {
      for (let i = 0; i < 3; i++) {
        await a.say("halo");
        await b.say("halo");
      }
      const at = async (l: typeof a) => new Set((await l.loket.store.transcript(l.conversationId)).map((x) => x.at));
      expect(await at(a)).toEqual(new Set(["2026-12-03T01:00:00.001Z"]));
      expect(await at(b)).toEqual(new Set(["2026-12-03T01:00:00.002Z"]));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
