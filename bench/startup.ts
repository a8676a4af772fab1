/**
 * Start-up figures alone, in about 30 seconds (`npm run bench` prints the same lines among the rest):
 * knowledge load + index in-process (cold, then warm), and start-up to /healthz of the compiled
 * entry point and of `npm start`, in an empty DATA_DIR (first start) and again (restarts).
 *
 *   npx tsx bench/startup.ts
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { loadKnowledge } from "../src/knowledge/load.js";
import { createUnderstander } from "../src/engine/understand/index.js";
import { startLoketProcess } from "../test/support/process.js";
import { fmt } from "./stats.js";


/** Knowledge load + index, parsing the files (no cache): the first call is cold. */
export async function knowledgeLoads(n = 5): Promise<number[]> {
  const loads: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    createUnderstander(await loadKnowledge("knowledge"));
    loads.push(performance.now() - t);
  }
  return loads;
}

/** Start-up to /healthz: the first in an empty DATA_DIR, then restarts reading its cache. */
export async function startups(entry?: string[], n = 4): Promise<{ first: number; restarts: number[] }> {
  const dir = `/tmp/loket-bench-start-${process.pid}-${entry ? "built" : "tsx"}`;
  rmSync(dir, { recursive: true, force: true });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const p = await startLoketProcess({ DATA_DIR: dir }, undefined, entry);
    times.push(performance.now() - t);
    await p.kill();
  }
  rmSync(dir, { recursive: true, force: true });
  return { first: times[0]!, restarts: times.slice(1) };
}

export function printStartups(built: { first: number; restarts: number[] }, tsx: { first: number; restarts: number[] }, loads: number[]): void {
  console.log(`start-up to /healthz, compiled (node dist/main.js, as in the container): first start ${built.first.toFixed(0)} ms, restart ${fmt(built.restarts)} ms (target <= 1000)`);
  console.log(`start-up to /healthz, npm start (tsx): first start ${tsx.first.toFixed(0)} ms, restart ${fmt(tsx.restarts)} ms`);
  console.log(`knowledge load + index (parsing the files, no cache): first (cold) ${loads[0]!.toFixed(0)} ms, then ${fmt(loads.slice(1), 1)} ms (target <= 300)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const loads = await knowledgeLoads();
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "ignore" });
  printStartups(await startups(["dist/main.js"]), await startups(), loads);
}
