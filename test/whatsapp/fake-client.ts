import { EventEmitter } from "node:events";
import type { WaChat, WaClient, WaMedia, WaMessage } from "../../src/channels/whatsapp/types.js";

/** `quoting`: the message this one replies to (whatsapp-web.js's `hasQuotedMsg`, `getQuotedMessage()`). */
type MessageExtra = Partial<WaMessage> & { media?: WaMedia | "expired"; quoting?: WaMessage };

/** A quoted message's id as WhatsApp Web rebuilds it from the quote in `chat`. */
function rebuiltId(quoting: WaMessage, chat: string): WaMessage["id"] {
  const id = { ...quoting.id } as WaMessage["id"] & { remote?: string; id?: string; fromMe?: boolean };
  if (id.remote && id.remote !== chat && id.id) Object.assign(id, { remote: chat, _serialized: `${id.fromMe}_${chat}_${id.id}` });
  return id;
}

/** One chat as WhatsApp Web holds it: its messages (oldest first) and how many are unread. */
interface ChatData {
  id: string;
  msgs: WaMessage[];
  unreadCount: number;
}

/**
 * A stand-in for whatsapp-web.js's Client (WhatsApp's servers are unreachable here) that keeps
 * its contract: the same events, `initialize`/`destroy`/`sendMessage`/`getChats`, `Message`
 * objects with `id._serialized`, `from`, `body`, `type`, `hasMedia`, `fromMe`, `timestamp`,
 * `downloadMedia()`, `hasQuotedMsg`/`getQuotedMessage()` (a reply), `sendMessage` resolving to the
 * sent `Message` (`fromMe`, its own id), and `Chat` objects with `id`, `isGroup`, `unreadCount`, `timestamp`,
 * `fetchMessages({ limit, fromMe })` (whatsapp-web.js 1.34 `src/structures/Chat.js`).
 * As in WhatsApp Web, a received message is unread until the chat is seen, and sending to a
 * chat marks it seen; a message that arrived while the client was offline is only in the chats
 * (`arrivedWhileDown`), no `message` event is emitted for it.
 */
export class FakeWhatsAppClient extends EventEmitter implements WaClient {
  /** This account's own id (its phone number). */
  static readonly OWN = "loket-office@c.us";
  /** This account's own LID: the author of what it sends in a `@lid` chat (whatsapp-web.js `sendMessage`: `from = chat.id.isLid() ? lidUser : meUser`). */
  static readonly OWN_LID = "99000111222333@lid";
  sent: { chatId: string; text: string }[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  getChatsCalls = 0;
  private n = 0;
  private chats = new Map<string, ChatData>();
  /** Make the next N sendMessage calls fail (a transient error). */
  failSends = 0;
  /** While true, sendMessage never settles (the browser hangs, or the process dies while sending). */
  hangSends = false;
  /** Milliseconds getChats takes (WhatsApp Web answering through the browser). */
  getChatsDelayMs = 0;
  /** A person's two ids, phone number (`@c.us`) and LID (`@lid`), as WhatsApp Web's contacts know them. */
  private pairs: { pn: string; lid: string }[] = [];
  /** How often `getContactLidAndPhone` was asked, and with what (ids). */
  lidLookups: string[][] = [];
  /** Set: `getContactLidAndPhone` rejects with it (the page failing to answer). */
  lidLookupError: Error | undefined;

  /** Makes `pn` and `lid` the same person's two ids (WhatsApp moving a chat to its LID). */
  samePerson(pn: string, lid: string): void {
    this.pairs.push({ pn, lid });
  }
  /**
   * As whatsapp-web.js 1.34 `Client.getContactLidAndPhone(userIds)`: for each id, the person's
   * LID and phone-number ids (`_serialized`); `{}` when WhatsApp does not know the id.
   */
  async getContactLidAndPhone(userIds: string | string[]): Promise<{ lid?: string; pn?: string }[]> {
    const ids = Array.isArray(userIds) ? userIds : [userIds];
    this.lidLookups.push(ids);
    if (this.lidLookupError) throw this.lidLookupError;
    return ids.map((id) => {
      const p = this.pairs.find((x) => x.pn === id || x.lid === id);
      if (p) return { lid: p.lid, pn: p.pn };
      return id.endsWith("@lid") ? { lid: id, pn: undefined } : id.endsWith("@c.us") ? { lid: undefined, pn: id } : {};
    });
  }

  async initialize(): Promise<void> {
    this.initializeCalls++;
    queueMicrotask(() => {
      this.emit("authenticated");
      this.emit("ready");
    });
  }
  async destroy(): Promise<void> {
    this.destroyCalls++;
  }
  async sendMessage(chatId: string, content: string, options: { sendSeen?: boolean } = {}): Promise<unknown> {
    if (this.hangSends) return new Promise(() => undefined);
    if (this.failSends > 0) {
      this.failSends--;
      throw new Error("Evaluation failed: socket hang up");
    }
    this.sent.push({ chatId, text: content });
    // As whatsapp-web.js: an own message's `from` is this account (its LID in a `@lid` chat), not
    // the chat; its id names the chat: `true_<chat>_<stanza>`.
    const msg = this.build(chatId, chatId.endsWith("@lid") ? FakeWhatsAppClient.OWN_LID : FakeWhatsAppClient.OWN, content, { fromMe: true });
    const chat = this.chat(chatId);
    chat.msgs.push(msg);
    if (options.sendSeen !== false) chat.unreadCount = 0;
    return msg;
  }
  async getChats(): Promise<WaChat[]> {
    this.getChatsCalls++;
    if (this.getChatsDelayMs) await new Promise((r) => setTimeout(r, this.getChatsDelayMs));
    return [...this.chats.values()].map((data) => ({
      id: { server: data.id.split("@")[1]!, user: data.id.split("@")[0]!, _serialized: data.id },
      name: data.id,
      isGroup: data.id.endsWith("@g.us"),
      unreadCount: data.unreadCount,
      timestamp: data.msgs.at(-1)?.timestamp,
      archived: false,
      // As Chat.fetchMessages: notifications left out, the `fromMe` filter, then the last `limit` by time.
      fetchMessages: async (search: { limit?: number; fromMe?: boolean } = {}) => {
        let msgs = data.msgs.filter((m) => search.fromMe === undefined || m.fromMe === search.fromMe);
        if (search.limit && search.limit > 0 && msgs.length > search.limit) {
          msgs = [...msgs].sort((a, b) => (a.timestamp! > b.timestamp! ? 1 : -1)).slice(msgs.length - search.limit);
        }
        return msgs;
      },
    }));
  }

  /** A message from a citizen, as whatsapp-web.js would emit it (it is also unread in its chat). */
  message(from: string, body: string, extra: MessageExtra = {}): WaMessage {
    const msg = this.arrivedWhileDown(from, body, extra);
    this.emit("message", msg);
    return msg;
  }
  /** A message that reached WhatsApp while the client was offline: unread in its chat, no event. */
  arrivedWhileDown(from: string, body: string, extra: MessageExtra = {}): WaMessage {
    const msg = this.build(from, from, body, extra);
    const chat = this.chat(from);
    chat.msgs.push(msg);
    if (!msg.fromMe) chat.unreadCount++;
    return msg;
  }
  /** Opening the chat on the phone: everything in it is seen. */
  markSeen(chatId: string): void {
    this.chat(chatId).unreadCount = 0;
  }
  unreadCount(chatId: string): number {
    return this.chats.get(chatId)?.unreadCount ?? 0;
  }
  textsTo(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.text);
  }
  /** The `Message`s this account sent to a chat, oldest first (what a citizen can reply to). */
  sentTo(chatId: string): WaMessage[] {
    return this.chat(chatId).msgs.filter((m) => m.fromMe);
  }

