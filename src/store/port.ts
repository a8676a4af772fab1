import type { ConversationState } from "../domain/conversation.js";
import type { TranscriptEntry } from "../domain/records.js";

/**
 * Named record collections. Values are JSON-serialisable objects.
 * - applications: key = registration number
 * - conversation_applications: key = conversation id, the numbers it submitted (src/runtime/applications.ts)
 * - cases: key = case id
 * - recent_cases: key = case id, a copy of each open case and of those finished in the last 7 days (src/store/recent-cases.ts)
 * - case_threads: key = the Telegram staff group topic's id, the case it belongs to
 * - staff: key = username (password hash, role)
 * - audit: key = time-ordered id (staff actions)
 * - surveys: key = id (SKM answers)
 * - web_tokens: key = conversation id (sha256 of the web token)
 * - sessions: key = sha256 of a staff session token (staff console logins; see src/staff/auth.ts)
 * - sessions_ended: key = the same sha256, why a session ended (logged out, password changed,
 *   disabled, expired), kept a day so the console can say it (src/staff/auth.ts)
 * - whatsapp_outbox: key = `<start>.<n>`, WhatsApp texts queued and not sent yet, removed once
 *   sent (src/channels/whatsapp/journal.ts); written only by the instance running WhatsApp
 * - telegram_pending: key = id, pushes for Telegram citizens made on an instance without the
 *   Telegram channel, removed once sent (src/channels/telegram/pending.ts)
 */
export type Collection =
  | "applications"
  | "conversation_applications"
  | "cases"
  | "case_threads"
  | "recent_cases"
  | "staff"
  | "audit"
  | "surveys"
  | "web_tokens"
  | "sessions"
  | "sessions_ended"
  | "document_refs"
  | "status_attempts"
  | "whatsapp_outbox"
  | "telegram_pending"
  | "document_requests";

/** One record write inside a commit. `value: null` deletes. */
export interface Put {
  collection: Collection;
  key: string;
  value: unknown | null;
}

/** Everything one inbound message (or staff action) changes, written atomically. */
export interface Batch {
  /** New conversation state; `null` deletes it ("hapus data saya"). Omitted: unchanged. */
  state?: ConversationState | null;
  puts?: Put[];
  transcript?: TranscriptEntry[];
  /** Marks the inbound message as processed (idempotency), in this conversation only: another conversation may use the same id. */
  dedupeKey?: string;
  /**
   * The answer to this message, kept beside the state (not in it: states are read every turn) so
   * that a client retrying the message gets it again (`Turn.lastReply`). Replaces the previous one.
   */
  reply?: StoredReply;
  /**
   * Counts in a window raised with the batch, atomically (a staff event's place among its case's
   * events, src/runtime/runtime.ts): as `nextSequence(name, { expireMs, by })`, but in the commit's
   * own round trip, and raised only if the batch is written. `Turn.commit` resolves with their values.
   */
  counters?: CommitCounter[];
}

/** A count raised by a commit: `by` added (counted from 0 once forgotten, `expireMs` after its last raise). */
export interface CommitCounter {
  name: string;
  by: number;
  expireMs: number;
}

/** A message's id and the replies it got. */
export interface StoredReply {
  messageId: string;
  replies: unknown[];
}

/**
 * A locked turn on one conversation. Obtained from `Store.begin`; finish it with exactly
 * one `commit` or `release`. In Redis, `begin` and `commit` are one round trip each
 * when uncontended.
 */
export interface Turn {
  /** True when `dedupeKey` given to `begin` was already committed: do nothing, release. */
  readonly duplicate: boolean;
  /**
   * The conversation's state, read for this turn alone (a new object at every `begin`, shared with
   * nothing the store keeps): the runtime hands it to the engine, which changes it in place.
   */
  readonly state: ConversationState | null;
  /** Writes the batch atomically and releases the lock. Resolves with `batch.counters`' values after it, in order (none: `[]`). */
  commit(batch: Batch): Promise<number[]>;
  /**
   * The last `Batch.reply` committed for this conversation, if still kept: 10 minutes, in the store
   * (so also after a restart: a page sends a message again once Loket is back).
   */
  lastReply(): Promise<StoredReply | null>;
  /** Releases the lock without writing. */
  release(): Promise<void>;
}

