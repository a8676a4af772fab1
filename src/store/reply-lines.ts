import type { TranscriptEntry } from "../domain/records.js";

/**
 * A web or Telegram answer kept for a retry (`Batch.reply`) usually says exactly what the turn's
 * transcript says in its bot lines (the runtime writes one line per reply: `botLine`). A store
 * may then keep a pointer to those lines instead of the text a second time, and rebuild the
 * answer from them: `saidByLines` tells when that rebuilds it exactly (the same JSON, key for key),
 * `repliesOfLines` rebuilds it.
 */

/** The keys of a reply (`Outbound`) in the order `repliesOfLines` writes them: the engine's. */
const ORDER = ["type", "text", "expects", "choices", "lang"];

/** True when `repliesOfLines(lines)` gives `replies` back exactly (as JSON, key order included). */
export function saidByLines(replies: readonly unknown[], lines: readonly TranscriptEntry[]): boolean {
  let i = 0;
  for (const l of lines) {
    if (l.from !== "bot" || l.internal) continue;
    const r = replies[i++] as Record<string, unknown> | null | undefined;
    if (!r || typeof r !== "object" || r.type !== "text" || r.text !== l.text || r.choices !== l.choices || r.expects !== l.expects || r.lang !== l.lang) return false;
    let k = 0;
    for (const key in r) {
      if (r[key] === undefined) continue;
      while (k < ORDER.length && ORDER[k] !== key) k++;
      if (k === ORDER.length) return false;
    }
  }
  return i === replies.length;
}

/** The replies a turn's lines said: its bot lines not kept from the citizen, as they were sent. */
export function repliesOfLines(lines: readonly TranscriptEntry[]): unknown[] {
  return lines
    .filter((l) => l.from === "bot" && !l.internal)
    .map((l) => ({
      type: "text",
      text: l.text,
      ...(l.expects !== undefined ? { expects: l.expects } : {}),
      ...(l.choices !== undefined ? { choices: l.choices } : {}),
      ...(l.lang !== undefined ? { lang: l.lang } : {}),
    }));
}
