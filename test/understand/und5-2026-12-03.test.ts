// und5 (2026-12-03): what the misses left (119 of 7,781). The held-out set und5-2026-12-03.jsonl was
// written from shared/reference before any change: 20/40 at 9c4b746.
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

// The label rule (written with the others in understand.test.ts): "X perlu Y?" with X a permit named
// outright asks X's requirements, where the reference lists Y (A16 SPP-IRT: NIB; A7 optik: NIB; A0: the
// persyaratan dasar); Y's general when X is held, "ours", set aside, a choice, or only a place or business.
describe("a permit named outright, asked whether it needs another: its requirements (each failed at 9c4b746)", () => {
  it.each([
    ["pirt harus punya nib dulu gk?", "ask/spp-irt/requirements"],
    ["nah kalo pirt nya hrs ada nib dulu ya?", "ask/spp-irt/requirements"],
    ["izin optik perlu nib jg gk min", "ask/izin-optik/requirements"],
    ["izin reklame harus punya nib dulu atau nggak?", "ask/izin-reklame/requirements"],
    // Asked while applying: the question is what is said.
    ["mau urus izin apotek, harus ada nib dulu?", "ask/izin-apotek/requirements"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));

  // Unchanged: X held or set aside, a choice, a purpose, or a place only: whether Y is needed, about Y.
  it.each([
    ["nib sy udh ada, masih perlu pirt gk buat jualan keripik?", "ask/spp-irt/general"],
    ["selain nib perlu pirt jg gk buat jualan kue kering online?", "ask/spp-irt/general"],
    ["homestay sy udh punya nib, msh perlu tdup gk sih?", "ask/tdup/general"],
    ["izin klinik kami apa perlu ukl upl jg?", "ask/ukl-upl/general"],
    ["izin apotek kami perlu ukl upl gk?", "ask/ukl-upl/general"],
    ["Pabrik tahu kami cukup besar. Kami cukup SPPL saja atau harus UKL-UPL?", "ask/ukl-upl/general"],
    ["sipa perlu buat apotek?", "ask/sipa/general"],
    ["perawat klinik perlu sipp gk sih min", "ask/sip-perawat/general"],
    ["sip dokter sy aman, cuma mau bikin papan nama praktek di depan rumah. itu perlu izin reklame jg?", "ask/izin-reklame/general"],
    ["sertifikat laik fungsi wajib gk sih buat rumah tinggal biasa", "ask/slf/general"],
  ])("%s -> %s (unchanged)", (text, want) => expect(read(text)).toBe(want));
});

describe("und5: held-out set and probe", () => {
  // Held-out (40, written before any change): 20/40 at 9c4b746, 23/40 after. Left: places and
  // recommendations read as a permit ("ada rekomendasi apotek 24 jam"), a wish to renew alone ("mau
  // perpanjang izin reklame neon box": 0.7, under an application's 0.8 so that "mau perpanjang pbg" asks),
  // a permit hinted only by its place word ("apotek perlu sppl juga?", "klinik pratama wajib ada pkkpr dulu?":
  // the rule above reads a place word as a place), old names (HO), and others named in the report.
  it("keeps the held-out set at >= 23/40", async () => {
    const report = await evaluate(parseExamples(readFileSync(join(__dirname, "und5-2026-12-03.jsonl"), "utf8")), (t) => u.understand(t));
    expect(report.total).toBe(40);
    expect(new Set(report.misses.map((m) => m.text)).size).toBeLessThanOrEqual(17);
  });
  // Probe (5, written after the change, not tuned on): 4/5 (2/5 at 9c4b746). Its miss: "pbg rumah sy udh
  // terbit, masih perlu slf jg ga?" read as a status check ("udh terbit").
  it("keeps the probe at >= 4/5", async () => {
    const report = await evaluate(parseExamples(readFileSync(join(__dirname, "und5-probe-2026-12-03.jsonl"), "utf8")), (t) => u.understand(t));
    expect(report.total).toBe(5);
    expect(new Set(report.misses.map((m) => m.text)).size).toBeLessThanOrEqual(1);
  });
});
