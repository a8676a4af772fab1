import type { ConversationState } from "../domain/conversation.js";
import type { ChannelName, DocumentRef, Inbound, Outbound } from "../domain/message.js";
import type { HandoffCase, TranscriptEntry } from "../domain/records.js";
import type { Put } from "../store/port.js";

/**
 * A channel adapter: translates one platform's events into `Inbound` (calling
 * `Runtime.handle`) and sends `Outbound` back. Nothing platform-specific passes it.
 */
export interface ChannelAdapter {
  readonly name: ChannelName;
  /**
   * Sends messages to a citizen outside a request/response: staff replies, status
   * changes, handoff notices. `address` is what the adapter put in `Inbound.address`; `from` who
   * sent them (the bot's own replies, or a staff member's or a status notice), for channels that show it.
   * `keptAs`: the id under which the instance that sent them over the bus already stored them for
   * this channel (RuntimeDeps.keepRemote), so they are not lost while this instance is away.
   */
  send(conversationId: string, address: string | undefined, replies: Outbound[], from?: "bot" | "staff" | "system", keptAs?: string): Promise<void>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Events published on the bus topic `staff` for consoles and the Telegram staff group. */
export type StaffEvent =
  | { type: "case_opened"; caseId: string }
  /**
   * `by`: the staff account that acted (take, return, close), when one did; `privacyDone`: the case's
   * personal-data request was marked done. `status`/`heldBy`: the case as this change left it, and
   * `before` as it found it (set when published, under the conversation's lock: posted later, the
   * case may have moved on; events of versions before 2026-12-03 lack them).
   */
  | { type: "case_updated"; caseId: string; by?: string; privacyDone?: true; status?: HandoffCase["status"]; heldBy?: string; before?: { status: HandoffCase["status"]; heldBy?: string } }
  /** `document`: the file a citizen's message carried (the console offers it for download at once). */
  | { type: "case_message"; caseId: string; from: "citizen" | "staff" | "bot" | "system"; text: string; by?: string; via?: string; document?: DocumentRef }
  /**
   * Staff wrote an internal note on the case (`via`: where, "telegram" from the case's topic): the
   * Telegram topic shows it marked internal. Never sent to the citizen.
   */
  | { type: "case_note"; caseId: string; by: string; text: string; via?: string }
  | { type: "application_updated"; number: string }
  /** A conversation was erased (on request or by retention): copies of it elsewhere (the Telegram staff group's topics) go too. */
  | { type: "conversation_erased"; conversationId: string; caseIds: string[] };

/** The bus topic where pushes for one conversation are published (web SSE listens here). */
export const conversationTopic = (conversationId: string): string => `conv:${conversationId}`;
/**
 * The bus topic of StaffEvents. Each is published with an `id` of its own, so that of several
 * instances receiving it one can claim it (the Telegram staff group posts it once).
 */
export const STAFF_TOPIC = "staff";
/**
 * What travels on STAFF_TOPIC: the event, its `id`, and for an event of a case its place among that
 * case's events (`seq`, from 1, taken under the conversation's lock just before the commit), so that
 * what several instances post about one case (its Telegram topic) is posted in the order it happened.
 */
export type PublishedStaffEvent = StaffEvent & { id?: string; seq?: number };
/** The store counter that gives a case's events their `seq`. */
export const staffCaseSeq = (caseId: string): string => `staff-case-seq:${caseId}`;
/** How long a case's order counters and marks are kept after their last use (each use renews the counter). */
export const STAFF_ORDER_KEEP_MS = 30 * 86_400_000;

/**
 * A change to one conversation made outside a citizen message (staff take/reply/return/close,
 * application status change). Returned by the function given to `Runtime.mutate`.
 */
export interface Mutation {
  /** New state (omit: unchanged; null: delete). */
  state?: ConversationState | null;
  puts?: Put[];
  transcript?: TranscriptEntry[];
  /** Messages for the citizen, delivered on their channel after the commit (also put in the transcript). */
  push?: Outbound[];
  /** Who the pushed messages are from. Default "system". */
  pushFrom?: "staff" | "system";
  pushBy?: string;
  /** Run the engine with this event in the same turn (e.g. `{ type: "resume" }` or a trigger); its replies are pushed. */
  engineEvent?: import("../engine/types.js").EngineEvent;
  /** Published on the `staff` topic after the commit. */
  staffEvents?: StaffEvent[];
}

/** What channel adapters and staff tools call. Implemented by src/runtime/runtime.ts. */
export interface Runtime {
  /**
   * Processes one citizen message: dedupe, lock, load, (handoff routing | engine step),
   * save, effects. Returns the replies to send now (empty for a duplicate or while staff hold
   * the conversation).
   */
  handle(inbound: Inbound): Promise<Outbound[]>;
  /**
   * Why `handle` did not take the message whose replies these are, if it did not: too many
   * messages (`rate_limited`; the replies hold the notice, or nothing) or the store unreachable
   * (`unavailable`; nothing was stored, the same message id may be sent again). Channels that
   * can tell the sender use it: the web API answers 429 and 503.
   */
  refusal(replies: Outbound[]): "rate_limited" | "unavailable" | undefined;
  /** For replies refused as `rate_limited`: milliseconds until the sender may send again. */
  retryAfterMs(replies: Outbound[]): number | undefined;
  /**
   * Counts a request of a citizen's that is not a message (the web page's ✕ on an upload, which
   * marks a message id under the conversation's lock) against the same per-conversation limit as
   * messages: milliseconds until the sender may ask again when over it, else undefined (counted).
   */
  throttle(conversationId: string): number | undefined;
  /**
   * True when `handle` returned these replies for a message it had taken before (same channel and
   * id): the answer kept from that turn, or nothing. A channel that can tell whether that answer
   * was sent already (Telegram's mark in the store) sends it only if not.
   */
  redelivered(replies: Outbound[]): boolean;
  /**
   * Runs `send` (a channel sending the replies `handle` returned) in their turn's place among the
   * conversation's deliveries: after what was placed before it (a staff notice of a take that
   * locked the conversation before this turn), before what came after (one that locked it right
   * after). Other replies are sent at once. Telegram uses it: its replies go after the lock is gone.
   */
  inOrder<T>(replies: Outbound[], send: () => Promise<T>): Promise<T>;
  /**
   * Registers an adapter so pushes for its conversations can be sent. Returns its removal: pushes
   * then go as for a channel that runs on another instance (RuntimeDeps.keepRemote, then the bus).
   */
  registerChannel(adapter: ChannelAdapter): () => void;
  /**
   * Sends messages to a citizen outside a request (staff reply, status change): records them in
   * the transcript and delivers them on the conversation's channel.
   */
  push(conversationId: string, replies: Outbound[], from: "staff" | "system", by?: string): Promise<void>;
  /**
   * Runs `fn` on one conversation under its lock and commits what it returns atomically;
   * then delivers `push` and engine replies to the citizen. Staff actions use this.
   * Returns the messages that were pushed; `undelivered` when the citizen's channel, running on
   * this instance, refused them (a Telegram citizen who blocked the bot). A push handed to another
   * instance over the bus counts as delivered. With `dedupeKey` (a staff reply's request id), a key
   * already committed for the conversation runs nothing and returns `duplicate`: a request sent
   * again after its answer was lost is not carried out twice.
   */
  mutate(
    conversationId: string,
    fn: (state: ConversationState | null) => Mutation | Promise<Mutation>,
    opts?: { dedupeKey?: string },
  ): Promise<Outbound[] & { undelivered?: true; duplicate?: true }>;
  /**
   * A channel's own notice (`whatsapp.edited`, `telegram.file_failed`) in the conversation's
   * language, said outside a turn; Indonesian when the conversation is unknown or unreadable.
   * For Telegram and WhatsApp it takes its place among the conversation's deliveries (across
   * instances too, as a turn's replies): send it through `inOrder`, which frees the place.
   */
  channelNotice(conversationId: string, key: string): Promise<Outbound[]>;
}
