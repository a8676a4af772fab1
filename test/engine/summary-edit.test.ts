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
  const { patterns } = await loadFlows("flows");
  read = createSummaryEditReader({ ...patterns.summary_edit, filler: patterns.filler });
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

  it("what the re-test found (2026-11-29 evening): another item's word asks which; the right cue and value; a number, not a document", () => {
    // "klinik" / "puskesmas" are said for the label's "fasilitas" (patterns.yaml summary_edit.same_as):
    // the facility's name, not the applicant's.
    expect(read("nama klinik nya salah, harusnya Klinik Bunda", items)).toEqual({ key: "nama_tempat_praktik", value: "Klinik Bunda" });
    expect(read("nama puskesmas nya salah yg bener Puskesmas Sulang", items)).toEqual({ key: "nama_tempat_praktik", value: "Puskesmas Sulang" });
    // A word of no label and no same_as ("nama toko"): still asked which.
    expect(read("nama toko nya salah, harusnya Toko Bunda", items)).toEqual({ ambiguous: true });
    expect(read("alamat klinik salah yg bener Jl. Kartini 3 Rembang", items)).toEqual({ ambiguous: true });
    // "yg bener" wins over an earlier "jadi"; what follows the value is not part of it.
    expect(read("nama saya jadi salah ketik, yg bener Siti Aminah", items)).toEqual({ key: "nama", value: "Siti Aminah" });
    expect(read("namanya salah, yg bener Siti Aminah", items)).toEqual({ key: "nama", value: "Siti Aminah" });
    expect(read("namanya harusnya Siti Aminah kak", items)).toEqual({ key: "nama", value: "Siti Aminah" });
    expect(read("alamatnya salah yg bener Jl. Kartini 3 Rembang ya kak, makasih", items)).toEqual({ key: "alamat", value: "Jl. Kartini 3 Rembang" });
    expect(read("alamat yg bener Jl. Kartini 3, Rembang, yg lama salah", items)).toEqual({ key: "alamat", value: "Jl. Kartini 3, Rembang" });
    // A number typed: the NIK or the STR number, not the KTP or STR document.
    expect(read("no ktp salah, yg bener 3317014501900003", items)).toEqual({ key: "nik", value: "3317014501900003" });
    expect(read("nomor ktp nya keliru harusnya 3317014501900003", items)).toEqual({ key: "nik", value: "3317014501900003" });
    expect(read("no STR nya salah, yg bener STR-7654321", [...items, { key: "doc:str", label: "STR (Surat Tanda Registrasi)" }])).toEqual({ key: "nomor_str", value: "STR-7654321" });
    // Nothing wrong: a yes.
    expect(read("hp nya ga salah kok, kirim aja", items)).toEqual({ confirm: true });
    expect(read("nama dan alamat sudah benar, gak ada yg salah", items)).toEqual({ confirm: true });
    // … but not beside a correction: which one is asked.
    expect(read("nik nya ga salah kok, tapi nama yang benar Siti Rahmawati", items)).toEqual({ ambiguous: true });
    expect(read("hp tidak salah, alamat yang salah", items)).toEqual({ ambiguous: true });
  });

  it("a title left out of the name, a yes before 'but', a figure right after 'ganti' (2026-12-07)", () => {
    expect(read("namanya kurang gelar, yg bener dr. Ani Lestari, Sp.A.", items)).toEqual({ key: "nama", value: "dr. Ani Lestari, Sp.A." });
    expect(read("namanya kurang gelar min", items)).toEqual({ key: "nama" });
    expect(read("ya tp no hp nya ganti jadi 0857 1234 5678", items)).toEqual({ key: "hp", value: "0857 1234 5678" });
    expect(read("no hp nya ganti 0857 1234 5678", items)).toEqual({ key: "hp", value: "0857 1234 5678" });
    expect(read("alamat salah yg bener Jl. Pemuda No. 5.", items)).toEqual({ key: "alamat", value: "Jl. Pemuda No. 5" });
  });

  it("leaves everything else alone", () => {
    for (const text of ["ya kirim", "salah", "jadi gimana", "sudah benar semua", "terima kasih", "biayanya berapa"]) {
      expect(read(text, items), text).toBeUndefined();
    }
  });
});
