import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pino from "pino";
import { loadConfig, maskUrlPassword, type Config } from "../config.js";
import type { Application } from "../domain/records.js";
import { LoketError } from "../errors.js";
import { redisStoreOptions, sqlitePath, sqliteStoreOptions } from "../store/configured.js";
import { createFileStore } from "../store/files.js";
import { lockDataDir } from "../store/instance-lock.js";
import { moveToRedis, type MoveReport } from "../store/move.js";
import { checkSharedUploads } from "../store/shared-uploads.js";
import { createSqliteStore, openSqlite, sqliteContents } from "../store/sqlite.js";

/**
 * `npm run move-to-redis -- --redis redis://host:6379`: moves an office's embedded store
 * (DATA_DIR/loket.db) to Redis under REDIS_KEY_PREFIX, for an office that joins a province's
 * Redis (several instances). Loket must be stopped (the DATA_DIR's instance lock is taken for the
 * whole move). loket.db is only read: a snapshot is taken with VACUUM INTO beside it and removed
 * at the end. Prints counts per kind, never a value. See README "Moving from the embedded store
 * to Redis" and src/store/move.ts.
 */

const USAGE = `Pemakaian:
  npm run move-to-redis -- --redis redis://host:6379
  (atau REDIS_URL di lingkungan; DATA_DIR dan REDIS_KEY_PREFIX seperti untuk Loket sendiri)`;

export interface MoveIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs the move with this configuration; returns the exit code (0 moved or already moved, 1 refused or failed, 2 usage). */
export async function runMoveCli(argv: string[], env: NodeJS.ProcessEnv, io: MoveIo): Promise<number> {
  const at = argv.indexOf("--redis");
  const url = at >= 0 ? argv[at + 1] : env.REDIS_URL;
  const unknown = argv.find((a, i) => i !== at && i !== at + 1);
  if (unknown !== undefined) {
    io.err(`Pilihan tidak dikenal: ${unknown} (tidak ada --merge: dua kantor tidak digabung dalam satu awalan).\n${USAGE}`);
    return 2;
  }
  if (!url) {
    io.err(`Sebutkan Redis tujuan dengan --redis.\n${USAGE}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig({ ...env, REDIS_URL: url });
  } catch (err) {
    io.err(err instanceof LoketError ? err.message : String(err));
    return 2;
  }
  const dbPath = sqlitePath(config);
  if (!existsSync(dbPath)) {
    io.err(`Tidak ada ${dbPath}: DATA_DIR harus folder data Loket yang lama (yang berisi loket.db). Periksa DATA_DIR, lalu coba lagi.`);
    return 1;
  }
  // The lock is taken over from a process of another host (another container on the same volume)
  // without asking whether it runs: for a move, such a holder must be stopped or its file removed.
  const holder = (() => {
    try {
      return readFileSync(join(config.DATA_DIR, "loket.pid"), "utf8").split("\n");
    } catch {
      return undefined;
    }
  })();
  if (holder?.[1] && holder[1] !== hostname()) {
    io.err(`DATA_DIR ${config.DATA_DIR} dipegang Loket di mesin/kontainer lain (${holder[1]}). Hentikan Loket itu dulu (docker stop); bila sudah berhenti, hapus ${join(config.DATA_DIR, "loket.pid")} lalu jalankan perintah ini lagi. Tidak ada yang dipindahkan.`);
    return 1;
  }
  let unlock: () => void;
  try {
    unlock = lockDataDir(config.DATA_DIR);
  } catch (err) {
    if (!(err instanceof LoketError)) throw err;
    io.err(`Loket masih berjalan pada DATA_DIR ${config.DATA_DIR} (proses ${String(err.context.pid ?? "?")}). Hentikan dulu Loket (Ctrl-C, docker stop, systemctl stop), lalu jalankan perintah ini lagi. Tidak ada yang dipindahkan.`);
    return 1;
  }
  // The snapshot holds personal data: one a run cut off by a signal or a crash left is removed now,
  // this one at the end, also on Ctrl-C (the rest of the move continues at the next run).
  for (const f of readdirSync(config.DATA_DIR)) if (/^move-snapshot-\d+\.db(-wal|-shm)?$/.test(f)) rmSync(join(config.DATA_DIR, f), { force: true });
  const snapshot = join(config.DATA_DIR, `move-snapshot-${process.pid}.db`);
  const removeSnapshot = () => {
    for (const f of [snapshot, `${snapshot}-wal`, `${snapshot}-shm`]) rmSync(f, { force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    removeSnapshot();
    unlock();
    io.err(`Dihentikan (${signal}). Jalankan perintah ini lagi untuk melanjutkan.`);
    process.exit(130);
  };
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  const { Redis } = await import("ioredis");
  const { createRedisStore, redisOptions } = await import("../store/redis.js");
  const client = new Redis(config.REDIS_URL!, { ...redisOptions(), commandTimeout: 60_000 });
  client.on("error", () => undefined); // a failed command says it once, below
  const where = `Redis ${maskUrlPassword(config.REDIS_URL!)} (awalan ${config.REDIS_KEY_PREFIX})`;
  try {
    try {
      await client.ping();
    } catch {
      io.err(`${where} tidak bisa dihubungi. Periksa alamat --redis (atau REDIS_URL), kata sandinya, dan bahwa Redis berjalan; lalu coba lagi. Tidak ada yang dipindahkan.`);
      return 1;
    }
    // One consistent copy, read-only on loket.db (also from an older schema: the copy is upgraded, not the file).
    const started = Date.now();
    const source = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      source.exec(`VACUUM INTO '${snapshot.replaceAll("'", "''")}'`);
    } finally {
      source.close();
    }
    const db = openSqlite(snapshot);
    const store = createSqliteStore(db, sqliteStoreOptions(config));
    try {
      io.out(`Memindahkan ${dbPath} ke ${where} ...`);
      let lastSaid = Date.now();
      const outcome = await moveToRedis(
        { store, contents: sqliteContents(db), dataDir: realpathSync(config.DATA_DIR) },
        { store: createRedisStore(client, redisStoreOptions(config)), redis: client, prefix: config.REDIS_KEY_PREFIX },
        {
          progress: (done, total) => {
            if (Date.now() - lastSaid < 5_000) return;
            lastSaid = Date.now();
            io.out(`  percakapan ${done} dari ${total} ...`);
          },
        },
      );
      switch (outcome.type) {
        case "already_moved":
          io.out(`Data DATA_DIR ini sudah dipindahkan ke ${where} pada ${outcome.at}; tidak ada yang diubah. (Loket di Redis mungkin sudah mengubah datanya sejak itu: memindahkan lagi akan menimpanya.)`);
          return 0;
        case "other_move":
          io.err(`Awalan ${config.REDIS_KEY_PREFIX} di Redis ini sedang dipakai pemindahan dari DATA_DIR lain (dimulai ${outcome.startedAt}). Pakai REDIS_KEY_PREFIX lain untuk kantor ini. Tidak ada yang dipindahkan.`);
          return 1;
        case "not_empty":
          io.err(
            `Awalan REDIS_KEY_PREFIX=${config.REDIS_KEY_PREFIX} di Redis ini sudah berisi data Loket (${outcome.keys} kunci: ${outcome.kinds.join(", ")}), mungkin milik kantor lain. ` +
              `Pilih REDIS_KEY_PREFIX lain untuk kantor ini (mis. REDIS_KEY_PREFIX=rembang:) dan pakai awalan yang sama saat menjalankan Loket. Tidak ada yang dipindahkan.`,
          );
          return 1;
        case "moved":
          report(io, outcome.report, Date.now() - started);
      }
      await documents(io, config, store);
      // This folder is the one whose documents the Redis instances must share (src/store/shared-uploads.ts).
      await checkSharedUploads(client, config.REDIS_KEY_PREFIX, config.DATA_DIR, pino({ level: "silent" }));
      if (outcome.report.mismatches.length) {
        io.err(`Jumlah di Redis tidak sama dengan loket.db: ${outcome.report.mismatches.join("; ")}. Jalankan perintah ini lagi (melanjutkan); bila tetap berbeda, jangan jalankan Loket di Redis dulu: Loket lama di DATA_DIR ini masih utuh.`);
        return 1;
      }
      io.out(`Selesai. Jalankan Loket dengan REDIS_URL dan REDIS_KEY_PREFIX=${config.REDIS_KEY_PREFIX}, DATA_DIR bersama berisi uploads/ dan log-id.key dari folder ini (README: Moving from the embedded store to Redis).`);
      return 0;
    } finally {
      await store.close();
    }
  } catch (err) {
    io.err(`Gagal: ${err instanceof LoketError ? `${err.code}: ${err.message}` : (err as Error).message}. Jalankan perintah ini lagi: yang sudah dipindahkan tidak diulang.`);
    return 1;
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    removeSnapshot();
    client.disconnect();
    unlock();
  }
}

