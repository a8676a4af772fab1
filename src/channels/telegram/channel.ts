import { sequentialize } from "@grammyjs/runner";
import { GrammyError, webhookCallback, type Api, type Bot, type ChatTypeContext, type Context, type Filter } from "grammy";
import type { Logger } from "pino";
import type { Inbound, Outbound } from "../../domain/message.js";
import { LoketError } from "../../errors.js";
import type { ChannelAdapter, Runtime } from "../../runtime/port.js";
import type { Messages } from "../../text/messages.js";
import { createFileFetcher } from "./files.js";
import { createChoiceCodec, renderReplies, type ChoiceCodec } from "./format.js";
import { telegramConversationId, translateMessage, type FileFetcher } from "./inbound.js";
import { setNewest } from "../../domain/memo.js";
import type { Store } from "../../store/port.js";
import { questionAsked, rememberDocumentRequest, type AskedDocument } from "../../runtime/document-requests.js";
import { startPolling, type Polling, type PollingOptions } from "./polling.js";

/** Update ids answered outside the runtime (whose own dedupe covers the rest), remembered per instance. */
const ANSWERED_MAX = 10_000;
/**
 * How long the store remembers that an update's answer was sent: Telegram keeps an update it was
 * not told was handled for a day, and sends it again to the next getUpdates or webhook call.
 */
const ANSWER_MARK_MS = 24 * 3_600_000;
/**
 * Several instances taking one update at once (webhook mode on a shared store: a load balancer
 * retried a slow call on another instance): the one whose turn was taken first sends the answer;
 * the other gets the stored answer back (`redelivered`) with no mark yet. It waits, watching the
 * mark and the sender's heartbeat (`telegram-sending:<id>`, a counter the sender raises every
 * SEND_BEAT_MS while a send takes longer than that), and sends itself only when neither moved for
 * SEND_QUIET_MS: the first instance died or its send failed. A fast send costs no round trip more.
 */
const SEND_BEAT_MS = 500;
const SEND_QUIET_MS = 1_500;
const SEND_POLL_MS = 100;
/** Past this the waiting instance gives up (the sender is alive, beating: it will send). */
const SEND_WAIT_MAX_MS = 120_000;
/** The heartbeat counter and the take-over claims: gone well after any send. */
const SEND_KEY_MS = 10 * 60_000;
/** The same button of the same message tapped again this soon is a double tap, not a new choice. */
const DOUBLE_TAP_MS = 10_000;

/**
 * The last `max` update ids added (each added once). A ring of them beside a set: the oldest
 * goes without walking an insertion-ordered map to find it, which, one update after another, cost
 * ~0.6% of an update's CPU. Kept as numbers, as Telegram gives them: a string made per update and
 * hashed in a set of 10,000 cost ~2 us an update, a number ~1 (perf16, 2026-12-02).
 */
function recentKeys(max: number): { has(key: number): boolean; add(key: number): void } {
  const set = new Set<number>();
  const ring: (number | undefined)[] = new Array<number | undefined>(max);
  let next = 0;
  return {
    has: (key) => set.has(key),
    add(key) {
      if (set.has(key)) return;
      const oldest = ring[next];
      if (oldest !== undefined) set.delete(oldest);
      ring[next] = key;
      next = (next + 1) % max;
      set.add(key);
    },
  };
}

export interface TelegramChannelDeps {
  /** A grammY Bot built by main.ts (with `client.apiRoot` when TELEGRAM_API_ROOT is set). */
  bot: Bot;
  runtime: Runtime;
  logger: Logger;
  uploadMaxBytes: number;
  /** Indonesian messages (`telegram.*` keys). */
  messages: Messages;
  /** Same value as the bot's `client.apiRoot`; file downloads use it. Default: Telegram's. */
  apiRoot?: string;
  /** Replaces getFile + download (tests). Default: from `api`, `apiRoot` and the bot token. */
  files?: FileFetcher;
  /** Send the "typing…" chat action when an answer takes longer than this. Default 300 ms. */
  typingAfterMs?: number;
  codec?: ChoiceCodec;
  /**
   * Loket's store: an update's answer sent is marked there, so an update Telegram sends again
   * (polling after a restart, a webhook call that got no 200) is answered once, also by a restarted
   * or another instance; an update handled without the runtime (an edit's notice) is claimed there.
   * Without it, this instance remembers the update ids it answered.
   */
  store?: Store;
  /** Long polling's pacing and stop grace (tests). */
  polling?: PollingOptions;
  /**
   * Other instances may be handed the same update at the same moment (webhook mode, the store
   * shared on Redis): an answer found stored and not yet marked sent is sent only once the
   * instance that stored it is seen not to be sending it (see SEND_QUIET_MS). Needs `store`.
   */
  concurrent?: boolean;
}

