import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Held-out acceptance (ops3, 2026-12-02b): an operator whose node_modules is incomplete (a package
 * scripts/build.mjs bundles into dist/vendor/ is missing) runs `npm start` or `npm run build`.
 * Expected: one plain line naming what is missing and "npm ci", no esbuild text, no stack.
 * Written before the change; first run on the unchanged code (c465e1e): see the commit message.
 */
describe("npm start / npm run build with a bundled package missing from node_modules (ops3)", () => {
  const repo = process.cwd();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "loket-ops3b-"));
    for (const f of ["package.json", "scripts/build.mjs", "scripts/start.mjs"]) cpSync(join(repo, f), join(dir, f));
    cpSync(join(repo, "src"), join(dir, "src"), { recursive: true });
    mkdirSync(join(dir, "node_modules"));
    for (const name of readdirSync(join(repo, "node_modules"))) {
      if (name === "js-yaml") continue; // the package a half-finished npm install left out
      if (name === "@fastify") {
        mkdirSync(join(dir, "node_modules", name));
        for (const sub of readdirSync(join(repo, "node_modules", name))) if (sub !== "cookie") symlinkSync(join(repo, "node_modules", name, sub), join(dir, "node_modules", name, sub));
      } else if (name === ".package-lock.json") cpSync(join(repo, "node_modules", name), join(dir, "node_modules", name));
      else symlinkSync(join(repo, "node_modules", name), join(dir, "node_modules", name));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (script: string) => spawnSync(process.execPath, [script], { cwd: dir, encoding: "utf8", timeout: 60_000 });

  for (const script of ["scripts/start.mjs", "scripts/build.mjs"]) {
    it(`${script}: exits 1 naming js-yaml and @fastify/cookie and saying npm ci`, () => {
      const r = run(script);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("js-yaml");
      expect(r.stderr).toContain("@fastify/cookie");
      expect(r.stderr).toMatch(/run npm ci/i);
    });
    it(`${script}: no esbuild wording and no stack`, () => {
      const r = run(script);
      expect(r.stderr).not.toMatch(/Could not resolve/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
