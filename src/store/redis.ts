import { randomBytes } from "node:crypto";
import type { Redis, RedisOptions } from "ioredis";
import type { ConversationState } from "../domain/conversation.js";
import type { TranscriptEntry } from "../domain/records.js";
import { StoreError } from "../errors.js";
import type { Batch, BeginOptions, Collection, Store, StoredReply, Turn } from "./port.js";
import { isBefore } from "./idle.js";
import { repliesOfLines, saidByLines } from "./reply-lines.js";
import { DEDUPE_WINDOW, dedupeMember } from "./seen.js";

export interface RedisStoreOptions {
  /** Key prefix, default `loket:`. Several offices can share one Redis with different prefixes. */
  prefix?: string;
  /** Clock for dedupe ages. Lock waits always use real time. */
  now?: () => Date;
  /** Abandoned conversation state expires after this many days without a message. Default 30 (fractions allowed). */
  conversationTtlDays?: number;
  /** A lock whose holder died is free again after this long. Default 15 s (a turn, model call included, takes less). */
  lockTtlMs?: number;
  /** Processed message ids are remembered this long... Default 7 days. */
  dedupeTtlDays?: number;
  /** ...and at most this many per conversation (keeps an idle conversation small). Default 32. */
  dedupeWindow?: number;
  /** A waiter that has not polled for this long is presumed dead and loses its place in line. Default 3 s. */
  waiterStaleMs?: number;
}

/**
 * ioredis options main.ts must use for the store's client (and the bus's two clients), so that
 * the citizen hears "layanan sedang gangguan" at once instead of silence, and Loket heals itself:
 * - `maxRetriesPerRequest: 0`: a command waiting for a connection fails as soon as a connection
 *   attempt fails (the store also refuses at once while the client is `reconnecting`);
 * - `autoResendUnfulfilledCommands: false`: a command in flight when the connection drops fails
 *   instead of running twice after the reconnect (a commit or INCR must not be repeated blindly);
 * - `enableOfflineQueue: true`: commands issued while the first connection is being made wait for it;
 * - `retryStrategy`: reconnect forever, at most 1 s apart, so the same store works again when Redis returns;
 * - `connectTimeout`/`commandTimeout`: an unreachable or hung server is an error within 2-3 s;
 * - `enableAutoPipelining: false`: measured faster for Loket's short sequential turns (2.0 -> 0.9 ms per message),
 *   and at 64 Telegram updates at once too (0.89x the throughput with it, paired: docs/benchmarks.md, perf35).
 * Listen to the clients' `error` events and log them: ioredis emits one per failed reconnect.
 */
export function redisOptions(): RedisOptions {
  return {
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableOfflineQueue: true,
    connectTimeout: 2000,
    commandTimeout: 3000,
    enableAutoPipelining: false,
    retryStrategy: (times) => Math.min(50 + times * 100, 1000),
  };
}

/** Client states in which a command could only wait for a reconnect: refuse at once instead. */
const DOWN = new Set(["reconnecting", "close", "end"]);

// KEYS: lock, state, seen, queue, beats. ARGV: token, lockTtlMs, dedupe member ('' = none), staleMs,
// oldest dedupe score still remembered (ms).
// Uncontended: lock + dedupe check + GET state in one round trip. Contended: waiters line up in
// `queue` by server arrival time (microseconds) and only the head may take the lock, so turns run
// in arrival order across instances; `beats` holds each waiter's last poll to drop dead waiters.
const BEGIN = `
local function grant()
  local dup = 0
  if ARGV[3] ~= '' then
    local seen = redis.call('ZSCORE', KEYS[3], ARGV[3])
    if seen and tonumber(seen) >= tonumber(ARGV[5]) then dup = 1 end
  end
  return {1, dup, redis.call('GET', KEYS[2])}
end
local queued = redis.call('EXISTS', KEYS[4]) == 1
if not queued and redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return grant() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if queued then
  local stale = tonumber(ARGV[4]) * 1000
  local beats = redis.call('HGETALL', KEYS[5])
  for i = 1, #beats, 2 do
    if now - tonumber(beats[i + 1]) > stale then
      redis.call('HDEL', KEYS[5], beats[i])
      redis.call('ZREM', KEYS[4], beats[i])
    end
  end
  local head = redis.call('ZRANGE', KEYS[4], 0, 0)[1]
  if (not head or head == ARGV[1]) and redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    redis.call('ZREM', KEYS[4], ARGV[1])
    redis.call('HDEL', KEYS[5], ARGV[1])
    return grant()
  end
end
if not redis.call('ZSCORE', KEYS[4], ARGV[1]) then
  local score = now
  local tail = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')[2]
  if tail and tonumber(tail) >= score then score = tonumber(tail) + 1 end
  redis.call('ZADD', KEYS[4], string.format('%.0f', score), ARGV[1])
end
redis.call('HSET', KEYS[5], ARGV[1], string.format('%.0f', now))
redis.call('PEXPIRE', KEYS[4], ARGV[4] * 2)
redis.call('PEXPIRE', KEYS[5], ARGV[4] * 2)
local rank = redis.call('ZRANK', KEYS[4], ARGV[1])
return {0, rank}
`;

