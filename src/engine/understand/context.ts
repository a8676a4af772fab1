/**
 * Someone else's words pasted above the citizen's own: a forward ("*Diteruskan*" and the lines after
 * it, up to an empty line), lines quoted with ">" (an earlier answer of Loket's), lines copied from a
 * WhatsApp chat ("[10.21, 2/12/2026] Pak RT: ..."). Those lines tell the situation; the citizen's
 * own lines say what is asked. The headers are understanding.yaml's `forwarded`.
 *
 * @example
 * const split = createContextSplitter(["diteruskan"]);
 * split("*Diteruskan*\nPak RT: urus PBG dulu ya\n\nmin ini beneran?");
 * // { own: "min ini beneran?", context: "Pak RT: urus PBG dulu ya" }
 */
export interface OwnWords {
  /** The citizen's own lines, which say what is asked. */
  own: string;
  /** The pasted or quoted lines, read only for what they name. */
  context: string;
}

const QUOTED = /^\s*>/;
// WhatsApp's "copy" of several messages: "[10.21, 2/12/2026] Name: text" (or "10.21" with a colon).
const COPIED_CHAT_LINE = /^\s*\[\d{1,2}[.:]\d{2}(?:[.:]\d{2})?,?\s+\d{1,2}\/\d{1,2}\/\d{2,4}\]\s*[^:\n]{1,40}:/;
const MARKS = /[*_~[\](){}<>:.\-–—]+/g;

export function createContextSplitter(forwarded: string[], asked: string[] = []): (text: string) => OwnWords | undefined {
  const headers = new Set(forwarded.map(plain).filter(Boolean));
  const isHeader = (line: string) => headers.size > 0 && headers.has(plain(line.replace(MARKS, " ")));
  const starts = asked.map(words).filter((w) => w.length);
  /**
   * A line asking about what was forwarded, no empty line before it ("*Diteruskan* / PENGUMUMAN: …
   * NIB … gratis … / ini bener gk min? sy jualan gorengan hrs punya nib jg?"): the citizen's own.
   */
  const asksAboutIt = (line: string) => {
    const w = words(line);
    const from = VOCATIVES.has(w[0] ?? "") ? 1 : 0;
    return starts.some((s) => s.every((x, i) => w[from + i] === x));
  };
  return (text) => {
    if (!text.includes("\n")) return undefined;
    const own: string[] = [];
    const context: string[] = [];
    let inForward = false;
    for (const line of text.split(/\r?\n/)) {
      if (isHeader(line)) inForward = true;
      else if (inForward && (!line.trim() || asksAboutIt(line))) {
        inForward = false;
        if (line.trim()) own.push(line);
      }
      else if (inForward || QUOTED.test(line) || COPIED_CHAT_LINE.test(line)) context.push(line.replace(QUOTED, ""));
      else own.push(line);
    }
    const mine = own.join("\n").trim();
    // Nothing pasted, or nothing of one's own after it (a forward alone is read whole).
    if (!context.some((l) => /\p{L}/u.test(l)) || !/\p{L}/u.test(mine)) return undefined;
    return { own: mine, context: context.join("\n").trim() };
  };
}

/** Who a line may open by addressing ("min ini beneran?"). */
const VOCATIVES = new Set(["min", "mimin", "admin", "kak", "ka", "pak", "bu", "mas", "mbak"]);

const words = (s: string): string[] => s.toLowerCase().match(/\p{L}+/gu) ?? [];

function plain(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, " ");
}
