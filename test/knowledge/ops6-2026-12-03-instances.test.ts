import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addStaff } from "../../src/staff/auth.js";
import { edit } from "../support/clerk-copy.js";
import { uniquePrefix } from "../support/redis.js";
import { askOnce, instancesOnRedis } from "../support/reload-instances.js";
import { StaffClient } from "../staff/support.js";

/**
 * Held-out ops6 (2026-12-03), written before any change: two Loket instances on one real Redis,
 * each with its own knowledge/ folder. A reload asked in one instance's console reloads both, each
 * from its own files; the answer says which took which version and which refused (with why).
 */
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

const { tempDir, instance: start } = instancesOnRedis("ops6");
const ask = askOnce;

/** A copy of one of the project's folders. */
function copy(folder: string): string {
  const dir = tempDir(folder);
  cpSync(folder, dir, { recursive: true });
  return dir;
}

const instance = (prefix: string, knowledgeDir: string) => start(prefix, { knowledge: knowledgeDir });

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
