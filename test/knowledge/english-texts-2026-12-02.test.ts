import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import { answerPermit } from "../../src/knowledge/answer.js";
import { permitIn } from "../../src/knowledge/in-language.js";
import { loadKnowledge, validateKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

/**
 * A citizen writing in English reads a permit's own texts in English: each document's name and
 * note, each form question's label, about and hint, each choice (`name_en`, `note_en`,
 * `label_en`, `about_en`, `hint_en` beside the Indonesian). A missing one is a warning of
 * `npm run check` at its file and line; an empty one is refused there.
 */
describe("English texts of every permit's documents and questions", () => {
  it("every shipped permit has them all (a text removed fails here)", async () => {
    const { warnings } = await validateKnowledge("knowledge");
    expect(warnings.map((w) => `${w.file}:${w.line}: ${w.message}`)).toEqual([]);
    const kb = await loadKnowledge("knowledge");
    const missing = kb.permits.flatMap((p) => [
      ...p.requirements.flatMap((d) => [...(d.nameEn ? [] : [`${p.id} ${d.id} name_en`]), ...(d.note && !d.noteEn ? [`${p.id} ${d.id} note_en`] : [])]),
      ...p.form.flatMap((f) => [
        ...(f.labelEn ? [] : [`${p.id} ${f.id} label_en`]),
        ...(f.about && !f.aboutEn ? [`${p.id} ${f.id} about_en`] : []),
        ...(f.hint && !f.hintEn ? [`${p.id} ${f.id} hint_en`] : []),
        ...(f.options ?? []).flatMap((o) => (o.labelEn ? [] : [`${p.id} ${f.id}.${o.id} label_en`])),
      ]),
    ]);
    expect(missing).toEqual([]);
    expect(kb.permits.length).toBe(23);
  });

  it("English answers and questions use the English text; Indonesian ones stay as written", async () => {
    const kb = await loadKnowledge("knowledge");
    const messages = await loadMessages("messages");
    const en = messages.get("en")!;
    const id = messages.get("id")!;
    const english = answerPermit(kb, en, "sip-bidan", "requirements");
    expect(english).toContain("Midwifery diploma");
    expect(english).toContain("only for a renewal");
    expect(english).not.toMatch(/Ijazah|khusus perpanjangan|Pas foto/);
    const indonesian = answerPermit(kb, id, "sip-bidan", "requirements");
    expect(indonesian).toContain("Ijazah kebidanan");
    expect(indonesian).toContain("khusus perpanjangan");
    expect(indonesian).not.toContain("Midwifery");
    const bidan = kb.permit("sip-bidan")!;
    expect(permitIn(bidan, "id")).toBe(bidan);
    const str = permitIn(bidan, "en").form.find((f) => f.id === "nomor_str")!;
    expect(str.label).toBe("STR number");
    expect(str.about).not.toContain("adalah");
    expect(permitIn(bidan, "en").form.find((f) => f.id === "jenis_praktik")!.options!.map((o) => o.label)).toContain("Independent practice");
    expect(bidan.form[0]!.label).toBe("Nomor STR");
  });

  describe("a clerk's copy", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "loket-english-texts-"));
      for (const f of ["knowledge", "flows", "messages"]) cpSync(f, join(dir, f), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const file = () => join(dir, "knowledge/permits/sip-bidan.md");
    const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    const check = async () => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;

    it("an English text removed: npm run check warns at the Indonesian text's line, and the knowledge still loads", async () => {
      const text = readFileSync(file(), "utf8");
      writeFileSync(file(), text.replace(/^ {4}label_en: "STR number"\n/m, "").replace(/^ {4}note_en: "only for a renewal"\n/m, "").replace(/, label_en: "Independent practice"/, ""));
      const after = readFileSync(file(), "utf8");
      const issues = await check();
      expect(issues.every((i) => i.warning)).toBe(true);
      const at = issues.map((i) => `${i.file}:${i.line}`);
      expect(at).toEqual([
        `knowledge/permits/sip-bidan.md:${lineOf(after, "note: khusus perpanjangan")}`,
        `knowledge/permits/sip-bidan.md:${lineOf(after, "label: Nomor STR")}`,
        `knowledge/permits/sip-bidan.md:${lineOf(after, 'label: "Praktik mandiri"')}`,
      ]);
      expect(issues[1]!.message).toMatch(/form question "nomor_str" has label: but no label_en/);
      expect(issues[2]!.message).toMatch(/option "mandiri"/);
      const kb = await loadKnowledge(join(dir, "knowledge"));
      expect(permitIn(kb.permit("sip-bidan")!, "en").form[0]!.label).toBe("Nomor STR");
    });

    it("an English text left empty is refused at its file and line", async () => {
      const text = readFileSync(file(), "utf8");
      writeFileSync(file(), text.replace(/^( {4}about_en: ).*$/m, '$1""'));
      await expect(loadKnowledge(join(dir, "knowledge"))).rejects.toThrow(new RegExp(`sip-bidan\\.md:${lineOf(text, "about_en:")}:`));
    });

    it("an English about over 300 characters is refused, as the Indonesian one", async () => {
      const text = readFileSync(file(), "utf8");
      writeFileSync(file(), text.replace(/^( {4}hint_en: ).*$/m, `$1"${"The STR number is on your certificate. ".repeat(9)}"`));
      await expect(loadKnowledge(join(dir, "knowledge"))).rejects.toThrow(/hint_en is \d+ characters/);
    });
  });
});
