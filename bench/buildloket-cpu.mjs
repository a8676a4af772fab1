/**
 * The CPU time of importing Loket, of `buildLoket` (all of start-up before listening) and of
 * `loket.warm()` after it, in one fresh process of a built checkout (run it in the checkout, after
 * `node scripts/build.mjs`). An empty DATA_DIR makes it a first start; the same one again a restart.
 * One JSON line; run it alternately in two checkouts (`taskset -c 1`, a DATA_DIR each) and compare
 * the per-round ratios, with an A/A beside (the same checkout, two DATA_DIRs).
 *
 *   node bench/buildloket-cpu.mjs <DATA_DIR>
 */
const [dataDir] = process.argv.slice(2);
if (!dataDir) {
  console.error("usage: node bench/buildloket-cpu.mjs <DATA_DIR>");
  process.exit(2);
}
const dist = process.cwd() + "/dist/";
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const t0 = cpu();
const { buildLoket } = await import(dist + "app.js");
const { loadConfig } = await import(dist + "config.js");
const t1 = cpu();
const loket = await buildLoket(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }), { sweepEveryMs: false });
const t2 = cpu();
// Older checkouts have no loket.warm(): 0 there.
loket.warm?.();
const t3 = cpu();
await loket.close();
console.log(JSON.stringify({ import: +(t1 - t0).toFixed(1), build: +(t2 - t1).toFixed(1), warm: +(t3 - t2).toFixed(1) }));
process.exit(0);
