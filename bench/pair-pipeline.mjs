// The runtime pipeline (lock, dedupe, load, understand, step, answer, commit; 64 at once on the
// embedded SQLite store, messages with ids, the bench's mix) of two checkouts' compiled code
// (`node scripts/build.mjs` in each) in one process, slices of 3,200 messages alternating between
// them; prints each one's median CPU per message and the median of the per-slice ratios B / A.
// Run it both ways round and A against itself: on a busy machine the order tilts a ratio.
// REDIS_URL set: both sides on that Redis instead (key prefixes `ppa:` / `ppb:`, emptied first),
// the Node side's CPU only; CONC (64) sets how many messages run at once.
//
//   taskset -c 0 node bench/pair-pipeline.mjs <root A> <root B> [slices, 20] [web|telegram]
//   REDIS_URL=redis://127.0.0.1:6390 CONC=1 taskset -c 0 node bench/pair-pipeline.mjs <A> <B> 20 telegram
import { pairSlices } from "./pair-slices.mjs"; import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const [rootA, rootB, slicesArg, channel = "web"] = process.argv.slice(2); const SLICES = Number(slicesArg ?? 20); const N = 3200;
const REDIS = process.env.REDIS_URL ?? ""; const C = Number(process.env.CONC ?? 64);
const MIX = ["syarat imb apa aja", "biaya sip bidan brp", "berapa lama proses nib", "halo", "menu", "jam buka kantor", "pbg berlaku brp lama", "terima kasih"];
async function at(root, tag) {
  const { buildLoket } = await import(`${root}/dist/app.js`); const { loadConfig } = await import(`${root}/dist/config.js`); const { createLogger } = await import(`${root}/dist/log.js`);
  const cwd = process.cwd(); process.chdir(root);
  const config = loadConfig({ ...process.env, KNOWLEDGE_DIR: `${root}/knowledge`, FLOWS_DIR: `${root}/flows`, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-pp-")), LOG_LEVEL: "warn", RATE_LIMIT_BURST: "10000", RATE_LIMIT_PER_SECOND: "1000000", REDIS_URL: REDIS, REDIS_KEY_PREFIX: `pp${tag}:` });
  if (REDIS) { const { Redis } = await import(`${root}/node_modules/ioredis/built/index.js`); const r = new Redis(REDIS); for (const key of await r.keys(`pp${tag}:*`)) await r.del(key); r.disconnect(); }
  const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false });
  process.chdir(cwd);
  let round = 0;
  const run = async () => { round++; const t = process.cpuUsage();
    await Promise.all(Array.from({ length: C }, async (_, w) => { for (let i = w; i < N; i += C) await loket.runtime.handle({ channel, conversationId: `${channel}:${tag}${i % 1000}`, messageId: `c${round}:${i}`, text: MIX[(i + round) % MIX.length] }); }));
    const d = process.cpuUsage(t); return (d.user + d.system) / N; };
  return { run, loket };
}
const sides = [await at(rootA, "a"), await at(rootB, "b")];
console.log(`${channel}${REDIS ? " on Redis" : ""}, ${C} at once, µs/msg: ${await pairSlices(sides, SLICES)} of ${N}`);
for (const s of sides) await s.loket.close();
process.exit(0);
