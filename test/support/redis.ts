import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

export interface RedisProcess {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, or SIGKILL with `hard`). */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port (fault tests). */
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

const MISSING = "redis-server not found: install redis-server (apt-get install redis-server)";

/**
 * Starts a real `redis-server` (Debian package) on a free loopback port, without
 * persistence, in a temp dir, and waits for PING. Fails loudly when the binary is missing:
 * tests that need Redis never skip silently. `stop(true)` is SIGKILL; `start()` brings it back
 * on the same port (fault tests).
 */
export async function startRedisProcess(opts: { port?: number; wrap?: string[] } = {}): Promise<RedisProcess> {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "loket-redis-"));
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    // `wrap`: a command prefix, e.g. `taskset -c 0` in the benchmark.
    const [cmd, ...args] = [...(opts.wrap ?? []), "redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
    child = spawn(cmd!, args, {
      stdio: "ignore",
    });
    const failed = new Promise<never>((_, reject) => {
      child!.once("error", (err) => reject(new Error(`${MISSING} (${err.message})`)));
      child!.once("exit", (code) => reject(new Error(`redis-server exited (code ${code}) before answering on port ${port}`)));
    });
    failed.catch(() => undefined); // a later exit (stop) is not an error
    const ready = (async () => {
      for (let i = 0; i < 100; i++) {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on("error", () => undefined);
        try {
          await probe.connect();
          await probe.ping();
          probe.disconnect();
          return;
        } catch {
          probe.disconnect();
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw new Error(`redis-server did not answer on port ${port}`);
    })();
    await Promise.race([ready, failed]);
  };
  await start();
  return {
    url,
    port,
    async stop(hard = false) {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill(hard ? "SIGKILL" : "SIGTERM");
      await exited;
    },
    start,
  };
}

/** The brief's shape: a started server with its URL and port, and `stop()`. */
export async function startRedis(): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const r = await startRedisProcess();
  return { url: r.url, port: r.port, stop: () => r.stop() };
}

/** The shared server of this test run (started by test/support/global-setup.ts). */
export function testRedisUrl(): string {
  const url = process.env.REDIS_TEST_URL;
  if (!url) throw new Error("REDIS_TEST_URL is not set: run tests through vitest (global setup starts redis-server)");
  return url;
}

let dbCounter = 0;
/** A fresh key prefix, so tests sharing the server never collide. */
export function uniquePrefix(name: string): string {
  return `t:${name}:${process.pid}:${++dbCounter}:${Date.now()}:`;
}

export { rmSync };
