// `npm start`: runs Loket compiled (dist/main.js), building dist/ first when it is missing or
// was built from other sources than src/ holds now. Plain JavaScript starts ~0.3 s sooner than
// running the TypeScript through tsx and spends a little less CPU per message (README, Benchmarks).
import { build, isStale, readSources } from "./build.mjs";

// src/ is read only when its files' sizes and times are not those recorded when dist/ was found
// up to date (scripts/build.mjs, isStale), and then once: for the check and, when needed, the build.
let sources;
if (isStale(() => (sources = readSources()))) {
  const t = performance.now();
  try {
    await build({ sources: sources ?? readSources() });
  } catch (err) {
    // For people, like Loket's own start-up errors: what is wrong and what to do, no stack.
    const e = /** @type {{ code?: string, path?: string, message?: string }} */ (err);
    const why =
      e.code === "EACCES" || e.code === "EPERM" || e.code === "EROFS"
        ? `cannot write ${e.path ?? "dist/"} (${e.code}). Run Loket as the user who owns this folder, or have that user run \`npm run build\` once.`
        : (e.message ?? String(err));
    console.error(`Loket cannot start: compiling src/ to dist/ failed:\n${why}`);
    process.exit(1);
  }
  console.error(`Loket: compiled src/ to dist/ in ${Math.round(performance.now() - t)} ms`);
}
try {
  await import("../dist/main.js");
} catch (err) {
  // A package dist/main.js imports is not installed (new code after git pull, before npm ci): said
  // as Loket says its other start-up failures (src/main.ts, missingPackageHint), not as a stack.
  const e = /** @type {{ code?: string, message?: string }} */ (err);
  const pkg = e.code === "ERR_MODULE_NOT_FOUND" && /Cannot find package '([^']+)'/.exec(e.message ?? "")?.[1];
  if (!pkg) throw err;
  console.error(
    `Loket cannot start: the package ${pkg} is not installed: this version of Loket needs packages the installed ones lack (updated by git pull or a new release?). Run npm ci in the project folder, then start again.`,
  );
  process.exit(1);
}
