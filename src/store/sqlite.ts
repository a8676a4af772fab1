import { chmodSync } from "node:fs";
import Database from "better-sqlite3";
import type { ConversationState } from "../domain/conversation.js";
import type { TranscriptEntry } from "../domain/records.js";
import { setNewest } from "../domain/memo.js";
import { StoreError } from "../errors.js";
import { isBefore, yieldToOthers } from "./idle.js";
import { KeyedMutex } from "./lock.js";
import type { Batch, BeginOptions, Collection, CommitCounter, Store, StoredReply, Turn } from "./port.js";
import { repliesOfLines, saidByLines } from "./reply-lines.js";
import { windowAdd, windowHas, windowMember } from "./seen.js";

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
  // Personal data: readable by Loket's user only, also a database made by an older version.
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch {
      // not there yet (-wal, -shm), or not ours to change
    }
  }
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Erased conversations (on request, by retention) leave no readable remains in the file: freed
  // space is overwritten with zeros. The journal's old copies go at the checkpoint after an erasure.
  db.pragma("secure_delete = ON");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("cache_size = -65536");
  // Checkpoint every ~40 MB of WAL instead of ~4 MB: pages rewritten often (active conversations)
  // are copied back once per checkpoint instead of many times (about 20% less time per turn).
  db.pragma("wal_autocheckpoint = 10000");
  return db;
}

/** How long a write waits for a lock another program holds (better-sqlite3 waits synchronously: nothing else runs meanwhile). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Another program holding loket.db's write lock for long (a database browser with unsaved
 * changes, a VACUUM) made every write wait BUSY_TIMEOUT_MS with the event loop blocked: six
 * messages froze every channel, the staff console and /healthz for 25-35 s. Once one wait has
 * run out, writes fail at once (the citizen is told to try again) until one succeeds.
 */
function lockWaiter(db: Database.Database): { failed(err: unknown): void; wrote(): void } {
  let waiting = true;
  return {
    failed(err) {
      if (!waiting || !(err instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(err.code))) return;
      waiting = false;
      db.pragma("busy_timeout = 0");
    },
    wrote() {
      if (waiting) return;
      waiting = true;
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    },
  };
}

/** Conversations read per page by idleConversations, between which other work runs. */
const IDLE_PAGE = 2_000;

/** Sweeps of expired conversation states run at most this often, checked at commits. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Schema version 2 (`PRAGMA user_version`). A conversation's transcript rows form a chain: each
 * row points at the conversation's previous row (`prev`) and the conversation's row holds the
 * newest (`tail`), so a turn appends without writing to an index (an index on conversation_id
 * cost a random page write per turn, about a fifth of a turn's time); the conversation's row is
 * rewritten every turn anyway. The row also keeps the recent message ids (`seen`, see seen.ts)
 * and outlives an expired state (`state` NULL) while the conversation has a transcript.
 *
 * `reply` (added later, see createSqliteStore) keeps the answer to the last message for a retry:
 * `{"messageId", "replies", "at"}`, or, when the turn's transcript row says those replies in its
 * bot lines (src/store/reply-lines.ts), `{"messageId", "at", "line"}` with that row's `seq`
 * instead of the text a second time. Both are read.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, state TEXT, expires_at INTEGER NOT NULL, seen TEXT, tail INTEGER);
CREATE TABLE IF NOT EXISTS records (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key));
-- entry: one TranscriptEntry, or a JSON array of the entries of one turn.
CREATE TABLE IF NOT EXISTS transcript (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, entry TEXT NOT NULL, prev INTEGER);
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
-- Counters within a window (nextSequence with expireMs): forgotten after expires_at.
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL, expires_at INTEGER NOT NULL);
`;
const VERSION = 2;

/** A conversations row as stored. */
interface ConvRow {
  state: string | null;
  expires_at: number;
  seen: string | null;
}
/** Conversation rows kept in memory (measured: 0.6–1.1 KB of heap each at ~500-byte states). */
const ROW_CACHE_MAX = 20_000;
/** Web answers kept for a retry: at most this many, for this long. */
const REPLIES_MAX = 1_000;
const REPLY_KEEP_MS = 10 * 60_000;

