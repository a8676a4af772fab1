import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import type { FileIssue } from "../../src/errors.js";

/**
 * Probe (ops5, 2026-12-03), written after the change and not looked at before it: more of the same
 * clerk's slips, each said at its file and line with what to write. Its first run is in the commit.
 */
describe("a clerk's slips, probe (ops5)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-ops5p-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  async function edit(path: string, from: string | RegExp, to: string, marker = to.trim().split("\n")[0]!): Promise<number> {
    const f = join(dir, path);
    const text = await readFile(f, "utf8");
    expect(typeof from === "string" ? text.includes(from) : from.test(text), `${String(from)} in ${path}`).toBe(true);
    const next = text.replace(from, to);
    await writeFile(f, next);
    return next.slice(0, next.indexOf(marker)).split("\n").length;
  }
  const check = async (): Promise<FileIssue[]> => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;
  async function oneError(file: string, line: number): Promise<string> {
    const all = (await check()).filter((i) => !i.warning);
    expect(all.map((i) => `${i.file}:${i.line}: ${i.message}`)).toHaveLength(1);
    expect(all[0]).toMatchObject({ file, line });
    return all[0]!.message;
  }

  it("a new permit saved in knowledge/ instead of knowledge/permits/: a warning saying where to move it", async () => {
    await writeFile(join(dir, "knowledge/sip-gizi.md"), await readFile(join(dir, "knowledge/permits/sip-perawat.md"), "utf8"));
    const all = await check();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/sip-gizi.md", warning: true });
    expect(all[0]!.message).toContain("knowledge/permits/sip-gizi.md");
  });
  it("a holiday list in a file of its own (knowledge/libur.yaml): a warning that it is not read and that holidays go in office.yaml", async () => {
    await writeFile(join(dir, "knowledge/libur.yaml"), 'holidays:\n  - { date: "2027-01-01", name: Tahun Baru }\n');
    const all = await check();
    expect(all).toHaveLength(1);
    expect(all[0]!.warning).toBe(true);
    expect(all[0]!.message).toMatch(/not read/);
    expect(all[0]!.message).toContain("office.yaml");
  });
  it("working_days 'empat belas hari kerja': write working_days: 14", async () => {
    const line = await edit("knowledge/permits/pbg.md", /working_days: \d+/, "working_days: empat belas hari kerja");
    expect(await oneError("knowledge/permits/pbg.md", line)).toContain("working_days: 14");
  });
  it("a special day dated '12 Januari 2027': the date to write", async () => {
    const line = await edit("knowledge/office.yaml", "# special_hours:\n", "special_hours:\n  - date: 12 Januari 2027\n    hours: []\n    note: kantor tutup untuk stock opname\n    note_en: the office is closed for stocktaking\n# special_hours:\n", "  - date: 12 Januari");
    expect(await oneError("knowledge/office.yaml", line)).toContain('date: "2027-01-12"');
  });
  it("a fee amount '2,5 jt': write amount: 2500000", async () => {
    const line = await edit("knowledge/permits/sip-perawat.md", "amount: gratis", "amount: 2,5 jt");
    expect(await oneError("knowledge/permits/sip-perawat.md", line)).toContain("amount: 2500000");
  });
  it("a link written 'https//oss.go.id' (colon left out): the link to write", async () => {
    const line = await edit("knowledge/permits/sppl.md", "url: https://oss.go.id", "url: https//oss.go.id");
    expect(await oneError("knowledge/permits/sppl.md", line)).toContain("url: https://oss.go.id");
  });
});
