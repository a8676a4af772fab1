import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { deliveryOf, type ConversationState, type HandoffState } from "../domain/conversation.js";
import type { ChannelName, DocumentRef, Inbound, Outbound } from "../domain/message.js";
import {
  CHOICE_LINE_PREFIX,
  correctionPending,
  correctionTrigger,
  formatRegistrationNumber,
  PRIVACY_DUE_MS,
  type Application,
  type HandoffCase,
  type TranscriptEntry,
} from "../domain/records.js";
import { closesAt, expectedCompletion, isOpen, jakartaDate, nextOpening, phraseJakarta } from "../domain/hours.js";
import { estimateWait, waitingInOrder } from "../domain/queue.js";
import { containerOf, isHeic, sniff } from "../domain/upload.js";
import { placeText } from "../domain/place.js";
import type { Effect, EffectResult, EngineEvent, StepResult } from "../engine/types.js";
import type { Understanding } from "../engine/understand/types.js";
import { StoreError } from "../errors.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { officeIn } from "../knowledge/in-language.js";
import type { Batch, Bus, CommitCounter, FileStore, Put, Store, Turn } from "../store/port.js";
import type { Messages } from "../text/messages.js";
import { uploadRefusal, unsupportedText } from "../engine/refusals.js";
import { applicationsOf, indexPut } from "./applications.js";
import { setNewest } from "../domain/memo.js";
import { recentCases } from "../store/recent-cases.js";
import { documentRequestQuoted, questionAsked } from "./document-requests.js";
import { announceErased, deleteUnneeded, documentHolders, documentRefPut, eraseConversation, forgetCaseHolders } from "./documents.js";
import {
  STAFF_ORDER_KEEP_MS,
  STAFF_TOPIC,
  staffCaseSeq,
  type PublishedStaffEvent,
  type ChannelAdapter,
  type Mutation,
  type Runtime,
  type StaffEvent,
} from "./port.js";
import { expiring } from "./expiring.js";
import { createRateLimiter, type RateLimiter } from "./ratelimit.js";

/** The engine as the runtime uses it: a pure step plus a fresh state. */
export interface Engine {
  initialState(conversationId: string, channel: ChannelName, address?: string): ConversationState;
  /** Never changes `state`, unless handed it with `owned: true` (see the engine's `step`). */
  step(state: ConversationState, event: EngineEvent, opts?: { owned?: boolean }): StepResult;
  openFields?(state: ConversationState): { id: string; label: string; kind: string }[];
  /** The flow a whole message starts directly ("hapus data saya"), if any. */
  commandOf?(text: string): string | undefined;
  /** A tapped choice's button text, for the transcript staff read. */
  choiceLabel?(id: string): string | undefined;
  /** The repair word ("menu", "cancel") a whole message is, if any. */
  repairOf?(text: string): string | undefined;
  /** A cancel said first: the words after it ("" when none); undefined when the text is no cancel. */
  cancelRest?(text: string): string | undefined;
  /** Waiting for staff, a message asking whether anyone is there ("halo? masih ada orang?"). */
  asksStillThere?(text: string): boolean;
  /** Whether a message asks the office's hours ("eh tp senin jam brp kantornya buka?"). */
  asksHours?(text: string): boolean;
  /** Waiting in the queue, a part going back to the bot ("yaudah sm bot aja"): the words after it ("" when none); undefined when none. */
  backToBotRest?(text: string): string | undefined;
  /** Whether a message reads as a complaint (waiting in the queue, the complaint channels are told beside the place). */
  asksComplaint?(text: string): boolean;
  /** The language the step will answer this text in (the model's answer is asked in it). */
  languageOf?(state: ConversationState, text: string): string;
  /** Whether a question of the conversation waits for a document. */
  takesFile?(state: ConversationState): boolean;
}

export interface RuntimeDeps {
  store: Store;
  bus: Bus;
  files: FileStore;
  engine: Engine;
  knowledge: KnowledgeBase;
  /** Indonesian messages (runtime notices: service unavailable, rate limit, message too long). */
  messages: Messages;
  /** Every language's messages: the runtime's own notices in a conversation follow its `state.lang`. */
  languages?: ReadonlyMap<string, Messages>;
  logger: Logger;
  uploadMaxBytes: number;
  messageMaxChars: number;
  rateLimit?: { burst: number; perSecond: number };
  now?: () => Date;
  newId?: () => string;
  /** The optional language model: understanding when the rules are unsure, free-form answers. */
  model?: ModelHelp;
  /**
   * For a channel that runs on another instance (WhatsApp): stores what is sent to it over the bus
   * first, so it is sent when that instance is back if it was away (pub/sub keeps nothing); returns
   * the id the instance finds it under. A failure is logged and the bus message goes anyway.
   */
  /**
   * Several instances on one store (Redis): a conversation's deliveries are ordered across them too
   * (see placeDelivery). Without it the order holds within this process, all there is.
   */
  sharedOrder?: boolean;
  keepRemote?: Partial<Record<ChannelName, (to: { conversationId: string; address?: string | undefined }, replies: Outbound[]) => Promise<string | undefined>>>;
}

/**
 * What a knowledge reload replaces at once: the knowledge base with the engine and the model's help
 * built on it (src/app.ts). A turn reads the one in use when it arrived until it ends.
 */
export interface KnowledgeGeneration {
  engine: Engine;
  knowledge: KnowledgeBase;
  model?: ModelHelp;
  /** Every language's messages of this generation (a reload of messages/ brings new ones); default: the runtime's `languages`. */
  languages?: ReadonlyMap<string, Messages>;
}

/**
 * An object that is always `of()`'s current one: what the runtime calls `engine` and `knowledge`
 * (the turn's generation, see `createRuntime`).
 */
export function live<T extends object>(of: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = of();
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    has: (_, key) => Reflect.has(of(), key),
    // `instanceof` sees the current object's kind (a channel's wording tells a Map of languages from one language's messages).
    getPrototypeOf: () => Reflect.getPrototypeOf(of()),
  });
}

/**
 * What the runtime asks a language model for, before the (pure, synchronous) engine step.
 * Both may fail silently: the deterministic path is always complete.
 */
export interface ModelHelp {
  /**
   * What the model may spend on one message, all calls together (LLM_TIMEOUT_MS): each call
   * is handed a `signal` that aborts when the message's budget is spent.
   */
  budgetMs: number;
  /** The rules' understanding, or the model's when the rules are unsure. */
  understand(text: string, ctx: { permit?: string }, call?: { signal?: AbortSignal }): Promise<Understanding>;
  /** A free-form answer from the permit's knowledge file, checked against it; undefined when none. */
  answer(text: string, permit: string, call?: { signal?: AbortSignal }, lang?: string): Promise<{ text: string; sources: string[] } | undefined>;
  /**
   * A free-form answer to an office question the rules do not cover, from the office's facts
   * (officePassage: the week, holidays, special hours), checked against them; undefined when the
   * rules read the question themselves, or when none passes.
   */
  answerOffice?(text: string, call?: { signal?: AbortSignal }, lang?: string): Promise<{ text: string; sources: string[] } | undefined>;
  /** Form fields found in a long free-text message (the engine validates each as if typed). */
  fill(text: string, fields: { id: string; label: string; kind: string }[], call?: { signal?: AbortSignal }): Promise<Record<string, string>>;
}

/** What the model found for a text message, before the engine step (see `modelHints`). */
/** A turn's staff events before their commit: the counters that commit raises for their places, and `place` to give them the values. */
interface Stamped {
  events: PublishedStaffEvent[];
  counters: CommitCounter[];
  place(values: number[]): void;
}
type ModelHints = Pick<Extract<EngineEvent, { type: "text" }>, "understanding" | "answer" | "prefill">;

/**
 * Channels whose message delivered again (same id) is answered with the answer it got: the web
 * page retries what it got no answer to, and Telegram redelivers a webhook update it got no 200
 * for. (A WhatsApp session's catch-up at start replays messages already answered.)
 */
const keepsReply = (channel: ChannelName): boolean => channel === "web" || channel === "telegram";
/**
 * Channels answered again when their kept reply is gone (see `lateAnswer`): Telegram, which marks
 * each answer sent in the store and so never sends a turn's answer twice. A web page retries within
 * minutes, while the reply is kept.
 */
const answersLate = (channel: ChannelName): boolean => channel === "telegram";

/** Effects feed results back to the engine; a flow that loops on effects is a bug, so cap it. */
const MAX_CALLS_PER_TURN = 8;
/** Channels that send a turn's replies through Runtime.inOrder (in their place among the conversation's deliveries). */
const ORDERED_CHANNELS: ReadonlySet<ChannelName> = new Set(["telegram", "whatsapp"]);
/**
 * Channels whose deliveries are numbered across instances (`sharedOrder`, see placeDelivery): those
 * above, and the web, whose pushes (staff replies, notices: the page's live events) a staff member
 * on one instance and Loket on another may make at once; its turns' replies go in their HTTP answer.
 */
const SHARED_ORDER_CHANNELS: ReadonlySet<ChannelName> = new Set([...ORDERED_CHANNELS, "web"]);
/** The longest the first knowledge reload waits for the turns that started before it (see createRuntime). */
const UNPINNED_WAIT_MS = 30_000;
/** The longest a delivery waits for the one placed before it (a sender that never sent or gave its place back). */
const ORDER_WAIT_MS = 10_000;
/** How long a conversation's count of places (shared order) is kept after its last delivery. */
const PLACE_KEEP_MS = 15 * 60_000;
/**
 * How long the mark "place n was sent" is kept: well under PLACE_KEEP_MS, so once the count is
 * forgotten and starts at 1 again no mark of the old count is left to be taken for a new one.
 */
const SENT_MARK_MS = 2 * 60_000;
/** A place among a conversation's deliveries: `ready` when the one before was sent, `done` once this one was. */
interface DeliverySlot {
  ready: Promise<void>;
  done: () => void;
  /** Shared order: the counter the commit raises for this place; `at` gives the slot its value. */
  counter?: CommitCounter;
  at?: (place: number | undefined) => void;
}
/** A place as the runtime keeps it: the promise the next one waits on is made only when one does. */
interface Place extends DeliverySlot {
  given: boolean;
  /** Shared order only: the number its commit gave it (undefined: none, the commit failed). */
  number?: Promise<number | undefined>;
  sent?: Promise<void>;
  free?: () => void;
}
const SENT: Promise<void> = Promise.resolve();
/** A turn's replies not taken by their sender (Runtime.inOrder) within this give their place back. */
const CLAIM_WAIT_MS = 1_000;
/** How long a channel notice waits for a conversation locked by a turn or staff (on another instance) before it goes in no place. */
const NOTICE_LOCK_MS = 5_000;

