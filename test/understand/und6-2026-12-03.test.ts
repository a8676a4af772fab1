// und6 (2026-12-03): a renewal per permit (knowledge/permits `renewal:`), a permit's own place said first
// ("apotek perlu sppl?"), "alun2" as the town square. The held-out set und6-2026-12-03.jsonl (34 lines) was
// written from shared/reference before any change: 19/34 at 08ac0ec; the probe (10, written after) 6/10 there.
import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, parseExamples } from "../../src/engine/understand/evaluate.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge, validateKnowledge } from "../../src/knowledge/load.js";
import { createTestLoket, textOf } from "../support/loket.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const read = (t: string) => {
  const r = u.understand(t);
  return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
};
const score = async (file: string) => {
  const report = await evaluate(parseExamples(readFileSync(join(__dirname, file), "utf8")), (t) => u.understand(t));
  return { total: report.total, missed: new Set(report.misses.map((m) => m.text)).size };
};

describe("und6: held-out set and probe", () => {
  // Left: "apotek k24 deket alun2 buka jam brp" (a shop's hours, read as the office's).
  it("keeps the held-out set at >= 33/34 (19/34 before)", async () => {
    const { total, missed } = await score("und6-2026-12-03.jsonl");
    expect(total).toBe(34);
    expect(missed).toBeLessThanOrEqual(1);
  });
  it("keeps the probe at >= 10/10 (6/10 before)", async () => {
    const { total, missed } = await score("und6-probe-2026-12-03.jsonl");
    expect(total).toBe(10);
    expect(missed).toBe(0);
  });
});

describe("a renewal wished for: the permit file's renewal: decides", () => {
  it.each([
    // renewable: true, or no renewal: block (the rule is not known): an application.
    ["mau perpanjang izin reklame baliho sy yg di alun2 min", "apply/izin-reklame/null"],
    ["min sy mau perpanjang sip perawat", "apply/sip-perawat/null"],
    // renewable: false: it does not expire; the validity (with the renewal text) answers.
    ["mau perpanjang nib min", "ask/nib/validity"],
    ["mau perpanjang imb rumah sy", "ask/pbg/validity"],
    // Something asked beside it stays the question.
    ["sip bidan sy habis bulan dpn, perpanjangnya syarat apa aja", "ask/sip-bidan/requirements"],
    // Another agency's renewal stays a referral.
    ["perpanjang sim c dmn ya", "referral/null/null"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));

  it("reads renewable: false of a copy as a question, and a permit without renewal: as an application", async () => {
    const dir = await mkdtemp(join(tmpdir(), "loket-und6-"));
    try {
      await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
      const f = join(dir, "knowledge/permits/sip-perawat.md");
      await writeFile(f, (await readFile(f, "utf8")).replace(/^  renewable: true$/m, "  renewable: false"));
      const copy = createUnderstander(await loadKnowledge(join(dir, "knowledge")));
      const r = copy.understand("min sy mau perpanjang sip perawat");
      expect(`${r.intent}/${r.permit}/${r.aspect}`).toBe("ask/sip-perawat/validity");
      expect(kb.permit("izin-reklame")?.renewal).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("what a citizen reads about renewing (a whole Loket)", () => {
  const said = async (text: string) => {
    const t = await createTestLoket();
    try {
      return textOf(await t.say(text));
    } finally {
      await t.close();
    }
  };
  it("'mau perpanjang nib': the validity and that an NIB needs no renewal, no application started", async () => {
    const text = await said("mau perpanjang nib");
    expect(text).toContain("tidak perlu diperpanjang");
    expect(text).not.toContain("mohon persetujuan");
  });
  it("'mau perpanjang sip perawat': the application starts, with what a renewal needs (SKP)", async () => {
    const text = await said("mau perpanjang sip perawat");
    expect(text).toContain("SKP");
    expect(text).toContain("mohon persetujuan");
  });
  it("'mau perpanjang izin optik': the reference is silent, so staff are named, nothing invented", async () => {
    const text = await said("mau perpanjang izin optik");
    expect(text).toContain("belum tercantum di data kami");
    expect(text).toMatch(/petugas/);
  });
  it("'izin apotek bisa diperpanjang?': the validity, then that staff know the renewal rule", async () => {
    const text = await said("izin apotek bisa diperpanjang?");
    expect(text).toContain("Masa berlaku");
    expect(text).toContain("silakan tanyakan ke petugas");
  });
});

describe("a wrong renewal: block is refused at its line", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-und6-"));
    await cp(resolve("knowledge"), join(dir, "knowledge"), { recursive: true });
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  it("names the file and line of 'renewable: ya' and of an Indonesian key", async () => {
    const sipa = join(dir, "knowledge/permits/sipa.md");
    const nib = join(dir, "knowledge/permits/nib.md");
    const a = (await readFile(sipa, "utf8")).replace(/^  renewable: true$/m, "  renewable: ya");
    const b = (await readFile(nib, "utf8")).replace(/^  renewable: false$/m, "  renewable: false\n  teks: x");
    await writeFile(sipa, a);
    await writeFile(nib, b);
    const lineOf = (text: string, marker: string) => text.slice(0, text.indexOf(marker)).split("\n").length;
    const { issues } = await validateKnowledge(join(dir, "knowledge"), { root: dir });
    const at = (file: string) => issues.filter((i) => i.file === file && !i.warning);
    expect(at("knowledge/permits/sipa.md")).toEqual([expect.objectContaining({ line: lineOf(a, "renewable: ya"), message: expect.stringContaining("renewable: true") })]);
    expect(at("knowledge/permits/nib.md")).toEqual([expect.objectContaining({ line: lineOf(b, "teks: x"), message: expect.stringContaining("write text:") })]);
  });
});

describe("a permit's own place said first stands for it (required_for.places)", () => {
  it.each([
    ["apotek perlu sppl ga sih", "ask/izin-apotek/requirements"],
    ["minimarket perlu pkkpr ga", "ask/iutm/requirements"],
    // Unchanged: a workplace, a purpose, a person's place.
    ["sppl buat apotek syaratnya apa", "ask/sppl/requirements"],
    ["kerja di apotek perlu sipttk ga", "ask/sipttk/general"],
    ["perawat klinik perlu sipp gk sih min", "ask/sip-perawat/general"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});
