import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { applicationsOf, backfillApplicationIndex, READY_KEY } from "../../src/runtime/applications.js";
import type { Application } from "../../src/domain/records.js";
import type { Store } from "../../src/store/port.js";
import { createRedisStore, redisOptions } from "../../src/store/redis.js";
import { applicationRecord } from "../support/applications.js";
import { completeApplication } from "../support/citizen.js";
import { createTestLoket, sendVia } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

const clients: Redis[] = [];
afterAll(() => clients.forEach((c) => c.disconnect()));
const redisStore = (prefix = uniquePrefix("appindex")) => {
  const c = new Redis(testRedisUrl(), redisOptions());
  clients.push(c);
  return createRedisStore(c, { prefix });
};

/** Counts `list("applications")` calls: what the index exists to avoid. */
function counting(store: Store): { store: Store; lists: () => number } {
  let lists = 0;
  const wrapped: Store = Object.create(store) as Store;
  wrapped.list = async <T>(c: Parameters<Store["list"]>[0]) => {
    if (c === "applications") lists++;
    return store.list<T>(c);
  };
  return { store: wrapped, lists: () => lists };
}

describe("applications indexed by conversation", () => {
  it("a submission writes the index in its commit, and the conversation's applications are read without reading them all", async () => {
    const t = await createTestLoket({ store: "redis" });
    try {
      const { number } = await completeApplication(sendVia(t));
      const other = await completeApplication(sendVia(t, "web:someone-else"));
      const entry = await t.loket.store.get<{ numbers: string[] }>("conversation_applications", t.conversationId);
      expect(entry?.numbers).toEqual([number]);
      // The start-up backfill (nothing to add on a new store) has marked the index ready.
      await expect.poll(() => t.loket.store.get("conversation_applications", READY_KEY)).not.toBeNull();
      const { store, lists } = counting(t.loket.store);
      expect((await applicationsOf(store, t.conversationId)).map((a) => a.number)).toEqual([number]);
      expect((await applicationsOf(store, "web:someone-else")).map((a) => a.number)).toEqual([other.number]);
      expect(await applicationsOf(store, "web:never-applied")).toEqual([]);
      expect(lists()).toBe(0);
    } finally {
      await t.close();
    }
  });

  it("applications stored before the index are found by reading them all until the backfill has run, then through the index", async () => {
    const prefix = uniquePrefix("appindex");
    const store = redisStore(prefix);
    const put = (a: Application) => store.put("applications", a.number, a);
    await put(applicationRecord({ number: "RBG-2025-000001", permit: "pbg", conversationId: "whatsapp:a" }));
    await put(applicationRecord({ number: "RBG-2025-000002", permit: "pbg", conversationId: "whatsapp:b" }));
    await put(applicationRecord({ number: "IRK-2025-000003", permit: "izin-reklame", conversationId: "whatsapp:a" }));
    const before = counting(store);
    expect((await applicationsOf(before.store, "whatsapp:a")).map((a) => a.number)).toEqual(["IRK-2025-000003", "RBG-2025-000001"]);
    expect(before.lists()).toBe(1);

    // A citizen submitting while the backfill runs writes their entry first: it is merged, not overwritten.
    await store.put("conversation_applications", "whatsapp:b", { numbers: ["RBG-2026-000009"] });
    await store.put("applications", "RBG-2026-000009", applicationRecord({ number: "RBG-2026-000009", permit: "pbg", conversationId: "whatsapp:b" }));
    expect(await backfillApplicationIndex(store)).toBe(2);

    // Another instance (its own client) sees the mark and reads through the index.
    const after = counting(redisStore(prefix));
    expect((await applicationsOf(after.store, "whatsapp:a")).map((a) => a.number).sort()).toEqual(["IRK-2025-000003", "RBG-2025-000001"]);
    expect((await applicationsOf(after.store, "whatsapp:b")).map((a) => a.number).sort()).toEqual(["RBG-2025-000002", "RBG-2026-000009"]);
    expect(await applicationsOf(after.store, "whatsapp:c")).toEqual([]);
    expect(after.lists()).toBe(0);
    // Later starts find the mark and do nothing.
    expect(await backfillApplicationIndex(store)).toBe(0);
  });

  it("the index survives a restart of the embedded store", async () => {
    const t = await createTestLoket({ store: "sqlite" });
    try {
      const { number } = await completeApplication(sendVia(t));
      await t.restart();
      expect((await applicationsOf(t.loket.store, t.conversationId)).map((a) => a.number)).toEqual([number]);
    } finally {
      await t.close();
    }
  });
});
