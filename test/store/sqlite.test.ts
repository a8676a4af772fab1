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

  it("commits the turns of one event-loop pass in one transaction, each all-or-nothing and reported to its own caller", async () => {
    const db = openSqlite(tempDb());
    // Count transactions: wrap every transaction function the store creates.
    let transactions = 0;
    const original = db.transaction.bind(db);
    db.transaction = ((fn: (...a: never[]) => unknown) => {
      const tx = original(fn);
      return Object.assign((...a: never[]) => (transactions++, tx(...a)), tx);
    }) as typeof db.transaction;
    const s = createSqliteStore(db);
    const commitAll = async (prefix: string, bad?: number) => {
      const turns = await Promise.all(Array.from({ length: 20 }, (_, i) => s.begin(`${prefix}${i}`)));
      return Promise.allSettled(
        turns.map((t, i) =>
          t.commit({
            state: { v: 1, n: i } as never,
            puts: [{ collection: "cases", key: i === bad ? "bad" : `${prefix}case${i}`, value: { i } }],
            transcript: [{ at: "2026-11-29T00:00:00.000Z", from: "citizen", text: `pesan ${i}` }],
          }),
        ),
      );
    };
    transactions = 0;
    const ok = await commitAll("a");
    expect(ok.every((r) => r.status === "fulfilled")).toBe(true);
    expect(transactions).toBe(1);

    // A write that fails for one turn only (a full disk, a broken row): the group is retried turn by turn.
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON records WHEN NEW.key = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const results = await commitAll("g", 7);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(results[7]).toMatchObject({ status: "rejected", reason: { code: "STORE_UNAVAILABLE" } });
    // The refused turn left nothing behind: no state, no transcript line; the others are whole.
    expect(await s.peekState("g7")).toBeNull();
    expect(await s.transcript("g7")).toEqual([]);
    for (const i of [0, 6, 8, 19]) {
      expect(await s.peekState(`g${i}`)).toMatchObject({ n: i });
      expect(await s.get("cases", `gcase${i}`)).toEqual({ i });
      expect((await s.transcript(`g${i}`)).map((l) => l.text)).toEqual([`pesan ${i}`]);
    }
    // Every lock was released, the refused turn's too.
    const again = await s.begin("g7");
    await again.commit({ state: { v: 1, n: 7 } as never });
    expect(await s.peekState("g7")).toMatchObject({ n: 7 });
    await s.close();
  });

  it("writes a commit still waiting for its group when the store closes", async () => {
    const path = tempDb();
    const s = createSqliteStore(openSqlite(path));
    const t = await s.begin("late");
    const done = t.commit({ state: { v: 1, late: true } as never });
    await s.close();
    await done;
    const reopened = createSqliteStore(openSqlite(path));
    expect(await reopened.peekState("late")).toMatchObject({ late: true });
    await reopened.close();
  });

  it("keeps a turn's transcript lines in one row and reads rows of either shape in order", async () => {
    const path = tempDb();
    const db = openSqlite(path);
    const s = createSqliteStore(db);
    // A row written by an earlier version: one entry per row.
    db.prepare("INSERT INTO transcript (conversation_id, entry) VALUES (?, ?)").run("t", JSON.stringify({ at: "2026-11-01T00:00:00.000Z", from: "citizen", text: "lama" }));
    const turn = await s.begin("t");
    await turn.commit({
      transcript: [
        { at: "2026-11-29T00:00:00.000Z", from: "citizen", text: "syarat pbg" },
        { at: "2026-11-29T00:00:00.001Z", from: "bot", text: "Syarat PBG: ..." },
        { at: "2026-11-29T00:00:00.002Z", from: "bot", text: "Ada lagi?" },
      ],
    });
    expect((db.prepare("SELECT count(*) AS n FROM transcript WHERE conversation_id = 't'").get() as { n: number }).n).toBe(2);
    expect((await s.transcript("t")).map((l) => l.text)).toEqual(["lama", "syarat pbg", "Syarat PBG: ...", "Ada lagi?"]);
    await s.deleteConversation("t");
    expect(await s.transcript("t")).toEqual([]);
    await s.close();
  });
});
