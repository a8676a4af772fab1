import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addStaff } from "../../src/staff/auth.js";
import { edit, lineOfKey } from "../support/clerk-copy.js";
import { uniquePrefix } from "../support/redis.js";
import { askOnce, instancesOnRedis } from "../support/reload-instances.js";
import { StaffClient } from "../staff/support.js";

/**
 * Held-out ops7 (2026-12-03), written before any change: two Loket instances on one real Redis,
 * each with its own knowledge/, flows/ and messages/. A reload asked on one instance reloads the
 * flows and messages of both, each from its own files; the answer lists each instance's version,
 * and one whose files are broken keeps serving its old set.
 */
const OLD_GREETING = "Halo Bapak/Ibu 👋 Selamat datang di layanan *{office}*. Saya Loket, asisten perizinan.";
const NEW_GREETING = "Selamat datang di layanan perizinan *{office}*, Bapak/Ibu. Saya Loket, siap membantu.";

interface ReloadAnswer {
  version: string;
  instances: { instance: string; ok: boolean; version: string; problems: { file: string; line: number; message: string }[] }[];
}

const { tempDir, instance: start } = instancesOnRedis("ops7");
const ask = askOnce;

/** A copy of the project's knowledge/, flows/ and messages/ in one folder. */
function copies(): string {
  const root = tempDir("inst");
  for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
  return root;
}

const instance = (prefix: string, root: string) => start(prefix, { knowledge: join(root, "knowledge"), flows: join(root, "flows"), messages: join(root, "messages") });

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
