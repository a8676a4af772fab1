import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type LoketProcess } from "../support/process.js";
import { slowUpload } from "../support/slow-upload.js";

/**
 * `npm start` runs `sh -c "node scripts/start.mjs"`, and Loket runs inside that node process.
 * A service manager (or an operator) that stops Loket by killing the npm process alone left
 * Loket running: npm passes SIGTERM to the shell only, and SIGKILL reaches nobody else. The
 * orphaned Loket kept the port and DATA_DIR, so the next start failed (DATA_DIR_IN_USE, port in
 * use) or, with another DATA_DIR, two ran. Once npm is gone, Loket must stop as on SIGTERM.
 */
describe("npm start, when the npm process is killed", () => {
  let dir: string;
  const repo = process.cwd();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "loket-npm-gone-"));
    for (const f of ["package.json", "scripts/build.mjs", "scripts/start.mjs"]) cpSync(join(repo, f), join(dir, f));
    cpSync(join(repo, "src"), join(dir, "src"), { recursive: true });
    for (const d of ["node_modules", "knowledge", "flows", "messages"]) symlinkSync(join(repo, d), join(dir, d));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(["SIGTERM", "SIGKILL"] as const)("%s to npm: Loket stops as on SIGTERM, freeing the port and DATA_DIR", async (signal) => {
    const port = await freePort();
    const dataDir = join(dir, `data-${signal}`);
    mkdirSync(dataDir);
    const npm = await startNpm(dir, port, dataDir);
    // npm's own children: the script shell and the node process running Loket.
    const below = descendants(npm.child.pid!);
    try {
      expect(below.length).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(dataDir, "loket.pid"))).toBe(true);
      npm.child.kill(signal);
      await expect.poll(() => below.filter(running), { timeout: 15_000 }).toEqual([]);
      expect(await listening(port)).toBe(false);
      // The clean stop (src/main.ts), not a crash: it said so and let go of DATA_DIR.
      expect(npm.output()).toMatch(/"msg":"stopping: requests under way finish first/);
      expect(npm.output()).toMatch(/npm start's process is gone/);
      expect(existsSync(join(dataDir, "loket.pid"))).toBe(false);
    } finally {
      for (const pid of below.filter(running)) process.kill(pid, "SIGKILL");
      npm.child.kill("SIGKILL");
    }
  }, 60_000);

  it("SIGKILL to npm with an upload still arriving: Loket lets it run its grace period, then cuts it off and stops", async () => {
    const port = await freePort();
    const dataDir = join(dir, "data-upload");
    mkdirSync(dataDir);
    const npm = await startNpm(dir, port, dataDir);
    const below = descendants(npm.child.pid!);
    const socket = await slowUpload({ base: `http://127.0.0.1:${port}` } as LoketProcess);
    try {
      const t = Date.now();
      npm.child.kill("SIGKILL");
      await expect.poll(() => below.filter(running), { timeout: 15_000 }).toEqual([]);
      // The 7 s grace for requests under way (src/main.ts STOP_GRACE_MS), as on SIGTERM.
      expect(Date.now() - t).toBeGreaterThan(6_000);
      expect(npm.output()).toMatch(/requests still under way .*cut off/);
      expect(npm.output()).not.toMatch(/stopping at once/);
      expect(existsSync(join(dataDir, "loket.pid"))).toBe(false);
    } finally {
      socket.destroy();
      for (const pid of below.filter(running)) process.kill(pid, "SIGKILL");
    }
  }, 60_000);

  it("SIGTERM to npm, the shell and Loket at once (systemd stopping the service) with an upload still arriving: one stop, not a second one at once when npm goes", async () => {
    const port = await freePort();
    const dataDir = join(dir, "data-group");
    mkdirSync(dataDir);
    const npm = await startNpm(dir, port, dataDir, true);
    const below = descendants(npm.child.pid!);
    const socket = await slowUpload({ base: `http://127.0.0.1:${port}` } as LoketProcess);
    try {
      // npm and the shell end at once, Loket takes its grace period: then npm is gone mid-stop.
      process.kill(-npm.child.pid!, "SIGTERM");
      await expect.poll(() => below.filter(running), { timeout: 15_000 }).toEqual([]);
      expect(npm.output()).toMatch(/requests still under way .*cut off/);
      expect(npm.output()).not.toMatch(/stopping at once/);
      expect(npm.output()).not.toMatch(/npm start's process is gone/);
    } finally {
      socket.destroy();
      for (const pid of below.filter(running)) process.kill(pid, "SIGKILL");
      npm.child.kill("SIGKILL");
    }
  }, 60_000);

  it("SIGKILL to npm while Loket is still starting (compiling src/ first): once started, Loket notices npm is gone and stops", async () => {
    // A copy without dist/: start.mjs compiles before Loket's own code runs (~0.5–2 s here).
    const fresh = mkdtempSync(join(tmpdir(), "loket-npm-early-"));
    for (const f of ["package.json", "scripts/build.mjs", "scripts/start.mjs"]) cpSync(join(repo, f), join(fresh, f));
    cpSync(join(repo, "src"), join(fresh, "src"), { recursive: true });
    for (const d of ["node_modules", "knowledge", "flows", "messages"]) symlinkSync(join(repo, d), join(fresh, d));
    const port = await freePort();
    const dataDir = join(fresh, "data");
    mkdirSync(dataDir);
    let out = "";
    const child = spawn("npm", ["start"], { cwd: fresh, env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    let below: number[] = [];
    try {
      // The node process running scripts/start.mjs exists: npm is killed before Loket's code runs.
      await expect.poll(() => (below = descendants(child.pid!)).some((pid) => cmdline(pid).includes("scripts/start.mjs")), { timeout: 15_000, interval: 5 }).toBe(true);
      expect(existsSync(join(dataDir, "loket.pid"))).toBe(false);
      child.kill("SIGKILL");
      await expect.poll(() => below.filter(running), { timeout: 30_000 }).toEqual([]);
      expect(out).toMatch(/npm start's process is gone/);
      expect(existsSync(join(dataDir, "loket.pid"))).toBe(false);
      expect(await listening(port)).toBe(false);
    } finally {
      for (const pid of below.filter(running)) process.kill(pid, "SIGKILL");
      child.kill("SIGKILL");
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);
});

/** `npm start` in `cwd` (in a process group of its own when `ownGroup`), its output kept; resolves once /healthz answers. */
async function startNpm(cwd: string, port: number, dataDir: string, ownGroup = false): Promise<{ child: ChildProcess; output(): string }> {
  let out = "";
  const child = spawn("npm", ["start"], {
    cwd,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, as a service manager's or a terminal's: signalled as a whole.
    detached: ownGroup,
  });
  const logFile = process.env.LOKET_TEST_LOG_DIR ? join(process.env.LOKET_TEST_LOG_DIR, `npm-${process.pid}-${port}.jsonl`) : undefined;
  const keep = (d: Buffer) => {
    out += d.toString();
    if (logFile) appendFileSync(logFile, d);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${out}`);
    if (i > 1_000) throw new Error(`npm start did not answer /healthz:\n${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, output: () => out };
}

/** The state letter and parent of a process (/proc/<pid>/stat), or undefined when it is gone. */
function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** A process's command line, its arguments joined by spaces ("" when it is gone). */
function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** Every process below `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const e of readdirSync("/proc")) {
    const st = /^\d+$/.test(e) ? stat(Number(e)) : undefined;
    if (st) parents.set(Number(e), st.ppid);
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [pid, ppid] of parents) if (ppid === p) found.push(pid), walk(pid);
  };
  walk(root);
  return found;
}

/** Still running: a zombie (exited, not yet reaped by whoever adopted it) has let go of everything. */
const running = (pid: number) => {
  const st = stat(pid);
  return st !== undefined && st.state !== "Z";
};

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