/** The context of a private chat's update of kind `Q`, as grammY's `chatType("private").on(Q)` types it. */
type PrivateContext<Q extends "callback_query:data" | "message" | "edited_message"> = ChatTypeContext<Filter<Context, Q>, "private">;

/** The Telegram adapter: a `ChannelAdapter` plus the two ways of receiving updates. */
export interface TelegramChannel extends ChannelAdapter {
  readonly name: "telegram";
  /**
   * Long polling (updates of one chat in order, chats in parallel), each update confirmed to
   * Telegram once handled (src/channels/telegram/polling.ts).
   */
  startPolling(): Polling;
  /** A fastify handler for webhook mode; a missing or wrong secret header gets 401 and nothing runs. */
  webhookHandler(secret: string): (req: unknown, reply: unknown) => Promise<unknown>;
  /** Sends replies to a chat (what `send` and the update handlers use). */
  deliver(chatId: string | number, replies: Outbound[]): Promise<void>;
}

/**
 * Wires a grammY bot to Loket: private-chat messages and button taps become `Inbound`, the
 * runtime's replies go back as HTML messages with inline keyboards. Updates from other chats
 * fall through to later middleware (the staff group is handled elsewhere). Installs
 * `sequentialize` first, so install this before other middleware on the bot.
 */