/**
 * Version 1 (before 2026-11-29) -> 2: the conversations table gains `seen` and `tail` and a
 * nullable state; every transcript row is linked to its conversation's previous one, then the
 * index on conversation_id goes. The old `dedupe` table stays, read-only, until its ids expire.
 * One transaction: an interrupted migration leaves version 1, and the next start redoes it.
 */
function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version >= VERSION) return;
  const hasTable = (name: string) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));
  const lacks = (table: string, column: string) => hasTable(table) && !(db.pragma(`table_info(${table})`) as { name: string }[]).some((c) => c.name === column);
  db.transaction(() => {
    const oldConversations = lacks("conversations", "tail");
    const oldTranscript = lacks("transcript", "prev");
    if (oldConversations) db.exec("ALTER TABLE conversations RENAME TO conversations_v1");
    if (oldTranscript) db.exec("ALTER TABLE transcript ADD COLUMN prev INTEGER");
    db.exec(SCHEMA);
    if (oldConversations) {
      db.exec("INSERT INTO conversations (id, state, expires_at) SELECT id, state, expires_at FROM conversations_v1; DROP TABLE conversations_v1;");
    }
    if (oldTranscript) {
      const link = db.prepare("UPDATE transcript SET prev = ? WHERE seq = ?");
      const setTail = db.prepare("INSERT INTO conversations (id, state, expires_at, tail) VALUES (?, NULL, 0, ?) ON CONFLICT(id) DO UPDATE SET tail = excluded.tail");
      let id: string | undefined;
      let last: number | undefined;
      // In pages along the old index (a statement being iterated cannot share the connection with writes).
      const page = db.prepare<[string, number], { seq: number; conversation_id: string }>(
        "SELECT seq, conversation_id FROM transcript WHERE (conversation_id, seq) > (?, ?) ORDER BY conversation_id, seq LIMIT 5000",
      );
      for (let rows = page.all("", -1); rows.length; rows = page.all(rows[rows.length - 1]!.conversation_id, rows[rows.length - 1]!.seq)) {
        for (const row of rows) {
          if (row.conversation_id !== id) {
            if (id !== undefined) setTail.run(id, last);
            id = row.conversation_id;
            last = undefined;
          }
          if (last !== undefined) link.run(last, row.seq);
          last = row.seq;
        }
      }
      if (id !== undefined) setTail.run(id, last);
    }
    db.exec("DROP INDEX IF EXISTS transcript_conversation");
    db.pragma(`user_version = ${VERSION}`);
  })();
}

/** What the operator can do about a failure of the embedded store, by SQLite's code (or its prefix: SQLITE_IOERR_WRITE). */
const SQLITE_HINTS: Record<string, string> = {
  SQLITE_BUSY: " (another program keeps loket.db locked for writing, e.g. a database browser with unsaved changes or a plain VACUUM: close it; a backup made with VACUUM INTO or .backup does not lock it)",
  SQLITE_FULL: " (the disk holding DATA_DIR is full: free space there; Loket goes on by itself once there is room)",
  SQLITE_READONLY: " (DATA_DIR or loket.db cannot be written: check its owner and that its disk is not mounted read-only)",
  SQLITE_IOERR: " (the disk holding DATA_DIR failed to read or write: check it)",
};

/**
 * The embedded default: one SQLite file in DATA_DIR, handed in by the caller. One process
 * owns it (locks are in-process); every turn's batch is one transaction, so a crash keeps
 * all of a turn or none of it.
 */
