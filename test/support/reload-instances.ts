import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startRedisProcess, type RedisProcess } from "./redis.js";

/**
 * Loket instances on one real redis-server of the test file, each reading its own copies of the
 * clerk's folders (the reload tests of ops6 and ops7). Registers the file's beforeAll / afterAll.
 */
export function instancesOnRedis(name: string) {
  const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
  let redis: RedisProcess;
  const dirs: string[] = [];
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  /** A temporary folder removed after the file's tests. */
  const tempDir = (kind: string): string => {
    const dir = mkdtempSync(join(tmpdir(), `loket-${name}-${kind}-`));
    dirs.push(dir);
    return dir;
  };
  /** An instance under `prefix` reading `folders` (flows/ and messages/ the project's when not given), listening on loopback. */
  async function instance(prefix: string, folders: { knowledge: string; flows?: string; messages?: string }): Promise<{ loket: Loket; base: string }> {
    const config = loadConfig({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, DATA_DIR: tempDir("data"), KNOWLEDGE_DIR: folders.knowledge, ...(folders.flows ? { FLOWS_DIR: folders.flows } : {}), LOG_LEVEL: "silent", RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" });
    const loket = await buildLoket(config, { logger: quiet, sweepEveryMs: false, ...(folders.messages ? { messagesDir: folders.messages } : {}) });
    await loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = loket.app.server.address();
    return { loket, base: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}` };
  }
  return { tempDir, instance };
}

/** One message in a new web conversation; the replies' texts. */
export async function askOnce(base: string, text: string): Promise<string> {
  const { conversationId, token } = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const res = await fetch(`${base}/api/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ text }) });
  return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join("\n");
}