  private chat(id: string): ChatData {
    let c = this.chats.get(id);
    if (!c) this.chats.set(id, (c = { id, msgs: [], unreadCount: 0 }));
    return c;
  }
  /**
   * A `Message` in `chat`. Its id is a `MessageId` (`true_<chat>_<stanza>` for own messages); a
   * stanza id is WhatsApp Web's `MsgKey.newId()`, like `3EB0` and hex.
   * A reply carries the quoted message's stanza id and author in `_data` (`quotedStanzaID`,
   * `quotedParticipant`), and `getQuotedMessage()` resolves to a new `Message` that WhatsApp Web
   * rebuilds from the quote (`getQuotedMsgObj`), not to the object once sent.
   */
  private build(chat: string, from: string, body: string, extra: MessageExtra): WaMessage {
    const { media, quoting, ...rest } = extra;
    const fromMe = rest.fromMe ?? false;
    const stanza = `3EB0${(++this.n).toString(16).toUpperCase().padStart(16, "0")}`;
    const quotedAuthor = quoting && (quoting.fromMe ? (chat.endsWith("@lid") ? FakeWhatsAppClient.OWN_LID : FakeWhatsAppClient.OWN) : chat);
    return {
      id: { fromMe, remote: chat, id: stanza, _serialized: `${fromMe}_${chat}_${stanza}` } as WaMessage["id"],
      from,
      body,
      type: media ? (media !== "expired" && media.mimetype.startsWith("image/") ? "image" : "document") : "chat",
      hasMedia: Boolean(media),
      fromMe: false,
      timestamp: Math.floor(Date.now() / 1000),
      downloadMedia: async () => (media === "expired" ? undefined : media),
      // As whatsapp-web.js: `hasQuotedMsg` on every message; `getQuotedMessage()` undefined without a quote.
      hasQuotedMsg: Boolean(quoting),
      // Rebuilt in this chat: a message quoted from before WhatsApp moved the chat to its LID (or
      // back) gets the chat's id now, its stanza id unchanged (`true_<chat>_<stanza>`).
      getQuotedMessage: async () => (quoting ? { ...quoting, id: rebuiltId(quoting, chat) } : undefined),
      // Raw fields beyond what Loket reads (types.ts), as WhatsApp Web's model holds them.
      ...(quoting ? { _data: { quotedStanzaID: quoting.id._serialized.split("_")[2], quotedParticipant: quotedAuthor } as WaMessage["_data"] } : {}),
      ...rest,
    };
  }
}
