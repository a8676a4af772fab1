import { z } from "zod";
import type { Place } from "./place.js";

/** Channels Loket speaks on. A conversation belongs to exactly one. */
export const ChannelName = z.enum(["web", "telegram", "whatsapp", "console"]);
export type ChannelName = z.infer<typeof ChannelName>;
/**
 * Channels that show a reply's choices as numbered lines ("1. Menu utama": WhatsApp's
 * whatsapp/format.ts, the console's chat): a bare number typed there may be a choice's. Web and
 * Telegram show buttons without numbers.
 */
export const NUMBERED_CHOICE_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>(["whatsapp", "console"]);

/**
 * Channels where words can be sent with a file (a photo's or document's caption): there a
 * citizen can say which document a file is for ("ini juga untuk surat pernyataan keabsahan").
 * The web widget and the console send a file alone.
 */
export const CAPTIONED_FILE_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>(["telegram", "whatsapp"]);

/** What the bot waits for next; the web widget uses it to pick an input control. */
export const ExpectKind = z.enum([
  "text",
  "nik",
  "phone",
  "email",
  "date",
  "number",
  "choice",
  "file",
  "confirm",
]);
export type ExpectKind = z.infer<typeof ExpectKind>;

export const Choice = z.object({ id: z.string().min(1), label: z.string().min(1) });
export type Choice = z.infer<typeof Choice>;

/**
 * One message from Loket to a citizen. This is the contract of the web API
 * (`{ replies: Outbound[] }`) and of every channel adapter's `send`.
 */
export const Outbound = z.object({
  type: z.literal("text"),
  text: z.string(),
  choices: z.array(Choice).optional(),
  /**
   * `form`: a document question's application (the engine's `Frame.ref`), so a reply quoting it is
   * not filed in another; on a choice, the survey's ref (a rating question, or the survey's offer),
   * so an emoji reaction on that message answers it. `scale`: a rating question (1–4), whose
   * reactions score it (WhatsApp's hint names them).
   */
  expects: z.object({ field: z.string(), kind: ExpectKind, form: z.string().optional(), scale: z.literal(true).optional() }).optional(),
  /** The conversation's language when it is not Indonesian: a channel's own words around the text (WhatsApp's hint under choices) follow it. */
  lang: z.string().optional(),
});
export type Outbound = z.infer<typeof Outbound>;

/** A file as it arrived from a channel, before it is checked or stored. */
export interface IncomingFile {
  bytes: Buffer;
  /** Name the citizen's client gave it; only ever shown, never used as a path. */
  filename?: string;
}

/** A file after the runtime checked and stored it (content-addressed under DATA_DIR). */
export const DocumentRef = z.object({
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  mime: z.enum(["application/pdf", "image/jpeg", "image/png"]),
  size: z.number().int().nonnegative(),
  filename: z.string().optional(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

/**
 * One message from a citizen, already translated by a channel adapter into
 * Loket's neutral shape. Nothing platform-specific passes this point.
 */
export interface Inbound {
  channel: ChannelName;
  /** Stable id of the conversation, e.g. `web:<uuid>`, `telegram:<chatId>`, `whatsapp:<jid>`. */
  conversationId: string;
  /** The platform's id of this message, used to process a redelivery once. */
  messageId?: string;
  text?: string;
  /**
   * `text` is the channel's own opening, not typed by the citizen (the web page sends "halo" to
   * start): answered as that text, written in the transcript staff read as `staff_notice.web_opened`.
   */
  opening?: true;
  /** The id of a tapped choice (web `{ choice }`, Telegram callback data). */
  choice?: string;
  file?: IncomingFile;
  /** Text sent with a file (a photo's caption): shown to staff in the transcript, not taken as an answer. */
  caption?: string;
  /**
   * The platform's id of the message this one replies to (quotes), when it is one of Loket's: a
   * document sent as a reply to the question that asked for it is filed under that requirement.
   */
  quotes?: string;
  /** Files sent together as one album (Telegram's media_group_id): one document each is not what they are. */
  fileGroup?: string;
  /** A place shared on a map (a location pin): answers a form question that takes one (`pin: true`). */
  location?: Place;
  /** A message type Loket cannot use (sticker, voice, contact, ...). */
  unsupported?: string;
  /**
   * With `unsupported: "reaction"`: the emoji put on one of Loket's messages and that message's
   * platform id (WhatsApp's stanza id, Telegram's message_id): a survey rating question's reaction is its score.
   */
  reaction?: { emoji: string; on: string };
  /**
   * The phone number on a shared contact card (`unsupported: "contact"`): WhatsApp's vCard,
   * Telegram's contact. It answers a phone question; anywhere else the card is refused as before.
   */
  contactPhone?: string;
  /** A file the adapter did not download because the platform said it is over the size limit. */
  /** A file over the limit, not downloaded; `limit`: the channel's own, when lower than UPLOAD_MAX_BYTES (Telegram's 20 MB). */
  oversizedFile?: { size: number; limit?: number };
  /** Where to send pushes (staff replies, status changes) on this channel: chat id, JID, ... */
  address?: string;
  at?: Date;
}