export interface BeginOptions {
  dedupeKey?: string;
  /** How long to wait for the lock before failing with StoreError LOCK_TIMEOUT. Default 10 s. */
  waitMs?: number;
}

/**
 * The storage port. Adapters: memory (tests), SQLite (embedded default), Redis
 * (several instances). All pass test/store/contract.ts.
 */
export interface Store {
  /** Locks the conversation (across processes for Redis), checks dedupe, loads state. */
  begin(conversationId: string, opts?: BeginOptions): Promise<Turn>;
  /** Reads state without locking (staff views, web token checks). */
  peekState(conversationId: string): Promise<ConversationState | null>;

  get<T>(collection: Collection, key: string): Promise<T | null>;
  /** All records of a collection (callers filter). */
  list<T>(collection: Collection): Promise<T[]>;
  /** A write outside a conversation turn (staff accounts, audit, web tokens). */
  put(collection: Collection, key: string, value: unknown | null): Promise<void>;

  transcript(conversationId: string): Promise<TranscriptEntry[]>;
  /**
   * The newest `count` entries of a conversation's transcript (or as many as there are), oldest
   * first: what a caller that wants the end of a long conversation reads instead of all of it (the
   * staff queue's "what the citizen last wrote", read at every refresh for every open case).
   */
  transcriptTail(conversationId: string, count: number): Promise<TranscriptEntry[]>;
  /** Erases a conversation's state and transcript (deletion requests, retention). */
  deleteConversation(conversationId: string): Promise<void>;
  /** Ids of conversations whose state exists (for retention jobs and tests). */
  conversationIds(): Promise<string[]>;
  /**
   * Ids of conversations with a transcript whose newest entry is older than `before` (retention:
   * what has been quiet that long). Reads in pages; an entry without a valid time never counts.
   */
  idleConversations(before: Date): Promise<string[]>;

  /**
   * Next value of a named counter, starting at 1. Never returns a value twice. With `expireMs`
   * the counter is only a count within a window (wrong status checks per hour): it may be
   * forgotten that long after its last use, and starts at 1 again. With `by` as well, such a count
   * grows by that much (bytes uploaded per hour) and starts at `by`; `by: 0` reads the count (0
   * when none) and keeps it another `expireMs` (a mark: Telegram's answers sent).
   */
  nextSequence(name: string, opts?: { expireMs?: number; by?: number }): Promise<number>;

  close(): Promise<void>;
}

/** Publish/subscribe between parts of Loket, across instances when on Redis. */
export interface Bus {
  publish(topic: string, payload: unknown): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
  /**
   * Called when messages may have been missed: the connection that receives them was lost and is
   * back (Redis). Listeners catch up another way (an event stream is ended, so its page reloads
   * its history). Returns a function that removes the listener.
   */
  onGap?(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Content-addressed document storage under DATA_DIR (outside any web root). */
export interface FileStore {
  /** Stores bytes, returns their sha256 hex. Idempotent. */
  put(bytes: Buffer): Promise<string>;
  get(sha256: string): Promise<Buffer | null>;
  /** When the file was last written (ms since epoch, as `delete`'s `writtenBefore` compares), or null when there is none. */
  writtenAt(sha256: string): Promise<number | null>;
  /**
   * Removes half-written uploads (a temp file a crash left mid-write: possibly a whole KTP scan,
   * under no hash, so no erasure finds it) last touched before `before` (ms since epoch). Returns how many.
   */
  dropStaleTemp(before: number): Promise<number>;
  /** Deletes the file; with `writtenBefore` (ms since epoch) only if it was last written before then. True if a file went. */
  delete(sha256: string, opts?: { writtenBefore?: number }): Promise<boolean>;
}
