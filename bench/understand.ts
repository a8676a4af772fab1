/**
 * `npx tsx bench/understand.ts`: messages classified per second on one core (target >= 5,000)
 * and loading + indexing the whole knowledge base (target < 300 ms). Median of 5 runs.
 */
import { readFileSync } from "node:fs";
import { createUnderstander } from "../src/engine/understand/index.js";
import { parseExamples } from "../src/engine/understand/evaluate.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { median } from "./stats.js";

const texts = parseExamples(readFileSync("test/understand/holdout.jsonl", "utf8")).map((e) => e.text);

const loads: number[] = [];
let understander = createUnderstander(await loadKnowledge("knowledge"));
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  understander = createUnderstander(await loadKnowledge("knowledge"));
  loads.push(performance.now() - t);
}
for (let i = 0; i < 2000; i++) understander.understand(texts[i % texts.length]!); // warm up
const rates: number[] = [];
for (let run = 0; run < 5; run++) {
  const n = 20_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) understander.understand(texts[i % texts.length]!);
  rates.push(n / ((performance.now() - t) / 1000));
}
console.log(`classification: ${median(rates).toFixed(0)} messages/s (min ${Math.min(...rates).toFixed(0)}, max ${Math.max(...rates).toFixed(0)}) on one core — target >= 5000`);
console.log(`knowledge load + index: ${median(loads).toFixed(1)} ms (min ${Math.min(...loads).toFixed(1)}, max ${Math.max(...loads).toFixed(1)}) — target < 300`);
