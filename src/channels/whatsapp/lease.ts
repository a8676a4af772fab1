import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { describe } from "./connection.js";

/**
 * Who holds the WhatsApp session, as stored in the lease key: a random id (what makes the value
 * unique), and for the operator the host, the process and since when. No personal data.
 */
export interface LeaseHolder {
  id: string;
  host: string;
  pid: number;
  since: string;
}

/** The lease on one Redis key: only the instance whose value is in it runs WhatsApp. */
export interface SessionLease {
  /**
   * Takes the key if it is free or released, or still holds our previous value; else says who holds
   * it (undefined: not readable). `confirm`: the key was free (missing), so a holder whose key
   * vanished (Redis restarted without it, evicted) may still be running: see `confirm()`.
   */
  acquire(): Promise<{ held: true; confirm: boolean } | { held: false; holder?: LeaseHolder | undefined }>;
  /**
   * After a take of a free key, some time later: extends the key if it still holds our value.
   * Never takes it again: "lost" if it holds another value or none. Throws when Redis does not answer.
   */
  confirm(): Promise<"held" | "lost">;
  /**
   * Extends the key if it is still ours, or takes it again if it is gone (expired while Redis was
   * away, or Redis restarted empty). Only the running holder calls this, so taking a vanished key
   * again never makes a second instance run: a standby that took it meanwhile has not started yet
   * (it waits, see runUnderLease). "lost": another value is there. Throws when Redis does not answer.
   */
  renew(): Promise<"held" | "lost">;
  /**
   * Gives the key up if it is still ours, so a standby can take over at once: replaced by a
   * "released" marker (living one ttl) once confirmed (the marker says no holder runs: a standby
   * taking it starts at once), deleted if not (a holder whose key vanished may still run). Throws when
   * Redis does not answer; the value is then kept, so a later acquire still knows the key as ours.
   */
  release(): Promise<void>;
}

/** A released key's value starts with this (then the holder, for the operator). */
const RELEASED = "released:";
// KEYS[1]: the lease key. ARGV: our new value, ttl (ms), our previous value or "".
// {1}: was free, taken; {2}: was released, taken; {3}: still our previous value, extended; {0, v}: held by v.
const TAKE = `
local v = redis.call('GET', KEYS[1])
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return {1} end
if string.sub(v, 1, ${RELEASED.length}) == '${RELEASED}' then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return {2} end
if ARGV[3] ~= '' and v == ARGV[3] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return {3} end
return {0, v}`;
// KEYS[1]: the lease key. ARGV: our value, ttl (ms). 1: extended or taken again; 0: another value.
const RENEW = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
// KEYS[1]: the lease key. ARGV: our value, ttl (ms). 1: extended; 0: another value or none.
const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
// KEYS[1]: the lease key. ARGV: our value, the released marker or "" (delete), ttl (ms).
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

function parseHolder(raw: string | null): LeaseHolder | undefined {
  if (!raw) return undefined;
  try {
    const h = JSON.parse(raw) as Partial<LeaseHolder>;
    if (typeof h.id === "string" && typeof h.host === "string" && typeof h.pid === "number" && typeof h.since === "string") return { id: h.id, host: h.host, pid: h.pid, since: h.since };
  } catch {
    // not written by Loket: nothing to say about the holder
  }
  return undefined;
}

/**
 * The WhatsApp session lease at `key` (`<REDIS_KEY_PREFIX>whatsapp:owner`). Each acquire writes a
 * new value (a fresh random id and the time), so a value once ours and then taken by another
 * instance is never mistaken for ours again.
 */
