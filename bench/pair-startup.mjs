/**
 * Start-up and knowledge load of two checkouts, paired: each round starts both (order alternating),
 * each a fresh process on core 1 (`taskset -c 1`), so a machine that slows down slows both alike.
 * Per checkout and round: `npm start`'s entry (scripts/start.mjs) to /healthz in an empty DATA_DIR
 * (first start) and again (restart, reading the knowledge cache), then knowledge load + index in a
 * fresh process (the first load cold, the median of loads 3-6 warm; wall and CPU time).
 * Each checkout needs its dist/ built (`node scripts/build.mjs` in it).
 *
 *   node bench/pair-startup.mjs <checkoutA> <checkoutB> [rounds=8]
 *
 * Prints each checkout's medians (min-max) and the medians of the per-round ratios B/A.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [rootA, rootB, roundsArg = "8"] = process.argv.slice(2);
if (!rootA || !rootB) {
  console.error("usage: node bench/pair-startup.mjs <checkoutA> <checkoutB> [rounds]");
  process.exit(2);
}
const roots = { A: resolve(rootA), B: resolve(rootB) };
const rounds = Number(roundsArg);

const freePort = () =>
  new Promise((done) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });

/** The CPU time a process has run, ms (Linux: /proc/<pid>/schedstat, nanoseconds on a CPU). */
const cpuMs = (pid) => Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;

/**
 * ms from spawning the checkout's `npm start` entry to a 200 from /healthz, and the CPU time the
 * process had used by then (less moved by other work on the machine than the wall time).
 */
async function startup(root, dataDir) {
  const port = await freePort();
  const t = performance.now();
  const env = { ...process.env, HOST: "127.0.0.1", PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  const child = spawn("taskset", ["-c", "1", process.execPath, "scripts/start.mjs"], { cwd: root, env, stdio: "ignore" });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${root}: Loket exited with ${child.exitCode} before /healthz answered`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = performance.now() - t;
  const cpu = cpuMs(child.pid);
  await new Promise((r) => {
    child.once("exit", r);
    child.kill("SIGTERM");
  });
  return { ms, cpu };
}

/** Knowledge load + index six times in a fresh process of the checkout's dist/: wall and CPU ms each. */
const LOADS = `
const { loadKnowledge } = await import(process.cwd() + "/dist/knowledge/load.js");
const { createUnderstander } = await import(process.cwd() + "/dist/engine/understand/index.js");
const wall = [], cpu = [];
for (let i = 0; i < 6; i++) {
  const c = process.cpuUsage(), t = performance.now();
  createUnderstander(await loadKnowledge("knowledge"));
  wall.push(performance.now() - t);
  const d = process.cpuUsage(c);
  cpu.push((d.user + d.system) / 1000);
}
console.log(JSON.stringify({ wall, cpu }));`;
const loads = (root) => JSON.parse(execFileSync("taskset", ["-c", "1", process.execPath, "--input-type=module", "-e", LOADS], { cwd: root, encoding: "utf8" }));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const FIGURES = ["first", "firstCpu", "restart", "restartCpu", "cold", "coldCpu", "warm", "warmCpu"];
const res = { A: Object.fromEntries(FIGURES.map((f) => [f, []])), B: Object.fromEntries(FIGURES.map((f) => [f, []])) };
for (let i = 0; i < rounds; i++) {
  for (const k of i % 2 ? ["B", "A"] : ["A", "B"]) {
    const dataDir = mkdtempSync(join(tmpdir(), "loket-pair-start-"));
    try {
      const first = await startup(roots[k], dataDir);
      const restart = await startup(roots[k], dataDir);
      res[k].first.push(first.ms);
      res[k].firstCpu.push(first.cpu);
      res[k].restart.push(restart.ms);
      res[k].restartCpu.push(restart.cpu);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const l = loads(roots[k]);
    res[k].cold.push(l.wall[0]);
    res[k].coldCpu.push(l.cpu[0]);
    res[k].warm.push(median(l.wall.slice(2)));
    res[k].warmCpu.push(median(l.cpu.slice(2)));
  }
}
const fmt = (xs) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
for (const k of ["A", "B"]) {
  const r = res[k];
  console.log(`${k} ${roots[k]}: start-up first ${fmt(r.first)} ms (CPU ${fmt(r.firstCpu)}), restart ${fmt(r.restart)} ms (CPU ${fmt(r.restartCpu)}); knowledge load + index cold ${fmt(r.cold)} ms (CPU ${fmt(r.coldCpu)}), warm ${fmt(r.warm)} ms (CPU ${fmt(r.warmCpu)})`);
}
const ratio = (f) => res.B[f].map((b, i) => b / res.A[f][i]);
console.log(`B/A, medians of ${rounds} per-round ratios (min-max): ${FIGURES.map((f) => `${f} ${median(ratio(f)).toFixed(2)} (${Math.min(...ratio(f)).toFixed(2)}-${Math.max(...ratio(f)).toFixed(2)})`).join(", ")}`);
