import { spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { FileValidationError } from "../../src/errors.js";
import { loadMessages } from "../../src/text/messages.js";
import { freePort, startLoketProcess } from "../support/process.js";

/**
 * An operator's and a clerk's mistakes (review of 2026-11-30): each must be answered with one
 * line naming the variable, folder or file and what to do, never a stack trace or a silent start
 * on something else.
 */
const repo = process.cwd();
const stack = /\n\s+at /;
const root = mkdtempSync(join(tmpdir(), "loket-operator-"));
chmodSync(root, 0o755); // an unprivileged user below must reach the copies in it
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => {
  const d = join(root, `${name}-${++n}`);
  mkdirSync(d, { mode: 0o755 });
  chmodSync(d, 0o755);
  return d;
};

/** Loket's own folder with copies of the clerk's folders, to break them in (src and node_modules linked). */
function projectCopy(): string {
  const dir = fresh("project");
  for (const d of ["src", "node_modules"]) symlinkSync(join(repo, d), join(dir, d));
  cpSync(join(repo, "package.json"), join(dir, "package.json"));
  for (const d of ["knowledge", "flows", "messages"]) cpSync(join(repo, d), join(dir, d), { recursive: true });
  return dir;
}

/** Runs a TypeScript entry (`src/main.ts`, `src/cli/check.ts`, …) in `cwd`; all output, one string. */
function run(entry: string[], env: Record<string, string>, cwd = repo, opts: { unprivileged?: boolean; timeout?: number } = {}) {
  const node = [process.execPath, "--import", "tsx", ...entry];
  // As root, the unprivileged user is nobody (setpriv); otherwise the user running the tests is one.
  const asRoot = process.getuid?.() === 0;
  const cmd = opts.unprivileged && asRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...node] : node;
  const r = spawnSync(cmd[0]!, cmd.slice(1), {
    cwd,
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "info", ...(opts.unprivileged && asRoot ? { HOME: root } : {}), ...env },
    encoding: "utf8",
    timeout: opts.timeout ?? 60_000,
    input: "",
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("operator and clerk review, 2026-11-30", () => {
  it("a FLOWS_DIR that does not exist: start-up and npm run check name the folder in one line, not a stack trace", async () => {
    const dataDir = fresh("data");
    const start = run(["src/main.ts"], { DATA_DIR: dataDir, PORT: String(await freePort()), FLOWS_DIR: "./flow" }, repo, { timeout: 20_000 });
    expect(start.status).toBe(1);
    expect(start.out).toMatch(/Loket cannot start.*\n?.*flow\b.*folder is missing/);
    expect(start.out).not.toMatch(stack);
    const check = run(["src/cli/check.ts"], { FLOWS_DIR: "./flow" });
    expect(check.status).toBe(1);
    // Since ops10 (2026-12-03) the check says start-up's own line, naming the variable.
    expect(check.out).toMatch(/^FLOWS_DIR="\.\/flow": this folder is missing/m);
    expect(check.out).not.toMatch(stack);
  }, 60_000);

  it("npm run check with a bad environment variable names it in one line, not a stack trace", () => {
    const check = run(["src/cli/check.ts"], { PORT: "abc" });
    expect(check.status).toBe(1);
    expect(check.out).toContain('PORT="abc": must be a whole number from 1 to 65535');
    expect(check.out).not.toMatch(stack);
  });

  it("npm run staff on a DATA_DIR that cannot be used says so in one line, not a stack trace", () => {
    const file = join(fresh("staff"), "not-a-folder");
    writeFileSync(file, "");
    const r = run(["src/cli/staff.ts", "list"], { DATA_DIR: file, REDIS_URL: "" });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/DATA_DIR .*not-a-folder .*\((EEXIST|ENOTDIR)\)/);
    expect(r.out).not.toMatch(stack);
    // The key made by another user (or emptied), which start-up names with its code, likewise.
    const dir = fresh("staff-key");
    writeFileSync(join(dir, "log-id.key"), "");
    const key = run(["src/cli/staff.ts", "list"], { DATA_DIR: dir, REDIS_URL: "" });
    expect(key.status).toBe(1);
    expect(key.out).toMatch(/log-id\.key cannot be read as a key/);
    expect(key.out).not.toMatch(stack);
  });

  it("a message key written in two files of one language names both places, not only the one that was there first", async () => {
    const dir = projectCopy();
    const added = join(dir, "messages/id/answers.yaml");
    const before = readFileSync(added, "utf8");
    appendFileSync(added, `${before.endsWith("\n") ? "" : "\n"}rate_limited: "Sabar ya, pesan terlalu cepat."\n`);
    const addedLine = readFileSync(added, "utf8").trimEnd().split("\n").length;
    const err = await loadMessages(join(dir, "messages"), dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FileValidationError);
    const text = (err as FileValidationError).message;
    expect(text).toContain(`messages/id/answers.yaml:${addedLine}`);
    expect(text).toMatch(/messages\/id\/common\.yaml:\d+/);
  });

  it("DATA_DIR=~/… (a ~ no shell expanded, as in a systemd unit or env file) is refused naming DATA_DIR, not made as a folder named ~", () => {
    expect(() => loadConfig({ DATA_DIR: "~/loket-data" })).toThrow(/DATA_DIR="~\/loket-data": .*~/);
    expect(() => loadConfig({ KNOWLEDGE_DIR: "~/knowledge" })).toThrow(/KNOWLEDGE_DIR=/);
    expect(loadConfig({ DATA_DIR: "/srv/loket~1/data" }).DATA_DIR).toBe("/srv/loket~1/data");
  });

  it("a misspelled Loket variable (TELEGRAM_TOKEN) is said at start-up with the name it means, not ignored in silence", async () => {
    const p = await startLoketProcess({ DATA_DIR: fresh("typo"), TELEGRAM_TOKEN: "123456:ABC-def", WHATSAPP_ENABLE: "1" });
    try {
      expect(p.output()).toMatch(/TELEGRAM_TOKEN is not a Loket setting.*TELEGRAM_BOT_TOKEN/);
      expect(p.output()).toMatch(/WHATSAPP_ENABLE is not a Loket setting.*WHATSAPP_ENABLED/);
      expect(p.output()).not.toContain("ABC-def"); // the value (a token) is not printed
    } finally {
      await p.kill();
    }
  }, 60_000);

  it("a port only root may open (PORT=80 as a normal user) is blamed on PORT, not on DATA_DIR", () => {
    if (process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status !== 0) return; // no way to be unprivileged here
    const dataDir = fresh("port80");
    if (process.getuid?.() === 0) chownSync(dataDir, 65534, 65534);
    const r = run(["src/main.ts"], { DATA_DIR: dataDir, PORT: "80" }, repo, { unprivileged: true, timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Loket cannot start: .*PORT=80/);
    expect(r.out).not.toMatch(/DATA_DIR .* cannot be used/);
  });

  it("a clerk's file Loket may not read: start-up and npm run check name the file and what to do, not a stack trace", async () => {
    if (process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status !== 0) return;
    const dir = projectCopy();
    const dataDir = fresh("unreadable-data");
    if (process.getuid?.() === 0) chownSync(dataDir, 65534, 65534);
    chmodSync(join(dir, "knowledge/permits/pbg.md"), 0o600); // saved by another user (root), not readable by Loket's
    if (process.getuid?.() !== 0) chmodSync(join(dir, "knowledge/permits/pbg.md"), 0o000);
    const start = run(["src/main.ts"], { DATA_DIR: dataDir, PORT: String(await freePort()) }, dir, { unprivileged: true, timeout: 20_000 });
    expect(start.status).toBe(1);
    expect(start.out).toMatch(/knowledge\/permits\/pbg\.md.*\(EACCES\).*readable/);
    expect(start.out).not.toMatch(stack);
    const check = run(["src/cli/check.ts"], {}, dir, { unprivileged: true });
    expect(check.status).toBe(1);
    expect(check.out).toMatch(/knowledge\/permits\/pbg\.md.*\(EACCES\).*readable/);
    expect(check.out).not.toMatch(stack);
  }, 60_000);

  it("REDIS_URL with a database Redis does not have (/16) is refused, not run on database 0 in silence", () => {
    // Redis has databases 0-15; SELECT 16 fails, and ioredis then went on in database 0, where
    // another office (same default prefix) may keep its data. The message already said /0 to /15.
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379/16" })).toThrow(/REDIS_URL=.*\/0 to \/15/);
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379/15" }).REDIS_URL).toBe("redis://127.0.0.1:6379/15");
  });

  it("HOST=:: (every address, IPv6 too) prints a URL that opens, not http://:::3000", async () => {
    const p = await startLoketProcess({ DATA_DIR: fresh("ipv6"), HOST: "::" });
    try {
      // /healthz can answer before the ready line reaches the pipe (a busy machine; it failed once in
      // CI on 2026-12-06): the line is waited for, as the other start-up tests wait for theirs.
      const ready = /Loket is ready: open http:\/\/localhost:\d+"/;
      for (let i = 0; i < 100 && !ready.test(p.output()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(p.output()).toMatch(ready);
    } finally {
      await p.kill();
    }
  }, 60_000);

  it("the docs say how to make the first staff account when Loket runs in the container (the host's npm run staff writes elsewhere)", () => {
    // On the host, `npm run staff` writes ./data/loket.db, not the container's volume (nor, with
    // docker-compose.yml, the Redis it keeps unpublished): the console had no account to log in with.
    const staff = readFileSync(join(repo, "docs/staff.md"), "utf8");
    expect(staff).toMatch(/docker exec -it \S+ npm run staff -- add \w+ --role admin/);
    expect(staff).toMatch(/docker compose exec loket-1 npm run staff -- add/);
  });

  it("WhatsApp settings without WHATSAPP_ENABLED are said at start-up (WhatsApp is off), not ignored in silence", async () => {
    // A forgotten WHATSAPP_ENABLED=1 started Loket without WhatsApp, its QR page a bare 404, and
    // nothing said. Not refused: instances on one Redis may share an env file, one of them enabled.
    const p = await startLoketProcess({ DATA_DIR: fresh("wa-off"), WHATSAPP_ADMIN_TOKEN: "a-long-random-secret-1234" });
    try {
      expect(p.output()).toMatch(/WHATSAPP_ENABLED is not set, but WHATSAPP_ADMIN_TOKEN is: WhatsApp is off/);
      expect(p.output()).not.toContain("a-long-random-secret-1234");
    } finally {
      await p.kill();
    }
    // Switched off on purpose (=0): nothing to say.
    const off = await startLoketProcess({ DATA_DIR: fresh("wa-off0"), WHATSAPP_ENABLED: "0", WHATSAPP_ADMIN_TOKEN: "a-long-random-secret-1234" });
    await off.kill();
    expect(off.output()).not.toMatch(/WHATSAPP_ENABLED is not set/);
  }, 60_000);
});
