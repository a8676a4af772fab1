import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";
import type { TranscriptEntry } from "../../src/domain/records.js";
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
    // Each conversation keeps its newest 32 ids: the row does not grow with the conversation.
    for (let i = 0; i < 100; i++) await (await s.begin("c", { dedupeKey: `new${i}` })).commit({ dedupeKey: `new${i}` });
    const seen = (db.prepare("SELECT seen FROM conversations WHERE id = 'c'").get() as { seen: string }).seen;
    expect(seen.split(" ")).toHaveLength(32);
    for (const [key, dup] of [["new99", true], ["new68", true], ["new67", false]] as const) {
      const t2 = await s.begin("c", { dedupeKey: key });
      expect(t2.duplicate, key).toBe(dup);
      await t2.release();
    }
    await s.close();
  });

  it("leaves nothing of an erased conversation readable in the database files, journal included", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "loket-erase-")), "loket.db");
    const s = createSqliteStore(openSqlite(path));
    const nik = "3317011203850002";
    // Many turns, so the conversation's pages are rewritten (old copies in the journal).
    for (let i = 0; i < 30; i++) {
      await (await s.begin("web:x")).commit({ state: { v: 1, note: `NIK ${nik} #${i}` } as never, transcript: [{ at: "t", from: "citizen", text: `nik saya ${nik} (${i})` }] });
    }
    await (await s.begin("web:keep")).commit({ transcript: [{ at: "t", from: "citizen", text: "halo" }] });
    const files = () => [path, `${path}-wal`].map((f) => (existsSync(f) ? readFileSync(f).toString("latin1") : "")).join("");
    expect(files()).toContain(nik);
    await s.deleteConversation("web:x");
    // The journal is checkpointed and truncated a second after the last erasure.
    await expect.poll(() => files().includes(nik), { timeout: 5000, interval: 200 }).toBe(false);
    expect((await s.transcript("web:keep")).map((l) => l.text)).toEqual(["halo"]);
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

  it("serves a conversation from memory only as committed: a refused commit leaves the stored state", async () => {
    const path = tempDb();
    const db = openSqlite(path);
    const s = createSqliteStore(db);
    await (await s.begin("m")).commit({ state: { v: 1, n: 1 } as never, transcript: [{ at: "t", from: "citizen", text: "1" }] });
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON transcript WHEN NEW.entry LIKE '%tolak%' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const t = await s.begin("m");
    await expect(t.commit({ state: { v: 1, n: 2 } as never, transcript: [{ at: "t", from: "citizen", text: "tolak" }] })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect(await s.peekState("m")).toEqual({ v: 1, n: 1 });
    const t2 = await s.begin("m");
    expect(t2.state).toEqual({ v: 1, n: 1 });
    await t2.commit({ state: { v: 1, n: 3 } as never });
    // What another process reads from the file is what this one serves.
    const other = createSqliteStore(openSqlite(path));
    expect(await other.peekState("m")).toEqual({ v: 1, n: 3 });
    expect(await s.peekState("m")).toEqual({ v: 1, n: 3 });
    await s.deleteConversation("m");
    expect(await s.peekState("m")).toBeNull();
    await other.close();
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

  it("keeps a turn's transcript lines in one row, chained to the conversation's previous row without an index", async () => {
    const db = openSqlite(tempDb());
    const s = createSqliteStore(db);
    for (const [id, text] of [["t", "satu"], ["u", "lain"], ["t", "dua"]] as const) {
      await (await s.begin(id)).commit({ transcript: [{ at: "2026-11-29T00:00:00.000Z", from: "citizen", text }, { at: "2026-11-29T00:00:00.001Z", from: "bot", text: `re ${text}` }] });
    }
    expect((db.prepare("SELECT count(*) AS n FROM transcript WHERE conversation_id = 't'").get() as { n: number }).n).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transcript'").all()).toEqual([]);
    expect((await s.transcript("t")).map((l) => l.text)).toEqual(["satu", "re satu", "dua", "re dua"]);
    await s.deleteConversation("t");
    expect(await s.transcript("t")).toEqual([]);
    expect((await s.transcript("u")).map((l) => l.text)).toEqual(["lain", "re lain"]);
    await s.close();
  });

  it("upgrades a version 1 database in place: states, transcripts in order, remembered message ids", async () => {
    const path = tempDb();
    const old = new Database(path);
    const line = (text: string) => JSON.stringify({ at: "2026-11-01T00:00:00.000Z", from: "citizen", text });
    const now = Date.parse("2026-11-28T08:00:00.000Z");
    old.exec(`
      CREATE TABLE conversations (id TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE records (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key));
      CREATE TABLE transcript (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, entry TEXT NOT NULL);
      CREATE INDEX transcript_conversation ON transcript (conversation_id, seq);
      CREATE TABLE dedupe (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);`);
    old.prepare("INSERT INTO conversations VALUES (?, ?, ?)").run("a", JSON.stringify({ v: 1, step: "nik" }), now + 86_400_000);
    const add = old.prepare("INSERT INTO transcript (conversation_id, entry) VALUES (?, ?)");
    add.run("a", line("a1"));
    add.run("gone", line("g1")); // its state expired long ago; the transcript stays
    add.run("a", `[${line("a2")},${line("a3")}]`);
    add.run("gone", line("g2"));
    old.prepare("INSERT INTO dedupe VALUES (?, ?)").run("telegram:77", now - 1000);
    old.prepare("INSERT INTO records VALUES ('cases', 'k', '{\"x\":1}')").run();
    old.close();

    const clock = pinnedClock(now);
    const db = openSqlite(path);
    const s = createSqliteStore(db, { now: clock.now });
    expect(db.pragma("user_version", { simple: true })).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'transcript_conversation'").all()).toEqual([]);
    expect(await s.peekState("a")).toEqual({ v: 1, step: "nik" });
    expect(await s.get("cases", "k")).toEqual({ x: 1 });
    expect((await s.transcript("a")).map((l) => l.text)).toEqual(["a1", "a2", "a3"]);
    expect((await s.transcript("gone")).map((l) => l.text)).toEqual(["g1", "g2"]);
    expect(await s.conversationIds()).toEqual(["a"]);
    // A message id the old version processed is still a duplicate.
    const dup = await s.begin("a", { dedupeKey: "telegram:77" });
    expect(dup.duplicate).toBe(true);
    await dup.release();
    await (await s.begin("a", { dedupeKey: "telegram:78" })).commit({ state: { v: 1, step: "done" } as never, transcript: [{ at: "t", from: "citizen", text: "a4" }], dedupeKey: "telegram:78" });
    expect((await s.transcript("a")).map((l) => l.text)).toEqual(["a1", "a2", "a3", "a4"]);
    await s.close();
    // Opening again does not migrate twice; the old ids table goes once its ids expire.
    const again = createSqliteStore(openSqlite(path), { now: clock.now, dedupeTtlDays: 1 });
    expect((await again.transcript("a")).map((l) => l.text)).toEqual(["a1", "a2", "a3", "a4"]);
    await clock.pass(2 * 86_400_000);
    await (await again.begin("b")).commit({ state: { v: 1 } as never });
    await again.close();
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'dedupe'").all()).toEqual([]);
    check.close();
  });
});

describe("sqlite store: the answer kept for a retry", () => {
  const replies = [
    { type: "text", text: "Persyaratan PBG:\n1. KTP\n2. Sertifikat tanah" },
    { type: "text", text: "Ada yang lain?", expects: { field: "menu", kind: "choice" as const }, choices: [{ id: "menu.main:requirements", label: "Persyaratan" }, { id: "menu.main:human", label: "Petugas" }], lang: "en" },
  ];
  const lines: TranscriptEntry[] = [
    { at: "2026-11-28T08:00:00.000Z", from: "citizen" as const, text: "syarat pbg" },
    { at: "2026-11-28T08:00:00.000Z", from: "bot" as const, text: replies[0]!.text },
    { at: "2026-11-28T08:00:00.000Z", from: "system" as const, text: "catatan untuk petugas", internal: true },
    { at: "2026-11-28T08:00:00.000Z", from: "bot" as const, text: replies[1]!.text, choices: replies[1]!.choices, expects: replies[1]!.expects, lang: "en" },
  ];

  it("does not write the answer's text twice when it is the turn's transcript lines; a restart reads it back the same", async () => {
    const path = tempDb();
    const s = createSqliteStore(openSqlite(path));
    await (await s.begin("r", { dedupeKey: "web:m1" })).commit({ state: { v: 1 } as never, transcript: lines, dedupeKey: "web:m1", reply: { messageId: "m1", replies } });
    await s.close();
    const column = (new Database(path).prepare("SELECT reply FROM conversations WHERE id = 'r'").get() as { reply: string }).reply;
    expect(column).not.toContain("Sertifikat tanah");
    expect(column.length).toBeLessThan(80);
    const again = createSqliteStore(openSqlite(path));
    const t = await again.begin("r", { dedupeKey: "web:m1" });
    expect(t.duplicate).toBe(true);
    const kept = await t.lastReply();
    expect(kept).toEqual({ messageId: "m1", replies });
    expect(JSON.stringify(kept)).toBe(JSON.stringify({ messageId: "m1", replies }));
    await t.release();
    await again.close();
  });

  it("writes the answer whole when the transcript does not say it (fewer or other lines, an empty list of choices); read back the same", async () => {
    const path = tempDb();
    const s = createSqliteStore(openSqlite(path));
    const cases: [string, Parameters<Awaited<ReturnType<Store["begin"]>>["commit"]>[0]][] = [
      ["fewer", { state: { v: 1 } as never, transcript: lines.slice(0, 2), reply: { messageId: "m1", replies } }],
      ["other", { state: { v: 1 } as never, transcript: [lines[0]!, { ...lines[1]!, text: "lain" }], reply: { messageId: "m1", replies: [replies[0]!] } }],
      ["empty choices", { state: { v: 1 } as never, transcript: lines.slice(0, 2), reply: { messageId: "m1", replies: [{ ...replies[0]!, choices: [] }] } }],
      ["another key order", { state: { v: 1 } as never, transcript: lines, reply: { messageId: "m1", replies: [replies[0]!, { type: "text", text: replies[1]!.text, choices: replies[1]!.choices, expects: replies[1]!.expects, lang: "en" }] } }],
      ["none", { state: { v: 1 } as never, transcript: lines.slice(0, 1), reply: { messageId: "m1", replies: [] } }],
    ];
    for (const [id, batch] of cases) await (await s.begin(id)).commit(batch);
    await s.close();
    const again = createSqliteStore(openSqlite(path));
    for (const [id, batch] of cases) {
      const t = await again.begin(id);
      expect(JSON.stringify(await t.lastReply()), id).toBe(JSON.stringify(batch.reply));
      await t.release();
    }
    await again.close();
  });

  it("reads an answer written whole by earlier versions (the reply column as they wrote it)", async () => {
    const path = tempDb();
    const s = createSqliteStore(openSqlite(path));
    await (await s.begin("old")).commit({ state: { v: 1 } as never, transcript: lines });
    await s.close();
    const db = new Database(path);
    db.prepare("UPDATE conversations SET reply = ? WHERE id = 'old'").run(JSON.stringify({ messageId: "m7", replies, at: Date.now() }));
    db.close();
    const again = createSqliteStore(openSqlite(path));
    const t = await again.begin("old");
    expect(JSON.stringify(await t.lastReply())).toBe(JSON.stringify({ messageId: "m7", replies }));
    await t.release();
    await again.close();
  });
});
