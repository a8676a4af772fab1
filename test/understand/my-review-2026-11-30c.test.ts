// Misreadings found by probing after the day's merges (each failed at dee554e): courtesies, openings,
// permits ruled out, English permit names.
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);

describe("🙏 is politeness beside a greeting, thanks alone or beside thanks", () => {
  // Read as "terima kasih" before, so a citizen opening with "halo min 🙏" got a goodbye.
  it.each(["halo min 🙏", "assalamualaikum kak 🙏", "pagi kak 🙏"])("greets: %s", (t) => {
    expect(u.understand(t).intent).toBe("greeting");
  });
  it.each(["🙏", "🙏🙏", "makasih kak 🙏", "ok 🙏", "baik bu 🙏"])("thanks: %s", (t) => {
    expect(u.understand(t).intent).toBe("thanks");
  });
});

describe("an opening that only announces a question is greeted", () => {
  // Each got "belum memahami" before: a citizen's very first message.
  it.each(["maaf mau tanya", "mau nanya dong", "nanya boleh?", "waalaikumsalam", "benar ini nomor dpmptsp rembang?"])("greets: %s", (t) => {
    expect(u.understand(t).intent).toBe("greeting");
  });
  it("but not a longer message whose content nobody here answers", () => {
    expect(u.understand("ini nomornya pak rt kan? sy mau nanya jadwal ronda").intent).toBe("out_of_scope");
  });
  it("and a question beside it is the question", () => {
    expect(u.understand("mau tanya syarat pbg")).toMatchObject({ intent: "ask", permit: "pbg", aspect: "requirements" });
    expect(u.understand("mau tanya jam buka")).toMatchObject({ intent: "office_info", aspect: "hours" });
  });
});

describe("a permit ruled out beside another agency's service named outright", () => {
  // Read as the permit ruled out before ("bukan izin usaha" was NIB's validity).
  it.each([
    ["bukan izin usaha ya min, saya mau perpanjang SIM A", "sim"],
    ["bukan izin usaha pak saya mau bikin skck", "skck"],
    ["saya bukan mau bikin nib, mau tanya ktp", "ktp"],
  ])("%s: the referral", (t, referral) => {
    expect(u.understand(t)).toMatchObject({ intent: "referral", referral });
  });
  it("a permit ruled out beside another permit is about the other", () => {
    expect(u.understand("bukan sppl tapi ukl-upl syaratnya apa")).toMatchObject({ intent: "ask", permit: "ukl-upl" });
  });
});

describe("English names of the advertisement permit", () => {
  // "I want to apply for an advertisement permit" was an application for no permit ("I do not know that permit").
  it.each(["I want to apply for an advertisement permit", "signage permit"])("%s", (t) => {
    expect(u.understand(t).permit).toBe("izin-reklame");
  });
});

describe("English names of NIB, PKKPR and SLF", () => {
  it.each([
    ["business identification number", "nib"],
    ["spatial planning approval", "pkkpr"],
    ["building function certificate", "slf"],
  ])("%s -> %s", (t, permit) => {
    expect(u.understand(t)).toMatchObject({ intent: "ask", permit });
  });
});
