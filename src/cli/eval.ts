import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadKnowledge } from "../knowledge/load.js";
import { createUnderstander } from "../engine/understand/index.js";
import { evaluate, parseExamples, type EvalReport, type UnderstandFn } from "../engine/understand/evaluate.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { loadConfig } from "../config.js";
import { withModelFallback } from "../llm/fallback.js";
import { createLanguageModelFromConfig } from "../llm/langchain.js";
import { llmMetrics } from "../llm/metrics.js";

/**
 * `npm run eval [-- <file.jsonl>] [--llm] [--misses]`: intent+permit accuracy, aspect accuracy
 * and the confusion list on labelled examples (default ../shared/eval/dev.jsonl; where that is not
 * beside the project, as in a clone of it alone, the project's own held-out set).
 *
 * `--llm`: the deterministic figures first, then the same with the configured model asked
 * whenever the rules are unsure (LLM_* variables, docs/llm.md); with no model configured
 * it says so after the deterministic figures and exits 0.
 */
const DEFAULT_DATA = "../shared/eval/dev.jsonl";
const OWN_DATA = "test/understand/holdout.jsonl";
/** The flows' default `confidence_threshold` (src/engine/flows/schema.ts). */
const CONFIDENCE_THRESHOLD = 0.5;

type Factory = (kb: KnowledgeBase) => Promise<UnderstandFn>;
export const understanders: Record<string, Factory> = {
  rules: async (kb) => {
    const u = createUnderstander(kb);
    return (text) => u.understand(text);
  },
  /** Rules, then the configured model when the rules are unsure (src/llm/fallback.ts). */
  llm: async (kb) => {
    const model = createLanguageModelFromConfig(loadConfig());
    if (!model) throw new Error("--llm: no language model is configured (set LLM_PROVIDER, LLM_MODEL, ...; see docs/llm.md)");
    const u = withModelFallback(createUnderstander(kb), model, { threshold: CONFIDENCE_THRESHOLD, permits: kb.permits });
    return (text) => u.understand(text);
  },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let file = args.find((a) => !a.startsWith("--")) ?? DEFAULT_DATA;
  if (file === DEFAULT_DATA && !existsSync(resolve(file))) {
    console.log(`${DEFAULT_DATA} is not beside this folder: using the project's own ${OWN_DATA} (name another file to evaluate it).`);
    file = OWN_DATA;
  }
  const withLlm = args.includes("--llm");
  const kb = await loadKnowledge(resolve(loadConfig().KNOWLEDGE_DIR));
  const examples = parseExamples(await readFile(resolve(file), "utf8"));
  const rules = await evaluate(examples, await understanders.rules!(kb));
  print("rules", file, rules, args.includes("--misses") || !withLlm);
  if (!withLlm) return;
  if (!loadConfig().LLM_PROVIDER) {
    console.log("Language model: none configured (LLM_PROVIDER is unset); the figures above are the deterministic ones.");
    return;
  }
  const report = await evaluate(examples, await understanders.llm!(kb));
  print("llm", file, report, true);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const m = llmMetrics.snapshot().classify;
  console.log(`Deterministic vs with model: intent+permit ${pct(rules.intentPermitAccuracy)} -> ${pct(report.intentPermitAccuracy)}, aspect ${pct(rules.aspectAccuracy)} -> ${pct(report.aspectAccuracy)}`);
  console.log(`  model calls: ${m.calls} (ok ${m.ok}, timeout ${m.timeout}, error ${m.error}, invalid ${m.invalid}), mean ${m.calls ? Math.round(m.totalMs / m.calls) : 0} ms, max ${m.maxMs} ms`);
}

function print(kind: string, file: string, report: EvalReport, misses: boolean): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`Understanding (${kind}) on ${file}: ${report.total} messages`);
  console.log(`  intent+permit: ${pct(report.intentPermitAccuracy)} (${report.intentPermitCorrect}/${report.total})`);
  console.log(`  aspect:        ${pct(report.aspectAccuracy)} (${report.aspectCorrect}/${report.aspectTotal} ask/office_info lines)`);
  const rows = Object.entries(report.confusion).flatMap(([exp, got]) => Object.entries(got).map(([g, n]) => `  ${exp} -> ${g}: ${n}`));
  console.log(rows.length ? `Intent confusion (expected -> got):\n${rows.join("\n")}` : "Intent confusion: none");
  if (misses && report.misses.length) {
    console.log("Misses:");
    for (const m of report.misses) {
      const e = m.expected;
      const g = m.got;
      console.log(`  [${m.kind}] ${JSON.stringify(m.text)}\n      expected ${e.intent}/${e.permit}/${e.aspect}, got ${g.intent}/${g.permit}/${g.aspect} (${g.confidence})`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
