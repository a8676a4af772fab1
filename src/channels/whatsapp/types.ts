/**
 * The slice of whatsapp-web.js that Loket uses, written down so the adapter can be driven by
 * the real `Client` in production and by a fake with the same contract in tests. Field names
 * and shapes follow whatsapp-web.js 1.34 (`src/Client.js`, `src/structures/Message.js`,
 * `src/structures/Chat.js`, `src/structures/MessageMedia.js`).
 */

/** `MessageMedia`: what `Message.downloadMedia()` resolves to. `data` is base64. */
export interface WaMedia {
  mimetype: string;
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/** A received `Message`. Only the fields Loket reads. */
export interface WaMessage {
  /** `_serialized`: `<fromMe>_<chat>_<stanza>`; `id`: the stanza id alone, the same whichever id the chat goes by. */
  id: { _serialized: string; id?: string };
  /** Chat id: `<digits>@c.us` or `<digits>@lid` (a person), `...@g.us` (group), `status@broadcast`. */
  from: string;
  body: string;
  /** `MessageTypes`: chat, image, document, ptt, audio, sticker, location, vcard, ... */
  type: string;
  hasMedia: boolean;
  fromMe: boolean;
  /** Unix seconds. */
  timestamp?: number;
  /** Set (ms) on a message its sender edited. */
  latestEditSenderTimestampMs?: number;
  /**
   * Raw WhatsApp Web model; `size` (bytes) and `filename` are set for media before download.
   * `isViewOnce`: a "view once" photo or video, which a linked device (WhatsApp Web) cannot open.
   */
  _data?: { size?: number; filename?: string; isViewOnce?: boolean };
  /**
   * `Location` of a "location" message (a pin, or a live location's first position): `latitude` and
   * `longitude` in degrees; `name` and `address` of a chosen place, absent for a plain pin or a live one.
   */
  location?: { latitude?: number; longitude?: number; name?: string; address?: string; url?: string };
  /** The vCards of a "vcard" (one contact; also its `body`) or "multi_vcard" message. */
  vCards?: string[];
  /** `undefined` when the media expired or could not be fetched; may also throw. */
  downloadMedia(): Promise<WaMedia | undefined>;
  /** Sent as a reply to (quoting) another message. */
  hasQuotedMsg?: boolean;
  /** The quoted message (`undefined` when there is none); reads it through the browser page, may throw. */
  getQuotedMessage?(): Promise<WaMessage | undefined>;
}

/** A message key as WhatsApp Web serialises it: `remote` is the chat (a string, or a `Wid` with `_serialized`). */
export interface WaMessageKey {
  fromMe?: boolean;
  remote?: string | { _serialized?: string };
  id?: string;
  _serialized?: string;
}

/** A `Reaction` (the `message_reaction` event): an emoji put on a message, changed, or taken back. */
export interface WaReaction {
  /** The reaction's own key; `fromMe` for this account's reactions. */
  id?: WaMessageKey;
  /** The emoji; "" when the reaction is taken back. */
  reaction?: string;
  /** The key of the message reacted to; `remote` is its chat. */
  msgId?: WaMessageKey;
  senderId?: string;
  /** Unix seconds. */
  timestamp?: number;
}

/** A `Call` (the `call` event): someone calls the linked number. */
export interface WaCall {
  /** The caller's chat id (`...@c.us`, `...@lid`). */
  from: string;
  isGroup?: boolean;
  /** An outgoing call (this account called). */
  fromMe?: boolean;
}

/**
 * A `Chat` from `Client.getChats()`: what the catch-up after a (re)connect reads. whatsapp-web.js
 * does not emit `message` for what arrived while the client was offline; it is only in the chats.
 */
export interface WaChat {
  /** `id._serialized` is the chat id, as `WaMessage.from` (`...@c.us`, `...@lid`, `...@g.us`, `status@broadcast`). */
  id: { _serialized: string };
  isGroup: boolean;
  /** Messages not yet seen: 0 once read (sending to the chat marks it seen), -1 when marked unread by hand. */
  unreadCount: number;
  /** Unix seconds of the chat's last activity; may be missing for an empty chat. */
  timestamp?: number;
  /**
   * The chat's last `limit` messages (notifications left out), oldest first; `fromMe` keeps only
   * messages from (true) or to (false) this account.
   */
  fetchMessages(opts: { limit?: number; fromMe?: boolean }): Promise<WaMessage[]>;
}

/** Why `disconnected` fired: a `WAState` (e.g. "CONFLICT", "UNPAIRED") or "LOGOUT". */
export type WaDisconnectReason = string;

/**
 * The `Client` as the adapter uses it: an EventEmitter with `qr`, `authenticated`,
 * `auth_failure`, `ready`, `disconnected`, `message`; `initialize`, `destroy`, `sendMessage`, `getChats`.
 */
export interface WaClient {
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeListener?(event: string, listener: (...args: any[]) => void): unknown;
  /** Launches the browser and opens WhatsApp Web; resolves once a QR is shown or the session is restored. */
  initialize(): Promise<void>;
  /** Closes the browser. */
  destroy(): Promise<void>;
  /** Sends a text; the chat is marked seen afterwards (whatsapp-web.js's `sendSeen` option, default true). Resolves to the sent `Message` (its `id._serialized`). */
  sendMessage(chatId: string, content: string): Promise<unknown>;
  /** Every chat WhatsApp Web has loaded (private chats, groups, broadcasts). */
  getChats(): Promise<WaChat[]>;
  /**
   * A person's two ids, their LID (`…@lid`) and phone number (`…@c.us`), as `_serialized` strings
   * (whatsapp-web.js 1.34 `Client.getContactLidAndPhone`); either may be missing. Asks WhatsApp's
   * servers only when the browser page does not know the pair.
   */
  getContactLidAndPhone?(userIds: string[]): Promise<{ lid?: string; pn?: string }[]>;
}

/**
 * Connection states shown in /healthz and on the QR page. "standby": several instances on Redis,
 * another one holds the session; this one takes over when that one stops (lease.ts).
 */
export type WhatsAppState = "standby" | "starting" | "qr" | "ready" | "disconnected" | "logged_out" | "failed";

export interface WhatsAppStatus {
  state: WhatsAppState;
  /** When the state last changed (ISO time). */
  since: string;
  /** The most recent problem, phrased for an operator (no personal data). */
  lastError?: string;
  /** Connection attempts since the last `ready` (0 once connected). */
  attempts: number;
}
