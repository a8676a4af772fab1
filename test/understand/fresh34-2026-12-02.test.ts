// What the held-out set fresh34-2026-12-02.jsonl showed (Sundanese around Garut and Tasikmalaya,
// Betawi slang, young writers, voice notes, registration numbers written oddly), as rules over kinds
// of message; each failed at 7b9c94c, before the fixes.
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const read = (t: string) => {
  const r = u.understand(t);
  return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
};

describe("Sundanese and Betawi words are read as the Indonesian they mean", () => {
  it.each([
    // "sanes" (not) rules the permit after it out, as "bukan" does
    ["eh lain, maksad abdi sanes pbg tapi slf, syaratna naon", "ask/slf/requirements"],
    ["sanes sip bidan, nu abdi taroskeun mah sip perawat, biayana sabaraha", "ask/sip-perawat/fee"],
    // "atanapi" (or) between two offices, "ngalangkungan naon" (through what): where it is filed
    ["apoteker enggal di apotek, sipa teh kedah ngadamel di dieu atanapi di dinkes?", "ask/sipa/where"],
    ["muka lab klinik mandiri di limbangan, ngajukeun izinna ngalangkungan naon", "ask/izin-laboratorium-klinik/where"],
    // "waktos" (time): how long it takes
    ["ngurus izin pendirian tk swasta teh butuh waktos sabaraha bulan", "ask/izin-satuan-pendidikan/duration"],
    // Betawi "pegimane" (how) after a wish to apply: how to apply
    ["gue drg, mau ngajuin sip buat praktek kedua, caranya pegimane", "ask/sip-dokter-gigi/procedure"],
  ])("%s", (t, want) => expect(read(t)).toBe(want));
  it("'teu aya beja' (no news) and Betawi 'udeh … belom' ask how one's own application stands", () => {
    expect(read("berkas pbg abdi tos sabulan teu aya beja, tos diverifikasi teu acan")).toBe("check_status/null/null");
    expect(read("gue udeh daftar sip dokter minggu lalu, udeh diproses belom sih")).toBe("check_status/null/null");
    expect(read("udeh seminggu gue daftar nib, udeh jadi belom")).toBe("check_status/null/null");
  });
  it("'caket' (near) a landmark asks where the office is", () => {
    expect(read("mpp teh caket alun-alun?")).toBe("office_info/null/address");
    expect(read("kantor caket masjid agung?")).toBe("office_info/null/address");
  });
  it("a person asked for: 'sambungkeun ka jalmi' (connect me to a person), Betawi 'ngomong ame orang'", () => {
    expect(read("bot na teu nyambung wae, sambungkeun ka jalmi nu jaga loket atuh")).toBe("talk_to_staff/null/null");
    expect(read("gue mau ngomong ame orang aje, kagak ame robot")).toBe("talk_to_staff/null/null");
  });
  it("'menta artos supados … gancang' (asking money so it goes faster) is a complaint", () => {
    expect(read("aya nu menta artos supados izin gancang, eta resmi?")).toBe("complaint/null/null");
    expect(read("ada yg menta artos ka abdi supados pbg gancang kaluar")).toBe("complaint/null/null");
  });
});

describe("a registration number typed with spaces around its dashes, and Sundanese 'statusna'", () => {
  it.each([
    "rbg - 2026 - 000122 kumaha statusna teh",
    "RBG 2026 - 000122",
    "rbg . 2026 . 000122",
    "rbg  2026  000122 gmn",
  ])("%s is a status check", (t) => expect(read(t)).toBe("check_status/null/null"));
  it("'statusna' (its status, Sundanese -na) is the status asked", () => {
    expect(read("kumaha statusna pengajuan abdi")).toBe("check_status/null/null");
    expect(read("punten cek statusna")).toBe("check_status/null/null");
  });
  it("the year alone after the prefix is no number", () => {
    expect(read("syarat rbg 2026 apa")).not.toBe("check_status/null/null");
  });
});

describe("Sundanese and Javanese ways of asking where, until when, and how long one has waited", () => {
  it.each([
    // "ka mana" (ke mana): where it is filed
    ["buka optik kacamata di tasik, izinna ka mana?", "ask/izin-optik/where"],
    ["mahasiswa unsil hoyong penelitian di puskesmas, surat izin penelitianna ka mana?", "ask/izin-penelitian/where"],
    // "dugi ka iraha" (until when): how long it is valid, not how long it takes
    ["izin lab klinik nu tos kaluar aktifna dugi ka iraha", "ask/izin-laboratorium-klinik/validity"],
    // Javanese "kantore neng ndi" (where is the office)
    ["kantore neng ndi to mas, aku soko garut kota", "office_info/null/address"],
  ])("%s", (t, want) => expect(read(t)).toBe(want));
  it("'tos sabaraha dinten berkas … abdi' (how many days my file has been in) is a status check", () => {
    expect(read("teh, tos sabaraha dinten berkas sipa abdi, iraha rengsena")).toBe("check_status/null/null");
    expect(read("sudah berapa hari sejak pengajuan nib saya, kok belum ada kabar")).toBe("check_status/null/null");
  });
  it("'berapa hari' of a permit with no filing of one's own is still its processing time", () => {
    expect(read("ngurus pbg biasanya sudah berapa hari jadi")).toBe("ask/pbg/duration");
  });
});

describe("a long wait with no certainty is a complaint; a tasty place nearby is out of scope", () => {
  it("'lami pisan, ngantosan 3 jam teu aya kapastian'", () => {
    expect(read("pelayanan di loket lami pisan, abdi ngantosan 3 jam teu aya kapastian")).toBe("complaint/null/null");
  });
  it.each(["warung nasi liwet nu enak caket mpp naon nya?", "warung bakso yg enak deket kantor apa ya"])("%s", (t) => expect(read(t)).toBe("out_of_scope/null/null"));
  it("a food business asking about its permit still does", () => {
    expect(read("warung bakso saya perlu nib gak")).toBe("ask/nib/general");
  });
});

describe("Sundanese -ana after -an, and whether the ID card alone is enough", () => {
  it("'persyaratanana' (its requirements) is the requirements", () => {
    expect(read("bidan desa hoyong buka praktek mandiri, sipb na naon wae persyaratanana")).toBe("ask/sip-bidan/requirements");
  });
  it.each([
    "teh, kanggo nib cekap ku ktp wungkul atanapi aya nu sanes?",
    "nib cukup ktp saja?",
  ])("%s asks the requirements", (t) => expect(read(t)).toBe("ask/nib/requirements"));
  it("a lesser permit enough ('apa cukup sppl saja') is still which permit is needed", () => {
    expect(read("gudang pupuk wajib ukl upl apa cukup sppl saja")).toBe("ask/ukl-upl/general");
  });
});

describe("what fresh34-probe showed after the fixes", () => {
  it.each([
    // "kedah gaduh gambar ti arsitek" (must have an architect's drawing): a requirement
    ["punten a, upami ngadamel pbg kanggo kandang domba kedah gaduh gambar ti arsitek teu?", "ask/pbg/requirements"],
    ["gambar denah harus pake arsitek ga buat pbg", "ask/pbg/requirements"],
    // "tiasa diurus ku pun bapa" (can my father file it): someone else applying
    ["ttk anyar di apotek desa, sipttk tiasa diurus ku pun bapa?", "ask/sipttk/representation"],
  ])("%s", (t, want) => expect(read(t)).toBe(want));
  it("a permit that must be held is still whether it is needed", () => {
    expect(read("warung saya harus punya nib gak")).toBe("ask/nib/general");
  });
});
