import { describe, expect, it } from "vitest";
import { documentNamed, documentNamedByWord, onlyNamesTheFile } from "../../src/engine/caption.js";

describe("words sent with a file: a label or a message", () => {
  it("a label only says what the file is", () => {
    for (const c of ["KTP", "ini ktp saya", "npwp saya", "Foto KK", "e-KTP", "foto lokasi", "my id card", "scan akta", "KTP suami depan belakang"]) expect(onlyNamesTheFile(c), c).toBe(true);
  });
  it("a name, an answer, a question or a request is a message", () => {
    for (const c of ["Toko E Jaya", "Hasil Bumi Jaya", "Siti Rahmawati", "syarat ktp", "mau urus sip bidan, ini ktp saya", "3317014508900002", "NIK 3317014508900002", "ktp hilang", "apa ini?", "Jl. Pemuda No. 10, Sumber"]) {
      expect(onlyNamesTheFile(c), c).toBe(false);
    }
  });
  it("names a document of the form only when exactly one has those words", () => {
    const docs = [
      { id: "ktp", name: "KTP pemohon" },
      { id: "nib", name: "NIB (bila reklame untuk usaha)" },
      { id: "izin_pemilik_lahan", name: "Persetujuan pemilik lahan / bukti sewa lokasi" },
      { id: "foto_lokasi", name: "Foto dan peta lokasi pemasangan" },
    ];
    expect(documentNamed("ini NIB saya", docs)?.id).toBe("nib");
    expect(documentNamed("foto ktp", docs)?.id).toBe("ktp");
    expect(documentNamed("surat sewa", docs)?.id).toBe("izin_pemilik_lahan");
    expect(documentNamed("foto lokasi", docs)).toBeUndefined();
    expect(documentNamed("KK", docs)).toBeUndefined();
    expect(documentNamed("syarat nib apa?", docs)).toBeUndefined();
  });
  it("a document named by a word of its own, not by a word that only says 'a file' (the same file sent again)", () => {
    const docs = [
      { id: "ktp", name: "KTP peneliti (ketua tim untuk penelitian kelompok)" },
      { id: "pas_foto", name: "Pas foto 4x6" },
      { id: "pernyataan_taat", name: "Surat pernyataan menaati peraturan (bermeterai Rp10.000)" },
      { id: "pernyataan_keabsahan", name: "Surat pernyataan keabsahan dokumen" },
    ];
    expect(documentNamedByWord("ini juga untuk surat pernyataan keabsahan", docs)?.id).toBe("pernyataan_keabsahan");
    expect(documentNamedByWord("pas fotonya", docs)?.id).toBe("pas_foto");
    // Only "a photo", "a file": about the file sent, not the "Pas foto" asked next.
    expect(documentNamedByWord("fotonya sudah masuk belum?", docs)).toBeUndefined();
    expect(documentNamedByWord("filenya udah masuk kah? ini saya kirim lagi", docs)).toBeUndefined();
    expect(documentNamedByWord("ini untuk surat pernyataan", docs)).toBeUndefined();
  });
});
