import { startRedisProcess, type RedisProcess } from "./redis.js";

let server: RedisProcess | undefined;

/** One real redis-server for the whole test run; tests use distinct key prefixes. */
export async function setup(): Promise<void> {
  server = await startRedisProcess();
  process.env.REDIS_TEST_URL = server.url;
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
