import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/port.js";
import { pinnedClock, storeContract } from "./contract.js";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "loket-sqlite-")), "loket.db");
const paths = new WeakMap<Store, string>();
storeContract("sqlite", {
  make: async () => {
    const path = tempDb();
    const s = createSqliteStore(openSqlite(path));
    paths.set(s, path);
    return s;
  },
  // Close and open the same file: a process restart.
  reopen: async (old) => {
    const path = paths.get(old)!;
    await old.close();
    return createSqliteStore(openSqlite(path));
  },
  withTtl: async (ttlMs) => {
    const clock = pinnedClock();
    return { store: createSqliteStore(openSqlite(tempDb()), { now: clock.now, conversationTtlDays: ttlMs / 86_400_000 }), pass: clock.pass };
  },
});

describe("sqlite store", () => {
  it("forgets message ids after the dedupe TTL, and sweeps them while running", async () => {
    const clock = pinnedClock();
    const db = openSqlite(tempDb());
    const s = createSqliteStore(db, { now: clock.now, dedupeTtlDays: 1 });
    await (await s.begin("c", { dedupeKey: "old" })).commit({ dedupeKey: "old" });
    await clock.pass(86_400_000 + 1);
    const t = await s.begin("c", { dedupeKey: "old" });
    expect(t.duplicate).toBe(false);
    await t.release();
    for (let i = 0; i < 1000; i++) await (await s.begin(`c${i % 10}`, { dedupeKey: `new${i}` })).commit({ dedupeKey: `new${i}` });
    const rows = db.prepare("SELECT key FROM dedupe WHERE key = 'old'").all();
    expect(rows).toEqual([]);
    await s.close();
  });

  it("turns SQLite failures into STORE_UNAVAILABLE", async () => {
    const db = openSqlite(tempDb());
    const s = createSqliteStore(db);
    db.exec("DROP TABLE records"); // stands in for a corrupt or unwritable database
    await expect(s.get("cases", "x")).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    await expect(s.put("cases", "x", {})).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    await s.close();
  });
});
