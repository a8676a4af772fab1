import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Inbound, Outbound } from "../../src/domain/message.js";
import { createFileStore } from "../../src/store/files.js";
import { answerFor } from "../support/citizen.js";
import { freePort } from "../support/process.js";

/**
 * Redis briefly unreachable while a turn is stored (a paused VM, a network blip longer than the
 * client's 3 s command timeout): the commit may still run once Redis is back. Nothing the turn
 * depends on (the uploaded document's file) may be removed on the guess that it did not.
 */
const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), name));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A redis-server of this test's own (it is paused with SIGSTOP), on a free port. */
async function ownRedis(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tempDir("loket-res-redis-")], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch (err) {
      probe.disconnect();
      if (i > 200) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGCONT");
        child.kill("SIGKILL");
      }),
  };
}

/** A Loket on its own Redis whose file store pauses Redis (SIGSTOP) right after the next document is written. */
async function pausingLoket(logger: pino.Logger = quiet) {
  const redis = await ownRedis();
  const dataDir = tempDir("loket-res-data-");
  const files = createFileStore(dataDir);
  const armed = { pauseAfterPut: false };
  const pausing = {
    ...files,
    async put(bytes: Buffer) {
      const sha = await files.put(bytes);
      if (armed.pauseAfterPut) {
        armed.pauseAfterPut = false;
        redis.child.kill("SIGSTOP");
      }
      return sha;
    },
  };
  const config = loadConfig({ REDIS_URL: redis.url, DATA_DIR: dataDir, LOG_LEVEL: "silent", RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" });
  const loket = await buildLoket(config, { logger, files: pausing, sweepEveryMs: false });
  return { redis, files, armed, loket };
}

/** Walks a web conversation to the application's first document question. */
async function toFirstDocument(on: (input: Partial<Inbound>) => Promise<Outbound[]>): Promise<Outbound[]> {
  let r: Outbound[] = await on({ text: "saya mau mengajukan izin reklame" });
  for (let i = 0; i < 40 && r.at(-1)?.expects?.kind !== "file"; i++) {
    const next = answerFor(r.at(-1))!;
    r = await on("choice" in next ? { choice: next.choice } : "text" in next ? { text: next.text } : {});
  }
  expect(r.at(-1)?.expects?.kind).toBe("file");
  return r;
}

const ktp = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n% ktp scan\n");

describe("Redis paused while an upload's turn is being stored", () => {
  it("the document stays on disk when the commit ran after all, and the page's retry gets the upload's answer", async () => {
    const { redis, files, armed, loket } = await pausingLoket();
    const conversationId = "web:paused-upload-1";
    const on = (input: Partial<Inbound>) => loket.runtime.handle({ channel: "web", conversationId, ...input } as Inbound);
    try {
      const asked = await toFirstDocument(on);
      armed.pauseAfterPut = true;
      const refused = await on({ file: { bytes: ktp, filename: "ktp.pdf" }, messageId: "upload-1" });
      // Told politely that the service is disturbed (the page sends it again).
      expect(loket.runtime.refusal(refused)).toBe("unavailable");
      expect(refused.map((o) => o.text).join("\n")).toMatch(/Bapak\/Ibu/);
      redis.child.kill("SIGCONT");
      // The commit ran once Redis was back: the conversation holds the document...
      await expect.poll(async () => JSON.stringify((await loket.store.peekState(conversationId))?.engine ?? {}), { timeout: 10_000 }).toContain("ktp.pdf");
      const state = JSON.stringify((await loket.store.peekState(conversationId))!.engine);
      const sha = /"sha256":"([a-f0-9]{64})"/.exec(state)![1]!;
      // ...and its file is there for staff to open.
      expect(await files.get(sha)).not.toBeNull();
      // The page's retry (same id) gets the upload's answer, and the file is still there.
      const again = await on({ file: { bytes: ktp, filename: "ktp.pdf" }, messageId: "upload-1" });
      expect(loket.runtime.refusal(again)).toBeUndefined();
      expect(again.at(-1)?.expects?.kind).toBe("file");
      expect(again.at(-1)?.expects?.field).not.toBe(asked.at(-1)?.expects?.field);
      expect(await files.get(sha)).not.toBeNull();
    } finally {
      redis.child.kill("SIGCONT");
      await loket.close().catch(() => undefined);
      await redis.stop();
    }
  }, 60_000);
});

describe("Redis answering again just after a turn's commit timed out", () => {
  it("the turn stored after all is answered as taken, not as 'layanan sedang gangguan' (a Telegram citizen would send 'ya' again into a finished form)", async () => {
    let resume = () => undefined as void;
    // Redis comes back the moment Loket notices the commit went unanswered.
    const logger = pino({ level: "info" }, { write: (line: string) => void (line.includes("did not confirm the turn's commit") && resume()) });
    const { redis, files, armed, loket } = await pausingLoket(logger);
    resume = () => void redis.child.kill("SIGCONT");
    const conversationId = "web:late-commit-1";
    const on = (input: Partial<Inbound>) => loket.runtime.handle({ channel: "web", conversationId, ...input } as Inbound);
    try {
      const asked = await toFirstDocument(on);
      armed.pauseAfterPut = true;
      const r = await on({ file: { bytes: ktp, filename: "ktp.pdf" }, messageId: "upload-late" });
      expect(loket.runtime.refusal(r), r.map((o) => o.text).join("\n")).toBeUndefined();
      expect(r.at(-1)?.expects?.kind).toBe("file");
      expect(r.at(-1)?.expects?.field).not.toBe(asked.at(-1)?.expects?.field);
      const state = JSON.stringify((await loket.store.peekState(conversationId))!.engine);
      const sha = /"sha256":"([a-f0-9]{64})"/.exec(state)![1]!;
      expect(await files.get(sha)).not.toBeNull();
    } finally {
      redis.child.kill("SIGCONT");
      await loket.close().catch(() => undefined);
      await redis.stop();
    }
  }, 60_000);
});
