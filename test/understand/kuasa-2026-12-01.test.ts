// Applying through someone else, and how to correct a returned application, read as their own
// aspects (the shared contract scores them as "requirements" and "procedure": the labelled lines of
// kuasa-2026-12-01.jsonl cannot tell them apart from a plain requirements or procedure question).
// Each failed at 962367a, where "representation" and "correction" did not exist.
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { contractAspect } from "../../src/engine/understand/types.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);

describe("whether someone else may apply is its own aspect", () => {
  it.each([
    ["bisa diwakilkan ga? sy kerja di luar kota", null],
    ["boleh diwakili keluarga gak min ngurus izinnya?", null],
    ["kalau pakai surat kuasa bisa?", null],
    ["yang ngurus anak saya bisa?", null],
    ["klo diwakilin org lain bawa apa aja", null],
    ["apa harus pemohon sendiri yang datang ke kantor?", null],
    ["can someone else apply for me?", null],
    ["can my son submit the application on my behalf?", null],
    ["sip bidan bisa diwakilkan suami ga? sy lagi hamil besar", "sip-bidan"],
    ["ngurus pirt boleh diwakili adik saya?", "spp-irt"],
    ["is a power of attorney enough for the PBG application?", "pbg"],
  ])("%s", (text, permit) => {
    expect(u.understand(text)).toMatchObject({ intent: "ask", permit, aspect: "representation" });
  });
  it("in a form, about the form's permit", () => {
    expect(u.understand("bisa diwakilkan ga? sy kerja di luar kota", { permit: "pbg" })).toMatchObject({ intent: "ask", permit: "pbg", aspect: "representation" });
  });
  it("not a deputy, a lawyer, or someone writing for another", () => {
    expect(u.understand("kuasa hukum perusahaan tanya NIB")).toMatchObject({ intent: "ask", permit: "nib", aspect: "general" });
    expect(u.understand("saya wakil ketua RT mau tanya syarat pbg")).toMatchObject({ intent: "ask", permit: "pbg", aspect: "requirements" });
    expect(u.understand("wakil bupati kapan datang ke mpp?").intent).toBe("out_of_scope");
    expect(u.understand("wakil kepala sekolah minta izin").aspect).not.toBe("representation");
    expect(u.understand("saya mewakili CV mau daftar NIB")).toMatchObject({ intent: "apply", permit: "nib" });
  });
  it("is scored as requirements by the shared contract", () => {
    expect(contractAspect("representation")).toBe("requirements");
  });
});

describe("how to correct a returned application is its own aspect", () => {
  it.each(["berkas dikembalikan petugas, perbaikannya gmn", "berkas sy dikembalikan disuruh perbaiki, caranya gmn?", "berkas sy dikembalikan min, revisinya gmn ya", "my documents were returned for correction, what should I do?"])("%s", (text) => {
    expect(u.understand(text)).toMatchObject({ intent: "ask", permit: null, aspect: "correction" });
  });
  it("with a permit named, about that permit", () => {
    expect(u.understand("berkas pbg dikembalikan suruh perbaiki gambar, revisinya gmn caranya")).toMatchObject({ intent: "ask", permit: "pbg", aspect: "correction" });
  });
  it("a return told in a complaint stays a complaint; what was missing is still asked as requirements", () => {
    expect(u.understand("Honestly the service is very slow, berkas kami dikembalikan tiga kali tanpa penjelasan yang jelas.").intent).toBe("complaint");
    expect(u.understand("berkas sipb sy dikembalikan krn kurang dokumen, yg kurang apa aja biasanya")).toMatchObject({ intent: "ask", permit: "sip-bidan", aspect: "requirements" });
  });
  it("is scored as procedure by the shared contract, as the labelled sets expect", () => {
    expect(contractAspect("correction")).toBe("procedure");
  });
});

describe("staff praised, and a pharmacy looked for", () => {
  it.each(["petugasnya ramah2, makasih", "makasih min, petugasnya ramah banget"])("thanks: %s", (text) => {
    expect(u.understand(text).intent).toBe("thanks");
  });
  it.each(["apotek yg buka 24 jam di mana", "apotek terdekat yang buka malam dmn ya"])("out of scope: %s", (text) => {
    expect(u.understand(text)).toMatchObject({ intent: "out_of_scope", permit: null });
  });
  it("a pharmacy permit asked is still the permit", () => {
    expect(u.understand("izin apotek ngurusnya di mana")).toMatchObject({ intent: "ask", permit: "izin-apotek", aspect: "where" });
  });
});
