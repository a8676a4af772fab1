import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import pino from "pino";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config.js";
import type { ChannelName, Inbound, Outbound } from "../../src/domain/message.js";
import { createMemoryBus } from "../../src/store/bus.js";
import { createMemoryStore } from "../../src/store/memory.js";
import { REDACT_PATHS, safeLogFields } from "../../src/log.js";
import type { Store } from "../../src/store/port.js";
import { testRedisUrl, uniquePrefix } from "./redis.js";

export interface TestLoketOptions {
  /**
   * "memory" (default), "sqlite" (in a temp DATA_DIR; `restart()` reopens it), or "redis" (the
   * test run's redis-server, under a fresh key prefix unless `env` names REDIS_URL/REDIS_KEY_PREFIX).
   */
  store?: "memory" | "sqlite" | "redis";
  /** Extra environment, e.g. { UPLOAD_MAX_BYTES: "2048" }. */
  env?: Record<string, string>;
  now?: () => Date;
  channel?: ChannelName;
  /** Collects log lines (JSON strings) for assertions; default: discarded. */
  logLines?: string[];
  /** A messages folder (a clerk's edited copy); default ./messages. */
  messagesDir?: string;
  /**
   * DATA_DIR/cache shared by this test process's Lokets (a link to one folder): the knowledge,
   * messages and checks parsed once, then read back (content-addressed, so a changed copy is parsed
   * anew). Halves a build; for suites of many conversations, not tests about the cache itself.
   */
  sharedCache?: boolean;
}

/** The cache folder this process's Lokets share when asked to (sharedCache). */
const sharedCacheDir = join(tmpdir(), `loket-test-cache-${process.pid}`);

export interface TestLoket {
  loket: Loket;
  config: Config;
  dataDir: string;
  conversationId: string;
  /** The replies of the last turn. */
  last: Outbound[];
  say(text: string, extra?: Partial<Inbound>): Promise<Outbound[]>;
  tap(choiceId: string): Promise<Outbound[]>;
  upload(bytes: Buffer, filename?: string): Promise<Outbound[]>;
  send(inbound: Partial<Inbound>): Promise<Outbound[]>;
  /** Simulates a process restart: closes everything and builds Loket again on the same data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A whole Loket (real knowledge, flows, messages, engine, runtime, store) for tests that
 * talk to it as a citizen would, without HTTP. Use the web API tests for HTTP.
 */
export async function createTestLoket(opts: TestLoketOptions = {}): Promise<TestLoket> {
  const dataDir = mkdtempSync(join(tmpdir(), "loket-test-"));
  if (opts.sharedCache) {
    mkdirSync(sharedCacheDir, { recursive: true });
    symlinkSync(sharedCacheDir, join(dataDir, "cache"));
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    RATE_LIMIT_BURST: "1000",
    RATE_LIMIT_PER_SECOND: "1000",
    ...(opts.store === "redis" ? { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("loket") } : {}),
    ...opts.env,
  });
  // Every log line also goes to LOKET_TEST_LOG_DIR when set: scripts/test.sh scans them all
  // for personal data after the suite (scripts/scan-logs.mjs).
  const logFile = process.env.LOKET_TEST_LOG_DIR ? join(process.env.LOKET_TEST_LOG_DIR, `${process.pid}-${randomUUID()}.jsonl`) : undefined;
  const logger = pino(
    { level: "debug", redact: { paths: REDACT_PATHS, censor: "[redacted]" }, formatters: { log: safeLogFields } },
    {
      write: (line: string) => {
        opts.logLines?.push(line);
        if (logFile) appendFileSync(logFile, line);
      },
    },
  );
  // The memory store reads the pinned clock too: a conversation state left longer than
  // CONVERSATION_TTL_DAYS expires in a test that moves the clock on, as it does in production.
  const memoryStore: Store | undefined =
    opts.store === "sqlite" || opts.store === "redis"
      ? undefined
      : createMemoryStore({ conversationTtlDays: config.CONVERSATION_TTL_DAYS, ...(opts.now ? { now: opts.now } : {}) });
  const memoryBus = memoryStore ? createMemoryBus() : undefined;
  const build = () =>
    buildLoket(config, {
      logger,
      ...(memoryStore && memoryBus ? { store: memoryStore, bus: memoryBus } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.messagesDir ? { messagesDir: opts.messagesDir } : {}),
    });
  let loket = await build();
  const channel = opts.channel ?? "web";
  const t: TestLoket = {
    get loket() {
      return loket;
    },
    config,
    dataDir,
    conversationId: `${channel}:${randomUUID()}`,
    last: [],
    async send(partial) {
      const inbound: Inbound = { channel, conversationId: t.conversationId, ...partial };
      t.last = await loket.runtime.handle(inbound);
      return t.last;
    },
    say: (text, extra) => t.send({ text, ...extra }),
    tap: (id) => t.send({ choice: id }),
    upload: (bytes, filename) => t.send({ file: { bytes, ...(filename ? { filename } : {}) } }),
    async restart() {
      // With SQLite this reopens the database file: a true restart. The memory store survives as is.
      await loket.close();
      loket = await build();
    },
    async close() {
      await loket.close();
      await memoryBus?.close();
      await memoryStore?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** All reply texts joined, for `toContain` assertions. */
export const textOf = (replies: Outbound[]): string => replies.map((r) => r.text).join("\n");

export { fixtures } from "./fixtures.js";

/** Sends a simulated citizen's input (see citizen.ts) to a test Loket, as its own conversation or another. */
export const sendVia =
  (t: TestLoket, conversationId?: string) =>
  (input: import("./citizen.js").CitizenInput): Promise<Outbound[]> =>
    t.send({
      ...(conversationId ? { conversationId } : {}),
      ...("file" in input ? { file: { bytes: input.file, filename: input.filename } } : "choice" in input ? { choice: input.choice } : { text: input.text }),
    });