export function createSessionLease(redis: Redis, key: string, opts: { ttlMs: number; now?: () => Date }): SessionLease {
  const now = opts.now ?? (() => new Date());
  let value: string | undefined;
  /** Whether `value` was confirmed (or taken from a release): no other holder can run beside it. */
  let confirmed = false;
  return {
    async acquire() {
      const mine = JSON.stringify({ id: randomUUID(), host: hostname(), pid: process.pid, since: now().toISOString() } satisfies LeaseHolder);
      // Passing our previous value: a release that failed while Redis was away left it, ours again.
      const [r, raw] = (await redis.eval(TAKE, 1, key, mine, String(opts.ttlMs), value ?? "")) as [number, string?];
      if (r === 0) return { held: false, holder: parseHolder(raw ?? null) };
      if (r !== 3) {
        value = mine;
        confirmed = r === 2;
      }
      return { held: true, confirm: !confirmed };
    },
    async confirm() {
      if (!value) return "lost";
      const mine = value;
      const held = (await redis.eval(EXTEND, 1, key, mine, String(opts.ttlMs))) === 1;
      if (held && value === mine) confirmed = true;
      return held ? "held" : "lost";
    },
    async renew() {
      if (!value) return "lost";
      const r = await redis.eval(RENEW, 1, key, value, String(opts.ttlMs));
      return r === 1 ? "held" : "lost";
    },
    async release() {
      if (!value) return;
      const mine = value;
      await redis.eval(RELEASE, 1, key, mine, confirmed ? RELEASED + mine : "", String(opts.ttlMs));
      // Only now: after a release that failed (Redis away), acquire still recognises the key that
      // survived as our previous value, instead of waiting a ttl for "another instance" that is us.
      if (value === mine) value = undefined;
    },
  };
}

/** What runs while the lease is held: stopped at shutdown (sending what is queued) or when lost (at once). */
export interface LeasedTask {
  stop(reason: "shutdown" | "lost"): Promise<void>;
  /** During a shutdown's stop: stop sending at once (the lease was lost meanwhile; the new holder sends what is left). */
  cut?(): void;
}

/** The lease's default lifetime without a renewal. */
export const LEASE_TTL_MS = 30_000;

export interface LeaseTimings {
  /** How long the key lives without a renewal: a crashed holder's session is free after this. Default 30 s. */
  ttlMs?: number;
  /** How often the holder renews. Default ttl / 3. */
  renewMs?: number;
  /** How often a standby tries to take the session. Default 5 s. */
  retryMs?: number;
  /**
   * How long an instance that took a free (missing) key waits before it starts, checking then that
   * the key still holds its value. Longer than the holders' `renewMs`: a holder whose key vanished
   * renews within that, finds the other value and stops. Default renewMs × 1.5 (15 s).
   */
  settleMs?: number;
}

export interface LeaseRunner {
  /**
   * "held" while this instance runs the task, "taking" while it waits `settleMs` after taking a free
   * key, "standby" while another instance holds the lease (or Redis is away).
   */
  state(): "held" | "taking" | "standby" | "stopped";
  /** When the state last changed. */
  since(): Date;
  /** Stops the task (if running) and releases the lease. */
  stop(): Promise<void>;
}

/**
 * Runs `start()` only while this instance holds the lease: tries once at once (awaited: a first
 * failure of `start` is thrown to the caller, unless the key was free, see below), then in the
 * background every `retryMs` while another instance holds it. The holder renews every `renewMs`; the
 * task is stopped at once when a renewal finds another value in the key, or when no renewal
 * succeeded for `ttlMs - renewMs / 2` (Redis away): the key may expire soon after, and a standby take
 * the session, so this instance stops first rather than run beside it. A renewal failing once (a
 * Redis blip) changes nothing.
 *
 * Why two instances never run the task together, even when the key vanishes under a live holder
 * (Redis restarted from a snapshot without it, evicted, a failover to a replica that lacked it):
 * - A key taken from a "released" marker is used at once: an instance writes the marker only after
 *   its task stopped (or never started), and only for a hold that was confirmed (below) or itself
 *   taken from a marker: nobody else can be running then.
 * - A key taken while missing might belong to a holder still running. The taker starts nothing for
 *   `settleMs` (> `renewMs`), then checks, without taking it again, that the key still holds its
 *   value. A live holder renews within that time: its renewal either finds the key missing and takes
 *   it back first (the taker's check then fails and it stays a standby), or finds the taker's value
 *   and stops at once. Both are single Redis scripts on one key: exactly one value wins.
 * - Only the running holder's renewal takes a missing key back; a standby never overwrites a value.
 * What this does not cover: a live holder whose renewals all fail (Redis out of its reach only)
 * during that whole wait; it stops at its next renewal that gets through, or by its own deadline.
 */
