import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import { answerPermit } from "../../src/knowledge/answer.js";
import { permitIn } from "../../src/knowledge/in-language.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

/**
 * english3: a permit's validity, legal basis, steps, description, where-to-apply note and how it is
 * issued have their English beside them (validity_en, legal_basis_en, procedure_en, body_en,
 * submission.note_en / issued_en), and an option its English other words (also_en).
 */
describe("English permit texts (english3)", () => {
  it("every shipped permit has them all, the lists line for line", async () => {
    const kb = await loadKnowledge("knowledge");
    const missing = kb.permits.flatMap((p) => [
      ...(p.validityEn ? [] : [`${p.id} validity_en`]),
      ...(p.legalBasisEn?.length === p.legalBasis.length ? [] : [`${p.id} legal_basis_en`]),
      ...(p.procedureEn?.length === p.procedure.length ? [] : [`${p.id} procedure_en`]),
      ...(p.body.trim() && !p.bodyEn ? [`${p.id} body_en`] : []),
      ...(p.submission.note && !p.submission.noteEn ? [`${p.id} submission.note_en`] : []),
      ...(p.submission.issued && !p.submission.issuedEn ? [`${p.id} submission.issued_en`] : []),
      ...p.form.flatMap((f) => (f.options ?? []).flatMap((o) => (o.also && !o.alsoEn ? [`${p.id} ${f.id}.${o.id} also_en`] : []))),
    ]);
    expect(missing).toEqual([]);
    expect(kb.permits.length).toBe(23);
  });

  it("English answers read them; Indonesian answers are as written", async () => {
    const kb = await loadKnowledge("knowledge");
    const messages = await loadMessages("messages");
    const [en, id] = [messages.get("en")!, messages.get("id")!];
    const legal = answerPermit(kb, en, "spp-irt", "legal");
    expect(legal).toContain("UU 18/2012 on Food");
    expect(legal).not.toContain("tentang");
    expect(answerPermit(kb, id, "spp-irt", "legal")).toContain("UU 18/2012 tentang Pangan");
    expect(answerPermit(kb, en, "nib", "issued")).toContain("download");
    expect(answerPermit(kb, id, "nib", "issued")).toContain("diunduh");
    expect(answerPermit(kb, en, "slf", "general")).toContain("fit for use");
    const pbg = permitIn(kb.permit("pbg")!, "en");
    expect(pbg.form.find((f) => f.id === "status_tanah")!.options!.find((o) => o.id === "milik_pihak_lain")!.also).toContain("parent/parents");
    expect(kb.permit("pbg")!.form.find((f) => f.id === "status_tanah")!.options![1]!.also).not.toContain("parent/parents");
  });

  describe("a clerk's copy", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "loket-english3-"));
      for (const f of ["knowledge", "flows", "messages"]) cpSync(f, join(dir, f), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const file = () => join(dir, "knowledge/permits/nib.md");
    const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    const check = async () => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;

    it("English texts removed: warnings at the Indonesian lines, and the knowledge still loads", async () => {
      const text = readFileSync(file(), "utf8");
      const cut = text
        .replace(/^validity_en: .*\n/m, "")
        .replace(/^procedure_en:\n(?: {2}- .*\n)+/m, "")
        .replace(/^ {2}issued_en: .*\n/m, "")
        .replace(/^body_en: \|\n(?: {2}.*\n)+/m, "");
      writeFileSync(file(), cut);
      const issues = await check();
      expect(issues.every((i) => i.warning)).toBe(true);
      expect(issues.map((i) => `${i.file}:${i.line}`).sort()).toEqual(
        [lineOf(cut, "  issued: NIB terbit"), lineOf(cut, "validity: Berlaku"), lineOf(cut, "procedure:"), lineOf(cut, "NIB adalah identitas")].map((n) => `knowledge/permits/nib.md:${n}`).sort(),
      );
      expect(issues.map((i) => i.message).join("\n")).toMatch(/the permit has validity: but no validity_en: citizens writing in English/);
    });

    it("an empty English text is refused at its line", async () => {
      const bad = readFileSync(file(), "utf8").replace(/^validity_en: .*$/m, 'validity_en: ""');
      writeFileSync(file(), bad);
      const issues = (await check()).filter((i) => !i.warning);
      expect(issues.map((i) => `${i.file}:${i.line}`)).toEqual([`knowledge/permits/nib.md:${lineOf(bad, "validity_en:")}`]);
      expect(issues[0]!.message).toMatch(/validity_en must not be empty/);
    });

    it("an English list of another length than the Indonesian (a step added in Indonesian only) is a warning at its line, and English answers read the Indonesian list meanwhile", async () => {
      const bad = readFileSync(file(), "utf8").replace(/^legal_basis_en:\n {2}- .*\n/m, "legal_basis_en:\n");
      writeFileSync(file(), bad);
      const issues = await check();
      expect(issues.every((i) => i.warning)).toBe(true);
      expect(issues.map((i) => `${i.file}:${i.line}`)).toEqual([`knowledge/permits/nib.md:${lineOf(bad, "legal_basis_en:")}`]);
      expect(issues[0]!.message).toMatch(/legal_basis_en has 3 lines and legal_basis has 4: citizens writing in English read the Indonesian legal_basis/);
      const kb = await loadKnowledge(join(dir, "knowledge"));
      const nib = kb.permit("nib")!;
      expect(permitIn(nib, "en").legalBasis).toEqual(nib.legalBasis);
    });
  });
});
