import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { runMoveCli } from "../../src/cli/move-to-redis.js";
import { addStaff } from "../../src/staff/auth.js";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";
import { createTestLoket } from "../support/loket.js";
import { freePort } from "../support/process.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/**
 * move1's probe set, written after the command was built and run once (first run: recorded in
 * the commit message): what an operator meets around the move rather than in it.
 */

const dirs: string[] = [];
async function embedded(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "loket-move1-probe-"));
  dirs.push(dir);
  const store = createSqliteStore(openSqlite(join(dir, "loket.db")));
  await addStaff(store, { username: "dewi", role: "staff", password: "sandi-petugas-loket-7" });
  await store.nextSequence("registration:2026");
  await store.close();
  return dir;
}
function run(argv: string[], env: Record<string, string>) {
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
  return runMoveCli(argv, env, io).then((code) => ({ code, out: lines.join("\n") }));
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("move1 probes", () => {
  it("P1: a DATA_DIR without loket.db (the wrong folder) is named, with what to check", async () => {
    const empty = mkdtempSync(join(tmpdir(), "loket-move1-empty-"));
    dirs.push(empty);
    const prefix = uniquePrefix("p1");
    const r = await run(["--redis", testRedisUrl()], { DATA_DIR: empty, REDIS_KEY_PREFIX: prefix });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/loket\.db/);
    expect(r.out).toMatch(/DATA_DIR/);
    const client = new Redis(testRedisUrl());
    expect(await client.keys(`${prefix}*`)).toEqual([]);
    client.disconnect();
  });

  it("P2: Redis unreachable: said so, no snapshot left in DATA_DIR, the DATA_DIR free again for Loket", async () => {
    const dir = await embedded();
    const r = await run(["--redis", `redis://127.0.0.1:${await freePort()}`], { DATA_DIR: dir, REDIS_KEY_PREFIX: "p2:" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/tidak bisa dihubungi/);
    expect(readdirSync(dir).filter((f) => f.startsWith("move-snapshot"))).toEqual([]);
    expect(existsSync(join(dir, "loket.pid"))).toBe(false);
  });

  it("P3: the password in --redis never appears in what the command prints", async () => {
    const dir = await embedded();
    const url = new URL(testRedisUrl());
    const r = await run(["--redis", `redis://:rahasia-sekali-99@${url.host}`], { DATA_DIR: dir, REDIS_KEY_PREFIX: uniquePrefix("p3") });
    // The test server has no password: ioredis goes on without it, and the move is made and reported.
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("rahasia-sekali-99");
    expect(r.out).toContain("redis://***@");
  });

  it("P4: a second office's DATA_DIR moving into a prefix where another move is unfinished is refused", async () => {
    const first = await embedded();
    const second = await embedded();
    const prefix = uniquePrefix("p4");
    const client = new Redis(testRedisUrl());
    await client.set(`${prefix}move:embedded`, JSON.stringify({ dataDir: first, startedAt: new Date().toISOString() }));
    const r = await run(["--redis", testRedisUrl()], { DATA_DIR: second, REDIS_KEY_PREFIX: prefix });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/REDIS_KEY_PREFIX/);
    expect(await client.keys(`${prefix}*`)).toEqual([`${prefix}move:embedded`]);
    client.disconnect();
  });

  it("P5: Loket started on Redis while the move is unfinished says so in its log (MOVE_UNFINISHED)", async () => {
    const prefix = uniquePrefix("p5");
    const client = new Redis(testRedisUrl());
    await client.set(`${prefix}move:embedded`, JSON.stringify({ dataDir: "/x", startedAt: new Date().toISOString() }));
    const logLines: string[] = [];
    const t = await createTestLoket({ store: "redis", env: { REDIS_KEY_PREFIX: prefix }, logLines });
    try {
      for (let i = 0; i < 100 && !logLines.some((l) => l.includes("MOVE_UNFINISHED")); i++) await new Promise((r) => setTimeout(r, 50));
      expect(logLines.find((l) => l.includes("MOVE_UNFINISHED"))).toMatch(/move-to-redis/);
    } finally {
      await t.close();
      client.disconnect();
    }
  });

  // Added after the probe run (not a probe): a run killed by a signal or a crash leaves its snapshot (personal data).
  it("a snapshot a killed run left in DATA_DIR is removed by the next run", async () => {
    const dir = await embedded();
    writeFileSync(join(dir, "move-snapshot-4242.db"), "old copy");
    writeFileSync(join(dir, "move-snapshot-4242.db-wal"), "old copy");
    const r = await run(["--redis", testRedisUrl()], { DATA_DIR: dir, REDIS_KEY_PREFIX: uniquePrefix("p6") });
    expect(r.code, r.out).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith("move-snapshot"))).toEqual([]);
  });

  it("an unknown option (--merge) is refused before anything is read or written", async () => {
    const dir = await embedded();
    const prefix = uniquePrefix("p7");
    const r = await run(["--redis", testRedisUrl(), "--merge"], { DATA_DIR: dir, REDIS_KEY_PREFIX: prefix });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/--merge/);
    const client = new Redis(testRedisUrl());
    expect(await client.keys(`${prefix}*`)).toEqual([]);
    client.disconnect();
  });

  it("a DATA_DIR held by a Loket in another container (another host name in loket.pid) is refused: the lock alone would be taken over", async () => {
    const dir = await embedded();
    writeFileSync(join(dir, "loket.pid"), "1\nloket-container-7f3a\n");
    const prefix = uniquePrefix("p8");
    const r = await run(["--redis", testRedisUrl()], { DATA_DIR: dir, REDIS_KEY_PREFIX: prefix });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/loket-container-7f3a/);
    expect(r.out).toMatch(/loket\.pid/);
    const client = new Redis(testRedisUrl());
    expect(await client.keys(`${prefix}*`)).toEqual([]);
    client.disconnect();
  });
});
