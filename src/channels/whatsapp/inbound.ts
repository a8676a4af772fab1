import type { Inbound } from "../../domain/message.js";
import { placeOf } from "../../domain/place.js";
import { within } from "../../domain/within.js";
import type { WaMessage } from "./types.js";

/** What to do with one WhatsApp message. */
export type Translation =
  | { kind: "ignore"; why: "not_individual" | "from_me" | "system" | "empty" }
  | { kind: "inbound"; inbound: Inbound }
  /** Answer directly from the messages file (e.g. media that can no longer be downloaded). */
  | { kind: "notice"; key: "whatsapp.media_unavailable" | "whatsapp.view_once" | "whatsapp.media_slow" };

/** `MessageTypes` that are not something a citizen said: notifications, protocol noise. */
const SYSTEM_TYPES = new Set([
  "e2e_notification",
  "notification",
  "notification_template",
  "gp2",
  "group_notification",
  "protocol",
  "call_log",
  "ciphertext",
  "revoked",
  "debug",
  "broadcast_notification",
  "reaction",
]);

/** Types Loket cannot use, as the neutral `Inbound.unsupported` kind the engine answers politely. */
const UNSUPPORTED: Record<string, string> = {
  ptt: "voice",
  audio: "audio",
  sticker: "sticker",
  location: "location",
  vcard: "contact",
  multi_vcard: "contact",
  video: "video",
  // A round video message (a video note), WhatsApp Web's "ptv".
  ptv: "video_note",
};

/** How long reading a quoted message through the browser page may take before the file is taken without it. */
const QUOTED_TIMEOUT_MS = 5_000;

/**
 * The id of the message this one quotes (replies to), when it is one of Loket's own: a document
 * sent as a reply to a document question. Unreadable or slow: none (filed as without the quote).
 */
async function quotedOwn(msg: WaMessage): Promise<string | undefined> {
  if (!msg.hasQuotedMsg || typeof msg.getQuotedMessage !== "function") return undefined;
  const quoted = await within(
    msg.getQuotedMessage().catch(() => undefined),
    QUOTED_TIMEOUT_MS,
    undefined,
  );
  return quoted?.fromMe ? stanzaId(quoted.id) : undefined;
}

/**
 * A message's stanza id (`id.id`; else the last part of `_serialized`, `<fromMe>_<chat>_<stanza>`):
 * what names one of Loket's sent messages for a reply quoting it. Not the whole `_serialized`,
 * which names the chat: WhatsApp Web rebuilds a quoted message in the chat as it is addressed now,
 * so a question sent under the citizen's number and quoted after WhatsApp moved the chat to its
 * LID comes back as `true_<lid>_<stanza>`.
 */
export function stanzaId(id: { _serialized?: unknown; id?: unknown } | undefined): string | undefined {
  if (typeof id?.id === "string" && id.id) return id.id;
  const parts = typeof id?._serialized === "string" ? id._serialized.split("_") : [];
  return parts.length >= 3 && parts[2] ? parts[2] : undefined;
}

/**
 * The number on one person's vCard: its WhatsApp number (`TEL;…;waid=628…`, what WhatsApp puts on
 * a card it shares), else its only TEL. Several numbers, none of them WhatsApp's: none (which one
 * would be a guess). Only ever passed on as the answer to a phone question, never logged.
 */
export function vcardPhone(card: unknown): string | undefined {
  if (typeof card !== "string") return undefined;
  const tels = card.split(/\r?\n/).filter((line) => /^(?:item\d+\.)?TEL[;:]/i.test(line.trim()));
  const wa = tels.map((line) => /waid=(\d{8,15})/i.exec(line)?.[1]).find(Boolean);
  if (wa) return `+${wa}`;
  const numbers = [...new Set(tels.map((line) => line.slice(line.indexOf(":") + 1).trim()).filter(Boolean))];
  return numbers.length === 1 ? numbers[0]!.slice(0, 40) : undefined;
}

/** A person's chat: `<number>@c.us`, or `<id>@lid` (WhatsApp's newer private identifiers). */
export const isIndividualChat = (jid: string): boolean => /^[^@\s]+@(c\.us|lid)$/.test(jid);

export const whatsappConversationId = (jid: string): string => `whatsapp:${jid}`;

/**
 * Translates a received message to Loket's neutral `Inbound`. Groups, status broadcasts and
 * the bot's own messages are ignored. Images and documents are downloaded unless WhatsApp
 * already says they are over the limit; media that cannot be downloaded (expired) becomes a
 * notice. Never throws.
 */
