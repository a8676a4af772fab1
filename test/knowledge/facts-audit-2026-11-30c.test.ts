import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { askingField, lastOf, openFormUntil, answerValidly } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Facts audit of 30 November 2026 (third pass): what citizens are told and asked, permit by permit,
 * against shared/reference/permit-facts.md. One test per defect found, through the whole runtime.
 */
describe("facts audit 2026-11-30c: application forms", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function until(opening: string, field: string, answers: Record<string, string> = {}): Promise<TestLoket> {
    await t?.close();
    const loket = await createTestLoket();
    t = loket;
    await openFormUntil(loket, opening, field, { answers });
    return loket;
  }

  /** The documents asked for from the current question to the summary. */
  async function documentsAsked(loket: TestLoket): Promise<string[]> {
    const asked: string[] = [];
    for (let i = 0; i < 40 && askingField(loket) !== "confirm"; i++) {
      if (lastOf(loket.last)?.expects?.kind === "file") asked.push(askingField(loket)!);
      await answerValidly(loket);
    }
    return asked;
  }

  const SIPS: [string, string][] = [
    ["sip-bidan", "mau ajukan SIP bidan"],
    ["sip-dokter-gigi", "mau ajukan SIP dokter gigi"],
    ["sip-fisioterapis", "mau ajukan SIP fisioterapis"],
    ["sip-perawat", "mau ajukan SIP perawat"],
    ["sipa", "mau ajukan SIPA"],
    ["sipttk", "mau ajukan SIPTTK"],
  ];

  it.each(SIPS)("%s: a second or third SIP could skip the earlier SIP ('boleh dilewati'), and a first SIP was asked for one: the form never asked which SIP it is", async (id, opening) => {
    // Reference A4: "1st/2nd SIP (when applying for the 2nd/3rd)"; SIP dokter asks "SIP ke berapa".
    const second = await until(opening, "sip_sebelumnya", { urutan_sip: "2" });
    expect(textOf(second.last), id).not.toContain("boleh dilewati");
    await second.say("lewati");
    expect(askingField(second), id).toBe("sip_sebelumnya");

    const first = await until(opening, "urutan_sip");
    await first.say("1");
    expect(await documentsAsked(first), id).not.toContain("sip_sebelumnya");
  });

  it.each([...SIPS, ["sip-dokter", "mau ajukan SIP dokter"]])("%s: an ASN or a permanent employee could skip the superior's approval ('boleh dilewati'), and everyone else was offered it: the form never asked", async (id, opening) => {
    // Reference A4: "Superior's approval (for ASN / full-time staff)".
    const asn = await until(opening, "persetujuan_atasan", { status_kepegawaian: "1" });
    expect(textOf(asn.last), id).not.toContain("boleh dilewati");
    await asn.say("lewati");
    expect(askingField(asn), id).toBe("persetujuan_atasan");

    const other = await until(opening, "status_kepegawaian");
    await other.say("3");
    expect(await documentsAsked(other), id).not.toContain("persetujuan_atasan");
  });

  it("PBG of a place of worship let the SKUB and the Kemenag letter be skipped ('boleh dilewati'), though the reference asks them for places of worship", async () => {
    // Reference A1, typical documents: "SKUB + Kemenag letter, for places of worship".
    const loket = await until("mau ajukan PBG", "rumah_ibadah", { fungsi_bangunan: "masjid" });
    expect(textOf(loket.last)).not.toContain("boleh dilewati");
    await loket.say("lewati");
    expect(askingField(loket)).toBe("rumah_ibadah");
  });

  it("a permanent advertisement (billboard, videotron) could skip its construction drawing ('boleh dilewati'), though the reference lists the drawing among the documents", async () => {
    // Reference A9, typical documents: "Construction drawing"; Inhil: a construction guarantee for billboard/videotron.
    const loket = await until("min saya mau ajukan izin reklame", "gambar_konstruksi", { jenis_reklame: "1" });
    expect(textOf(loket.last)).not.toContain("boleh dilewati");
    await loket.say("lewati");
    expect(askingField(loket)).toBe("gambar_konstruksi");
  });

  it("PBG on land the applicant does not own let the land-use agreement be skipped ('boleh dilewati'), and owners were offered it: the form never asked whose land it is", async () => {
    // Reference A1, typical documents: "Land-use agreement, if the land owner is not the building owner".
    const tenant = await until("mau ajukan PBG", "perjanjian_tanah", { status_tanah: "2" });
    expect(textOf(tenant.last)).not.toContain("boleh dilewati");
    await tenant.say("lewati");
    expect(askingField(tenant)).toBe("perjanjian_tanah");

    const owner = await until("mau ajukan PBG", "status_tanah");
    await owner.say("1");
    expect(await documentsAsked(owner)).not.toContain("perjanjian_tanah");
  });

  it("PBG of more than two floors let the soil investigation be skipped ('boleh dilewati'), though the reference asks it for every building of more than two storeys", async () => {
    // Reference A1: "Soil investigation, if more than 2 storeys or wide-span".
    const loket = await until("mau ajukan PBG", "penyelidikan_tanah", { jumlah_lantai: "3" });
    expect(textOf(loket.last)).not.toContain("boleh dilewati");
    await loket.say("lewati");
    expect(askingField(loket)).toBe("penyelidikan_tanah");
  });
});

