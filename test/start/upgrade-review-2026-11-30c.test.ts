import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/process.js";

/**
 * Upgrading by `git pull` (or unpacking a release) when the new code needs a package the old one
 * did not: `npm start` compiles the new src/, and Loket must then say to run `npm ci`, in one
 * line, instead of Node's stack trace of ERR_MODULE_NOT_FOUND.
 */
const repo = process.cwd();
const root = mkdtempSync(join(tmpdir(), "loket-upgrade-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A copy of the project whose node_modules holds every package of the real one but `without`. */
function project(without?: string): string {
  const dir = join(root, `p${++n}`);
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  for (const f of ["package.json", "scripts/build.mjs", "scripts/start.mjs"]) cpSync(join(repo, f), join(dir, f));
  cpSync(join(repo, "src"), join(dir, "src"), { recursive: true });
  for (const d of ["knowledge", "flows", "messages"]) symlinkSync(join(repo, d), join(dir, d));
  for (const name of readdirSync(join(repo, "node_modules"))) if (name !== without) symlinkSync(join(repo, "node_modules", name), join(dir, "node_modules", name));
  return dir;
}

async function npmStart(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["scripts/start.mjs"], {
    cwd: dir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(await freePort()), DATA_DIR: join(dir, "data"), LOG_LEVEL: "info", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("npm start after an update that needs a new package", () => {
  it("a package the new code imports, not installed: one line saying to run npm ci, no stack trace", async () => {
    const dir = project();
    const main = join(dir, "src/main.ts");
    writeFileSync(main, `import "loket-package-added-by-the-update";\n${readFileSync(main, "utf8")}`);
    const r = await npmStart(dir);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Loket cannot start: the package loket-package-added-by-the-update is not installed.*npm ci/);
    expect(r.out).not.toMatch(/\n\s+at /);
  }, 40_000);

  it("a channel's package missing (loaded only when configured): the same line", async () => {
    const dir = project("grammy");
    const r = await npmStart(dir, { TELEGRAM_BOT_TOKEN: "123456:ABC-test" });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Loket cannot start: the package grammy is not installed.*npm ci/);
    expect(r.out).not.toMatch(/\n\s+at /);
  }, 40_000);
});
