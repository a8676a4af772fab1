import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addStaff } from "../../src/staff/auth.js";
import { edit, lineOfKey } from "../support/clerk-copy.js";
import { startRedisProcess, type RedisProcess, uniquePrefix } from "../support/redis.js";
import { StaffClient } from "../staff/support.js";

/**
 * Held-out ops7 (2026-12-03), written before any change: two Loket instances on one real Redis,
 * each with its own knowledge/, flows/ and messages/. A reload asked on one instance reloads the
 * flows and messages of both, each from its own files; the answer lists each instance's version,
 * and one whose files are broken keeps serving its old set.
 */
const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
const OLD_GREETING = "Halo Bapak/Ibu 👋 Selamat datang di layanan *{office}*. Saya Loket, asisten perizinan.";
const NEW_GREETING = "Selamat datang di layanan perizinan *{office}*, Bapak/Ibu. Saya Loket, siap membantu.";

interface ReloadAnswer {
  version: string;
  instances: { instance: string; ok: boolean; version: string; problems: { file: string; line: number; message: string }[] }[];
}

let redis: RedisProcess;
const dirs: string[] = [];
beforeAll(async () => {
  redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function copies(): string {
  const root = mkdtempSync(join(tmpdir(), "loket-ops7-inst-"));
  for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
  dirs.push(root);
  return root;
}

async function instance(prefix: string, root: string): Promise<{ loket: Loket; base: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "loket-ops7-data-"));
  dirs.push(dataDir);
  const config = loadConfig({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, DATA_DIR: dataDir, KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows"), LOG_LEVEL: "silent", RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" });
  const loket = await buildLoket(config, { logger: quiet, sweepEveryMs: false, messagesDir: join(root, "messages") });
  await loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = loket.app.server.address();
  return { loket, base: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}` };
}

async function ask(base: string, text: string): Promise<string> {
  const { conversationId, token } = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const res = await fetch(`${base}/api/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ text }) });
  return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join("\n");
}

describe("ops7 held-out 2026-12-03: flows/ and messages/ reload on every instance (Redis)", () => {
  it("13. both instances take a message edit, each from its own files, and list the same new version", async () => {
    const prefix = uniquePrefix("ops7");
    const ra = copies();
    const rb = copies();
    const a = await instance(prefix, ra);
    const b = await instance(prefix, rb);
    try {
      await addStaff(a.loket.store, { username: "sari", role: "admin", password: "kata-sandi-sari-1", displayName: "Sari" });
      for (const r of [ra, rb]) edit(join(r, "messages/id/conversation.yaml"), OLD_GREETING, NEW_GREETING);
      const admin = new StaffClient(a.base, []);
      expect((await admin.login("sari", "kata-sandi-sari-1")).status).toBe(200);
      const before = await admin.json<{ version: string }>("/knowledge");
      const body = (await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer;
      expect(body.instances).toHaveLength(2);
      expect(body.instances.every((i) => i.ok && i.version === body.version)).toBe(true);
      expect(body.version).not.toBe(before.version);
      expect(await ask(a.base, "halo")).toContain("siap membantu");
      expect(await ask(b.base, "halo")).toContain("siap membantu");
    } finally {
      await a.loket.close();
      await b.loket.close();
    }
  }, 40_000);

  it("14. one instance's messages broken: it refuses with file:line and keeps its old words; the other takes the edit", async () => {
    const prefix = uniquePrefix("ops7");
    const ra = copies();
    const rb = copies();
    const a = await instance(prefix, ra);
    const b = await instance(prefix, rb);
    try {
      await addStaff(b.loket.store, { username: "sari", role: "admin", password: "kata-sandi-sari-1", displayName: "Sari" });
      edit(join(ra, "messages/id/conversation.yaml"), OLD_GREETING, NEW_GREETING);
      edit(join(rb, "messages/id/conversation.yaml"), OLD_GREETING, "Halo {kantor}, Saya Loket, siap membantu.");
      const line = lineOfKey(join(rb, "messages/id/conversation.yaml"), "menu.greeting");
      const admin = new StaffClient(b.base, []);
      expect((await admin.login("sari", "kata-sandi-sari-1")).status).toBe(200);
      const body = (await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer;
      expect(body.instances).toHaveLength(2);
      const refused = body.instances.filter((i) => !i.ok);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.problems.some((p) => p.file.endsWith("conversation.yaml") && p.line === line)).toBe(true);
      expect(await ask(a.base, "halo")).toContain("siap membantu");
      const old = await ask(b.base, "halo");
      expect(old).toContain("asisten perizinan");
      expect(old).not.toContain("{kantor}");
    } finally {
      await a.loket.close();
      await b.loket.close();
    }
  }, 40_000);
});
