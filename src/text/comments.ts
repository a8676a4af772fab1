import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { FileIssue } from "../errors.js";

/**
 * Texts a comment cuts short. In YAML, a `#` after a space starts a comment, also in the middle
 * of an unquoted text: `alamat: Jl. Merdeka No. 5, Loket #2` is read as "Jl. Merdeka No. 5,
 * Loket" and `catatan: bawa map merah # wajib` as "bawa map merah". Valid YAML, so only the raw
 * text shows it: a cheap line scan (no YAML parser), run by `npm run check` and at start-up, whose
 * findings are warnings (a comment after a value may be meant as one).
 *
 * Not reported: whole-line comments; a comment after a key with no value (`form:  # …`), after a
 * block text's `|` or `>`, after a quoted text or a `[list]`; a `#` inside quotes or a block text,
 * or without a space before it (`No.#2` stays text). A comment after one word, such as
 * `required: true  # …` or `channel: counter  # …` (as in docs/knowledge.md), is taken as meant,
 * unless the `#` is followed at once by something other than a space (`Loket #2`, `^[0-9 #]+$`):
 * nobody writes a note so.
 */
export function textsCutByComments(file: string, text: string, lineOffset = 0): FileIssue[] {
  // A text cut short has, on its line, a character, then spaces, then the "#": a file without one
  // has none to report (every file Loket ships: the line scan below was ~50 ms of each start-up).
  if (!CUT_BY_COMMENT.test(text)) return [];
  const issues: FileIssue[] = [];
  const lines = text.split(/\r?\n/);
  /** Inside a block text (`key: |`): lines indented further than this are its text. */
  let block: number | undefined;
  /** A quoted text left open at the end of a line (it goes on on the next). */
  let quote: '"' | "'" | undefined;
  /** How many `[` / `{` are open. */
  let depth = 0;
  lines.forEach((line, n) => {
    const indent = line.length - line.trimStart().length;
    if (block !== undefined) {
      if (line.trim() === "" || indent > block) return;
      block = undefined;
    }
    if (!quote && /^(?:---|\.\.\.)(?:\s|$)/.test(line)) return;
    let i = 0;
    if (quote) {
      const end = closingQuote(line, 0, quote);
      if (end < 0) return;
      quote = undefined;
      i = end + 1;
    }
    /** True where a value (or a key) may start: at the line's start, after `: `, `- `, `[`, `,`. */
    let expecting = i === 0;
    /** The column of the last key or `- ` on this line: a block text's lines are indented further. */
    let owner: number | undefined;
    /** Where the last quoted text started (a key, when a ":" follows). */
    let keyAt: number | undefined;
    while (i < line.length) {
      const c = line[i]!;
      if (c === " " || c === "\t") {
        i++;
        continue;
      }
      const next = line[i + 1];
      const spaced = next === undefined || next === " " || next === "\t";
      if (c === "#") return; // a comment after nothing, a key, a quoted text or a list
      if (depth > 0 && c === ",") {
        i++;
        expecting = true;
        continue;
      }
      if (depth > 0 && (c === "]" || c === "}")) {
        depth--;
        i++;
        expecting = false;
        continue;
      }
      if (!expecting) {
        if (c === ":" && (spaced || depth > 0)) {
          owner = keyAt;
          i++;
          expecting = true;
          continue;
        }
        return; // something YAML itself refuses
      }
      if (c === '"' || c === "'") {
        const end = closingQuote(line, i + 1, c);
        if (end < 0) {
          quote = c;
          return;
        }
        keyAt = i;
        i = end + 1;
        expecting = false;
        continue;
      }
      if ((c === "-" || c === "?") && spaced && depth === 0) {
        owner = i;
        i++;
        continue;
      }
      if (c === "[" || c === "{") {
        depth++;
        i++;
        continue;
      }
      if ((c === "|" || c === ">") && depth === 0) {
        block = owner ?? indent - 1;
        return;
      }
      if (c === "&" || c === "!" || c === "*") {
        while (i < line.length && line[i] !== " " && line[i] !== "\t") i++;
        expecting = c !== "*";
        continue;
      }
      // A text without quotes: it ends at ": " (it was a key), at " #" (a comment), at the line's
      // end, or in a [list] at "," "]" "}".
      const start = i;
      for (; i < line.length; i++) {
        const ch = line[i]!;
        const after = line[i + 1];
        if (ch === ":" && (after === undefined || after === " " || after === "\t" || (depth > 0 && /[,\]}]/.test(after)))) break;
        if (depth > 0 && /[,\]}]/.test(ch)) break;
        if (ch === "#" && /[ \t]/.test(line[i - 1] ?? "")) {
          const value = line.slice(start, i).trim();
          const comment = line.slice(i).trimEnd();
          if (!/\s/.test(value) && /^#+(?:[ \t]|$)/.test(comment)) return;
          issues.push({ file, line: n + 1 + lineOffset, warning: true, message: cutMessage(line.slice(0, start).trim(), value, comment) });
          return;
        }
      }
      if (i < line.length && line[i] === ":") {
        owner = start;
        i++;
        expecting = true;
      } else expecting = false;
    }
  });
  return issues;
}

