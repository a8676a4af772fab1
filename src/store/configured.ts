import { join } from "node:path";
import type { Config } from "../config.js";
import type { RedisStoreOptions } from "./redis.js";
import type { SqliteStoreOptions } from "./sqlite.js";

/**
 * How the configuration shapes the store, for everything that opens it (Loket itself and
 * `npm run staff`): both must see the same keys, or an office sharing a Redis with others would
 * create staff accounts its Loket cannot see.
 */
export const redisStoreOptions = (config: Config): RedisStoreOptions => ({
  prefix: config.REDIS_KEY_PREFIX,
  conversationTtlDays: config.CONVERSATION_TTL_DAYS,
});
export const sqliteStoreOptions = (config: Config): SqliteStoreOptions => ({ conversationTtlDays: config.CONVERSATION_TTL_DAYS });
/** The embedded database file. */
export const sqlitePath = (config: Config): string => join(config.DATA_DIR, "loket.db");
