import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FileValidationError, type FileIssue } from "../errors.js";
import { assembleKnowledge, loadKnowledge, readKnowledgeSources, validateKnowledge, type LoadKnowledgeOptions } from "./load.js";
import type { KnowledgeBase } from "./types.js";
import { plainReadings, rememberPlainReadings, rememberStems, stemsMade } from "../engine/understand/normalise.js";
import { keepResult, sourcesOf } from "../text/kept-result.js";

/**
 * Start-up without parsing YAML when nothing changed: valid knowledge is kept, parsed, in
 * `<cacheDir>/knowledge-<digest>.json`, where the digest covers every knowledge file's name and
 * text and the loader's own code. A changed file (or a new Loket) has another digest, so it is
 * parsed and validated again, with `file:line` errors as always. A missing, unreadable or broken
 * cache file is simply ignored. (Cold, the YAML parser took ~360 ms of a 1.3 s start-up.)
 * `warnings` receives what `npm run check` warns of (kept in the cache too: said at every start).
 * `version` receives the knowledge's version id: the first 12 hex digits of that digest (the
 * console and the log name what a reload took by it; the cache file's name starts with it too).
 */
export async function loadKnowledgeCached(dir: string, cacheDir: string, opts: Omit<LoadKnowledgeOptions, "sources"> & { warnings?: FileIssue[]; version?: { id?: string } } = {}): Promise<KnowledgeBase> {
  const sources = await readKnowledgeSources(dir);
  if (!sources.permitFiles.length) return loadKnowledge(dir, opts); // let validation say what is missing
  const hash = createHash("sha256").update(await loaderCode());
  for (const [i, name] of sources.permitFiles.entries()) hash.update(`\0permit:${name}\0${sources.permitTexts[i]}`);
  // A file not read (a wrong ending) must reach validation, which refuses it, not be hidden by the cache.
  for (const name of sources.strayFiles ?? []) hash.update(`\0stray:${name}`);
  // A file or folder beside them that is not read: its warning is kept with the result, so it counts too.
  for (const name of sources.unreadFiles ?? []) hash.update(`\0unread:${name}`);
  for (const [name, text] of [["office", sources.officeText], ["referrals", sources.referralText], ["understanding", sources.languageText]] as const) {
    hash.update(`\0${name}:${text === undefined ? "\u0001missing" : text}`);
  }
  const digest = hash.digest("hex").slice(0, 32);
  const file = join(cacheDir, `knowledge-${digest}.json`);
  const { version, ...loadOpts } = opts;
  // The stems of the knowledge's words, kept by `keepStems` after a start built its understander.
  // Never rejects (it may not be waited for: the knowledge refused first): damaged or missing gives none.
  const stems = readFile(join(cacheDir, `stems-${digest}.json`), "utf8")
    .then((text) => (JSON.parse(text) as { stems?: unknown } | null)?.stems)
    .catch(() => undefined);
  try {
    const { warnings = [], readings, ...kept } = JSON.parse(await readFile(file, "utf8")) as Omit<KnowledgeBase, "permit"> & { warnings?: FileIssue[]; readings?: unknown };
    const kb = assembleKnowledge(kept);
    // The names and cue words the check read: the understander built next reads them from here.
    if (kb.language) rememberPlainReadings(kb.language, readings);
    opts.warnings?.push(...warnings);
    if (version) version.id = digest.slice(0, 12);
    await rememberedStems(kb, cacheDir, digest, stems);
    return kb;
  } catch {
    // No cache yet (or unreadable): parse and validate, then keep the result for the next start.
  }
  const { warnings: sink, ...options } = loadOpts;
  const checked = await validateKnowledge(dir, { ...options, sources });
  if (checked.issues.length || !checked.kb) throw new FileValidationError("KNOWLEDGE_INVALID", checked.issues);
  const kb = checked.kb;
  const warnings = checked.warnings;
  sink?.push(...warnings);
  try {
    // Older copies are of files that have changed since: removed.
    await keepResult(file, "knowledge", { permits: kb.permits, office: kb.office, referrals: kb.referrals, language: kb.language, warnings, readings: kb.language ? plainReadings(kb.language) : [] });
  } catch {
    // A read-only data folder only costs start-up time.
  }
  if (version) version.id = digest.slice(0, 12);
  await rememberedStems(kb, cacheDir, digest, stems);
  return kb;
}

/** Where each knowledge base loaded here keeps its stems, and how many it was given from there. */
const stemsKept = new WeakMap<KnowledgeBase, { file: string; given: number }>();

/** Gives `kb`'s language the stems kept for these files (a damaged file gives none: they are made again). */
async function rememberedStems(kb: KnowledgeBase, cacheDir: string, digest: string, stems: Promise<unknown>): Promise<void> {
  let given = 0;
  try {
    if (kb.language) given = rememberStems(kb.language, await stems);
  } catch {
    // Not of the shape kept: the understander stems the words itself.
  }
  stemsKept.set(kb, { file: join(cacheDir, `stems-${digest}.json`), given });
}

/**
 * Keeps the stems `kb`'s understander made while it was built, beside the knowledge in DATA_DIR/cache
 * (`stems-<the knowledge's digest>.json`: a changed file, or a new Loket, has another digest), when
 * it made any it was not given; the next start's understander then reads them instead of stemming
 * the knowledge's words again. Call it right after the understander is built, before any message is
 * read: the stems are taken at once, so words citizens type are never among them. Errors are
 * ignored (a read-only data folder only costs start-up time).
 */
export function keepStems(kb: KnowledgeBase): Promise<void> {
  const at = stemsKept.get(kb);
  if (!at || !kb.language) return Promise.resolve();
  const stems = stemsMade(kb.language);
  if (stems.length <= at.given) return Promise.resolve();
  at.given = stems.length;
  return keepResult(at.file, "stems", { stems }).catch(() => undefined);
}

let code: Promise<string> | undefined;
/** The code that shapes the parsed knowledge: a new Loket version never reads an old cache. */
function loaderCode(): Promise<string> {
  // The understander's name rules and stemmer decide which names the check refuses.
  code ??= sourcesOf(import.meta.url, ["./load.js", "./cache.js", "./schema.js", "./types.js", "../text/yaml.js", "../text/encoding.js", "../engine/understand/names.js", "../engine/understand/normalise.js", "../engine/understand/stem.js", "../engine/understand/fuzzy.js", "../domain/memo.js", "../domain/day-asked.js"]);
  return code;
}
