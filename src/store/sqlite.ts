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
  db.pragma("cache_size = -65536");
  // Checkpoint every ~40 MB of WAL instead of ~4 MB: pages rewritten often (active conversations)
  // are copied back once per checkpoint instead of many times (about 20% less time per turn).
  db.pragma("wal_autocheckpoint = 10000");
  return db;
}

/** Commits between two sweeps of expired conversation states and message ids. */
const SWEEP_EVERY = 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS records (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key));
-- entry: one TranscriptEntry, or a JSON array of the entries of one turn.
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
  let commits = 0;
  const t0 = now().getTime();
  q.sweep.run(t0);
  q.sweepSeen.run(t0 - dedupeMs);

  const readState = (id: string): ConversationState | null => {
    const row = q.getState.get(id, now().getTime());
    return row ? (JSON.parse(row.state) as ConversationState) : null;
  };
  /** A batch with every value already serialised: a value that cannot be stored fails before the transaction. */
  interface Rows {
    state: string | null | undefined;
    puts: { c: Collection; key: string; value: string | null }[];
    lines: string[];
    dedupeKey?: string;
  }
  const serialise = (b: Batch): Rows => ({
    state: b.state === undefined ? undefined : b.state === null ? null : JSON.stringify(b.state),
    puts: (b.puts ?? []).map((p) => ({ c: p.collection, key: p.key, value: p.value === null ? null : JSON.stringify(p.value) })),
    lines: (b.transcript ?? []).map((l) => JSON.stringify(l)),
    ...(b.dedupeKey ? { dedupeKey: b.dedupeKey } : {}),
  });
  const writeTurn = (conversationId: string, rows: Rows, t: number): void => {
    if (rows.state === null) q.delState.run(conversationId);
    else if (rows.state !== undefined) q.setState.run(conversationId, rows.state, t + ttlMs);
    for (const p of rows.puts) {
      if (p.value === null) q.delRec.run(p.c, p.key);
      else q.setRec.run(p.c, p.key, p.value);
    }
    // A turn's lines share one row (a JSON array): one insert and one index entry per turn.
    if (rows.lines.length === 1) q.addLine.run(conversationId, rows.lines[0]);
    else if (rows.lines.length > 1) q.addLine.run(conversationId, `[${rows.lines.join(",")}]`);
    if (rows.dedupeKey) q.markSeen.run(rows.dedupeKey, t);
  };
  /** Turns waiting for the next group commit. */
  interface Pending {
    conversationId: string;
    rows: Rows;
    resolve: () => void;
    reject: (err: unknown) => void;
  }
  const commitGroup = db.transaction((group: Pending[]) => {
    const t = now().getTime();
    for (const p of group) writeTurn(p.conversationId, p.rows, t);
    // A long-running process forgets old message ids and expired states now and then, not only at start.
    commits += group.length;
    if (commits >= SWEEP_EVERY) {
      commits = 0;
      q.sweep.run(t);
      q.sweepSeen.run(t - dedupeMs);
    }
  });
  let pending: Pending[] = [];
  /**
   * Group commit: the turns that finished in one pass of the event loop are written in one
   * transaction (setImmediate runs after the pass's I/O callbacks). A turn's promise resolves only
   * once its rows are committed, so nothing is acknowledged before it is stored; each turn is still
   * all-or-nothing. Under load this divides SQLite's per-transaction cost (the WAL write) among
   * the turns of the pass. If the group fails, each turn is retried alone, so one turn's failure
   * (disk full, say) is reported to that turn only.
   */
  const flush = (): void => {
    const group = pending;
    pending = [];
    try {
      commitGroup(group);
      for (const p of group) p.resolve();
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      for (const p of group) {
        try {
          commitGroup([p]);
          p.resolve();
        } catch (e) {
          p.reject(e);
        }
      }
    }
  };
  const enqueue = (conversationId: string, rows: Rows): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (!pending.length) setImmediate(flush);
      pending.push({ conversationId, rows, resolve, reject });
    });
  /** SQLite failures (disk full, file locked by another process) are the store being unavailable. */
  const storeError = (err: unknown, context: Record<string, unknown>): unknown =>
    err instanceof Database.SqliteError ? new StoreError("STORE_UNAVAILABLE", "sqlite failed", context, { cause: err }) : err;
  const guard = <T>(fn: () => T, context: Record<string, unknown> = {}): T => {
    try {
      return fn();
    } catch (err) {
      throw storeError(err, context);
    }
  };
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
              const rows = serialise(batch);
              await enqueue(conversationId, rows).catch((err: unknown) => {
                throw storeError(err, { conversationId });
              });
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
      return guard(() => readState(id));
    },
    async get<T>(c: Collection, key: string) {
      const row = guard(() => q.getRec.get(c, key));
      return row ? (JSON.parse(row.value) as T) : null;
    },
    async list<T>(c: Collection) {
      return guard(() => q.listRec.all(c)).map((r) => JSON.parse(r.value) as T);
    },
    async put(c, key, value) {
      const json = value === null ? null : JSON.stringify(value);
      guard(() => (json === null ? q.delRec.run(c, key) : q.setRec.run(c, key, json)));
    },
    async transcript(id) {
      return guard(() => q.lines.all(id)).flatMap((r) => {
        const v = JSON.parse(r.entry) as TranscriptEntry | TranscriptEntry[];
        return Array.isArray(v) ? v : [v];
      });
    },
    async deleteConversation(id) {
      guard(() => deleteTx(id));
    },
    async conversationIds() {
      return guard(() => q.ids.all(now().getTime())).map((r) => r.id);
    },
    async nextSequence(name) {
      return guard(() => q.nextSeq.get(name)!.value);
    },
    async close() {
      if (pending.length && db.open) flush();
      if (db.open) db.close();
    },
  };
}
