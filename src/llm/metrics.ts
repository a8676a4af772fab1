import type { FailureReason } from "./port.js";

/** The three things Loket asks of a model. */
export type LlmOperation = "classify" | "answer" | "extract";
export type LlmOutcome = "ok" | FailureReason;

export interface LlmCallStats {
  calls: number;
  ok: number;
  timeout: number;
  error: number;
  invalid: number;
  unsupported: number;
  /** Calls not made: the model was rested after failing in a row (src/llm/circuit.ts). */
  skipped: number;
  /** Sum and maximum of latencies in milliseconds, for a mean and a worst case. */
  totalMs: number;
  maxMs: number;
}

const empty = (): LlmCallStats => ({ calls: 0, ok: 0, timeout: 0, error: 0, invalid: 0, unsupported: 0, skipped: 0, totalMs: 0, maxMs: 0 });

/**
 * Counts of model calls by operation and outcome, with latency. Counters only: no text,
 * no ids of citizens. A status page or `/metrics` endpoint can render `snapshot()`.
 */
export class LlmMetrics {
  private stats: Record<LlmOperation, LlmCallStats> = { classify: empty(), answer: empty(), extract: empty() };

  record(op: LlmOperation, outcome: LlmOutcome, ms: number): void {
    const s = this.stats[op];
    s.calls++;
    s[outcome]++;
    s.totalMs += ms;
    s.maxMs = Math.max(s.maxMs, ms);
  }

  /** A copy, safe to serialise. */
  snapshot(): Record<LlmOperation, LlmCallStats> {
    return { classify: { ...this.stats.classify }, answer: { ...this.stats.answer }, extract: { ...this.stats.extract } };
  }

  reset(): void {
    this.stats = { classify: empty(), answer: empty(), extract: empty() };
  }
}

/** The process-wide counters, used unless an adapter is handed its own (tests do). */
export const llmMetrics = new LlmMetrics();
