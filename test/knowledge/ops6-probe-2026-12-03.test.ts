import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { edit } from "../support/clerk-copy.js";
import { startStaffWorld, type StaffWorld } from "../staff/support.js";

/** Probe ops6 (2026-12-03), written after the reload was built, not looked at before. */
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
async function world() {
  const dir = mkdtempSync(join(tmpdir(), "loket-ops6p-"));
  cpSync("knowledge", dir, { recursive: true });
  dirs.push(dir);
  const w = await startStaffWorld({ store: "sqlite", env: { KNOWLEDGE_DIR: dir } });
  worlds.push(w);
  return { w, dir, admin: await w.login("sari") };
}
const said = (r: { text: string }[]) => r.map((x) => x.text).join("\n");

describe("ops6 probe 2026-12-03", () => {
  it("P1. a permit file removed: the reload takes one permit fewer", async () => {
    const { dir, admin } = await world();
    const before = await admin.json<{ permits: number }>("/knowledge");
    rmSync(join(dir, "permits/izin-optik.md"));
    const r = (await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer;
    expect(r.instances[0]!.ok).toBe(true);
    expect(r.instances[0]!.permits).toBe(before.permits - 1);
  });

  it("P2. office hours written '08.00' in office.yaml: refused at office.yaml with the time to write; the office still answers", async () => {
    const { w, dir, admin } = await world();
    const line = edit(join(dir, "office.yaml"), 'mon: [{ open: "08:00"', 'mon: [{ open: "08.00"');
    const r = (await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer;
    expect(r.instances[0]!.ok).toBe(false);
    expect(r.instances[0]!.problems.some((p) => p.file.endsWith("office.yaml") && p.line === line && p.message.includes("08:00"))).toBe(true);
    expect(said(await (await w.citizen()).say("jam buka kantor?"))).toMatch(/08[.:]00/);
  });

  it("P3. an English-speaking citizen reads the reloaded English text", async () => {
    const { w, dir, admin } = await world();
    edit(join(dir, "permits/sppl.md"), `validity_en: "We do not have data yet on how long an SPPL is valid; staff will confirm."`, `validity_en: "An SPPL is valid as long as the business activity does not change."`);
    edit(join(dir, "permits/sppl.md"), "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.", "validity: SPPL berlaku selama kegiatan usaha tidak berubah.");
    expect(((await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer).instances[0]!.ok).toBe(true);
    expect(said(await (await w.citizen()).say("how long is an SPPL valid?"))).toContain("as long as the business activity does not change");
  });

  it("P4. two admins press at the same moment: both answered, the same version", async () => {
    const { w, dir, admin } = await world();
    edit(join(dir, "permits/sppl.md"), "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.", "validity: SPPL berlaku selama kegiatan usaha tidak berubah.");
    const other = await w.login("sari");
    const [a, b] = await Promise.all([admin.post("/knowledge/reload"), other.post("/knowledge/reload")]);
    const ra = (await a.json()) as ReloadAnswer;
    const rb = (await b.json()) as ReloadAnswer;
    expect(ra.instances[0]!.ok && rb.instances[0]!.ok).toBe(true);
    expect(ra.version).toBe(rb.version);
  });

  it("P5. the reload is in the audit log with the version", async () => {
    const { admin } = await world();
    const r = (await (await admin.post("/knowledge/reload")).json()) as ReloadAnswer;
    const audit = await admin.json<{ entries: { action: string; by: string; detail?: string }[] }>("/audit");
    expect(audit.entries.some((e) => e.action === "knowledge_reload" && e.by === "sari" && e.detail?.includes(r.version))).toBe(true);
  });
});
