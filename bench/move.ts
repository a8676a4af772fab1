/**
 * `npx tsx bench/move.ts`: how long `npm run move-to-redis` takes for an office's embedded store
 * of CONVERSATIONS conversations (default 10,000; half with a form under way, each with LINES
 * transcript lines in turns of two, default 20) and APPLICATIONS applications (default 2,000, with
 * their index records, a case for one in four, a survey for one in two), into a real redis-server
 * started here. Times the command as the operator runs it (snapshot, move, verification), and
 * prints Redis's memory afterwards.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { runMoveCli } from "../src/cli/move-to-redis.js";
import type { ConversationState } from "../src/domain/conversation.js";
import type { TranscriptEntry } from "../src/domain/records.js";
import { createSqliteStore, openSqlite } from "../src/store/sqlite.js";
import { applicationRecord } from "../test/support/applications.js";
import { startRedisProcess } from "../test/support/redis.js";

const CONVERSATIONS = Number(process.env.CONVERSATIONS ?? 10_000);
const APPLICATIONS = Number(process.env.APPLICATIONS ?? 2_000);
const LINES = Number(process.env.LINES ?? 20);

const dir = mkdtempSync(join(tmpdir(), "loket-bench-move-"));
const redis = await startRedisProcess();
try {
  const t0 = performance.now();
  const store = createSqliteStore(openSqlite(join(dir, "loket.db")));
  const at = new Date().toISOString();
  const said = (i: number, n: number): TranscriptEntry[] => [
    { at, from: "citizen", text: `Selamat siang, saya mau tanya syarat izin nomor ${i}-${n}` },
    { at, from: "bot", text: "Syarat Persetujuan Bangunan Gedung (PBG): KTP, bukti kepemilikan tanah, gambar rencana, dan dokumen teknis. Biaya sesuai retribusi daerah." },
  ] as TranscriptEntry[];
  const conversation = async (i: number) => {
    const id = `whatsapp:62812${String(i).padStart(8, "0")}@c.us`;
    for (let n = 0; n < LINES / 2; n++) {
      const turn = await store.begin(id);
      const last = n === LINES / 2 - 1;
      const state = { conversationId: id, channel: "whatsapp", lang: "id", stack: [{ flow: "apply", step: "alamat" }], data: { permit: "pbg", nama: "Siti Rahmawati", nik: "3317014508900002", hp: "081234567890", catatan: "x".repeat(600) } };
      await turn.commit({ transcript: said(i, n), ...(last && i % 2 ? { state: state as unknown as ConversationState } : {}), ...(last ? { puts: [{ collection: "web_tokens" as const, key: id, value: { hash: "f".repeat(64) } }] } : {}) });
    }
  };
  for (let i = 0; i < CONVERSATIONS; i += 100) await Promise.all(Array.from({ length: Math.min(100, CONVERSATIONS - i) }, (_, j) => conversation(i + j)));
  for (let i = 1; i <= APPLICATIONS; i++) {
    const number = `RBG-2026-${String(i).padStart(6, "0")}`;
    const conversationId = `whatsapp:62812${String(i).padStart(8, "0")}@c.us`;
    await store.nextSequence("registration:2026");
    await store.put("applications", number, applicationRecord({ number, permit: "pbg", conversationId, fields: { nama: "Budi Santoso", nik: "3317010101900001", alamat: "Jl. Pemuda No. 12, Rembang" }, documents: { ktp: { sha256: "a".repeat(64), mime: "image/jpeg", size: 123_456 } } }));
    await store.put("conversation_applications", conversationId, [number]);
    if (i % 4 === 0) await store.put("cases", `case-${i}`, { id: `case-${i}`, conversationId, status: "closed", openedAt: at, reason: "request" });
    if (i % 2 === 0) await store.put("surveys", `s-${i}`, { id: `s-${i}`, at, answers: { u1: 4 } });
  }
  await store.close();
  const made = performance.now() - t0;
  const size = statSync(join(dir, "loket.db")).size;

  const out: string[] = [];
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const code = await runMoveCli(["--redis", redis.url], { DATA_DIR: dir, REDIS_KEY_PREFIX: "bench:" }, { out: (l) => out.push(l), err: (l) => out.push(l) });
  const took = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  if (code !== 0) throw new Error(`move failed (${code}):\n${out.join("\n")}`);
  const client = new Redis(redis.url);
  const memory = /used_memory:(\d+)/.exec(await client.info("memory"))?.[1];
  client.disconnect();

  console.log(`embedded store made: ${CONVERSATIONS} conversations x ${LINES} lines, ${APPLICATIONS} applications; loket.db ${(size / 1e6).toFixed(1)} MB (${(made / 1000).toFixed(1)} s)`);
  console.log(out.filter((l) => /^(Percakapan|Waktu|  (applications|conversation_app|web_tokens|registration))/.test(l)).join("\n"));
  console.log(`npm run move-to-redis, whole command: ${(took / 1000).toFixed(2)} s (Loket's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs); Redis used_memory afterwards ${(Number(memory) / 1e6).toFixed(1)} MB`);
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
