import { contractAspect, type Understanding } from "./types.js";

/**
 * Scoring of understanding against labelled examples, as shared/eval/README.md defines it:
 * a line is right when intent and permit both match; for `ask` and `office_info` lines the
 * aspect is scored separately. Used by `npm run eval` and by the accuracy tests.
 */
export interface LabelledExample {
  text: string;
  intent: string;
  permit: string | null;
  aspect: string | null;
}

export interface EvalMiss {
  text: string;
  expected: { intent: string; permit: string | null; aspect: string | null };
  got: { intent: string; permit: string | null; aspect: string | null; confidence: number };
  /** What went wrong: "intent", "permit" or "aspect". */
  kind: "intent" | "permit" | "aspect";
}

export interface EvalReport {
  total: number;
  intentPermitCorrect: number;
  aspectTotal: number;
  aspectCorrect: number;
  intentPermitAccuracy: number;
  aspectAccuracy: number;
  misses: EvalMiss[];
  /** expected intent -> got intent -> count, for intent mistakes. */
  confusion: Record<string, Record<string, number>>;
}

/** Anything that can understand text, synchronously or not (a language model is async). */
export type UnderstandFn = (text: string) => Understanding | Promise<Understanding>;

export function parseExamples(jsonl: string): LabelledExample[] {
  return jsonl
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l, i) => {
      const o = JSON.parse(l) as LabelledExample;
      if (typeof o.text !== "string" || typeof o.intent !== "string") throw new Error(`line ${i + 1}: needs "text" and "intent"`);
      return { text: o.text, intent: o.intent, permit: o.permit ?? null, aspect: o.aspect ?? null };
    });
}

export async function evaluate(examples: LabelledExample[], understand: UnderstandFn): Promise<EvalReport> {
  let ok = 0;
  let aspectTotal = 0;
  let aspectOk = 0;
  const misses: EvalMiss[] = [];
  const confusion: Record<string, Record<string, number>> = {};
  for (const ex of examples) {
    const u = await understand(ex.text);
    // Scored as the shared contract names aspects (its labels know no "legal").
    const got = { intent: u.intent, permit: u.permit, aspect: contractAspect(u.aspect), confidence: u.confidence };
    const expected = { intent: ex.intent, permit: ex.permit, aspect: ex.aspect };
    const right = u.intent === ex.intent && u.permit === ex.permit;
    if (right) ok++;
    else {
      misses.push({ text: ex.text, expected, got, kind: u.intent !== ex.intent ? "intent" : "permit" });
      if (u.intent !== ex.intent) {
        const row = (confusion[ex.intent] ??= {});
        row[u.intent] = (row[u.intent] ?? 0) + 1;
      }
    }
    if (ex.intent === "ask" || ex.intent === "office_info") {
      aspectTotal++;
      if (got.aspect === ex.aspect) aspectOk++;
      else if (right) misses.push({ text: ex.text, expected, got, kind: "aspect" });
    }
  }
  return {
    total: examples.length,
    intentPermitCorrect: ok,
    aspectTotal,
    aspectCorrect: aspectOk,
    intentPermitAccuracy: examples.length ? ok / examples.length : 0,
    aspectAccuracy: aspectTotal ? aspectOk / aspectTotal : 0,
    misses,
    confusion,
  };
}
