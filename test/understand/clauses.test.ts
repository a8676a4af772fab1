// A backstory's words do not decide what is asked (2026-11-30, the misses left by the fresh10 set).
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";

const u = createUnderstander(await loadKnowledge("knowledge"));
const read = (t: string) => {
  const r = u.understand(t);
  return [r.intent, r.permit ?? null, r.aspect ?? null];
};

describe("a story before the question", () => {
  it.each([
    // The story's "selesai" and "terbit" are not a question of duration; the clause that asks says where.
    ["Kami pemilik ruko; bangunan sudah selesai dan PBG terbit 2023. Untuk permohonan SLF, apakah bisa melalui SIMBG?", "ask", "slf", "where"],
    // A permit followed by "terbit"/"keluar" is background beside another permit (background_after).
    ["PBG terbit 2023. Untuk SLF, apakah bisa melalui SIMBG?", "ask", "slf", "where"],
    ["oke, trus abis pbg keluar, slf nya ngurusnya gimana?", "ask", "slf", "procedure"],
    // Only after the permit: "penerbitan izin apotek" is still the pharmacy licence.
    ["penerbitan izin apotek berapa lama setelah sipa keluar?", "ask", "izin-apotek", "duration"],
    ["masih bisa pake imb lama?", "ask", "pbg", "validity"],
    ["urus pirt lewat oss bisa?", "ask", "spp-irt", "where"],
  ])("%s", (text, intent, permit, aspect) => {
    expect(read(text)).toEqual([intent, permit, aspect]);
  });

  it("keeps every aspect asked in a message of several questions", () => {
    const r = u.understand("syarat pbg apa aja, biayanya brp?");
    expect([r.intent, r.permit, r.aspect, r.more]).toEqual(["ask", "pbg", "requirements", ["fee"]]);
  });
});

describe("words typo tolerance must leave alone (fresh12, 2026-11-30)", () => {
  it.each([
    // "pantai" was read as "lantai", "benar" as "besar" (a fee): a question about the tourism permit.
    ["APA BENAR LOSMEN DEKAT PANTAI HARUS PUNYA TANDA DAFTAR USAHA PARIWISATA", "ask", "tdup", "general"],
    // "badan" was read as "bidan".
    ["badan usaha perlu nib?", "ask", "nib", "general"],
    // "setelah" was read as "sebelum", so it never made a permit background.
    ["izin apotek setelah sipa terbit berapa lama?", "ask", "izin-apotek", "duration"],
    // A name spelled out letter by letter.
    ["untuk P I R T apakah ada masa berlakunya?", "ask", "spp-irt", "validity"],
    // The office's full name: its "Satu" is not the school permit's "satuan".
    ["Dengan hormat, saya ingin mengetahui alamat lengkap kantor Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu. Terima kasih.", "office_info", null, "address"],
    // A letter's salutation to staff, then a question.
    ["Yth. Petugas. Mohon informasi, Izin Usaha Toko Modern diurus melalui kantor mana? Terima kasih.", "ask", "iutm", "where"],
  ])("%s", (text, intent, permit, aspect) => {
    expect(read(text)).toEqual([intent, permit, aspect]);
  });
});

describe("situations and second permits (fresh13, 2026-11-30)", () => {
  it.each([
    // Home-made food for shops is the home-industry food permit, not the minimarket's.
    ["sy produksi kopi bubuk rumahan, biar bs masuk swalayan perlu sertifikat produksi pangan kan? bayar gk itu", "ask", "spp-irt", "fee"],
    // A permit "sudah termasuk" in another's fee, or "sudah aktif", is background.
    ["slf gedung 3 lantai bayar sendiri atau udh termasuk retribusi pbg?", "ask", "slf", "fee"],
    ["sipa sy udh aktif, sipttk buat asisten sy di apotek caranya gmn?", "ask", "sipttk", "procedure"],
    ["sip perawat sy mati 2 bulan lalu, telat perpanjang kena denda gk?", "ask", "sip-perawat", "fee"],
    ["pkkpr udh keluar, skrg ukl-upl nya gmn prosesnya?", "ask", "ukl-upl", "procedure"],
    ["ukl upl itu dokumen apa ya kak, siapa yg wajib?", "ask", "ukl-upl", "general"],
    // Javanese krama: "I submitted PIRT last week, how is it going?"
    ["kulo sampun ngajuaken pirt minggu wingi, pripun kabaripun min?", "check_status", null, null],
    ["ok makasih ya kak, nanti sy dtg ke kantor", "thanks", null, null],
    ["izin bidang kesehatan yg bs diajukan di sini apa aja kak", "list_permits", null, null],
    // Not a status check: which permits a business needs.
    ["tolong cek izin apa saja yg saya perlukan utk usaha laundry", "list_permits", null, null],
  ])("%s", (text, intent, permit, aspect) => {
    expect(read(text)).toEqual([intent, permit, aspect]);
  });
});
