import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Results kept on disk under a digest of what they were computed from (the knowledge cache, the
 * message check): the helpers both share.
 */

/**
 * The text of the modules at `paths` beside `base` (a caller's `import.meta.url`), joined: their
 * compiled `.js`, or the `.ts` when Loket runs from source. Part of a digest, so that a new Loket
 * version never reads a result kept by an old one.
 */
export function sourcesOf(base: string, paths: readonly string[]): Promise<string> {
  return Promise.all(
    paths.map((p) => fileURLToPath(new URL(p, base))).map((f) => readFile(f, "utf8").catch(() => readFile(f.replace(/\.js$/, ".ts"), "utf8"))),
  ).then((texts) => texts.join("\0"));
}

/**
 * Writes `data` as JSON to `file` (`<prefix>-<32 hex digits>.json`; its folder made when missing),
 * through a temporary file renamed over it so that a reader never sees half of it, then removes the
 * other `<prefix>-….json` there: results of files that have changed since. Errors are the caller's
 * (a read-only data folder only costs start-up time).
 */
export async function keepResult(file: string, prefix: string, data: unknown): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(data));
  await rename(tmp, file);
  const kept = new RegExp(`^${prefix}-[0-9a-f]{32}\\.json$`);
  for (const f of await readdir(dir)) {
    if (kept.test(f) && f !== basename(file)) await rm(join(dir, f), { force: true });
  }
}
