import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { runStaffCli } from "../../src/cli/staff.js";
import { checkCredentials, staffByTelegram, type StaffAccount } from "../../src/staff/auth.js";
import { createMemoryStore } from "../../src/store/memory.js";
import { createRedisStore } from "../../src/store/redis.js";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

function io(password = "") {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { readPassword: async () => password, out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe("npm run staff", () => {
  it("adds, lists, changes the password of, disables and enables accounts; refuses bad input with a hint", async () => {
    const store = createMemoryStore();
    const a = io("kata-sandi-panjang");
    expect(await runStaffCli(["add", "Budi", "--role", "staff", "--name", "Budi Santoso"], store, a.io)).toBe(0);
    expect(await store.get<StaffAccount>("staff", "budi")).toMatchObject({ role: "staff", displayName: "Budi Santoso" });
    expect(await runStaffCli(["add", "budi", "--role", "staff"], store, io("kata-sandi-panjang").io)).toBe(1);
    const weak = io("pendek");
    expect(await runStaffCli(["add", "sari", "--role", "admin"], store, weak.io)).toBe(1);
    expect(weak.err.join()).toMatch(/minimal 10/);
    const role = io("kata-sandi-panjang");
    expect(await runStaffCli(["add", "sari", "--role", "root"], store, role.io)).toBe(2);
    expect(role.err.join()).toMatch(/staff atau admin/);
    expect(await runStaffCli(["frobnicate"], store, io().io)).toBe(2);
    expect(await runStaffCli(["passwd", "budi"], store, io("sandi-baru-panjang").io)).toBe(0);
    expect(await checkCredentials(store, "budi", "sandi-baru-panjang")).not.toBeNull();
    expect(await runStaffCli(["disable", "budi"], store, io().io)).toBe(0);
    expect(await checkCredentials(store, "budi", "sandi-baru-panjang")).toBeNull();
    const list = io();
    expect(await runStaffCli(["list"], store, list.io)).toBe(0);
    expect(list.out).toEqual(["budi\tstaff\tnonaktif\tBudi Santoso"]);
    expect(await runStaffCli(["enable", "budi"], store, io().io)).toBe(0);
    expect(await checkCredentials(store, "budi", "sandi-baru-panjang")).not.toBeNull();
    expect(await runStaffCli(["passwd", "nobody"], store, io("sandi-baru-panjang").io)).toBe(1);
    // Linked to a Telegram user for the staff group; a bad id is refused with a hint.
    expect(await runStaffCli(["telegram", "budi", "123456789"], store, io().io)).toBe(0);
    expect(await staffByTelegram(store, 123456789)).toMatchObject({ username: "budi" });
    const linked = io();
    await runStaffCli(["list"], store, linked.io);
    expect(linked.out).toEqual(["budi\tstaff\tBudi Santoso\ttelegram 123456789"]);
    const bad = io();
    expect(await runStaffCli(["telegram", "budi", "@budi"], store, bad.io)).toBe(2);
    expect(bad.err.join("\n")).toMatch(/id pengguna Telegram/);
    expect(await runStaffCli(["telegram", "budi", "none"], store, io().io)).toBe(0);
    expect(await staffByTelegram(store, 123456789)).toBeNull();
    // How a conversation is named in the logs, for an operator following a citizen's complaint.
    const logId = io();
    expect(await runStaffCli(["log-id", "telegram:123456789"], store, logId.io)).toBe(0);
    expect(logId.out).toEqual([expect.stringMatching(/^telegram:#[0-9a-f]{12}$/)]);
    await store.close();
  });

  it("reads the password from stdin and writes to the configured SQLite store", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "loket-staff-cli-"));
    try {
      const run = spawnSync("npx", ["tsx", "src/cli/staff.ts", "add", "budi", "--role", "admin"], {
        input: "kata-sandi-dari-stdin\n",
        env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: "" },
        encoding: "utf8",
        timeout: 60_000,
      });
      // It says where the account went: without REDIS_URL, a file a Loket on Redis never reads.
      expect(run.stderr).toBe(`Penyimpanan akun: ${join(dataDir, "loket.db")} (tanpa REDIS_URL)\n`);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("budi");
      expect(run.stdout).not.toContain("kata-sandi-dari-stdin");
      const store = createSqliteStore(openSqlite(join(dataDir, "loket.db")));
      expect((await checkCredentials(store, "budi", "kata-sandi-dari-stdin"))?.role).toBe("admin");
      await store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it("says in one line when Redis cannot be reached", () => {
    const run = spawnSync("npx", ["tsx", "src/cli/staff.ts", "list"], {
      env: { ...process.env, REDIS_URL: "redis://127.0.0.1:1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Penyimpanan akun: Redis/), expect.stringMatching(/^Gagal: penyimpanan tidak bisa dihubungi \(STORE_UNAVAILABLE\)/)]);
  });

  it("on Redis writes under the office's REDIS_KEY_PREFIX, where its Loket looks", async () => {
    const prefix = uniquePrefix("staff-cli");
    const run = spawnSync("npx", ["tsx", "src/cli/staff.ts", "add", "kasi.rembang", "--role", "staff"], {
      input: "kata-sandi-kantor-rembang\n",
      env: { ...process.env, REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).toBe(`Penyimpanan akun: Redis ${testRedisUrl()} (awalan ${prefix})\n`);
    expect(run.status).toBe(0);
    const client = new Redis(testRedisUrl());
    try {
      const office = createRedisStore(client, { prefix });
      expect((await checkCredentials(office, "kasi.rembang", "kata-sandi-kantor-rembang"))?.role).toBe("staff");
      // Nothing under the default prefix, which another office may use.
      expect(await client.hexists("loket:rec:staff", "kasi.rembang")).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});
