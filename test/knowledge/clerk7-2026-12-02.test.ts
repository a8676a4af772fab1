import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import type { FileIssue } from "../../src/errors.js";
import { fixtures, ownFile } from "../support/fixtures.js";
import { createTestLoket } from "../support/loket.js";

/**
 * A whole new permit as a clerk writes it from docs/knowledge.md (section 4's example, the tables
 * of sections 2 and 3). INVENTED TEST DATA: shared/reference/permit-facts.md has no facts for a
 * nutritionist's practice permit; the names, fees and times below are made up for the test and
 * must never be copied into knowledge/.
 */
const GIZI = `---
id: sip-gizi
name: Surat Izin Praktik Tenaga Gizi (SIPTGz)
aliases: [SIP gizi, SIP nutrisionis, SIP dietisien, izin praktik tenaga gizi]
keywords: [nutrisionis, dietisien, ahli gizi]
category: "Kesehatan: izin praktik"
submission:
  channel: counter
  loket_can_apply: true
  note: Diajukan ke DPMPTSP (data uji).
requirements:
  - id: ktp
    name: KTP
    accept: [pdf, jpg, png]
    required: true
  - id: str
    name: STR tenaga gizi
    accept: [pdf, jpg, png]
    required: true
  - id: skp
    name: Surat pernyataan kecukupan SKP
    accept: [pdf]
    required: true
    when: { jenis_permohonan: perpanjangan }
form:
  - id: nomor_str
    label: Nomor STR
    kind: text
    required: true
    min: 5
    max: 40
  - id: jenis_permohonan
    label: Jenis permohonan
    kind: choice
    required: true
    options:
      - { id: baru, label: "SIP baru" }
      - { id: perpanjangan, label: "Perpanjangan" }
fee:
  text: Gratis (data uji).
  en: Free (test data).
  amount: gratis
duration:
  text: 5 hari kerja (data uji).
  en: 5 working days (test data).
  working_days: 5
validity: 5 tahun (data uji).
legal_basis:
  - Data uji, bukan dasar hukum
procedure:
  - Ajukan permohonan ke DPMPTSP.
  - SIP diterbitkan.
reviewed: 2026-11-28
needs_confirmation: true
---
SIPTGz adalah izin praktik bagi tenaga gizi (data uji).
`;
const file = "knowledge/permits/sip-gizi.md";

/**
 * Held-out round (seventh clerk review, 2026-12-02): the clerk adds a whole new permit (and a
 * question to the application form in flows/), making slips earlier rounds did not test. Each
 * goes through what `npm run check` runs (src/cli/check-issues.ts) and is named at its file and
 * line in words that say what to write, or, for a harmless quirk, accepted and working.
 */
