import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { forgetCaseHolders } from "../../src/runtime/documents.js";
import { createMemoryStore } from "../../src/store/memory.js";
import type { Store } from "../../src/store/port.js";
import { backfillRecentCases, pruneRecentCases, recentCases, withRecentCases } from "../../src/store/recent-cases.js";
import { createRedisStore, redisOptions } from "../../src/store/redis.js";
import { createTestLoket, textOf } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-30T03:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function aCase(id: string, status: HandoffCase["status"], ageDays: number, ticket: number, conversationId = `whatsapp:6281200000${ticket}`): HandoffCase {
  const at = iso(NOW - ageDays * DAY);
  return { id, conversationId, channel: "whatsapp", reason: "citizen_asked", status, openedAt: at, updatedAt: at, ticket, ...(status !== "waiting" ? { firstTakenAt: at } : {}) };
}

/** Counts reads of every case ever stored: what the recent copies exist to avoid. */
function counting(store: Store): { store: Store; allReads: () => number } {
  let reads = 0;
  const wrapped: Store = { ...store, list: async <T,>(c: Parameters<Store["list"]>[0]) => (c === "cases" && reads++, store.list<T>(c)) };
  return { store: wrapped, allReads: () => reads };
}

const clients: Redis[] = [];
afterAll(() => clients.forEach((c) => c.disconnect()));

describe("recent handoff cases", () => {
  for (const kind of ["memory", "redis"] as const) {
    it(`cases stored before are copied once (recent, open and the newest), then writes keep the copies and the sweep prunes them (${kind})`, async () => {
      const raw = kind === "memory" ? createMemoryStore() : createRedisStore((clients[clients.push(new Redis(testRedisUrl(), redisOptions())) - 1])!, { prefix: uniquePrefix("recent") });
      const now = () => new Date(NOW);
      // A year of finished cases, one waiting, one held, two finished this week.
      for (let i = 1; i <= 40; i++) await raw.put("cases", `old-${i}`, aCase(`old-${i}`, "closed", 300 - i, i));
      await raw.put("cases", "waiting", aCase("waiting", "waiting", 0.01, 41));
      await raw.put("cases", "held", aCase("held", "held", 0.02, 42));
      await raw.put("cases", "week-1", aCase("week-1", "closed", 2, 43));
      await raw.put("cases", "week-2", aCase("week-2", "returned", 6, 44));
      const before = counting(raw);
      expect((await recentCases(before.store)).length).toBe(44); // not copied yet: all of them
      expect(await backfillRecentCases(raw, undefined, now)).toBe(4);
      const store = withRecentCases(raw, now);
      const { store: watched, allReads } = counting(store);
      expect((await recentCases(watched)).map((c) => c.id).sort()).toEqual(["held", "waiting", "week-1", "week-2"]);
      expect(allReads()).toBe(0);
      // A case opened and closed later is copied by its writes, in a turn or a put.
      const turn = await store.begin("whatsapp:6281299999999");
      await turn.commit({ puts: [{ collection: "cases", key: "new", value: aCase("new", "waiting", 0, 45, "whatsapp:6281299999999") }] });
      await store.put("cases", "waiting", { ...aCase("waiting", "closed", 0, 41) });
      const copies = await recentCases(watched);
      expect(copies.find((c) => c.id === "waiting")?.status).toBe("closed");
      expect(copies.find((c) => c.id === "new")?.status).toBe("waiting");
      // Eight days on, the sweep prunes what finished over a week ago, but keeps the newest case's.
      expect(await pruneRecentCases(store, new Date(NOW + 8 * DAY))).toBe(3);
      expect((await recentCases(watched)).map((c) => c.id).sort()).toEqual(["held", "new"]);
      expect(await backfillRecentCases(raw, undefined, now)).toBe(0); // once per store
      expect(allReads()).toBe(0);
    });
  }

  it("erasing the newest case's conversation leaves no phone number in its copy", async () => {
    const raw = createMemoryStore();
    const store = withRecentCases(raw, () => new Date(NOW));
    await backfillRecentCases(raw);
    await store.put("cases", "last", aCase("last", "closed", 30, 7, "whatsapp:6281277777777"));
    await raw.put("recent_cases", "last", aCase("last", "closed", 30, 7, "whatsapp:6281277777777"));
    await forgetCaseHolders(store, ["whatsapp:6281277777777"]);
    expect(JSON.stringify(await raw.list("recent_cases"))).not.toContain("6281277777777");
  });

  it("a citizen's place in the queue and staff's queue are read from the recent cases", async () => {
    const t = await createTestLoket({ store: "redis" });
    try {
      await t.say("saya mau bicara dengan petugas");
      await expect.poll(async () => (await t.loket.staff.queue()).map((e) => e.position)).toEqual([1]);
      const raw = t.loket.store;
      const list = raw.list.bind(raw);
      let reads = 0;
      raw.list = (async (c: Parameters<Store["list"]>[0]) => (c === "cases" && reads++, list(c))) as Store["list"];
      await t.loket.staff.queue();
      await t.loket.staff.expectedWait(1);
      expect(textOf(await t.say("petugas"))).toMatch(/antrean ke-1/);
      expect(reads).toBe(0);
      raw.list = list;
    } finally {
      await t.close();
    }
  });
});
