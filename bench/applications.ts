/**
 * `npx tsx bench/applications.ts`: what finding one conversation's applications costs when the
 * office holds APPLICATIONS of them (default 50,000, a province's year), on SQLite and on Redis (a
 * real redis-server started here): reading them all and filtering (before the index by
 * conversation, and still the fallback until the start-up backfill has run) against the index
 * (src/runtime/applications.ts); and the one-off backfill. Each read is on the path of a citizen's
 * document sent when nothing asks for one, of "hapus data saya", and of a staff case view.
 * Then the same for handoff cases (CASES, default 50,000, all but 20 finished long ago): the queue
 * read from every case against the recent copies (src/store/recent-cases.ts), as a waiting
 * citizen's place and every console refresh read it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { correctionPending, type Application } from "../src/domain/records.js";
import { applicationsOf, backfillApplicationIndex } from "../src/runtime/applications.js";
import { waitingInOrder } from "../src/domain/queue.js";
import type { HandoffCase } from "../src/domain/records.js";
import { backfillRecentCases, recentCases } from "../src/store/recent-cases.js";
import type { Store } from "../src/store/port.js";
import { createRedisStore, redisOptions } from "../src/store/redis.js";
import { createSqliteStore, openSqlite } from "../src/store/sqlite.js";
import { startRedisProcess } from "../test/support/redis.js";

const N = Number(process.env.APPLICATIONS ?? 50_000);
const CASES = Number(process.env.CASES ?? 50_000);
const at = new Date().toISOString();

/** A submitted PBG application of realistic size (~1 KB of JSON). */
function application(i: number): Application {
  const number = `RBG-2026-${String(i).padStart(6, "0")}`;
  return {
    number,
    permit: "pbg",
    conversationId: `whatsapp:conv-${i}`,
    channel: "whatsapp",
    fields: { nama: "Budi Santoso Wibowo", nik: "3317010101900001", alamat: "Jl. Pemuda No. 12 RT 03 RW 02, Kutoharjo, Rembang", telepon: "081234567890", fungsi: "hunian", luas: "120" },
    documents: {
      ktp: { sha256: "a".repeat(64), filename: "ktp.jpg", size: 123_456, mime: "image/jpeg" },
      gambar: { sha256: "b".repeat(64), filename: "gambar.pdf", size: 923_456, mime: "application/pdf" },
    },
    phoneLast4: "7890",
    status: "received",
    history: [{ status: "received", at, by: "loket" }],
    submittedAt: at,
    updatedAt: at,
  } as Application;
}

async function median(f: () => Promise<unknown>, runs: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function measure(name: string, store: Store): Promise<void> {
  for (let i = 0; i < N; i += 1000) {
    await Promise.all(Array.from({ length: Math.min(1000, N - i) }, (_, j) => store.put("applications", application(i + j).number, application(i + j))));
  }
  const id = `whatsapp:conv-${Math.floor(N / 2)}`;
  const scan = await median(async () => correctionPending((await store.list<Application>("applications")).filter((a) => a.conversationId === id), id), 5);
  const t0 = performance.now();
  await backfillApplicationIndex(store);
  const backfill = performance.now() - t0;
  const indexed = await median(async () => correctionPending(await applicationsOf(store, id), id), 50);
  console.log(`${name.padEnd(6)} ${N} applications: all read ${scan.toFixed(1)} ms, through the index ${indexed.toFixed(2)} ms (${(scan / indexed).toFixed(0)}×); one-off backfill ${(backfill / 1000).toFixed(1)} s`);
  const old = Date.now() - 60 * 86_400_000;
  const aCase = (i: number): HandoffCase => {
    const at = new Date(i < CASES - 20 ? old : Date.now()).toISOString();
    return { id: `case-${i}`, conversationId: `whatsapp:conv-${i}`, channel: "whatsapp", reason: "citizen_asked", status: i < CASES - 20 ? "closed" : "waiting", openedAt: at, updatedAt: at, firstTakenAt: at, ticket: i + 1 };
  };
  for (let i = 0; i < CASES; i += 1000) await Promise.all(Array.from({ length: Math.min(1000, CASES - i) }, (_, j) => store.put("cases", aCase(i + j).id, aCase(i + j))));
  const allCases = await median(async () => waitingInOrder(await store.list<HandoffCase>("cases")), 5);
  const t1 = performance.now();
  await backfillRecentCases(store);
  const copy = performance.now() - t1;
  const recentRead = await median(async () => waitingInOrder(await recentCases(store)), 50);
  console.log(`${name.padEnd(6)} ${CASES} cases: the queue from all ${allCases.toFixed(1)} ms, from the recent copies ${recentRead.toFixed(2)} ms (${(allCases / recentRead).toFixed(0)}×); one-off copy ${(copy / 1000).toFixed(1)} s`);
}

const dir = mkdtempSync(join(tmpdir(), "loket-bench-apps-"));
const sqlite = createSqliteStore(openSqlite(join(dir, "loket.db")));
await measure("sqlite", sqlite);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });
const server = await startRedisProcess();
const client = new Redis(server.url, redisOptions());
const redis = createRedisStore(client, { prefix: "bench:" });
await measure("redis", redis);
await redis.close();
client.disconnect();
await server.stop();
