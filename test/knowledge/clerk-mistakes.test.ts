import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateFlows } from "../../src/engine/flows/load.js";
import { validateKnowledge } from "../../src/knowledge/load.js";

/**
 * Mistakes a clerk makes while editing knowledge/ and flows/ by hand (found by a review): each
 * is either accepted by `npm run check` although it changes what citizens are told, reported at
 * the wrong line, or refused although it is right.
 */

const REAL_KNOWLEDGE = resolve("knowledge");
const REAL_FLOWS = resolve("flows");

describe("clerk mistakes in knowledge/ and flows/", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk-"));
    await cp(REAL_KNOWLEDGE, join(dir, "knowledge"), { recursive: true });
    await cp(REAL_FLOWS, join(dir, "flows"), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  /** Replaces `from` in a file under the copy; returns the 1-based line where `marker` now is. */
  async function edit(path: string, from: string | RegExp, to: string, marker = to): Promise<number> {
    const f = join(dir, path);
    const text = await readFile(f, "utf8");
    const next = text.replace(from, to);
    expect(next, `edit of ${path} did nothing`).not.toBe(text);
    await writeFile(f, next);
    return next.slice(0, next.indexOf(marker)).split("\n").length;
  }
  const knowledgeIssues = async () => (await validateKnowledge(join(dir, "knowledge"), { root: dir })).issues;
  const flowIssues = async () => (await validateFlows(join(dir, "flows"), dir)).issues;

  it("does not accept an option whose next was left out when it then goes where another option goes ('no' to deleting the data erases it)", async () => {
    // The clerk drops ", next: kept" from the "no" option: the engine takes `o.next ?? step.next`,
    // i.e. the step below the question, which is "erase", the step "yes" leads to.
    const no = await edit("flows/delete_data.yaml", "{ id: no, label: delete.no, next: kept }", "{ id: no, label: delete.no }");
    // The same slip at the consent question sends a citizen who declines on to the personal-data form.
    const decline = await edit("flows/apply.yaml", "{ id: decline, label: consent.decline, next: declined }", "{ id: decline, label: consent.decline }");
    const issues = await flowIssues();
    expect(issues.filter((i) => i.file === "flows/delete_data.yaml").map((i) => i.line)).toContain(no);
    expect(issues.filter((i) => i.file === "flows/apply.yaml").map((i) => i.line)).toContain(decline);
  });

  it("refuses a web address that is not http(s) (a link citizens could not open), saying how to write it", async () => {
    const site = await edit("knowledge/office.yaml", "  website: https://dpmptsp.rembangkab.go.id", "  website: ftp://dpmptsp.rembangkab.go.id");
    const oss = await edit("knowledge/permits/nib.md", "  url: https://oss.go.id", "  url: javascript:alert(1)", "  url:");
    const issues = await knowledgeIssues();
    expect(issues.find((i) => i.file === "knowledge/office.yaml")).toMatchObject({ line: site, message: expect.stringMatching(/https:\/\/ \(or http:\/\/\)/) });
    expect(issues.find((i) => i.file === "knowledge/permits/nib.md")).toMatchObject({ line: oss, message: expect.stringMatching(/https:\/\//) });
    // http:// is accepted: some offices' sites have no https yet.
    await edit("knowledge/office.yaml", "  website: ftp://", "  website: http://");
    expect((await knowledgeIssues()).filter((i) => i.file === "knowledge/office.yaml")).toEqual([]);
  });

  it("reports a text written in WhatsApp bold without quotes (*Gratis*) at its own line, saying to put it in quotes", async () => {
    // YAML reads `*Gratis*` as an alias to an anchor that does not exist; the `yaml` package
    // finds it only while building values, and the check then says line 1 of the YAML (line 2 of
    // the permit file) with "Unresolved alias (the anchor must be set before the alias)".
    const fee = await edit("knowledge/permits/sip-perawat.md", "  text: Umumnya gratis (SIP tidak dipungut retribusi).", "  text: *Gratis*");
    const name = await edit("knowledge/office.yaml", /^short_name: .*$/m, "short_name: *DPMPTSP*");
    const issues = await knowledgeIssues();
    expect(issues.find((i) => i.file === "knowledge/permits/sip-perawat.md")).toMatchObject({ line: fee, message: expect.stringMatching(/quote/i) });
    expect(issues.find((i) => i.file === "knowledge/office.yaml")).toMatchObject({ line: name, message: expect.stringMatching(/quote/i) });
  });

  it("refuses amount: gratis beside a fee text that says the permit is no longer free ('Dulu gratis, sekarang …', 'tidak lagi gratis')", async () => {
    // The fee changed; the clerk rewrites the text and forgets the amount. The fee overview
    // ("ngurus izin bayar ga?") then lists the permit under "✅ Umumnya gratis".
    const amount = await edit(
      "knowledge/permits/sip-perawat.md",
      "  text: Umumnya gratis (SIP tidak dipungut retribusi).",
      "  text: Dulu gratis, sekarang dikenakan retribusi sesuai Perda Kabupaten Rembang.",
      "  amount: gratis",
    );
    const amount2 = await edit(
      "knowledge/permits/sipa.md",
      "  text: Umumnya gratis (SIP tidak dipungut retribusi).",
      "  text: Sejak 2027 tidak lagi gratis; retribusi sesuai Perda Kabupaten Rembang.",
      "  amount: gratis",
    );
    const issues = await knowledgeIssues();
    expect(issues.find((i) => i.file === "knowledge/permits/sip-perawat.md")).toMatchObject({ line: amount, message: expect.stringContaining("fee.amount is gratis") });
    expect(issues.find((i) => i.file === "knowledge/permits/sipa.md")).toMatchObject({ line: amount2, message: expect.stringContaining("fee.amount is gratis") });
  });

  it("refuses a referral alias that is a word citizens use about any permit ('pajak', 'syarat'), as it refuses it as a permit's alias or keyword", async () => {
    // Accepted today: "berapa pajaknya?" (about izin reklame) is then answered as the PBB referral
    // (Bapenda), and "apa saja syaratnya?" as the KTP referral (Disdukcapil).
    const pajak = await edit("knowledge/referrals.yaml", "aliases: [PBB, pajak bumi", "aliases: [PBB, pajak, pajak bumi");
    const syarat = await edit("knowledge/referrals.yaml", "aliases: [KTP, e-KTP,", "aliases: [KTP, syarat, e-KTP,");
    const issues = (await knowledgeIssues()).filter((i) => i.file === "knowledge/referrals.yaml");
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: pajak, message: expect.stringContaining('"pajak"') }),
        expect.objectContaining({ line: syarat, message: expect.stringContaining('"syarat"') }),
      ]),
    );
  });

  it("refuses a one-word alias the spelling list reads as an everyday word ('SPT' is 'seperti')", async () => {
    // Accepted before: "syaratnya sama kayak tadi?" ("kayak" is "seperti", and so is "spt") was
    // answered as the NPWP referral (the tax office).
    const spt = await edit("knowledge/referrals.yaml", "lapor SPT, SPT tahunan", "lapor SPT, SPT, SPT tahunan");
    const issues = (await knowledgeIssues()).filter((i) => i.file === "knowledge/referrals.yaml");
    expect(issues).toEqual([expect.objectContaining({ line: spt, message: expect.stringContaining('"SPT" in aliases is read as "seperti"') })]);
  });

  it("accepts today's date in Rembang as reviewed before 07:00 WIB (the future check compares with the UTC date)", async () => {
    // 29 November 2026, 06:30 WIB is still 28 November in UTC.
    await edit("knowledge/permits/sip-perawat.md", /^reviewed: .*$/m, "reviewed: 2026-11-29");
    const { issues } = await validateKnowledge(join(dir, "knowledge"), { root: dir, now: () => new Date("2026-11-28T23:30:00Z") });
    expect(issues).toEqual([]);
  });
});
