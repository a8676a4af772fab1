import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect } from "vitest";
import { freePort } from "./process.js";

export interface Run {
  code: number | null;
  stderr: string;
  stdout: string;
}

/**
 * Starting Loket (src/main.ts through tsx) with a wrong setting, as ops9's sets do
 * (test/start/ops9-2026-12-03-*): `run` starts it in a folder of its own under `dir` (removed after
 * the file) and gives its exit and what it said; `refusedInOneLine` says it stopped with one line.
 */
export function startRefusals(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  afterAll(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts Loket with `env`; its exit, or what it said by `waitMs` (then stopped). */
  async function run(env: Record<string, string>, opts: { waitMs?: number; asUser?: number } = {}): Promise<Run> {
    const port = await freePort();
    const dataDir = env.DATA_DIR ?? mkdtempSync(join(dir, "data-"));
    if (opts.asUser !== undefined) chmodSync(dataDir, 0o777);
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", DATA_DIR: dataDir, ...(opts.asUser !== undefined ? { HOME: dir } : {}), ...env },
      stdio: ["ignore", "pipe", "pipe"],
      ...(opts.asUser !== undefined ? { uid: opts.asUser, gid: opts.asUser } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.waitMs ?? 25_000);
    const code = await exited;
    clearTimeout(timer);
    return { code, stderr, stdout };
  }
  return { dir, run, lines, refusedInOneLine };
}

/** Stderr's lines that say something (no blank ones). */
const lines = (s: string) => s.split("\n").filter((l) => l.trim());

/** Exited non-zero, on its own, saying one line on stderr that matches each of `says`. */
function refusedInOneLine(r: Run, ...says: RegExp[]) {
  expect(r.code, `exit code; stderr:\n${r.stderr}\nstdout:\n${r.stdout.slice(-2000)}`).not.toBe(null);
  expect(r.code).not.toBe(0);
  expect(lines(r.stderr), r.stderr).toHaveLength(1);
  for (const s of says) expect(r.stderr).toMatch(s);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
}
