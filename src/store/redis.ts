import { randomBytes } from "node:crypto";
import type { Redis, RedisOptions } from "ioredis";
import type { ConversationState } from "../domain/conversation.js";
import type { TranscriptEntry } from "../domain/records.js";
import { StoreError } from "../errors.js";
import { KeyedMutex } from "./lock.js";
import type { Batch, BeginOptions, Collection, Store, Turn } from "./port.js";

export interface RedisStoreOptions {
  /** Key prefix, default `loket:`. */
  prefix?: string;
  /** Abandoned conversation state expires after this many days without a message. Default 30. */
  conversationTtlDays?: number;
  /** A lock whose holder died is free again after this long. Default 15 s (a turn, model call included, takes less). */
  lockTtlMs?: number;
  /** How many recent message ids per conversation are remembered for dedupe. Default 64. */
  dedupeWindow?: number;
}

/**
 * ioredis options main.ts uses: fail fast (one reconnect attempt per command) while Redis is away (so the citizen hears
 * "layanan sedang gangguan" instead of silence), reconnect by itself forever.
 */
export function redisOptions(): RedisOptions {
  return {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 3000,
    commandTimeout: 3000,
    enableAutoPipelining: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
}

// Lock + dedupe check + load state: one round trip.
const BEGIN = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local dup = 0
  if ARGV[3] ~= '' then
    if redis.call('ZSCORE', KEYS[3], ARGV[3]) then dup = 1 end
  end
  return {1, dup, redis.call('GET', KEYS[2])}
end
return {0}
`;

// Everything a turn writes, then the lock release: atomic, one round trip, only while we hold the lock.
const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local op = ARGV[2]
if op == 'set' then redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
elseif op == 'del' then redis.call('DEL', KEYS[2], KEYS[4]) end
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[5])
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(tonumber(ARGV[7]) + 1))
  redis.call('EXPIRE', KEYS[4], ARGV[4])
end
local i = 8
local nt = tonumber(ARGV[i]); i = i + 1
for j = 1, nt do redis.call('RPUSH', KEYS[3], ARGV[i]); i = i + 1 end
local np = tonumber(ARGV[i]); i = i + 1
for j = 1, np do
  local k = KEYS[4 + tonumber(ARGV[i])]
  if ARGV[i + 2] == '1' then redis.call('HDEL', k, ARGV[i + 1]) else redis.call('HSET', k, ARGV[i + 1], ARGV[i + 3]) end
  i = i + 4
end
redis.call('DEL', KEYS[1])
return 1
`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

type ScriptClient = Redis & {
  loketBegin(lock: string, state: string, seen: string, token: string, ttl: number, dedupe: string): Promise<[number, number?, string?]>;
  loketRelease(lock: string, token: string): Promise<number>;
  loketCommit(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
};

/**
 * The store on Redis, for several Loket instances. The ioredis client is handed in.
 * Per-conversation keys share a hash tag `{c:<id>}`; records live in one hash per collection.
 * Uncontended, a message costs two round trips: `begin` (lock + dedupe + state) and `commit`.
 */
export function createRedisStore(redis: Redis, opts: RedisStoreOptions = {}): Store {
  const p = opts.prefix ?? "loket:";
  const ttlSec = (opts.conversationTtlDays ?? 30) * 86_400;
  const lockTtl = opts.lockTtlMs ?? 15_000;
  const window = opts.dedupeWindow ?? 64;
  const local = new KeyedMutex();
  const client = redis as ScriptClient;
  if (!(client as Partial<ScriptClient>).loketBegin) {
    redis.defineCommand("loketBegin", { numberOfKeys: 3, lua: BEGIN });
    redis.defineCommand("loketRelease", { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand("loketCommit", { lua: COMMIT });
  }
  const k = {
    lock: (id: string) => `${p}{c:${id}}:lock`,
    state: (id: string) => `${p}{c:${id}}:state`,
    lines: (id: string) => `${p}{c:${id}}:transcript`,
    seen: (id: string) => `${p}{c:${id}}:seen`,
    coll: (c: Collection) => `${p}rec:${c}`,
    seq: (name: string) => `${p}seq:${name}`,
  };
  const unavailable = (err: unknown, context: Record<string, unknown> = {}) =>
    err instanceof StoreError ? err : new StoreError("STORE_UNAVAILABLE", "redis is unavailable", context, { cause: err });
  async function guard<T>(fn: () => Promise<T>, context?: Record<string, unknown>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw unavailable(err, context);
    }
  }

  return {
    async begin(conversationId, o: BeginOptions = {}): Promise<Turn> {
      const token = randomBytes(12).toString("hex");
      // Wait longer than a dead holder's lock lives, so a crash costs a delay, not an error.
      const waitMs = o.waitMs ?? lockTtl + 5_000;
      const deadline = Date.now() + waitMs;
      // Turns of this instance queue in arrival order locally; only the head polls Redis.
      await local.acquire(conversationId, waitMs, () => new StoreError("LOCK_TIMEOUT", "conversation is busy", { conversationId }));
      let delay = 2;
      for (;;) {
        let res: [number, number?, string?];
        try {
          res = await guard(
            () => client.loketBegin(k.lock(conversationId), k.state(conversationId), k.seen(conversationId), token, lockTtl, o.dedupeKey ?? ""),
            { conversationId },
          );
        } catch (err) {
          local.release(conversationId);
          throw err;
        }
        if (res[0] === 1) {
          const raw = res[2];
          let done = false;
          return {
            duplicate: res[1] === 1,
            state: raw ? (JSON.parse(raw) as ConversationState) : null,
            async commit(batch: Batch) {
              if (done) throw new StoreError("LOCK_TIMEOUT", "turn already finished", { conversationId });
              done = true;
              try {
                const ok = await guard(() => commit(conversationId, token, batch), { conversationId });
                if (ok !== 1) throw new StoreError("LOCK_TIMEOUT", "lock expired before commit; nothing written", { conversationId });
              } finally {
                local.release(conversationId);
              }
            },
            async release() {
              if (done) return;
              done = true;
              await client.loketRelease(k.lock(conversationId), token).catch(() => undefined);
              local.release(conversationId);
            },
          };
        }
        if (Date.now() >= deadline) {
          local.release(conversationId);
          throw new StoreError("LOCK_TIMEOUT", "conversation is busy", { conversationId });
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 50);
      }
    },
    async peekState(id) {
      const raw = await guard(() => redis.get(k.state(id)));
      return raw ? (JSON.parse(raw) as ConversationState) : null;
    },
    async get<T>(c: Collection, key: string) {
      const raw = await guard(() => redis.hget(k.coll(c), key));
      return raw ? (JSON.parse(raw) as T) : null;
    },
    async list<T>(c: Collection) {
      const all = await guard(() => redis.hgetall(k.coll(c)));
      return Object.keys(all)
        .sort()
        .map((key) => JSON.parse(all[key]!) as T);
    },
    async put(c, key, value) {
      await guard(() => (value === null ? redis.hdel(k.coll(c), key) : redis.hset(k.coll(c), key, JSON.stringify(value))));
    },
    async transcript(id) {
      const lines = await guard(() => redis.lrange(k.lines(id), 0, -1));
      return lines.map((l) => JSON.parse(l) as TranscriptEntry);
    },
    async deleteConversation(id) {
      await guard(() => redis.del(k.state(id), k.lines(id), k.seen(id)));
    },
    async conversationIds() {
      const ids: string[] = [];
      let cursor = "0";
      do {
        const [next, keys] = await guard(() => redis.scan(cursor, "MATCH", `${p}{c:*}:state`, "COUNT", 1000));
        cursor = next;
        for (const key of keys) ids.push(key.slice(p.length + 3, -"}:state".length));
      } while (cursor !== "0");
      return ids;
    },
    async nextSequence(name) {
      return guard(() => redis.incr(k.seq(name)));
    },
    async close() {},
  };

  function commit(id: string, token: string, batch: Batch): Promise<unknown> {
    const colls: Collection[] = [];
    const puts: string[] = [];
    for (const put of batch.puts ?? []) {
      let idx = colls.indexOf(put.collection);
      if (idx < 0) idx = colls.push(put.collection) - 1;
      puts.push(String(idx + 1), put.key, put.value === null ? "1" : "0", put.value === null ? "" : JSON.stringify(put.value));
    }
    const lines = (batch.transcript ?? []).map((l) => JSON.stringify(l));
    const op = batch.state === null ? "del" : batch.state ? "set" : "keep";
    const keys = [k.lock(id), k.state(id), k.lines(id), k.seen(id), ...colls.map(k.coll)];
    const args = [
      token,
      op,
      batch.state ? JSON.stringify(batch.state) : "",
      String(ttlSec),
      batch.dedupeKey ?? "",
      String(Date.now()),
      String(window),
      String(lines.length),
      ...lines,
      String(puts.length / 4),
      ...puts,
    ];
    return client.loketCommit(keys.length, ...keys, ...args);
  }
}
