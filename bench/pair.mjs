// Paired comparison of two (or more) bench servers running side by side on core 0: this process
// (run it on core 1) sends short load slices to each in turn and prints, per server, the median
// CPU time per message (read from the server's /bench/cpu around each slice), its throughput, and
// the median over slices of its CPU ratio to the first server. Slices a second apart see the same
// mood of the VM, so the ratio holds where single runs drift by more than the difference sought.
//
//   taskset -c 1 node bench/pair.mjs <conc> <slices> <sliceMs> <mode>~<server args> <mode>~<server args> ...
//
// mode: loket (web messages without ids), loket-id (with ids, as the chat page sends them), echo
// (the bare echo route), floor (a stored turn that does nothing else: lock, dedupe, load, write
// the state and two transcript lines; see bench/server.ts), tg-loket / tg-echo (Telegram updates to the Loket bot / the echo bot; the
// servers need BOT_API_ROOT and BOT_TOKEN of a running stand-in, as `npm run bench` starts).
// Server args are given to `node` on core 0, e.g. "--import tsx bench/server.ts"; an env
// assignment before `|` sets variables for that server only ("LOKET_CODE=src|--import tsx bench/server.ts").
// STORE (sqlite, redis) and REDIS_URL apply to every server. Example, what message ids cost:
//   taskset -c 1 node bench/pair.mjs 64 12 1000 "loket~--import tsx bench/server.ts" "loket-id~--import tsx bench/server.ts"
import { spawn } from "node:child_process";
import { Agent, createServer, request } from "node:http";

const [conc, slices, sliceMs, ...specs] = process.argv.slice(2);
if (!specs.length) {
  console.error("usage: node bench/pair.mjs <conc> <slices> <sliceMs> <mode>~<server args> ...");
  process.exit(2);
}
const C = Number(conc);
const MIX = ["syarat imb apa aja", "biaya sip bidan brp", "berapa lama proses nib", "halo", "menu", "jam buka kantor", "pbg berlaku brp lama", "terima kasih"];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

/**
 * A port free now on loopback: several people's pair runs on one machine took the same fixed ports
 * (4200, 4201), and a server that could not listen left its load to whichever server had them.
 */
const freePort = () =>
  new Promise((done) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });

const ports = [];
while (ports.length < specs.length) {
  const port = await freePort();
  if (!ports.includes(port)) ports.push(port);
}
const servers = specs.map((spec, i) => {
  const m = /^(loket|loket-id|echo|floor|tg-loket|tg-echo)~(.*)$/.exec(spec);
  if (!m) throw new Error(`not <mode>~<server args>: ${spec}`);
  const [, mode, rest] = m;
  const [envPart, args] = rest.includes("|") ? rest.split("|") : ["", rest];
  const env = { ...process.env, STORE: process.env.STORE ?? "sqlite", REDIS_URL: process.env.REDIS_URL ?? "", PORT: String(ports[i]) };
  for (const kv of envPart.split(/\s+/).filter(Boolean)) env[kv.slice(0, kv.indexOf("="))] = kv.slice(kv.indexOf("=") + 1);
  const child = spawn("taskset", ["-c", "0", process.execPath, ...args.trim().split(/\s+/)], { stdio: ["ignore", "inherit", "inherit"], env });
  return { spec, mode, base: `http://127.0.0.1:${ports[i]}`, child, agent: new Agent({ keepAlive: true, maxSockets: C }), convs: [], cpu: [], rps: [] };
});
// The servers go with this process, however it ends (a failed start used to leave the others running).
process.on("exit", () => {
  for (const s of servers) s.child.kill("SIGTERM");
});

function post(s, path, body, headers = {}) {
  const data = JSON.stringify(body);
  const u = new URL(s.base);
  return new Promise((res, rej) => {
    const rq = request({ host: u.hostname, port: u.port, path, method: "POST", agent: s.agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...headers } }, (r) => {
      r.resume();
      r.on("end", () => res(r.statusCode));
    });
    rq.on("error", rej);
    rq.end(data);
  });
}

async function open(s) {
  const r = await fetch(`${s.base}/api/conversations`, { method: "POST" });
  return r.json();
}