describe("facts audit 2026-11-30c: answers", () => {
  let t: TestLoket;
  let n = 0;
  beforeAll(async () => {
    t = await createTestLoket();
  });
  afterAll(async () => t.close());

  const ask = async (text: string) => textOf(await t.loket.runtime.handle({ channel: "web", conversationId: `web:audit-${n++}`, text }));

  it("the PKKPR requirements called the neighbours' consent 'opsional', though the reference lists it among the documents without a condition", async () => {
    // Reference A10, typical regency documents (Lamandau): "... PBB (land tax) receipt; Neighbour consent; KTP, NPWP ...".
    const line = (await ask("syarat pkkpr apa saja")).split("\n").find((l) => l.includes("Persetujuan tetangga")) ?? "";
    expect(line).toContain("Persetujuan tetangga");
    expect(line).not.toContain("opsional");
  });

  it.each(["sip-bidan", "sip-dokter", "sip-dokter-gigi", "sip-fisioterapis", "sip-perawat", "sipa", "sipttk"])(
    "%s: the processing time said '3–9 hari kerja', though the reference gives 3–5 working days and an estimate of 9 days that it does not call working days",
    async (id) => {
      // Reference A4, SLA examples: 5 working days (Inhil), 3–5 working days (Banda Aceh), "Estimate 9 days" (Kab. Magelang).
      const p = t.loket.knowledge.permit(id)!;
      const reply = await ask(`berapa lama proses ${p.aliases[0] ?? p.name}`);
      expect(reply, id).toContain(`Lama proses ${p.name}`);
      expect(reply, id).toContain("3–5 hari kerja");
      expect(reply, id).not.toMatch(/9 hari kerja/);
    },
  );

  it("PKKPR and SPPL recorded working_days 20 and 3, though their texts (and the reference) give 20 and 3 days, not working days: each permit's working_days is the number of working days its text says", () => {
    // Reference A10: "Processing ≤ 20 days after payment"; A11: "SPPL registration free; proof within 3 days".
    for (const p of t.loket.knowledge.permits) {
      const days = p.duration.workingDays;
      if (days === undefined) continue;
      if (days === 0) expect(p.duration.text, p.id).toMatch(/langsung/);
      else expect(p.duration.text, p.id).toContain(`${days} hari kerja`);
    }
  });

  it("the PBG drawings named the situation, floor plan, elevation and section drawings but not the site plan the reference lists among them", async () => {
    // Reference A1, typical documents: "Drawings: situation, site plan, floor plan, section, elevation, structure".
    const line = (await ask("syarat pbg apa saja")).split("\n").find((l) => l.includes("Gambar rencana")) ?? "";
    expect(line).toContain("Gambar rencana");
    expect(line).toMatch(/rencana tapak|site plan/i);
  });

  it("a foreign health worker asking where to renew an STR was told it is valid for life and needs no renewal: the reference gives that for Indonesian citizens (WNI) only", async () => {
    // Reference A0: "UU 17/2023 makes STR valid for life (WNI) (PP 28/2024 Pasal 677)"; source title: "WNA maksimal 2 tahun".
    const reply = await ask("perpanjang STR dimana");
    expect(reply).toContain("seumur hidup");
    expect(reply).toMatch(/seumur hidup[^.]*\bWNI\b|\bWNI\b[^.]*seumur hidup/);
  });

  /**
   * Key facts of shared/reference/permit-facts.md as citizens read them: each row is a question and
   * what its answer must say (and must not). A change to a permit file that drops or contradicts one
   * of these fails here with the permit and the question.
   */
  const KEY_FACTS: [question: string, says: (string | RegExp)[], never?: (string | RegExp)[]][] = [
    // A1 PBG
    ["apa itu pbg", ["dulu IMB", "SIMBG", "28 hari kerja", "Retribusi PBG", "MBR"]],
    ["masa berlaku imb", ["IMB lama tetap berlaku selama bentuk dan fungsi bangunan tidak berubah"]],
    ["syarat pbg", ["KTP", "KKPR", "SPPL / UKL-UPL / AMDAL", "Perhitungan struktur sederhana", "Hasil penyelidikan tanah", "peil banjir", "SKUB"]],
    ["dasar hukum pbg", ["PP 16/2021", "UU 28/2002"]],
    // A2 SLF
    ["apa itu slf", ["SIMBG", "SPKF", "Retribusi PBG", "5 tahun", "20 tahun"]],
    ["dasar hukum slf", ["PP 16/2021", "27/PRT/M/2018"]],
    // A3 NIB
    ["apa itu nib", ["13 digit", "OSS", "Gratis", "selama usaha"]],
    ["syarat nib", ["KTP", "NPWP", "BPJS", /email/i, "AHU"]],
    ["dasar hukum nib", ["PP 28/2025", "UU 6/2023"]],
    // A4 SIPs
    ["apa itu sip bidan", ["paling banyak 3", "3–5 hari kerja", "5 tahun", "SKP", /gratis/i]],
    ["syarat sip perawat", ["STR", "tempat praktik", "SIP pertama/kedua", "kecukupan SKP"], ["rekomendasi organisasi profesi"]],
    ["apa itu sipa", ["SIKA", "paling banyak 3", "5 tahun"]],
    ["dasar hukum sip dokter", ["UU 17/2023", "PP 28/2024", "Permenkes 13/2025"]],
    ["perpanjang STR dimana", ["seumur hidup"]],
    // A5–A8 health facilities
    ["apa itu izin apotek", ["OSS", "24 hari kerja", "2 apoteker"]],
    ["syarat izin apotek", ["SPPL", "SIPNAP", "STRA", "SIMONA"]],
    ["syarat izin klinik", ["KKPR", "PBG dan SLF", "limbah medis", "STR dan SIP dokter penanggung jawab"]],
    ["apa itu izin optik", ["4 hari kerja", "3 hari kerja", /Rp0/]],
    ["syarat izin optik", ["NIB", "1×3 m", "1×2 m"]],
    ["masa berlaku izin laboratorium klinik", ["5 tahun", "PMK 411/2010"]],
    // A9 reklame
    ["biaya izin reklame", ["Pajak Reklame"]],
    ["syarat izin reklame", ["KTP", "pemilik lahan", "Desain", "Gambar konstruksi"]],
    // A10 PKKPR
    ["biaya pkkpr", ["PNBP", "3 hari"]],
    ["berapa lama proses pkkpr", ["20 hari"], ["20 hari kerja"]],
    ["syarat pkkpr", ["bermeterai Rp10.000", "PBB", "Koordinat", "KTP dan NPWP"]],
    // A11 environment
    ["apa itu sppl", ["OSS", "Gratis", "SKKL", "PKPLH"]],
    ["berapa lama proses ukl upl", ["5 hari kerja"]],
    // A12–A16
    ["berapa lama izin paud", ["60 hari"], ["60 hari kerja"]],
    ["dasar hukum izin satuan pendidikan", ["SE Sekjen Kemendikbudristek 26/2021", "84/2014", "36/2014", "81/2013"]],
    ["syarat izin penelitian", ["Proposal", "bermeterai Rp10.000", "4x6", "kepala desa/lurah"]],
    ["apa itu tdup", ["NIB", "OSS"]],
    ["apa itu iutm", ["400 m²", "5.000 m²", "OSS"]],
    ["apa itu spp-irt", ["OSS", "5 tahun", "6 bulan", "susu", "air minum dalam kemasan"]],
    ["syarat spp-irt", ["NIB", "Penyuluhan Keamanan Pangan", "60", "label"]],
    // E, F: complaints and the office
    ["alamat kantor", ["Mal Pelayanan Publik", "Alun-alun Rembang"]],
    ["mau komplain", ["SP4N-LAPOR", "lapor.go.id", "1708"]],
  ];

  it.each(KEY_FACTS)("%s", async (question, says, never = []) => {
    const reply = await ask(question);
    for (const s of says) typeof s === "string" ? expect(reply, question).toContain(s) : expect(reply, question).toMatch(s);
    for (const s of never) typeof s === "string" ? expect(reply, question).not.toContain(s) : expect(reply, question).not.toMatch(s);
  });
});
