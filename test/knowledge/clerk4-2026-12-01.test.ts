import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateKnowledge } from "../../src/knowledge/load.js";

/**
 * A clerk editing knowledge/referrals.yaml (fourth review, 2026-12-01): a slip in one referral is
 * named by the referral (its id and name) at its line, not by its place in the list ("[3]"),
 * which she would have to count.
 */
describe("clerk review 2026-12-01 (fourth round): referrals named, not counted", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk4-"));
    await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function edit(from: string, to: string, marker = to.trim()): Promise<number> {
    const f = join(dir, "knowledge/referrals.yaml");
    const text = await readFile(f, "utf8");
    expect(text.includes(from), `"${from}" not in referrals.yaml`).toBe(true);
    const next = text.replace(from, to);
    await writeFile(f, next);
    return next.slice(0, next.indexOf(marker)).split("\n").length;
  }
  const issues = async () => (await validateKnowledge(join(dir, "knowledge"), { root: dir })).issues;

  it("a referral's missing line is said with the referral's id and name", async () => {
    const line = await edit("  where: Gerai Disdukcapil di MPP Rembang atau kantor Disdukcapil.\n  where_en: The Disdukcapil counter in the MPP Rembang building or the Disdukcapil office.\n- id: akta-kematian", "- id: akta-kematian", "- id: akta-kelahiran");
    const found = (await issues()).filter((i) => i.file === "knowledge/referrals.yaml");
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(line);
    expect(found[0]!.message).toContain('referral "akta-kelahiran" (Akta kelahiran)');
    expect(found[0]!.message).toMatch(/"where" is missing: add a line "where: \.\.\."/);
    expect(found[0]!.message).not.toMatch(/\[\d+\]/);
  });

  it("an unknown key in a referral is said with the referral's id and name, at its line", async () => {
    const line = await edit("- id: sim\n", "- id: sim\n  nam: SIM\n", "  nam: SIM");
    const found = (await issues()).filter((i) => i.file === "knowledge/referrals.yaml");
    expect(found).toEqual([{ file: "knowledge/referrals.yaml", line, message: 'referral "sim" (SIM (Surat Izin Mengemudi)): unknown key "nam" — did you mean "name"?' }]);
  });

  it("a referral without an id is named by its name; a wrong value by the referral too", async () => {
    await edit("- id: kk\n  name: Kartu Keluarga (KK)", "- name: Kartu Keluarga (KK)", "- name: Kartu Keluarga (KK)");
    await edit("  agency: Satlantas Polres Rembang", "  agency: 12", "  agency: 12");
    const messages = (await issues()).filter((i) => i.file === "knowledge/referrals.yaml").map((i) => i.message);
    expect(messages.some((m) => m.includes('referral "Kartu Keluarga (KK)"') && m.includes('"id" is missing'))).toBe(true);
    expect(messages.some((m) => m.includes('referral "sim"') && /agency/.test(m))).toBe(true);
    for (const m of messages) expect(m).not.toMatch(/\[\d+\]/);
  });
});
