import Database from "better-sqlite3";
import type { ConversationState } from "../domain/conversation.js";
import type { TranscriptEntry } from "../domain/records.js";
import { StoreError } from "../errors.js";
import { KeyedMutex } from "./lock.js";
import type { Batch, BeginOptions, Collection, Store, Turn } from "./port.js";

export interface SqliteStoreOptions {
  now?: () => Date;
  /** Abandoned conversation state expires after this many days without a message. Default 30. */
  conversationTtlDays?: number;
  /** Processed-message ids are remembered this long. Default 7 days. */
  dedupeTtlDays?: number;
}

/** Opens (creating if needed) the embedded database file in WAL mode. */
export function openSqlite(path: string): Database.Database {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  return db;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS records (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key));
CREATE TABLE IF NOT EXISTS transcript (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, entry TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS transcript_conversation ON transcript (conversation_id, seq);
CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/**
 * The embedded default: one SQLite file in DATA_DIR, handed in by the caller. One process
 * owns it (locks are in-process); every turn's batch is one transaction, so a crash keeps
 * all of a turn or none of it.
 */
export function createSqliteStore(db: Database.Database, opts: SqliteStoreOptions = {}): Store {
  const now = opts.now ?? (() => new Date());
  const ttlMs = (opts.conversationTtlDays ?? 30) * 86_400_000;
  const dedupeMs = (opts.dedupeTtlDays ?? 7) * 86_400_000;
  db.exec(SCHEMA);
  const q = {
    getState: db.prepare<[string, number], { state: string }>("SELECT state FROM conversations WHERE id = ? AND expires_at > ?"),
    setState: db.prepare("INSERT INTO conversations (id, state, expires_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at"),
    delState: db.prepare("DELETE FROM conversations WHERE id = ?"),
    ids: db.prepare<[number], { id: string }>("SELECT id FROM conversations WHERE expires_at > ?"),
    sweep: db.prepare("DELETE FROM conversations WHERE expires_at <= ?"),
    getRec: db.prepare<[string, string], { value: string }>("SELECT value FROM records WHERE collection = ? AND key = ?"),
    listRec: db.prepare<[string], { value: string }>("SELECT value FROM records WHERE collection = ? ORDER BY key"),
    setRec: db.prepare("INSERT INTO records (collection, key, value) VALUES (?, ?, ?) ON CONFLICT(collection, key) DO UPDATE SET value = excluded.value"),
    delRec: db.prepare("DELETE FROM records WHERE collection = ? AND key = ?"),
    addLine: db.prepare("INSERT INTO transcript (conversation_id, entry) VALUES (?, ?)"),
    lines: db.prepare<[string], { entry: string }>("SELECT entry FROM transcript WHERE conversation_id = ? ORDER BY seq"),
    delLines: db.prepare("DELETE FROM transcript WHERE conversation_id = ?"),
    seen: db.prepare<[string, number], { key: string }>("SELECT key FROM dedupe WHERE key = ? AND at > ?"),
    markSeen: db.prepare("INSERT OR REPLACE INTO dedupe (key, at) VALUES (?, ?)"),
    sweepSeen: db.prepare("DELETE FROM dedupe WHERE at <= ?"),
    nextSeq: db.prepare<[string], { value: number }>(
      "INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
    ),
  };
  const mutex = new KeyedMutex();
  const t0 = now().getTime();
  q.sweep.run(t0);
  q.sweepSeen.run(t0 - dedupeMs);

  const readState = (id: string): ConversationState | null => {
    const row = q.getState.get(id, now().getTime());
    return row ? (JSON.parse(row.state) as ConversationState) : null;
  };
  const putRecord = (c: Collection, key: string, value: unknown) => {
    if (value === null) q.delRec.run(c, key);
    else q.setRec.run(c, key, JSON.stringify(value));
  };
  const commitTx = db.transaction((conversationId: string, batch: Batch) => {
    const t = now().getTime();
    if (batch.state === null) q.delState.run(conversationId);
    else if (batch.state) q.setState.run(conversationId, JSON.stringify(batch.state), t + ttlMs);
    for (const p of batch.puts ?? []) putRecord(p.collection, p.key, p.value);
    for (const line of batch.transcript ?? []) q.addLine.run(conversationId, JSON.stringify(line));
    if (batch.dedupeKey) q.markSeen.run(batch.dedupeKey, t);
  });
  const deleteTx = db.transaction((id: string) => {
    q.delState.run(id);
    q.delLines.run(id);
  });

  return {
    async begin(conversationId, o: BeginOptions = {}): Promise<Turn> {
      await mutex.acquire(conversationId, o.waitMs ?? 10_000, () =>
        new StoreError("LOCK_TIMEOUT", "conversation is busy", { conversationId }),
      );
      let done = false;
      try {
        const duplicate = o.dedupeKey ? Boolean(q.seen.get(o.dedupeKey, now().getTime() - dedupeMs)) : false;
        const state = readState(conversationId);
        return {
          duplicate,
          state,
          async commit(batch) {
            if (done) throw new StoreError("LOCK_TIMEOUT", "turn already finished", { conversationId });
            try {
              commitTx(conversationId, batch);
            } finally {
              done = true;
              mutex.release(conversationId);
            }
          },
          async release() {
            if (done) return;
            done = true;
            mutex.release(conversationId);
          },
        };
      } catch (err) {
        mutex.release(conversationId);
        throw new StoreError("STORE_UNAVAILABLE", "sqlite read failed", { conversationId }, { cause: err });
      }
    },
    async peekState(id) {
      return readState(id);
    },
    async get<T>(c: Collection, key: string) {
      const row = q.getRec.get(c, key);
      return row ? (JSON.parse(row.value) as T) : null;
    },
    async list<T>(c: Collection) {
      return q.listRec.all(c).map((r) => JSON.parse(r.value) as T);
    },
    async put(c, key, value) {
      putRecord(c, key, value);
    },
    async transcript(id) {
      return q.lines.all(id).map((r) => JSON.parse(r.entry) as TranscriptEntry);
    },
    async deleteConversation(id) {
      deleteTx(id);
    },
    async conversationIds() {
      return q.ids.all(now().getTime()).map((r) => r.id);
    },
    async nextSequence(name) {
      return q.nextSeq.get(name)!.value;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
