import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { FileValidationError, type FileIssue } from "../errors.js";
import { encodingIssue } from "./encoding.js";
import { parseYamlLocated, unreadYamlName } from "./yaml.js";
import { memoize } from "../domain/memo.js";

/**
 * What the bot says, per language, from `messages/<lang>/*.yaml` (nested keys,
 * flattened to dotted keys such as `menu.title`). Templates use `{name}` placeholders.
 * A clerk changes wording here; no citizen-facing text lives in TypeScript.
 */
export interface Messages {
  readonly lang: string;
  /**
   * The template for `key` with `{vars}` filled in. Unknown key: the key itself (and `has` says
   * false). `vars` may be a function: it is called only for a template with a placeholder.
   */
  t(key: string, vars?: Vars): string;
  has(key: string): boolean;
  keys(): string[];
}

/** A template's values, or a function giving them (called only when the template has a placeholder). */
export type Vars = Record<string, string | number | undefined> | (() => Record<string, string | number | undefined>);

export function createMessages(lang: string, table: Record<string, string>, fallback?: Messages): Messages {
  return {
    lang,
    t(key, vars) {
      const tpl = table[key];
      if (tpl === undefined) return fallback ? fallback.t(key, vars) : key;
      return fill(tpl, vars);
    },
    has: (key) => key in table || (fallback?.has(key) ?? false),
    keys: () => Object.keys(table),
  };
}

/**
 * A template split once into literal text (even indexes) and placeholder names (odd indexes).
 * Templates come from the message files (a few hundred).
 */
const parts = memoize((tpl) => tpl.split(/\{(\w+)\}/), 10_000);

export function fill(tpl: string, vars?: Vars): string {
  if (!vars) return tpl;
  const p = parts(tpl);
  if (p.length === 1) return tpl;
  const values = typeof vars === "function" ? vars() : vars;
  let out = p[0]!;
  for (let i = 1; i < p.length; i += 2) {
    const v = values[p[i]!];
    out += (v === undefined ? `{${p[i]}}` : String(v)) + p[i + 1]!;
  }
  return out;
}

/**
 * Where each loaded message was written (`file:line`), for checks made after loading. The line is
 * found only when asked for: it needs the slower YAML reader (src/text/yaml.ts), not run at start-up.
 */
type Source = { file: string; path: string[]; line: () => number };
const sources = new WeakMap<Messages, Map<string, Source>>();
/** Each language's own table (not the fallback's), for keeping it between starts (keptMessages). */
const tables = new WeakMap<Messages, Record<string, string>>();
export function messageSource(m: Messages, key: string): { file: string; line: number } | undefined {
  const s = sources.get(m)?.get(key);
  return s && { file: s.file, line: s.line() };
}

/**
 * One messages file as loaded: its path (as in issues), its name (`answers.yaml`), whether it holds
 * no message at all, and the line of a key path in it (of its nearest parent written there when
 * the key is not): where a missing message is to be added.
 */
export interface MessageFile {
  file: string;
  name: string;
  empty: boolean;
  lineOf(keyPath: string[]): number;
}
const fileLists = new WeakMap<Messages, MessageFile[]>();
/** The files a language's messages were read from, in name order. */
export function messageFiles(m: Messages): MessageFile[] {
  return fileLists.get(m) ?? [];
}

/**
 * Loads every `messages/<lang>/*.yaml`. Indonesian (`id`) is the base; other languages fall
 * back to it key by key. Throws FileValidationError listing `file:line` problems.
 */