describe("clerk review 2026-12-02 (seventh round): a new permit through npm run check", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk7-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  /** Writes the new permit, edited by `change`, as `name`; returns its text. */
  const add = async (change: (t: string) => string = (t) => t, name = file) => {
    const text = change(GIZI);
    await writeFile(join(dir, name), text);
    return text;
  };
  const lineIn = (text: string, part: string) => {
    const at = text.split("\n").findIndex((l) => l.includes(part));
    expect(at, `"${part}" not in the file`).toBeGreaterThanOrEqual(0);
    return at + 1;
  };
  const check = async (): Promise<FileIssue[]> => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues;
  const problems = async () => (await check()).filter((i) => !i.warning);
  /**
   * What the check says of a permit written from the docs: nothing but, since english2 (merged the
   * same day), a warning per text without its English beside it (optional: docs/knowledge.md, section 3).
   */
  const besidesEnglish = async () => (await check()).filter((i) => !(i.warning && /but no (?:\w+_)?en: citizens writing in English/.test(i.message)));

  it("the new permit as written from the docs: nothing to say (but the English texts it may add)", async () => {
    await add();
    expect(await besidesEnglish()).toEqual([]);
  });

  it("1: a choice question without its options (a document's when names one of them): one problem, at the question, with the options to write", async () => {
    const text = await add((t) => t.replace(/ {4}options:\n.*\n.*\n/, ""));
    const found = await problems();
    expect(found).toHaveLength(1);
    const question = lineIn(text, "- id: jenis_permohonan");
    expect(found[0]).toMatchObject({ file, line: question + 2 });
    expect(text.split("\n")[question + 1]).toBe("    kind: choice");
    expect(found[0]!.message).toContain('"jenis_permohonan"');
    expect(found[0]!.message).toMatch(/options:[\s\S]*- \{ id: .*, label: /);
    expect(found[0]!.message).not.toMatch(/its options are: \)/);
  });

  it("2: loket_can_apply: true with no documents and no questions (requirements: [], form: []): what to write under requirements, at its line", async () => {
    const text = await add((t) => t.replace(/requirements:[\s\S]*?(?=fee:)/, "requirements: []\nform: []\n"));
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file, line: lineIn(text, "requirements: []") });
    expect(found[0]!.message).not.toMatch(/^requirements: requirements/);
    expect(found[0]!.message).toContain("- id: ktp");
    expect(found[0]!.message).toContain("required: true");
  });

  it("3: an alias that is part of another permit's name (SIPP, in \"Surat Izin Praktik Perawat (SIPP)\"): refused in the new file, at the alias, not in the other permit's file", async () => {
    const text = await add((t) => t.replace(/^aliases: \[.*\]$/m, "aliases:\n  - SIP gizi\n  - SIPP\n  - SIP nutrisionis"));
    expect(text).toContain("  - SIPP\n");
    const found = await problems();
    expect(found.map((i) => i.file)).toEqual([file]);
    expect(found[0]!.line).toBe(lineIn(text, "  - SIPP"));
    expect(found[0]!.message).toContain("sip-perawat");
    expect(found[0]!.message).toContain("Surat Izin Praktik Perawat (SIPP)");
    expect(found[0]!.message).toMatch(/remove it here/);
  });

  it("4: fee.en written and fee.text left out: the missing line is named under fee (the English alone is not the fee)", async () => {
    const text = await add((t) => t.replace("  text: Gratis (data uji).\n", ""));
    const found = await problems();
    expect(found).toEqual([{ file, line: lineIn(text, "fee:"), message: expect.stringMatching(/"fee\.text" is missing: add a line "text: \.\.\." under fee/) }]);
  });

  it("5: a permit without aliases or keywords (both optional): accepted, and npm run -s classify finds it by its name and by the short form in brackets", async () => {
    await add((t) => t.replace(/^aliases:.*\n/m, "").replace(/^keywords:.*\n/m, ""));
    expect(await besidesEnglish()).toEqual([]);
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/cli/classify.ts"], {
      input: '{"text":"syarat surat izin praktik tenaga gizi apa"}\n{"text":"biaya SIPTGz berapa"}\n',
      encoding: "utf8",
      env: { ...process.env, KNOWLEDGE_DIR: join(dir, "knowledge") },
    });
    expect(out.trim().split("\n").map((l) => JSON.parse(l))).toEqual([
      { intent: "ask", permit: "sip-gizi", aspect: "requirements" },
      { intent: "ask", permit: "sip-gizi", aspect: "fee" },
    ]);
  });

  it('6: the front matter closed with "..." (YAML\'s end of a document) instead of "---": named at that line, with the line to write', async () => {
    const text = await add((t) => t.replace("needs_confirmation: true\n---\n", "needs_confirmation: true\n...\n"));
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file, line: lineIn(text, "...") });
    expect(found[0]!.message).toContain('"..."');
    expect(found[0]!.message).toContain('"---"');
  });

  it("7: the file and its id written as the permit is written on paper (SIP-Gizi.md, id: SIP-Gizi): the file name and the id to write", async () => {
    await add((t) => t.replace("id: sip-gizi", "id: SIP-Gizi"), "knowledge/permits/SIP-Gizi.md");
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "knowledge/permits/SIP-Gizi.md", line: 2 });
    expect(found[0]!.message).toContain("id: sip-gizi");
    expect(found[0]!.message).toContain("sip-gizi.md");
  });

  it('8: a fee written as on the price list (amount: Rp 50.000): the number to write, as docs/knowledge.md section 6 shows', async () => {
    const text = await add((t) => t.replace("  text: Gratis (data uji).", "  text: Rp 50.000 (data uji).").replace("  en: Free (test data).", "  en: Rp 50,000 (test data).").replace("amount: gratis", "amount: Rp 50.000"));
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file, line: lineIn(text, "amount:") });
    expect(found[0]!.message).toContain("amount: 50000");
    const docs = await readFile("docs/knowledge.md", "utf8");
    const shown = docs.match(/sip-perawat\.md:46: (fee\.amount: .*)/)?.[1];
    expect(shown, "docs/knowledge.md section 6 shows the fee.amount message").toBeDefined();
    const other = await add((t) => t.replace("amount: gratis", "amount: 50.000,00"));
    const said = (await problems())[0]!.message;
    expect(other).toContain("50.000,00");
    expect(shown).toBe(said);
  });

  describe("a question added to the application form (flows/apply.yaml), as README's example does", () => {
    const flow = "flows/apply.yaml";
    const after = "      - { id: alamat, label: field.label.alamat, kind: text, min: 10, max: 300 }\n";
    const addQuestion = async (line: string) => {
      const f = join(dir, flow);
      const text = (await readFile(f, "utf8")).replace(after, after + line);
      expect(text).toContain(line);
      await writeFile(f, text);
      return lineIn(text, line.trim());
    };

    it("9: its label's text not yet in messages/: named at the question's line in flows/apply.yaml (not line 1), with where to add the text", async () => {
      await add();
      const line = await addQuestion("      - { id: pekerjaan, label: field.label.pekerjaan, kind: text, required: false }\n");
      const found = (await problems()).filter((i) => i.file === flow);
      expect(found).toHaveLength(1);
      expect(found[0]!.line).toBe(line);
      expect(found[0]!.message).toContain("field.label.pekerjaan");
      expect(found[0]!.message).toContain("messages/id/conversation.yaml");
    });

    it("10: a choice question in a flow's form (which has no options: a flow's form takes no options): refused at its line, saying how to ask it", async () => {
      await add();
      await writeFile(join(dir, "messages/id/extra.yaml"), "field:\n  label:\n    status_usaha: Status usaha\n");
      const line = await addQuestion("      - { id: status_usaha, label: field.label.status_usaha, kind: choice }\n");
      const found = (await problems()).filter((i) => i.file === flow);
      expect(found).toHaveLength(1);
      expect(found[0]!.line).toBe(line);
      expect(found[0]!.message).toContain("choice");
      expect(found[0]!.message).toMatch(/knowledge\/permits/);
    });
  });
});

