/**
 * `npx tsx bench/abuse.ts`: what one anonymous client can make a Loket hold, over real HTTP,
 * on the embedded store and on Redis (a redis-server started here). For each store it prints:
 * - conversations created per second by one address (`POST /api/conversations`, CONCURRENCY at
 *   once for SECONDS), how many were refused (429), and the bytes each created one left in the
 *   store (SQLite file pages, Redis `used_memory`), bare and after one message ("halo");
 * - how many event streams one address held open at once (up to STREAMS tried).
 * Options (environment): SECONDS (3), CONCURRENCY (16), STREAMS (3000), and any Loket variable
 * (e.g. WEB_CONVERSATIONS_PER_MINUTE=100000 to see what the limit holds back).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { request, Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { buildLoket } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { startRedisProcess } from "../test/support/redis.js";

const SECONDS = Number(process.env.SECONDS ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const STREAMS = Number(process.env.STREAMS ?? 3000);

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port: number, path: string, body?: unknown, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { port, host: "127.0.0.1", path, method: "POST", agent, headers: { ...(data ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

async function measure(name: string, env: Record<string, string>, bytesOf: (dataDir: string) => Promise<number>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "loket-abuse-"));
  const bytes = () => bytesOf(dataDir);
  const passThrough = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(WEB_|EVENT_STREAMS|TRUST_PROXY|RATE_LIMIT)/.test(k))) as Record<string, string>;
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env, ...passThrough });
  const logger = createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }), pretty: false });
  const loket = await buildLoket(config, { logger, sweepEveryMs: false });
  await loket.app.listen({ port: 0, host: "127.0.0.1" });
  const port = (loket.app.server.address() as { port: number }).port;
  try {
    const before = await bytes();
    let created = 0;
    let refused = 0;
    const tokens: { id: string; token: string }[] = [];
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < end) {
          const r = await post(port, "/api/conversations");
          if (r.status === 201) {
            created++;
            if (tokens.length < 200) {
              const b = JSON.parse(r.body) as { conversationId: string; token: string };
              tokens.push({ id: b.conversationId, token: b.token });
            }
          } else refused++;
        }
      }),
    );
    const afterCreate = await bytes();
    for (const t of tokens) await post(port, `/api/conversations/${t.id}/messages`, { text: "halo" }, t.token);
    const afterMessage = await bytes();
    console.log(
      `${name}: ${Math.round(created / SECONDS)} conversations/s created by one address (${created} in ${SECONDS} s, ${refused} refused); ` +
        `${created ? Math.round((afterCreate - before) / created) : 0} B stored per created conversation, ` +
        `+${tokens.length ? Math.round((afterMessage - afterCreate) / tokens.length) : 0} B after one "halo"`,
    );
    // Event streams: one conversation (or the first few), as many as the server lets one address hold.
    const open: import("node:http").ClientRequest[] = [];
    let held = 0;
    let streamRefused = 0;
    const t = tokens[0];
    for (let i = 0; t && i < STREAMS; i++) {
      const status = await new Promise<number>((resolve) => {
        const req = request({ port, host: "127.0.0.1", path: `/api/conversations/${t.id}/events`, headers: { authorization: `Bearer ${t.token}` } }, (res) => {
          resolve(res.statusCode ?? 0);
          if (res.statusCode !== 200) res.resume();
        });
        req.on("error", () => resolve(-1));
        req.end();
        open.push(req);
      });
      if (status === 200) held++;
      else streamRefused++;
    }
    console.log(`${name}: ${held} event streams held open by one address on one conversation (${streamRefused} refused of ${STREAMS})`);
    for (const r of open) r.destroy();
  } finally {
    await loket.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Pages in use in the SQLite file, after a checkpoint (Loket's group commit has flushed by then). */
const sqliteBytes = async (dataDir: string) => {
  await new Promise((r) => setTimeout(r, 50));
  const db = new Database(join(dataDir, "loket.db"));
  db.pragma("wal_checkpoint(PASSIVE)");
  const n = (db.pragma("page_count", { simple: true }) as number) - (db.pragma("freelist_count", { simple: true }) as number);
  const size = db.pragma("page_size", { simple: true }) as number;
  db.close();
  return n * size;
};
await measure("SQLite", {}, sqliteBytes);

const redisProc = await startRedisProcess();
const probe = new Redis(redisProc.url);
const used = async () => Number(/used_memory:(\d+)/.exec(await probe.info("memory"))![1]);
await measure("Redis", { REDIS_URL: redisProc.url }, used);
probe.disconnect();
await redisProc.stop();
agent.destroy();
