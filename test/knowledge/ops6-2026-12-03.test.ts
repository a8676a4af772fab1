import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileValidationError, formatIssue } from "../../src/errors.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { edit } from "../support/clerk-copy.js";
import { startLoketProcess } from "../support/process.js";
import { startStaffWorld, type StaffWorld } from "../staff/support.js";

/**
 * Held-out ops6 (2026-12-03), written before any change: a clerk edits knowledge/ while Loket runs
 * and asks for a reload ("Muat ulang pengetahuan" in the console for admins, SIGHUP for the
 * operator). A good edit is served without a restart; a broken one keeps the old knowledge serving
 * citizens and says every problem with file:line, as start-up says it, in the answer and the log.
 */
const OLD_VALIDITY = "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.";
const NEW_VALIDITY = "validity: SPPL berlaku selama kegiatan usaha tidak berubah.";
const OLD_VALIDITY_EN = `validity_en: "We do not have data yet on how long an SPPL is valid; staff will confirm."`;
const NEW_VALIDITY_EN = `validity_en: "An SPPL is valid as long as the business activity does not change."`;
const ASK = "masa berlaku sppl berapa lama?";

interface ReloadAnswer {
  version: string;
  instances: { instance: string; ok: boolean; version: string; permits: number; problems: { file: string; line: number; message: string }[] }[];
}

