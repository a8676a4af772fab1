import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unknownSettings } from "../../src/config.js";
import { launchChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { freePort } from "../support/process.js";

/**
 * README followed to the letter by a new operator (review of 2026-12-03, ops9): `npm start` on the
 * embedded defaults in a copy of the project, the web chat in Debian's Chromium, then the Operator
 * notes' commands as written (a staff account, SIGHUP reload, the online copy of loket.db, a backup
 * and restore with Loket stopped).
 */
const repo = process.cwd();
const readme = readFileSync(join(repo, "README.md"), "utf8").replace(/\n\s*/g, " ");
/** The first `...` of the README that starts with `prefix`: the command as an operator copies it. */
const command = (prefix: string) => {
  const at = readme.indexOf(`\`${prefix}`);
  expect(at, `README's command ${prefix}`).toBeGreaterThan(0);
  return readme.slice(at + 1, readme.indexOf("`", at + 1));
};
const sh = (cmd: string, cwd: string, input = "") => spawnSync("sh", ["-c", cmd], { cwd, input, encoding: "utf8", timeout: 120_000, env: { ...process.env, REDIS_URL: "", LOG_LEVEL: "info" } });

describe("npm start on the defaults, and the Operator notes' commands as written", () => {
  let dir: string;
  let port: number;
  let npm: ChildProcess;
  let out = "";
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "loket-ops9-walk-"));
    for (const f of ["package.json", "package-lock.json", "scripts", "src", "knowledge", "flows", "messages", "tsconfig.json"]) cpSync(join(repo, f), join(dir, f), { recursive: true });
    symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
    port = await freePort();
    // No DATA_DIR, no REDIS_URL, no tokens: the defaults, only the port our own.
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), LOG_LEVEL: "info" };
    for (const k of ["DATA_DIR", "REDIS_URL", "HOST", "KNOWLEDGE_DIR", "FLOWS_DIR", "TELEGRAM_BOT_TOKEN", "WHATSAPP_ENABLED", "LLM_PROVIDER"]) delete env[k];
    npm = spawn("npm", ["start"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    npm.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    npm.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 450 && !/Loket is ready: open http:\/\/127\.0\.0\.1:\d+/.test(out); i++) {
      if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}):\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchChromium();
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (npm && npm.exitCode === null) {
      const gone = new Promise((r) => npm.once("exit", r));
      const pid = existsSync(join(dir, "data/loket.pid")) ? Number(readFileSync(join(dir, "data/loket.pid"), "utf8").split("\n")[0]) : undefined;
      if (pid) process.kill(pid, "SIGTERM");
      npm.kill("SIGTERM");
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("answers a permit question and shows the menu in Chromium at http://localhost:<PORT>", async () => {
    // The README says to open http://localhost:3000: localhost, as the operator types it.
    await page.goto(`http://localhost:${port}/`);
    const citizen = citizenOn(() => page, 30_000);
    await expect.poll(() => citizen.botCount(), { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await citizen.botCount();
    await citizen.type("min syarat bikin IMB apa aja?");
    // The answer may come as several bubbles (the requirements, then "Ada lagi…?").
    await page.waitForTimeout(1000);
    const answer = (await page.locator(".msg.bot").allTextContents()).slice(before).join("\n");
    expect(answer).toMatch(/PBG|Persetujuan Bangunan Gedung/);
    expect(answer).toMatch(/KTP/);
    await citizen.type("menu");
    const buttons = await page.locator(".choices").last().locator("button").allTextContents();
    expect(buttons.length, (await citizen.lastBot()) ?? "").toBeGreaterThanOrEqual(3);
  }, 90_000);

  it("makes a staff account with the README's command, and start-up had said none existed", () => {
    expect(out).toMatch(/no staff account yet/);
    const add = sh(command("npm run staff -- add budi --role admin"), dir, "kata-sandi-yang-panjang\n");
    expect(add.status, add.stderr + add.stdout).toBe(0);
    expect(sh("npm run -s staff -- list", dir).stdout).toMatch(/^budi\tadmin/m);
  }, 120_000);

  it("reloads knowledge, flows and messages on the README's SIGHUP command", async () => {
    const cmd = command('kill -HUP "$(head -1 data/loket.pid)"');
    const r = sh(cmd, dir);
    expect(r.status, r.stderr).toBe(0);
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/reloaded: (unchanged \()?version/);
  }, 60_000);

  it("copies loket.db while Loket runs with the README's VACUUM INTO command", () => {
    const cmd = command("(umask 077; node -e");
    const r = sh(cmd, dir);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, "loket-backup.db"))).toBe(true);
  }, 60_000);

  it("stops on SIGTERM, then backs up with tar and restores: the account is there again", async () => {
    const pid = Number(readFileSync(join(dir, "data/loket.pid"), "utf8").split("\n")[0]);
    const gone = new Promise<number | null>((r) => npm.once("exit", (c) => r(c)));
    process.kill(pid, "SIGTERM");
    await gone;
    const backup = sh(command("tar czf loket-data.tgz -C data ."), dir);
    expect(backup.status, backup.stderr).toBe(0);
    rmSync(join(dir, "data"), { recursive: true });
    // "put the folder back whole"
    const restore = sh("mkdir data && tar xzf loket-data.tgz -C data", dir);
    expect(restore.status, restore.stderr).toBe(0);
    expect(sh("npm run -s staff -- list", dir).stdout).toMatch(/^budi\tadmin/m);
  }, 120_000);
});

describe("a store named in a variable Loket does not read", () => {
  it("STORE, REDIS_HOST, REDIS_PORT, REDIS_PASSWORD are said to be ignored, with REDIS_URL to set instead", () => {
    for (const name of ["STORE", "LOKET_STORE", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "DATABASE_URL"]) {
      const said = unknownSettings({ [name]: "redis" });
      expect(said, name).toHaveLength(1);
      expect(`${said[0]!.meant ?? ""} ${said[0]!.instead ?? ""}`, name).toMatch(/REDIS_URL/);
    }
  });
});