export function createSqliteStore(db: Database.Database, opts: SqliteStoreOptions = {}): Store {
  const now = opts.now ?? (() => new Date());
  const ttlMs = (opts.conversationTtlDays ?? 30) * 86_400_000;
  const dedupeMs = (opts.dedupeTtlDays ?? 7) * 86_400_000;
  migrate(db);
  // Added after version 2, by themselves: nothing to migrate.
  db.exec("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL, expires_at INTEGER NOT NULL)");
  if (!(db.pragma("table_info(conversations)") as { name: string }[]).some((c) => c.name === "reply")) db.exec("ALTER TABLE conversations ADD COLUMN reply TEXT");
  const q = {
    getConv: db.prepare<[string], ConvRow>("SELECT state, expires_at, seen FROM conversations WHERE id = ?"),
    setConv: db.prepare(
      "INSERT INTO conversations (id, state, expires_at, seen, tail, reply) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at, seen = excluded.seen, tail = coalesce(excluded.tail, conversations.tail), reply = coalesce(excluded.reply, conversations.reply)",
    ),
    keepConv: db.prepare(
      "INSERT INTO conversations (id, state, expires_at, seen, tail, reply) VALUES (?, NULL, 0, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET seen = excluded.seen, tail = coalesce(excluded.tail, conversations.tail), reply = coalesce(excluded.reply, conversations.reply)",
    ),
    getReply: db.prepare<[string], { reply: string | null }>("SELECT reply FROM conversations WHERE id = ?"),
    delConv: db.prepare("DELETE FROM conversations WHERE id = ?"),
    ids: db.prepare<[number], { id: string }>("SELECT id FROM conversations WHERE state IS NOT NULL AND expires_at > ?"),
    expire: db.prepare("UPDATE conversations SET state = NULL, seen = NULL, reply = NULL WHERE state IS NOT NULL AND expires_at <= ?"),
    forget: db.prepare("DELETE FROM conversations WHERE state IS NULL AND tail IS NULL"),
    getRec: db.prepare<[string, string], { value: string }>("SELECT value FROM records WHERE collection = ? AND key = ?"),
    listRec: db.prepare<[string], { value: string }>("SELECT value FROM records WHERE collection = ? ORDER BY key"),
    setRec: db.prepare("INSERT INTO records (collection, key, value) VALUES (?, ?, ?) ON CONFLICT(collection, key) DO UPDATE SET value = excluded.value"),
    delRec: db.prepare("DELETE FROM records WHERE collection = ? AND key = ?"),
    // The new row's prev is read in the same transaction: right even if the conversation was erased meanwhile.
    addLine: db.prepare("INSERT INTO transcript (conversation_id, entry, prev) VALUES (?, ?, (SELECT tail FROM conversations WHERE id = ?))"),
    tail: db.prepare<[string], { tail: number | null }>("SELECT tail FROM conversations WHERE id = ?"),
    line: db.prepare<[number], { conversation_id: string; entry: string; prev: number | null }>("SELECT conversation_id, entry, prev FROM transcript WHERE seq = ?"),
    delLine: db.prepare("DELETE FROM transcript WHERE seq = ?"),
    // A page of conversations with their newest transcript entry's time (one entry or a turn's array).
    lastAt: db.prepare<[string, number], { id: string; at: string | null }>(
      "SELECT c.id AS id, CASE json_type(t.entry) WHEN 'array' THEN json_extract(t.entry, '$[#-1].at') ELSE json_extract(t.entry, '$.at') END AS at FROM conversations c JOIN transcript t ON t.seq = c.tail WHERE c.id > ? ORDER BY c.id LIMIT ?",
    ),
    nextSeq: db.prepare<[string], { value: number }>(
      "INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
    ),
    // Positional, the value alone (pluck): one a Telegram update (its answer's mark), ~0.7 us less
    // than named parameters read from an object and a row object made for one column.
    // Parameters: name, by, the new expiry, now.
    nextCount: db
      .prepare<[string, number, number, number], number>(
        "INSERT INTO counters (name, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = CASE WHEN counters.expires_at <= ? THEN excluded.value ELSE counters.value + excluded.value END, expires_at = excluded.expires_at RETURNING value",
      )
      .pluck(),
    forgetCounts: db.prepare("DELETE FROM counters WHERE expires_at <= ?"),
  };
  // Message ids remembered by version 1 in a table of their own, read until they expire.
  let legacy = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dedupe'").get()
    ? { seen: db.prepare<[string, number], { key: string }>("SELECT key FROM dedupe WHERE key = ? AND at > ?"), sweep: db.prepare("DELETE FROM dedupe WHERE at <= ?") }
    : undefined;
  const mutex = new KeyedMutex();
  const lockWait = lockWaiter(db);
  let lastSweep = -Infinity;
  /** Expired states go (their transcripts stay); so do version 1's expired message ids. */
  const sweep = (t: number): void => {
    lastSweep = t;
    rowCache.clear();
    q.expire.run(t);
    q.forget.run();
    q.forgetCounts.run(t);
    if (legacy) {
      legacy.sweep.run(t - dedupeMs);
      if (!db.prepare("SELECT 1 FROM dedupe LIMIT 1").get()) {
        db.exec("DROP TABLE dedupe");
        legacy = undefined;
      }
    }
  };

  /**
   * The conversation rows last read or committed, as stored (text), so a turn does not read back
   * what this process wrote: inside the server the SELECT cost ~20 us a turn. This process is the
   * only writer of conversation rows (`npm run staff` touches staff records only); the cache is
   * updated only after a commit succeeds, dropped for a conversation being erased, and cleared
   * at each sweep. Bounded: the oldest-written rows go first.
   * The state is kept as text and parsed at every `begin` (~3% of a web message's CPU): handing the
   * next turn the object the last one committed instead (perf13, 2026-12-02) measured 6-12% more
   * CPU per message, paired both ways round (bench/pair-pipeline.mjs). The garbage collector's
   * young-generation passes took longer with it (wall time, on a busy machine: 99 -> 121 and
   * 69 -> 104 us a message, alternated): kept until the conversation's next message, every state
   * survives them and is copied, while a parsed state dies young.
   */
  const rowCache = new Map<string, ConvRow>();
  const remember = (id: string, row: ConvRow): void => setNewest(rowCache, id, row, ROW_CACHE_MAX);
  const readRow = (id: string): ConvRow | undefined => {
    let row = rowCache.get(id);
    if (!row) {
      row = q.getConv.get(id);
      if (row) remember(id, row);
    }
    return row;
  };
  const parseState = (row: ConvRow | undefined, t: number): ConversationState | null =>
    row?.state != null && row.expires_at > t ? (JSON.parse(row.state) as ConversationState) : null;
  const readState = (id: string): ConversationState | null => parseState(readRow(id), now().getTime());
  sweep(now().getTime());
  /**
   * The newest first: follows the chain from the conversation's tail; with `enough`, stops once the
   * rows read hold that many entries (a row is one entry or a turn's array of them).
   */
  const chain = (id: string, enough = Infinity): { seq: number; entry: string }[] => {
    const out: { seq: number; entry: string }[] = [];
    let entries = 0;
    for (let seq = q.tail.get(id)?.tail ?? null; seq !== null && entries < enough; ) {
      const row = q.line.get(seq);
      if (!row || row.conversation_id !== id) break;
      out.push({ seq, entry: row.entry });
      if (enough !== Infinity) entries += row.entry.startsWith("[") ? (JSON.parse(row.entry) as unknown[]).length : 1;
      seq = row.prev;
    }
    return out;
  };
  /** The entries of chain rows (newest row first), oldest first. */
  const entriesOf = (rows: { entry: string }[]): TranscriptEntry[] =>
    rows.reverse().flatMap((r) => {
      const v = JSON.parse(r.entry) as TranscriptEntry | TranscriptEntry[];
      return Array.isArray(v) ? v : [v];
    });
  /** A batch with every value already serialised: a value that cannot be stored fails before the transaction. */
  interface Rows {
    state: string | null | undefined;
    puts: { c: Collection; key: string; value: string | null }[];
    /** The turn's transcript row: one entry, or the turn's entries as one JSON array; null: none. */
    line: string | null;
    /** The conversation's dedupe window after this turn (see seen.ts). */
    seen: string | null;
    /**
     * The web answer kept for a retry (Batch.reply), with when it was given; null: the last one
     * stays. Said by the turn's transcript lines: only its id and time (the row's seq is added
     * when written).
     */
    reply: string | { messageId: string; at: number } | null;
  }
  const serialise = (b: Batch, seen: string | null, member: (key: string) => string): Rows => ({
    state: b.state === undefined ? undefined : b.state === null ? null : JSON.stringify(b.state),
    puts: (b.puts ?? []).map((p) => ({ c: p.collection, key: p.key, value: p.value === null ? null : JSON.stringify(p.value) })),
    line: !b.transcript?.length ? null : JSON.stringify(b.transcript.length === 1 ? b.transcript[0] : b.transcript),
    seen: b.dedupeKey ? windowAdd(seen, member(b.dedupeKey), now().getTime()) : seen,
    reply: !b.reply
      ? null
      : b.transcript?.length && saidByLines(b.reply.replies, b.transcript)
        ? { messageId: b.reply.messageId, at: now().getTime() }
        : JSON.stringify({ ...b.reply, at: now().getTime() }),
  });
  /** Writes a turn; returns the conversation row as it now stands, when known. */
  const writeTurn = (conversationId: string, rows: Rows, t: number): ConvRow | undefined => {
    for (const p of rows.puts) {
      if (p.value === null) q.delRec.run(p.c, p.key);
      else q.setRec.run(p.c, p.key, p.value);
    }
    // A turn's lines share one row (a JSON array): one insert per turn.
    let tail: number | bigint | null = null;
    if (rows.line !== null) tail = q.addLine.run(conversationId, rows.line, conversationId).lastInsertRowid;
    // An answer the lines just written say: a pointer to their row (serialise gives it only with lines).
    const reply = rows.reply === null || typeof rows.reply === "string" ? rows.reply : `{"messageId":${JSON.stringify(rows.reply.messageId)},"at":${rows.reply.at},"line":${tail}}`;
    if (rows.state === null) {
      q.setConv.run(conversationId, null, 0, null, tail, reply);
      return { state: null, expires_at: 0, seen: null };
    }
    if (rows.state !== undefined) {
      q.setConv.run(conversationId, rows.state, t + ttlMs, rows.seen, tail, reply);
      return { state: rows.state, expires_at: t + ttlMs, seen: rows.seen };
    }
    if (tail !== null || rows.seen || reply) q.keepConv.run(conversationId, rows.seen, tail, reply);
    return undefined;
  };
  /**
   * A write waiting for the next group commit: a turn's rows, or a count in a window (a Telegram
   * answer's mark). `write` runs inside the group's transaction; `done` only after it committed.
   */
  interface Pending {
    write: (t: number) => void;
    done: () => void;
    reject: (err: unknown) => void;
  }
  const commitGroup = db.transaction((group: Pending[]) => {
    const t = now().getTime();
    for (const p of group) p.write(t);
    // A long-running process forgets old message ids and expired states now and then, not only at start.
    if (t - lastSweep >= SWEEP_EVERY_MS) sweep(t);
  });
  let pending: Pending[] = [];
  /**
   * Group commit: the turns that finished in one pass of the event loop are written in one
   * transaction (setImmediate runs after the pass's I/O callbacks). A turn's promise resolves only
   * once its rows are committed, so nothing is acknowledged before it is stored; each turn is still
   * all-or-nothing. Under load this divides SQLite's per-transaction cost (the WAL write) among
   * the turns of the pass. If the group fails, each turn is retried alone, so one turn's failure
   * (disk full, say) is reported to that turn only. Counts in a window (`nextSequence` with
   * `expireMs`) join the group the same way: one a Telegram update, its answer's mark, cost ~16 µs
   * as a transaction of its own and ~6 in a group of 64.
   */
  const flush = (): void => {
    const group = pending;
    pending = [];
    try {
      commitGroup(group);
      lockWait.wrote();
      for (const p of group) p.done();
    } catch (err) {
      lockWait.failed(err);
      if (group.length === 1) return group[0]!.reject(err);
      for (const p of group) {
        try {
          commitGroup([p]);
          p.done();
        } catch (e) {
          p.reject(e);
        }
      }
    }
  };
  const schedule = (p: Pending): void => {
    if (!pending.length) setImmediate(flush);
    pending.push(p);
  };
  /**
   * A turn's rows, committed with the pass's group; after the commit the row cache and kept answers
   * follow them. Its counts (Batch.counters) are raised in the same transaction: resolves with them.
   */
  const enqueue = (conversationId: string, rows: Rows, reply?: StoredReply, counters: CommitCounter[] = []): Promise<number[]> =>
    new Promise<number[]>((resolve, reject) => {
      let after: ConvRow | undefined;
      let values: number[] = [];
      schedule({
        write: (t) => {
          after = writeTurn(conversationId, rows, t);
          values = counters.map((c) => q.nextCount.get(c.name, c.by, t + c.expireMs, t)!);
        },
        done: () => {
          if (after) remember(conversationId, after);
          else rowCache.delete(conversationId);
          if (reply) keepReply(conversationId, reply);
          resolve(values);
        },
        reject,
      });
    });
  /** A count in a window, counted in the pass's group commit. */
  const enqueueCount = (name: string, ms: number, by: number): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      let value = 0;
      schedule({
        write: (t) => {
          value = q.nextCount.get(name, by, t + ms, t)!;
        },
        done: () => resolve(value),
        reject,
      });
    });
  /**
   * Web answers kept for a page that retries a message (Batch.reply): written with the turn into the
   * conversation's row (its `reply` column, not read by a turn), since the retry that matters most
   * comes after Loket died between storing a turn and answering it (the page sends it again once
   * Loket is back: "ya" must get its registration number, not an empty answer). The last ones are
   * also kept here, so a retry does not read the row. Bounded: the oldest go first.
   */
  const replies = new Map<string, { reply: StoredReply; at: number }>();
  const keepReply = (id: string, reply: StoredReply): void => setNewest(replies, id, { reply, at: now().getTime() }, REPLIES_MAX);
  /** The answer kept in the conversation's row (see above), when this process has none in memory. */
  const storedReply = (id: string): { reply: StoredReply; at: number } | undefined => {
    const raw = guard(() => q.getReply.get(id))?.reply;
    if (!raw) return undefined;
    const { at, line, ...kept } = JSON.parse(raw) as { messageId: string; replies?: unknown[]; line?: number; at: number };
    if (kept.replies) return { reply: kept as StoredReply, at };
    // Said by the turn's transcript row (see SCHEMA): rebuilt from its bot lines.
    const row = line === undefined ? undefined : guard(() => q.line.get(line));
    if (!row || row.conversation_id !== id) return undefined;
    const entries = JSON.parse(row.entry) as TranscriptEntry | TranscriptEntry[];
    return { reply: { messageId: kept.messageId, replies: repliesOfLines(Array.isArray(entries) ? entries : [entries]) }, at };
  };
  /** SQLite failures (disk full, file locked by another process) are the store being unavailable. */
  // SQLite's own words carry no values ("database or disk is full"): they go into the message the
  // operator reads, with what to do for the failures an office meets.
  const storeError = (err: unknown, context: Record<string, unknown>): unknown =>
    err instanceof Database.SqliteError ? new StoreError("STORE_UNAVAILABLE", `sqlite failed: ${err.code}: ${err.message}${Object.entries(SQLITE_HINTS).find(([code]) => err.code.startsWith(code))?.[1] ?? ""}`, context, { cause: err }) : err;
  const guard = <T>(fn: () => T, context: Record<string, unknown> = {}): T => {
    try {
      return fn();
    } catch (err) {
      lockWait.failed(err);
      throw storeError(err, context);
    }
  };
  /** A write outside a turn: one that succeeds ends a lock-out (see lockWaiter). */
  const write = <T>(fn: () => T): T => {
    const out = guard(fn);
    lockWait.wrote();
    return out;
  };
  /**
   * After an erasure the write-ahead journal still holds earlier copies of the erased pages until
   * its next checkpoint: one is run, and the journal truncated, a second after the last erasure
   * (a retention sweep erases many at once; one checkpoint covers them).
   */
  let scrubTimer: NodeJS.Timeout | undefined;
  const scrubJournal = (): void => {
    if (scrubTimer) clearTimeout(scrubTimer);
    scrubTimer = setTimeout(() => {
      scrubTimer = undefined;
      try {
        if (db.open) db.pragma("wal_checkpoint(TRUNCATE)");
      } catch {
        // busy (another connection reading): the automatic checkpoint comes later
      }
    }, 1_000);
    scrubTimer.unref();
  };
  const deleteTx = db.transaction((id: string) => {
    rowCache.delete(id);
    replies.delete(id);
    for (const { seq } of chain(id)) q.delLine.run(seq);
    q.delConv.run(id);
  });

  return {
    async begin(conversationId, o: BeginOptions = {}): Promise<Turn> {
      await mutex.acquire(conversationId, o.waitMs ?? 10_000, () =>
        new StoreError("LOCK_TIMEOUT", "conversation is busy", { conversationId }),
      );
      let done = false;
      try {
        const t = now().getTime();
        const row = readRow(conversationId);
        const seen = row?.seen ?? null;
        const digest = o.dedupeKey ? windowMember(o.dedupeKey) : "";
        const member = (key: string) => (key === o.dedupeKey ? digest : windowMember(key));
        const duplicate = o.dedupeKey ? windowHas(seen, digest, t - dedupeMs) || Boolean(legacy?.seen.get(o.dedupeKey, t - dedupeMs)) : false;
        const state = parseState(row, t);
        return {
          duplicate,
          state,
          async commit(batch) {
            if (done) throw new StoreError("LOCK_TIMEOUT", "turn already finished", { conversationId });
            try {
              const rows = serialise(batch, seen, member);
              return await enqueue(conversationId, rows, batch.reply, batch.counters).catch((err: unknown) => {
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
          async lastReply() {
            const kept = replies.get(conversationId) ?? storedReply(conversationId);
            return kept && now().getTime() - kept.at < REPLY_KEEP_MS ? kept.reply : null;
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
      write(() => (json === null ? q.delRec.run(c, key) : q.setRec.run(c, key, json)));
    },
    async transcript(id) {
      return entriesOf(guard(() => chain(id)));
    },
    async transcriptTail(id, count) {
      return count > 0 ? entriesOf(guard(() => chain(id, count))).slice(-count) : [];
    },
    async deleteConversation(id) {
      guard(() => deleteTx(id));
      scrubJournal();
    },
    async conversationIds() {
      return guard(() => q.ids.all(now().getTime())).map((r) => r.id);
    },
    async idleConversations(before) {
      const ids: string[] = [];
      for (let after = ""; ; await yieldToOthers()) {
        const page = guard(() => q.lastAt.all(after, IDLE_PAGE));
        for (const r of page) if (isBefore(r.at, before)) ids.push(r.id);
        if (page.length < IDLE_PAGE) return ids;
        after = page[page.length - 1]!.id;
      }
    },
    async nextSequence(name, opts = {}) {
      const { expireMs } = opts;
      if (expireMs === undefined) return write(() => q.nextSeq.get(name)!.value);
      return enqueueCount(name, expireMs, opts.by ?? 1).catch((err: unknown) => {
        throw storeError(err, {});
      });
    },
    async close() {
      if (scrubTimer) clearTimeout(scrubTimer); // closing checkpoints the journal and removes it
      if (pending.length && db.open) flush();
      if (db.open) db.close();
    },
  };
}

/**
 * What an embedded store holds that the Store port cannot list: the keys of each collection, the
 * registration-style counters (not the counts within a window), and every conversation with a
 * state or a transcript. Read by the move to Redis (src/store/move.ts), from a snapshot; the
 * values themselves are read through the port.
 */
export interface SqliteContents {
  /** Each collection with records, and how many. */
  collections(): { collection: Collection; count: number }[];
  keys(collection: Collection): string[];
  /** Counters that never expire (`nextSequence` without `expireMs`): registration numbers, case tickets. */
  sequences(): { name: string; value: number }[];
  /** Conversations with a state (even an expired one not yet swept) or a transcript. */
  conversationIds(): string[];
}

export function sqliteContents(db: Database.Database): SqliteContents {
  return {
    collections: () => db.prepare<[], { collection: Collection; count: number }>("SELECT collection, count(*) AS count FROM records GROUP BY collection ORDER BY collection").all(),
    keys: (c) => db.prepare<[string], { key: string }>("SELECT key FROM records WHERE collection = ? ORDER BY key").all(c).map((r) => r.key),
    sequences: () => db.prepare<[], { name: string; value: number }>("SELECT name, value FROM sequences ORDER BY name").all(),
    conversationIds: () => db.prepare<[], { id: string }>("SELECT id FROM conversations WHERE state IS NOT NULL OR tail IS NOT NULL ORDER BY id").all().map((r) => r.id),
  };
}
