// Compiles src/ to dist/ and copies the pages next to the modules that read them, so Loket runs
// as plain JavaScript: `npm start` (through scripts/start.mjs, which builds when src/ changed
// since the last build) and the container (`npm run build`, then `node dist/main.js`).
//
// esbuild strips the types one file at a time, as `isolatedModules` in tsconfig.json allows; type
// checking is `npm run typecheck` (run by `npm test`). About 0.3 s for all of src/, where tsc takes
// ~10 s. Without `keepNames` (which tsx turns on), no function is renamed at run time.
//
// The packages every start-up imports (Fastify and its plugins, zod, js-yaml) are bundled, once
// per installed version, into dist/vendor/ (a few files, not the ~450 node_modules files they are
// made of: zod alone brought its ~50 translations), and dist/'s modules import them from there:
// ~0.1-0.2 s less CPU at each start. The bundle is redone when node_modules changes (npm ci).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(root, "src");
const DIST = join(root, "dist");
/** Written last, when dist/ is complete: the digest of the sources it was built from. */
const STAMP = join(DIST, ".built");
/**
 * The sizes and times of the files whose content `.built` (and dist/vendor/.built) was found to
 * match: while none has changed, dist/ is up to date without reading src/ (see `isStale`).
 */
const STAT_STAMP = join(DIST, ".built-stat");
/**
 * A file's times are trusted only once this old: on a file system that keeps them to the second
 * (or two), a change made in the moment the stamp was taken could leave them as recorded.
 */
const SETTLED_MS = 2_000;
const VENDOR = join(DIST, "vendor");
/** Written last, when dist/vendor/ is complete: the digest of the installed packages it was bundled from. */
const VENDOR_STAMP = join(VENDOR, ".built");
/**
 * The packages bundled into dist/vendor/<file>.js. Not bundled: what only a configured feature
 * loads (grammy, ioredis, whatsapp-web.js, LangChain), native code (better-sqlite3), pino (its
 * pretty output runs in a worker thread that loads files by path from node_modules) and `yaml`
 * (loaded only when a file has an error to point at).
 */
const VENDORED = { zod: "zod", fastify: "fastify", "@fastify/cookie": "fastify-cookie", "@fastify/multipart": "fastify-multipart", "js-yaml": "js-yaml" };
/**
 * src/llm/ keeps the installed zod: its schemas go to LangChain, which reads them with the zod
 * it imports itself.
 */
const keepsInstalled = (rel, pkg) => pkg === "zod" && rel.split(/[\\/]/)[0] === "llm";
/**
 * What Fastify requires only when asked, left out of its bundle (required from node_modules then):
 * the compilers of routes' JSON schemas (ajv and fast-json-stringify: Loket's routes have none, and
 * src/http.ts hands Fastify its own lazy ones) and light-my-request (`app.inject`, tests and bench
 * only). They were half of dist/vendor/fastify.js (1.4 MB), which V8 parsed at every start.
 */
const FASTIFY_WHEN_ASKED = ["@fastify/ajv-compiler", "@fastify/fast-json-stringify-compiler", "light-my-request"];

/**
 * zod's entry exports every translation of its error messages (`z.locales`, ~50 languages, half of
 * dist/vendor/zod.js's 760 KB, parsed by V8 at every start); Loket uses none of them but English,
 * zod's default (set by zod itself at the first schema made). In the bundle, zod's list of
 * translations holds English alone.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(args.resolveDir, "..", "locales", "en.js"), namespace: "zod-english-only" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path) }));
  },
};

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The fingerprint (`statFingerprint`) taken just before a list of sources was read. */
const fingerprints = new WeakMap();

/** Every file of src/, read once: its path and its bytes, in a fixed order. */
export function readSources() {
  // Taken before the content is read: a file changed meanwhile no longer matches it next time.
  const fingerprint = statFingerprint();
  const sources = walk(SRC)
    .sort()
    .map((file) => ({ file, rel: relative(SRC, file), data: readFileSync(file) }));
  fingerprints.set(sources, fingerprint);
  return sources;
}

