import { describe, expect, it } from "vitest";
import { withCircuit } from "../../src/llm/circuit.js";
import { LlmMetrics } from "../../src/llm/metrics.js";
import type { FailureReason, LanguageModel, Result } from "../../src/llm/port.js";

/** A model whose every call ends as scripted, counting the calls it got. */
function scripted(outcomes: (FailureReason | "ok")[]) {
  let calls = 0;
  const next = async <T>(value: T): Promise<Result<T>> => {
    const o = outcomes[Math.min(calls++, outcomes.length - 1)]!;
    return o === "ok" ? { ok: true, value } : { ok: false, reason: o };
  };
  const model: LanguageModel = {
    classify: () => next({ intent: "ask", permit: "pbg", aspect: "general" }),
    answer: () => next({ text: "PBG lewat SIMBG.", sources: [] }),
    extractFields: () => next({}),
  };
  return { model, calls: () => calls };
}

const catalogue = { intents: ["ask"], permits: [], aspects: [] };

describe("withCircuit", () => {
  it("rests a model after failures in a row, counts the calls not made, and asks again after the cool-down", async () => {
    let now = 0;
    const metrics = new LlmMetrics();
    const s = scripted(["error", "timeout", "error", "error", "ok"]);
    const m = withCircuit(s.model, { failures: 3, cooldownMs: 60_000, now: () => now, metrics });
    for (let i = 0; i < 3; i++) await m.classify("x", catalogue);
    expect(m.circuit().open).toBe(true);
    expect(await m.classify("x", catalogue)).toEqual({ ok: false, reason: "skipped" });
    expect(s.calls()).toBe(3);
    expect(metrics.snapshot().classify.skipped).toBe(1);
    now += 60_001;
    // Past the rest one more failure rests it again; a success closes it.
    expect((await m.classify("x", catalogue)).ok).toBe(false);
    expect(m.circuit().open).toBe(true);
    now += 60_001;
    expect((await m.classify("x", catalogue)).ok).toBe(true);
    expect(m.circuit()).toMatchObject({ open: false, failuresInARow: 0 });
  });

  it("does not count wrong output (a working model), failures far apart, or calls whose budget was already spent", async () => {
    let now = 0;
    const s = scripted(["invalid", "unsupported", "invalid", "error", "error", "timeout"]);
    const m = withCircuit(s.model, { failures: 2, cooldownMs: 1000, now: () => now, metrics: new LlmMetrics() });
    for (let i = 0; i < 3; i++) await m.answer("x", []);
    expect(m.circuit().open).toBe(false);
    await m.answer("x", []);
    now += 5000;
    await m.answer("x", []);
    expect(m.circuit()).toMatchObject({ open: false, failuresInARow: 1 });
    const spent = new AbortController();
    spent.abort();
    await m.answer("x", [], { signal: spent.signal });
    expect(m.circuit().open).toBe(false);
  });
});