export async function loadMessages(dir: string, root = process.cwd(), readText: (path: string) => Promise<string> = (path) => readFile(path, "utf8")): Promise<Map<string, Messages>> {
  const issues: FileIssue[] = [];
  const byLang = new Map<string, Record<string, string>>();
  const where = new Map<string, Map<string, Source>>();
  const filesOf = new Map<string, MessageFile[]>();
  const langs = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  for (const lang of langs.sort()) {
    const table: Record<string, string> = {};
    const at = new Map<string, Source>();
    where.set(lang, at);
    const loaded: MessageFile[] = [];
    filesOf.set(lang, loaded);
    const all = (await readdir(join(dir, lang))).sort();
    for (const f of all) {
      const unread = unreadYamlName(f, "messages");
      if (unread) issues.push({ file: relative(root, join(dir, lang, f)), line: 1, message: unread });
    }
    const files = all.filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"));
    for (const f of files) {
      const path = join(dir, lang, f);
      const rel = relative(root, path);
      const text = await readText(path);
      const bad = encodingIssue(rel, text);
      if (bad) {
        issues.push(bad);
        continue;
      }
      const y = parseYamlLocated(rel, text);
      issues.push(...y.issues);
      if (y.issues.length) continue;
      const before = Object.keys(table).length;
      const file: MessageFile = { file: rel, name: f, empty: false, lineOf: (keyPath) => y.lineOf(keyPath) };
      loaded.push(file);
      flatten(y.value, [], (keyPath, v) => {
        const key = keyPath.join(".");
        if (typeof v !== "string") {
          issues.push({ file: rel, line: y.lineOf(keyPath), message: `"${key}" must be text (put it in quotes), not ${v === null ? "empty" : typeof v}` });
        } else if (!v.trim() && !keyPath.some((k) => String(k).endsWith("words"))) {
          // Said as it is: an empty bubble on the web, and Telegram refuses a button without text.
          // (A list of other words, such as skm.scale_words, may be empty.)
          issues.push({ file: rel, line: y.lineOf(keyPath), message: `"${key}" is empty: write the text between the quotes (citizens would get an empty message)` });
        } else if (key in table) {
          const first = at.get(key);
          const also = first ? `, also at ${first.file}:${first.line()}` : "";
          issues.push({ file: rel, line: y.lineOf(keyPath), message: `"${key}" is defined twice in messages/${lang}${also}: keep one of the two (Loket would say only one of them)` });
        } else {
          table[key] = v;
          at.set(key, { file: rel, path: keyPath, line: () => y.lineOf(keyPath) });
        }
      });
      file.empty = Object.keys(table).length === before && (y.value === null || y.value === undefined || (typeof y.value === "object" && !Object.keys(y.value).length));
    }
    byLang.set(lang, table);
  }
  if (!byLang.has("id")) issues.push({ file: relative(root, join(dir, "id")), line: 1, message: "the Indonesian messages folder messages/id is missing" });
  if (issues.length) throw new FileValidationError("MESSAGES_INVALID", issues);
  return assemble(byLang, where, filesOf);
}

/** The languages' messages from their tables, each knowing where its messages were written. */
function assemble(byLang: Map<string, Record<string, string>>, where: Map<string, Map<string, Source>>, filesOf: Map<string, MessageFile[]>): Map<string, Messages> {
  const base = createMessages("id", byLang.get("id")!);
  const out = new Map<string, Messages>([["id", base]]);
  for (const [lang, table] of byLang) if (lang !== "id") out.set(lang, createMessages(lang, table, base));
  for (const [lang, m] of out) {
    sources.set(m, where.get(lang)!);
    fileLists.set(m, filesOf.get(lang)!);
    tables.set(m, byLang.get(lang)!);
  }
  return out;
}

/**
 * Loaded messages as plain data to keep between starts (src/text/texts-cache.ts): each language's
 * table, its files, and for each message its file and key path (its line is looked up again from
 * the file when a check asks for it).
 */
export interface KeptMessages {
  langs: { lang: string; table: Record<string, string>; files: { file: string; name: string; empty: boolean }[]; at: Record<string, [file: number, path: string[]]> }[];
}

export function keptMessages(messages: Map<string, Messages>): KeptMessages {
  const langs: KeptMessages["langs"] = [];
  for (const [lang, m] of messages) {
    const files = messageFiles(m);
    const index = new Map(files.map((f, i) => [f.file, i]));
    const at: Record<string, [number, string[]]> = {};
    for (const [key, s] of sources.get(m) ?? []) at[key] = [index.get(s.file) ?? -1, s.path];
    langs.push({ lang, table: tables.get(m) ?? {}, files: files.map((f) => ({ file: f.file, name: f.name, empty: f.empty })), at });
  }
  return { langs };
}