/** The installed packages' records, one of which `vendorDigest` reads (npm's, else the lock file). */
const lockFiles = () => [join(root, "node_modules", ".package-lock.json"), join(root, "package-lock.json")];

/**
 * The size, times and inode of every file the digests read (src/, this script, the packages'
 * record), or undefined when one of them changed within SETTLED_MS of `now` (see there). A
 * content change sets a file's change time (ctime), which no tool can set back, so an unchanged
 * fingerprint means unchanged files; anything else (a touch, a copy, a checkout) only means the
 * content is read and compared again.
 */
function statFingerprint(now = Date.now()) {
  const hash = createHash("sha256");
  for (const file of [fileURLToPath(import.meta.url), ...lockFiles(), ...walk(SRC).sort()]) {
    let st;
    try {
      st = statSync(file, { bigint: true });
    } catch {
      hash.update(`\0${relative(root, file)}\0missing`);
      continue;
    }
    const changedMs = Number((st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs) / 1_000_000n);
    if (changedMs > now - SETTLED_MS) return undefined;
    hash.update(`\0${relative(root, file)}\0${st.size}\0${st.mtimeNs}\0${st.ctimeNs}\0${st.ino}\0${st.dev}`);
  }
  return hash.digest("hex");
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

/**
 * What the installed packages are: npm's record of node_modules (rewritten by every npm install
 * and npm ci), else the lock file, with this script. Another version of a vendored package, or of
 * one it uses, gives another digest.
 */
function vendorDigest() {
  const hash = createHash("sha256").update(readFileSync(fileURLToPath(import.meta.url)));
  for (const f of lockFiles()) {
    try {
      return hash.update(`\0${relative(root, f)}\0`).update(readFileSync(f)).digest("hex");
    } catch {
      // not there: the next one
    }
  }
  return hash.update("\0no lock file").digest("hex");
}

const readStamp = (file) => {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
};

/**
 * True when dist/ is missing or was built from other sources than src/ holds now (or other
 * installed packages). While the files' sizes and times are those recorded when their content
 * last matched (dist/.built-stat), that is known without reading them: a start of an up-to-date
 * dist/ stats ~150 files where it read and hashed 2.3 MB. Otherwise their content is compared,
 * and, when it matches, their sizes and times are recorded for the next start (not when dist/
 * cannot be written: then every start compares the content, as before). `sources`: src/ as read,
 * or a function that reads it (once, only if needed).
 */
export function isStale(sources = readSources) {
  const built = readStamp(STAMP);
  const vendorBuilt = readStamp(VENDOR_STAMP);
  if (built === undefined || vendorBuilt === undefined) return true;
  const line = stampLine(built, vendorBuilt, statFingerprint());
  if (line !== undefined && readStamp(STAT_STAMP) === line) return false;
  const read = typeof sources === "function" ? sources() : sources;
  if (built !== sourceDigest(read) || vendorBuilt !== vendorDigest()) return true;
  recordFingerprint(built, vendorBuilt, fingerprints.get(read));
  return false;
}

/** dist/.built-stat's line: the stamps it vouches for and the files' fingerprint; undefined without one. */
const stampLine = (built, vendorBuilt, fingerprint) => (fingerprint === undefined ? undefined : `${built} ${vendorBuilt} ${fingerprint}`);

/** Records the files' fingerprint beside the stamps their content matched (nothing when there is none). */
function recordFingerprint(built, vendorBuilt, fingerprint) {
  const line = stampLine(built, vendorBuilt, fingerprint);
  if (line === undefined) return;
  try {
    writeAtomic(STAT_STAMP, `${line}\n`);
  } catch {
    // dist/ read-only (built by another user): the content is compared at every start, as before
  }
}

/** A module's imports of vendored packages, from dist/<rel>: to the bundles in dist/vendor/. */
function toVendored(code, rel) {
  const up = "../".repeat(rel.split(/[\\/]/).length - 1) || "./";
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"([^"]+)"/g, (all, how, pkg) =>
    Object.hasOwn(VENDORED, pkg) && !keepsInstalled(rel, pkg) ? `${how}"${up}vendor/${VENDORED[pkg]}.js"` : all,
  );
}