/**
 * The per-message pipeline: rate limit -> check upload -> (with a model: wait for the message
 * before it, ask the model on the state read without the lock) -> lock + dedupe + load (one
 * store call) -> handoff routing or engine step(s) with effects -> atomic commit -> staff events.
 * Everything a turn writes goes into one Batch so a crash leaves either all of it or none.
 */
export function createRuntime(deps: RuntimeDeps): Runtime & { close(): void; useKnowledge(next: KnowledgeGeneration): Promise<void> } {
  const { store, bus, files, logger } = deps;
  // A knowledge reload swaps the generation in one assignment (useKnowledge); each public call pins
  // the one in use when it starts, so a turn (its model calls, engine steps, effects, notices)
  // reads one knowledge base from start to end: the old or the new, never some of each.
  let current: KnowledgeGeneration = { engine: deps.engine, knowledge: deps.knowledge, ...(deps.model ? { model: deps.model } : {}) };
  const pinned = new AsyncLocalStorage<KnowledgeGeneration>();
  const generation = () => pinned.getStore() ?? current;
  // Pinning costs every promise of the process on Node 20 (AsyncLocalStorage turns async hooks
  // on), so it starts with the first reload: until then there is one generation. The first swap
  // pins calls from then on and waits for the calls already running unpinned to end.
  let pinning = false;
  let unpinned = 0;
  let drained: (() => void) | undefined;
  const call = <T>(fn: () => Promise<T>): Promise<T> => {
    if (pinning) return pinned.run(current, fn);
    unpinned++;
    return fn().finally(() => {
      if (--unpinned === 0) drained?.();
    });
  };
  const engine = live(() => generation().engine);
  const knowledge = live(() => generation().knowledge);
  /** Indonesian messages of the turn's generation (a reload of messages/ replaces them with the knowledge). */
  const messages = live(() => generation().languages?.get("id") ?? deps.messages);
  const now = deps.now ?? (() => new Date());
  // A turn's time as text, written once a millisecond: Date's toISOString costs several times the
  // Date itself, and a busy instance takes several turns a millisecond (perf29). The same text as
  // toISOString of that Date (it has millisecond precision); an invalid Date still throws.
  let isoMs = Number.NaN;
  let iso = "";
  const isoOf = (d: Date): string => {
    const ms = d.getTime();
    if (ms !== isoMs) {
      iso = d.toISOString();
      isoMs = ms;
    }
    return iso;
  };
  const newId = deps.newId ?? randomUUID;
  const adapters = new Map<ChannelName, ChannelAdapter>();
  const unsubscribers: (() => void)[] = [];
  const limiter: RateLimiter | undefined = deps.rateLimit
    ? createRateLimiter({ ...deps.rateLimit, now: () => now().getTime() })
    : undefined;

  /** Replies of messages not taken, and why (see Runtime.refusal). */
  const refusals = new WeakMap<Outbound[], "rate_limited" | "unavailable">();
  /** Replies of messages taken before (see Runtime.redelivered). */
  const repeats = new WeakSet<Outbound[]>();
  /** How long a sender refused as `rate_limited` should wait (the web API's Retry-After). */
  const waits = new WeakMap<Outbound[], number>();
  /**
   * A turn's replies and their place among the conversation's deliveries (see Runtime.inOrder);
   * replies not taken by their sender within CLAIM_WAIT_MS give their place back.
   */
  const placed = expiring<Outbound[], DeliverySlot>(CLAIM_WAIT_MS, (slot) => slot.done());
  /** Per conversation, the last delivery placed on this instance: the next one waits for it. */
  const deliveries = new Map<string, Place>();
  /** Places not given back yet: each frees itself ORDER_WAIT_MS after it was taken. */
  const open = expiring<Place, Place>(ORDER_WAIT_MS, (place) => place.done());
  /**
   * Shared order: per conversation, the number of the last place given back on this instance (its
   * mark "sent" written or being written), kept as long as that mark: the place after it knows it
   * without reading the mark (a round trip an update, perf30). Only as long as the mark lives, for
   * the same reason: a count forgotten and started again never meets a number kept from before.
   */
  const sentHere = expiring<string, number>(SENT_MARK_MS, () => undefined);
  /**
   * Takes the conversation's next place for sending, under its lock (just before the commit that
   * releases it), so what the citizen reads comes in the order the turns happened: a Telegram
   * citizen's "antrean ke-1" is sent before the "Petugas Budi sekarang melayani" of a take that
   * locked the conversation right after that turn, though the turn's replies are sent after its
   * lock is released. A place not given back (its sender gone) frees itself after ORDER_WAIT_MS.
   *
   * With several instances (`sharedOrder`, for a channel in SHARED_ORDER_CHANNELS) the place is also a
   * number, raised by the commit itself (no round trip of its own): a delivery whose place before it
   * was taken on another instance waits for that one's mark "sent" in the store (polled), written
   * once it is sent or given up. The worst case: that instance died or its send hangs; the
   * delivery then goes ORDER_WAIT_MS after its commit, possibly before the other one.
   */
  // No timer and no promise of its own for a place nobody waits behind (perf24: a Telegram turn
  // armed three timers and a race, ~4.5 µs; bench/delivery-slot.mjs): the timeouts are two shared
  // timers (`placed`, `open`) and the promise is made by the next place, if one comes.
  function placeDelivery(conversationId: string, channel?: ChannelName): DeliverySlot {
    if (deps.sharedOrder && channel && SHARED_ORDER_CHANNELS.has(channel)) return placeShared(conversationId);
    const before = deliveries.get(conversationId);
    const place: Place = {
      // The place before frees itself ORDER_WAIT_MS after it was taken (`open`), so no wait is longer.
      ready: before ? sentOf(before) : SENT,
      given: false,
      done: () => giveBack(conversationId, place),
    };
    deliveries.set(conversationId, place);
    open.add(place, place);
    return place;
  }
  /** Resolves once the place was sent or given back. */
  const sentOf = (place: Place): Promise<void> => (place.given ? SENT : (place.sent ??= new Promise<void>((resolve) => (place.free = resolve))));
  function giveBack(conversationId: string, place: Place): boolean {
    if (place.given) return false;
    place.given = true;
    open.take(place);
    place.free?.();
    if (deliveries.get(conversationId) === place) deliveries.delete(conversationId);
    return true;
  }
  /** placeDelivery with several instances (`sharedOrder`): the place is also the number its commit gives it. */
  function placeShared(conversationId: string): DeliverySlot {
    const previous = deliveries.get(conversationId);
    let fix: (n: number | undefined) => void = () => undefined;
    const number = new Promise<number | undefined>((resolve) => (fix = resolve));
    const deadline = Date.now() + ORDER_WAIT_MS;
    const before = number.then(async (n) => {
      const local = previous?.number ? await previous.number : undefined;
      // The one before was placed here: its promise says when it was sent, no store read.
      if (previous && (n === undefined || local === n - 1)) return sentOf(previous);
      if (previous) await sentOf(previous);
      if (n !== undefined && n > 1 && sentHere.take(conversationId) !== n - 1) await sentBefore(conversationId, n - 1, deadline);
    });
    let waitTimer: NodeJS.Timeout | undefined;
    const place: Place = {
      ready: Promise.race([before, new Promise<void>((resolve) => (waitTimer = setTimeout(resolve, ORDER_WAIT_MS)).unref())]).finally(() => clearTimeout(waitTimer)),
      given: false,
      number,
      counter: { name: `delivery-place:${conversationId}`, by: 1, expireMs: PLACE_KEEP_MS },
      at: (n) => fix(n),
      done: () => {
        // Given back before its commit gave it a number (the commit failed): it has none.
        fix(undefined);
        if (!giveBack(conversationId, place)) return;
        // Its mark for the delivery after it, wherever that one was placed (a place never committed has none).
        void number.then((n) => {
          if (n === undefined) return;
          sentHere.add(conversationId, n);
          return store.nextSequence(sentMark(conversationId, n), { expireMs: SENT_MARK_MS, by: 1 }).catch((err: unknown) => logger.warn({ err: { message: (err as Error).message }, conversationId }, "delivery mark not written"));
        });
      },
    };
    deliveries.set(conversationId, place);
    open.add(place, place);
    return place;
  }
  const sentMark = (conversationId: string, n: number) => `delivery-sent:${conversationId}:${n}`;
  /** Resolves once place `n` of the conversation is marked sent, or at `deadline`. */
  async function sentBefore(conversationId: string, n: number, deadline: number): Promise<void> {
    for (let pause = 10; Date.now() < deadline; pause = Math.min(pause * 2, 200)) {
      const marked = await store.nextSequence(sentMark(conversationId, n), { expireMs: SENT_MARK_MS, by: 0 }).catch(() => 1);
      if (marked > 0) return;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
  const refused = (replies: Outbound[], why: "rate_limited" | "unavailable", waitMs?: number): Outbound[] => {
    refusals.set(replies, why);
    if (waitMs !== undefined) waits.set(replies, waitMs);
    return replies;
  };

  /** Wrong last digits tolerated per registration number within STATUS_WINDOW_MS before its checks pause. */
  const STATUS_TRIES = 5;
  const STATUS_WINDOW_MS = 60 * 60_000;
  interface StatusLock {
    lockedUntil: string;
  }

  /** The messages of a conversation's language (`state.lang`), Indonesian's when it has none. */
  const messagesOf = (lang: string | undefined): Messages => (lang && lang !== "id" ? (generation().languages ?? deps.languages)?.get(lang) : undefined) ?? messages;
  /** A text said with `m` (messagesOf(lang)), marked with the language when not Indonesian, as the engine's replies are. */
  const saidIn = (m: Messages, lang: string | undefined, text: string): Outbound => (m === messages ? { type: "text", text } : { type: "text", text, lang: lang! });
  /**
   * Conversations this instance last saw in a language other than Indonesian, so the notices said
   * before a conversation is read (too many messages, too long, the store unavailable, an error)
   * are in its language too. Best effort: another instance's turns are not seen.
   */
  const foreign = new Map<string, string>();
  const FOREIGN_MAX = 10_000;
  const noteLanguage = (conversationId: string, lang: string | undefined): void => {
    if (!lang || lang === "id") {
      if (foreign.size) foreign.delete(conversationId);
      return;
    }
    foreign.delete(conversationId);
    foreign.set(conversationId, lang);
    if (foreign.size > FOREIGN_MAX) foreign.delete(foreign.keys().next().value!);
  };
  /** A notice said before the conversation is read: in the language it was last seen in. */
  const early = (conversationId: string, key: string, vars?: Record<string, string | number>): Outbound => noticeIn(foreign.get(conversationId), key, vars);
  /** A notice said in the conversation's language. */
  const noticeIn = (lang: string | undefined, key: string, vars?: Record<string, string | number>): Outbound => {
    const m = messagesOf(lang);
    return saidIn(m, lang, m.t(key, vars));
  };

  /**
   * Upload check by bytes and size. An accepted file is named by its content hash here and
   * stored only once its turn is taken (`take`): a retry of an upload already taken, or a turn
   * the store refused, leaves no file behind that no record points to.
   */
  async function checkFile(inbound: Inbound): Promise<EngineEvent | undefined> {
    if (inbound.oversizedFile) {
      const limitBytes = Math.min(deps.uploadMaxBytes, inbound.oversizedFile.limit ?? Infinity);
      // Channels that stopped reading at the limit say limit + 1: the real size is unknown then.
      const known = inbound.oversizedFile.size > limitBytes + 1;
      return { type: "file", result: { ok: false, reason: "size", limitBytes, ...(known ? { sizeBytes: inbound.oversizedFile.size } : {}) } };
    }
    const f = inbound.file;
    if (!f) return undefined;
    if (f.bytes.length === 0) return { type: "file", result: { ok: false, reason: "empty" } };
    if (f.bytes.length > deps.uploadMaxBytes) {
      return { type: "file", result: { ok: false, reason: "size", limitBytes: deps.uploadMaxBytes, sizeBytes: f.bytes.length } };
    }
    const mime = sniff(f.bytes);
    if (!mime) {
      const container = containerOf(f.bytes, f.filename);
      return { type: "file", result: { ok: false, reason: "type", ...(isHeic(f.bytes) ? { heic: true as const } : {}), ...(container ? { container } : {}) } };
    }
    const sha256 = createHash("sha256").update(f.bytes).digest("hex");
    const document: DocumentRef = { sha256, mime, size: f.bytes.length };
    const name = f.filename ? sanitizeFilename(f.filename) : undefined;
    if (name) document.filename = name;
    return { type: "file", result: { ok: true, document } };
  }

  function eventOf(inbound: Inbound, fileEvent: EngineEvent | undefined): EngineEvent {
    if (fileEvent) return fileEvent.type === "file" && inbound.caption ? { ...fileEvent, caption: inbound.caption } : fileEvent;
    if (inbound.unsupported === "too_long") return { type: "unsupported", kind: "too_long", max: deps.messageMaxChars };
    if (inbound.unsupported) return { type: "unsupported", kind: inbound.unsupported, ...(inbound.caption ? { caption: inbound.caption } : {}), ...(inbound.contactPhone ? { phone: inbound.contactPhone } : {}) };
    if (inbound.location) return { type: "location", place: inbound.location };
    if (inbound.choice !== undefined) return { type: "choice", id: inbound.choice };
    const text = inbound.text ?? "";
    if (/^\/start\b/i.test(text.trim())) return { type: "start" };
    return { type: "text", text };
  }

  /** A waiting case's place in the queue (1 = next), or undefined when it is not waiting. */
  async function queuePosition(caseId: string): Promise<number | undefined> {
    const i = waitingInOrder(await recentCases(store)).findIndex((c) => c.id === caseId);
    return i < 0 ? undefined : i + 1;
  }

  /**
   * The office is closed and the waiting citizen has not been told when it opens again (neither
   * since it closed, nor when the case was opened out of hours before the same opening): that
   * opening, else undefined.
   */
  async function closedStretchUntold(handoff: HandoffState): Promise<Date | undefined> {
    const t = now();
    if (isOpen(knowledge.office, t)) return undefined;
    const next = nextOpening(knowledge.office, t);
    if (!next || handoff.closedNoticeFor === next.toISOString()) return undefined;
    const c = await store.get<HandoffCase>("cases", handoff.caseId);
    if (!c) return undefined;
    const opened = new Date(c.openedAt);
    if (!isOpen(knowledge.office, opened) && nextOpening(knowledge.office, opened)?.getTime() === next.getTime()) return undefined;
    return next;
  }

  /** Where a waiting citizen stands; out of office hours also when staff will answer, as when the case was opened. */
  function stillWaiting(lang: string | undefined, position: number): Outbound {
    if (isOpen(knowledge.office, now())) return noticeIn(lang, "handoff.still_waiting", { position });
    const next = nextOpening(knowledge.office, now());
    return noticeIn(lang, "handoff.still_waiting_closed", { position, next_opening: next ? phraseJakarta(next, lang) : messagesOf(lang).t("handoff.next_working_day") });
  }

  /** While staff hold the conversation: a refused file or an unusable message gets the polite reason (the engine is not run). */
  function refusalDuringHandoff(ev: EngineEvent, lang: string | undefined): Outbound | undefined {
    const m = messagesOf(lang);
    let text: string | undefined;
    // An emoji on a staff member's reply is for them (they see it), not a message to refuse.
    if (ev.type === "unsupported" && ev.kind === "too_long") text = m.t("message_too_long", { max: deps.messageMaxChars });
    else if (ev.type === "unsupported" && ev.kind !== "reaction") text = unsupportedText(m, ev.kind);
    else if (ev.type === "file" && !ev.result.ok) {
      const refusal = uploadRefusal(ev.result, "PDF/JPG/PNG");
      text = m.t(refusal.key, refusal.vars);
    }
    return text === undefined ? undefined : saidIn(m, lang, `${text}\n${m.t("handoff.still_with_staff")}`);
  }

  const UNSUPPORTED_WORDS: Record<string, string> = {
    sticker: "stiker",
    reaction: "reaksi emoji",
    voice: "pesan suara",
    audio: "audio",
    video: "video",
    video_note: "video",
    animation: "GIF",
    location: "lokasi",
    venue: "lokasi",
    contact: "kontak",
    poll: "polling",
    dice: "dadu",
    game: "permainan",
    story: "story",
    other: "pesan lain",
    unknown: "pesan lain",
    too_long: "pesan terlalu panjang, tidak disimpan",
  };
  const REFUSED_WORDS = { type: "jenis file tidak diterima", size: "terlalu besar", empty: "file kosong" } as const;

  function citizenLine(inbound: Inbound, ev: EngineEvent, at: string): TranscriptEntry {
    const entry: TranscriptEntry = { at, from: "citizen", text: inbound.opening && ev.type === "text" ? messages.t("staff_notice.web_opened") : (inbound.text ?? "") };
    if (ev.type === "choice") entry.text = `${CHOICE_LINE_PREFIX}${engine.choiceLabel?.(ev.id) ?? ev.id}`;
    // Staff read these lines (console, Telegram topic): in their words, not the channel's.
    if (ev.type === "unsupported") entry.text = `[${UNSUPPORTED_WORDS[ev.kind] ?? ev.kind}]${ev.phone ? ` ${ev.phone}` : ""}${inbound.caption ? ` — ${inbound.caption}` : ""}`;
    // With its map link: staff holding the conversation open the place from the transcript.
    if (ev.type === "location") entry.text = `[lokasi] ${placeText(ev.place)}`;
    if (ev.type === "file") {
      if (ev.result.ok) {
        entry.text = `[dokumen] ${ev.result.document.filename ?? (ev.result.document.mime === "application/pdf" ? "PDF" : "foto")}`;
        entry.document = ev.result.document;
      } else entry.text = `[dokumen ditolak: ${REFUSED_WORDS[ev.result.reason]}]`;
      if (inbound.caption) entry.text += ` — ${inbound.caption}`;
    }
    return entry;
  }

  /** The transcript's words for a document nothing took (its file not kept), in place of `citizenLine`'s. */
  const unkeptLine = (inbound: Inbound, document: DocumentRef): string => `[dokumen tidak disimpan] ${document.filename ?? document.mime}${inbound.caption ? ` — ${inbound.caption}` : ""}`;

  /**
   * Runs the engine from `event`, performing effects it calls; collects replies, puts and staff
   * events. `owned`: `state` is this turn's own (read from the store for it, nothing else holds
   * it), so the first step may change it in place instead of copying it first. The steps after an
   * effect still copy: the effect's result and puts may hold parts of the state they were given.
   */
  async function runEngine(
    state: ConversationState,
    event: EngineEvent,
    acc: { puts: Put[]; staffEvents: StaffEvent[]; afterCommit: (() => Promise<void>)[]; erasing?: boolean },
    owned = false,
  ): Promise<{ state: ConversationState; replies: Outbound[] }> {
    let res = engine.step(state, event, owned ? { owned } : undefined);
    const replies = [...res.replies];
    for (let i = 0; res.call; i++) {
      if (i >= MAX_CALLS_PER_TURN) throw new Error(`engine called effects ${i} times in one turn`);
      const result = await perform(res.state, res.call, acc);
      res = engine.step(res.state, { type: "result", result });
      replies.push(...res.replies);
      if (result.type === "open_case") {
        res.state = { ...res.state, handoff: { caseId: result.caseId, status: "waiting" } };
      }
    }
    return { state: res.state, replies };
  }

  /** "RBG 2026 000123" is RBG-2026-000123. */
  const registrationNumberOf = (typed: string): string => typed.toUpperCase().replace(/^([A-Z]{2,8})[-\s./]*(\d{4})[-\s./]*(\d{6})$/, "$1-$2-$3");
  /** "done" after "rejected": the file is closed, the permit was not granted. */
  const closedAfterRefusal = (app: Application): boolean => app.status === "done" && app.history[app.history.length - 2]?.status === "rejected";

  async function perform(
    state: ConversationState,
    effect: Effect,
    acc: { puts: Put[]; staffEvents: StaffEvent[]; afterCommit: (() => Promise<void>)[]; erasing?: boolean },
  ): Promise<EffectResult> {
    const at = now().toISOString();
    switch (effect.type) {
      case "submit_application": {
        const year = Number(jakartaDate(now()).slice(0, 4));
        const seq = await store.nextSequence(`registration:${year}`);
        const number = formatRegistrationNumber(knowledge.office.registrationPrefix, year, seq);
        const phoneDigits = (effect.fields[effect.phoneField] ?? "").replace(/\D/g, "");
        const app: Application = {
          number,
          permit: effect.permit,
          conversationId: state.conversationId,
          channel: state.channel,
          fields: effect.fields,
          documents: effect.documents,
          phoneLast4: phoneDigits.slice(-4).padStart(4, "0"),
          status: "received",
          history: [{ status: "received", at, by: "loket" }],
          submittedAt: at,
          updatedAt: at,
        };
        if (effect.consent) app.consent = { at: effect.consent.at, channel: state.channel, text: effect.consent.text, lang: effect.consent.lang ?? state.lang ?? "id" };
        acc.puts.push({ collection: "applications", key: number, value: app }, await indexPut(store, state.conversationId, number));
        acc.staffEvents.push({ type: "application_updated", number });
        logger.info({ conversationId: state.conversationId, number, permit: effect.permit }, "application submitted");
        return { type: "submit_application", number };
      }
      case "check_status": {
        // A whole phone number gives its last four digits.
        const number = registrationNumberOf(effect.number);
        const app = await store.get<Application>("applications", number);
        // Guessing the four digits (10,000 tries, from ever new conversations, in parallel) is
        // stopped per number: wrong tries are counted atomically in the store per hour, and from
        // the STATUS_TRIES-th on the number's checks pause for an hour.
        const lock = app ? await store.get<StatusLock>("status_attempts", number) : null;
        const t = now().getTime();
        // The citizen who applied, asking from the conversation that submitted it (a WhatsApp
        // number, a Telegram account, a browser's token: nothing a guesser can take), is answered
        // without the digits, and even during a pause: guessers could otherwise pause every
        // number's checks in turn. Any other conversation needs the digits.
        const owner = app?.conversationId === state.conversationId;
        const digitsMatch = owner || app?.phoneLast4 === effect.phoneLast4.replace(/\D/g, "").slice(-4);
        if (lock && Date.parse(lock.lockedUntil) > t && !owner) {
          logger.warn({ conversationId: state.conversationId }, "status check refused: too many wrong attempts for this number");
          return { type: "check_status", found: false, locked: true };
        }
        if (!app || !digitsMatch) {
          logger.info({ conversationId: state.conversationId }, "status check: no match");
          if (app) {
            const wrong = await store.nextSequence(`status-wrong:${number}:${Math.floor(t / STATUS_WINDOW_MS)}`, { expireMs: 2 * STATUS_WINDOW_MS });
            if (wrong >= STATUS_TRIES) {
              await store.put("status_attempts", number, { lockedUntil: new Date(t + STATUS_WINDOW_MS).toISOString() } satisfies StatusLock);
              if (wrong === STATUS_TRIES) logger.warn({ conversationId: state.conversationId }, "status checks of a number paused after repeated wrong attempts");
              if (wrong > STATUS_TRIES) return { type: "check_status", found: false, locked: true };
            }
          }
          return { type: "check_status", found: false };
        }
        if (lock && !(Date.parse(lock.lockedUntil) > t)) acc.puts.push({ collection: "status_attempts", key: number, value: null });
        // The note shown is the office's latest, never the citizen's own resubmission entry.
        // Closed after a refusal: the refusal and its reason stay what the citizen is shown.
        const closedRejected = closedAfterRefusal(app);
        const last = [...app.history].reverse().find((h) => h.by !== "citizen" && (!closedRejected || h.status === "rejected"));
        const found: EffectResult = {
          type: "check_status",
          found: true,
          number: app.number,
          permit: app.permit,
          status: app.status,
          updatedAt: app.updatedAt,
        };
        if (last?.note) found.note = last.note;
        if (closedRejected) found.closedRejected = true;
        if (app.status === "needs_correction" && !last?.documents?.length) found.dataCorrection = true;
        const newest = app.history[app.history.length - 1];
        if (app.status === "needs_correction" && newest?.by === "citizen") found.resubmittedAt = newest.at;
        const expected = expectedCompletion(knowledge.office, app, knowledge.permit(app.permit)?.duration.workingDays);
        if (expected) Object.assign(found, { expectedBy: expected, overdue: jakartaDate(now()) > expected });
        return found;
      }
      case "own_applications": {
        // Read from the store, not the conversation's state: still known after the state expired or a restart.
        const apps = await applicationsOf(store, state.conversationId);
        // The number asked about, read itself too: it is answered as this conversation's from its record alone.
        const asked = effect.number ? await store.get<Application>("applications", registrationNumberOf(effect.number)) : null;
        if (asked && asked.conversationId === state.conversationId && !apps.some((a) => a.number === asked.number)) apps.push(asked);
        const applications = apps.reverse().map((a) => ({
          number: a.number,
          permit: a.permit,
          status: a.status,
          submittedAt: a.submittedAt,
          ...(closedAfterRefusal(a) ? { closedRejected: true } : {}),
        }));
        return { type: "own_applications", applications };
      }
      case "open_case": {
        // The place in the queue: cases opened at the same moment (on this instance or another)
        // are not stored yet when each reads the queue, so each would get the same place. Every
        // case takes a ticket from a store sequence first; tickets above the newest stored one
        // are cases being opened right now, ahead in the queue.
        const ticket = await store.nextSequence("case-ticket");
        const cases = await recentCases(store);
        const newestStored = cases.reduce((max, c) => Math.max(max, c.ticket ?? 0), 0);
        const opening = Math.max(0, ticket - 1 - newestStored);
        const waiting = cases.filter((c) => c.status === "waiting" && (c.ticket === undefined || c.ticket < ticket)).length + opening;
        const c: HandoffCase = {
          id: newId(),
          conversationId: state.conversationId,
          channel: state.channel,
          reason: effect.reason,
          status: "waiting",
          openedAt: at,
          updatedAt: at,
          ticket,
        };
        if (effect.staffOnly) c.staffOnly = effect.staffOnly;
        if (effect.note) c.note = effect.note;
        const permit = effect.permit ?? state.engine.context.permit;
        if (permit) c.permit = permit;
        // The application the citizen checks or names now, if there is one by that number; else the
        // one last submitted or checked in the conversation.
        const named = effect.applicationNumber ? registrationNumberOf(effect.applicationNumber) : undefined;
        const application = (named && (await store.get<Application>("applications", named)) ? named : undefined) ?? state.engine.context.application;
        if (application) c.applicationNumber = application;
        // A request under UU 27/2022: due 3×24 hours from now, shown to staff until marked done.
        if (c.reason === "privacy") c.privacy = { dueAt: new Date(now().getTime() + PRIVACY_DUE_MS).toISOString(), ...(effect.request ? { kind: effect.request } : {}) };
        if (effect.request === "withdraw_consent") {
          // Recorded on the applications too: staff reading one see the consent is withdrawn.
          for (const app of await applicationsOf(store, state.conversationId)) {
            if (app.consentWithdrawn) continue;
            acc.puts.push({ collection: "applications", key: app.number, value: { ...app, consentWithdrawn: { at, caseId: c.id } } satisfies Application });
            acc.staffEvents.push({ type: "application_updated", number: app.number });
          }
        }
        acc.puts.push({ collection: "cases", key: c.id, value: c });
        acc.staffEvents.push({ type: "case_opened", caseId: c.id });
        logger.info({ conversationId: state.conversationId, caseId: c.id, reason: c.reason, ...(c.staffOnly ? { staffOnly: c.staffOnly } : {}) }, "handoff case opened");
        const open = isOpen(knowledge.office, now());
        const result: EffectResult = { type: "open_case", caseId: c.id, queuePosition: waiting + 1, officeOpen: open };
        const wait = open ? estimateWait(cases, waiting + 1, now()) : null;
        // No estimate that runs past closing time (or the Friday break): staff would not answer then.
        const closing = open ? closesAt(knowledge.office, now()) : undefined;
        if (wait !== null && (!closing || now().getTime() + wait * 60_000 <= closing.getTime())) result.expectedWaitMinutes = wait;
        if (!open) {
          const next = nextOpening(knowledge.office, now());
          if (next) result.nextOpening = phraseJakarta(next, state.lang);
          if (next && jakartaDate(next) === jakartaDate(new Date(now().getTime() + 86_400_000))) result.nextOpeningTomorrow = true;
        }
        return result;
      }
      case "record_survey": {
        const id = `${at}-${newId().slice(0, 8)}`;
        acc.puts.push({
          collection: "surveys",
          key: id,
          value: { id, at, answers: effect.answers, subject: effect.subject, channel: state.channel },
        });
        return { type: "record_survey", ok: true };
      }
      case "resubmit_documents": {
        const app = await store.get<Application>("applications", effect.number);
        // Only while staff still wait for them: a verified or approved application's files stay as checked.
        if (!app || app.conversationId !== state.conversationId || app.status !== "needs_correction") return { type: "resubmit_documents", ok: false };
        const updated: Application = {
          ...app,
          documents: { ...app.documents, ...effect.documents },
          history: [...app.history, { status: app.status, at, by: "citizen", note: "dokumen perbaikan dikirim" }],
          updatedAt: at,
        };
        acc.puts.push({ collection: "applications", key: app.number, value: updated });
        acc.staffEvents.push({ type: "application_updated", number: app.number });
        // The files replaced go once nothing holds them (the conversation's own records keep them
        // until retention; after "hapus data saya" nothing else would ever name them).
        const replaced = Object.keys(effect.documents).flatMap((id) => {
          const old = Object.hasOwn(app.documents, id) ? app.documents[id]?.sha256 : undefined;
          return old && old !== effect.documents[id]?.sha256 ? [old] : [];
        });
        if (replaced.length) {
          const conversationId = state.conversationId;
          acc.afterCommit.push(() =>
            deleteUnneeded({ store, files }, replaced).then(
              () => undefined,
              (err: unknown) => logger.warn({ err: { message: (err as Error).message }, conversationId }, "replaced document not deleted"),
            ),
          );
        }
        return { type: "resubmit_documents", ok: true };
      }
      case "delete_my_data": {
        const apps = await applicationsOf(store, state.conversationId);
        const conversationId = state.conversationId;
        acc.erasing = true;
        acc.afterCommit.push(async () => {
          // Documents of submitted applications stay, and so do those another conversation also holds.
          const candidates = await eraseConversation({ store }, conversationId, await store.transcript(conversationId), await documentHolders(store));
          await deleteUnneeded({ store, files }, candidates);
          await announceErased({ store, bus }, [conversationId]);
          await forgetCaseHolders(store, [conversationId]);
          logger.info({ conversationId, keptApplications: apps.length }, "citizen data deleted on request");
        });
        return { type: "delete_my_data", kept: apps.map((a) => a.number) };
      }
    }
  }

  /**
   * A new state. A conversation whose state expired (CONVERSATION_TTL_DAYS without a message) but
   * which filed applications comes back with its newest one as the application talked about, as
   * before the expiry: "kok lama banget" is about it (read from the index of its applications).
   */
  async function newState(conversationId: string, inbound: Inbound): Promise<ConversationState> {
    const state = engine.initialState(conversationId, inbound.channel, inbound.address);
    const newest = (await applicationsOf(store, conversationId)).at(-1);
    if (newest) state.engine.context = { ...state.engine.context, application: newest.number, applied: newest.permit };
    return state;
  }

  /** The state without its handoff, the waiting case out of the queue (returned to the bot), staff told. */
  async function leaveQueue(state: ConversationState, at: string, acc: { puts: Put[]; staffEvents: StaffEvent[] }): Promise<ConversationState> {
    const { handoff, deleteRequested: _asked, ...rest } = state;
    const c = handoff ? await store.get<HandoffCase>("cases", handoff.caseId) : null;
    if (c && c.status === "waiting") {
      acc.puts.push({ collection: "cases", key: c.id, value: { ...c, status: "returned", updatedAt: at } satisfies HandoffCase });
      acc.staffEvents.push({ type: "case_updated", caseId: c.id }, { type: "case_message", caseId: c.id, from: "system", text: messages.t("staff_notice.left_queue") });
    }
    return rest;
  }

  /**
   * Asks the model about a text message, outside the conversation's lock: `state` was read
   * without it. Only for messages that may be a new request (no typed question pending) or
   * several form answers in one long message; a single form answer never waits for a model.
   * All calls share one budget (`budgetMs`). The engine uses the hints only to route and
   * answer, never to validate.
   */
  async function modelHints(state: ConversationState, text: string): Promise<ModelHints> {
    const model = generation().model!;
    const budget = new AbortController();
    const timer = setTimeout(() => budget.abort(), model.budgetMs);
    const call = { signal: budget.signal };
    const hints: ModelHints = {};
    try {
      const expecting = state.engine.expecting;
      if (expecting && expecting.kind !== "choice") {
        // Several answers in one long message: let the model find them (the engine validates).
        const open = engine.openFields?.(state) ?? [];
        if (open.length >= 2 && text.length >= 30) {
          const values = await model.fill(text, open, call);
          if (Object.keys(values).length >= 2) hints.prefill = values;
        }
        return hints;
      }
      const permit = state.engine.context.permit;
      const u = await model.understand(text, permit ? { permit } : {}, call);
      hints.understanding = u;
      const target = u.permit ?? (u.intent === "ask" ? permit : undefined);
      if (!budget.signal.aborted && u.intent === "ask" && target && (u.aspect === "general" || u.aspect === null)) {
        // In the language the engine will answer in (the conversation's, or the one this message switches to).
        const answer = await model.answer(text, target, call, engine.languageOf?.(state, text));
        if (answer) hints.answer = answer;
      } else if (!budget.signal.aborted && u.intent === "office_info" && model.answerOffice) {
        const answer = await model.answerOffice(text, call, engine.languageOf?.(state, text));
        if (answer) hints.answer = answer;
      }
      return hints;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The model's hints on the state as read without the lock; none during a handoff (staff hold the conversation). */
  async function askModel(conversationId: string, inbound: Inbound, text: string): Promise<{ state: ConversationState | null; hints: ModelHints } | undefined> {
    try {
      const seen = await store.peekState(conversationId);
      if (seen?.handoff) return undefined;
      const state = seen ?? engine.initialState(conversationId, inbound.channel, inbound.address);
      return { state: seen, hints: await modelHints(state, text) };
    } catch (err) {
      // The store unreadable (the turn then says so) or a state the engine no longer reads: no hints.
      logger.warn({ err: { message: (err as Error).message }, conversationId }, "model not asked");
      return undefined;
    }
  }

  /**
   * True when the state locked for the turn is the one the hints were computed on: nothing
   * (another message, a staff action, another instance) moved the conversation meanwhile.
   */
  function unchanged(seen: ConversationState | null, now: ConversationState | null): boolean {
    if (!seen || !now) return seen === now;
    return seen.updatedAt === now.updatedAt && !seen.handoff === !now.handoff && JSON.stringify(seen.engine) === JSON.stringify(now.engine);
  }

  /**
   * Messages of one conversation are taken in the order they arrived: a message waits here,
   * holding no lock, until the one before it on this instance has finished its turn (model
   * calls included). Only with a model, whose calls are made before the lock is taken.
   */
  const arrivals = new Map<string, Promise<void>>();

  /**
   * Messages (`<conversation> <channel>:<messageId>`: an id is its conversation's own) this
   * instance took lately, most recent last: a retry of one (a web page whose answer was lost, a
   * platform's redelivery) gets its kept answer from the store's dedupe without the model being
   * asked about it again first. Bounded; another
   * instance's messages are not known here (their retries still ask the model, then are dropped).
   */
  const TAKEN_KEPT = 2_000;
  const taken = new Map<string, true>();
  const rememberTaken = (key: string) => setNewest(taken, key, true, TAKEN_KEPT);
  async function inArrivalOrder(conversationId: string): Promise<() => void> {
    const before = arrivals.get(conversationId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    arrivals.set(conversationId, tail);
    await before;
    return () => {
      done();
      if (arrivals.get(conversationId) === tail) arrivals.delete(conversationId);
    };
  }

  async function deliver(
    to: { conversationId: string; channel: ChannelName; address?: string | undefined },
    replies: Outbound[],
    from: "bot" | "staff" | "system",
  ): Promise<boolean> {
    if (!replies.length) return true;
    const adapter = adapters.get(to.channel);
    if (!adapter) {
      // The channel runs on another instance (e.g. the one holding the WhatsApp session).
      const keep = deps.keepRemote?.[to.channel];
      const keptAs = keep
        ? await keep(to, replies).catch((err: unknown) => {
            logger.warn({ err, conversationId: to.conversationId, channel: to.channel }, "push not stored for the channel's instance (sent over the bus only)");
            return undefined;
          })
        : undefined;
      await bus.publish(`deliver:${to.channel}`, { conversationId: to.conversationId, address: to.address, replies, from, ...(keptAs ? { keptAs } : {}) });
      return true;
    }
    try {
      await adapter.send(to.conversationId, to.address, replies, from);
      return true;
    } catch (err) {
      logger.error({ err, conversationId: to.conversationId, channel: to.channel }, "push failed");
      return false;
    }
  }

  async function publishAll(events: PublishedStaffEvent[]): Promise<void> {
    for (const e of events) await bus.publish(STAFF_TOPIC, { ...e, id: newId() }).catch((err) => logger.warn({ err }, "staff event not published"));
  }

  /**
   * A turn's staff events as they will be published, made under the conversation's lock just before
   * the commit: a case's change says the status it found and the one it left (`puts` hold the case
   * as written), and each event of a case gets its place among that case's events, so that what
   * several instances post of one case keeps the order things happened in (PublishedStaffEvent).
   * The places come from one counter per case raised by the commit itself (`counters`, given to
   * the batch; `place` with the commit's values): no round trip of their own, and a commit that
   * fails takes none (a place taken and never published would hold the case's next events).
   */
  async function stamped(events: StaffEvent[], puts: Put[]): Promise<Stamped> {
    if (!events.length) return { events, counters: [], place: () => undefined };
    const out: PublishedStaffEvent[] = [];
    for (const e of events) {
      if (e.type !== "case_updated" || e.status) {
        out.push({ ...e });
        continue;
      }
      const written = puts.findLast((p) => p.collection === "cases" && p.key === e.caseId)?.value as HandoffCase | null | undefined;
      const stored = written ? await store.get<HandoffCase>("cases", e.caseId).catch(() => null) : null;
      out.push(
        written
          ? {
              ...e,
              status: written.status,
              ...(written.heldBy ? { heldBy: written.heldBy } : {}),
              ...(stored ? { before: { status: stored.status, ...(stored.heldBy ? { heldBy: stored.heldBy } : {}) } } : {}),
            }
          : { ...e },
      );
    }
    const perCase = new Map<string, PublishedStaffEvent[]>();
    for (const e of out) {
      if (e.type === "application_updated" || e.type === "conversation_erased") continue;
      perCase.set(e.caseId, [...(perCase.get(e.caseId) ?? []), e]);
    }
    const lists = [...perCase.values()];
    return {
      events: out,
      counters: [...perCase].map(([caseId, list]) => ({ name: staffCaseSeq(caseId), by: list.length, expireMs: STAFF_ORDER_KEEP_MS })),
      place(values) {
        lists.forEach((list, j) => {
          const last = values[j];
          if (last !== undefined) list.forEach((e, i) => (e.seq = last - list.length + 1 + i));
        });
      },
    };
  }

  /**
   * The answer for a message taken before whose kept answer is gone (kept 10 minutes; Telegram
   * sends an update it was not told was handled again for up to a day, e.g. after Loket was down
   * longer). The citizen may never have got it (the channel's mark says whether they did): the
   * turn's own answer from the transcript while the message is still the conversation's last one
   * (none when the bot stayed silent); else, the conversation having moved on or been erased, a
   * short notice that the message was received. Nothing while the conversation is with staff (a
   * handoff waiting or held): staff answer there, and neither an old answer of the bot nor its
   * notice is sent into that chat (staff read the message in the case already).
   */
  async function lateAnswer(conversationId: string, inbound: Inbound, event: EngineEvent, state: ConversationState | null): Promise<Outbound[]> {
    if (state?.handoff) return [];
    const lang = state?.lang;
    const received = [noticeIn(lang, "telegram.received_earlier")];
    const lines = await store.transcript(conversationId).catch(() => undefined);
    if (!lines) return received;
    let i = lines.length - 1;
    while (i >= 0 && lines[i]!.from !== "citizen") i--;
    const mine = lines[i];
    // A document nothing took has its line rewritten (file not kept): still this message, whose
    // answer said why (not "received and recorded").
    const same = mine && (mine.text === citizenLine(inbound, event, mine.at).text || (event.type === "file" && event.result.ok && mine.text === unkeptLine(inbound, event.result.document)));
    if (!same) return received;
    // The turn's lines share its time; staff's and later pushes' do not.
    return lines
      .slice(i + 1)
      .filter((l) => l.from === "bot" && !l.internal && l.at === mine.at)
      .map((l) => ({ type: "text" as const, text: l.text, ...(l.choices?.length ? { choices: l.choices } : {}), ...(l.expects ? { expects: l.expects } : {}), ...(l.lang ? { lang: l.lang } : {}) }));
  }

  async function begin(conversationId: string, dedupeKey?: string): Promise<Turn | Outbound[]> {
    try {
      return await store.begin(conversationId, dedupeKey ? { dedupeKey } : {});
    } catch (err) {
      if (err instanceof StoreError) {
        // Not taken either way (the web page sends it again); a conversation that stayed busy past
        // the lock wait is no sign of the store being away, and the operator is not told it is.
        if (err.code === "LOCK_TIMEOUT") logger.warn({ err: { code: err.code, message: err.message }, conversationId }, "conversation busy too long: message not taken");
        else logger.error({ err: { code: err.code, message: err.message }, conversationId }, "store unavailable");
        return refused([early(conversationId, "service_unavailable")], "unavailable");
      }
      throw err;
    }
  }

  /** One inbound message's turn (see `createRuntime`). */
  async function take(inbound: Inbound): Promise<Outbound[]> {
    const { conversationId } = inbound;
    const fileEvent = await checkFile(inbound);
    const event = eventOf(inbound, fileEvent);
    // A document sent as a reply to one of Loket's document questions: the requirement it asked for.
    // Unreadable now: filed as without the quote (under the one pending).
    if (event.type === "file" && event.result.ok && inbound.quotes) {
      const quoted = await documentRequestQuoted(store, conversationId, inbound.quotes).catch(() => undefined);
      if (quoted) event.quoted = quoted;
    }
    // An emoji put on one of Loket's messages: the survey rating question that message asked, if it was one.
    if (event.type === "unsupported" && event.kind === "reaction" && inbound.reaction) {
      const asked = await questionAsked(store, conversationId, inbound.reaction.on).catch(() => undefined);
      event.reaction = { emoji: inbound.reaction.emoji, ...(asked ? { asked } : {}) };
    }
    // The model is asked before the lock is taken (a slow model must not hold the conversation):
    // on the state as it is now, and its hints are used only if the state is still that one.
    const dedupeKey = inbound.messageId ? `${inbound.channel}:${inbound.messageId}` : undefined;
    let asked: { state: ConversationState | null; hints: ModelHints } | undefined;
    // Not for a message already taken here: the store's dedupe answers its retry.
    if (deps.model && event.type === "text" && !(dedupeKey && taken.has(`${conversationId} ${dedupeKey}`))) asked = await askModel(conversationId, inbound, event.text);
    const turn = await begin(conversationId, dedupeKey);
    if (Array.isArray(turn)) return turn;
    if (turn.duplicate) {
      // A web page retrying a message whose answer it lost gets that answer again; so does an
      // update Telegram delivers again (webhook mode: it had no 200, i.e. Loket died before
      // sending the answer of the turn it had stored).
      const last = keepsReply(inbound.channel) ? await turn.lastReply().catch(() => null) : null;
      await turn.release();
      logger.debug({ conversationId }, "duplicate delivery ignored");
      const kept = last && last.messageId === inbound.messageId ? (last.replies as Outbound[]) : undefined;
      const again = kept ?? (answersLate(inbound.channel) ? await lateAnswer(conversationId, inbound, event, turn.state ?? null) : []);
      repeats.add(again);
      return again;
    }
    // The file is written once the turn is taken; removed again if the turn fails before its commit.
    let stored: string | undefined;
    let committing = false;
    let slot: DeliverySlot | undefined;
    // When the file was new (no file of these bytes before this turn wrote it): when it was written.
    // Nothing else can hold a new file unless it was written again since (the same bytes sent from
    // another conversation meanwhile), so an unused one goes without reading every record and
    // application to find holders (seconds at 50,000 applications).
    let freshAt: number | null = null;
    const dropFile = (sha: string): Promise<unknown> =>
      freshAt !== null ? files.delete(sha, { writtenBefore: freshAt + 0.001 }) : deleteUnneeded({ store, files }, [sha]);
    try {
      if (event.type === "file" && event.result.ok && inbound.file) {
        const existed = (await files.writtenAt(event.result.document.sha256)) !== null;
        const sha256 = await files.put(inbound.file.bytes);
        if (sha256 !== event.result.document.sha256) throw new Error("file store named a document by another hash");
        stored = sha256;
        if (!existed) freshAt = await files.writtenAt(sha256);
      }
      const at = isoOf(now());
      let state = turn.state ?? (await newState(conversationId, inbound));
      if (inbound.address && state.address !== inbound.address) state = { ...state, address: inbound.address };
      // Read for this turn alone (Turn.state), or new: the engine may change it in place as long as
      // the turn has not passed it on (leaving the queue, a correction's first step make new ones).
      const fresh = state;
      const transcript: TranscriptEntry[] = [citizenLine(inbound, event, at)];
      const acc = { puts: [] as Put[], staffEvents: [] as StaffEvent[], afterCommit: [] as (() => Promise<void>)[], erasing: false };
      if (event.type === "file" && event.result.ok) acc.puts.push(documentRefPut(conversationId, event.result.document.sha256, at));

      let replies: Outbound[] = [];
      // Still waiting in the queue (no staff member took the case), the citizen may go back to the bot.
      // "tidak jadi" / "batal" after "hapus data saya" was noted withdraws that request first, not the place in the queue.
      const undoDeletion = event.type === "text" && Boolean(state.handoff) && state.deleteRequested === true && engine.repairOf?.(event.text) === "cancel";
      // Telegram's /start (the first entry of its menu, and the button of a cleared chat) counts as "menu".
      // So may "yaudah sm bot aja deh, …" (patterns.yaml back_to_bot): what follows is asked.
      const waitingInQueue = !undoDeletion && state.handoff?.status === "waiting";
      const backToBot = waitingInQueue && event.type === "text" ? engine.backToBotRest?.(event.text) : undefined;
      const leftQueue =
        waitingInQueue && (event.type === "start" || backToBot !== undefined || (event.type === "text" && ["menu", "cancel"].includes(engine.repairOf?.(event.text) ?? "")));
      const deleteAsked = leftQueue && state.deleteRequested === true;
      // Left with a cancel ("ga jadi deh", "eh gajadi, sy tanya syarat aja"): it withdrew the request
      // for a person, not the form beneath it; what follows the cancel is the next request.
      const afterCancel = leftQueue && event.type === "text" ? (engine.cancelRest?.(event.text) ?? backToBot) : undefined;
      const filesSent = state.handoff?.filesSent === true;
      if (leftQueue) state = await leaveQueue(state, at, acc);
      // A further file of an album already answered (Telegram's media_group_id, a WhatsApp album).
      const album = event.type === "file" && inbound.fileGroup && state.fileGroup === inbound.fileGroup ? (state.fileGroupState ?? "taken") : undefined;
      let albumQuiet = false;
      if (state.handoff) {
        // A person holds (or will hold) this conversation: the bot stays silent, staff see the
        // message; only a file or message staff will never get is answered, so the citizen knows.
        const sent = transcript[0]!;
        acc.staffEvents.push({ type: "case_message", caseId: state.handoff.caseId, from: "citizen", text: sent.text, ...(sent.document ? { document: sent.document } : {}) });
        state = { ...state, updatedAt: at };
        if (event.type === "file" && event.result.ok && !state.handoff!.filesSent) state = { ...state, handoff: { ...state.handoff!, filesSent: true } };
        const refused = refusalDuringHandoff(event, state.lang);
        // "hapus data saya" is not staff's to do: noted, and asked again when the bot takes over.
        const wantsDeletion = event.type === "text" && engine.commandOf?.(event.text) === "delete_data";
        if (wantsDeletion) {
          state = { ...state, deleteRequested: true };
          // Staff are told what the request means for the case they hold (the citizen's words alone did not say it waits for them).
          const notice = messages.t("staff_notice.delete_requested");
          transcript.push({ at, from: "system", text: notice, internal: true });
          acc.staffEvents.push({ type: "case_message", caseId: state.handoff!.caseId, from: "system", text: notice });
        }
        if (undoDeletion) {
          const { deleteRequested: _withdrawn, ...rest } = state;
          state = rest;
        }
        // "petugas" again while nobody has taken the case yet: where they stand, not silence.
        const handoff = state.handoff!;
        // So is "halo? masih ada orang?", "kok blm dibales2 sih" (patterns.yaml still_there).
        // So is when the office opens, asked while it is closed ("eh tp senin jam brp kantornya buka?" on
        // Saturday night): nobody reads it before then, and the notice says when staff answer.
        const askedAgain =
          !refused &&
          handoff.status === "waiting" &&
          event.type === "text" &&
          (engine.repairOf?.(event.text) === "human" || engine.asksStillThere?.(event.text) === true || (!isOpen(knowledge.office, now()) && engine.asksHours?.(event.text) === true));
        // Out of office hours, a citizen still waiting (a case opened in the afternoon, or given back
        // to the queue when its officer went home) is told once when staff answer, not left to
        // wonder overnight; a case opened out of hours was told so when it was opened.
        const closedFor = !refused && !wantsDeletion && !undoDeletion && handoff.status === "waiting" ? await closedStretchUntold(handoff) : undefined;
        // The first message written while the case waits ("pbg saya ditolak kenapa ya") is not met with
        // silence: the citizen is told where they stand and that staff will read it; once per case, not at
        // every message. Not once a staff member took the case (held), nor after one served it and it went
        // back to the queue (the requeue marks it told): only while nobody has answered yet.
        const firstWhileWaiting = !refused && !wantsDeletion && !undoDeletion && handoff.status === "waiting" && event.type === "text" && !handoff.toldWaiting;
        const position = askedAgain || closedFor || firstWhileWaiting ? await queuePosition(handoff.caseId) : undefined;
        if (position) state = { ...state, handoff: { ...handoff, toldWaiting: true } };
        if (position && !isOpen(knowledge.office, now())) {
          const next = nextOpening(knowledge.office, now());
          if (next) state = { ...state, handoff: { ...state.handoff!, closedNoticeFor: next.toISOString() } };
        }
        const reply = refused ?? (wantsDeletion ? noticeIn(state.lang, "handoff.delete_later") : undoDeletion ? noticeIn(state.lang, "handoff.delete_later_cancelled") : position ? stillWaiting(state.lang, position) : undefined);
        // "dr td siang gk dibales2, mau komplain kemana ini??": where to complain too (the office's
        // complaint channels), beside the place in the queue.
        const complaint =
          reply && position && !refused && event.type === "text" && engine.asksComplaint?.(event.text)
            ? noticeIn(state.lang, "complaint.intro", { office_complaints: officeIn(knowledge.office, state.lang ?? "id").complaints ?? messagesOf(state.lang).t("answers.office.contact_staff") })
            : undefined;
        for (const r of reply ? [reply, ...(complaint ? [complaint] : [])] : []) {
          replies.push(r);
          transcript.push(botLine(at, r));
          // Staff serving the case see what the citizen was told (a deletion noted for later, a file refused), live too.
          acc.staffEvents.push({ type: "case_message", caseId: handoff.caseId, from: "bot", text: r.text });
        }
      } else if (album && (album !== "refused" || (event.type === "file" && !event.result.ok))) {
        // A further file of an album already answered. After one taken: pages of one document, or
        // several documents at once; filed as the next requirements they would be misfiled, so
        // one notice says only the first was attached and the rest are silent. After a refusal
        // or a file nothing asked for: the same answer is not said again for each (nor counted as
        // another failed try). A good file after refused ones is taken as usual.
        albumQuiet = true;
        if (album === "taken") {
          // Which document the first file went to, and the question asked now (the engine says both).
          const out = await runEngine(state, { type: "album_rest" }, acc, state === fresh);
          state = out.state;
          replies = out.replies.length ? out.replies : [noticeIn(state.lang, "upload.album_page")];
          for (const r of replies) transcript.push(botLine(at, r));
        }
        state = { ...state, updatedAt: at, ...(album === "taken" ? { fileGroupState: "told" as const } : {}) };
      } else {
        if (asked && event.type === "text") {
          if (unchanged(asked.state, turn.state)) Object.assign(event, asked.hints);
          else logger.debug({ conversationId }, "model hints dropped: the conversation moved on while the model was asked");
        }
        // "hapus data saya" noted while in the queue is taken up now, as when staff give a case back;
        // else corrected documents staff asked for while it waited (the bot could not ask then).
        const fix = leftQueue && !deleteAsked ? correctionPending(await applicationsOf(store, conversationId), conversationId) : undefined;
        const resumed: EngineEvent | undefined =
          afterCancel === undefined
            ? undefined
            : afterCancel
              ? { type: "text", text: afterCancel }
              : state.engine.stack.length
                ? { type: "resume", ...(filesSent ? { filesSent: true } : {}) }
                : // "yaudah sm bot aja deh" alone: the menu, as after "menu" (its words ask nothing of the bot).
                  backToBot !== undefined
                  ? { type: "text", text: "menu" }
                  : undefined;
        const first: EngineEvent = leftQueue && deleteAsked ? { type: "trigger", flow: "delete_data" } : fix ? { ...correctionTrigger(fix), ...(filesSent ? { filesSent: true } : {}) } : (resumed ?? event);
        // A document nothing asks for, while staff wait for corrected ones the citizen left (with
        // "menu" or "batal", or the state expired): the request is taken up again and gets it.
        let again: Outbound[] = [];
        if (first.type === "file" && first.result.ok && engine.takesFile && !engine.takesFile(state)) {
          const pending = correctionPending(await applicationsOf(store, conversationId), conversationId);
          if (pending) {
            const resumed = await runEngine(state, correctionTrigger(pending), acc);
            state = resumed.state;
            // Its opening line (which application, what staff asked); its question is answered by this document.
            again = resumed.replies.slice(0, 1);
          }
        }
        const out = await runEngine(state, first, acc, state === fresh);
        state = { ...out.state, updatedAt: at };
        replies = [...(leftQueue ? [noticeIn(state.lang, "handoff.left_queue")] : []), ...again, ...out.replies];
        for (const r of replies) transcript.push(botLine(at, r));
        if (state.handoff) {
          for (const r of replies) acc.staffEvents.push({ type: "case_message", caseId: state.handoff.caseId, from: "bot", text: r.text });
        }
      }
      // A document nothing took (sent before it was asked for, before consent, or refused by the
      // flow) is not kept: its file goes once the turn is stored, unless something else holds it.
      // During a handoff every document is kept for staff.
      let unwanted: string | undefined;
      if (event.type === "file" && event.result.ok && !state.handoff) {
        const sha = event.result.document.sha256;
        const used = JSON.stringify(state.engine).includes(sha) || acc.puts.some((p) => p.collection !== "document_refs" && p.value !== null && JSON.stringify(p.value).includes(sha));
        if (used && inbound.fileGroup && !albumQuiet) state = { ...state, fileGroup: inbound.fileGroup, fileGroupState: "taken" };
        else if (!used && inbound.fileGroup && !albumQuiet) state = { ...state, fileGroup: inbound.fileGroup, fileGroupState: "unwanted" };
        if (!used) {
          unwanted = sha;
          acc.puts = acc.puts.filter((p) => !(p.collection === "document_refs" && p.key === `${sha}:${conversationId}`));
          const { document: _dropped, ...line } = transcript[0]!;
          transcript[0] = { ...line, text: unkeptLine(inbound, event.result.document) };
        }
      }
      // An album whose file was refused (an iPhone's HEIC sent as files): its further refused files are silent.
      if (event.type === "file" && !event.result.ok && inbound.fileGroup && !albumQuiet && !state.handoff) state = { ...state, fileGroup: inbound.fileGroup, fileGroupState: "refused" };
      const deleting = acc.erasing === true;
      const staffEvents = await stamped(acc.staffEvents, acc.puts);
      // Sent by the channel after this returns (and the lock is gone): its place is taken now.
      slot = replies.length && ORDERED_CHANNELS.has(inbound.channel) ? placeDelivery(conversationId, inbound.channel) : undefined;
      const counters = [...staffEvents.counters, ...(slot?.counter ? [slot.counter] : [])];
      committing = true;
      const counted = await commitOrConfirm(turn, conversationId, dedupeKey, {
        // An erasure removes the state in its own commit (it may still hold an unfinished form's
        // name and NIK): a message taken between this commit and the erasure below, on this
        // instance or another, then starts afresh instead of writing that state back.
        state: deleting ? null : state,
        puts: acc.puts,
        transcript: deleting ? [] : transcript,
        ...(dedupeKey ? { dedupeKey } : {}),
        // Web and Telegram answers are kept a while beside the state, for a message delivered again.
        ...(keepsReply(inbound.channel) && inbound.messageId ? { reply: { messageId: inbound.messageId, replies } } : {}),
        ...(counters.length ? { counters } : {}),
      });
      staffEvents.place(counted.slice(0, staffEvents.counters.length));
      slot?.at?.(slot.counter ? counted[staffEvents.counters.length] : undefined);
      stored = undefined;
      if (dedupeKey && deps.model) rememberTaken(`${conversationId} ${dedupeKey}`);
      noteLanguage(conversationId, state.lang);
      for (const job of acc.afterCommit) await job();
      if (unwanted) await dropFile(unwanted).catch((err: unknown) => logger.warn({ err: { message: (err as Error).message }, conversationId }, "unused document not deleted"));
      await publishAll(staffEvents.events);
      // Replies nobody sends through inOrder (a caller of handle other than the Telegram
      // channel: a test, a tool) give their place back soon (`placed`), not after ORDER_WAIT_MS.
      if (slot) placed.add(replies, slot);
      return replies;
    } catch (err) {
      slot?.done();
      await turn.release().catch(() => undefined);
      // Not committed: no record holds the file this turn wrote (unless another conversation's does).
      // A commit that failed on its way (Redis unreachable or slower than the command timeout) may
      // still have run, or run when Redis is back: its file is looked at again later instead, and
      // goes only if nothing holds it then.
      if (stored && committing && err instanceof StoreError && err.code === "STORE_UNAVAILABLE") recheckFile(stored, conversationId);
      else if (stored) await dropFile(stored).catch(() => undefined);
      if (err instanceof StoreError) {
        logger.error({ err: { code: err.code, message: err.message }, conversationId }, "store failed during turn");
        return refused([early(conversationId, "service_unavailable")], "unavailable");
      }
      logger.error({ err, conversationId }, "turn failed");
      return [early(conversationId, "internal_error")];
    }
  }

  /**
   * Commits a turn. A commit that failed on its way (Redis slower than the command timeout: a
   * paused VM, a blip) may still run when Redis answers again: the citizen was then told the
   * service was disturbed although the message was taken, and a Telegram citizen who sent "ya"
   * again never got the registration number. Asked behind the commit on the same connection,
   * the message's id says whether it was stored; if it was, the turn goes on as committed.
   */
  async function commitOrConfirm(turn: Turn, conversationId: string, dedupeKey: string | undefined, batch: Batch): Promise<number[]> {
    try {
      return await turn.commit(batch);
    } catch (err) {
      if (!(err instanceof StoreError && err.code === "STORE_UNAVAILABLE" && dedupeKey)) throw err;
      logger.warn({ err: { code: err.code, message: err.message }, conversationId }, "store did not confirm the turn's commit: asking whether it was stored");
      const again = await store.begin(conversationId, { dedupeKey, waitMs: 5_000 }).catch(() => undefined);
      if (!again) throw err;
      const stored = again.duplicate;
      // Stored: its counters (the places of its staff events) are read under the lock, where only
      // commits of this conversation raise them, so they are still as that commit left them.
      const values = stored ? await Promise.all((batch.counters ?? []).map((c) => store.nextSequence(c.name, { expireMs: c.expireMs, by: 0 }))).catch(() => []) : [];
      await again.release().catch(() => undefined);
      if (!stored) throw err;
      logger.info({ conversationId }, "the turn was stored after all");
      return values;
    }
  }

  /** Files of turns whose commit failed on its way, looked at again once the store is likely back. */
  const rechecks = new Set<NodeJS.Timeout>();
  const RECHECK_MS = 60_000;
  function recheckFile(sha: string, conversationId: string): void {
    // Written again after this (the page's retry of the upload): kept, that turn decides.
    const writtenBefore = Date.now();
    const timer = setTimeout(() => {
      rechecks.delete(timer);
      deleteUnneeded({ store, files }, [sha], writtenBefore).catch((err: unknown) =>
        logger.warn({ err: { message: (err as Error).message }, conversationId }, "document of a turn not confirmed stored was kept (the store could not say whether it holds it)"),
      );
    }, RECHECK_MS);
    timer.unref();
    rechecks.add(timer);
  }

  /** A notice in the case (transcript, console, Telegram topic) that the citizen's channel refused a push. */
  async function noteUndelivered(conversationId: string, caseId: string, channel: ChannelName): Promise<void> {
    const text = messages.t("staff_notice.undelivered", { channel });
    await runtime
      .mutate(conversationId, () => ({ transcript: [{ at: now().toISOString(), from: "system", text, internal: true }], staffEvents: [{ type: "case_message", caseId, from: "system", text }] }))
      .catch((err: unknown) => logger.warn({ err: { message: (err as Error).message }, conversationId }, "undelivered notice not recorded"));
  }

  const runtime: Runtime & { close(): void; useKnowledge(next: KnowledgeGeneration): Promise<void> } = {
    registerChannel(adapter) {
      adapters.set(adapter.name, adapter);
      const remove = () => {
        if (adapters.get(adapter.name) === adapter) adapters.delete(adapter.name);
      };
      if (adapter.name === "web") return remove; // the web adapter itself delivers over the bus
      const off = bus.subscribe(`deliver:${adapter.name}`, (payload) => {
        const p = payload as { conversationId: string; address?: string; replies: Outbound[]; from?: "bot" | "staff" | "system"; keptAs?: string };
        adapter.send(p.conversationId, p.address, p.replies, p.from, p.keptAs).catch(async (err) => {
          logger.error({ err, conversationId: p.conversationId }, "push failed");
          // Made on another instance (a console reply behind the load balancer): staff there
          // must not think the citizen read it either (see mutate).
          const caseId = await store.peekState(p.conversationId).then((st) => st?.handoff?.caseId, () => undefined);
          if (caseId) await noteUndelivered(p.conversationId, caseId, adapter.name);
        });
      });
      unsubscribers.push(off);
      return () => {
        remove();
        const i = unsubscribers.indexOf(off);
        if (i < 0) return;
        unsubscribers.splice(i, 1);
        off();
      };
    },

    refusal: (replies) => refusals.get(replies),
    redelivered: (replies) => repeats.has(replies),

    async inOrder(replies, send) {
      const slot = placed.take(replies);
      if (!slot) return send();
      await slot.ready;
      try {
        return await send();
      } finally {
        slot.done();
      }
    },
    retryAfterMs: (replies) => waits.get(replies),
    throttle(conversationId) {
      if (!limiter || limiter.take(conversationId) === "ok") return undefined;
      return Math.max(1, limiter.waitMs(conversationId));
    },

    handle(inbound) {
      return call(() => handle(inbound));
    },

    channelNotice(conversationId, key) {
      return call(() => channelNotice(conversationId, key));
    },

    push(conversationId, replies, from, by) {
      return call(() => push(conversationId, replies, from, by));
    },

    mutate(conversationId, fn, opts) {
      return call(() => mutate(conversationId, fn, opts));
    },

    async useKnowledge(next) {
      if (!pinning) {
        pinning = true;
        // A call that never ends (a hung model call) does not hold the reload for ever.
        if (unpinned > 0) await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, UNPINNED_WAIT_MS).unref();
        });
        drained = undefined;
      }
      current = next;
    },

    close() {
      for (const t of rechecks) clearTimeout(t);
      rechecks.clear();
      for (const off of unsubscribers) off();
      adapters.clear();
    },
  };
  async function handle(inbound: Inbound): Promise<Outbound[]> {
    if (limiter) {
      const verdict = limiter.take(inbound.conversationId);
      if (verdict === "notice") return refused([early(inbound.conversationId, "rate_limited")], "rate_limited", limiter.waitMs(inbound.conversationId));
      if (verdict === "drop") return refused([], "rate_limited", limiter.waitMs(inbound.conversationId));
    }
    // Too long to read: still a turn (its words dropped, never stored), so the pending question is asked again.
    if (inbound.text && inbound.text.length > deps.messageMaxChars) {
      const { text: _dropped, ...rest } = inbound;
      inbound = { ...rest, unsupported: "too_long" };
    }
    if (!deps.model) return take(inbound);
    const done = await inArrivalOrder(inbound.conversationId);
    try {
      return await take(inbound);
    } finally {
      done();
    }
  }

  /**
   * A channel's own notice takes its place among the conversation's deliveries as a turn taken at
   * that moment would (the channel sends it through inOrder): after the answer to a message sent
   * before it and after a staff notice committed before it, before what comes later. With several
   * instances (`sharedOrder`) the place is numbered as a turn's: under the conversation's lock, by
   * a commit that writes nothing but the number. A conversation busy longer than NOTICE_LOCK_MS,
   * or a store that fails, gets its notice at once, in no place (as before 2026-12-03).
   */
  async function channelNotice(conversationId: string, key: string): Promise<Outbound[]> {
    const channel = deliveryOf(conversationId)?.channel;
    if (!channel || !ORDERED_CHANNELS.has(channel)) return [await plainNotice(conversationId, key)];
    if (!deps.sharedOrder) {
      const notice = [await plainNotice(conversationId, key)];
      placed.add(notice, placeDelivery(conversationId, channel));
      return notice;
    }
    let turn: Turn;
    try {
      turn = await store.begin(conversationId, { waitMs: NOTICE_LOCK_MS });
    } catch (err) {
      logger.warn({ err: { code: (err as StoreError).code, message: (err as Error).message }, conversationId, notice: key }, "channel notice sent without its place: the conversation stayed locked or the store failed");
      return [await plainNotice(conversationId, key)];
    }
    const notice = [noticeIn(turn.state?.lang, key)];
    const slot = placeDelivery(conversationId, channel);
    try {
      const counted = await turn.commit({ counters: slot.counter ? [slot.counter] : [] });
      slot.at?.(slot.counter ? counted[0] : undefined);
    } catch (err) {
      slot.done();
      await turn.release().catch(() => undefined);
      logger.warn({ err: { code: (err as StoreError).code, message: (err as Error).message }, conversationId, notice: key }, "channel notice sent without its place: its number was not stored");
      return notice;
    }
    placed.add(notice, slot);
    return notice;
  }
  async function plainNotice(conversationId: string, key: string): Promise<Outbound> {
    const lang = await store.peekState(conversationId).then((s) => s?.lang, () => undefined);
    return noticeIn(lang, key);
  }

  async function push(conversationId: string, replies: Outbound[], from: "staff" | "system", by?: string): Promise<void> {
    const opts: Mutation = { push: replies, pushFrom: from };
    if (by) opts.pushBy = by;
    await mutate(conversationId, () => opts);
  }

  async function mutate(...[conversationId, fn, opts]: Parameters<Runtime["mutate"]>): ReturnType<Runtime["mutate"]> {
    // Staff actions see the store's own error: LOCK_TIMEOUT (the conversation stayed busy) or STORE_UNAVAILABLE.
    const dedupeKey = opts?.dedupeKey;
    const turn = await store.begin(conversationId, dedupeKey ? { dedupeKey } : {});
    if (turn.duplicate) {
      await turn.release();
      return Object.assign([] as Outbound[], { duplicate: true as const });
    }
    let slot: DeliverySlot | undefined;
    let pushed: Outbound[] = [];
    let pushedFrom: "staff" | "system" = "system";
    let botReplies: Outbound[] = [];
    let target: ConversationState | null = null;
    const acc = { puts: [] as Put[], staffEvents: [] as StaffEvent[], afterCommit: [] as (() => Promise<void>)[], erasing: false };
    try {
      const m = await fn(turn.state);
      const at = now().toISOString();
      let state = m.state === undefined ? turn.state : m.state;
      // A flow staff start (a correction) for a citizen whose state expired or was erased starts
      // afresh; where the message goes is read from the conversation id.
      const fresh = m.state === undefined && !state && m.engineEvent?.type === "trigger" ? deliveryOf(conversationId) : null;
      if (fresh) state = engine.initialState(conversationId, fresh.channel, fresh.address);
      pushed = [...(m.push ?? [])];
      const from = (pushedFrom = m.pushFrom ?? "system");
      const transcript: TranscriptEntry[] = [...(m.transcript ?? [])];
      for (const r of m.push ?? []) transcript.push({ at, from, text: r.text, ...(m.pushBy ? { by: m.pushBy } : {}), ...(r.lang ? { lang: r.lang } : {}) });
      if (state && m.engineEvent) {
        const out = await runEngine(state, m.engineEvent, acc);
        state = out.state;
        pushed.push(...out.replies);
        botReplies = out.replies;
        for (const r of out.replies) transcript.push(botLine(at, r));
      }
      if (state) state = { ...state, updatedAt: at };
      target = state ?? turn.state;
      // As in a citizen's turn: a state an erasure follows goes in the same commit (see take).
      const batch = { puts: [...(m.puts ?? []), ...acc.puts], transcript, ...(acc.erasing ? { state: null } : m.state !== undefined || state ? { state } : {}), ...(dedupeKey ? { dedupeKey } : {}) };
      const staffEvents = await stamped([...(m.staffEvents ?? []), ...acc.staffEvents], batch.puts);
      // Its place among the conversation's deliveries, under the lock (see placeDelivery).
      slot = placeDelivery(conversationId, (target ?? deliveryOf(conversationId))?.channel);
      const counters = [...staffEvents.counters, ...(slot.counter ? [slot.counter] : [])];
      const counted = await turn.commit(counters.length ? { ...batch, counters } : batch);
      staffEvents.place(counted.slice(0, staffEvents.counters.length));
      slot.at?.(slot.counter ? counted[staffEvents.counters.length] : undefined);
      for (const job of acc.afterCommit) await job();
      await publishAll(staffEvents.events);
    } catch (err) {
      slot?.done();
      await turn.release().catch(() => undefined);
      throw err;
    }
    // Sent in its place among the conversation's deliveries (see placeDelivery); the place is
    // given back before the undelivered notice, a change of this conversation of its own.
    let refusedBy: ChannelName | undefined;
    try {
      await slot!.ready;
      // Without a state (expired, or erased at the citizen's request while an application stands),
      // a notice still reaches the citizen where the conversation id says.
      const to = target ?? deliveryOf(conversationId);
      if (to) {
        // In order: what staff (or the system) sent, then the bot's own replies, each marked as such.
        const where = { conversationId, channel: to.channel, address: to.address };
        const delivered = (await deliver(where, pushed.slice(0, pushed.length - botReplies.length), pushedFrom)) && (await deliver(where, botReplies, "bot"));
        if (!delivered) refusedBy = to.channel;
      }
    } finally {
      slot!.done();
    }
    if (refusedBy) {
      // The citizen's channel refused it (a Telegram citizen who blocked the bot): staff
      // following the case must not think the citizen read it (console, Telegram topic).
      const caseId = target?.handoff?.caseId;
      if (caseId) await noteUndelivered(conversationId, caseId, refusedBy);
      return Object.assign(pushed, { undelivered: true as const });
    }
    return pushed;
  }
  return runtime;
}

/** A bot message's transcript line; a question keeps its buttons and expected input, and a line not in Indonesian its language (a reopened web page shows them). */
function botLine(at: string, r: Outbound): TranscriptEntry {
  return { at, from: "bot", text: r.text, ...(r.choices?.length ? { choices: r.choices } : {}), ...(r.expects ? { expects: r.expects } : {}), ...(r.lang ? { lang: r.lang } : {}) };
}

/**
 * Keep only a display-safe base name; it is shown to staff, never used as a path. Invisible
 * format characters go too (a right-to-left override shows "ktp\u202Efdp.exe" as "ktpexe.pdf"),
 * and the cut is at whole characters, never half an emoji.
 */
function sanitizeFilename(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = [...base.replace(/[\u0000-\u001f\u007f<>:"|?*]|\p{Cf}/gu, "").trim()].slice(0, 120).join("").trim();
  return clean || undefined;
}