export async function translate(msg: WaMessage, opts: { uploadMaxBytes: number; now: () => Date; mediaTimeoutMs?: number }): Promise<Translation> {
  if (msg.fromMe) return { kind: "ignore", why: "from_me" };
  if (!isIndividualChat(msg.from)) return { kind: "ignore", why: "not_individual" };
  if (SYSTEM_TYPES.has(msg.type)) return { kind: "ignore", why: "system" };

  const inbound: Inbound = {
    channel: "whatsapp",
    conversationId: whatsappConversationId(msg.from),
    messageId: msg.id._serialized,
    address: msg.from,
    at: msg.timestamp ? new Date(msg.timestamp * 1000) : opts.now(),
  };
  // A location pin, or a live location's first position (WhatsApp Web gives only that one; its
  // name and address are absent then). The body is a map picture, never read.
  if (msg.type === "location") {
    const place = placeOf(msg.location?.latitude, msg.location?.longitude, msg.location?.name, msg.location?.address);
    if (place) return { kind: "inbound", inbound: { ...inbound, location: place } };
  }
  const unsupported = UNSUPPORTED[msg.type];
  if (unsupported) {
    // What the citizen wrote on a video (its body is the caption) is still a message, as on
    // Telegram. Only a video's: a location's body is a picture, a contact's the vCard. And only
    // with its media: without (expired, view once) whatsapp-web.js gives WhatsApp Web's raw body,
    // for a video its base64 preview picture.
    const caption = msg.type === "video" && msg.hasMedia && typeof msg.body === "string" ? msg.body.trim().slice(0, 1000) : "";
    // A contact card of one person: its number answers a phone question (the engine decides).
    const contactPhone = msg.type === "vcard" ? vcardPhone(msg.vCards?.[0] ?? msg.body) : undefined;
    return { kind: "inbound", inbound: { ...inbound, unsupported, ...(caption ? { caption } : {}), ...(contactPhone ? { contactPhone } : {}) } };
  }

  if (msg.type === "image" || msg.type === "document") {
    // A "view once" photo cannot be opened on a linked device: sent again the same way it fails
    // again, so the citizen is told to send it as an ordinary photo or a document.
    const unavailable = msg._data?.isViewOnce ? "whatsapp.view_once" : "whatsapp.media_unavailable";
    if (!msg.hasMedia) return { kind: "notice", key: unavailable };
    const announced = msg._data?.size;
    if (typeof announced === "number" && announced > opts.uploadMaxBytes) {
      return { kind: "inbound", inbound: { ...inbound, oversizedFile: { size: announced } } };
    }
    // downloadMedia can hang (the browser page stuck fetching from WhatsApp's servers): bounded, so
    // the chat's later messages are not held behind it and the citizen is asked to send it again.
    const media = await within(msg.downloadMedia().catch(() => undefined), opts.mediaTimeoutMs ?? 60_000, "late" as const);
    if (media === "late") return { kind: "notice", key: "whatsapp.media_slow" };
    if (!media?.data) return { kind: "notice", key: unavailable };
    const bytes = Buffer.from(media.data, "base64");
    if (bytes.length > opts.uploadMaxBytes) {
      return { kind: "inbound", inbound: { ...inbound, oversizedFile: { size: bytes.length } } };
    }
    const filename = media.filename ?? msg._data?.filename;
    // A document's body may be its file name; anything else is what the citizen wrote with it.
    const caption = typeof msg.body === "string" ? msg.body.trim().slice(0, 1000) : "";
    const quotes = await quotedOwn(msg);
    return { kind: "inbound", inbound: { ...inbound, file: { bytes, ...(filename ? { filename } : {}) }, ...(caption && caption !== filename ? { caption } : {}), ...(quotes ? { quotes } : {}) } };
  }

  if (msg.type === "chat" || msg.type === "list_response" || msg.type === "buttons_response") {
    const text = msg.body.trim();
    if (!text) return { kind: "ignore", why: "empty" };
    return { kind: "inbound", inbound: { ...inbound, text } };
  }
  // A view-once photo that WhatsApp Web shows under another type (no media at all on this device).
  if (msg._data?.isViewOnce) return { kind: "notice", key: "whatsapp.view_once" };
  return { kind: "inbound", inbound: { ...inbound, unsupported: msg.type || "unknown" } };
}
