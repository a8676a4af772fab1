import type { Outbound } from "../../domain/message.js";
import { askedOf, type AskedDocument } from "../../runtime/document-requests.js";
import type { Messages } from "../../text/messages.js";

/**
 * Markdown as WhatsApp shows it: `**bold**` -> `*bold*`, `***x***` -> `*_x_*`, `__x__` -> `_x_`
 * (not inside a word: `file__ktp__scan.pdf` or a link stays intact), `# Title` (also
 * `# **Title**`) -> `*Title*`, `[label](url)` -> `label: url` (WhatsApp links bare URLs itself).
 * Other text is unchanged.
 */
export function toWhatsAppText(text: string): string {
  return text
    .replace(/\*\*\*(.+?)\*\*\*/g, "*_$1_*")
    .replace(/\*\*(.+?)\*\*/g, "*$1*")
    .replace(/(^|[^\w])__(.+?)__(?!\w)/gm, "$1_$2_")
    .replace(/^#{1,6}\s+(.+)$/gm, (_, title: string) => `*${title.replace(/^\*+|\*+$/g, "").trim()}*`)
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, "$1: $2");
}

/**
 * One `Outbound` as one WhatsApp text. Choices become a numbered list ("1. Ajukan izin")
 * followed by the hint from `whatsapp.choice_hint`: WhatsApp Web's buttons and lists are not
 * dependable, and the engine accepts the number or the label typed back.
 */
export function formatOutbound(out: Outbound, wording: Wording): string {
  const messages = wordingFor(wording, out.lang);
  const body = toWhatsAppText(out.text).trim();
  // The summary before sending numbers its items, and a typed number there picks the item to
  // change: its "Ya, kirim / Ubah data" would be numbered 1 and 2 too, so they are left to the
  // text's own hint (type "ya", or the item's number).
  if (!out.choices?.length || out.expects?.kind === "confirm") return body;
  const list = out.choices.map((c, i) => `${i + 1}. ${c.label}`).join("\n");
  // A survey rating question (`expects.scale`): an emoji reaction on it scores it too.
  const hintKey = out.expects?.kind === "choice" && out.expects.scale && messages.has("whatsapp.scale_hint") ? "whatsapp.scale_hint" : "whatsapp.choice_hint";
  const hint = messages.has(hintKey) ? `\n\n${messages.t(hintKey)}` : "";
  return `${body ? `${body}\n\n` : ""}${list}${hint}`;
}

/**
 * Replies as the WhatsApp texts they are sent as (an empty one is none), with beside each text
 * the document it asks for (a document question: the requirement with its application,
 * AskedDocument) or the survey question (`askedOf`) or null: once sent, its message id is
 * remembered for a document quoting it or a reaction put on it.
 */
export function whatsAppBatch(replies: Outbound[], wording: Wording): { texts: string[]; asks: (AskedDocument | null)[] } {
  const texts: string[] = [];
  const asks: (AskedDocument | null)[] = [];
  for (const r of replies) {
    const text = formatOutbound(r, wording);
    if (!text) continue;
    texts.push(text);
    asks.push(askedOf(r) ?? null);
  }
  return { texts, asks };
}

/** The messages of every language (the hint follows a reply's `lang`), or Indonesian's alone. */
export type Wording = Messages | ReadonlyMap<string, Messages>;
const wordingFor = (w: Wording, lang: string | undefined): Messages => (w instanceof Map ? (w.get(lang ?? "id") ?? w.get("id")) : (w as Messages));
