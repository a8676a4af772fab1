import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/process.js";

/**
 * README, Configuration: "a bad value stops Loket with the variable's name and what is allowed".
 * An operator who set one wrong value (review of 2026-12-03, ops9) reads one line on stderr naming
 * that variable and what to write, and Loket exits non-zero: a service manager or Docker sees it
 * failed instead of a Loket that runs without its store or its knowledge.
 */
const dir = mkdtempSync(join(tmpdir(), "loket-ops9-wrong-"));
chmodSync(dir, 0o755);
afterAll(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stderr: string;
  stdout: string;
}

/** Starts Loket (src/main.ts through tsx) with `env`; its exit, or what it said by `waitMs` (then stopped). */
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

describe("a wrong value: one line naming the variable and what is allowed, and a non-zero exit", () => {
  it("a port out of range", async () => {
    refusedInOneLine(await run({ PORT: "99999" }), /PORT="99999"/, /at most 65535/);
  });

  it("a port that is not a number", async () => {
    refusedInOneLine(await run({ PORT: "tiga ribu" }), /PORT="tiga ribu"/, /whole number from 1 to 65535/);
  });

  it("an unknown store in REDIS_URL", async () => {
    refusedInOneLine(await run({ REDIS_URL: "mysql://127.0.0.1:3306/loket" }), /REDIS_URL=/, /redis:\/\//);
  });

  it("a KNOWLEDGE_DIR that does not exist", async () => {
    refusedInOneLine(await run({ KNOWLEDGE_DIR: join(dir, "no-such-folder") }), /KNOWLEDGE_DIR=.*no-such-folder/, /folder/);
  });

  it("a KNOWLEDGE_DIR that is a file", async () => {
    const file = join(dir, "knowledge.zip");
    writeFileSync(file, "PK");
    refusedInOneLine(await run({ KNOWLEDGE_DIR: file }), /KNOWLEDGE_DIR=.*knowledge\.zip/, /not a folder/);
  });

  it("a KNOWLEDGE_DIR this user may not read", async () => {
    const locked = join(dir, "locked-knowledge");
    mkdirSync(locked);
    writeFileSync(join(locked, "office.yaml"), "name: x\n");
    chmodSync(locked, 0o000);
    // As root every folder is readable: then Loket runs as nobody (65534), as a service user would.
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    const r = await run({ KNOWLEDGE_DIR: locked }, asUser !== undefined ? { asUser } : {});
    refusedInOneLine(r, /KNOWLEDGE_DIR=.*locked-knowledge/, /may not read|cannot read/);
  });

  it("a FLOWS_DIR that does not exist", async () => {
    refusedInOneLine(await run({ FLOWS_DIR: join(dir, "alur") }), /FLOWS_DIR=.*alur/, /folder/);
  });

  it("a CHROMIUM_PATH where there is no browser, with WhatsApp on", async () => {
    const r = await run({ WHATSAPP_ENABLED: "1", CHROMIUM_PATH: join(dir, "chromium-not-here") }, { waitMs: 20_000 });
    refusedInOneLine(r, /CHROMIUM_PATH=.*chromium-not-here/, /apt-get install chromium/);
  }, 40_000);

  it("a REDIS_URL where no Redis answers", async () => {
    const closed = await freePort();
    const r = await run({ REDIS_URL: `redis://127.0.0.1:${closed}` }, { waitMs: 40_000 });
    refusedInOneLine(r, new RegExp(`REDIS_URL=redis://127.0.0.1:${closed}`), /redis:\/\/\[:password@\]host\[:port\]/);
  }, 60_000);
});
