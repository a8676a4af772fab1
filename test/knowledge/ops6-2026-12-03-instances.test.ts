import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { addStaff } from "../../src/staff/auth.js";
import { edit } from "../support/clerk-copy.js";
import { startRedisProcess, type RedisProcess, uniquePrefix } from "../support/redis.js";
import { StaffClient } from "../staff/support.js";

/**
 * Held-out ops6 (2026-12-03), written before any change: two Loket instances on one real Redis,
 * each with its own knowledge/ folder. A reload asked in one instance's console reloads both, each
 * from its own files; the answer says which took which version and which refused (with why).
 */
const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });
const OLD_VALIDITY = "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.";
const NEW_VALIDITY = "validity: SPPL berlaku selama kegiatan usaha tidak berubah.";
const OLD_VALIDITY_EN = `validity_en: "We do not have data yet on how long an SPPL is valid; staff will confirm."`;
const NEW_VALIDITY_EN = `validity_en: "An SPPL is valid as long as the business activity does not change."`;
const ASK = "masa berlaku sppl berapa lama?";
const NEW_WORDS = "selama kegiatan usaha tidak berubah";

interface ReloadAnswer {
  version: string;
  instances: { instance: string; ok: boolean; version: string; permits: number; problems: { file: string; line: number; message: string }[] }[];
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

function copy(folder: string): string {
  const dir = mkdtempSync(join(tmpdir(), `loket-ops6-${folder}-`));
  cpSync(folder, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

async function instance(prefix: string, knowledgeDir: string): Promise<{ loket: Loket; base: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "loket-ops6-data-"));
  dirs.push(dataDir);
  const config = loadConfig({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, LOG_LEVEL: "silent", RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" });
  const loket = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  await loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = loket.app.server.address();
  return { loket, base: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}` };
}

async function ask(base: string, text: string): Promise<string> {
  const { conversationId, token } = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const res = await fetch(`${base}/api/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ text }) });
  return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join("\n");
}

describe("ops6 held-out 2026-12-03: a reload on one instance reloads all of them (Redis)", () => {
  it("8. both instances take the edit, each from its own files; the answer lists both with the same new version", async () => {
    const prefix = uniquePrefix("ops6");
    const ka = copy("knowledge");
    const kb = copy("knowledge");
    const a = await instance(prefix, ka);
    const b = await instance(prefix, kb);
    try {
      await addStaff(a.loket.store, { username: "sari", role: "admin", password: "kata-sandi-sari-1", displayName: "Sari" });
      for (const dir of [ka, kb]) {
        edit(join(dir, "permits/sppl.md"), OLD_VALIDITY, NEW_VALIDITY);
        edit(join(dir, "permits/sppl.md"), OLD_VALIDITY_EN, NEW_VALIDITY_EN);
      }
      const admin = new StaffClient(a.base, []);
      expect((await admin.login("sari", "kata-sandi-sari-1")).status).toBe(200);
      const res = await admin.post("/knowledge/reload");
      expect(res.status).toBe(200);
      const body = (await res.json()) as ReloadAnswer;
      expect(body.instances).toHaveLength(2);
      expect(body.instances.every((i) => i.ok && i.version === body.version)).toBe(true);
      expect(new Set(body.instances.map((i) => i.instance)).size).toBe(2);
      expect(await ask(a.base, ASK)).toContain(NEW_WORDS);
      expect(await ask(b.base, ASK)).toContain(NEW_WORDS);
    } finally {
      await a.loket.close();
      await b.loket.close();
    }
  }, 40_000);

  it("9. one instance's files broken: it refuses and keeps serving the old knowledge; the other takes the new; the answer says which", async () => {
    const prefix = uniquePrefix("ops6");
    const ka = copy("knowledge");
    const kb = copy("knowledge");
    const a = await instance(prefix, ka);
    const b = await instance(prefix, kb);
    try {
      await addStaff(b.loket.store, { username: "sari", role: "admin", password: "kata-sandi-sari-1", displayName: "Sari" });
      edit(join(ka, "permits/sppl.md"), OLD_VALIDITY, NEW_VALIDITY);
      edit(join(ka, "permits/sppl.md"), OLD_VALIDITY_EN, NEW_VALIDITY_EN);
      edit(join(kb, "permits/sppl.md"), OLD_VALIDITY, NEW_VALIDITY);
      const line = edit(join(kb, "permits/sppl.md"), "amount: gratis", "amount: 75rb");
      // Asked on b, the broken one.
      const admin = new StaffClient(b.base, []);
      expect((await admin.login("sari", "kata-sandi-sari-1")).status).toBe(200);
      const before = await admin.json<{ version: string }>("/knowledge");
      const body = (await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer;
      expect(body.instances).toHaveLength(2);
      const took = body.instances.filter((i) => i.ok);
      const refused = body.instances.filter((i) => !i.ok);
      expect(took).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(took[0]!.version).not.toBe(before.version);
      expect(refused[0]!.version).toBe(before.version);
      expect(refused[0]!.problems.some((p) => p.file.endsWith("sppl.md") && p.line === line && p.message.includes("amount: 75000"))).toBe(true);
      expect(await ask(a.base, ASK)).toContain(NEW_WORDS);
      expect(await ask(b.base, ASK)).not.toContain(NEW_WORDS);
    } finally {
      await a.loket.close();
      await b.loket.close();
    }
  }, 40_000);
});