/**
 * Bundles the vendored packages into dist/vendor/ unless it holds those of the installed versions.
 * Their CommonJS code gets a `require` for what they require at run time (node: modules, pino).
 */
async function buildVendor(esbuild) {
  const digest = vendorDigest();
  if (readStamp(VENDOR_STAMP) === digest) return;
  rmSync(VENDOR, { recursive: true, force: true });
  await esbuild
    .build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(VENDORED).map(([pkg, file]) => [file, pkg])),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir: VENDOR,
    external: ["pino", "pino-pretty", ...FASTIFY_WHEN_ASKED],
    plugins: [zodEnglishOnly],
    banner: { js: "import { createRequire as __loketRequire } from 'node:module';\nconst require = __loketRequire(import.meta.url);" },
    logLevel: "silent",
  })
    .catch((err) => {
      throw missingPackages(err) ?? err;
    });
  writeAtomic(VENDOR_STAMP, `${digest}\n`);
}

/**
 * Regular expressions with `\p{…}` (`/\p{L}+/u`) stay literals. For every node target esbuild
 * otherwise writes them as `new RegExp("\\p{L}+", "u")`, built again at each call: in the
 * normaliser, several per word of every text the knowledge check and the understander read at
 * start-up (~2,300 texts), and of every message. Node 20 has had them since Node 10.
 */
const KEEP_REGEX_LITERALS = { "regexp-unicode-property-escapes": true };

/**
 * esbuild's "Could not resolve" for a package (node_modules incomplete: an npm install cut short,
 * a folder copied without it) as one error an operator acts on: which packages, and npm ci.
 * Undefined for any other failure.
 */
function missingPackages(err) {
  const names = new Set();
  for (const e of err?.errors ?? []) {
    const spec = /^Could not resolve "([^"]+)"/.exec(e.text ?? "")?.[1];
    if (!spec || spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:")) return undefined;
    names.add(spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"));
  }
  if (!names.size) return undefined;
  const list = [...names];
  const out = new Error(
    `node_modules is incomplete: the package${list.length > 1 ? "s" : ""} ${list.join(", ")} ${list.length > 1 ? "are" : "is"} not installed (Loket bundles ${list.length > 1 ? "them" : "it"} into dist/vendor/). Run npm ci in the project folder, then start again.`,
  );
  out.code = "PACKAGES_MISSING";
  return out;
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
  const esbuild = await import("esbuild");
  const { transform } = esbuild;
  if (clean) rmSync(DIST, { recursive: true, force: true });
  // Until the build completes, dist/ counts as stale: a failed build is redone at the next start.
  rmSync(STAMP, { force: true });
  rmSync(STAT_STAMP, { force: true });
  await buildVendor(esbuild);
  await Promise.all(
    sources.map(async ({ file, rel, data }) => {
      if (file.endsWith(".ts") && !file.endsWith(".d.ts")) {
        const { code } = await transform(data.toString("utf8"), { loader: "ts", format: "esm", target: "node20", supported: KEEP_REGEX_LITERALS, sourcefile: relative(root, file) });
        writeAtomic(join(DIST, rel.replace(/\.ts$/, ".js")), toVendored(code, rel));
      } else {
        // Pages read at run time next to their module (web chat, staff console).
        writeAtomic(join(DIST, rel), data);
      }
    }),
  );
  // The digest of exactly the bytes compiled: a file edited meanwhile makes the next start build again.
  const built = sourceDigest(sources);
  writeAtomic(STAMP, `${built}\n`);
  recordFingerprint(built, readStamp(VENDOR_STAMP), fingerprints.get(sources));
  return sources.length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t = performance.now();
  const n = await build({ clean: true }).catch((err) => {
    if (err?.code !== "PACKAGES_MISSING") throw err;
    console.error(`Loket cannot be built: ${err.message}`);
    process.exit(1);
  });
  console.log(`built dist/ from ${n} files in ${Math.round(performance.now() - t)} ms (start with: node dist/main.js)`);
}
