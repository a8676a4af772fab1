/**
 * `npx tsx bench/store.ts`: the store adapters alone, without engine or HTTP. For memory,
 * SQLite (temp file, WAL) and Redis (a real redis-server started here) it prints:
 * - turns per second of begin + commit (a realistic mid-form state, two transcript lines, a
 *   dedupe id), sequential on one conversation and concurrent over many, with p50/p99 latency;
 * - Redis round trips per uncontended begin and commit (commands counted on the client);
 * - Redis MEMORY USAGE of one idle conversation (state + dedupe window);
 * - the retention job's scan (idleConversations) over IDLE conversations on SQLite and Redis:
 *   its time, and the longest the event loop waited meanwhile (Loket serves during the scan).
 * Options (environment): TURNS (5000 per run), CONCURRENCY (32), CONVERSATIONS (1000), IDLE (100000).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { createMemoryStore } from "../src/store/memory.js";
import type { Store } from "../src/store/port.js";
import { createRedisStore, redisOptions } from "../src/store/redis.js";
import { createSqliteStore, openSqlite } from "../src/store/sqlite.js";
import { startRedisProcess } from "../test/support/redis.js";
import { realisticState, whatsappMessageId } from "../test/store/states.js";

const TURNS = Number(process.env.TURNS ?? 5000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const CONVERSATIONS = Number(process.env.CONVERSATIONS ?? 1000);
const IDLE = Number(process.env.IDLE ?? 100_000);

/** IDLE conversations of one message each, half of them older than the cut-off; then one scan. */
async function idleScan(store: Store): Promise<{ ms: number; stallMs: number; found: number }> {
  const cutoff = Date.parse("2026-06-01T00:00:00.000Z");
  for (let i = 0; i < IDLE; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, IDLE - i) }, async (_, j) => {
        const n = i + j;
        const at = new Date(cutoff + (n % 2 ? 1 : -1) * 86_400_000).toISOString();
        await (await store.begin(`web:idle-${n}`)).commit({ transcript: [{ at, from: "citizen", text: "syarat pbg" }] });
      }),
    );
  }
  let stallMs = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  last = started;
  const found = (await store.idleConversations(new Date(cutoff))).length;
  const ms = performance.now() - started;
  clearInterval(tick);
  return { ms, stallMs, found };
}

let seq = 0;
/** One citizen message: begin (lock + dedupe + state), commit (state, two transcript lines, dedupe id). */
async function turn(store: Store, id: string): Promise<number> {
  const t0 = performance.now();
  const dedupeKey = whatsappMessageId(++seq);
  const t = await store.begin(id, { dedupeKey });
  await t.commit({
    state: realisticState(id, "midForm"),
    dedupeKey,
    transcript: [
      { at: "2026-11-28T02:41:09.077Z", from: "citizen", text: "Jl. Pemuda No. 10, Sumber, Rembang" },
      { at: "2026-11-28T02:41:09.080Z", from: "bot", text: "Terima kasih, Bapak/Ibu. Langkah 4 dari 9: unggah KTP (PDF/JPG/PNG)." },
    ],
  });
  return performance.now() - t0;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function run(store: Store, concurrency: number): Promise<{ tps: number; p50: number; p99: number }> {
  const lat: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < TURNS) {
        const i = next++;
        const id = concurrency === 1 ? "whatsapp:6281200000000@c.us" : `whatsapp:62812${String(i % CONVERSATIONS).padStart(8, "0")}@c.us`;
        lat.push(await turn(store, id));
      }
    }),
  );
  const secs = (performance.now() - started) / 1000;
  return { tps: TURNS / secs, p50: pct(lat, 0.5), p99: pct(lat, 0.99) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "loket-bench-store-"));
  const redisServer = await startRedisProcess();
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(redisServer.url, redisOptions());
    clients.push(c);
    return c;
  };
  const adapters: [string, () => Store][] = [
    ["memory", () => createMemoryStore()],
    ["sqlite", () => createSqliteStore(openSqlite(join(dir, `loket-${Date.now()}.db`)))],
    ["redis", () => createRedisStore(client(), { prefix: `bench:${Date.now()}:` })],
  ];
  console.log(`store bench: ${TURNS} turns per run; concurrent = ${CONCURRENCY} at once over ${CONVERSATIONS} conversations`);
  console.log("adapter  | sequential turns/s (p50 / p99 ms) | concurrent turns/s (p50 / p99 ms)");
  try {
    for (const [name, make] of adapters) {
      const s1 = make();
      await run(s1, 1); // warm-up (JIT, scripts loaded)
      const seqRun = await run(s1, 1);
      await s1.close();
      const s2 = make();
      const conRun = await run(s2, CONCURRENCY);
      await s2.close();
      const f = (r: { tps: number; p50: number; p99: number }) => `${r.tps.toFixed(0).padStart(7)} (${r.p50.toFixed(2)} / ${r.p99.toFixed(2)})`;
      console.log(`${name.padEnd(8)} | ${f(seqRun).padEnd(33)} | ${f(conRun)}`);
    }

    // Round trips: commands sent by the client for one uncontended begin and one commit.
    const redis = client();
    const store = createRedisStore(redis, { prefix: "bench:rtt:" });
    await turn(store, "whatsapp:rtt@c.us");
    const names: string[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((cmd: { name: string }, ...rest: unknown[]) => {
      names.push(cmd.name);
      return (send as (...a: unknown[]) => unknown)(cmd, ...rest);
    }) as typeof redis.sendCommand;
    const t = await store.begin("whatsapp:rtt@c.us", { dedupeKey: "x" });
    const afterBegin = names.length;
    await t.commit({ state: realisticState("whatsapp:rtt@c.us", "midForm"), dedupeKey: "x" });
    console.log(`redis round trips: begin ${afterBegin}, commit ${names.length - afterBegin} (${names.join(", ")})`);

    // Footprint of one idle conversation after many messages (dedupe window full).
    const id = "whatsapp:6281234567890@c.us";
    const mem = createRedisStore(redis, { prefix: "bench:mem:" });
    for (let i = 0; i < 60; i++) {
      const dedupeKey = whatsappMessageId(i);
      await (await mem.begin(id, { dedupeKey })).commit({ state: realisticState(id, "midForm"), dedupeKey });
    }
    let bytes = 0;
    for (const key of await redis.keys(`bench:mem:{c:${id}}:*`)) bytes += Number(await redis.memory("USAGE", key));
    console.log(`redis MEMORY USAGE per idle conversation (mid-form state ${JSON.stringify(realisticState(id, "midForm")).length} B JSON, 60 messages): ${bytes} B`);

    // The daily retention scan.
    for (const [name, make] of adapters.filter(([n]) => n !== "memory")) {
      const s = make();
      const r = await idleScan(s);
      await s.close();
      console.log(`retention scan (${name}): ${r.found} of ${IDLE} conversations quiet since the cut-off, found in ${r.ms.toFixed(0)} ms; longest event-loop wait meanwhile ${r.stallMs.toFixed(1)} ms`);
    }
  } finally {
    clients.forEach((c) => c.disconnect());
    await redisServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
