import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectCopy } from "../support/project-copy.js";

/**
 * perf20 (2026-12-03, issue #9): dist/vendor/zod.js carried every translation of zod's error
 * messages (`z.locales`, ~50 languages: 759 KB, parsed by V8 at every start); Loket uses English,
 * zod's default, alone. The bundle now holds English only (scripts/build.mjs, zodEnglishOnly).
 * Fails without the change (1: the bundle holds locales/de.js and is 759 KB). A copy of the
 * project as test/support/project-copy.ts makes it (node_modules linked), built once.
 */
describe("zod's bundle with English alone (perf20)", () => {
  const repo = process.cwd();
  let dir: string;
  beforeAll(() => {
    dir = projectCopy("perf20-zod", repo);
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, stdio: "ignore" });
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("1: the bundle holds zod's English messages and no other language", () => {
    const bundle = join(dir, "dist/vendor/zod.js");
    const text = readFileSync(bundle, "utf8");
    // esbuild names each module by its real path (node_modules here is linked to the project's).
    expect(text).toMatch(/^\/\/ \S*node_modules\/zod\/v4\/locales\/en\.js$/m);
    expect(text).not.toMatch(/^\/\/ \S*node_modules\/zod\/v4\/locales\/(de|id|fr)\.js$/m);
    expect(statSync(bundle).size).toBeLessThan(500_000);
  });

  it("2: the bundled zod still explains a refused value in English, and z.locales.en is there", () => {
    const script = `
      const { z } = await import(${JSON.stringify(join(dir, "dist/vendor/zod.js"))});
      const short = z.object({ a: z.string().min(3) }).safeParse({ a: "x" });
      const kind = z.object({ a: z.number() }).safeParse({ a: "x" });
      console.log(JSON.stringify({ short: short.error.issues[0].message, kind: kind.error.issues[0].message, en: typeof z.locales.en }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8" })) as { short: string; kind: string; en: string };
    expect(out.short).toMatch(/Too small: expected string to have >=3 characters/);
    expect(out.kind).toMatch(/expected number, received string/);
    expect(out.en).toBe("function");
  });

  it("3: a wrong setting is still refused by the built Loket with what to write", () => {
    const r = spawnSync(process.execPath, ["dist/main.js"], { cwd: dir, env: { ...process.env, PORT: "abc", DATA_DIR: join(dir, "data") }, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/PORT="abc": must be a whole number from 1 to 65535/);
  });
});