for (const s of servers) {
  for (let i = 0; i < 300; i++) {
    if (s.child.exitCode !== null) throw new Error(`${s.spec}: the server exited (${s.child.exitCode}) before /healthz answered`);
    try {
      if ((await fetch(`${s.base}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await sleep(100);
  }
  if (s.mode.startsWith("loket")) for (let i = 0; i < 1000; i++) s.convs.push(await open(s));
}

const cpuOf = async (s) => (await (await fetch(`${s.base}/bench/cpu`)).json()).us;
let uid = (Date.now() % 100000) * 1e9;
async function slice(s, ms) {
  const end = performance.now() + ms;
  let n = 0;
  let k = 0;
  let errors = 0;
  const before = await cpuOf(s);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async (_, w) => {
      for (let i = w; performance.now() < end; i += C) {
        const text = MIX[(k++ + w) % MIX.length];
        let status;
        if (s.mode.startsWith("loket")) {
          const c = s.convs[(i * 7 + k) % s.convs.length];
          const body = s.mode === "loket-id" ? { text, messageId: String(uid++) } : { text };
          status = await post(s, `/api/conversations/${c.conversationId}/messages`, body, { authorization: `Bearer ${c.token}` });
        } else if (s.mode === "echo") status = await post(s, "/bench/echo", { text });
        else if (s.mode === "floor") status = await post(s, "/bench/floor", { text, messageId: String(uid++), conversation: String((i * 7 + k) % 1000) });
        else {
          const chatId = 100000 + ((i * 7 + k) % 1000);
          const update = { update_id: uid++, message: { message_id: 1, date: 1, chat: { id: chatId, type: "private", first_name: "W" }, from: { id: chatId, is_bot: false, first_name: "W" }, text } };
          status = await post(s, s.mode === "tg-loket" ? "/tg/loket" : "/tg/echo", update, { "x-telegram-bot-api-secret-token": "bench" });
        }
        if (status !== 200) errors++;
        n++;
      }
    }),
  );
  const elapsed = performance.now() - t0;
  const cpu = (await cpuOf(s)) - before;
  return { cpu: cpu / n, rps: n / (elapsed / 1000), errors };
}

for (const s of servers) await slice(s, 1500); // warm-up
const ratios = servers.map(() => []);
// Throughput ratios paired the same way: with STORE=redis, redis-server (on core 0 beside the
// servers) does each loaded server's share of the work, which its Node CPU alone leaves out.
const rpsRatios = servers.map(() => []);
let failed = 0;
// Rounds alternate the order (A B, B A, ...): the server measured right after another starts with
// caches the other filled, which an A/A run showed costs the second a few percent.
for (let r = 0; r < Number(slices); r++) {
  const res = new Array(servers.length);
  const order = servers.map((_, i) => i);
  if (r % 2) order.reverse();
  for (const i of order) {
    const s = servers[i];
    const x = await slice(s, Number(sliceMs));
    s.cpu.push(x.cpu);
    s.rps.push(x.rps);
    failed += x.errors;
    res[i] = x;
  }
  res.forEach((x, i) => ratios[i].push(x.cpu / res[0].cpu));
  res.forEach((x, i) => rpsRatios[i].push(x.rps / res[0].rps));
}
servers.forEach((s, i) =>
  console.log(
    `${s.spec.padEnd(56)} cpu µs/msg med ${med(s.cpu).toFixed(1)} (min ${Math.min(...s.cpu).toFixed(1)}), msg/s med ${med(s.rps).toFixed(0)} | cpu ratio to the first: med ${med(ratios[i]).toFixed(3)} (${Math.min(...ratios[i]).toFixed(3)}–${Math.max(...ratios[i]).toFixed(3)}), msg/s ratio med ${med(rpsRatios[i]).toFixed(3)} (${Math.min(...rpsRatios[i]).toFixed(3)}–${Math.max(...rpsRatios[i]).toFixed(3)})`,
  ),
);
if (failed) console.log(`${failed} requests failed`);
for (const s of servers) s.child.kill("SIGTERM");
process.exit(failed ? 1 : 0);
