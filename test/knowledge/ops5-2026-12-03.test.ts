import { cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import type { FileIssue } from "../../src/errors.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

/**
 * Held-out acceptance (ops5, 2026-12-03): a self-taught clerk edits a copy of knowledge/, flows/
 * and messages/, making mistakes earlier sessions did not try. Each problem: one line, at the file
 * and line to change, saying what to write. Written before the change; the first run on the
 * unchanged code (15a4745) is in the commit message.
 */
describe("a clerk's mistakes, tried fresh (ops5)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-ops5-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  /** Replaces `from` (a string or the first match of a pattern) by `to`; returns the line of `marker` (default: `to`). */
  async function edit(path: string, from: string | RegExp, to: string, marker = to.trim().split("\n")[0]!): Promise<number> {
    const f = join(dir, path);
    const text = await readFile(f, "utf8");
    expect(typeof from === "string" ? text.includes(from) : from.test(text), `${String(from)} in ${path}`).toBe(true);
    const next = text.replace(from, to);
    await writeFile(f, next);
    return next.slice(0, next.indexOf(marker)).split("\n").length;
  }
  const check = async (): Promise<FileIssue[]> => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;
  const errors = async () => (await check()).filter((i) => !i.warning);
  async function oneError(file: string, line: number): Promise<string> {
    const all = await errors();
    expect(all.map((i) => `${i.file}:${i.line}: ${i.message}`)).toHaveLength(1);
    expect(all[0]).toMatchObject({ file, line });
    return all[0]!.message;
  }

  const steps = ["Masuk ke OSS dan isi data usaha.", "Untuk usaha berdampak rendah, OSS menampilkan formulir SPPL.", "Isi dan setujui pernyataan kesanggupan.", "SPPL terbit bersama perizinan usaha."];
  it("a fee amount written as on a price list, 'Rp 50.000,-': the amount to write", async () => {
    const line = await edit("knowledge/permits/sip-perawat.md", "amount: gratis", "amount: Rp 50.000,-");
    expect(await oneError("knowledge/permits/sip-perawat.md", line)).toContain("amount: 50000");
  });
  it("a whole procedure numbered '1.' … '4.' (indented as the dashes were): the same clear error as one such line", async () => {
    const line = await edit("knowledge/permits/sppl.md", steps.map((s) => `  - ${s}`).join("\n"), steps.map((s, i) => `  ${i + 1}. ${s}`).join("\n"));
    const msg = await oneError("knowledge/permits/sppl.md", line);
    expect(msg).toContain(`"  - ${steps[0]}"`);
    expect(msg).toMatch(/1\./);
  });
  it("a whole legal_basis list numbered '1)' (one line): said with the dash to write", async () => {
    const line = await edit("knowledge/permits/sppl.md", "legal_basis:\n  - PP 22/2021", "legal_basis:\n  1) PP 22/2021", "1) PP 22/2021");
    const msg = await oneError("knowledge/permits/sppl.md", line);
    expect(msg).toContain('"  - PP 22/2021');
  });
  it("a fee amount written '75rb': write amount: 75000, not 75", async () => {
    const line = await edit("knowledge/permits/sip-perawat.md", "amount: gratis", "amount: 75rb");
    const msg = await oneError("knowledge/permits/sip-perawat.md", line);
    expect(msg).toContain("amount: 75000");
  });
  it("a fee amount written '1,5 juta': write amount: 1500000", async () => {
    const line = await edit("knowledge/permits/sip-perawat.md", "amount: gratis", "amount: 1,5 juta");
    expect(await oneError("knowledge/permits/sip-perawat.md", line)).toContain("amount: 1500000");
  });
  it("working_days written in words, 'dua puluh delapan hari': write working_days: 28", async () => {
    const line = await edit("knowledge/permits/pbg.md", /working_days: \d+/, "working_days: dua puluh delapan hari");
    expect(await oneError("knowledge/permits/pbg.md", line)).toContain("working_days: 28");
  });
  it("working_days written 'tiga hari kerja' (words): write working_days: 3", async () => {
    const line = await edit("knowledge/permits/pbg.md", /working_days: \d+/, "working_days: tiga hari kerja");
    expect(await oneError("knowledge/permits/pbg.md", line)).toContain("working_days: 3");
  });
  it("working_days '28 hari kerja': write the number alone", async () => {
    const line = await edit("knowledge/permits/pbg.md", /working_days: \d+/, "working_days: 28 hari kerja");
    expect(await oneError("knowledge/permits/pbg.md", line)).toContain("working_days: 28");
  });
  it("reviewed written as on a letter, '17 Agustus 2026': the date to write", async () => {
    const line = await edit("knowledge/permits/sppl.md", /reviewed: .*/, "reviewed: 17 Agustus 2026");
    expect(await oneError("knowledge/permits/sppl.md", line)).toContain('reviewed: "2026-08-17"');
  });
  it("reviewed written '2026-8-17' (no leading zero): the date to write", async () => {
    const line = await edit("knowledge/permits/sppl.md", /reviewed: .*/, "reviewed: 2026-8-17");
    expect(await oneError("knowledge/permits/sppl.md", line)).toContain('reviewed: "2026-08-17"');
  });
  it("a holiday dated '17 Agustus 2026': the date to write, at its line", async () => {
    const line = await edit("knowledge/office.yaml", '{ date: "2026-08-17"', "{ date: 17 Agustus 2026");
    expect(await oneError("knowledge/office.yaml", line)).toContain('date: "2026-08-17"');
  });
  it("a holiday dated '17-08-2026': the date to write", async () => {
    const line = await edit("knowledge/office.yaml", '{ date: "2026-08-17"', '{ date: "17-08-2026"');
    expect(await oneError("knowledge/office.yaml", line)).toContain('date: "2026-08-17"');
  });
  it("a permit copied by the file manager ('sppl - Copy.md'), id kept: told to rename the file to the new permit's id, not to write id: sppl - Copy", async () => {
    await cp(join(dir, "knowledge/permits/sppl.md"), join(dir, "knowledge/permits/sppl - Copy.md"));
    const msg = await oneError("knowledge/permits/sppl - Copy.md", 2);
    expect(msg).not.toContain('id here to "sppl - Copy"');
    expect(msg).toMatch(/rename the file/);
    expect(msg).toMatch(/small letters/);
  });
  it("a new permit copied from another (sip-gizi.md from sip-perawat.md), id kept: change the id here", async () => {
    await cp(join(dir, "knowledge/permits/sip-perawat.md"), join(dir, "knowledge/permits/sip-gizi.md"));
    const msg = await oneError("knowledge/permits/sip-gizi.md", 2);
    expect(msg).toContain('change the id here to "sip-gizi"');
  });
  it("a link with a space after https://: the link to write", async () => {
    const line = await edit("knowledge/permits/sppl.md", "url: https://oss.go.id", "url: https:// oss.go.id");
    expect(await oneError("knowledge/permits/sppl.md", line)).toContain("url: https://oss.go.id");
  });
  it("a link without https:// (www.oss.go.id): the link to write", async () => {
    const line = await edit("knowledge/permits/sppl.md", "url: https://oss.go.id", "url: www.oss.go.id");
    expect(await oneError("knowledge/permits/sppl.md", line)).toContain("url: https://www.oss.go.id");
  });
  it("a permit removed that office.yaml's representation still names: says to remove the id from that list", async () => {
    await unlink(join(dir, "knowledge/permits/sip-bidan.md"));
    const msg = await oneError("knowledge/office.yaml", 97);
    expect(msg).toMatch(/remove "sip-bidan" from/);
  });
  it("a message's placeholder misspelt ({nama_pemohon} for {nama}): did you mean {nama}?", async () => {
    const line = await edit("messages/id/conversation.yaml", "sudah kami terima.\\n", "sudah kami terima, Bapak/Ibu {nama_pemohon}.\\n", "receipt:");
    const msg = await oneError("messages/id/conversation.yaml", line);
    expect(msg).toContain("{nama_pemohon}");
    expect(msg).toContain("did you mean {nama}");
  });
  it("a permit file saved with Windows line ends (and a BOM): read as usual, no \\r in what citizens read", async () => {
    const f = join(dir, "knowledge/permits/sppl.md");
    await writeFile(f, `\uFEFF${(await readFile(f, "utf8")).replace(/\n/g, "\r\n")}`);
    expect(await errors()).toEqual([]);
    const kb = await loadKnowledge(join(dir, "knowledge"));
    const p = kb.permits.find((x) => x.id === "sppl")!;
    expect(JSON.stringify(p)).not.toContain("\\r");
  });
  it("a permit saved as .yml: said at the file, to rename it to .md", async () => {
    const f = join(dir, "knowledge/permits/sppl.md");
    await writeFile(join(dir, "knowledge/permits/sppl.yml"), await readFile(f, "utf8"));
    await unlink(f);
    expect(await oneError("knowledge/permits/sppl.yml", 1)).toContain("sppl.md");
  });
  it("a folder of old permit files inside knowledge/ (knowledge/arsip/): a warning that Loket does not read it", async () => {
    await mkdir(join(dir, "knowledge/arsip"));
    await cp(join(dir, "knowledge/permits/sppl.md"), join(dir, "knowledge/arsip/sppl-lama.md"));
    const all = await check();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ file: "knowledge/arsip", warning: true });
    expect(all[0]!.message).toMatch(/not read/);
  });
  it("emoji and WhatsApp *bold* in a fee text, in quotes: taken as written", async () => {
    await edit("knowledge/permits/sip-perawat.md", /fee:\n  text: .*/, 'fee:\n  text: "✅ *Gratis*, tidak dipungut biaya."', "fee:");
    expect(await errors()).toEqual([]);
  });
});
