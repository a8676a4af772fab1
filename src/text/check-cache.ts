import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { FileIssue } from "../errors.js";
import { keepResult, sourcesOf } from "./kept-result.js";

/**
 * The message check (every key a flow or the code uses, every {placeholder}; ~50-60 ms of CPU at
 * each start) done once for the files as they are: its result, when it refuses nothing, is kept
 * in `<cacheDir>/message-check-<digest>.json`, where the digest covers every file of the messages
 * and flows folders (name and text), the permits' own question ids, the folders' paths as issues
 * name them, and the checker's code. Any change gives another digest, so a clerk's edit is checked
 * again and a broken file is refused with `file:line` as always (a refused result is never kept).
 * A missing, unreadable or broken cache file is simply checked again; a read-only folder only
 * costs the time. Warnings are kept in the result and said at every start.
 */
export async function cachedMessageCheck(
  at: { cacheDir: string; messagesDir: string; flowsDir: string; permitFields: readonly string[]; flowsLabel: string },
  check: () => FileIssue[],
  read: Promise<TextsRead> = readTexts(at),
): Promise<FileIssue[]> {
  let file: string | undefined;
  try {
    const digest = await textsDigest(at, await read, `\0cwd:${process.cwd()}\0flows:${at.flowsLabel}\0fields:${at.permitFields.join("\u0001")}`);
    file = join(at.cacheDir, `message-check-${digest}.json`);
    const kept = JSON.parse(await readFile(file, "utf8")) as { issues?: unknown };
    if (Array.isArray(kept.issues) && kept.issues.every(isWarning)) return kept.issues as FileIssue[];
  } catch {
    // No result kept yet (or unreadable, or a folder not readable now): check.
  }
  const issues = check();
  if (file && issues.every((i) => i.warning)) {
    try {
      // Older results are of files that have changed since: removed.
      await keepResult(file, "message-check", { issues });
    } catch {
      // A read-only data folder only costs start-up time.
    }
  }
  return issues;
}

const isWarning = (i: unknown): boolean => {
  const x = i as FileIssue | null;
  return typeof x === "object" && x !== null && x.warning === true && typeof x.file === "string" && typeof x.message === "string" && typeof x.line === "number";
};

/**
 * flows/ and messages/ as read once for a start or a reload: the kept texts' digest, the message
 * check's digest, the version's digest and (when nothing is kept) the loaders all take the files
 * from here, so each file is read once and all four see the same bytes (a file saved halfway
 * through no longer gives a version of other files than those in use).
 */
export interface TextsRead {
  /** Every file under each folder (sub-folders too), as its path below the folder and its bytes, in a fixed order. */
  readonly files: { readonly messages: readonly (readonly [string, Buffer])[]; readonly flows: readonly (readonly [string, Buffer])[] };
  /**
   * What the files say, and nothing else (not where they are, not Loket's code): two instances with
   * the same files, each in its own folder, get the same digest. Part of the version a reload reports.
   */
  readonly contentDigest: string;
  /** A file's text as read here when it is one of these files (by any path naming it), else from the disk. */
  readText(path: string): Promise<string>;
}

/** Reads every file of flows/ and messages/ once (see `TextsRead`); rejects as the first unreadable folder or file does. */
export async function readTexts(at: { messagesDir: string; flowsDir: string }): Promise<TextsRead> {
  const [messages, flows] = await Promise.all([folderFiles(at.messagesDir), folderFiles(at.flowsDir)]);
  const hash = createHash("sha256");
  const byPath = new Map<string, Buffer>();
  for (const [name, dir, files] of [["messages", at.messagesDir, messages], ["flows", at.flowsDir, flows]] as const) {
    for (const [path, bytes] of files) {
      hash.update(`\0${name}:${path}\0`).update(bytes);
      if (!path.endsWith("/")) byPath.set(resolve(dir, path), bytes);
    }
  }
  return {
    files: { messages, flows },
    contentDigest: hash.digest("hex"),
    readText: (path) => {
      const bytes = byPath.get(resolve(path));
      // Decoded as readFile(path, "utf8") decodes: the same text, an invalid byte the same U+FFFD.
      return bytes ? Promise.resolve(bytes.toString("utf8")) : readFile(path, "utf8");
    },
  };
}

/**
 * The digest a kept result of messages/ and flows/ is filed under: the checker's code, `extra` (what
 * else the result depends on), both folders' paths and what their files say (`read`).
 */
export async function textsDigest(at: { messagesDir: string; flowsDir: string }, read: TextsRead, extra: string): Promise<string> {
  const hash = createHash("sha256").update(await checkerCode());
  hash.update(extra);
  hash.update(`\0messages-dir:${resolve(at.messagesDir)}\0flows-dir:${resolve(at.flowsDir)}\0files:${read.contentDigest}`);
  return hash.digest("hex").slice(0, 32);
}

/** Every file under `dir` (sub-folders too), as its path below `dir` and its bytes, in a fixed order. */
async function folderFiles(dir: string, below = ""): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  const entries = (await readdir(join(dir, below), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const rel = below ? `${below}/${e.name}` : e.name;
    if (e.isDirectory()) out.push([`${rel}/`, Buffer.alloc(0)], ...(await folderFiles(dir, rel)));
    else out.push([rel, await readFile(join(dir, rel))]);
  }
  return out;
}

let code: Promise<string> | undefined;
/**
 * The checker's code (and what it reads messages and flows with, src/text/texts-cache.ts's kept
 * messages and flows too): a new Loket version never reads an old result.
 */
function checkerCode(): Promise<string> {
  code ??= sourcesOf(import.meta.url, [
    "./check-cache.js",
    "./texts-cache.js",
    "./messages.js",
    "./message-keys.js",
    "./key-check.js",
    "./placeholders.js",
    "./yaml.js",
    "./encoding.js",
    "./word-lists.js",
    "./closest.js",
    "./kinds.js",
    "../engine/flows/load.js",
    "../engine/flows/reach.js",
    "../engine/flows/schema.js",
    "../engine/flows/issues.js",
    "../domain/fields.js",
    "../domain/phrases.js",
    "../domain/memo.js",
  ]);
  return code;
}
