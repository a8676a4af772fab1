import type { Message, PhotoSize } from "grammy/types";
import type { Inbound } from "../../domain/message.js";
import { placeOf } from "../../domain/place.js";

/** Bot API servers refuse getFile above 20 MB; such a file is oversized whatever UPLOAD_MAX_BYTES says. */
export { BOT_API_DOWNLOAD_MAX_BYTES } from "../../domain/upload.js";
import { BOT_API_DOWNLOAD_MAX_BYTES } from "../../domain/upload.js";

/** Slash commands (Indonesian, as registered with setMyCommands) and the repair words they stand for. */
export const COMMAND_WORDS: Record<string, string> = {
  menu: "menu",
  batal: "batal",
  petugas: "petugas",
  bantuan: "bantuan",
};

/**
 * Message kinds Loket cannot use, checked in this order (`animation` before `document`: a GIF
 * carries both). What is not here and has no text, document or photo is "other".
 */
const UNSUPPORTED_KINDS = [
  "sticker",
  "voice",
  "video_note",
  "audio",
  "video",
  "animation",
  "contact",
  "poll",
  "dice",
  "game",
  "story",
] as const;

/**
 * Service messages: Telegram telling the chat that something happened (the citizen pinned the
 * message with their registration number, set auto-delete), not something the citizen said.
 * They are not answered.
 */
const SERVICE_KINDS = [
  "pinned_message",
  "message_auto_delete_timer_changed",
  "new_chat_members",
  "left_chat_member",
  "new_chat_title",
  "new_chat_photo",
  "delete_chat_photo",
  "group_chat_created",
  "supergroup_chat_created",
  "channel_chat_created",
  "migrate_to_chat_id",
  "migrate_from_chat_id",
  "users_shared",
  "chat_shared",
  "write_access_allowed",
  "connected_website",
  "proximity_alert_triggered",
  "chat_background_set",
  "boost_added",
] as const;

export const telegramConversationId = (chatId: number | string): string => `telegram:${chatId}`;

/** How the translator fetches a file: getFile, then a capped download. Injected so tests can watch it. */
export interface FileFetcher {
  /** `file_path` from getFile, or "too_big" when the Bot API refuses the file's size. */
  locate(fileId: string): Promise<{ path: string; size?: number } | "too_big">;
  /** The bytes, or "too_big" as soon as more than `maxBytes` arrive. */
  download(path: string, maxBytes: number): Promise<Buffer | "too_big">;
}

/**
 * What a citizen's private message becomes. `file_failed`: the file could not be fetched (network);
 * `service`: Telegram's note of something that happened in the chat (a pin), not answered.
 */
export type Translation = { type: "inbound"; inbound: Inbound } | { type: "file_failed"; reason: string } | { type: "service" };

/**
 * Translates one private-chat message into Loket's neutral `Inbound`. Commands become the
 * repair words (`/batal` -> "batal"; `/start` stays, the runtime greets); a document or the
 * largest photo size is fetched unless Telegram already says it is over `maxBytes`.
 */
export async function translateMessage(
  msg: Message,
  base: Pick<Inbound, "conversationId" | "messageId" | "address">,
  files: FileFetcher,
  maxBytes: number,
): Promise<Translation> {
  const caption = msg.caption?.trim().slice(0, 1000);
  const inbound: Inbound = {
    channel: "telegram",
    ...base,
    at: new Date(msg.date * 1000),
    ...(caption ? { caption } : {}),
    ...(msg.media_group_id ? { fileGroup: msg.media_group_id } : {}),
    // A reply to one of Loket's messages (a document question scrolled back to).
    ...(msg.reply_to_message ? { quotes: String(msg.reply_to_message.message_id) } : {}),
  };
  if (typeof msg.text === "string") {
    return { type: "inbound", inbound: { ...inbound, text: commandToText(msg.text) } };
  }
  if (SERVICE_KINDS.some((k) => (msg as unknown as Record<string, unknown>)[k] !== undefined)) return { type: "service" };
  // A location (a live one: its first position; the moves come as edits, not answered) or a venue
  // (a place picked on the map, with its title and address).
  if (msg.venue || msg.location) {
    const at = msg.venue?.location ?? msg.location!;
    const place = placeOf(at.latitude, at.longitude, msg.venue?.title, msg.venue?.address);
    return { type: "inbound", inbound: place ? { ...inbound, location: place } : { ...inbound, unsupported: msg.venue ? "venue" : "location" } };
  }
  const kind = UNSUPPORTED_KINDS.find((k) => msg[k] !== undefined);
  // A shared contact ("share my phone number"): its number answers a phone question (the engine decides).
  const contactPhone = kind === "contact" ? msg.contact?.phone_number?.trim().slice(0, 40) : undefined;
  if (kind) return { type: "inbound", inbound: { ...inbound, unsupported: kind, ...(contactPhone ? { contactPhone } : {}) } };

  let fileId: string | undefined;
  let declared: number | undefined;
  let filename: string | undefined;
  if (msg.document) {
    fileId = msg.document.file_id;
    declared = msg.document.file_size;
    filename = msg.document.file_name;
  } else if (msg.photo?.length) {
    const photo = largest(msg.photo);
    fileId = photo.file_id;
    declared = photo.file_size;
  }
  if (!fileId) return { type: "inbound", inbound: { ...inbound, unsupported: "other" } };

  const limit = Math.min(maxBytes, BOT_API_DOWNLOAD_MAX_BYTES);
  if (declared !== undefined && declared > limit) {
    return { type: "inbound", inbound: { ...inbound, oversizedFile: { size: declared, limit } } };
  }
  try {
    const located = await files.locate(fileId);
    if (located === "too_big") return { type: "inbound", inbound: { ...inbound, oversizedFile: { size: declared ?? limit + 1, limit } } };
    if (located.size !== undefined && located.size > limit) {
      return { type: "inbound", inbound: { ...inbound, oversizedFile: { size: located.size, limit } } };
    }
    const bytes = await files.download(located.path, limit);
    if (bytes === "too_big") return { type: "inbound", inbound: { ...inbound, oversizedFile: { size: limit + 1, limit } } };
    return { type: "inbound", inbound: { ...inbound, file: { bytes, ...(filename ? { filename } : {}) } } };
  } catch (err) {
    return { type: "file_failed", reason: err instanceof Error ? err.name : "unknown" };
  }
}

/** `/menu@LoketBot` -> "menu"; `/start xyz` stays as typed; any other text is unchanged. */
export function commandToText(text: string): string {
  const m = /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i.exec(text.trim());
  if (!m) return text;
  const word = COMMAND_WORDS[m[1]!.toLowerCase()];
  return word ?? text;
}

function largest(sizes: PhotoSize[]): PhotoSize {
  const score = (p: PhotoSize) => p.file_size ?? p.width * p.height;
  return sizes.reduce((best, p) => (score(p) > score(best) ? p : best));
}
