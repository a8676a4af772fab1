// The web API's route in-process, paired: two checkouts' compiled code (`node scripts/build.mjs` in
// each) built in one process, each Loket's own Fastify app fed through `app.inject` (Fastify's
// routing, hooks, the per-request logger, the token check, the body, the turn, the reply's
// serialisation; no socket), 64 at once, messages with ids from the bench's mix over 1,000
// conversations; slices of 3,200 alternating between the two (bench/pair-slices.mjs). Where
// bench/pair.mjs's servers in two processes drift apart on a busy machine, both sides here see the
// same load. ROUTE=echo sends the same to a bare echo route on each side's app instead.
//
//   taskset -c 0 node bench/pair-web.mjs <root A> <root B> [slices, 20]
import { pairSlices } from "./pair-slices.mjs"; import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const [rootA, rootB, slicesArg] = process.argv.slice(2); const SLICES = Number(slicesArg ?? 20); const N = 3200; const C = Number(process.env.CONC ?? 64);
const ECHO = process.env.ROUTE === "echo";
const MIX = ["syarat imb apa aja", "biaya sip bidan brp", "berapa lama proses nib", "halo", "menu", "jam buka kantor", "pbg berlaku brp lama", "terima kasih"];
let uid = 0;
async function at(root) {
  const { buildLoket } = await import(`${root}/dist/app.js`); const { loadConfig } = await import(`${root}/dist/config.js`); const { createLogger } = await import(`${root}/dist/log.js`);
  const cwd = process.cwd(); process.chdir(root);
  const config = loadConfig({ ...process.env, KNOWLEDGE_DIR: `${root}/knowledge`, FLOWS_DIR: `${root}/flows`, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-pw-")), LOG_LEVEL: "warn", RATE_LIMIT_BURST: "10000", RATE_LIMIT_PER_SECOND: "1000000", WEB_CONVERSATIONS_PER_MINUTE: "0", REDIS_URL: "" });
  const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false });
  process.chdir(cwd);
  loket.app.post("/bench/echo", async (req) => ({ replies: [{ type: "text", text: req.body?.text ?? "" }] }));
  const convs = [];
  for (let i = 0; i < 1000; i++) convs.push((await loket.app.inject({ method: "POST", url: "/api/conversations" })).json());
  let failed = 0;
  const run = async () => { const t = process.cpuUsage();
    await Promise.all(Array.from({ length: C }, async (_, w) => { for (let i = w; i < N; i += C) {
      const text = MIX[(i + uid) % MIX.length]; const c = convs[(i * 7 + uid) % convs.length];
      const res = ECHO
        ? await loket.app.inject({ method: "POST", url: "/bench/echo", payload: { text } })
        : await loket.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/messages`, headers: { authorization: `Bearer ${c.token}` }, payload: { text, messageId: String(uid++) } });
      if (res.statusCode !== 200) failed++; } }));
    if (failed) throw new Error(`${failed} requests failed`);
    const d = process.cpuUsage(t); return (d.user + d.system) / N; };
  return { run, loket };
}
const sides = [await at(rootA), await at(rootB)];
console.log(`${ECHO ? "echo route" : "web messages"} via inject, ${C} at once, µs/msg: ${await pairSlices(sides, SLICES)} of ${N}`);
for (const s of sides) await s.loket.close();
process.exit(0);
