import { createHash } from "node:crypto";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Outbound } from "../../domain/message.js";
import { askedOf, type AskedDocument } from "../../runtime/document-requests.js";

/** Telegram's limit for one text message (after entity parsing; we count the HTML, which is longer). */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Telegram's limit for a button's callback data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** One Telegram message to send: HTML text (escaped), its plain form, and an optional inline keyboard. */
export interface TelegramMessage {
  html: string;
  /** The same text without markup: the fallback if Telegram ever refuses the HTML. */
  plain: string;
  keyboard?: InlineKeyboardMarkup;
  /** The document this message asks for (a document question: the requirement with its application, AskedDocument), remembered with its message id once sent. */
  asks?: AskedDocument;
}

/** Escapes the three characters Telegram's HTML parse mode reserves. Citizen text passes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Escapes `text` and turns WhatsApp-style `*bold*` and `_italic_` (as answers and messages write
 * them) into `<b>` and `<i>`. Neither spans a line, so any line boundary is a safe place to split
 * the result; an underscore inside a word ("file_name") stays as it is.
 */
export function toTelegramHtml(text: string): string {
  return escapeHtml(text)
    .replace(/(^|[\s(])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?=$|[\s.,;:!?)])/gm, "$1<b>$2</b>")
    .replace(/(^|[\s(])_([^_\s](?:[^_\n]*[^_\s])?)_(?=$|[\s.,;:!?)])/gm, "$1<i>$2</i>");
}

/**
 * Splits `text` into pieces whose formatted length (`measure`) is at most `limit`, at line
 * boundaries where possible, then at spaces, then anywhere (never inside a surrogate pair).
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT, measure: (s: string) => number = (s) => toTelegramHtml(s).length): string[] {
  // Almost every reply fits: measure it once instead of line by line.
  if (text.trim() && measure(text) <= limit) return [text.replace(/\n+$/, "")];
  const pieces: string[] = [];
  let current = "";
  const push = () => {
    if (current.trim()) pieces.push(current.replace(/\n+$/, ""));
    current = "";
  };
  for (const line of text.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (measure(candidate) <= limit) {
      current = candidate;
      continue;
    }
    push();
    if (measure(line) <= limit) {
      current = line;
      continue;
    }
    for (const part of splitLongLine(line, limit, measure)) {
      push();
      current = part;
    }
  }
  push();
  return pieces.length ? pieces : [text.trim() ? text : "…"];
}

function splitLongLine(line: string, limit: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  let current = "";
  for (const word of line.split(/(?<= )/)) {
    if (measure(current + word) <= limit) {
      current += word;
      continue;
    }
    if (current) out.push(current);
    current = "";
    // A single word longer than the limit (a pasted URL or base64): cut by code points.
    for (const ch of word) {
      if (measure(current + ch) > limit) {
        out.push(current);
        current = "";
      }
      current += ch;
    }
  }
  if (current) out.push(current);
  return out;
}

/**
 * Maps choice ids to callback data. Ids up to 64 bytes are used as they are (so a tap on an
 * old keyboard still carries a meaningful id and the engine can call it stale). Longer ids
 * get a short hash remembered in memory; an unknown hash (after a restart) is passed on
 * unchanged and the engine treats it as a stale tap.
 */
export interface ChoiceCodec {
  encode(id: string): string;
  decode(data: string): string;
}

export function createChoiceCodec(capacity = 10_000): ChoiceCodec {
  const long = new Map<string, string>();
  return {
    encode(id) {
      if (Buffer.byteLength(id, "utf8") <= CALLBACK_DATA_MAX_BYTES && !id.startsWith("~")) return id;
      const data = `~${createHash("sha256").update(id).digest("base64url").slice(0, 22)}`;
      long.delete(data);
      long.set(data, id);
      if (long.size > capacity) long.delete(long.keys().next().value!);
      return data;
    },
    decode: (data) => long.get(data) ?? data,
  };
}

/**
 * Turns one turn's replies into Telegram messages. Consecutive replies without choices are
 * joined into the next one (fewer messages: Telegram allows about one a second per chat);
 * a reply with choices closes a message and carries its inline keyboard, one button a row.
 * Long text is split under 4,096 characters; the keyboard goes on the last piece.
 */
export function renderReplies(replies: Outbound[], codec: ChoiceCodec, limit = TELEGRAM_TEXT_LIMIT): TelegramMessage[] {
  const out: TelegramMessage[] = [];
  let pending: string[] = [];
  let asks: AskedDocument | undefined;
  const flush = (keyboard?: InlineKeyboardMarkup) => {
    const text = pending.join("\n\n");
    const asked = asks;
    pending = [];
    asks = undefined;
    if (!text.trim() && !keyboard) return;
    // Almost every turn fits one message: its HTML is made once, not once to measure and again to send.
    const whole = text.trim() ? text.replace(/\n+$/, "") : "";
    const wholeHtml = whole && toTelegramHtml(whole);
    const pieces = wholeHtml && wholeHtml.length <= limit ? [whole] : splitText(text, limit);
    pieces.forEach((plain, i) => {
      const msg: TelegramMessage = { html: pieces.length === 1 && plain === whole ? wholeHtml : toTelegramHtml(plain), plain };
      if (keyboard && i === pieces.length - 1) msg.keyboard = keyboard;
      if (asked && i === pieces.length - 1) msg.asks = asked;
      out.push(msg);
    });
  };
  for (const r of replies) {
    pending.push(r.text);
    asks = askedOf(r) ?? asks;
    if (r.choices?.length) {
      flush({ inline_keyboard: r.choices.map((c) => [{ text: c.label, callback_data: codec.encode(c.id) }]) });
    }
  }
  flush();
  return out;
}
