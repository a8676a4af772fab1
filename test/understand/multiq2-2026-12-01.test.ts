// Several questions in one message, the parts the first round left out: where to complain asked
// after a question, a complaint told after the questions, and a person asked for later or first
// (offered by the engine, not handed over). Each "reads" case failed at 9063343.
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import type { Understanding } from "../../src/engine/understand/types.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const brief = (x: Understanding) => ({ intent: x.intent, permit: x.permit, aspect: x.aspect, ...(x.later ? { later: true } : {}) });
const read = (text: string) => {
  const r = u.understand(text);
  return [brief(r), ...(r.then ?? []).map(brief)];
};

describe("where to complain, as a further question", () => {
  it.each([
    ["syarat slf apa aja? terus kalau mau pengaduan ke mana?", "slf", "requirements"],
    ["syarate pirt apa wae? terus yen arep ngadu nang ndi?", "spp-irt", "requirements"],
    ["what are the requirements for a billboard permit? and where can I file a complaint?", "izin-reklame", "requirements"],
  ])("reads %s", (text, permit, aspect) => {
    expect(read(text)).toEqual([{ intent: "ask", permit, aspect }, { intent: "complaint", permit: null, aspect: null }]);
  });
  it("hears a complaint told after the questions, after the answers", () => {
    expect(read("syarat slf apa? petugasnya lambat bgt sy kecewa")).toEqual([{ intent: "complaint", permit: null, aspect: null }, { intent: "ask", permit: "slf", aspect: "requirements" }]);
  });
  it.each([
    // A worry, a neighbour's complaint, a story told: no further question.
    "bikin nib bayar ga?? takut ketipu calo soalnya",
    "Min, sy punya bengkel las & bubut kecil di pinggir jalan, tetangga komplain bising. pak lurah nyuruh sy bikin dokumen lingkungan, kata DLH cukup SPPL. SPPL itu sebenarnya dokumen apa sih, beda gak sama izin usaha?",
    "KOK LAMA BGT SIH PBG SAYA GA KELUAR2, SUDAH SAMPAI TAHAP MANA???",
    // The complaint told first: the rest is its story.
    "sy mau komplain, pbg sy lewat dr 28 hari kerja blm terbit",
  ])("takes no complaint from %s", (text) => {
    expect(u.understand(text).then).toBeUndefined();
  });
});

describe("a person asked for later or first", () => {
  it.each([
    ["biaya pbg brp? klo mahal sy mau konsultasi dulu sama petugas", "pbg"],
    ["brp biaya reklame? nanti sy mau tanya petugas langsung aja", "izin-reklame"],
    ["biaya imb piro? mengko aku takon petugas wae", "pbg"],
    ["how much is the SLF fee? I would like to consult a staff member first", "slf"],
  ])("reads %s", (text, permit) => {
    expect(read(text)).toEqual([{ intent: "ask", permit, aspect: "fee" }, { intent: "talk_to_staff", permit: null, aspect: null, later: true }]);
  });
  it("marks the whole reading when it is the person asked for", () => {
    expect(read("jam buka kantor brp? nanti sy mau konsultasi dulu sama petugas")).toEqual([{ intent: "talk_to_staff", permit: null, aspect: null, later: true }, { intent: "office_info", permit: null, aspect: "hours" }]);
  });
  it("leaves a person asked for now as it was", () => {
    expect(read("biaya slf brp ya, trus bisa ngobrol sama petugas langsung ga")).toEqual([{ intent: "talk_to_staff", permit: null, aspect: null }, { intent: "ask", permit: "slf", aspect: "fee" }]);
  });
});
