import { mkdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { loadConfig, maskUrlPassword, type Config } from "../config.js";
import { LoketError } from "../errors.js";
import { logSafeId, useLogIdKey } from "../log.js";
import { redisStoreOptions, sqliteStoreOptions, sqlitePath } from "../store/configured.js";
import type { Store } from "../store/port.js";
import { addStaff, MIN_PASSWORD_LENGTH, setStaffDisabled, setStaffPassword, setStaffTelegram, STAFF_ROLES, type StaffAccount, type StaffRole } from "../staff/auth.js";

/**
 * `npm run staff -- <command>`: manage staff console accounts in the configured store
 * (SQLite in DATA_DIR, or Redis when REDIS_URL is set). Passwords are read from standard
 * input, never from the command line (which shell history and `ps` would keep):
 *
 *   printf '%s\n' "$PASSWORD" | npm run -s staff -- add budi --role staff --name "Budi"
 *   npm run staff -- add sari --role admin        (asks for the password without echo)
 *   npm run staff -- passwd budi | disable budi | enable budi | list
 *   npm run staff -- telegram budi 123456789     (budi acts as that Telegram user in the staff group)
 *   npm run staff -- log-id whatsapp:6281234567890@c.us   (how that conversation is named in the logs)
 */

const USAGE = `Pemakaian:
  npm run staff -- add <username> --role staff|admin [--name "Nama tampilan"]   (kata sandi dari stdin)
  npm run staff -- passwd <username>                                             (kata sandi baru dari stdin)
  npm run staff -- disable <username> | enable <username>
  npm run staff -- telegram <username> <id pengguna Telegram>|none                 (hubungkan ke grup petugas Telegram)
  npm run staff -- list
  npm run staff -- log-id <id percakapan>      (nama percakapan itu di log, mis. whatsapp:6281234567890@c.us, telegram:123456789)`;

export interface CliIo {
  /** Reads the password: the first line of stdin (or a silent prompt on a terminal). */
  readPassword(prompt: string): Promise<string>;
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command against `store`; returns the exit code (0 ok, 1 refused, 2 usage). */
export async function runStaffCli(argv: string[], store: Store, io: CliIo, now: Date = new Date()): Promise<number> {
  const [cmd, username, ...rest] = argv;
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (cmd === "list") {
    const all = (await store.list<StaffAccount>("staff")).sort((a, b) => a.username.localeCompare(b.username));
    for (const a of all) io.out(`${a.username}\t${a.role}${a.disabled ? "\tnonaktif" : ""}\t${a.displayName ?? ""}${a.telegramId ? `\ttelegram ${a.telegramId}` : ""}`);
    if (!all.length) io.out("(belum ada akun petugas)");
    return 0;
  }
  if (cmd === "log-id" && username) {
    io.out(logSafeId(username));
    return 0;
  }
  if (!username || !["add", "passwd", "disable", "enable", "telegram"].includes(cmd ?? "")) {
    io.err(USAGE);
    return 2;
  }
  if (cmd === "add") {
    const role = flag("role") as StaffRole | undefined;
    if (!role || !STAFF_ROLES.includes(role)) {
      io.err(`--role harus staff atau admin.\n${USAGE}`);
      return 2;
    }
    const password = await io.readPassword(`Kata sandi untuk ${username}: `);
    const name = flag("name");
    const r = await addStaff(store, { username, role, password, ...(name ? { displayName: name } : {}) }, now);
    if (!r.ok) return refuse(io, r.reason);
    io.out(`Akun ${r.account.username} (${r.account.role}) dibuat.`);
    return 0;
  }
  if (cmd === "passwd") {
    const r = await setStaffPassword(store, username, await io.readPassword(`Kata sandi baru untuk ${username}: `), now);
    if (!r.ok) return refuse(io, r.reason);
    io.out(`Kata sandi ${username.toLowerCase()} diganti; sesinya yang masih masuk sudah diakhiri (masuk lagi dengan kata sandi baru).`);
    return 0;
  }
  if (cmd === "telegram") {
    const given = rest[0];
    const id = given === "none" ? null : given && /^\d{1,15}$/.test(given) ? Number(given) : undefined;
    if (id === undefined) {
      io.err(`Sebutkan id pengguna Telegram (angka; bot menyebutkannya di grup saat orang itu menulis), atau none.\n${USAGE}`);
      return 2;
    }
    const r = await setStaffTelegram(store, username, id, now);
    if (!r.ok) return refuse(io, r.reason);
    io.out(id === null ? `Akun ${r.account.username} tidak lagi terhubung ke Telegram.` : `Akun ${r.account.username} terhubung ke pengguna Telegram ${id}.`);
    return 0;
  }
  const disabled = cmd === "disable";
  const r = await setStaffDisabled(store, username, disabled, now);
  if (!r.ok) return refuse(io, r.reason);
  io.out(disabled ? `Akun ${r.account.username} dinonaktifkan; sesinya sudah diakhiri.` : `Akun ${r.account.username} diaktifkan.`);
  return 0;
}

function refuse(io: CliIo, reason: string): number {
  const text: Record<string, string> = {
    invalid_username: "Nama pengguna: 2-32 huruf kecil, angka, titik, minus atau garis bawah, diawali huruf/angka.",
    weak_password: `Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter.`,
    exists: "Akun itu sudah ada. Ganti kata sandinya dengan: npm run staff -- passwd <username>",
    not_found: "Akun itu tidak ada. Lihat daftar akun dengan: npm run staff -- list",
    invalid_telegram_id: "Id pengguna Telegram harus berupa angka positif.",
  };
  io.err(text[reason] ?? reason);
  return 1;
}

/** First line of stdin; on a terminal, a prompt with echo off. */
async function readPasswordFromStdin(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let data = "";
    for await (const chunk of stdin) {
      data += String(chunk);
      if (data.includes("\n")) break;
    }
    return data.split(/\r?\n/)[0] ?? "";
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let pw = "";
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === "\r" || ch === "\n") {
          done();
          return resolve(pw);
        }
        if (ch === "\u0003") {
          done();
          return reject(new Error("dibatalkan"));
        }
        if (ch === "\u007f" || ch === "\b") pw = pw.slice(0, -1);
        else pw += ch;
      }
    };
    const done = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
    };
    stdin.on("data", onData);
  });
}

