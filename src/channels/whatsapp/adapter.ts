import type { Logger } from "pino";
import { setNewest } from "../../domain/memo.js";
import type { Outbound } from "../../domain/message.js";
import type { ChannelAdapter, Runtime } from "../../runtime/port.js";
import type { Store } from "../../store/port.js";
import type { Messages } from "../../text/messages.js";
import { unreadMessages, type CatchUpOptions } from "./catch-up.js";
import { createConnection, describe, type ReconnectOptions } from "./connection.js";
import { whatsAppBatch } from "./format.js";
import { rememberDocumentRequest, type AskedDocument } from "../../runtime/document-requests.js";
import { isIndividualChat, stanzaId, translate, whatsappConversationId } from "./inbound.js";
import { createStoreJournal, whatsAppChatId } from "./journal.js";
import { createOutbox, keyedSerial, type PendingBatch } from "./outbox.js";
import type { WaCall, WaClient, WaMessage, WaMessageKey, WaReaction, WhatsAppStatus } from "./types.js";
import { within } from "../../domain/within.js";

/** The chat of a message key: `remote` as a string or a serialised `Wid`. */
const keyChat = (key: WaMessageKey | undefined): string | undefined => (typeof key?.remote === "string" ? key.remote : key?.remote?._serialized);

export interface WhatsAppChannelOptions {
  /** A whatsapp-web.js `Client` (or a fake with the same contract), built by the caller. */
  client: WaClient;
  runtime: Runtime;
  logger: Logger;
  uploadMaxBytes: number;
  /** Global outbound rate (WHATSAPP_SEND_PER_SECOND). */
  sendPerSecond: number;
  /** Indonesian messages (`whatsapp.*` keys from messages/id/whatsapp.yaml). */
  messages: Messages;
  /** Every language's messages: the hint under a reply's choices is in the reply's language (`Outbound.lang`). */
  languages?: ReadonlyMap<string, Messages>;
  now?: () => Date;
  /** Waits used by pacing and send retries (tests pass a virtual clock). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  reconnect?: ReconnectOptions;
  sendRetry?: { attempts?: number; initialMs?: number; maxMs?: number };
  sendBurst?: number;
  /** Called with each new QR string (the terminal printer). */
  onQr?: (qr: string) => void;
  /** Bounds of the catch-up on each `ready` (see catch-up.ts for the defaults). */
  catchUp?: CatchUpOptions;
  /**
   * Where queued texts are kept until sent (the configured store), so a crash or power loss does
   * not lose them; on creation the texts a previous run left are queued again, sent once the
   * session is ready. Without it the queue is in memory only.
   */
  store?: Store;
  /** How long a media download may take before the citizen is asked to send the file again (WHATSAPP_MEDIA_TIMEOUT_MS, default 60 s). */
  mediaTimeoutMs?: number;
  /** How often the stored queue is read for texts other instances kept whose bus message never came (default 60 s). */
  outboxRescanMs?: number;
}

/** The WhatsApp channel: a `ChannelAdapter` plus the session lifecycle for /healthz and the QR page. */
export interface WhatsAppChannel extends ChannelAdapter {
  readonly name: "whatsapp";
  /** Starts connecting in the background and returns at once; WhatsApp being unreachable never throws. */
  start(): Promise<void>;
  /**
   * Closes the session. First sends what is queued, for at most 6 s (`SHUTDOWN_DRAIN_MS`), unless `drain` is false: an
   * instance that lost the session to another stops at once, what is queued staying in the store
   * for the new holder (which would send it too: twice). `cut` ends that wait early (the session was
   * lost while draining).
   */
  stop(opts?: { drain?: boolean; cut?: AbortSignal }): Promise<void>;
  /**
   * Takes the channel off the runtime (its bus topic included): pushes for WhatsApp are then stored
   * and announced as on an instance without WhatsApp, for the instance that holds the session.
   */
  unregister(): void;
  status(): WhatsAppStatus;
  /** The latest QR string while waiting for a phone to link, else undefined. */
  qr(): string | undefined;
  /** Resolves when a running catch-up, every received message and every queued reply are done (tests, shutdown). */
  idle(): Promise<void>;
}

/** The sent message's stanza id (whatsapp-web.js's `Message.id.id`, see `stanzaId`) remembered as asking for `asked`. */
async function rememberAsk(store: Store, conversationId: string, asked: AskedDocument, sent: unknown): Promise<void> {
  const id = stanzaId((sent as { id?: { _serialized?: unknown; id?: unknown } } | null | undefined)?.id);
  if (id) await rememberDocumentRequest(store, conversationId, id, asked);
}

