import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Probe of perf34 (2026-12-04), written after its change: a file changed within the last 2 s is
 * not vouched for by its times, and then dist/ is compared by content, even when no
 * dist/.built-stat was ever written (a dist/ built by an older build.mjs, or a read-only one):
 * `git pull && npm start` at once must not run the old build.
 */
describe("npm start's freshness check right after a change", () => {
  const repo = process.cwd();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "loket-perf34-probe-"));
    cpSync(join(repo, "scripts/build.mjs"), join(dir, "scripts/build.mjs"));
    cpSync(join(repo, "src"), join(dir, "src"), { recursive: true });
    symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a dist/ whose stamps do not match src/ is stale, with src/ changed just now and no .built-stat", async () => {
    mkdirSync(join(dir, "dist/vendor"), { recursive: true });
    writeFileSync(join(dir, "dist/.built"), "built-from-older-sources\n");
    writeFileSync(join(dir, "dist/vendor/.built"), "some-vendor-digest\n");
    writeFileSync(join(dir, "src/config.ts"), "export const PULLED = 1;\n", { flag: "a" });
    const build = (await import(pathToFileURL(join(dir, "scripts/build.mjs")).href)) as { isStale(): boolean };
    expect(build.isStale()).toBe(true);
  });
});
