// A form's choice answered with the option's words and a qualifier after them (each refused at dee554e).
import { describe, expect, it } from "vitest";
import { matchChoiceWords } from "../../src/domain/fields.js";

const practice = [
  { id: "fasyankes", label: "Di fasilitas kesehatan (RS, puskesmas, klinik)" },
  { id: "mandiri", label: "Praktik mandiri" },
];

describe("a choice named by its first words, with a qualifier no option has", () => {
  it.each([
    ["rumah sakit umum", "fasyankes"],
    ["puskesmas kecamatan", "fasyankes"],
    ["rs swasta", "fasyankes"],
    ["praktik mandiri di rumah", "mandiri"],
  ])("%s -> %s", (input, id) => {
    expect(matchChoiceWords(input, practice)).toBe(id);
  });
  it("not when a word after them belongs to another option ('klinik sendiri': whose clinic?)", () => {
    expect(matchChoiceWords("klinik sendiri", practice)).toBeUndefined();
  });
  it("not words of no option at all", () => {
    expect(matchChoiceWords("di rumah", practice)).toBeUndefined();
    expect(matchChoiceWords("bingung", practice)).toBeUndefined();
  });
});

describe("an e-mail after a lead-in, with the space a phone keyboard puts before the @", () => {
  it("'email saya siti @gmail.com' is siti@gmail.com (refused before, though 'siti @gmail.com' was taken)", async () => {
    const { validateField } = await import("../../src/domain/fields.js");
    expect(validateField("email", "email saya siti @gmail.com")).toEqual({ ok: true, value: "siti@gmail.com" });
  });
});
