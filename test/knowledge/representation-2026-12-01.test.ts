import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerOffice, answerPermit } from "../../src/knowledge/answer.js";
import { loadKnowledge, validateKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

const REAL = resolve("knowledge");

/** office.yaml `representation` (applying through someone else): checked at its line, answered from it. */
describe("office.yaml representation", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-kb-"));
    await cp(REAL, dir, { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const office = () => join(dir, "office.yaml");
  const lineOf = (text: string, marker: string) => text.split("\n").findIndex((l) => l.includes(marker)) + 1;

  it("refuses a note naming a permit that has no file, at its line, with the id meant; and a permit in two notes", async () => {
    const text = (await readFile(office(), "utf8")).replace("sip-dokter-gigi, sip-bidan", "sip-doktor-gigi, sip-bidan").replace(/^( {6}text: Untuk surat izin praktik.*)$/m, "$1\n    - permits: [sipa]\n      text: Apoteker datang sendiri.");
    await writeFile(office(), text);
    const { kb, issues } = await validateKnowledge(dir, { root: dir });
    expect(kb).toBeUndefined();
    expect(issues).toContainEqual({ file: "office.yaml", line: lineOf(text, "sip-doktor-gigi"), message: expect.stringMatching(/representation: no permit has the id "sip-doktor-gigi".*did you mean "sip-dokter-gigi"\?/) });
    expect(issues).toContainEqual({ file: "office.yaml", line: lineOf(text, "- permits: [sipa]"), message: 'representation: permit "sipa" is in two notes; put it in one' });
  });

  it("refuses a representation without its text, and a key misspelt under it", async () => {
    const text = (await readFile(office(), "utf8")).replace(/^  text: Pengurusan izin umumnya/m, "  teks: Pengurusan izin umumnya");
    await writeFile(office(), text);
    const { issues } = await validateKnowledge(dir, { root: dir });
    const messages = issues.filter((i) => i.file === "office.yaml").map((i) => i.message).join("\n");
    expect(messages).toMatch(/"teks".*write text: instead of teks:/);
  });

  it("without the fact, says Loket has none and offers staff, never a guess", async () => {
    const text = (await readFile(office(), "utf8")).replace(/^representation:\n(?: {2}.*\n| {4}.*\n| {6}.*\n)+/m, "");
    expect(text).not.toContain("representation:");
    await writeFile(office(), text);
    const kb = await loadKnowledge(dir);
    const m = (await loadMessages("messages")).get("id")!;
    const answer = answerOffice(kb, m, "representation");
    expect(answer).toContain("belum tercantum");
    expect(answer).toContain("*petugas*");
    expect(answer).not.toContain("surat kuasa bermeterai");
    expect(answerPermit(kb, m, "pbg", "representation")).toContain("belum tercantum");
  });

  it("in the real knowledge: every health practice permit (SIP*) gets the in-person note, no other permit does, and the fact is marked for staff to confirm", async () => {
    const kb = await loadKnowledge(REAL);
    const m = (await loadMessages("messages")).get("id")!;
    const source = await readFile(join(REAL, "office.yaml"), "utf8");
    expect(source.split("representation:")[0]!.split("\n").slice(-6).join("\n")).toContain("# KONFIRMASI");
    for (const p of kb.permits) {
      const answer = answerPermit(kb, m, p.id, "representation");
      expect(answer, p.id).toContain("surat kuasa");
      expect(answer, p.id).toContain("akan dikonfirmasi oleh petugas");
      expect(answer.includes("hadir sendiri"), p.id).toBe(p.category === "Kesehatan: izin praktik");
    }
  });
});
