/**
 * The cold knowledge load of two checkouts, paired (perf22, issue #9): in each round a fresh
 * process of each checkout (order alternating, `taskset -c 1`) loads and indexes the knowledge
 * once, as the first start does without a cache (`loadKnowledge` + `createUnderstander` of its
 * dist/), after importing them (imports not counted). Wall and CPU ms of that one load; also the
 * YAML reading alone (`parseYamlLocated` over the same files, in another fresh process). Each
 * checkout needs its dist/ built.
 *
 *   node bench/pair-knowledge.mjs <checkoutA> <checkoutB> [rounds=10]
 *
 * Prints each checkout's medians (min-max) and the medians of the per-round ratios B/A.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const [rootA, rootB, roundsArg = "10"] = process.argv.slice(2);
if (!rootA || !rootB) {
  console.error("usage: node bench/pair-knowledge.mjs <checkoutA> <checkoutB> [rounds]");
  process.exit(2);
}
const roots = { A: resolve(rootA), B: resolve(rootB) };
const rounds = Number(roundsArg);

const LOAD = `
const { loadKnowledge } = await import(process.cwd() + "/dist/knowledge/load.js");
const { createUnderstander } = await import(process.cwd() + "/dist/engine/understand/index.js");
const c = process.cpuUsage(), t = performance.now();
createUnderstander(await loadKnowledge("knowledge"));
const wall = performance.now() - t, d = process.cpuUsage(c);
console.log(JSON.stringify({ wall, cpu: (d.user + d.system) / 1000 }));`;

const YAML = `
import { readFileSync, readdirSync } from "node:fs";
const texts = readdirSync("knowledge/permits").filter((f) => f.endsWith(".md")).map((f) => /^---\\r?\\n([\\s\\S]*?)\\r?\\n---/.exec(readFileSync("knowledge/permits/" + f, "utf8"))?.[1] ?? "");
for (const f of ["office.yaml", "referrals.yaml", "understanding.yaml"]) texts.push(readFileSync("knowledge/" + f, "utf8"));
const { parseYamlLocated } = await import(process.cwd() + "/dist/text/yaml.js");
const c = process.cpuUsage(), t = performance.now();
for (const x of texts) parseYamlLocated("f", x);
const wall = performance.now() - t, d = process.cpuUsage(c);
console.log(JSON.stringify({ wall, cpu: (d.user + d.system) / 1000 }));`;

const run = (root, script) => JSON.parse(execFileSync("taskset", ["-c", "1", process.execPath, "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const FIGURES = ["cold", "coldCpu", "yaml", "yamlCpu"];
const res = { A: Object.fromEntries(FIGURES.map((f) => [f, []])), B: Object.fromEntries(FIGURES.map((f) => [f, []])) };
for (let i = 0; i < rounds; i++) {
  for (const k of i % 2 ? ["B", "A"] : ["A", "B"]) {
    const l = run(roots[k], LOAD);
    res[k].cold.push(l.wall);
    res[k].coldCpu.push(l.cpu);
    const y = run(roots[k], YAML);
    res[k].yaml.push(y.wall);
    res[k].yamlCpu.push(y.cpu);
  }
}
const fmt = (xs) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
for (const k of ["A", "B"]) {
  const r = res[k];
  console.log(`${k} ${roots[k]}: knowledge load + index cold ${fmt(r.cold)} ms (CPU ${fmt(r.coldCpu)}); its YAML alone ${fmt(r.yaml)} ms (CPU ${fmt(r.yamlCpu)})`);
}
const ratio = (f) => res.B[f].map((b, i) => b / res.A[f][i]);
console.log(`B/A, medians of ${rounds} per-round ratios (min-max): ${FIGURES.map((f) => `${f} ${median(ratio(f)).toFixed(2)} (${Math.min(...ratio(f)).toFixed(2)}-${Math.max(...ratio(f)).toFixed(2)})`).join(", ")}`);