const dirs: string[] = [];
const worlds: StaffWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function knowledgeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "loket-ops6-knowledge-"));
  cpSync("knowledge", dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
async function world(knowledgeDir: string, logLines?: string[]) {
  const w = await startStaffWorld({ store: "sqlite", env: { KNOWLEDGE_DIR: knowledgeDir }, ...(logLines ? { logLines } : {}) });
  worlds.push(w);
  return w;
}
const said = (replies: { text: string }[]) => replies.map((r) => r.text).join("\n");

describe("ops6 held-out 2026-12-03: reloading knowledge while Loket runs", () => {
  it("1. an admin's reload serves the edited permit at once, without a restart, with a new version", async () => {
    const dir = knowledgeCopy();
    const w = await world(dir);
    const citizen = await w.citizen();
    expect(said(await citizen.say(ASK))).not.toContain("selama kegiatan usaha tidak berubah");
    const before = await (await w.login("sari")).json<{ version: string }>("/knowledge");
    edit(join(dir, "permits/sppl.md"), OLD_VALIDITY, NEW_VALIDITY);
    edit(join(dir, "permits/sppl.md"), OLD_VALIDITY_EN, NEW_VALIDITY_EN);
    const admin = await w.login("sari");
    const res = await admin.post("/knowledge/reload");
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReloadAnswer;
    expect(body.instances).toHaveLength(1);
    expect(body.instances[0]).toMatchObject({ ok: true, problems: [] });
    expect(body.version).not.toBe(before.version);
    expect(body.instances[0]!.version).toBe(body.version);
    expect(said(await citizen.say(ASK))).toContain("selama kegiatan usaha tidak berubah");
  });

  it("2. staff who are not admins may not reload (403), and nothing changes", async () => {
    const dir = knowledgeCopy();
    const w = await world(dir);
    edit(join(dir, "permits/sppl.md"), OLD_VALIDITY, NEW_VALIDITY);
    const budi = await w.login("budi");
    expect((await budi.post("/knowledge/reload")).status).toBe(403);
    const citizen = await w.citizen();
    expect(said(await citizen.say(ASK))).not.toContain("selama kegiatan usaha tidak berubah");
  });

  it("3. a broken edit: the old knowledge keeps serving, and every problem is said with file:line as at start-up", async () => {
    const dir = knowledgeCopy();
    const logLines: string[] = [];
    const w = await world(dir, logLines);
    const citizen = await w.citizen();
    await citizen.say("nama saya Siti Rahmawati, NIK 3317014501900002");
    const line = edit(join(dir, "permits/sppl.md"), "amount: gratis", "amount: 75rb");
    edit(join(dir, "permits/pbg.md"), "\nname:", "\nnama:");
    let expected: string[] = [];
    try {
      await loadKnowledge(dir);
    } catch (err) {
      expected = (err as FileValidationError).issues.map(formatIssue);
    }
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const admin = await w.login("sari");
    const before = await admin.json<{ version: string }>("/knowledge");
    const res = await admin.post("/knowledge/reload");
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReloadAnswer;
    expect(body.instances[0]!.ok).toBe(false);
    expect(body.version).toBe(before.version);
    expect(body.instances[0]!.problems.map(formatIssue)).toEqual(expected);
    expect(body.instances[0]!.problems.some((p) => p.line === line && p.file.endsWith("sppl.md"))).toBe(true);
    // Citizens are still answered from the old files.
    const replies = said(await (await w.citizen()).say("syarat pbg apa saja?"));
    expect(replies).toMatch(/PBG|Persetujuan Bangunan Gedung/);
    // The log has every problem with its file and line, and none of a citizen's data.
    const log = logLines.join("\n");
    for (const p of body.instances[0]!.problems) expect(log).toContain(p.message.slice(0, 40).replace(/"/g, '\\"'));
    expect(log).toContain(`"line":${line}`);
    expect(log).not.toContain("3317014501900002");
    expect(log).not.toContain("Rahmawati");
  });

  it("4. the cache stays right: after a reload a restart serves the new version, and reloading unchanged files keeps the version", async () => {
    const dir = knowledgeCopy();
    const w = await world(dir);
    edit(join(dir, "permits/sppl.md"), OLD_VALIDITY, NEW_VALIDITY);
    edit(join(dir, "permits/sppl.md"), OLD_VALIDITY_EN, NEW_VALIDITY_EN);
    const admin = await w.login("sari");
    const first = (await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer;
    const again = (await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer;
    expect(first.instances[0]!.ok).toBe(true);
    expect(again.version).toBe(first.version);
    // The one parsed copy kept in DATA_DIR/cache is the reloaded version's (the old one removed).
    const kept = readdirSync(join(w.t.dataDir, "cache")).filter((f) => f.startsWith("knowledge-"));
    expect(kept).toHaveLength(1);
    // The version is the knowledge id, then six digits of flows/ and messages/ (ops7).
    expect(kept[0]).toContain(first.version.split("-")[0]);
    // A restart on the same DATA_DIR (and its cache) serves what the reload served.
    await w.t.restart();
    expect(said(await w.t.say(ASK))).toContain("selama kegiatan usaha tidak berubah");
  });

  it("5. SIGHUP reloads a running process; a broken edit at SIGHUP is logged with file:line and the process keeps serving", async () => {
    const dir = knowledgeCopy();
    const data = mkdtempSync(join(tmpdir(), "loket-ops6-data-"));
    dirs.push(data);
    const p = await startLoketProcess({ KNOWLEDGE_DIR: dir, DATA_DIR: data });
    try {
      const ask = async (text: string) => {
        const { conversationId, token } = (await (await fetch(`${p.base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
        const res = await fetch(`${p.base}/api/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ text }) });
        return said(((await res.json()) as { replies: { text: string }[] }).replies);
      };
      expect(await ask(ASK)).not.toContain("selama kegiatan usaha tidak berubah");
      edit(join(dir, "permits/sppl.md"), OLD_VALIDITY, NEW_VALIDITY);
      edit(join(dir, "permits/sppl.md"), OLD_VALIDITY_EN, NEW_VALIDITY_EN);
      p.child.kill("SIGHUP");
      await expect.poll(() => ask(ASK), { timeout: 15_000 }).toContain("selama kegiatan usaha tidak berubah");
      const line = edit(join(dir, "permits/sppl.md"), "amount: gratis", "amount: 75rb");
      p.child.kill("SIGHUP");
      await expect.poll(() => p.output(), { timeout: 15_000 }).toContain(`"line":${line}`);
      expect(p.output()).toMatch(/amount: 75000/);
      expect(p.child.exitCode).toBeNull();
      expect(await ask(ASK)).toContain("selama kegiatan usaha tidak berubah");
    } finally {
      await p.kill();
    }
  }, 60_000);

  it("6. a folder inside messages/id/ or flows/ (not read) is a warning at start-up that says where its files belong", async () => {
    const messages = mkdtempSync(join(tmpdir(), "loket-ops6-messages-"));
    dirs.push(messages);
    cpSync("messages", messages, { recursive: true });
    mkdirSync(join(messages, "id", "arsip"));
    cpSync(join(messages, "id", "answers.yaml"), join(messages, "id", "arsip", "answers.yaml"));
    const flows = mkdtempSync(join(tmpdir(), "loket-ops6-flows-"));
    dirs.push(flows);
    cpSync("flows", flows, { recursive: true });
    mkdirSync(join(flows, "cadangan"));
    writeFileSync(join(flows, "cadangan", "apply.yaml"), "id: apply\n");
    const logLines: string[] = [];
    const w = await startStaffWorld({ store: "sqlite", env: { FLOWS_DIR: flows }, messagesDir: messages, logLines });
    worlds.push(w);
    const warnings = logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40).map((l) => l.msg).join("\n");
    expect(warnings).toMatch(/arsip/);
    expect(warnings).toMatch(/cadangan/);
  });

  it("7. a link written 'http//oss.go.id' is told the link to write, https:// first", async () => {
    const dir = knowledgeCopy();
    const line = edit(join(dir, "permits/sppl.md"), "url: https://oss.go.id", "url: http//oss.go.id");
    let issues: { file: string; line: number; message: string }[] = [];
    try {
      await loadKnowledge(dir);
    } catch (err) {
      issues = (err as FileValidationError).issues;
    }
    const at = issues.filter((i) => i.line === line);
    expect(at).toHaveLength(1);
    expect(at[0]!.message).toContain("url: https://oss.go.id");
  });
});

