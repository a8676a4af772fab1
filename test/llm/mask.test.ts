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
    // llm2 2026-12-02: a street address or a name given without the words "alamat" / "nama".
    ["rumah saya di Jl. Gatot Subroto No. 15 Rembang mau tambah lantai", "rumah saya di [alamat] Rembang mau tambah lantai"],
    ["I live at Jalan Kartini No. 7 Sumberjo, what is the building permit about?", "I live at [alamat] Sumberjo, what is the building permit about?"],
    ["toko saya di jalan raya pantura no 12 rt 3 rw 4, perlu izin reklame?", "toko saya di [alamat], perlu izin reklame?"],
    ["selamat siang, saya Wahyu Kurniawan, mau tanya pbg", "selamat siang, saya [nama], mau tanya pbg"],
    ["I am Siti Aminah from Lasem, what do I need?", "I am [nama] from Lasem, what do I need?"],
  ])("%s", (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it("leaves what a question is about: fees, durations, laws, permit names", () => {
    const q = "biaya PBG Rp 1.500.000 atau 2,5 juta? 28 hari kerja, UU 28/2002, PP 16/2021, rumah 2 lantai 120 m2";
    expect(maskPersonalData(q)).toBe(q);
    for (const kept of ["Saya Mau Tanya, syarat PBG apa?", "saya Pemilik Toko, perlu izin apa", "masih jalan no problem", "pbg untuk rumah di jalan desa perlu?", "jalan-jalan ke kantor"]) expect(maskPersonalData(kept)).toBe(kept);
  });
});