// KEYS: lock, state, transcript, seen, reply, then one hash per collection touched.
// ARGV: token, op (set|del|keep), state, ttlMs, dedupe member, now (ms), window, reply ('' = none),
// reply kind ('1': a pointer to finish), transcript count + lines, put count + (collection index,
// key, delete flag, value)*, counter count + (key index, by, expireMs)* (Batch.counters, the keys
// after the collections'). Returns 1, or with counters {1, value, ...}.
// The reply (a web or Telegram answer kept for a retry) lives 10 minutes beside the state, not in
// it: whole, or, when the turn's transcript lines say it exactly, as a pointer to them
// (`{"messageId":…,"n":<lines>,"line":<index of the turn's first line>}`; the script appends the
// index, known once the lines are pushed).
// Dedupe scores increase strictly, so the window keeps the newest ids even within one millisecond;
// ids older than the dedupe TTL are ignored by BEGIN and pushed out by newer ones.
// Everything a turn writes, then the lock release: one round trip, only while we hold the lock.
const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local op = ARGV[2]
if op == 'set' then redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
elseif op == 'del' then redis.call('DEL', KEYS[2], KEYS[4]) end
if ARGV[5] ~= '' then
  local score = tonumber(ARGV[6])
  local last = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')[2]
  if last and tonumber(last) >= score then score = tonumber(last) + 1 end
  redis.call('ZADD', KEYS[4], string.format('%.0f', score), ARGV[5])
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(tonumber(ARGV[7]) + 1))
  redis.call('PEXPIRE', KEYS[4], ARGV[4])
end
local nt = tonumber(ARGV[10])
local i = 11 + nt
local len = 0
if nt > 0 then len = redis.call('RPUSH', KEYS[3], unpack(ARGV, 11, 10 + nt)) end
if ARGV[8] ~= '' then
  local reply = ARGV[8]
  if ARGV[9] == '1' then reply = reply .. string.format('%d', len - nt) .. '}' end
  redis.call('SET', KEYS[5], reply, 'PX', 600000)
end
local np = tonumber(ARGV[i]); i = i + 1
for j = 1, np do
  local k = KEYS[5 + tonumber(ARGV[i])]
  if ARGV[i + 2] == '1' then redis.call('HDEL', k, ARGV[i + 1]) else redis.call('HSET', k, ARGV[i + 1], ARGV[i + 3]) end
  i = i + 4
end
local nc = tonumber(ARGV[i]); i = i + 1
local out = {1}
for j = 1, nc do
  local k = KEYS[tonumber(ARGV[i])]
  out[j + 1] = redis.call('INCRBY', k, ARGV[i + 1])
  redis.call('PEXPIRE', k, ARGV[i + 2])
  i = i + 3
