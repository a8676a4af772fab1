/**
 * Start-up figures alone, in about 30 seconds (`npm run bench` prints the same lines among the rest):
 * knowledge load + index in-process (cold, then warm), the build of dist/, and start-up to
 * /healthz of `npm start` (its entry alone, and with npm), of the container's entry point and of the
 * TypeScript through tsx, in an empty DATA_DIR (first start) and again (restart), three rounds of
 * them in turn.
 *
 *   npx tsx bench/startup.ts
 */
import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadKnowledge } from "../src/knowledge/load.js";
import { createUnderstander } from "../src/engine/understand/index.js";
import { alive } from "../src/store/instance-lock.js";
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

/** The process holding DATA_DIR (its `loket.pid`, src/store/instance-lock.ts), where npm started it. */
function loketPid(dir: string): number | undefined {
  try {
    return Number(readFileSync(join(dir, "loket.pid"), "utf8").split("\n")[0]) || undefined;
  } catch {
    return undefined;
  }
}

/** Start-up to /healthz: the first in an empty DATA_DIR, then restarts reading its cache. */
export async function startups(entry: string[], n = 4): Promise<{ first: number; restarts: number[] }> {
  const dir = `/tmp/loket-bench-start-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const p = await startLoketProcess({ DATA_DIR: dir }, undefined, entry);
    times.push(performance.now() - t);
    const loket = loketPid(dir);
    await p.kill();
    // Under npm the process killed is npm, which leaves Loket to stop on its own: wait for it (its
    // DATA_DIR is taken until then), and stop it after 10 s.
    for (const until = Date.now() + 10_000; loket && alive(loket); ) {
      if (Date.now() > until) process.kill(loket, "SIGKILL");
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return { first: times[0]!, restarts: times.slice(1) };
}

/**
 * Rounds of every entry's first start and restart (`startups(entry, 2)`), the entries' order
 * turned each round: no entry's first start is always the one right after the build or the
 * bench's heavier work (until 2026-12-04 each entry's first start was one sample, `npm start`'s
 * always the first process after the memory test; see docs/benchmarks.md, perf34).
 */
export async function startupRounds(entries: string[][], rounds = 3): Promise<{ firsts: number[]; restarts: number[] }[]> {
  const out = entries.map(() => ({ firsts: [] as number[], restarts: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < entries.length; k++) {
      const i = (k + r) % entries.length;
      const s = await startups(entries[i]!, 2);
      out[i]!.firsts.push(s.first);
      out[i]!.restarts.push(...s.restarts);
    }
  }
  return out;
}

/** npm's own command-line script, run by this Node as the `npm` command runs it; undefined without npm. */
function npmCli(): string | undefined {
  const viaNpm = process.env.npm_execpath; // set under `npm run bench` and npx
  if (viaNpm && /npm-cli\.js$/.test(viaNpm)) return viaNpm;
  try {
    return realpathSync(execFileSync("which", ["npm"]).toString().trim());
  } catch {
    return undefined;
  }
}

/**
 * The ways Loket is started: `npm start`'s entry (without npm's own start-up), `npm start` whole as
 * the README says it (npm, its shell, then the entry: npm's start-up is ~250 ms of CPU, not
 * Loket's), the container, and tsx for comparison.
 */
const cli = npmCli();
const ENTRIES = [
  { label: "npm start (node scripts/start.mjs, dist/ up to date)", entry: ["scripts/start.mjs"], target: true },
  ...(cli ? [{ label: "npm start with npm's own start-up (npm, sh, node scripts/start.mjs)", entry: [cli, "start", "--silent"], target: true }] : []),
  { label: "compiled (node dist/main.js, as in the container)", entry: ["dist/main.js"], target: true },
  { label: "TypeScript through tsx (npm start until 2026-11-29)", entry: ["--import", "tsx", "src/main.ts"], target: false },
];

/** A clean build of dist/; returns its time in ms (the extra of the first `npm start` after src/ changed). */
export function buildDist(): number {
  const t = performance.now();
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "ignore" });
  return performance.now() - t;
}

/** Start-up of every entry (dist/ built), as lines to print with the build and knowledge figures. */
export async function startupLines(loads: number[], buildMs: number): Promise<string[]> {
  const lines: string[] = [];
  const rounds = await startupRounds(ENTRIES.map((e) => e.entry));
  ENTRIES.forEach((e, i) => {
    const r = rounds[i]!;
    lines.push(`start-up to /healthz, ${e.label}: first start ${fmt(r.firsts)} ms, restart ${fmt(r.restarts)} ms${e.target ? " (target <= 1000)" : ""}`);
  });
  lines.push(`build of dist/ (node scripts/build.mjs, also run by the first npm start after src/ changed): ${buildMs.toFixed(0)} ms`);
  lines.push(`knowledge load + index (parsing the files, no cache): first (cold) ${loads[0]!.toFixed(0)} ms, then ${fmt(loads.slice(1), 1)} ms (target <= 300)`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const loads = await knowledgeLoads();
  for (const line of await startupLines(loads, buildDist())) console.log(line);
}
