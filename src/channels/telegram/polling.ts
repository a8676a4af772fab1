import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import { within } from "../../domain/within.js";

/**
 * Long polling that confirms an update to Telegram only once it has been handled. Telegram keeps
 * an update until a getUpdates call asks for a higher `offset`; grammY's runner asks for the next
 * offset as soon as it has fetched a batch, so Loket dying mid-turn (SIGKILL, OOM, a power cut)
 * lost the message or its answer. Here the offset asked for is the lowest update still in progress:
 * after a crash Telegram sends the unfinished updates again, and the runtime's dedupe with the kept
 * answer (and the channel's mark of answers sent) answers each once.
 *
 * Updates are handled concurrently (the channel's `sequentialize` keeps one chat's updates in
 * order). While one is in progress, getUpdates must repeat it (its offset cannot pass it), so it
 * answers at once instead of waiting: the loop asks again every `busyPollMs` for what came
 * meanwhile, and long-polls again once nothing is in progress.
 */
export interface PollingOptions {
  /** getUpdates' long-poll timeout in seconds while nothing is in progress. Default 30. */
  timeoutS?: number;
  /** While updates are in progress: how often new ones are fetched. Default 250 ms. */
  busyPollMs?: number;
  /**
   * An update still in progress after this long no longer holds the offset back (it is confirmed,
   * logged), so one stuck turn cannot stop the updates after it. Default 2 minutes.
   */
  holdMaxMs?: number;
  /**
   * How long `stop()` waits for updates in progress before confirming what finished. Default 6 s:
   * with the confirming call (at most 1.5 s) within the 8 s Loket's parts get to stop (src/app.ts
   * STOP_PARTS_MS; Docker kills 10 s after its SIGTERM).
   */
  stopGraceMs?: number;
  /** Waits after a failed getUpdates: 1 s, doubling up to this. Default 60 s. */
  maxBackoffMs?: number;
}

export interface Polling {
  /** Stops fetching, waits (bounded) for updates in progress, confirms the finished ones to Telegram. */
  stop(): Promise<void>;
  isRunning(): boolean;
}

type Signal = Parameters<Bot["api"]["getUpdates"]>[1];

/**
 * The updates Loket asks Telegram for (getUpdates and setWebhook): a citizen's messages, edits and
 * button taps, the staff group's messages and the bot's own membership there, and a citizen's emoji
 * reactions (`message_reaction`, which Telegram sends only when asked: a reaction on the survey's
 * rating question is its score). Telegram keeps the last list given, so every call says it.
 */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "message_reaction"] as const;

export function startPolling(bot: Bot, logger: Logger, opts: PollingOptions = {}): Polling {
  const timeoutS = opts.timeoutS ?? 30;
  const busyPollMs = opts.busyPollMs ?? 250;
  const holdMaxMs = opts.holdMaxMs ?? 120_000;
  const stopGraceMs = opts.stopGraceMs ?? 6_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 60_000;
  /** Updates being handled, by id: when each started, and whether it was let go of (held too long). */
  const inProgress = new Map<number, { since: number; released: boolean }>();
  /** The highest update id received: lower ones are in progress or done. */
  let highest: number | undefined;
  /** The offset of the last getUpdates Telegram answered: everything below it is confirmed. */
  let confirmed: number | undefined;
  let stopping = false;
  const fetching = new AbortController();
  /** Wakes the loop's wait between busy polls (nothing in progress any more, or stopping). */
  let wake: (() => void) | undefined;
  /** Resolves each time nothing is in progress any more. */
  let idle: (() => void)[] = [];

  /** The offset to ask for: the lowest update in progress, or past the highest received. */
  function offset(): number | undefined {
    const now = Date.now();
    let low: number | undefined;
    for (const [id, u] of inProgress) {
      if (!u.released && now - u.since >= holdMaxMs) {
        u.released = true;
        logger.warn({ updateId: id, heldMs: now - u.since }, "telegram update still in progress: confirmed to Telegram so that later updates keep coming");
      }
      if (!u.released && (low === undefined || id < low)) low = id;
    }
    return low ?? (highest === undefined ? undefined : highest + 1);
  }

  function dispatch(update: Update): void {
    inProgress.set(update.update_id, { since: Date.now(), released: false });
    void bot
      .handleUpdate(update)
      .catch((err: unknown) => {
        // The channel's handlers log their own errors; this is what escaped them (no message text).
        const e = (err as { error?: { name?: string } }).error ?? (err as { name?: string });
        logger.error({ updateId: update.update_id, err: { name: e?.name } }, "telegram update failed");
      })
      .finally(() => {
        inProgress.delete(update.update_id);
        if (!inProgress.size) {
          wake?.();
          idle.splice(0).forEach((f) => f());
        }
      });
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      const asked = offset();
      let updates: Update[];
      try {
        // In progress: Telegram answers at once (it repeats those), so no long poll then.
        updates = await bot.api.getUpdates({ ...(asked !== undefined ? { offset: asked } : {}), timeout: inProgress.size ? 0 : timeoutS, limit: 100, allowed_updates: ALLOWED_UPDATES }, fetching.signal as unknown as Signal);
        confirmed = asked;
        failures = 0;
      } catch (err) {
        if (stopping) break;
        const waitMs = Math.min(1_000 * 2 ** failures++, maxBackoffMs);
        const e = err as { error_code?: number; description?: string; message?: string };
        logger.warn({ code: e.error_code, reason: e.description ?? e.message, retryInMs: waitMs }, "telegram getUpdates failed; retrying");
        await pause(waitMs);
        continue;
      }
      for (const u of updates) {
        // A repeat of one in progress, or of one done while an earlier one was still in progress.
        if (highest !== undefined && u.update_id <= highest) continue;
        highest = u.update_id;
        dispatch(u);
      }
      if (inProgress.size && !stopping) await pause(busyPollMs);
    }
  }

  const running = loop();
  return {
    isRunning: () => !stopping,
    async stop() {
      if (stopping) return;
      stopping = true;
      fetching.abort();
      wake?.();
      await running;
      if (inProgress.size) {
        await within(new Promise<void>((r) => idle.push(r)), stopGraceMs, undefined);
        idle = [];
        if (inProgress.size) logger.warn({ updates: inProgress.size, graceMs: stopGraceMs }, "telegram updates still in progress at stop: left unconfirmed, Telegram sends them again at the next start");
      }
      const last = offset();
      if (last === undefined || last === confirmed) return;
      // The confirming call: its answer (updates from `last` on) is left for the next start.
      await bot.api
        .getUpdates({ offset: last, timeout: 0, limit: 1 }, AbortSignal.timeout(1_500) as unknown as Signal)
        .then(() => void (confirmed = last))
        .catch((err: unknown) => logger.warn({ reason: (err as Error).message }, "telegram: finished updates not confirmed at stop (Telegram sends them again at the next start; each is answered once)"));
    },
  };
}