end
redis.call('DEL', KEYS[1])
if nc == 0 then return 1 end
return out
`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

// A waiter that gives up leaves the line at once instead of blocking it until it goes stale.
const LEAVE = `redis.call('ZREM', KEYS[1], ARGV[1]) redis.call('HDEL', KEYS[2], ARGV[1]) return 1`;

// A count in a window (nextSequence with expireMs: a Telegram answer's mark, one an update): one
// command in the pass's pipeline instead of MULTI, INCRBY, PEXPIRE, EXEC on a round trip of its own.
// A count raised on a key not there yet (every mark: a new key) is one SET NX PX, which leaves what
// INCRBY and PEXPIRE would (the value `by`, the same expiry): one command less in Redis (perf30).
// A read (`by` 0) goes straight to INCRBY: its key is usually there.
const COUNT = `
if ARGV[1] ~= '0' and redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return tonumber(ARGV[1]) end
local v = redis.call('INCRBY', KEYS[1], ARGV[1]) redis.call('PEXPIRE', KEYS[1], ARGV[2]) return v`;

// Every begin, commit and count of one pass of the event loop, in one script call: the scripts
// above as functions (their KEYS and ARGV are parameters), run one after the other in the order
// they were issued, each under pcall so that one's error is its own. ARGV: number of calls, then
// per call its kind (b, c, n), its key count, its argument count and its arguments; KEYS: every
// call's keys in order. Replies: one per call, an error reply for a call that failed.
const PASS = `
local run = {
  b = function(KEYS, ARGV) ${BEGIN} end,
  c = function(KEYS, ARGV) ${COMMIT} end,
  n = function(KEYS, ARGV) ${COUNT} end,
}
local out = {}
local k, a = 0, 1
for j = 1, tonumber(ARGV[1]) do
  local nk, na = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  local ok, res = pcall(run[ARGV[a + 1]], {unpack(KEYS, k + 1, k + nk)}, {unpack(ARGV, a + 4, a + 3 + na)})
  if ok then out[j] = res elseif type(res) == 'table' and res.err then out[j] = res else out[j] = {err = tostring(res)} end
  k = k + nk
  a = a + 3 + na
