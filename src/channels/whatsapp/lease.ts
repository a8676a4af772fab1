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
  /** Takes the key if it is free (`SET NX PX`); else says who holds it (undefined: not readable). */
  acquire(): Promise<{ held: true } | { held: false; holder?: LeaseHolder | undefined }>;
  /**
   * Extends the key if it is still ours, or takes it again if it is gone (expired while Redis was
   * away, or Redis restarted empty: then nobody else holds it). "lost": another value is there.
   * Throws when Redis does not answer.
   */
  renew(): Promise<"held" | "lost">;
  /**
   * Deletes the key if it is still ours, so a standby can take over at once. Throws when Redis does
   * not answer; our value is then kept, so a later acquire still knows the key as ours.
   */
  release(): Promise<void>;
}

// KEYS[1]: the lease key. ARGV: our value, ttl (ms). 1: extended or taken again; 0: another value.
const RENEW = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
// KEYS[1]: the lease key. ARGV[1]: our value.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

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
  return {
    async acquire() {
      const mine = JSON.stringify({ id: randomUUID(), host: hostname(), pid: process.pid, since: now().toISOString() } satisfies LeaseHolder);
      const ok = await redis.set(key, mine, "PX", opts.ttlMs, "NX");
      if (ok === "OK") {
        value = mine;
        return { held: true };
      }
      const raw = await redis.get(key);
      // Still our previous value (a release that failed while Redis was away): ours again.
      if (value && raw === value && (await redis.eval(RENEW, 1, key, value, String(opts.ttlMs))) === 1) return { held: true };
      return { held: false, holder: parseHolder(raw) };
    },
    async renew() {
      if (!value) return "lost";
      const r = await redis.eval(RENEW, 1, key, value, String(opts.ttlMs));
      return r === 1 ? "held" : "lost";
    },
    async release() {
      if (!value) return;
      const mine = value;
      await redis.eval(RELEASE, 1, key, mine);
      // Only now: after a release that failed (Redis away), acquire still recognises the key that
      // survived as our previous value, instead of waiting a ttl for "another instance" that is us.
      if (value === mine) value = undefined;
    },
  };
}

/** What runs while the lease is held: stopped at shutdown (sending what is queued) or when lost (at once). */
export interface LeasedTask {
  stop(reason: "shutdown" | "lost"): Promise<void>;
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
}

export interface LeaseRunner {
  /** "held" while this instance runs the task, "standby" while another instance holds the lease (or Redis is away). */
  state(): "held" | "standby" | "stopped";
  /** When the state last changed. */
  since(): Date;
  /** Stops the task (if running) and releases the lease. */
  stop(): Promise<void>;
}

/**
 * Runs `start()` only while this instance holds the lease: tries once at once (awaited: a first
 * failure of `start` is thrown to the caller), then in the background every `retryMs` while another
 * instance holds it. The holder renews every `renewMs`; the task is stopped at once when a renewal
 * finds another value in the key, or when no renewal succeeded for `ttlMs - renewMs / 2` (Redis
 * away): the key may expire soon after, and a standby take the session, so this instance stops
 * first rather than run beside it. A renewal failing once (a Redis blip) changes nothing.
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
  // The task stops this long after the last successful renewal was sent: before the key can expire.
  const fenceMs = Math.max(1, ttlMs - Math.floor(renewMs / 2));

  let state: "held" | "standby" | "stopped" = "standby";
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
    fence = setTimeout(() => void serial(() => lose(`not renewed for ${fenceMs} ms (Redis unreachable)`, true)), left);
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
          } else void serial(() => lose("another instance holds the session now", false));
        },
        (err: unknown) => {
          if (!warnedRedis) logger.warn({ reason: describe(err) }, `whatsapp lease not renewed (Redis); retried every ${renewMs} ms, WhatsApp stops here if it cannot be renewed within ${fenceMs} ms`);
          warnedRedis = true;
        },
      )
      .finally(() => (renewing = false));
  }

  async function attempt(): Promise<void> {
    if (stopping || task) return;
    let got: Awaited<ReturnType<SessionLease["acquire"]>>;
    const sentAt = performance.now();
    try {
      got = await lease.acquire();
    } catch (err) {
      logger.debug({ reason: describe(err) }, "whatsapp lease: Redis did not answer; retrying");
      setState("standby");
      schedule();
      return;
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
        try {
          // Renewals go on while what is queued is sent (at most 15 s); `stopping` keeps `lose` out.
          if (t) await t.stop("shutdown");
        } finally {
          task = undefined;
          stopRenewing();
          if (t) await lease.release().catch((err: unknown) => logger.warn({ reason: describe(err) }, "whatsapp lease not released; another instance takes over when it expires"));
          setState("stopped");
        }
      });
    },
  };
}