/** Where a comment may cut a text short: " #" after something on the same line (see textsCutByComments). */
const CUT_BY_COMMENT = /\S[ \t]+#/;

/** The index of the quote closing one opened before `from` (`\"` and `''` do not close), or -1. */
function closingQuote(line: string, from: number, q: '"' | "'"): number {
  for (let i = from; i < line.length; i++) {
    if (q === '"' && line[i] === "\\") i++;
    else if (line[i] === q) {
      if (q === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** `before`: what the line holds before the text (`alamat:`, `-`), for the line to write instead. */
function cutMessage(before: string, value: string, comment: string): string {
  const whole = `${value} ${comment}`;
  const quoted = whole.includes('"') ? `'${whole.replace(/'/g, "''")}'` : `"${whole}"`;
  return (
    `the text ends before " #": YAML reads " #" and what follows it ("${comment}") as a comment, a note for whoever edits the file, so citizens are not shown it and Loket reads only "${value}". ` +
    `If "#" is part of the text, put the whole text in quotes: ${before ? `${before} ` : ""}${quoted}`
  );
}

/**
 * textsCutByComments over every file a clerk edits: the front matter of knowledge/permits/*.md,
 * knowledge/*.yaml, flows/*.yaml and messages/<lang>/*.yaml (paths in issues relative to `root`).
 * A missing folder or file is left to the loaders, which report it. `readText`: where a file's text
 * comes from (start-up hands the flows and messages it has read already).
 */
export async function commentWarnings(dirs: { knowledge: string; flows: string; messages: string }, root = process.cwd(), readText: (path: string) => Promise<string> = (path) => readFile(path, "utf8")): Promise<FileIssue[]> {
  const yamlIn = async (dir: string) => ((await readdir(dir).catch(() => [])) as string[]).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
  const langs = (await readdir(dirs.messages, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const permits = ((await readdir(join(dirs.knowledge, "permits")).catch(() => [])) as string[]).filter((f) => f.endsWith(".md")).sort();
  const files = [
    ...permits.map((f) => ({ path: join(dirs.knowledge, "permits", f), frontMatter: true })),
    ...[await yamlIn(dirs.knowledge), await yamlIn(dirs.flows), ...(await Promise.all(langs.map((l) => yamlIn(join(dirs.messages, l)))))].flat().map((path) => ({ path, frontMatter: false })),
  ];
  const issues: FileIssue[] = [];
  for (const { path, frontMatter } of files) {
    const text = await readText(path).catch(() => undefined);
    if (text === undefined) continue;
    const file = relative(root, path) || path;
    if (!frontMatter) {
      issues.push(...textsCutByComments(file, text));
      continue;
    }
    // Only the front matter is YAML (between the first two "---" lines); the body is free text.
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
    if (lines[0]?.trim() === "---" && end > 0) issues.push(...textsCutByComments(file, lines.slice(1, end).join("\n"), 1));
  }
  return issues;
}
