import type { ConversationState } from "../domain/conversation.js";
import type { TranscriptEntry } from "../domain/records.js";
import { StoreError } from "../errors.js";
import { KeyedMutex } from "./lock.js";
import { isBefore } from "./idle.js";
import type { Batch, BeginOptions, Collection, Store, StoredReply, Turn } from "./port.js";

export interface MemoryStoreOptions {
  now?: () => Date;
  /** Abandoned conversation state expires after this many days without a message. Default 30. */
  conversationTtlDays?: number;
  /** Processed-message ids are remembered this long. Default 7 days. */
  dedupeTtlDays?: number;
}

const clone = <T>(v: T): T => (v === undefined || v === null ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * The store in process memory, for tests. Values are copied in and out as JSON so that
 * tests see exactly what a persistent adapter would give back.
 */
/** Message ids are remembered per conversation, as the SQLite and Redis stores keep them. */
const seenKey = (conversationId: string, dedupeKey: string) => `${conversationId}\u0000${dedupeKey}`;

export function createMemoryStore(opts: MemoryStoreOptions = {}): Store {
  const now = opts.now ?? (() => new Date());
  const ttlMs = (opts.conversationTtlDays ?? 30) * 86_400_000;
  const dedupeMs = (opts.dedupeTtlDays ?? 7) * 86_400_000;
  const states = new Map<string, { state: ConversationState; expiresAt: number }>();
  const records = new Map<Collection, Map<string, unknown>>();
  const transcripts = new Map<string, TranscriptEntry[]>();
  /** Message id -> when it was processed (ms). */
  const dedupe = new Map<string, number>();
  const sequences = new Map<string, number>();
  /** When each counter with a window (nextSequence expireMs) may be forgotten. */
  const counterUntil = new Map<string, number>();
  const replies = new Map<string, StoredReply>();
  const mutex = new KeyedMutex();

  const coll = (c: Collection) => {
    let m = records.get(c);
    if (!m) records.set(c, (m = new Map()));
    return m;
  };
  const readState = (id: string): ConversationState | null => {
    const s = states.get(id);
    if (!s) return null;
    if (s.expiresAt <= now().getTime()) {
      states.delete(id);
      return null;
    }
    return clone(s.state);
  };

  const store: Store = {
    async begin(conversationId, o: BeginOptions = {}): Promise<Turn> {
      await mutex.acquire(conversationId, o.waitMs ?? 10_000, () =>
        new StoreError("LOCK_TIMEOUT", "conversation is busy", { conversationId }),
      );
      let done = false;
      const finish = () => {
        if (done) throw new StoreError("LOCK_TIMEOUT", "turn already finished", { conversationId });
        done = true;
        mutex.release(conversationId);
      };
      return {
        duplicate: o.dedupeKey ? (dedupe.get(seenKey(conversationId, o.dedupeKey)) ?? -Infinity) > now().getTime() - dedupeMs : false,
        state: readState(conversationId),
        async commit(batch: Batch) {
          if (done) throw new StoreError("LOCK_TIMEOUT", "turn already finished", { conversationId });
          try {
            applyBatch(conversationId, batch);
            // Raised once the batch is written (applyBatch writes all of it or nothing).
            return await Promise.all((batch.counters ?? []).map((c) => store.nextSequence(c.name, { expireMs: c.expireMs, by: c.by })));
          } finally {
            finish();
          }
        },
        async release() {
          if (!done) finish();
        },
        async lastReply() {
          return clone(replies.get(conversationId)) ?? null;
        },
      };
    },
    async peekState(id) {
      return readState(id);
    },
    async get<T>(c: Collection, key: string) {
      return (clone(coll(c).get(key)) as T | undefined) ?? null;
    },
    async list<T>(c: Collection) {
      return [...coll(c).values()].map((v) => clone(v) as T);
    },
    async put(c, key, value) {
      if (value === null) coll(c).delete(key);
      else coll(c).set(key, clone(value));
    },
    async transcript(id) {
      return clone(transcripts.get(id) ?? []);
    },
    async transcriptTail(id, count) {
      return count > 0 ? clone((transcripts.get(id) ?? []).slice(-count)) : [];
    },
    async deleteConversation(id) {
      states.delete(id);
      transcripts.delete(id);
      replies.delete(id);
    },
    async conversationIds() {
      return [...states.keys()].filter((id) => readState(id) !== null);
    },
    async idleConversations(before) {
      return [...transcripts].filter(([, list]) => isBefore(list[list.length - 1]?.at, before)).map(([id]) => id);
    },
    async nextSequence(name, opts = {}) {
      const t = now().getTime();
      const until = counterUntil.get(name);
      if (until !== undefined && until <= t) sequences.delete(name);
      const n = (sequences.get(name) ?? 0) + (opts.expireMs !== undefined ? (opts.by ?? 1) : 1);
      sequences.set(name, n);
      if (opts.expireMs !== undefined) counterUntil.set(name, t + opts.expireMs);
      return n;
    },
    async close() {},
  };

  /** Copies everything first, so a value that cannot be stored leaves the store untouched (atomic). */
  function applyBatch(conversationId: string, raw: Batch): void {
    const batch = clone(raw);
    const t = now().getTime();
    if (batch.state === null) states.delete(conversationId);
    else if (batch.state) states.set(conversationId, { state: batch.state, expiresAt: t + ttlMs });
    for (const p of batch.puts ?? []) {
      if (p.value === null) coll(p.collection).delete(p.key);
      else coll(p.collection).set(p.key, p.value);
    }
    if (batch.transcript?.length) {
      const list = transcripts.get(conversationId) ?? [];
      list.push(...batch.transcript);
      transcripts.set(conversationId, list);
    }
    if (batch.dedupeKey) dedupe.set(seenKey(conversationId, batch.dedupeKey), t);
    if (batch.reply) replies.set(conversationId, batch.reply);
  }
  return store;
}
