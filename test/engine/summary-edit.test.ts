import { beforeAll, describe, expect, it } from "vitest";
import { loadFlows } from "../../src/engine/flows/load.js";
import { createSummaryEditReader, type SummaryItem } from "../../src/engine/summary-edit.js";

/** The words of flows/patterns.yaml, the summary of an SIP application. */
let read: ReturnType<typeof createSummaryEditReader>;
const items: SummaryItem[] = [
  { key: "nama", label: "Nama lengkap pemohon (sesuai KTP)", kind: "text" },
  { key: "nik", label: "NIK (16 angka di KTP)", kind: "nik" },
  { key: "hp", label: "Nomor HP/WhatsApp aktif", kind: "phone" },
  { key: "email", label: "Alamat e-mail", kind: "email" },
  { key: "alamat", label: "Alamat lengkap sesuai KTP", kind: "text" },
  { key: "nomor_str", label: "Nomor STR", kind: "text" },
  { key: "nama_tempat_praktik", label: "Nama fasilitas / tempat praktik", kind: "text" },
  { key: "alamat_tempat_praktik", label: "Alamat tempat praktik", kind: "text" },
  { key: "doc:ktp", label: "KTP" },
];
beforeAll(async () => {
  read = createSummaryEditReader((await loadFlows("flows")).patterns.summary_edit);
});

describe("a correction typed in words at the summary", () => {
  it("finds the item and the value after the word that starts it", () => {
    expect(read("eh no hp nya salah, yg bener 0857 1234 5678", items)).toEqual({ key: "hp", value: "0857 1234 5678" });
    expect(read("email saya salah, harusnya: budi@desa.id.", items)).toEqual({ key: "email", value: "budi@desa.id" });
    expect(read("namanya harusnya Siti Aminah", items)).toEqual({ key: "nama", value: "Siti Aminah" });
    expect(read("NIK diganti jadi 3317011708900002", items)).toEqual({ key: "nik", value: "3317011708900002" });
    expect(read("wa nya yang benar adalah 0812 9999 0000", items)).toEqual({ key: "hp", value: "0812 9999 0000" });
  });

  it("only what is wrong: the item, no value", () => {
    expect(read("alamat saya salah", items)).toEqual({ key: "alamat" });
    expect(read("ktp nya keliru", items)).toEqual({ key: "doc:ktp" });
    expect(read("alamat tempat praktik salah", items)).toEqual({ key: "alamat_tempat_praktik" });
  });

  it("'ubah' and the item's name, or the name alone after being asked which", () => {
    expect(read("ubah alamat", items)).toEqual({ key: "alamat" });
    expect(read("ganti ktp", items)).toEqual({ key: "doc:ktp" });
    expect(read("ubah no hp", items)).toEqual({ key: "hp" });
    expect(read("ubah nama tempat praktik", items)).toEqual({ key: "nama_tempat_praktik" });
    expect(read("ganti alamat tempat praktik jadi Jl. Kartini No. 7, Rembang", items)).toEqual({ key: "alamat_tempat_praktik", value: "Jl. Kartini No. 7, Rembang" });
    expect(read("nomor hp", items)).toBeUndefined();
    expect(read("nomor hp", items, true)).toEqual({ key: "hp" });
    expect(read("email", items, true)).toEqual({ key: "email" });
    expect(read("alamat", items, true)).toEqual({ key: "alamat" });
  });

  it("words that fit several items as well: ambiguous", () => {
    expect(read("nomor salah", items)).toEqual({ ambiguous: true });
    expect(read("tempat praktiknya salah", items)).toEqual({ ambiguous: true });
  });

  it("leaves everything else alone", () => {
    for (const text of ["ya kirim", "salah", "jadi gimana", "sudah benar semua", "terima kasih", "biayanya berapa"]) {
      expect(read(text, items), text).toBeUndefined();
    }
  });
});
