// Compiles src/ to dist/ and copies the pages next to the modules that read them, so Loket runs
// as plain JavaScript: `npm start` (through scripts/start.mjs, which builds when src/ changed
// since the last build) and the container (`npm run build`, then `node dist/main.js`).
//
// esbuild strips the types one file at a time, as `isolatedModules` in tsconfig.json allows; type
// checking is `npm run typecheck` (run by `npm test`). About 0.3 s for all of src/, where tsc takes
// ~10 s. Without `keepNames` (which tsx turns on), no function is renamed at run time.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(root, "src");
const DIST = join(root, "dist");
/** Written last, when dist/ is complete: the digest of the sources it was built from. */
const STAMP = join(DIST, ".built");

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Every file of src/, read once: its path and its bytes, in a fixed order. */
export function readSources() {
  return walk(SRC)
    .sort()
    .map((file) => ({ file, rel: relative(SRC, file), data: readFileSync(file) }));
}

/**
 * The sources' digest: every file's path and content, and this script. Content, not times: a
 * release unpacked with its old file times, or a `git checkout` of an older commit, still counts
 * as a change (~5 ms for all of src/).
 */
function sourceDigest(sources) {
  const hash = createHash("sha256").update(readFileSync(fileURLToPath(import.meta.url)));
  for (const s of sources) hash.update(`\0${s.rel}\0`).update(s.data);
  return hash.digest("hex");
}

/** True when dist/ is missing or was built from other sources than src/ holds now. */
export function isStale(sources = readSources()) {
  let built;
  try {
    built = readFileSync(STAMP, "utf8").trim();
  } catch {
    return true;
  }
  return built !== sourceDigest(sources);
}

/** Each file is written under a temporary name and renamed: a Loket starting meanwhile never reads half a file. */
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * `clean`: empty dist/ first (a release build); otherwise files are replaced in place.
 * `sources`: src/ as already read (by `isStale`), so it is not read again.
 */
export async function build({ clean = false, sources = readSources() } = {}) {
  const { transform } = await import("esbuild");
  if (clean) rmSync(DIST, { recursive: true, force: true });
  // Until the build completes, dist/ counts as stale: a failed build is redone at the next start.
  rmSync(STAMP, { force: true });
  await Promise.all(
    sources.map(async ({ file, rel, data }) => {
      if (file.endsWith(".ts") && !file.endsWith(".d.ts")) {
        const { code } = await transform(data.toString("utf8"), { loader: "ts", format: "esm", target: "node20", sourcefile: relative(root, file) });
        writeAtomic(join(DIST, rel.replace(/\.ts$/, ".js")), code);
      } else {
        // Pages read at run time next to their module (web chat, staff console).
        writeAtomic(join(DIST, rel), data);
      }
    }),
  );
  // The digest of exactly the bytes compiled: a file edited meanwhile makes the next start build again.
  writeAtomic(STAMP, `${sourceDigest(sources)}\n`);
  return sources.length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t = performance.now();
  const n = await build({ clean: true });
  console.log(`built dist/ from ${n} files in ${Math.round(performance.now() - t)} ms (start with: node dist/main.js)`);
}
