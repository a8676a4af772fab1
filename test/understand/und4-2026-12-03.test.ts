// und4 (2026-12-03): what und3 left in the misses (127 of 7,744). The held-out set
// und4-2026-12-03.jsonl was written before any change: 20/32 at c630506.
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

describe("a renewal asked for, nothing asked: an application (each failed at c630506)", () => {
  it.each([
    ["es i pe a saya sudah habis mau perpanjang tolong dibantu ya", "apply/sipa/null"],
    ["mohon bantuan perpanjangan sip perawat sy bu, habis bulan depan", "apply/sip-perawat/null"],
    ["pirt sy udh habis, tolong dibantu perpanjang ya min", "apply/spp-irt/null"],
    ["minta tolong perpanjangkan sip perawat saya ya kak", "apply/sip-perawat/null"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));

  // Unchanged: a question beside the wish stays a question; another agency's renewal a referral.
  it.each([
    ["mau perpanjang sipb, skrg perlu surat kecukupan skp jg ya? atau cukup str aja", "ask/sip-bidan/requirements"],
    ["mau perpanjang sip bidan, syaratnya apa aja?", "ask/sip-bidan/requirements"],
    ["sip bidan sy mau habis, perpanjangnya gmn ya bu", "ask/sip-bidan/validity"],
  ])("%s -> %s (unchanged)", (text, want) => expect(read(text)).toBe(want));
  // A wish alone is no application: "mau perpanjang pbg" asks (a PBG does not expire; the 2026-11-30 review).
  it("mau perpanjang pbg -> ask", () => expect(read("mau perpanjang pbg")).toMatch(/^ask\/pbg\//));
  it("mau perpanjang sim di mana -> referral", () => expect(u.understand("mau perpanjang sim di mana").intent).toBe("referral"));
});

describe("another permit needed by what is opened or filed for: that permit's requirements (each failed at c630506)", () => {
  it.each([
    ["buka apotek perlu sipa gk?", "ask/izin-apotek/requirements"],
    ["mau buka apotek, apotekernya harus punya sipa dulu?", "ask/izin-apotek/requirements"],
    ["buka klinik pratama perlu pbg dulu gk kak? syarat lainnya apa aja", "ask/izin-klinik/requirements"],
    ["kalau buka optik, selain izin optik perlu nib juga?", "ask/izin-optik/requirements"],
    ["buka minimarket perlu pbg juga?", "ask/iutm/requirements"],
    ["ngurus pirt perlu nib ya kak?", "ask/spp-irt/requirements"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));

  // Unchanged: a permit only named, or a building built, asks whether the other is needed (the sets label them so).
  it.each([
    ["izin klinik kami apa perlu ukl upl jg?", "ask/ukl-upl/general"],
    ["homestay sy udh punya nib, msh perlu tdup gk sih?", "ask/tdup/general"],
    ["sipa perlu buat apotek?", "ask/sipa/general"],
    ["apoteker pendamping perlu sipa gk?", "ask/sipa/general"],
  ])("%s -> %s (unchanged)", (text, want) => expect(read(text)).toBe(want));
});

describe("und4: held-out set", () => {
  // Left: "sy mau perpanjang izin reklame spanduk di depan toko" (a wish alone: 0.7, under an application's
  // 0.8, so that "mau perpanjang pbg" still asks), "pirt harus punya nib dulu gk?" (labelled PIRT's requirements before the change; a permit only
  // named before "harus" now asks whether the other is needed, as "izin klinik kami apa perlu ukl upl jg?").
  it("keeps the set at >= 30/32", async () => {
    const report = await evaluate(parseExamples(readFileSync(join(__dirname, "und4-2026-12-03.jsonl"), "utf8")), (t) => u.understand(t));
    expect(report.total).toBe(32);
    expect(report.misses.length).toBeLessThanOrEqual(2);
  });
});
