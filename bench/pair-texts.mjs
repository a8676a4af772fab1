/**
 * A restart's reading of messages/ and flows/, paired (perf20): in fresh processes on core 1, the
 * CPU of `loadMessages` + `loadFlows` in checkout A (the files parsed, as before perf20) against
 * `loadTextsCached` in checkout B with its kept result already there (a restart); the modules'
 * import is not counted. Rounds alternate A/B and B/A. Both checkouts need dist/ built.
 *
 *   node bench/pair-texts.mjs <checkout A> <checkout B> [rounds=8]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [a, b, roundsArg = "8"] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node bench/pair-texts.mjs <checkoutA> <checkoutB> [rounds]");
  process.exit(2);
}
const cacheDir = mkdtempSync(join(tmpdir(), "loket-pair-texts-"));
const parsed = `const { loadMessages } = await import(process.cwd() + "/dist/text/messages.js"); const { loadFlows } = await import(process.cwd() + "/dist/engine/flows/load.js");
const c = process.cpuUsage(); await Promise.all([loadMessages("messages"), loadFlows("flows")]); const d = process.cpuUsage(c); console.log((d.user + d.system) / 1000);`;
const kept = `const { loadTextsCached } = await import(process.cwd() + "/dist/text/texts-cache.js");
const c = process.cpuUsage(); await loadTextsCached({ cacheDir: ${JSON.stringify(cacheDir)}, messagesDir: "messages", flowsDir: "flows" }); const d = process.cpuUsage(c); console.log((d.user + d.system) / 1000);`;
const run = (k) => +execFileSync("taskset", ["-c", "1", process.execPath, "--input-type=module", "-e", k === "A" ? parsed : kept], { cwd: resolve(k === "A" ? a : b), encoding: "utf8" });
run("B"); // the first start: keeps the result
const r = { A: [], B: [] };
for (let i = 0; i < Number(roundsArg); i++) for (const k of i % 2 ? ["B", "A"] : ["A", "B"]) r[k].push(run(k));
rmSync(cacheDir, { recursive: true, force: true });
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
const ratios = r.B.map((x, i) => x / r.A[i]);
console.log(`messages + flows, CPU ms: A parsed ${fmt(r.A)}, B kept ${fmt(r.B)}; B/A median of per-round ratios ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`);
