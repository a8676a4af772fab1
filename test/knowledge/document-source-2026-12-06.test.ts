// documentAskedOf with `asked` (where a document comes from, 2026-12-06): one word of a single
// document's name is enough when no other document of the permit, nor the permit's own name, has it.
import { describe, expect, it } from "vitest";
import { documentAskedOf } from "../../src/knowledge/answer.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

const kb = await loadKnowledge("knowledge");
const of = (permit: string, text: string, asked = true) => documentAskedOf(kb.permit(permit)!, text, { asked })?.id;

describe("a document asked where it comes from, by one word of its own", () => {
  it.each([
    ["izin-penelitian", "surat pengantar izin penelitian dari siapa ya", "surat_pengantar"],
    ["izin-penelitian", "surat pengantarnya dari siapa", "surat_pengantar"],
    // Two words of its name, as before.
    ["sip-bidan", "surat keterangan tempat praktik mintanya ke siapa", "keterangan_tempat_praktik"],
  ])("%s: %s -> %s", (permit, text, want) => expect(of(permit, text)).toBe(want));

  it("not a word of the permit's own name, nor one that several documents share", () => {
    expect(of("izin-penelitian", "izin penelitian dari siapa")).toBeUndefined();
    expect(of("izin-penelitian", "suratnya dari siapa")).toBeUndefined();
  });

  it("not without `asked` (a question naming one word is no document's)", () => {
    expect(of("izin-penelitian", "surat pengantar dari siapa?", false)).toBeUndefined();
  });
});

describe("a short or generic word names no document (CI, all-permits journey)", () => {
  it("'ngurusnya di mana?' after the SPPL is its place, not 'NIB / data usaha di OSS'", () => {
    expect(of("sppl", "ngurusnya di mana")).toBeUndefined();
  });
});
