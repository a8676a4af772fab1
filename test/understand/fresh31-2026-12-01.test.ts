// What the held-out set fresh31-2026-12-01.jsonl showed, and the three leftovers of fresh30 and its
// probe, as rules over kinds of message (each failed at 0dc5ae7, before the fixes).
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createNormaliser, createUnderstander } from "../../src/engine/understand/index.js";

const kb = await loadKnowledge("knowledge");
const u = createUnderstander(kb);
const norm = createNormaliser(kb.language);
const read = (t: string) => {
  const r = u.understand(t);
  return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
};
const stems = (t: string) => norm.tokens(t, { correct: false }).map((k) => k.stem);

describe("renewing is not something new", () => {
  it("stems every form of 'perbarui' (renew) alike, and apart from 'baru' (new)", () => {
    const renew = ["diperbarui", "memperbarui", "perbarui", "pembaruan", "pembaruannya", "diperbaharui", "pembaharuan"].map((w) => stems(w)[0]);
    expect(new Set(renew).size).toBe(1);
    expect(renew[0]).not.toBe(stems("baru")[0]);
  });
  it("a permit to be renewed is asked about its validity; a new one stays new", () => {
    expect(read("sipa sy kapan harus diperbarui")).toBe("ask/sipa/validity");
    expect(read("izin reklame diperbarui tiap brp thn")).toBe("ask/izin-reklame/validity");
    expect(read("cara memperbarui nib gmn")).toBe("ask/nib/procedure");
    expect(read("mau bikin permohonan baru pbg")).toBe("apply/pbg/null");
  });
});

describe("another official is not the office", () => {
  it.each(["nomer wa pak lurah brp", "minta nomor hp kepala desa sumber dong", "no wa pak rt 03 brp ya", "nomor telp kapolsek lasem brp"])("%s: out of scope", (t) => {
    expect(read(t)).toBe("out_of_scope/null/null");
  });
  it("the office's own number, and a permit asked by a village head, stay what they were", () => {
    expect(read("nomor wa kantor dpmptsp brp")).toBe("office_info/null/contact");
    expect(read("sy kepala desa mau tanya syarat pbg balai desa")).toBe("ask/pbg/requirements");
    expect(read("izin penelitian perlu surat pengantar lurah gak")).toMatch(/^ask\/izin-penelitian\//);
  });
});

describe("a shop near the office is not the office's address", () => {
  it.each(["ada yg jual nasi padang deket kantor ga", "ada yang jual materai dekat mpp?", "di deket kantor ada yg jual pulsa gak"])("%s: out of scope", (t) => {
    expect(read(t)).toBe("out_of_scope/null/null");
  });
  it("a place name is not a typo of a cue word ('padang' is no 'pasang')", () => {
    expect(norm.tokens("nasi padang").map((k) => k.surface)).toEqual(["nasi", "padang"]);
  });
  it("the office's address and selling as a business stay what they were", () => {
    expect(read("kantor dpmptsp deket mana ya")).toBe("office_info/null/address");
    expect(read("sy jual nasi padang di rumah perlu pirt gak")).toMatch(/^ask\/spp-irt\//);
  });
});

describe("regional and Betawi words", () => {
  it("Betawi 'aye' (I), 'mao' (want), 'mane' (where), 'ape' (what)", () => {
    expect(stems("aye mao ke mane")).toEqual(stems("saya mau ke mana"));
    expect(read("aye mao bikin imb kudu ke mane ye")).toBe("ask/pbg/where");
    expect(read("syarat nib ape aje")).toBe("ask/nib/requirements");
  });
  it("Minang 'untuak' (for), 'syaraik' (requirement), 'kadai' (shop)", () => {
    expect(read("ambo nio buek nib untuak usaho kadai kopi, apo sajo syaraiknyo")).toBe("ask/nib/requirements");
  });
  it("Javanese krama 'ndamel' (to make) after 'badhe' (want) applies", () => {
    expect(read("badhe ndamel sip perawat")).toBe("apply/sip-perawat/null");
    expect(read("badhe ndamel nib, syarate menapa")).toBe("ask/nib/requirements");
  });
});

describe("a permit not issued yet, and a list sent", () => {
  it("'kok belum terbit/jadi/keluar' of one's own application is its status, whatever 'di mana' asks", () => {
    expect(read("izin reklame sy kok blm terbit2 ya, posisi dmn")).toBe("check_status/null/null");
    expect(read("pirt ku kok belum keluar juga ya")).toBe("check_status/null/null");
  });
  it("'daftar semua/seluruh izin' and 'kirim daftar' are the list, not registering", () => {
    expect(read("kirimin daftar semua izin dong")).toBe("list_permits/null/null");
    expect(read("minta daftar seluruh perizinan yg dilayani")).toBe("list_permits/null/null");
    expect(read("mau daftar nib")).toBe("apply/nib/null");
  });
});

describe("where one's application is, in a conversation about another permit", () => {
  it("'kok blm terbit2, posisi dmn' after PBG's answer is the status only, not where PBG is filed", () => {
    const r = u.understand("izin reklame sy kok blm terbit2 ya, posisi dmn", { permit: "pbg" });
    expect(r.intent).toBe("check_status");
    expect(r.then ?? []).toEqual([]);
    expect(u.understand("posisinya dmn ya berkas sy", { permit: "pbg" }).intent).toBe("check_status");
  });
  it("where the office is, and where a permit is filed, stay what they were", () => {
    expect(u.understand("kantornya posisinya di mana", { permit: "pbg" }).intent).toBe("office_info");
    expect(u.understand("ngajuinnya di mana?", { permit: "pbg" })).toMatchObject({ intent: "ask", permit: "pbg", aspect: "where" });
  });
});
