import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoketProcess } from "../support/process.js";

/**
 * Under a service manager the README has Loket run as `node dist/main.js` after `npm run build`.
 * An upgrade by `git pull` and a restart then runs the old build: said at start, with what to do,
 * instead of the office running last month's code while everyone thinks it was upgraded.
 */
describe("node dist/main.js on a build older than src/", () => {
  let dir: string;
  const repo = process.cwd();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "loket-stale-"));
    for (const f of ["package.json", "scripts/build.mjs", "scripts/start.mjs"]) cpSync(join(repo, f), join(dir, f));
    cpSync(join(repo, "src"), join(dir, "src"), { recursive: true });
    for (const d of ["node_modules", "knowledge", "flows", "messages"]) symlinkSync(join(repo, d), join(dir, d));
    mkdirSync(join(dir, "data"));
    expect(spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, encoding: "utf8" }).status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = () => startLoketProcess({ DATA_DIR: join(dir, "data") }, undefined, ["dist/main.js"], dir);
  const stale = /dist\/ was built from other sources than src\/ holds.*npm run build/;

  it("says nothing on a fresh build, and says to run npm run build once src/ changed", async () => {
    const fresh = await start();
    await new Promise((r) => setTimeout(r, 1_000));
    await fresh.kill();
    expect(fresh.output()).toMatch(/Loket is ready/);
    expect(fresh.output()).not.toMatch(stale);

    // git pull brought new code; nobody ran npm run build.
    const file = join(dir, "src/config.ts");
    writeFileSync(file, `${readFileSync(file, "utf8")}\nexport const PULLED = 1;\n`);
    const old = await start();
    for (let i = 0; i < 100 && !stale.test(old.output()); i++) await new Promise((r) => setTimeout(r, 50));
    await old.kill();
    expect(old.output()).toMatch(stale);
  }, 60_000);
});
