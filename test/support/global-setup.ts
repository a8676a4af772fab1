import { mkdirSync } from "node:fs";
import { startRedisProcess, type RedisProcess } from "./redis.js";

let server: RedisProcess | undefined;

/** One real redis-server for the whole test run; tests use distinct key prefixes. */
export async function setup(): Promise<void> {
  // Every test Loket appends its log lines there (support/loket.ts, support/process.ts): a directory
  // that does not exist made each log write throw, inside a request (a duplicate delivery's debug
  // line answered 500), when a file was rerun by hand with a fresh LOKET_TEST_LOG_DIR.
  if (process.env.LOKET_TEST_LOG_DIR) mkdirSync(process.env.LOKET_TEST_LOG_DIR, { recursive: true });
  server = await startRedisProcess();
  process.env.REDIS_TEST_URL = server.url;
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
