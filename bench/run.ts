/**
 * `npm run bench`: the benchmark harness. Starts a real redis-server, runs two Loket HTTP
 * servers, one per store (pinned to core 0 when `taskset` exists), and a load generator in
 * another process (core 1), and prints one table: each figure the median of RUNS timed slices
 * with its range, the slices of Loket and its baseline on both stores alternating in one load
 * process, and every ratio the median of the ratios of slices next to each other (see
 * bench/load.ts). The server's CPU time per message is printed too (and its ratio, echo /
 * Loket): on a VM whose speed drifts, it moves far less than throughput, and it says what the
 * server itself spends when the load generator, not the server, is what limits the echo. Each cell
 * also says what held its throughput (the server's core, the load generator, or neither; see limitOf).
 *
 * Options (environment): RUNS (9 slices of each), DURATION_MS (1000, one slice), CONCURRENCY
 * ("1,16,64"), CHATS (1000), ACTIVE (10000: conversations for the memory figure), BOTAPI_CORE
 * (1: the core of the Bot API stand-in).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { Redis } from "ioredis";
import { freePort } from "../test/support/process.js";
import { buildDist, knowledgeLoads, startupLines } from "./startup.js";
import { fmt, median } from "./stats.js";
import type { Mode } from "./mix.js";
import { startRedisProcess } from "../test/support/redis.js";

const RUNS = Number(process.env.RUNS ?? 9);
const DURATION = Number(process.env.DURATION_MS ?? 1000);
const CONCURRENCY = (process.env.CONCURRENCY ?? "1,16,64").split(",").map(Number);
const CHATS = Number(process.env.CHATS ?? 1000);
const ACTIVE = Number(process.env.ACTIVE ?? 10000);
const BOTAPI_CORE = Number(process.env.BOTAPI_CORE ?? 1);
const hasTaskset = spawnSync("taskset", ["--version"]).status === 0;
const pin = (core: number, cmd: string[]) => (hasTaskset && cpus().length > 1 ? ["taskset", "-c", String(core), ...cmd] : cmd);

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server's CPU time per request, µs. */
  cpu: number;
  /** The load process's CPU time per request, µs. */
  loadCpu: number;
  /** Shares of the slice: the server's event loop on its core, and waiting for it; the load process's CPU, and its wait. */
  busy: number;
  wait: number;
  loadBusy: number;
  loadWait: number;
}

/**
 * What held a target's slices to their throughput: the server's core when its event loop was on
 * it or waiting for it most of the slice (0.85), else the load generator when that was, else
 * neither (the requests were in transit between them). A throughput ratio to a baseline held by
 * the load generator says how fast the load generator is, not the baseline.
 */
function limitOf(xs: Load[]): string {
  const server = median(xs.map((x) => x.busy + x.wait));
  const load = median(xs.map((x) => x.loadBusy + x.loadWait));
  const by = server >= 0.85 ? "the server's core" : load >= 0.85 ? "the load generator" : "neither";
  return `${by} (server busy ${fmt(xs.map((x) => x.busy), 2)}, waiting for its core ${fmt(xs.map((x) => x.wait), 2)}; load process busy ${fmt(xs.map((x) => x.loadBusy), 2)}, waiting ${fmt(xs.map((x) => x.loadWait), 2)}, ${fmt(xs.map((x) => x.loadCpu))} us a request)`;
}

/**
 * One load process (core 1) alternating `slices` timed slices of each target, `<mode>@<base>`
 * (see bench/load.ts); returns each target's slices in order, so the i-th slices of two targets
 * are a pair measured a second or two apart.
 */
function runSlices(targets: string[], concurrency: number, chats = CHATS, sliceMs = DURATION, slices = RUNS): Promise<Record<string, Load[]>> {
  const [cmd, ...args] = pin(1, [process.execPath, "--import", "tsx", "bench/load.ts", targets.join(","), String(concurrency), String(sliceMs), String(chats), String(slices)]);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`load exited ${code}`));
      const byTarget: Record<string, Load[]> = Object.fromEntries(targets.map((t) => [t, []]));
      for (const line of out.trim().split("\n")) {
        const r = JSON.parse(line) as Load & { target: string };
        byTarget[r.target]!.push(r);
      }
      resolve(byTarget);
    });
  });
}