/** The store Loket itself would use with this configuration, and where that is (said to the operator). */
async function openConfiguredStore(config: Config): Promise<{ store: Store; where: string; close(): Promise<void> }> {
  if (config.REDIS_URL) {
    const { Redis } = await import("ioredis");
    const { createRedisStore, redisOptions } = await import("../store/redis.js");
    const client = new Redis(config.REDIS_URL, redisOptions());
    client.on("error", () => undefined); // a failed command says it once, below
    const where = `Redis ${maskUrlPassword(config.REDIS_URL)} (awalan ${config.REDIS_KEY_PREFIX})`;
    return { store: createRedisStore(client, redisStoreOptions(config)), where, close: async () => void client.disconnect() };
  }
  const { createSqliteStore, openSqlite } = await import("../store/sqlite.js");
  mkdirSync(config.DATA_DIR, { recursive: true });
  const store = createSqliteStore(openSqlite(sqlitePath(config)), sqliteStoreOptions(config));
  return { store, where: `${sqlitePath(config)} (tanpa REDIS_URL)`, close: () => store.close() };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof LoketError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  let opened: Awaited<ReturnType<typeof openConfiguredStore>>;
  try {
    // `log-id` names conversations with this installation's key, as Loket's logs do.
    useLogIdKey(config.DATA_DIR);
    opened = await openConfiguredStore(config);
  } catch (err) {
    // As start-up says it: one line naming DATA_DIR (or the key file), not a stack.
    const e = err as NodeJS.ErrnoException;
    if (err instanceof LoketError) process.stderr.write(`Gagal (${err.code}): ${err.message}\n`);
    else if (["EACCES", "EPERM", "EEXIST", "ENOTDIR", "EROFS", "SQLITE_CANTOPEN", "SQLITE_READONLY"].includes(e?.code ?? "")) {
      process.stderr.write(`Gagal: DATA_DIR ${config.DATA_DIR} tidak bisa dipakai (${e.code}): harus berupa folder yang boleh ditulis pengguna ini. Jalankan perintah ini sebagai pengguna yang menjalankan Loket.\n(${e.message})\n`);
    } else throw err;
    process.exit(1);
  }
  const { store, where, close } = opened;
  // Which store: an account made without REDIS_URL lands in a local file a Loket on Redis never reads.
  process.stderr.write(`Penyimpanan akun: ${where}\n`);
  try {
    process.exitCode = await runStaffCli(process.argv.slice(2), store, {
      readPassword: readPasswordFromStdin,
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
    });
  } catch (err) {
    if (!(err instanceof LoketError)) throw err;
    process.stderr.write(`Gagal: penyimpanan tidak bisa dihubungi (${err.code}). Periksa REDIS_URL dan Redis-nya, lalu coba lagi.\n`);
    process.exitCode = 1;
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();
