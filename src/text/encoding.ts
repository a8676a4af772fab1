import type { FileIssue } from "../errors.js";

/**
 * Files a clerk edits must be UTF-8. Windows editors also save "ANSI" (Windows-1252) and
 * "Unicode" (UTF-16); read as UTF-8, the first shows citizens "3�9 hari" for "3–9 hari" and the
 * second is read as no text at all. Node reads every byte that is not UTF-8 as U+FFFD ("�"), so
 * that character in a read text marks the place (a "�" written on purpose is refused as well:
 * citizens would see it just the same), and UTF-16 shows as NUL characters or as a byte-order
 * mark (FF FE or FE FF) read as two U+FFFD.
 */
const SAVE_AS_UTF8 = "save the file as UTF-8 (in Notepad: File → Save As, then Encoding: UTF-8; in other editors look for Encoding or Save with Encoding)";

/** What is wrong with the encoding of a file's text as read with readFile(path, "utf8"), if anything. */
export function encodingIssue(file: string, text: string): FileIssue | undefined {
  if (text.includes("\u0000") || text.startsWith("\uFFFD\uFFFD")) {
    return { file, line: 1, message: `this file is saved as UTF-16 ("Unicode"), which Loket does not read: ${SAVE_AS_UTF8}` };
  }
  const at = text.indexOf("\uFFFD");
  if (at < 0) return undefined;
  const lineStart = text.lastIndexOf("\n", at) + 1;
  const lineEnd = text.indexOf("\n", at);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).replace(/\r$/, "");
  const col = at - lineStart;
  const from = Math.max(0, col - 15);
  const shown = `${from > 0 ? "…" : ""}${line.slice(from, col + 15).trim()}${col + 15 < line.length ? "…" : ""}`;
  return {
    file,
    line: text.slice(0, at).split("\n").length,
    message: `this line has a character that is not UTF-8 (citizens would see "${shown}"): the file was saved in another encoding, such as ANSI or Windows-1252. ${SAVE_AS_UTF8[0]!.toUpperCase()}${SAVE_AS_UTF8.slice(1)}, then check that its dashes, quotes and accents look right`,
  };
}