end
return out
`;

type BeginReply = [1, number, string | null] | [0, number];
/** A kept answer said by the turn's transcript lines: `n` lines from index `line` (see COMMIT). */
type KeptLines = { messageId: string; n: number; line: number };
type Arg = string | number;
type ScriptClient = Redis & {
  loketBegin(numKeys: number, ...keysAndArgs: Arg[]): Promise<BeginReply>;
  loketRelease(lock: string, token: string): Promise<number>;
  loketLeave(queue: string, beats: string, token: string): Promise<number>;
  loketCommit(numKeys: number, ...keysAndArgs: Arg[]): Promise<number>;
  loketCount(numKeys: number, ...keysAndArgs: Arg[]): Promise<number>;
  loketPass(numKeys: number, ...keysAndArgs: Arg[]): Promise<unknown[]>;
};
const PASS_MAX = 256;
/** A script of the pass: b(egin), c(ommit), n (a count in a window). */
type Kind = "b" | "c" | "n";
const SCRIPT = { b: "loketBegin", c: "loketCommit", n: "loketCount" } as const;

/**
 * The scripts of every message (begin, commit; and a Telegram answer's mark) issued during one
 * pass of the event loop go to Redis as one script call (PASS, flushed by setImmediate) and come
 * back as one reply. Each is still its own round trip for its message; under load, many messages
 * share the system calls, ioredis's work per command and Redis's per script call, which cost more
 * than the scripts' own work. Alone, a script is sent as it is.
 */
function passBatch(client: ScriptClient): (kind: Kind, keys: string[], args: Arg[]) => Promise<unknown> {
  type Job = { kind: Kind; keys: string[]; args: Arg[]; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let queue: Job[] = [];
  const flush = () => {
    const jobs = queue;
    queue = [];
    // At most PASS_MAX scripts a call: ioredis spreads a call's arguments onto the stack.
    if (jobs.length <= PASS_MAX) call(jobs);
    else for (let i = 0; i < jobs.length; i += PASS_MAX) call(jobs.slice(i, i + PASS_MAX));
  };
  const call = (jobs: Job[]) => {
    if (jobs.length === 1) {
      const j = jobs[0]!;
      client[SCRIPT[j.kind]](j.keys.length, ...j.keys, ...j.args).then(j.resolve, j.reject);
      return;
    }
    const keys: string[] = [];
    const argv: Arg[] = [jobs.length];
    for (const j of jobs) {
      for (const key of j.keys) keys.push(key);
      argv.push(j.kind, j.keys.length, j.args.length);
      for (const arg of j.args) argv.push(arg);
    }
    client.loketPass(keys.length, ...keys, ...argv).then(
      (results) => {
        jobs.forEach((j, i) => {
          const value = results[i];
          if (value instanceof Error) j.reject(value);
          else j.resolve(value);
        });
      },
      (err: unknown) => jobs.forEach((j) => j.reject(err)),
    );
  };
  return (kind, keys, args) =>
    new Promise((resolve, reject) => {
      if (!queue.length) setImmediate(flush);
      queue.push({ kind, keys, args, resolve, reject });
    });
}


/** Where the Redis store keeps things under a key prefix (also read by the move from the embedded store, src/store/move.ts). */
export const redisKey = {
  conversation: (prefix: string, id: string, part: string): string => `${prefix}{c:${id}}:${part}`,
  collection: (prefix: string, col: Collection): string => `${prefix}rec:${col}`,
  sequence: (prefix: string, name: string): string => `${prefix}seq:${name}`,
};

// A counter raised to at least ARGV[1], never lowered: returns the value it now has.
const RAISE = `local v = tonumber(redis.call('GET', KEYS[1]) or '0') local to = tonumber(ARGV[1]) if v < to then redis.call('SET', KEYS[1], ARGV[1]) v = to end return v`;

/**
 * Raises a counter of the Redis store (`nextSequence` without `expireMs`) to at least `value`:
 * the next number it gives is above both what it gave and `value` (the move from the embedded
 * store: registration numbers go on from where the office was, never issued twice).
 */
export async function raiseRedisSequence(redis: Redis, prefix: string, name: string, value: number): Promise<number> {
  return Number(await redis.eval(RAISE, 1, redisKey.sequence(prefix, name), String(value)));
}

/**
 * The store on Redis, for several Loket instances. The ioredis client is handed in (options:
 * `redisOptions()`). Per-conversation keys share a hash tag `{c:<id>}`: `state` (expires),
 * `seen` (recent message ids, expires with the state), `transcript` (never expires), and while
 * contended `lock`, `queue`, `beats`. Records live in one hash per collection, counters in `seq:<name>`.
 * Uncontended, a message costs two round trips: `begin` (lock + dedupe + state) and `commit`.
 */
export function createRedisStore(redis: Redis, opts: RedisStoreOptions = {}): Store {
  const p = opts.prefix ?? "loket:";
  const now = opts.now ?? (() => new Date());
  const ttlMs = Math.max(1, Math.round((opts.conversationTtlDays ?? 30) * 86_400_000));
  const lockTtl = opts.lockTtlMs ?? 15_000;
  const dedupeTtlMs = Math.round((opts.dedupeTtlDays ?? 7) * 86_400_000);
  const window = opts.dedupeWindow ?? DEDUPE_WINDOW;
  const staleMs = opts.waiterStaleMs ?? 3_000;
  const client = redis as ScriptClient;
  if (!(client as Partial<ScriptClient>).loketPass) {
    redis.defineCommand("loketBegin", { lua: BEGIN });
    redis.defineCommand("loketRelease", { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand("loketLeave", { numberOfKeys: 2, lua: LEAVE });
    redis.defineCommand("loketCommit", { lua: COMMIT });
    redis.defineCommand("loketCount", { lua: COUNT });
    redis.defineCommand("loketPass", { lua: PASS });
  }
  const send = passBatch(client);
  // Lock tokens: unique per instance (random prefix) and per turn (counter); no random bytes per message.
  const tokenPrefix = randomBytes(9).toString("base64url");
  let tokens = 0;
  const c = (id: string, part: string) => redisKey.conversation(p, id, part);
  const k = {
    coll: (col: Collection) => redisKey.collection(p, col),
    seq: (name: string) => redisKey.sequence(p, name),
  };
  async function guard<T>(fn: () => Promise<T>, context: Record<string, unknown> = {}): Promise<T> {
    if (DOWN.has(redis.status)) throw new StoreError("STORE_UNAVAILABLE", `redis is unavailable (${redis.status})`, context);
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError("STORE_UNAVAILABLE", "redis is unavailable", context, { cause: err });
    }
  }

  /** `seen`: the begin's message id and its digest, so a commit of the same id does not hash it again. */
  function turn(conversationId: string, token: string, reply: [1, number, string | null], seen?: { key: string; member: string }): Turn {
    let done = false;
    const ctx = { conversationId };
    const release = async () => {
      if (done) return;
      done = true;
      // Best effort: if Redis is away, the lock expires by itself.
      await client.loketRelease(c(conversationId, "lock"), token).catch(() => undefined);
    };
    return {
      duplicate: reply[1] === 1,
      state: reply[2] ? (JSON.parse(reply[2]) as ConversationState) : null,
      async commit(batch: Batch) {
        if (done) throw new StoreError("LOCK_TIMEOUT", "turn already finished", ctx);
        let args: { keys: string[]; args: string[] };
        try {
          const member = !batch.dedupeKey ? "" : batch.dedupeKey === seen?.key ? seen.member : dedupeMember(batch.dedupeKey);
          args = commitArgs(conversationId, token, batch, member); // serialise first: a bad value writes nothing
        } catch (err) {
          await release();
          throw err;
        }
        done = true;
        const res = (await guard(() => send("c", args.keys, args.args), ctx)) as number | number[];
        const ok = Array.isArray(res) ? res[0] : res;
        if (ok !== 1) throw new StoreError("LOCK_TIMEOUT", "lock expired before commit; nothing written", ctx);
        return Array.isArray(res) ? res.slice(1).map(Number) : [];
      },
      release,
      async lastReply() {
        const raw = await guard(() => redis.get(c(conversationId, "reply")), ctx);
        if (!raw) return null;
        // Whole (as every version before 2026-12-02 wrote it), or a pointer to the turn's lines.
        const kept = JSON.parse(raw) as StoredReply | KeptLines;
        if (!("line" in kept) || "replies" in kept) return kept as StoredReply;
        const lines = kept.n > 0 ? await guard(() => redis.lrange(c(conversationId, "transcript"), kept.line, kept.line + kept.n - 1), ctx) : [];
        return { messageId: kept.messageId, replies: repliesOfLines(lines.map((l) => JSON.parse(l) as TranscriptEntry)) };
      },
    };
  }

  return {
    async begin(conversationId, o: BeginOptions = {}): Promise<Turn> {
      const token = `${tokenPrefix}.${(++tokens).toString(36)}`;
      // Wait longer than a dead holder's lock lives, so a crash costs a delay, not an error.
      const deadline = Date.now() + (o.waitMs ?? lockTtl + 5_000);
      const member = o.dedupeKey ? dedupeMember(o.dedupeKey) : "";
      const [lock, queue, beats] = [c(conversationId, "lock"), c(conversationId, "queue"), c(conversationId, "beats")];
      const keys = [lock, c(conversationId, "state"), c(conversationId, "seen"), queue, beats];
      let delay = 1;
      for (;;) {
        const minSeen = now().getTime() - dedupeTtlMs;
        let res: BeginReply;
        try {
          res = (await guard(() => send("b", keys, [token, lockTtl, member, staleMs, minSeen]), { conversationId })) as BeginReply;
        } catch (err) {
          // A begin that timed out here may still run when a paused or slow Redis catches up, and
          // take the lock for a turn that gave up: it would hold the conversation for the lock's
          // whole life (15 s). Sent behind it on the same connection, this undoes it.
          void client.loketRelease(lock, token).catch(() => undefined);
          void client.loketLeave(queue, beats, token).catch(() => undefined);
          throw err;
        }
        if (res[0] === 1) return turn(conversationId, token, res, o.dedupeKey ? { key: o.dedupeKey, member } : undefined);
        if (Date.now() >= deadline) {
          await client.loketLeave(queue, beats, token).catch(() => undefined);
          throw new StoreError("LOCK_TIMEOUT", "conversation is busy", { conversationId });
        }
        // The head of the line polls often; the others only need to stay fresh.
        await new Promise((r) => setTimeout(r, res[1] === 0 ? delay : Math.min(25, staleMs / 4)));
        delay = Math.min(delay * 2, 8);
      }
    },
    async peekState(id) {
      const raw = await guard(() => redis.get(c(id, "state")));
      return raw ? (JSON.parse(raw) as ConversationState) : null;
    },
    async get<T>(col: Collection, key: string) {
      const raw = await guard(() => redis.hget(k.coll(col), key));
      return raw ? (JSON.parse(raw) as T) : null;
    },
    async list<T>(col: Collection) {
      const all = await guard(() => redis.hgetall(k.coll(col)));
      return Object.keys(all)
        .sort()
        .map((key) => JSON.parse(all[key]!) as T);
    },
    async put(col, key, value) {
      const json = value === null ? null : JSON.stringify(value);
      await guard(() => (json === null ? redis.hdel(k.coll(col), key) : redis.hset(k.coll(col), key, json)));
    },
    async transcript(id) {
      const lines = await guard(() => redis.lrange(c(id, "transcript"), 0, -1));
      return lines.map((l) => JSON.parse(l) as TranscriptEntry);
    },
    async transcriptTail(id, count) {
      if (count <= 0) return [];
      const lines = await guard(() => redis.lrange(c(id, "transcript"), -count, -1));
      return lines.map((l) => JSON.parse(l) as TranscriptEntry);
    },
    async deleteConversation(id) {
      await guard(() => redis.del(c(id, "state"), c(id, "transcript"), c(id, "seen"), c(id, "reply")));
    },
    async conversationIds() {
      const ids: string[] = [];
      await eachPage("state", (keys, idOf) => {
        for (const key of keys) ids.push(idOf(key));
      });
      return ids;
    },
    async idleConversations(before) {
      const ids: string[] = [];
      await eachPage("transcript", async (keys, idOf) => {
        const pipeline = redis.pipeline();
        for (const key of keys) pipeline.lindex(key, -1);
        const last = (await guard(() => pipeline.exec())) ?? [];
        keys.forEach((key, i) => {
          const [err, line] = last[i] ?? [null, null];
          if (err || typeof line !== "string") return;
          let at: unknown;
          try {
            at = (JSON.parse(line) as Partial<TranscriptEntry>).at;
          } catch {
            return;
          }
          if (isBefore(typeof at === "string" ? at : null, before)) ids.push(idOf(key));
        });
      });
      return ids;
    },
    async nextSequence(name, opts = {}) {
      const { expireMs } = opts;
      if (expireMs === undefined) return guard(() => redis.incr(k.seq(name)));
      return guard(async () => (await send("n", [k.seq(name)], [opts.by ?? 1, expireMs])) as number);
    },
    async close() {},
  };

  /** Every conversation's `part` key (`state`, `transcript`...), a SCAN page at a time, with the id each names. */
  async function eachPage(part: string, page: (keys: string[], idOf: (key: string) => string) => void | Promise<void>): Promise<void> {
    const idOf = (key: string) => key.slice(p.length + "{c:".length, -`}:${part}`.length);
    let cursor = "0";
    do {
      const [next, keys] = await guard(() => redis.scan(cursor, "MATCH", c("*", part), "COUNT", 1000));
      cursor = next;
      if (keys.length) await page(keys, idOf);
    } while (cursor !== "0");
  }

  function commitArgs(id: string, token: string, batch: Batch, member: string): { keys: string[]; args: string[] } {
    const colls: Collection[] = [];
    const puts: string[] = [];
    for (const put of batch.puts ?? []) {
      let idx = colls.indexOf(put.collection);
      if (idx < 0) idx = colls.push(put.collection) - 1;
      puts.push(String(idx + 1), put.key, put.value === null ? "1" : "0", put.value === null ? "" : JSON.stringify(put.value));
    }
    const lines = (batch.transcript ?? []).map((l) => JSON.stringify(l));
    // The answer kept for a retry: a pointer when the lines just written say it (the script adds
    // the first line's index), else whole.
    const pointer = !!batch.reply && lines.length > 0 && saidByLines(batch.reply.replies, batch.transcript!);
    const reply = !batch.reply ? "" : pointer ? `{"messageId":${JSON.stringify(batch.reply.messageId)},"n":${lines.length},"line":` : JSON.stringify(batch.reply);
    const op = batch.state === null ? "del" : batch.state ? "set" : "keep";
    const counters = batch.counters ?? [];
    const keys = [c(id, "lock"), c(id, "state"), c(id, "transcript"), c(id, "seen"), c(id, "reply"), ...colls.map(k.coll), ...counters.map((n) => k.seq(n.name))];
    const firstCounter = 6 + colls.length;
    const args = [
      token,
      op,
      batch.state ? JSON.stringify(batch.state) : "",
      String(ttlMs),
      member,
      String(now().getTime()),
      String(window),
      reply,
      pointer ? "1" : "0",
      String(lines.length),
      ...lines,
      String(puts.length / 4),
      ...puts,
      String(counters.length),
      ...counters.flatMap((n, j) => [String(firstCounter + j), String(n.by), String(n.expireMs)]),
    ];
    return { keys, args };
  }
}
