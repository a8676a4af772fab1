import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A copy of the project in a new temporary folder, as `npm start` and `npm run build` see it:
 * package.json, scripts/build.mjs and scripts/start.mjs, src/ and the clerk's folders (knowledge/,
 * flows/, messages/) copied; node_modules a folder of links to the project's packages, with
 * npm's record (.package-lock.json) copied, so a test may change the record or what a build
 * bundles without touching the project's own install. The caller removes the folder.
 */
export function projectCopy(prefix: string, repo = process.cwd()): string {
  const dir = mkdtempSync(join(tmpdir(), `loket-${prefix}-`));
  for (const f of ["package.json", "scripts/build.mjs", "scripts/start.mjs"]) cpSync(join(repo, f), join(dir, f));
  for (const d of ["src", "knowledge", "flows", "messages"]) cpSync(join(repo, d), join(dir, d), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(repo, "node_modules"))) {
    if (name === ".package-lock.json") cpSync(join(repo, "node_modules", name), join(dir, "node_modules", name));
    else symlinkSync(join(repo, "node_modules", name), join(dir, "node_modules", name));
  }
  return dir;
}
