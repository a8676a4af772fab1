// What the misses of 2026-12-03 (132 of 7,663 labelled lines, /tmp/an/misses2.mts) showed, grouped by
// cause, and the held-out set und3-2026-12-03.jsonl written about the same confusions before any fix:
// 23/61 at d3db45a (intent+permit 53/61, aspect 15/47); 56/61 after. Each case below failed at d3db45a.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, parseExamples } from "../../src/engine/understand/evaluate.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const read = (t: string) => {
  const r = u.understand(t);
  return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
};

describe("und3: held-out set", () => {
  // Left: "jadwal praktek dokter gigi di rsud", "rekomendasi klinik gigi / optik murah" (out of scope; no
  // cue word for them), "izin gangguan ho …" (HO is no alias of NIB: shared/reference names only
  // SIUP/TDP/SKDU/SITU as replaced by it).
  it("keeps the set at >= 91% intent+permit and >= 97% aspect (61 lines)", async () => {
    const report = await evaluate(parseExamples(readFileSync(join(__dirname, "und3-2026-12-03.jsonl"), "utf8")), (t) => u.understand(t));
    expect(report.total).toBe(61);
    expect(report.intentPermitAccuracy).toBeGreaterThanOrEqual(0.91);
    expect(report.aspectAccuracy).toBeGreaterThanOrEqual(0.97);
  });
});

describe("und3: probe written after the fixes", () => {
  // 19/20 on first run (d3db45a, before the fixes: 8/20). Left: "magang bidan di puskesmas caranya gmn"
  // (out of scope; "caranya" asks plainly, so the SIP's steps).
  it("keeps the probe at >= 95% intent+permit and 100% aspect (20 lines)", async () => {
    const report = await evaluate(parseExamples(readFileSync(join(__dirname, "und3-probe-2026-12-03.jsonl"), "utf8")), (t) => u.understand(t));
    expect(report.total).toBe(20);
    expect(report.intentPermitAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.aspectAccuracy).toBe(1);
  });
});

describe("something a permit may require, asked after the permit and a word of needing: the requirements", () => {
  it.each([
    ["bikin nib perlu npwp ga kak", "ask/nib/requirements"],
    ["bikin pirt harus ikut penyuluhan ya", "ask/spp-irt/requirements"],
    ["sip bidan wajib ada str ya kak", "ask/sip-bidan/requirements"],
    ["pbg perlu sertifikat tanah ga kak", "ask/pbg/requirements"],
    ["daftar nib harus ada npwp ya?", "ask/nib/requirements"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));

  // Unchanged: the permit itself needed ("slf wajib nggak buat gudang"), or another permit first.
  it.each([
    ["slf wajib nggak buat gudang", "ask/slf/general"],
    ["rumah perlu pbg ga sih", "ask/pbg/general"],
  ])("%s -> %s (unchanged)", (text, want) => expect(read(text)).toBe(want));
});

describe("'berapa' asked of a permit with nothing measured after it: the fee", () => {
  it.each([
    ["Kak biasa pbg rumah brp ya", "ask/pbg/fee"],
    ["sip bidan brp kak", "ask/sip-bidan/fee"],
    ["izin reklame spanduk brp sih", "ask/izin-reklame/fee"],
    ["ngurus pbg rumah 2 lantai kira2 brp ya", "ask/pbg/fee"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));

  // Unchanged: another aspect asked with it, a count of places, or no permit named.
  it.each([
    ["kak aku nggawe keripik tempe, pirt e suwene piro?", "ask/spp-irt/duration"],
    ["sy apoteker mau praktek di 2 apotek, sipa nya brp?", "ask/sipa/general"],
    ["apoteker yg kerja di 2 apotek perlu 2 sipa ga? maksimal boleh brp", "ask/sipa/general"],
    ["pbg berapa lama", "ask/pbg/duration"],
    ["no wa resmi dpmptsp brp ya", "office_info/null/contact"],
  ])("%s -> %s (unchanged)", (text, want) => expect(read(text)).toBe(want));
});

describe("something out of scope beside a profession's or a place's everyday word only: out of scope", () => {
  it.each([
    ["kak ada lowongan perawat di rs gk", "out_of_scope/null/null"],
    ["sy perawat, ada lowongan perawat di rsud gk min", "out_of_scope/null/null"],
    ["jadwal dokter gigi di puskesmas hari apa aja ya", "out_of_scope/null/null"],
    ["rekomendasi kontraktor bangun rumah yg murah di rembang?", "out_of_scope/null/null"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));

  // Unchanged: a permit named by its name, or something plainly asked of it.
  it.each([
    ["syarat sip perawat apa aja", "ask/sip-perawat/requirements"],
    ["mau lamar lowongan di rs, syarat sip perawat apa aja", "ask/sip-perawat/requirements"],
    ["lowongan di rs minta sip perawat, cara bikinnya gmn", "ask/sip-perawat/procedure"],
  ])("%s -> %s (unchanged)", (text, want) => expect(read(text)).toBe(want));
});
