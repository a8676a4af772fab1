import { describe, expect, it } from "vitest";
import { maskPersonalData } from "../../src/llm/mask.js";

describe("maskPersonalData (text the model only classifies or answers)", () => {
  it.each([
    ["nama saya Budi Santoso NIK 3317011505900001 hp 081234567890, mau tanya soal usaha saya", "nama saya [nama] NIK [NIK] hp [nomor HP], mau tanya soal usaha saya"],
    ["NIK 3317 0115 0590 0001, HP +62 812-3456-7890", "NIK [NIK], HP [nomor HP]"],
    ["nik 3317.0115.0590.0001 wa 62 812 3456 7890", "nik [NIK] wa [nomor HP]"],
    ["hp 0812.3456.7890 / +6281234567890", "hp [nomor HP] / [nomor HP]"],
    ["email saya budi.s+izin@contoh.co.id ya", "email saya [email] ya"],
    ["cek status RBG-2026-000123", "cek status [nomor registrasi]"],
    ["nomor 2026/000123", "nomor [nomor registrasi]"],
    ["no KK 3317012345678901234", "no KK [nomor]"],
  ])("%s", (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it("leaves what a question is about: fees, durations, laws, permit names", () => {
    const q = "biaya PBG Rp 1.500.000 atau 2,5 juta? 28 hari kerja, UU 28/2002, PP 16/2021, rumah 2 lantai 120 m2";
    expect(maskPersonalData(q)).toBe(q);
  });
});
