import type { Redis } from "ioredis";
import type { Collection, Store } from "./port.js";
import { raiseRedisSequence, redisKey } from "./redis.js";
import type { SqliteContents } from "./sqlite.js";

/**
 * The move of an office's embedded store (SQLite in DATA_DIR) to Redis, for `npm run
 * move-to-redis` (src/cli/move-to-redis.ts). Values are read through the Store port of a snapshot
 * of loket.db and written through the Redis store; only what the port cannot list (keys,
 * counters, conversation ids) comes from the snapshot's tables (SqliteContents).
 *
 * Safe to run again: a mark in Redis (`<prefix>move:embedded`) names the DATA_DIR being moved and,
 * once verified, when it finished. A run cut off midway is resumed by the next one (records are
 * written again with the same values, a conversation already there is left: each was written in
 * one atomic commit, state and transcript together, so it is there whole or not at all); a
 * finished move is not repeated (Loket on Redis may have changed the records since).
 *
 * Not moved, because they expire by themselves: each conversation's recent message ids (dedupe,
 * 7 days) and its last answer kept for a retry (10 minutes), counts within a window (rate limits,
 * wrong status checks, Telegram update marks), conversation locks. A form's state gets a new
 * CONVERSATION_TTL_DAYS from the move.
 */

export interface MoveSource {
  /** The embedded store (opened on a snapshot). */
  store: Store;
  contents: SqliteContents;
  /** Names the DATA_DIR in the mark (its real path): a second office's move into the same prefix is refused. */
  dataDir: string;
}

export interface MoveTarget {
  store: Store;
  redis: Redis;
  prefix: string;
}

export interface MoveReport {
  records: { collection: Collection; source: number; target: number }[];
  sequences: { name: string; source: number; target: number }[];
  conversations: { total: number; states: number; transcriptLines: number; alreadyThere: number };
  /** Counts that differ after the move (empty: verified). Names and numbers only. */
  mismatches: string[];
  resumed: boolean;
}

export type MoveOutcome =
  | { type: "moved"; report: MoveReport }
  | { type: "already_moved"; at: string }
  | { type: "not_empty"; keys: number; kinds: string[] }
  | { type: "other_move"; startedAt: string };

interface Mark {
  dataDir: string;
  startedAt: string;
  finishedAt?: string;
}

/** Keys any Loket instance writes at start, or the move's own: they do not make a prefix "in use". */
const HARMLESS = ["move:embedded", "uploads:mark"];
/** Records read and written at once; conversations moved at once. */
const RECORD_BATCH = 256;
const CONVERSATION_BATCH = 64;

export const moveMarkKey = (prefix: string): string => `${prefix}move:embedded`;

/** Reads the move's mark, if any (Loket on Redis warns at start while one is unfinished). */
export async function readMoveMark(redis: Redis, prefix: string): Promise<Mark | null> {
  const raw = await redis.get(moveMarkKey(prefix));
  return raw ? (JSON.parse(raw) as Mark) : null;
}

