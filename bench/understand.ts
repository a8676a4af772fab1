/**
 * `npx tsx bench/understand.ts`: messages classified per second on one core (target >= 5,000)
 * and loading + indexing the whole knowledge base (target < 300 ms). Median of 5 runs.
 *
 * Each run classifies every distinct message of the test sets (test/understand/*.jsonl, ~4,700)
 * once with a new understander: the understander remembers what it read, so cycling through a
 * few hundred messages would time its memo, not its reading (2.7 million a second). A new one
 * also starts with empty word caches: the figure is what a message of new words costs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createUnderstander } from "../src/engine/understand/index.js";
import { parseExamples } from "../src/engine/understand/evaluate.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { median } from "./stats.js";

const sets = readdirSync("test/understand").filter((f) => f.endsWith(".jsonl"));
const texts = [...new Set(sets.flatMap((f) => parseExamples(readFileSync(`test/understand/${f}`, "utf8")).map((e) => e.text)))];

const loads: number[] = [];
let understander = createUnderstander(await loadKnowledge("knowledge"));
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  understander = createUnderstander(await loadKnowledge("knowledge"));
  loads.push(performance.now() - t);
}
const kb = await loadKnowledge("knowledge");
for (const t of texts) understander.understand(t); // warm up the code, not a run's caches
const rates: number[] = [];
for (let run = 0; run < 5; run++) {
  const fresh = createUnderstander(kb);
  const t = performance.now();
  for (const text of texts) fresh.understand(text);
  rates.push(texts.length / ((performance.now() - t) / 1000));
}
console.log(`classification: ${median(rates).toFixed(0)} messages/s (${(1e6 / median(rates)).toFixed(0)} µs each, ${texts.length} distinct messages) (min ${Math.min(...rates).toFixed(0)}, max ${Math.max(...rates).toFixed(0)}) on one core — target >= 5000`);
console.log(`knowledge load + index: ${median(loads).toFixed(1)} ms (min ${Math.min(...loads).toFixed(1)}, max ${Math.max(...loads).toFixed(1)}) — target < 300`);
