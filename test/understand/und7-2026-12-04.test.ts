// und7 (2026-12-04): the largest groups of misses left. The held-out set und7-2026-12-04.jsonl was written a
// group at a time, each group's lines before its change: the first 38 (shops, HO, a greeting asking whether
// someone is there, complaints told with a wait, kabupaten or provinsi) 14/38 at 735bdf2; several places of
// practice 2/6, the filing system 2/5, 'ngurus apa aja' / practice hours / e-mail and phone 0/10, land in
// another's name 0/5, each before its change. 59/64 after.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, parseExamples } from "../../src/engine/understand/evaluate.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const read = (t: string) => {
  const r = u.understand(t);
  return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
};

describe("und7: held-out set", () => {
  // Left: 'rekomendasiin apotek yg buka sampe malem dong' (the pharmacy's permit), 'pbg sy blm terbit juga udh
  // 40 hari, parah' (its duration, not a complaint), 'dr gigi bole praktek di 3 tempat gk?' ('dr' was 'dari'; read since und8's doctor_title),
  // 'izin apa aja yg harus diurus buat buka usaha katering?' (read applying for the NIB), 'lahan warisan blm
  // dipecah, masih atas nama kakek, …' (four words between 'lahan' and 'atas nama').
  it("keeps the held-out set at >= 59/64 (14/38 + 4/26 before the changes)", async () => {
    const report = await evaluate(parseExamples(readFileSync(join(__dirname, "und7-2026-12-04.jsonl"), "utf8")), (t) => u.understand(t));
    expect(report.total).toBe(64);
    expect(new Set(report.misses.map((m) => m.text)).size).toBeLessThanOrEqual(5);
  });
});