export async function moveToRedis(
  source: MoveSource,
  target: MoveTarget,
  opts: { now?: () => Date; progress?: (done: number, total: number) => void; afterConversation?: (done: number) => void } = {},
): Promise<MoveOutcome> {
  const now = opts.now ?? (() => new Date());
  const { redis, prefix } = target;
  const mark = await readMoveMark(redis, prefix);
  if (mark && mark.dataDir !== source.dataDir) return { type: "other_move", startedAt: mark.startedAt };
  if (mark?.finishedAt) return { type: "already_moved", at: mark.finishedAt };
  if (!mark) {
    const found = await loketKeys(redis, prefix);
    if (found.keys) return { type: "not_empty", ...found };
    const fresh: Mark = { dataDir: source.dataDir, startedAt: now().toISOString() };
    if ((await redis.set(moveMarkKey(prefix), JSON.stringify(fresh), "NX")) !== "OK") return { type: "other_move", startedAt: fresh.startedAt };
  }

  // Records: every collection, by key, values through the port.
  const records: MoveReport["records"] = [];
  for (const { collection, count } of source.contents.collections()) {
    const keys = source.contents.keys(collection);
    for (let i = 0; i < keys.length; i += RECORD_BATCH) {
      const slice = keys.slice(i, i + RECORD_BATCH);
      const values = await Promise.all(slice.map((k) => source.store.get(collection, k)));
      await Promise.all(slice.map((k, j) => (values[j] === null ? undefined : target.store.put(collection, k, values[j]))));
    }
    records.push({ collection, source: count, target: 0 });
  }

  // Counters: the next number goes on from the larger of both.
  const sequences: MoveReport["sequences"] = [];
  for (const s of source.contents.sequences()) sequences.push({ name: s.name, source: s.value, target: await raiseRedisSequence(redis, prefix, s.name, s.value) });

  // Conversations: state and transcript in one commit each.
  const ids = source.contents.conversationIds();
  const expected = new Map<string, { state: boolean; lines: number }>();
  const conversations = { total: ids.length, states: 0, transcriptLines: 0, alreadyThere: 0 };
  let done = 0;
  for (let i = 0; i < ids.length; i += CONVERSATION_BATCH) {
    await Promise.all(
      ids.slice(i, i + CONVERSATION_BATCH).map(async (id) => {
        const [state, transcript] = await Promise.all([source.store.peekState(id), source.store.transcript(id)]);
        expected.set(id, { state: state !== null, lines: transcript.length });
        if (state) conversations.states++;
        conversations.transcriptLines += transcript.length;
        if (!state && !transcript.length) return;
        if ((await redis.exists(redisKey.conversation(prefix, id, "state"), redisKey.conversation(prefix, id, "transcript"))) > 0) {
          conversations.alreadyThere++;
          return;
        }
        const turn = await target.store.begin(id);
        try {
          await turn.commit({ ...(state ? { state } : {}), transcript });
        } catch (err) {
          await turn.release();
          throw err;
        }
      }),
    );
    done = Math.min(ids.length, i + CONVERSATION_BATCH);
    opts.progress?.(done, ids.length);
    opts.afterConversation?.(done);
  }

  const mismatches = await verify(target, records, sequences, expected);
  if (!mismatches.length) await redis.set(moveMarkKey(prefix), JSON.stringify({ dataDir: source.dataDir, startedAt: mark?.startedAt ?? now().toISOString(), finishedAt: now().toISOString() } satisfies Mark));
  return { type: "moved", report: { records, sequences, conversations, mismatches, resumed: mark !== null } };
}

/** Counts in Redis against the snapshot's: records per collection, counters, each conversation's state and transcript length. */
async function verify(target: MoveTarget, records: MoveReport["records"], sequences: MoveReport["sequences"], expected: Map<string, { state: boolean; lines: number }>): Promise<string[]> {
  const { redis, prefix } = target;
  const out: string[] = [];
  for (const r of records) {
    r.target = await redis.hlen(redisKey.collection(prefix, r.collection));
    if (r.target !== r.source) out.push(`${r.collection}: ${r.source} -> ${r.target}`);
  }
  for (const s of sequences) {
    s.target = Number((await redis.get(redisKey.sequence(prefix, s.name))) ?? 0);
    if (s.target < s.source) out.push(`${s.name}: ${s.source} -> ${s.target}`);
  }
  let states = 0;
  let lines = 0;
  const entries = [...expected];
  for (let i = 0; i < entries.length; i += 1000) {
    const pipeline = redis.pipeline();
    for (const [id] of entries.slice(i, i + 1000)) pipeline.exists(redisKey.conversation(prefix, id, "state")).llen(redisKey.conversation(prefix, id, "transcript"));
    const res = (await pipeline.exec()) ?? [];
    entries.slice(i, i + 1000).forEach(([, want], j) => {
      const [hasState, length] = [Number(res[2 * j]?.[1] ?? 0), Number(res[2 * j + 1]?.[1] ?? 0)];
      if (want.state && !hasState) states++;
      if (length !== want.lines) lines++;
    });
  }
  if (states) out.push(`conversation states missing: ${states}`);
  if (lines) out.push(`conversation transcripts of another length: ${lines}`);
  return out;
}

/** How many keys under the prefix a Loket wrote, and of which kinds (never a key's own name: a conversation's holds a phone number). */
async function loketKeys(redis: Redis, prefix: string): Promise<{ keys: number; kinds: string[] }> {
  const kinds = new Set<string>();
  let keys = 0;
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
  let cursor = "0";
  do {
    const [next, page] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    for (const key of page) {
      const rest = key.slice(prefix.length);
      if (HARMLESS.includes(rest)) continue;
      keys++;
      kinds.add(rest.startsWith("{c:") ? "conversations" : rest.startsWith("rec:") ? rest : rest.split(":")[0]!);
    }
  } while (cursor !== "0");
  return { keys, kinds: [...kinds].sort() };
}
