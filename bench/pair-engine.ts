/**
 * The engine's step alone, two checkouts paired in one process: each builds its own engine from
 * its own compiled code (dist/, `node scripts/build.mjs` in each first) and its own knowledge,
 * flows and messages, and short slices of the same message mix alternate between them, so the
 * machine's drift falls on both alike. Prints each one's median CPU per step and the median of
 * the per-slice ratios B / A (run A against itself for the spread).
 *
 *   taskset -c 0 npx tsx bench/pair-engine.ts <root A> <root B> [slices, 30]
 */
import { MIX } from "./mix.js";

const [rootA, rootB, slicesArg] = process.argv.slice(2);
if (!rootA || !rootB) {
  console.error("usage: npx tsx bench/pair-engine.ts <root A> <root B> [slices]");
  process.exit(2);
}
const SLICES = Number(slicesArg ?? 30);
const STEPS = 2000;

async function engineAt(root: string): Promise<() => number> {
  const { createEngine } = await import(`${root}/dist/engine/index.js`);
  const { loadFlows } = await import(`${root}/dist/engine/flows/load.js`);
  const { createUnderstander } = await import(`${root}/dist/engine/understand/index.js`);
  const { loadKnowledge } = await import(`${root}/dist/knowledge/load.js`);
  const { loadMessages } = await import(`${root}/dist/text/messages.js`);
  const [knowledge, messages, flows] = await Promise.all([loadKnowledge(`${root}/knowledge`), loadMessages(`${root}/messages`), loadFlows(`${root}/flows`)]);
  const engine = createEngine({ flows, knowledge, understander: createUnderstander(knowledge), messages });
  const states = Array.from({ length: 100 }, (_, i) => engine.initialState(`web:${i}`, "web"));
  let i = 0;
  return () => {
    const t = process.cpuUsage();
    for (let j = 0; j < STEPS; j++, i++) {
      const k = i % 100;
      // Handed over (the old state is not used again), as the runtime does; builds before it ignore the option.
      states[k] = engine.step(states[k], { type: "text", text: MIX[(i + Math.floor(i / 100)) % MIX.length]! }, { owned: true }).state;
    }
    const d = process.cpuUsage(t);
    return (d.user + d.system) / STEPS;
  };
}

const runs = [await engineAt(rootA), await engineAt(rootB)];
for (let w = 0; w < 3; w++) for (const run of runs) run();
const a: number[] = [];
const b: number[] = [];
const ratio: number[] = [];
for (let s = 0; s < SLICES; s++) {
  const us: number[] = [];
  for (const o of s % 2 ? [1, 0] : [0, 1]) us[o] = runs[o]!();
  a.push(us[0]!);
  b.push(us[1]!);
  ratio.push(us[1]! / us[0]!);
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;
console.log(`A ${med(a).toFixed(1)} µs/step, B ${med(b).toFixed(1)} µs/step, B/A median ${med(ratio).toFixed(3)} (${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}), ${SLICES} slices of ${STEPS} steps`);
