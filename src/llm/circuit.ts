import type { Logger } from "../log.js";
import type { LlmMetrics, LlmOperation } from "./metrics.js";
import type { CallOptions, LanguageModel, Result } from "./port.js";

export interface CircuitOptions {
  /** Calls that failed in a row (timeout or error) before the model is rested (LLM_CIRCUIT_FAILURES). */
  failures: number;
  /** How long it is rested; then it is asked again, and one more failure rests it again (LLM_CIRCUIT_COOLDOWN_MS). */
  cooldownMs: number;
  /** Milliseconds clock; Loket's own clock, so tests can pin it. */
  now: () => number;
  /** Where a call not made is counted, as outcome `skipped`. */
  metrics: LlmMetrics;
  logger?: Logger;
}

/** What staff read of the circuit: counts and times only. */
export interface CircuitState {
  /** True while the model is rested: no call is made, Loket answers without it. */
  open: boolean;
  /** Until when it is rested (ISO time), while open. */
  until?: string;
  /** Calls that failed in a row so far. */
  failuresInARow: number;
  /** When it was last rested (ISO time), if ever. */
  lastOpened?: string;
}

export interface GuardedModel extends LanguageModel {
  circuit(): CircuitState;
}

/**
 * A circuit breaker around the model: a model that is down or overloaded (timeouts, HTTP 429/5xx,
 * refused connections) is not asked for every message, each of which would wait for it. After
 * `failures` calls in a row end `timeout` or `error`, each within `cooldownMs` of the one
 * before, it is rested for `cooldownMs`: calls end at
 * once as `skipped` and Loket answers without it, as for any failure. After the rest it is asked
 * again; a success closes the circuit, a failure rests it again. Output that was wrong (`invalid`,
 * `unsupported`) came from a working model and does not count. A call whose message's budget
 * was already spent (no request made) does not count either.
 *
 * @example
 * const model = withCircuit(createLangChainModel(chat, { timeoutMs }), { failures: 3, cooldownMs: 60_000, now: Date.now, metrics });
 */
export function withCircuit(model: LanguageModel, opts: CircuitOptions): GuardedModel {
  let inARow = 0;
  let openUntil = 0;
  let lastOpened: number | undefined;
  let lastFailure = 0;

  async function guarded<T>(op: LlmOperation, call: CallOptions | undefined, run: () => Promise<Result<T>>): Promise<Result<T>> {
    if (opts.now() < openUntil) {
      opts.metrics.record(op, "skipped", 0);
      return { ok: false, reason: "skipped" };
    }
    const spent = call?.signal?.aborted ?? false;
    const r = await run();
    if (r.ok || r.reason === "invalid" || r.reason === "unsupported") inARow = 0;
    else if (!spent && (r.reason === "timeout" || r.reason === "error")) {
      const at = opts.now();
      // Failures an hour apart are not a model that is down: only those within a cool-down count together.
      // (After a rest, until a success, the count stands: one more failure rests it again.)
      if (inARow < opts.failures && at - lastFailure > opts.cooldownMs) inARow = 0;
      lastFailure = at;
      inARow++;
      // Past the rest, one failure rests it again.
      if (inARow >= opts.failures) {
        openUntil = at + opts.cooldownMs;
        lastOpened = at;
        opts.logger?.warn({ llm: "circuit", failuresInARow: inARow, cooldownMs: opts.cooldownMs }, "language model rested: Loket answers without it for a while");
      }
    }
    return r;
  }

  return {
    classify: (text, o, call) => guarded("classify", call, () => model.classify(text, o, call)),
    answer: (question, passages, call, lang) => guarded("answer", call, () => model.answer(question, passages, call, lang)),
    extractFields: (text, fields, call) => guarded("extract", call, () => model.extractFields(text, fields, call)),
    circuit() {
      const open = opts.now() < openUntil;
      return {
        open,
        ...(open ? { until: new Date(openUntil).toISOString() } : {}),
        failuresInARow: inARow,
        ...(lastOpened !== undefined ? { lastOpened: new Date(lastOpened).toISOString() } : {}),
      };
    },
  };
}