/**
 * Messages kept by `keptMessages`, as `loadMessages` gave them. A line is found by reading its file
 * again (once per file, when first asked: only a check run on these messages asks). Throws on a
 * kept result not of that shape (the caller then reads the files).
 */
export function restoreMessages(kept: KeptMessages, root = process.cwd()): Map<string, Messages> {
  const byLang = new Map<string, Record<string, string>>();
  const where = new Map<string, Map<string, Source>>();
  const filesOf = new Map<string, MessageFile[]>();
  for (const { lang, table, files, at } of kept.langs) {
    if (typeof lang !== "string" || !table || typeof table !== "object" || !Array.isArray(files) || !at || typeof at !== "object") throw new Error("kept messages: not of their shape");
    for (const v of Object.values(table)) if (typeof v !== "string") throw new Error("kept messages: not of their shape");
    const lineOfFile = files.map((f) => {
      let located: { lineOf(path: (string | number)[]): number } | undefined;
      return (path: (string | number)[]) => {
        try {
          located ??= parseYamlLocated(f.file, readFileSync(resolve(root, f.file), "utf8"));
          return located.lineOf(path);
        } catch {
          return 1;
        }
      };
    });
    filesOf.set(lang, files.map((f, i) => ({ file: f.file, name: f.name, empty: f.empty, lineOf: (keyPath: string[]) => lineOfFile[i]!(keyPath) })));
    const here = new Map<string, Source>();
    for (const [key, [i, path]] of Object.entries(at)) {
      const file = files[i]?.file;
      if (file === undefined || !Array.isArray(path)) throw new Error("kept messages: not of their shape");
      here.set(key, { file, path, line: () => lineOfFile[i]!(path) });
    }
    where.set(lang, here);
    byLang.set(lang, table);
  }
  if (!byLang.has("id")) throw new Error("kept messages: no Indonesian");
  return assemble(byLang, where, filesOf);
}

function flatten(v: unknown, path: string[], emit: (path: string[], v: unknown) => void): void {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    for (const [k, child] of Object.entries(v)) flatten(child, [...path, k], emit);
  } else if (path.length) emit(path, v);
}

/**
 * Warnings for language folders that do not meet the languages Loket recognises (`languages:` of
 * knowledge/understanding.yaml): a folder whose name is no language there (`messages/EN`, a code
 * in capitals) is never used, and a language recognised without its folder is answered in
 * Indonesian. Either way its citizens get Indonesian while the clerk thinks otherwise.
 */
export async function languageFolderIssues(folders: Iterable<string>, recognised: Iterable<string>, messagesDir: string, knowledgeDir: string): Promise<FileIssue[]> {
  const have = new Set(folders);
  const known = new Set(recognised);
  const issues: FileIssue[] = [];
  for (const lang of [...have].sort()) {
    if (lang === "id" || known.has(lang)) continue;
    const near = [...known].find((k) => k.toLowerCase() === lang.toLowerCase());
    issues.push({
      file: join(messagesDir, lang),
      line: 1,
      warning: true,
      message: `no language "${lang}" in ${join(knowledgeDir, "understanding.yaml")} (languages:), so these messages are never used${near ? `: rename the folder to ${near}` : `: add "${lang}" there with its words, or remove the folder`}`,
    });
  }
  for (const lang of [...known].sort()) {
    if (have.has(lang)) continue;
    // Where the languages are listed is read only when one lacks its folder (not at every start).
    const understanding = await languagesListedAt(knowledgeDir);
    issues.push({ ...understanding, warning: true, message: `language "${lang}" has no folder ${join(messagesDir, lang)}: its citizens are answered in Indonesian` });
  }
  return issues;
}

/** Where knowledge/understanding.yaml lists its languages (for `languageFolderIssues`). */
async function languagesListedAt(knowledgeDir: string, root = process.cwd()): Promise<{ file: string; line: number }> {
  const path = join(knowledgeDir, "understanding.yaml");
  const text = await readFile(path, "utf8").catch(() => "");
  const index = text.split("\n").findIndex((l) => /^languages\s*:/.test(l));
  return { file: relative(root, path), line: index + 1 || 1 };
}