function report(io: MoveIo, r: MoveReport, ms: number): void {
  if (r.resumed) io.out("(melanjutkan pemindahan yang terputus)");
  io.out("Catatan (loket.db -> Redis):");
  for (const c of r.records) io.out(`  ${c.collection.padEnd(26)} ${String(c.source).padStart(7)} -> ${c.target}`);
  io.out(`Percakapan: ${r.conversations.total} (formulir berjalan ${r.conversations.states}, ${r.conversations.transcriptLines} baris riwayat${r.conversations.alreadyThere ? `, ${r.conversations.alreadyThere} sudah ada dari percobaan sebelumnya` : ""})`);
  io.out("Nomor urut (berikutnya melanjutkan):");
  for (const s of r.sequences) io.out(`  ${s.name.padEnd(26)} ${String(s.source).padStart(7)} -> ${s.target}`);
  io.out(`Waktu: ${(ms / 1000).toFixed(1)} dtk. ${r.mismatches.length ? "" : "Diperiksa: semua jumlah sama."}`);
  io.out("Tidak dipindahkan (hilang sendiri dalam hitungan menit/hari): id pesan terakhir tiap percakapan (7 hari), jawaban terakhir untuk kiriman ulang (10 menit), hitungan pembatas (per jam/hari), kunci percakapan; sesi WhatsApp (tautkan lagi dengan QR sekali).");
}

/** Documents stay files: says how many the applications name and whether each is in this DATA_DIR/uploads. */
async function documents(io: MoveIo, config: Config, store: import("../store/port.js").Store): Promise<void> {
  const files = createFileStore(config.DATA_DIR);
  const hashes = new Set<string>();
  for (const app of await store.list<Application>("applications")) for (const d of Object.values(app.documents ?? {})) hashes.add(d.sha256);
  let missing = 0;
  for (const h of hashes) if ((await files.writtenAt(h)) === null) missing++;
  io.out(`Dokumen: ${hashes.size} berkas disebut permohonan, ${missing} tidak ada di ${join(config.DATA_DIR, "uploads")}. Dokumen tetap berkas: folder ini (uploads/ dan log-id.key) harus menjadi DATA_DIR bersama semua instans Loket di Redis.`);
}

async function main(): Promise<void> {
  process.umask(0o077); // the snapshot holds personal data
  process.exitCode = await runMoveCli(process.argv.slice(2), process.env, {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();