export async function runUnderLease(opts: {
  lease: SessionLease;
  logger: Logger;
  start: () => Promise<LeasedTask>;
  timings?: LeaseTimings;
  now?: () => Date;
}): Promise<LeaseRunner> {
  const { lease, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const ttlMs = opts.timings?.ttlMs ?? LEASE_TTL_MS;
  const renewMs = opts.timings?.renewMs ?? Math.max(1, Math.floor(ttlMs / 3));
  const retryMs = opts.timings?.retryMs ?? 5_000;
  const settleMs = opts.timings?.settleMs ?? renewMs + Math.ceil(renewMs / 2);
  // The task stops this long after the last successful renewal was sent: before the key can expire.
  const fenceMs = Math.max(1, ttlMs - Math.floor(renewMs / 2));

  let state: "held" | "taking" | "standby" | "stopped" = "standby";
  let since = now();
  let task: LeasedTask | undefined;
  let stopping = false;
  let warnedStandby = false;
  let warnedRedis = false;
  let retry: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let fence: NodeJS.Timeout | undefined;
  let renewing = false;
  /** Counts takes of the lease, so a renewal answered after the task changed is ignored. */
  let generation = 0;

  const setState = (s: typeof state) => {
    if (s !== state) since = now();
    state = s;
  };

  /** Every change of who runs the task goes through here, one at a time. */
  let chain: Promise<void> = Promise.resolve();
  const serial = (step: () => Promise<void>): Promise<void> => {
    const next = chain.then(step);
    chain = next.catch((err: unknown) => logger.error({ reason: describe(err) }, "whatsapp lease step failed"));
    return next;
  };

  const schedule = () => {
    if (stopping) return;
    clearTimeout(retry);
    retry = setTimeout(() => {
      void serial(attempt).catch(() => schedule());
    }, retryMs);
    retry.unref();
  };

  /** `sentAt`: when the acquire or renewal that succeeded was sent (the key lives ttl from a moment after it). */
  const armFence = (sentAt: number) => {
    clearTimeout(fence);
    const left = Math.max(0, fenceMs - (performance.now() - sentAt));
    fence = setTimeout(() => {
      // A shutdown's stop holds the serial chain while it sends what is queued: cut that short at once.
      if (stopping) task?.cut?.();
      else void serial(() => lose(`not renewed for ${fenceMs} ms (Redis unreachable)`, true));
    }, left);
    fence.unref();
  };

  const stopRenewing = () => {
    clearInterval(renewTimer);
    clearTimeout(fence);
    renewTimer = fence = undefined;
  };

  function renew(): void {
    if (renewing || !task) return;
    renewing = true;
    const gen = generation;
    const sentAt = performance.now();
    lease
      .renew()
      .then(
        (r) => {
          if (!task || gen !== generation) return;
          if (r === "held") {
            armFence(sentAt);
            if (warnedRedis) logger.info("whatsapp lease renewed again");
            warnedRedis = false;
          } else if (stopping) {
            // Lost while a shutdown sends what is queued: stop sending now, or a new holder would send the same texts.
            logger.warn({ code: "WHATSAPP_LEASE_LOST", reason: "another instance holds the session now" }, "the WhatsApp session was taken over while this instance was stopping: it stops sending at once");
            task.cut?.();
          } else void serial(() => lose("another instance holds the session now", false));
        },
        (err: unknown) => {
          if (!warnedRedis) logger.warn({ reason: describe(err) }, `whatsapp lease not renewed (Redis); retried every ${renewMs} ms, WhatsApp stops here if it cannot be renewed within ${fenceMs} ms`);
          warnedRedis = true;
        },
      )
      .finally(() => (renewing = false));
  }

  /** Redis did not answer a take or a check: wait as a standby and try again at the next retry. */
  function redisAway(err: unknown): void {
    logger.debug({ reason: describe(err) }, "whatsapp lease: Redis did not answer; retrying");
    setState("standby");
    schedule();
  }

  async function attempt(): Promise<void> {
    if (stopping || task || state === "taking") return;
    let got: Awaited<ReturnType<SessionLease["acquire"]>>;
    const sentAt = performance.now();
    try {
      got = await lease.acquire();
    } catch (err) {
      return redisAway(err);
    }
    if (!got.held) {
      if (!warnedStandby) {
        warnedStandby = true;
        const h = got.holder;
        logger.warn(
          { code: "WHATSAPP_STANDBY", ...(h ? { holder: { host: h.host, pid: h.pid, since: h.since } } : {}) },
          `another instance holds the WhatsApp session${h ? ` (${h.host}, pid ${h.pid}, since ${h.since})` : ""}; this instance waits and takes over when it stops`,
        );
      }
      setState("standby");
      schedule();
      return;
    }
    if (got.confirm && !stopping) {
      // Free key: a holder whose key vanished may still run. Start only once it had time to notice.
      logger.info({ settleMs }, `whatsapp lease: took the free session; WhatsApp starts here in ${settleMs} ms if it is still ours then`);
      setState("taking");
      clearTimeout(retry);
      retry = setTimeout(() => void serial(confirm).catch(() => schedule()), settleMs);
      retry.unref();
      return;
    }
    await begin(sentAt);
  }

  /** `settleMs` after taking a free key: start if the key still holds our value. */
  async function confirm(): Promise<void> {
    if (stopping || task || state !== "taking") return;
    const sentAt = performance.now();
    let r: "held" | "lost";
    try {
      r = await lease.confirm();
    } catch (err) {
      return redisAway(err);
    }
    if (r === "lost") {
      logger.info("whatsapp lease: the session was taken back meanwhile (its holder still runs); this instance waits as a standby");
      setState("standby");
      schedule();
      return;
    }
    await begin(sentAt);
  }

  /** The lease is ours (`sentAt`: when the acquire or check that said so was sent): start the task. */
  async function begin(sentAt: number): Promise<void> {
    if (stopping) {
      await lease.release().catch(() => undefined);
      return;
    }
    logger.info({ code: "WHATSAPP_LEASE_TAKEN" }, warnedStandby ? "this instance now holds the WhatsApp session (the other instance stopped)" : "this instance holds the WhatsApp session");
    warnedStandby = false;
    generation++;
    armFence(sentAt);
    renewTimer = setInterval(renew, renewMs);
    renewTimer.unref();
    try {
      task = await opts.start();
    } catch (err) {
      stopRenewing();
      setState("standby");
      await lease.release().catch(() => undefined);
      throw err;
    }
    setState("held");
  }

  /** The lease is gone (`confirmed`: another value is in the key) or may be: stop at once, then wait as a standby. */
  async function lose(reason: string, timedOut: boolean): Promise<void> {
    if (!task || stopping) return;
    const t = task;
    task = undefined;
    stopRenewing();
    logger.warn({ code: "WHATSAPP_LEASE_LOST", reason }, "this instance no longer holds the WhatsApp session: WhatsApp stops here (what is queued stays in the store) and this instance waits as a standby");
    setState("standby");
    await t.stop("lost").catch((err: unknown) => logger.warn({ reason: describe(err) }, "whatsapp did not stop cleanly"));
    // Not renewed in time, yet perhaps still ours: let it go, so a standby need not wait for the ttl.
    if (timedOut) await lease.release().catch(() => undefined);
    schedule();
  }

  await serial(attempt);
  return {
    state: () => state,
    since: () => since,
    async stop() {
      stopping = true;
      clearTimeout(retry);
      await serial(async () => {
        const t = task;
        const taking = state === "taking";
        try {
          // Renewals go on while what is queued is sent (at most 15 s); `stopping` keeps `lose` out.
          if (t) await t.stop("shutdown");
        } finally {
          task = undefined;
          stopRenewing();
          if (t || taking) await lease.release().catch((err: unknown) => logger.warn({ reason: describe(err) }, "whatsapp lease not released; another instance takes over when it expires"));
          setState("stopped");
        }
      });
    },
  };
}
