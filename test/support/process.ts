import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export interface LoketProcess {
  base: string;
  child: ChildProcess;
  /** Output so far (JSON log lines). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
    srv.on("error", reject);
  });
}

/** Starts Loket as a real process (by default its TypeScript through tsx, from `cwd`) and waits for /healthz. */
export async function startLoketProcess(env: Record<string, string>, port?: number, entry = ["--import", "tsx", "src/main.ts"], cwd?: string): Promise<LoketProcess> {
  const p = port ?? (await freePort());
  let out = "";
  const child = spawn(process.execPath, entry, {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(p), LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(cwd ? { cwd } : {}),
  });
  const logFile = process.env.LOKET_TEST_LOG_DIR ? join(process.env.LOKET_TEST_LOG_DIR, `proc-${process.pid}-${p}.jsonl`) : undefined;
  const keep = (d: Buffer) => {
    out += d.toString();
    if (logFile) appendFileSync(logFile, d);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const base = `http://127.0.0.1:${p}`;
  for (let i = 0; i < 1000; i++) {
    if (child.exitCode !== null) throw new Error(`Loket exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    base,
    child,
    output: () => out,
    async kill(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
  };
}
