/**
 * Heap per active conversation, measured directly: one in-process Loket (the real composition,
 * embedded SQLite store), N web conversations opened and answered through the web routes
 * (`app.inject`: token record, token check, runtime pipeline, no sockets) or N Telegram chats
 * through the runtime pipeline alone, each sent MESSAGES messages of the benchmarks' mix; after a
 * forced GC, the heap grown since a warmed-up start (2,000 conversations) divided by the
 * conversations added. The counts
 * grow in one process (1,000, then 10,000, then 30,000), as a server's do, all within Loket's minute
 * (its clock runs slow, see below).
 * SNAPSHOT=1 also diffs two heap snapshots (the start and the last count) and prints what grew
 * most per conversation, by kind of object.
 *
 *   node --expose-gc --no-flush-bytecode --import tsx bench/heap.ts
 *   COUNTS=1000,10000 MESSAGES=3 CHANNEL=telegram SNAPSHOT=1 node --expose-gc --import tsx bench/heap.ts
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapSnapshot } from "node:v8";
import { buildLoket } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { sqliteStoreOptions, sqlitePath } from "../src/store/configured.js";
import { createSqliteStore, openSqlite } from "../src/store/sqlite.js";
import { createLogger } from "../src/log.js";
import { MIX } from "./mix.js";

const COUNTS = (process.env.COUNTS ?? "1000,10000,30000").split(",").map(Number);
const MESSAGES = Number(process.env.MESSAGES ?? 3);
const CHANNEL = process.env.CHANNEL === "telegram" ? "telegram" : "web";
const AT_ONCE = 64;
const gc = globalThis.gc;
if (!gc) throw new Error("run with node --expose-gc");

const config = loadConfig({
  ...process.env,
  DATA_DIR: mkdtempSync(join(tmpdir(), "loket-heap-")),
  LOG_LEVEL: "warn",
  RATE_LIMIT_BURST: "10000",
  RATE_LIMIT_PER_SECOND: "1000000",
  WEB_CONVERSATIONS_PER_MINUTE: "0",
  WEB_UPLOAD_MB_PER_HOUR: "0",
  REDIS_URL: "",
});
// Loket's clock (the store's too) runs ten times slower than the real one: the SQLite store forgets the rows it keeps
// in memory at its minutely sweep, and 30,000 conversations take longer than a minute to open
// here; with the slow clock every figure counts conversations all active within Loket's minute.
const started = Date.now();
const now = () => new Date(started + (Date.now() - started) / 10);
const store = createSqliteStore(openSqlite(sqlitePath(config)), { ...sqliteStoreOptions(config), now });
const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false, now, store });

let sent = 0;
/** Opens conversation `i` and sends it MESSAGES messages, as a citizen would. */
async function converse(i: number): Promise<void> {
  if (CHANNEL === "telegram") {
    for (let m = 0; m < MESSAGES; m++) {
      await loket.runtime.handle({ channel: "telegram", conversationId: `telegram:${100_000 + i}`, address: String(100_000 + i), messageId: String(++sent), text: MIX[(i + m) % MIX.length]! });
    }
    return;
  }
  const opened = await loket.app.inject({ method: "POST", url: "/api/conversations", payload: {} });
  const { conversationId, token } = opened.json<{ conversationId: string; token: string }>();
  for (let m = 0; m < MESSAGES; m++) {
    const r = await loket.app.inject({
      method: "POST",
      url: `/api/conversations/${conversationId}/messages`,
      headers: { authorization: `Bearer ${token}` },
      payload: { text: MIX[(i + m) % MIX.length]!, messageId: String(++sent) },
    });
    if (r.statusCode !== 200) throw new Error(`message answered ${r.statusCode}: ${r.body}`);
  }
}
let made = 0;
async function growTo(n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      while (made < n) await converse(made++);
    }),
  );
}
const heapUsed = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

/** Self sizes summed by kind of heap object (strings by their type, objects by constructor). */
async function heapKinds(): Promise<Map<string, { size: number; count: number }>> {
  gc!();
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  const snap = JSON.parse(Buffer.concat(chunks).toString()) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const f = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [TYPE, NAME, SIZE] = ["type", "name", "self_size"].map((n) => f.indexOf(n)) as [number, number, number];
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = types[snap.nodes[i + TYPE]!]!;
    const kind = ["object", "closure", "native", "array"].includes(type) ? `${type} ${snap.strings[snap.nodes[i + NAME]!]}` : type;
    const k = out.get(kind) ?? { size: 0, count: 0 };
    k.size += snap.nodes[i + SIZE]!;
    k.count++;
    out.set(kind, k);
  }
  return out;
}

// Warm-up: compiled code, the first pages of SQLite, and the caches bounded at a fixed size (the
// last 1,000 web answers, the last 2,000 message ids taken, memos): full after 2,000
// conversations, so what follows grows with the conversations only. Then the starting heap.
await growTo(2_000);
const base = { n: made, heap: heapUsed() };
const kindsBefore = process.env.SNAPSHOT ? await heapKinds() : undefined;
console.log(`heap per active conversation, ${CHANNEL}, ${MESSAGES} messages each, embedded store (after a forced GC; the heap at ${base.n} conversations: ${(base.heap / 1048576).toFixed(1)} MB)`);
for (const n of COUNTS) {
  const t = performance.now();
  await growTo(base.n + n);
  const heap = heapUsed();
  const m = process.memoryUsage();
  console.log(`  ${String(n).padStart(6)} conversations: ${((heap - base.heap) / n).toFixed(0).padStart(5)} B each (heap ${(heap / 1048576).toFixed(1)} MB, rss ${(m.rss / 1048576).toFixed(0)} MB, external ${(m.external / 1048576).toFixed(1)} MB; ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
if (kindsBefore) {
  const after = await heapKinds();
  const n = made - base.n;
  const grown = [...after].map(([kind, a]) => ({ kind, size: a.size - (kindsBefore.get(kind)?.size ?? 0), count: a.count - (kindsBefore.get(kind)?.count ?? 0) })).sort((x, y) => y.size - x.size);
  console.log(`what grew, per conversation (${n}), by kind of object:`);
  for (const g of grown.slice(0, 15)) console.log(`  ${(g.size / n).toFixed(0).padStart(6)} B  ${(g.count / n).toFixed(2).padStart(6)} objects  ${g.kind.slice(0, 80)}`);
}
await loket.close();