export function createTelegramChannel(deps: TelegramChannelDeps): TelegramChannel {
  const { bot, runtime, messages } = deps;
  const log = deps.logger.child({ channel: "telegram" });
  const codec = deps.codec ?? createChoiceCodec();
  const typingAfterMs = deps.typingAfterMs ?? 300;
  const files =
    deps.files ??
    createFileFetcher({ api: bot.api, apiRoot: deps.apiRoot ?? "https://api.telegram.org", token: bot.token });
  let polling: Polling | undefined;
  const answered = recentKeys(ANSWERED_MAX);
  /** Update ids whose answer this process sent. */
  const sent = recentKeys(ANSWERED_MAX);
  /** Per chat: the last button tapped (message id and data) and when. */
  const lastTap = new Map<string, { key: string; at: number }>();
  /** True the first time an update that the runtime does not see is answered (a redelivery is not). */
  async function firstTime(updateId: number): Promise<boolean> {
    if (answered.has(updateId)) return false;
    answered.add(updateId);
    if (!deps.store) return true;
    return (await deps.store.nextSequence(`telegram-update:${updateId}`, { expireMs: 24 * 3_600_000 })) === 1;
  }

  async function deliverWith(api: Api, chatId: string | number, replies: Outbound[]): Promise<void> {
    for (const m of renderReplies(replies, codec)) {
      const extra = { link_preview_options: { is_disabled: true }, ...(m.keyboard ? { reply_markup: m.keyboard } : {}) };
      let sentMsg: { message_id: number };
      try {
        sentMsg = await api.sendMessage(chatId, m.html, { parse_mode: "HTML", ...extra });
      } catch (err) {
        // Escaping makes this unreachable in practice; if Telegram still refuses the markup, send it plain.
        if (!(err instanceof GrammyError && /can't parse entities/i.test(err.description))) throw err;
        log.warn({ errorCode: err.error_code }, "HTML refused, sending plain text");
        sentMsg = await api.sendMessage(chatId, m.plain, extra);
      }
      if (m.asks) await rememberAsked(chatId, sentMsg?.message_id, m.asks);
    }
  }

  /**
   * A document question sent: its message id is remembered in the store with what it asked for
   * (`asked`: the requirement and its application), so a document sent as a reply to it is filed
   * under that requirement (src/runtime/document-requests.ts). Sent already:
   * a store that cannot take it now only loses that (the document goes to the one pending).
   */
  async function rememberAsked(chatId: string | number, messageId: number | undefined, asked: AskedDocument): Promise<void> {
    if (!deps.store || typeof messageId !== "number") return;
    await rememberDocumentRequest(deps.store, telegramConversationId(chatId), String(messageId), asked).catch((err: unknown) => {
      log.warn({ err: { code: (err as { code?: string }).code } }, "document question sent, but its message id was not stored (a reply quoting it is filed as the pending document)");
    });
  }

  /** Runs `work` with "typing…" shown in the chat if it takes a while (a file download, the runtime). */
  async function typingWhile<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
    const chatId = ctx.chat!.id;
    let typing: NodeJS.Timeout | undefined;
    const sendTyping = () => void ctx.api.sendChatAction(chatId, "typing").catch(() => undefined);
    const delay = setTimeout(() => {
      sendTyping();
      typing = setInterval(sendTyping, 4500);
    }, typingAfterMs);
    try {
      return await work();
    } finally {
      clearTimeout(delay);
      clearInterval(typing);
    }
  }

  /** Runs the runtime for one inbound message (or its translation, a download), with "typing…" if it takes a while, and replies. */
  async function handle(ctx: Context, inbound: Inbound | (() => Promise<Inbound | undefined>)): Promise<void> {
    const replies = await typingWhile(ctx, async () => {
      const i = typeof inbound === "function" ? await inbound() : inbound;
      return i ? runtime.handle(i) : [];
    });
    // An update delivered again gets the answer its stored turn gave (the runtime keeps it): for
    // a Loket that died before sending it. An answer is sent once: by this process (`sent`), and,
    // per the store's mark, by one that died after sending it but before Telegram was told the
    // update was handled.
    // Sent in the turn's place among the chat's deliveries: after a staff notice of a take that
    // locked the conversation before this turn, before one that came after it.
    const updateId = ctx.update.update_id;
    await runtime.inOrder(replies, async () => {
      if (sent.has(updateId)) return;
      if (replies.length && runtime.redelivered(replies)) {
        if (await answeredBefore(updateId)) return;
        if (concurrent && !(await mayTakeOver(updateId))) return;
      }
      await beating(updateId, replies.length > 0, () => deliverWith(ctx.api, ctx.chat!.id, replies));
      sent.add(updateId);
      if (replies.length) await markAnswered(updateId);
    });
  }

  const concurrent = Boolean(deps.concurrent && deps.store);
  const sendingBeats = (updateId: number, by: number) => deps.store!.nextSequence(`telegram-sending:${updateId}`, { expireMs: SEND_KEY_MS, by });

  /**
   * Runs a send; on several instances, one that takes longer than SEND_BEAT_MS raises the update's
   * heartbeat while it lasts, so another instance holding the same update waits for it.
   */
  async function beating(updateId: number, any: boolean, send: () => Promise<void>): Promise<void> {
    if (!concurrent || !any) return send();
    let timer: NodeJS.Timeout | undefined;
    let running = true;
    const beat = () => {
      timer = setTimeout(() => {
        void sendingBeats(updateId, 1)
          .catch(() => undefined)
          .then(() => running && beat());
      }, SEND_BEAT_MS);
    };
    beat();
    try {
      await send();
    } finally {
      running = false;
      clearTimeout(timer);
    }
  }

  /**
   * An answer stored by a turn taken on another instance (or before a restart), not marked sent:
   * true when this instance is to send it. False as soon as the mark appears; true once the mark
   * and the heartbeat have both stood still for SEND_QUIET_MS and this instance is the one to claim
   * that stillness (a third delivery waiting too does not send as well).
   */
  async function mayTakeOver(updateId: number): Promise<boolean> {
    let seen = await sendingBeats(updateId, 0);
    let since = Date.now();
    const until = since + SEND_WAIT_MAX_MS;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, SEND_POLL_MS));
      const [done, beats] = await Promise.all([answeredBefore(updateId), sendingBeats(updateId, 0)]);
      if (done) return false;
      if (beats !== seen) {
        seen = beats;
        since = Date.now();
        continue;
      }
      if (Date.now() - since < SEND_QUIET_MS) continue;
      if ((await deps.store!.nextSequence(`telegram-resend:${updateId}:${seen}`, { expireMs: SEND_KEY_MS })) === 1) {
        // Seen beating at once by any other instance waiting for it.
        await sendingBeats(updateId, 1);
        return true;
      }
      since = Date.now();
    }
    log.warn({ updateId }, "update held by another instance still sending; not answered here");
    return false;
  }

  /** Whether the store holds the mark of this update's answer sent (a count read with `by: 0`). */
  async function answeredBefore(updateId: number): Promise<boolean> {
    if (!deps.store) return false;
    return (await deps.store.nextSequence(`telegram-answered:${updateId}`, { expireMs: ANSWER_MARK_MS, by: 0 })) > 0;
  }
  async function markAnswered(updateId: number): Promise<void> {
    // Sent already: a store that cannot take the mark now must not make the update look failed.
    await deps.store?.nextSequence(`telegram-answered:${updateId}`, { expireMs: ANSWER_MARK_MS }).catch((err: unknown) => {
      log.warn({ updateId, err: { code: (err as { code?: string }).code } }, "answer sent, but not marked as sent in the store");
    });
  }

  const base = (ctx: Context) => ({
    conversationId: telegramConversationId(ctx.chat!.id),
    messageId: String(ctx.update.update_id),
    address: String(ctx.chat!.id),
  });

  /** Errors are logged by update id and never escape: one bad update must not stop polling. */
  const guarded = <C extends Context>(what: string, fn: (ctx: C) => Promise<void>) => async (ctx: C) => {
    try {
      await fn(ctx);
    } catch (err) {
      const e = err instanceof GrammyError ? { method: err.method, errorCode: err.error_code, description: err.description } : { name: (err as Error)?.name, message: (err as Error)?.message };
      log.error({ updateId: ctx.update.update_id, err: e }, `telegram ${what} failed`);
    }
  };

  const onTap = guarded("button tap", async (ctx: PrivateContext<"callback_query:data">) => {
    await ctx.answerCallbackQuery().catch(() => undefined);
    const msg = ctx.callbackQuery.message;
    // A double tap (the second arrives before the keyboard is removed) is taken once: the
    // second would otherwise be answered as a stale tap, with the question asked again.
    const chatKey = String(ctx.chat.id);
    const tap = { key: `${msg?.message_id ?? ""}:${ctx.callbackQuery.data}`, at: Date.now() };
    const previous = lastTap.get(chatKey);
    setNewest(lastTap, chatKey, tap, ANSWERED_MAX);
    if (previous && previous.key === tap.key && tap.at - previous.at < DOUBLE_TAP_MS) return;
    // The tapped keyboard is spent: remove it (best effort; old messages may refuse).
    if (msg && msg.date !== 0) void ctx.api.editMessageReplyMarkup(msg.chat.id, msg.message_id).catch(() => undefined);
    await handle(ctx, { channel: "telegram", ...base(ctx), choice: codec.decode(ctx.callbackQuery.data) });
  });

  const onMessage = guarded("message", async (ctx: PrivateContext<"message">) => {
    // The download of a document or photo counts as answering time: "typing…" covers it too.
    await handle(ctx, async () => {
      const t = await translateMessage(ctx.message, base(ctx), files, deps.uploadMaxBytes);
      if (t.type === "service") return undefined;
      if (t.type === "file_failed") {
        log.warn({ updateId: ctx.update.update_id, reason: t.reason }, "file download failed");
        // In its place among the chat's deliveries: after the answer to what was sent before it.
        const notice = await runtime.channelNotice(telegramConversationId(ctx.chat.id), "telegram.file_failed");
        await runtime.inOrder(notice, () => deliverWith(ctx.api, ctx.chat.id, notice));
        return undefined;
      }
      // Built only when written: at the usual level (info) this object would be made for every update for nothing.
      if (log.isLevelEnabled("debug")) log.debug({ updateId: ctx.update.update_id, kind: t.inbound.file ? "file" : t.inbound.location ? "location" : t.inbound.unsupported ?? (t.inbound.oversizedFile ? "oversized" : "text") }, "telegram message");
      return t.inbound;
    });
  });

  const onEdited = guarded("edited message", async (ctx: PrivateContext<"edited_message">) => {
    // A live location moving sends an edit per position: answered once, as a location, already.
    // An edited text or caption (what the citizen changed their words to) is answered, and so
    // is a document or photo replaced in a sent message (the first one stays filed).
    const edited = ctx.editedMessage;
    if (typeof edited.text !== "string" && typeof edited.caption !== "string" && !edited.document && !edited.photo) return;
    if (!(await firstTime(ctx.update.update_id))) return;
    // In the conversation's language (an English citizen reads English).
    const notice = await runtime.channelNotice(telegramConversationId(ctx.chat.id), "telegram.edited");
    await runtime.inOrder(notice, () => deliverWith(ctx.api, ctx.chat.id, notice));
  });

  /**
   * A citizen's emoji reaction. Only one on a survey rating question Loket remembers sending (the
   * survey's question pending, or the one just answered: a changed reaction) goes to the runtime,
   * which takes it as the score; any other (a 👍 on staff's reply) goes on to later middleware and
   * stays unanswered, as before. The emoji is the one added (a changed reaction lists the old one
   * too); taken back: nothing.
   */
  async function onReaction(ctx: Context, next: () => Promise<void>): Promise<void> {
    const r = ctx.update.message_reaction!;
    const had = new Set(r.old_reaction.flatMap((x) => (x.type === "emoji" ? [x.emoji] : [])));
    const emoji = r.new_reaction.flatMap((x) => (x.type === "emoji" && !had.has(x.emoji) ? [x.emoji as string] : []))[0];
    const on = String(r.message_id);
    const asked = deps.store ? await questionAsked(deps.store, telegramConversationId(r.chat.id), on).catch(() => undefined) : undefined;
    if (!asked) return next();
    if (emoji) await guarded("reaction", (c: Context) => handle(c, { channel: "telegram", ...base(c), unsupported: "reaction", reaction: { emoji, on } }))(ctx);
  }

  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  // A citizen's update is picked here by hand, as grammY's `chatType("private")` and `on(...)`
  // pick them (a chat of type private; a tap with data, a message, an edited message; anything
  // else goes on to the middleware installed later, the staff group's): each of those filters
  // builds, for every update, a Composer, its chain of closures and a promise, which made ~8% of
  // the bytes allocated per update on this path (perf17, 2026-12-03).
  bot.use((ctx, next) => {
    if (ctx.chat?.type !== "private") return next();
    const u = ctx.update;
    if (u.callback_query) return u.callback_query.data != null ? onTap(ctx as PrivateContext<"callback_query:data">) : next();
    if (u.message) return onMessage(ctx as PrivateContext<"message">);
    if (u.edited_message) return onEdited(ctx as PrivateContext<"edited_message">);
    if (u.message_reaction?.user) return onReaction(ctx, next);
    return next();
  });

  return {
    name: "telegram",
    deliver: (chatId, replies) => deliverWith(bot.api, chatId, replies),

    async send(conversationId, address, replies) {
      const chatId = address ?? conversationId.replace(/^telegram:/, "");
      try {
        await deliverWith(bot.api, chatId, replies);
      } catch (err) {
        const context = err instanceof GrammyError ? { method: err.method, errorCode: err.error_code } : {};
        throw new LoketError("CHANNEL_FAILED", "telegram push failed", context, { cause: err });
      }
    },

    startPolling() {
      polling = startPolling(bot, log, deps.polling);
      return polling;
    },

    webhookHandler(secret) {
      return webhookCallback(bot, "fastify", {
        secretToken: secret,
        // Answer Telegram in time; the update keeps being processed (and a redelivery is deduped).
        onTimeout: "return",
        timeoutMilliseconds: 9_000,
      }) as (req: unknown, reply: unknown) => Promise<unknown>;
    },

    async stop() {
      if (polling?.isRunning()) await polling.stop();
      polling = undefined;
    },
  };
}
