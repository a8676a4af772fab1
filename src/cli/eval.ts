import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadKnowledge } from "../knowledge/load.js";
import { createUnderstander } from "../engine/understand/index.js";
import { evaluate, parseExamples, type UnderstandFn } from "../engine/understand/evaluate.js";
import type { KnowledgeBase } from "../knowledge/types.js";

/**
 * `npm run eval [-- <file.jsonl>] [--llm] [--misses]`: intent+permit accuracy, aspect accuracy
 * and the confusion list on labelled examples (default ../shared/eval/dev.jsonl).
 *
 * Extension point: `--llm` asks `understanders.llm` for an understander. The language-model
 * helper registers it by adding a module src/engine/understand/llm.ts exporting
 * `createLlmUnderstand(kb, base): UnderstandFn` (async allowed); until then `--llm` says so.
 */
const DEFAULT_DATA = "../shared/eval/dev.jsonl";

type Factory = (kb: KnowledgeBase) => Promise<UnderstandFn>;
export const understanders: Record<string, Factory> = {
  rules: async (kb) => {
    const u = createUnderstander(kb);
    return (text) => u.understand(text);
  },
  llm: async (kb) => {
    const path = "../engine/understand/llm.js";
    const mod = (await import(path).catch(() => undefined)) as { createLlmUnderstand?: (kb: KnowledgeBase, base: UnderstandFn) => UnderstandFn | Promise<UnderstandFn> } | undefined;
    if (!mod?.createLlmUnderstand) throw new Error("--llm: no language-model understander yet (src/engine/understand/llm.ts exporting createLlmUnderstand)");
    const base = createUnderstander(kb);
    return mod.createLlmUnderstand(kb, (t) => base.understand(t));
  },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--")) ?? DEFAULT_DATA;
  const kind = args.includes("--llm") ? "llm" : "rules";
  const kb = await loadKnowledge(resolve("knowledge"));
  const understand = await understanders[kind]!(kb);
  const report = await evaluate(parseExamples(await readFile(resolve(file), "utf8")), understand);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`Understanding (${kind}) on ${file}: ${report.total} messages`);
  console.log(`  intent+permit: ${pct(report.intentPermitAccuracy)} (${report.intentPermitCorrect}/${report.total})`);
  console.log(`  aspect:        ${pct(report.aspectAccuracy)} (${report.aspectCorrect}/${report.aspectTotal} ask/office_info lines)`);
  const rows = Object.entries(report.confusion).flatMap(([exp, got]) => Object.entries(got).map(([g, n]) => `  ${exp} -> ${g}: ${n}`));
  console.log(rows.length ? `Intent confusion (expected -> got):\n${rows.join("\n")}` : "Intent confusion: none");
  if (report.misses.length) {
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