async function startServer(store: "sqlite" | "redis", redisUrl: string, prefix: string, extraEnv: Record<string, string> = {}): Promise<{ base: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const [cmd, ...args] = pin(0, [process.execPath, "--expose-gc", "--import", "tsx", "bench/server.ts"]);
  const child = spawn(cmd!, args, { env: { ...process.env, STORE: store, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, PORT: String(port), ...extraEnv }, stdio: ["ignore", "inherit", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    stop: () =>
      new Promise<void>((r) => {
        child.once("exit", () => r());
        child.kill("SIGTERM");
      }),
  };
}

async function main(): Promise<void> {
  const redisVersion = execFileSync("redis-server", ["--version"]).toString().trim().split(" ")[2] ?? "?";
  console.log(`Loket benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}, redis ${redisVersion}, taskset ${hasTaskset ? "server core 0 / load core 1" : "not available"}`);
  console.log(`each figure: median of ${RUNS} slices of ${DURATION} ms (min–max); Loket and its baseline on both stores alternate in one load process; ratios: median over slices next to each other; ${CHATS} chats\n`);

  // Knowledge load + index, in-process.
  const loads = await knowledgeLoads();
  // The bench server runs Loket from dist/, as `npm start` and the container do.
  const buildMs = buildDist();
  // Redis shares core 0 with Loket: all of the server side on one core. (On the other core, idle
  // between messages, each round trip waited ~1.3 ms for the virtual CPU to wake, against 41 us here.)
  const redis = await startRedisProcess({ wrap: pin(0, []) });
  // The Bot API stand-in runs beside the load generator, on core 1 (BOTAPI_CORE=0: beside Loket).
  const [bcmd, ...bargs] = pin(BOTAPI_CORE, [process.execPath, "--import", "tsx", "bench/botapi.ts"]);
  const botApi = spawn(bcmd!, bargs, { stdio: ["ignore", "pipe", "inherit"] });
  const botEnv = await new Promise<{ apiRoot: string; token: string }>((resolve) =>
    botApi.stdout!.once("data", (d: Buffer) => resolve(JSON.parse(d.toString().trim().split("\n")[0]!) as { apiRoot: string; token: string })),
  );
  const rows: string[][] = [["path", "store", "conc", "loket msg/s", "echo msg/s", "ratio", "loket p50 ms", "loket p99 ms", "echo p50 ms", "echo p99 ms", "loket cpu us", "echo cpu us", "cpu ratio"]];
  const table = new Map<string, string[]>();
  const redisVsEmbedded: string[] = [];
  const floors: string[] = [];
  const limits: string[] = [];
  let failedRequests = 0;
  // Both stores' servers run at once (on core 0; the one not being loaded idles), so every cell
  // alternates Loket and its baseline on both stores in one load process: the Redis / embedded
  // ratio is paired too.
  const redisPrefix = `bench:redis:${Date.now()}:`;
  const servers = {
    sqlite: await startServer("sqlite", redis.url, "", { BOT_API_ROOT: botEnv.apiRoot, BOT_TOKEN: botEnv.token }),
    redis: await startServer("redis", redis.url, redisPrefix, { BOT_API_ROOT: botEnv.apiRoot, BOT_TOKEN: botEnv.token }),
  };
  const STORES = ["sqlite", "redis"] as const;
  const PATHS = [
    ["web API", "loket", "echo"],
    ["telegram webhook", "tg-loket", "tg-echo"],
  ] as const;
  for (const [path, loketMode, echoMode] of PATHS) {
    for (const c of CONCURRENCY) {
      const target = (mode: Mode, store: (typeof STORES)[number]) => `${mode}@${servers[store].base}`;
      // The web cells also load the stored-turn floor: how close any turn stored before it is
      // answered gets to the echo on this machine, the bound under the web target.
      const floorOf = (store: (typeof STORES)[number]) => (path === "web API" ? [target("floor", store)] : []);
      const slices = await runSlices(STORES.flatMap((store) => [target(echoMode, store), ...floorOf(store), target(loketMode, store)]), c);
      for (const store of STORES) {
        const e = slices[target(echoMode, store)]!;
        const l = slices[target(loketMode, store)]!;
        table.set(`${store}|${path}|${c}`, [
          path,
          store,
          String(c),
          fmt(l.map((x) => x.rps)),
          fmt(e.map((x) => x.rps)),
          fmt(l.map((x, i) => x.rps / e[i]!.rps), 2),
          fmt(l.map((x) => x.p50), 2),
          fmt(l.map((x) => x.p99), 2),
          fmt(e.map((x) => x.p50), 2),
          fmt(e.map((x) => x.p99), 2),
          fmt(l.map((x) => x.cpu)),
          fmt(e.map((x) => x.cpu)),
          fmt(l.map((x, i) => e[i]!.cpu / x.cpu), 2),
        ]);
        limits.push(`${path}, ${store}, concurrency ${c}: echo held by ${limitOf(e)}; Loket by ${limitOf(l)}`);
        const errs = [...l, ...e].reduce((n, x) => n + x.errors, 0);
        if (errs) console.log(`  (${errs} errors at ${path}/${store}/${c})`);
        failedRequests += errs;
      }
      if (path === "web API") {
        const s = slices[target(loketMode, "sqlite")]!;
        const r = slices[target(loketMode, "redis")]!;
        redisVsEmbedded.push(`redis / embedded throughput at concurrency ${c}: ${fmt(r.map((x, i) => x.rps / s[i]!.rps), 2)} (target >= 0.70)`);
        for (const store of STORES) {
          const f = slices[target("floor", store)]!;
          const e = slices[target(echoMode, store)]!;
          floors.push(`stored-turn floor (a state of ~170 B: a lower bound) / echo, web, ${store}, concurrency ${c}: throughput ${fmt(f.map((x, i) => x.rps / e[i]!.rps), 2)}, cpu ${fmt(f.map((x, i) => e[i]!.cpu / x.cpu), 2)} (${fmt(f.map((x) => x.rps))} msg/s, ${fmt(f.map((x) => x.cpu))} us)`);
          failedRequests += f.reduce((n, x) => n + x.errors, 0);
        }
      }
    }
  }
  for (const store of STORES) for (const [path] of PATHS) for (const c of CONCURRENCY) rows.push(table.get(`${store}|${path}|${c}`)!);
  const client = new Redis(redis.url);
  // Loket's conversations only: the floor's states (web:floor-N) are a bare minimum, not Loket's.
  const keys = (await client.keys(`${redisPrefix}{c:*}:state`)).filter((k) => !k.includes("{c:web:floor-")).slice(0, 200);
  let total = 0;
  for (const k of keys) {
    total += Number(await client.memory("USAGE", k));
    total += Number((await client.memory("USAGE", k.replace(/:state$/, ":seen"))) ?? 0);
  }
  const bytesPerIdle = keys.length ? total / keys.length : 0;
  client.disconnect();
  await Promise.all([servers.sqlite.stop(), servers.redis.stop()]);

  // Memory at ACTIVE conversations (SQLite store), and start-up time of the real entry point.
  const server = await startServer("sqlite", redis.url, "mem:");
  type Stats = { rss: number; heapUsed: number; startupMs: number; conversations: number };
  const stats = async () => (await (await fetch(`${server.base}/bench/stats`)).json()) as Stats;
  const before = await stats();
  // A slice goes through the chats in turn; on a slow minute it does not reach all ACTIVE of them,
  // so more load rounds follow until ACTIVE conversations have a state. The figure divides by the
  // conversations that do (it used to divide by ACTIVE, whether or not they had been reached).
  let after = before;
  for (let round = 0; round < 10 && after.conversations < ACTIVE; round++) {
    await runSlices([`loket@${server.base}`], 64, ACTIVE, 5000, 1);
    after = await stats();
  }
  await server.stop();
  // Start-up to /healthz, as `npm start` and the container run Loket (and through tsx, for
  // comparison): the first start in an empty DATA_DIR parses the knowledge files; restarts read
  // the parsed-knowledge cache.
  const starts = await startupLines(loads, buildMs);
  await redis.stop();
  botApi.kill("SIGTERM");

  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
  console.log("");
  for (const line of redisVsEmbedded) console.log(line);
  for (const line of floors) console.log(line);
  console.log("what held each cell's throughput (shares of a slice's wall time):");
  for (const line of limits) console.log(`  ${line}`);
  console.log(`redis bytes per idle conversation (state + dedupe window, MEMORY USAGE): ${bytesPerIdle.toFixed(0)} (target <= 4096)`);
  console.log(`memory with ${after.conversations} active conversations: rss ${(after.rss / 1048576).toFixed(0)} MB, heap ${(after.heapUsed / 1048576).toFixed(1)} MB; heap per conversation ${((after.heapUsed - before.heapUsed) / Math.max(1, after.conversations - before.conversations)).toFixed(0)} bytes (target <= 2048)${after.conversations < ACTIVE ? ` — only ${after.conversations} conversations reached` : ""}`);
  for (const line of starts) console.log(line);
  console.log(`buildLoket in the bench server: ${before.startupMs.toFixed(0)} ms`);
  // Figures from requests that failed mean nothing: say so, and fail (the test suite runs a short harness).
  if (failedRequests) {
    console.error(`${failedRequests} requests failed: the figures above are not valid`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