describe("clerk review 2026-12-02 (seventh round): the new permit, end to end", () => {
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("after the correct file is added to a copy of knowledge/, Loket answers its requirements and takes its application", async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk7-e2e-"));
    await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
    await writeFile(join(dir, file), GIZI);
    const t = await createTestLoket({ env: { KNOWLEDGE_DIR: join(dir, "knowledge") } });
    try {
      const text = (r: { text: string }[]) => r.map((x) => x.text).join("\n");
      const asked = text(await t.say("syarat sip gizi apa ya"));
      expect(asked).toContain("Surat Izin Praktik Tenaga Gizi (SIPTGz)");
      expect(asked).toContain("STR tenaga gizi");
      expect(asked).toContain("Surat pernyataan kecukupan SKP");
      expect(text(await t.say("daftar"))).toContain("SIPTGz");
      await t.say("setuju");
      for (const answer of ["Budi Santoso", "3317011708900001", "081234567890", "lewati", "Jl. Merdeka No. 5, Rembang", "12345/STR/2024"]) await t.say(answer);
      expect(text(await t.say("perpanjangan"))).toContain("KTP");
      await t.upload(ownFile("pdf", "ktp"), "ktp.pdf");
      expect(text(t.last)).toContain("STR tenaga gizi");
      await t.upload(ownFile("jpg", "str"), "str.jpg");
      expect(text(t.last)).toContain("SKP");
      expect(text(await t.upload(fixtures.jpg, "skp.jpg"))).toMatch(/PDF/);
      const summary = text(await t.upload(ownFile("pdf", "skp"), "skp.pdf"));
      expect(summary).toContain("12345/STR/2024");
      expect(summary).toContain("Perpanjangan");
      const done = text(await t.say("ya"));
      expect(done).toMatch(/RBG-\d{4}-\d{6}/);
    } finally {
      await t.close();
    }
  });
});