describe("izin gangguan (HO) is the NIB's old name (knowledge/permits/nib.md aliases)", () => {
  it.each([
    ["HO masih ada ga ya min", "ask/nib/general"],
    ["surat izin gangguan masih diperlukan?", "ask/nib/general"],
    ["syarat izin HO apa aja", "ask/nib/requirements"],
    ["biaya bikin HO brp skrg", "ask/nib/fee"],
    // Javanese "ho oh" / "hooh" (yes): an acknowledgement, the alias inside it not read.
    ["ho oh min, suwun", "thanks/null/null"],
    ["hooh kak, matur nuwun", "thanks/null/null"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});

describe("which level of government issues a permit is where it is filed (understanding.yaml aspects.where)", () => {
  it.each([
    ["izin lab klinik pratama diurusnya di kabupaten atau provinsi?", "ask/izin-laboratorium-klinik/where"],
    ["sipa apoteker itu terbitnya dr kabupaten apa provinsi", "ask/sipa/where"],
    ["pkkpr utk lahan 5 hektar diajukan di kabupaten atau pusat?", "ask/pkkpr/where"],
    // The office's regency named in a letter is no such question.
    ["Selamat siang, saya ingin menanyakan dasar hukum penerbitan izin reklame di Kabupaten Rembang. Terima kasih.", "ask/izin-reklame/legal"],
    ["Bagaimana alur pengajuan izin praktik perawat di Kabupaten Rembang?", "ask/sip-perawat/procedure"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});

describe("a greeting beside only whether someone is there is a greeting (understanding.yaml talk_to_staff, decide)", () => {
  it.each([
    ["Selamat siang, apakah ada petugas yang sedang online?", "greeting/null/null"],
    ["Selamat pagi, apakah ada admin yang bisa membalas?", "greeting/null/null"],
    ["malam kak, petugasnya sedang online gk?", "greeting/null/null"],
    // Without a greeting, or with more asked of the person, a person.
    ["ada operator yg online skrg?", "talk_to_staff/null/null"],
    ["ada admin yg online?", "talk_to_staff/null/null"],
    ["pagi, ada admin yg online? mau konsultasi", "talk_to_staff/null/null"],
    ["halo min, ada petugas?", "talk_to_staff/null/null"],
    ["halo, mau chat sama orang", "talk_to_staff/null/null"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});

describe("a shop or place looked for by its quality or price is out of scope (understanding.yaml out_of_scope)", () => {
  it.each([
    ["rekomendasi klinik gigi yang bagus di rembang", "out_of_scope/null/null"],
    ["ada rekomendasi optik murah gk kak", "out_of_scope/null/null"],
    ["tempat cetak spanduk yg murah di lasem dmn min", "out_of_scope/null/null"],
    ["optik yg murah di rembang kota dmn ya", "out_of_scope/null/null"],
    ["pantai karang jahe buka jam berapa", "out_of_scope/null/null"],
    // A permit's fee, a recommendation a permit requires, a place's permit: still asked.
    ["biaya izin optik murah gk min?", "ask/izin-optik/fee"],
    ["masih butuh rekomendasi IDI ga buat sip", "ask/sip-dokter/requirements"],
    ["apotek yg buka sampe malem perlu izin apa", "ask/izin-apotek/general"],
    // "malem" is "malam"; tonight is no greeting.
    ["malem min", "greeting/null/null"],
    ["jadwal pertandingan bola nanti malem jam brp", "out_of_scope/null/null"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});

describe("practising at several places asks whether it is allowed: the permit's card (understanding.yaml aspects.general)", () => {
  it.each([
    ["sy dokter mau praktek di 3 tempat, boleh gk? sip nya gmn", "ask/sip-dokter/general"],
    ["bu saya dokter mau praktik sore di rumah terus pagi di puskesmas itu bisa dua sip atau gimana ya", "ask/sip-dokter/general"],
    ["apoteker praktek di 2 tempat boleh kan? sipa nya gmn ya", "ask/sipa/general"],
    // A plain aspect beside it still wins.
    ["dokter praktek di 2 tempat, cara urus sip kedua gmn", "ask/sip-dokter/procedure"],
    ["sip dokter umum kl praktek di 2 tempat syaratnya apa", "ask/sip-dokter/requirements"],
    ["dokter umum mau praktek di 2 tempat, sip nya diurus dmn ya", "ask/sip-dokter/where"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});

describe("the filing system asked of is where a permit is filed (understanding.yaml aspects.where)", () => {
  it.each([
    ["kak slf ngajuinnya di simbg jg ya?", "ask/slf/where"],
    ["lupa password oss gmn", "ask/nib/where"],
    ["akun simbg sy lupa sandinya, gmn ya", "ask/pbg/where"],
    // What is uploaded there is no question of where ("punya klien": representation, scored as requirements).
    ["sy kontraktor, lg pegang proyek ruko 3 lantai di lasem punya klien. utk pbg nya dokumen teknis apa aja yg hrs diupload di simbg? perhitungan struktur wajib kan?", "ask/pbg/representation"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});

describe("what to take care of, practice hours, the office's e-mail and phone (understanding.yaml)", () => {
  it.each([
    ["mau bangun ruko 3 lantai di pinggir jalan pantura, ngurus apa aja ya min", "ask/pbg/requirements"],
    ["lur, nek arep gawe omah kudu ngurus opo wae?", "ask/pbg/requirements"],
    ["jadwal praktek bidan di puskesmas sarang jam berapa ya", "out_of_scope/null/null"],
    ["do you have an official email address?", "office_info/null/contact"],
    ["min minta kontak kantor yg bs ditelp pas jam kerja", "office_info/null/contact"],
    // Which permits to take care of is the list; a practice's hours asked of a permit's processing stay that.
    ["izin apa saja yang bisa diurus di sini?", "list_permits/null/null"],
    ["sip bidan prosesnya berapa hari kerja?", "ask/sip-bidan/duration"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});

describe("land in another's name asks what a building permit then needs (understanding.yaml aspects.requirements)", () => {
  it.each([
    ["bapak saya sudah tua, sertifikat tanahnya atas nama beliau, saya mau bangun rumah di situ", "ask/pbg/requirements"],
    ["bapak sy mau bikin rumah di lahan warisan, pbg nya atas nama siapa ya kalau tanahnya masih nama kakek", "ask/pbg/requirements"],
    ["tanah sewa bukan atas nama sy, bisa ngajuin pbg?", "ask/pbg/requirements"],
    // "atas nama" of an application, a title's transfer (BPN), a name asked: not so.
    ["cek permohonan atas nama siti aminah", "check_status/null/null"],
    ["sertifikat tanah klien kami masih atas nama almarhum, mau balik nama, apa bisa lewat sini?", "referral/null/null"],
    ["pengganti izin lokasi jaman dulu buat lahan usaha sekarang namanya apa?", "ask/pkkpr/general"],
  ])("%s -> %s", (text, want) => expect(read(text)).toBe(want));
});