/** How long asking WhatsApp Web for a new chat's other id (number or LID) may take before the chat is taken as its own. */
const LID_LOOKUP_MS = 5_000;
/** Remembers recently seen message ids so a redelivery is not downloaded twice (the runtime dedupes too). */
const SEEN_MAX = 2_000;
/** How long a shutdown's stop sends what is queued before closing the session (see `stop`). */
const SHUTDOWN_DRAIN_MS = 6_000;

/**
 * Builds the WhatsApp adapter on a handed-in client and registers it with the runtime.
 * Per chat, messages are handled in arrival order and replies sent in that order; all sends
 * share one global rate.
 */
export function createWhatsAppChannel(opts: WhatsAppChannelOptions): WhatsAppChannel {
  const { client, runtime, logger, messages } = opts;
  const now = opts.now ?? (() => new Date());
  const connection = createConnection({
    client,
    logger,
    now,
    ...(opts.reconnect ? { reconnect: opts.reconnect } : {}),
    ...(opts.onQr ? { onQr: opts.onQr } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  let firstReady!: () => void;
  const ready = new Promise<void>((r) => (firstReady = r));
  client.on("ready", () => firstReady());
  const outbox = createOutbox({
    send: (chatId, text) => client.sendMessage(chatId, text),
    logger,
    perSecond: opts.sendPerSecond,
    ...(opts.sendBurst ? { burst: opts.sendBurst } : {}),
    ...(opts.sendRetry ? { retry: opts.sendRetry } : {}),
    // Texts wait while WhatsApp Web is not ready (Chromium starting after a restart or a takeover,
    // a reconnect, a relink by QR) instead of failing after ~15 s of retries: whatsapp-web.js
    // cannot send before "ready" (its page is not open yet).
    connected: () => connection.status().state === "ready",
    now: () => now().getTime(),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    // A document question sent: its message id is remembered, so a document sent as a reply to it
    // is filed under that requirement (src/runtime/document-requests.ts).
    ...(opts.store ? { onAskSent: (batch: PendingBatch, asked: AskedDocument, sent: unknown) => rememberAsk(opts.store!, batch.conversationId, asked, sent) } : {}),
    ...(opts.store ? { journal: createStoreJournal(opts.store, { now, onStale: (batches) => logger.warn({ batches }, "whatsapp outbox: texts left by a run more than a day ago are dropped, not sent") }), resumeWhen: ready } : {}),
  });
  const inboundChats = keyedSerial();
  const seen = new Set<string>();
  let stopped = false;

  const render = (replies: Outbound[]) => whatsAppBatch(replies, opts.languages ?? messages);

  function firstTime(id: string): boolean {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value!);
    return true;
  }

  /**
   * Photos sent together (an album: WhatsApp announces it with an `album` message, then sends each
   * photo; or several picked at once, which arrive within a second or two) form one group, as a
   * Telegram media group does: the first is filed, the others get the runtime's notice instead
   * of being filed as the next documents (the back of a KTP as the land certificate). Files
   * picked together in the document picker (PDFs, or photos sent as files) arrive the same way
   * and are grouped alike.
   */
  const groups = new Map<string, { id: string; at: number }>();
  /** Per chat, the last group whose media could not be downloaded, already answered. */
  const noticedGroups = new Map<string, string>();
  const TOGETHER_MS = 3_000;
  function groupOf(msg: WaMessage): string | undefined {
    const at = msg.timestamp ? msg.timestamp * 1000 : now().getTime();
    const chat = String(msg.from);
    const last = groups.get(chat);
    if (msg.type === "album") {
      // Announced after its first photo (messages are added as they are decrypted): the group
      // that photo opened goes on.
      if (!(last && at - last.at <= TOGETHER_MS)) groups.set(chat, { id: msg.id._serialized, at });
      return undefined;
    }
    if (msg.type !== "image" && msg.type !== "document") return undefined;
    const same = last && at - last.at <= TOGETHER_MS;
    const id = same ? last.id : msg.id._serialized;
    groups.delete(chat);
    groups.set(chat, { id, at });
    if (groups.size > 10_000) groups.delete(groups.keys().next().value!);
    return same ? id : msg.id._serialized;
  }

  /**
   * The conversation a person's chat belongs to. WhatsApp is moving private chats from the phone
   * number (`…@c.us`) to a hidden id (`…@lid`), and whatsapp-web.js may then report the same
   * person's messages under the other id: keyed by chat id alone, an application half-way would be
   * lost and the citizen greeted as a stranger. So a chat with no conversation of its own asks
   * WhatsApp Web for the person's other id once, and goes on with that id's conversation if it has
   * one. Chats with a conversation (nearly all messages) cost a lookup in this map; the answer is
   * kept per process (each instance finds the same), not stored: nothing about the pairing is
   * written anywhere. A lookup that fails or hangs: the chat is its own conversation.
   */
  const conversationOfChat = new Map<string, string>();
  async function conversationOf(chat: string): Promise<string> {
    const known = conversationOfChat.get(chat);
    if (known) return known;
    let found = whatsappConversationId(chat);
    if (opts.store && typeof client.getContactLidAndPhone === "function" && !(await opts.store.peekState(found))) {
      const other = await otherIdOf(chat);
      if (other && (await opts.store.peekState(whatsappConversationId(other)))) found = whatsappConversationId(other);
    }
    setNewest(conversationOfChat, chat, found, 10_000);
    return found;
  }
  /** The person's other id (the number of a LID, the LID of a number), if WhatsApp Web knows it. */
  async function otherIdOf(chat: string): Promise<string | undefined> {
    const lookup = client.getContactLidAndPhone!([chat]).then(
      (r) => r,
      (err: unknown) => {
        logger.warn({ reason: describe(err) }, "whatsapp: a new chat's other id (number or LID) could not be looked up; it is taken as a conversation of its own");
        return undefined;
      },
    );
    const pair = (await within(lookup, LID_LOOKUP_MS, undefined))?.[0];
    const other = chat.endsWith("@lid") ? pair?.pn : pair?.lid;
    return typeof other === "string" && other !== chat && isIndividualChat(other) ? other : undefined;
  }

  async function onMessage(msg: WaMessage): Promise<void> {
    const id = msg?.id?._serialized;
    // Not yet decrypted ("Waiting for this message", found by a catch-up): whatsapp-web.js emits
    // 'message' under the same id once it is, and that one must not count as already seen.
    if (msg?.type === "ciphertext") return;
    if (!id || !firstTime(id)) return;
    await inboundChats.run(String(msg.from), async () => {
      const group = groupOf(msg);
      // The album's announcement carries nothing itself: its photos follow.
      if (msg.type === "album") return;
      const t = await translate(msg, { uploadMaxBytes: opts.uploadMaxBytes, now, ...(opts.mediaTimeoutMs ? { mediaTimeoutMs: opts.mediaTimeoutMs } : {}) });
      if (t.kind === "ignore") return;
      const conversationId = await conversationOf(msg.from);
      if (t.kind === "inbound") t.inbound.conversationId = conversationId;
      // A file too large to download is of its group too: one answer for the lot, not one each.
      if (t.kind === "inbound" && group && (t.inbound.file || t.inbound.oversizedFile)) t.inbound.fileGroup = group;
      if (t.kind === "notice") {
        logger.info({ conversationId, notice: t.key }, t.key === "whatsapp.media_slow" ? "whatsapp media download timed out" : "whatsapp media not downloadable");
        // Said once for an album or files sent together, not once per photo.
        const chat = String(msg.from);
        if (group && noticedGroups.get(chat) === group) return;
        if (group) setNewest(noticedGroups, chat, group, 10_000);
        else noticedGroups.delete(chat);
        await deliverTurn(msg.from, await runtime.channelNotice(conversationId, t.key), conversationId);
        return;
      }
      const replies = await runtime.handle(t.inbound);
      await deliverTurn(msg.from, replies, conversationId);
    });
  }

  /**
   * An emoji put on one of Loket's messages (a 👍 on the summary instead of typing "ya"): not an
   * answer, but silence would leave the citizen believing it was one. It goes to the runtime as
   * a message Loket cannot use, answered as a sticker is, with the question asked again; with the
   * reacted message's stanza id, so that one put on the survey's rating question (remembered when
   * it was sent) is taken as its score. A changed reaction comes as a new one. Taken back (""),
   * this account's own, in a group, or on the citizen's own message: nothing.
   */
  function onReaction(r: WaReaction): void {
    const chat = keyChat(r?.msgId);
    const id = r?.id?._serialized;
    if (!r?.reaction || !id || r.id?.fromMe || !r.msgId?.fromMe || !chat || !isIndividualChat(chat)) return;
    if (!firstTime(id)) return;
    void (async () => {
      while (gate) await gate;
      await inboundChats.run(chat, async () => {
        const conversationId = await conversationOf(chat);
        const at = r.timestamp ? new Date(r.timestamp * 1000) : now();
        const on = stanzaId(r.msgId);
        const replies = await runtime.handle({ channel: "whatsapp", conversationId, messageId: id, address: chat, at, unsupported: "reaction", ...(on ? { reaction: { emoji: r.reaction!, on } } : {}) });
        await deliverTurn(chat, replies, conversationId);
      });
    })().catch((err) => logger.error({ reason: describe(err) }, "whatsapp reaction handling failed"));
  }
  client.on("message_reaction", onReaction);

  /**
   * A turn's replies (or a channel notice), queued in their place among the conversation's deliveries (Runtime.inOrder):
   * the turn's lock is gone by now, and a staff action that locked the conversation right after it
   * (a take, a reply) must not be queued first. The place is given back once queued: the outbox
   * sends each chat's texts in the order they were queued.
   */
  function deliverTurn(chatId: string, replies: Outbound[], conversationId: string): Promise<void> {
    return runtime.inOrder(replies, async () => deliver(chatId, render(replies), conversationId));
  }

  function deliver(chatId: string, { texts, asks }: { texts: string[]; asks?: (string | null)[] }, conversationId: string): void {
    if (!texts.length) return;
    outbox.enqueue(chatId, texts, conversationId, undefined, asks).catch((err) => {
      logger.error({ conversationId, reason: describe(err) }, "whatsapp reply not delivered");
    });
  }

  // An edited message is not taken again (a NIK corrected by editing would change a stored answer
  // silently): the citizen is asked to send it as a new message, as on Telegram. whatsapp-web.js
  // emits message_edit on any change of a body or caption, also a message decrypted late (its body
  // filled in from nothing): only a text that had one before and changed is an edit.
  client.on("message_edit", (msg: WaMessage, newBody?: unknown, prevBody?: unknown) => {
    if (!msg?.from || msg.fromMe || !isIndividualChat(msg.from)) return;
    const edited = msg.latestEditSenderTimestampMs || (typeof prevBody === "string" && prevBody !== "" && prevBody !== newBody);
    if (!edited) return;
    if (firstNotice(msg.from, "whatsapp.edited")) void notify(msg.from, "whatsapp.edited");
  });

  // "Delete for everyone" cannot take back what Loket already received: the citizen is told so,
  // and how to replace a wrong answer or document, or erase the conversation.
  client.on("message_revoke_everyone", (msg: WaMessage) => {
    if (!msg?.from || msg.fromMe || !isIndividualChat(msg.from)) return;
    if (firstNotice(msg.from, "whatsapp.revoked")) void notify(msg.from, "whatsapp.revoked");
  });

  /**
   * Deleting an album or several messages at once emits one revoke per message, and a text
   * corrected twice two edits: one notice per chat and kind in NOTICE_MS says it all.
   */
  const noticed = new Map<string, number>();
  const NOTICE_MS = 60_000;
  function firstNotice(chatId: string, key: string): boolean {
    const at = now().getTime();
    const id = `${key} ${chatId}`;
    const last = noticed.get(id);
    if (last !== undefined && at - last < NOTICE_MS) return false;
    setNewest(noticed, id, at, 10_000);
    return true;
  }

  // Loket cannot take a call, and a caller would otherwise hear nothing back: they are asked to
  // write instead. Once per chat in CALL_NOTICE_MS (a caller often tries again at once).
  const callNoticed = new Map<string, number>();
  const CALL_NOTICE_MS = 10 * 60_000;
  client.on("call", (call: WaCall) => {
    if (!call?.from || call.fromMe || call.isGroup || !isIndividualChat(call.from)) return;
    const at = now().getTime();
    const last = callNoticed.get(call.from);
    if (last !== undefined && at - last < CALL_NOTICE_MS) return;
    callNoticed.delete(call.from);
    callNoticed.set(call.from, at);
    if (callNoticed.size > 10_000) callNoticed.delete(callNoticed.keys().next().value!);
    void notify(call.from, "whatsapp.call");
  });

  /**
   * One of the channel's own notices, in the conversation's language, in order with the chat's
   * messages (after a catch-up's, as live messages wait for it). Never rejects: a failure is logged.
   */
  async function notify(chatId: string, key: string): Promise<void> {
    try {
      while (gate) await gate;
      await inboundChats.run(chatId, async () => {
        const conversationId = await conversationOf(chatId);
        await deliverTurn(chatId, await runtime.channelNotice(conversationId, key), conversationId);
      });
    } catch (err) {
      logger.error({ conversationId: whatsappConversationId(chatId), reason: describe(err) }, "whatsapp notice not delivered");
    }
  }

  function take(msg: WaMessage): Promise<void> {
    return onMessage(msg).catch((err) => {
      logger.error({ reason: describe(err) }, "whatsapp message handling failed");
    });
  }

  /** While a catch-up lists what arrived unseen, live messages wait here, so each chat keeps its order. */
  let gate: Promise<void> | undefined;

  client.on("message", (msg: WaMessage) => {
    if (gate) void gate.then(() => take(msg));
    else void take(msg);
  });

  /**
   * On every `ready` (the first start and each reconnect): whatsapp-web.js does not emit `message`
   * for what arrived while Loket was down or disconnected, so the unread messages of private chats
   * are read and taken, oldest first, through the same path as live ones. A message also delivered
   * live counts once (the ids above, and the runtime's dedupe across a restart).
   */
  async function catchUp(): Promise<void> {
    const before = gate;
    let open!: () => void;
    const mine = new Promise<void>((r) => (open = r));
    gate = mine;
    try {
      await before;
      if (stopped) return;
      const timeoutMs = opts.catchUp?.timeoutMs ?? 60_000;
      const found = await within(unreadMessages(client, { ...opts.catchUp, now }), timeoutMs, undefined);
      if (!found) {
        logger.warn({ timeoutMs }, "whatsapp catch-up gave up: listing the chats took too long; unread messages stay unanswered until the next reconnect");
        return;
      }
      if (stopped) return;
      // All queued before the gate opens: per chat in order, and before any live message held meanwhile.
      for (const msgs of found.chats) for (const m of msgs) void take(m);
      const { counts } = found;
      const level = counts.messages || counts.old || counts.overLimit || counts.chatsLeft || counts.failed ? "info" : "debug";
      logger[level](counts, "whatsapp catch-up");
    } catch (err) {
      logger.warn({ reason: describe(err) }, "whatsapp catch-up failed; unread messages stay unanswered until the next reconnect");
    } finally {
      open();
      if (gate === mine) gate = undefined;
    }
  }
  client.on("ready", () => {
    if (!stopped) void catchUp();
  });
  // Other instances store what they send here before announcing it over the bus (several
  // instances on Redis): a message lost on the way (this instance's Redis connection dropping at
  // that moment) is found here within a minute instead of at the next start.
  const rescan = opts.store
    ? setInterval(() => {
        void outbox
          .rescan()
          .then((batches) => {
            if (batches) logger.info({ batches }, "whatsapp outbox: texts other instances stored are taken over (their bus message did not come)");
          })
          .catch(() => undefined);
      }, opts.outboxRescanMs ?? 60_000)
    : undefined;
  rescan?.unref();

  const channel: WhatsAppChannel = {
    name: "whatsapp",
    async send(conversationId, address, replies, _from, keptAs) {
      const chatId = whatsAppChatId(conversationId, address);
      const { texts, asks } = render(replies);
      await outbox.enqueue(chatId, texts, conversationId, keptAs, asks);
    },
    async start() {
      stopped = false;
      connection.start();
    },
    async stop(stopOpts) {
      stopped = true;
      clearInterval(rescan);
      if (stopOpts?.drain !== false) {
        // Replies already committed are sent before the session closes (a deploy, a restart), for at
        // most 6 s: beside Telegram's turns and the HTTP requests, within the 8 s Loket's parts get
        // to stop (src/app.ts STOP_PARTS_MS). What is left is sent after the next start.
        const cut = stopOpts?.cut;
        const cutOff = cut ? [new Promise<void>((r) => (cut.aborted ? r() : cut.addEventListener("abort", () => r(), { once: true })))] : [];
        const drained = await within(Promise.race([outbox.idle().then(() => true), ...cutOff]), SHUTDOWN_DRAIN_MS, false);
        if (drained === false) logger.warn({ drainMs: SHUTDOWN_DRAIN_MS }, "whatsapp: queued replies not all sent at stop; they stay queued and are sent after the next start");
      }
      // What is still queued stays in the store (when given one) and is sent after the next start.
      outbox.close();
      await connection.stop();
    },
    unregister: () => unregister(),
    status: () => connection.status(),
    qr: () => connection.qr(),
    async idle() {
      while (gate) await gate;
      await inboundChats.idle();
      await outbox.idle();
    },
  };
  const unregister = runtime.registerChannel(channel);
  return channel;
}
