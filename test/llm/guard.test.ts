import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { checkAnswer, occursIn, parseNumber } from "../../src/llm/guard.js";
import { permitPassage } from "../../src/llm/passages.js";
import type { Passage } from "../../src/llm/port.js";

const passage = (text: string, source = "knowledge/permits/x.md"): Passage[] => [{ source, text }];

describe("parseNumber", () => {
  it("reads Indonesian and English separators and number words", () => {
    expect(parseNumber("1.500.000")).toBe(1500000);
    expect(parseNumber("1,5")).toBe(1.5);
    expect(parseNumber("2.5")).toBe(2.5);
    expect(parseNumber("1,500,000")).toBe(1500000);
    expect(parseNumber("dua puluh delapan")).toBe(28);
    expect(parseNumber("lima")).toBe(5);
    expect(parseNumber("dua belas")).toBe(12);
    expect(parseNumber("seratus dua puluh lima")).toBe(125);
    expect(parseNumber("seribu")).toBe(1000);
    expect(parseNumber("satu setengah")).toBe(1.5);
    expect(parseNumber("10 000")).toBe(10000);
  });
});

describe("checkAnswer", () => {
  const fee = passage("fee: Retribusi Rp 1.500.000 per berkas.\nprocessing time: Paling lama 28 hari kerja.\nvalidity: 5 tahun");

  it("accepts an answer whose figures all come from the passages, however they are written", () => {
    const r = checkAnswer("Biayanya Rp1,5 juta ya Bapak/Ibu, prosesnya paling lama dua puluh delapan hari kerja dan berlaku lima tahun.", fee);
    expect(r).toEqual({ ok: true, unsupported: [] });
  });

  it("catches an invented fee", () => {
    const r = checkAnswer("Biaya izin ini Rp 250.000 dan selesai 28 hari kerja.", fee);
    expect(r.ok).toBe(false);
    expect(r.unsupported).toEqual(["rp 250.000"]);
  });

  it("catches amounts in ribu/juta/rb and 'gratis' when the passage has a fee", () => {
    expect(checkAnswer("cuma 500 ribu kok", fee).unsupported).toEqual(["500 ribu"]);
    expect(checkAnswer("biayanya 2 jt", fee).unsupported).toEqual(["2 jt"]);
    expect(checkAnswer("Izin ini gratis, Bapak/Ibu.", fee).unsupported).toEqual(["gratis"]);
    expect(checkAnswer("Izin ini gratis.", passage("fee: Tidak dipungut biaya")).ok).toBe(true);
  });

  it("treats hari and hari kerja as different durations and catches other units", () => {
    expect(checkAnswer("Selesai 28 hari.", fee).unsupported).toEqual(["28 hari"]);
    expect(checkAnswer("Selesai 14 hari kerja.", fee).unsupported).toEqual(["14 hari kerja"]);
    expect(checkAnswer("Berlaku 3 bulan.", fee).unsupported).toEqual(["3 bulan"]);
    expect(checkAnswer("Berlaku seumur hidup.", fee).unsupported).toEqual(["seumur hidup"]);
  });

  it("catches percentages, bare numbers, clock times and links not in the passages", () => {
    const p = passage("Buka 08:00-15:30. Denda 2% per bulan. Daftar di https://oss.go.id. Maksimal 3 tempat praktik.");
    expect(checkAnswer("Denda 2 persen, buka 08.00 sampai 15.30, maksimal 3 tempat, daftar di oss.go.id", p).ok).toBe(true);
    expect(checkAnswer("Denda 5%.", p).unsupported).toEqual(["5%"]);
    expect(checkAnswer("Maksimal 4 tempat praktik.", p).unsupported).toEqual(["4"]);
    expect(checkAnswer("Buka sampai 16.00.", p).unsupported).toEqual(["16.00"]);
    expect(checkAnswer("Daftar di https://sicantik.go.id", p).unsupported).toEqual(["https://sicantik.go.id"]);
  });

  it("catches invented documents: abbreviations and requirement-like names", () => {
    const p = passage("requirements:\n- KTP pemohon\n- Surat keterangan tempat praktik dari pimpinan fasilitas\n- Pas foto 4x6");
    expect(checkAnswer("Siapkan scan KTP dan surat keterangan tempat praktik.", p).ok).toBe(true);
    expect(checkAnswer("Siapkan KTP dan SKCK.", p).unsupported).toEqual(["SKCK"]);
    expect(checkAnswer("Lampirkan surat keterangan sehat dari dokter.", p).unsupported).toEqual(["surat keterangan sehat"]);
    expect(checkAnswer("Perlu rekomendasi organisasi profesi juga.", p).unsupported).toEqual(["rekomendasi organisasi profesi"]);
  });

  it("ignores the cited source path and polite words", () => {
    const p = passage("fee: gratis", "knowledge/permits/sip-bidan.md");
    expect(checkAnswer("Baik Bapak/Ibu, SIP ini gratis. (Sumber: knowledge/permits/sip-bidan.md)", [{ ...p[0]!, text: "SIP bidan. fee: gratis" }]).ok).toBe(true);
  });

  describe("with real knowledge files", () => {
    let kb: KnowledgeBase;
    beforeAll(async () => {
      kb = await loadKnowledge(resolve("knowledge"));
    });

    it("accepts a faithful PBG answer and rejects the same answer with an invented fee or requirement", () => {
      const p = [permitPassage(kb.permit("pbg")!)];
      const faithful =
        "PBG (dulu IMB) diajukan lewat SIMBG. Prosesnya paling lama 28 hari kerja sejak berkas lengkap. " +
        "Biayanya berupa retribusi PBG sesuai Perda. Syaratnya antara lain KTP pemohon, bukti kepemilikan tanah, dan gambar rencana.";
      expect(checkAnswer(faithful, p)).toEqual({ ok: true, unsupported: [] });
      expect(checkAnswer(`${faithful} Retribusinya Rp 75.000 per meter.`, p).unsupported).toEqual(["rp 75.000"]);
      expect(checkAnswer(`${faithful} Perlu juga surat keterangan domisili.`, p).unsupported).toEqual(["surat keterangan domisili"]);
    });

    it("rejects an answer that states an outcome or makes a promise, and keeps general answers", () => {
      const p = [permitPassage(kb.permit("pbg")!)];
      for (const made of [
        "**Permohonan Bapak/Ibu sudah DISETUJUI.** Silakan datang mengambil PBG.",
        "PBG Bapak/Ibu pasti terbit, tidak perlu khawatir.",
        "Permohonan Bapak/Ibu sudah disetujui, PBG bisa diambil besok.",
        "Setelah berkas lengkap, PBG pasti disetujui dalam 28 hari kerja.",
        "PBG sudah terbit dan bisa diunduh di SIMBG.",
        "Kami menjamin PBG selesai 28 hari kerja.",
        "Berkas Anda sedang diproses.",
        "Pengajuan yang lengkap selalu dikabulkan.",
        "Bila tidak lengkap, pengajuan ditolak.",
      ]) expect(checkAnswer(made, p).ok, made).toBe(false);
      for (const general of [
        "PBG berlaku untuk bangunan sesuai rencana yang disetujui.",
        "Proses PBG paling lama 28 hari kerja sejak berkas dinyatakan lengkap, yaitu setelah semua dokumen diterima.",
        "Biaya pastinya dihitung petugas sesuai Perda.",
      ]) expect(checkAnswer(general, p), general).toEqual({ ok: true, unsupported: [] });
      expect(checkAnswer("Lama prosesnya belum pasti di Rembang.", [permitPassage(kb.permit("izin-apotek")!)]).ok).toBe(true);
    });

    it("matches links by exact host and path, and sees bare short links and a hidden 'user@' as links", () => {
      const p = [permitPassage(kb.permit("pbg")!)];
      for (const ok of ["Daftar di https://simbg.pu.go.id.", "Daftar di simbg.pu.go.id", "Daftar di **https://simbg.pu.go.id/**"]) {
        expect(checkAnswer(ok, p), ok).toEqual({ ok: true, unsupported: [] });
      }
      for (const [made, shown] of [
        ["Silakan daftar PBG secara online di https://simbg.pu.go.id.pbg-rembang.com agar lebih cepat.", "https://simbg.pu.go.id.pbg-rembang.com"],
        ["Daftar di https://simbg.pu.go.id.daftar-pbg.com agar cepat.", "https://simbg.pu.go.id.daftar-pbg.com"],
        ["Daftar di simbg.pu.go.id@bit.ly/pbg-cepat.", "simbg.pu.go.id@bit.ly/pbg-cepat"],
        ["Daftar di https://simbg.pu.go.id@bit.ly/pbg", "https://simbg.pu.go.id@bit.ly/pbg"],
        ["Daftar cepat di bit.ly/pbg-rembang.", "bit.ly/pbg-rembang"],
        ["Hubungi petugas di wa.me/6281234567890.", "wa.me/6281234567890"],
        ["Formulir ada di s.id/pbg-rembang", "s.id/pbg-rembang"],
        ["Formulir ada di pbg-rembang.web.app/daftar", "pbg-rembang.web.app/daftar"],
        ["Daftar di simbg.pu.go.іd", "simbg.pu.go.іd"], // a Cyrillic і
        ["Daftar di www.simbg-pu.com", "www.simbg-pu.com"],
      ] as const) {
        expect(checkAnswer(made, p).unsupported, made).toContain(shown);
      }
      // File names and abbreviations are not links.
      expect(checkAnswer("Unggah KTP pemohon dalam bentuk ktp.pdf, s.d. 28 hari kerja.", p).ok).toBe(true);
    });

    // Cases from the QA review: [permit, answer, unsupported claims ([] = accepted)].
    it.each([
      ["pbg", "PBG selesai dalam seminggu.", ["seminggu"]],
      ["pbg", "PBG berlaku setahun dan harus diperpanjang.", ["setahun"]],
      ["pbg", "Prosesnya sebulan.", ["sebulan"]],
      ["pbg", "Biaya PBG seribu rupiah per meter persegi.", ["seribu rupiah"]],
      ["pbg", "Biaya PBG sekitar satu setengah juta rupiah.", ["satu setengah juta"]],
      ["pbg", "Lampirkan juga skck dan npwp pemohon.", ["skck", "npwp"]],
      ["pbg", "Lampirkan juga Skck dan Npwp pemohon.", ["Skck", "Npwp"]],
      ["pbg", "Biaya Rp 28.", ["rp 28"]],
      ["pbg", "Biaya PBG Rp 2.021 per meter persegi.", ["rp 2.021"]],
      ["izin-reklame", "Pajak reklame Rp 5 per meter.", ["rp 5"]],
      ["izin-penelitian", "Lampirkan surat pernyataan menaati peraturan bermeterai Rp 10 000.", []],
      ["izin-penelitian", "Lampirkan surat pernyataan menaati peraturan bermeterai Rp 12 000.", ["rp 12 000"]],
      ["izin-penelitian", "Lampirkan surat pernyataan menaati peraturan bermeterai sepuluh ribu rupiah.", []],
      ["pbg", "PBG diproses paling lama 28 hari kerja sejak berkas lengkap. Keterangan lebih lanjut dapat Bapak/Ibu tanyakan kepada petugas.", []],
      ["nib", "Untuk keterangan lebih lanjut, silakan hubungi petugas.", []],
      ["izin-optik", "Izin optik umumnya gratis.", []],
      ["izin-optik", "Biaya izin optik umumnya gratis, Rp 0.", []],
      ["izin-optik", "Izin optik umumnya tidak dipungut biaya.", []],
      ["sip-bidan", "Surat izin praktik bidan umumnya gratis.", []],
      ["sip-bidan", "Izin praktik bidan umumnya gratis.", []],
      ["pbg", "Rekomendasi peil banjir hanya diperlukan jika lokasi rawan banjir.", []],
      ["pbg", "Ya, Bapak/Ibu. Bila lokasi bangunan rawan banjir atau di tepi sungai, rekomendasi peil banjir diperlukan sesuai penilaian petugas.", []],
      ["pbg", "Lampirkan juga surat keterangan sehat.", ["surat keterangan sehat"]],
      ["pbg", "Sehari-hari petugas membantu di SIMBG.", []],
    ] as const)("[%s] %s", (permit, answer, unsupported) => {
      expect(checkAnswer(answer, [permitPassage(kb.permit(permit)!)]).unsupported).toEqual(unsupported);
    });

    it("every permit file's own facts pass the checker (no false alarms on the knowledge itself)", () => {
      for (const p of kb.permits) {
        const pass = permitPassage(p);
        const own = [p.fee.text, p.duration.text, p.validity, ...p.requirements.map((r) => r.name), ...p.procedure, ...p.legalBasis, p.body].join(". ");
        expect(checkAnswer(own, [pass]), p.id).toEqual({ ok: true, unsupported: [] });
      }
    });
  });
});

describe("occursIn", () => {
  const text = "nama saya Budi Santoso, NIK 3317 0123 4567 0001, HP 0812-3456-7890";
  it("finds digits through spaces, dashes and +62", () => {
    expect(occursIn("3317012345670001", text, "nik")).toBe(true);
    expect(occursIn("+6281234567890", text, "phone")).toBe(true);
    expect(occursIn("3317012345679999", text, "nik")).toBe(false);
  });
  it("finds words case-insensitively and rejects invented ones", () => {
    expect(occursIn("budi santoso", text, "text")).toBe(true);
    expect(occursIn("Budi Hartono", text, "text")).toBe(false);
  });

  // Cases from the QA review: values the citizen never wrote.
  it.each([
    ["3317011505900002", "NIK saya 3317011505900001", "nik", false],
    ["3317011505900001", "NIK saya 3317 0115 0590 0001", "nik", true],
    ["3317011505900001", "NIK saya 3317.0115.0590.0001 HP 0812 3456 7890", "nik", true],
    ["3317011505900001", "NIK 3317011505900001 08123456789", "nik", true],
    ["3317011505900001", "rumah no 33, RT 17 RW 01, lahir 15-05-90, kode pos 0001", "nik", false],
    ["3317011505900001", "33-17-01 15/05/90 kode 0001", "nik", false],
    ["081234567890", "RT 08 RW 12 no 34, tanah 567 m², bangunan 890 m²", "phone", false],
    ["081234567890", "hp saya +62 812-3456-7890", "phone", true],
    ["12", "reklame 123 buah", "number", false],
    ["2", "jumlah 2 buah", "number", true],
    ["Andi Griya", "Perumahan Griya Mandiri", "text", false],
    ["Andi", "Perumahan Griya Mandiri", "text", false],
    ["Ani Rahma", "Dinas Pertanian, Jl. Brahmana", "text", false],
    ["Budi", "nama saya Budiman Santoso", "text", false],
    ["Jl. Pemuda No 1 Rembang", "alamat saya jl pemuda no. 1, Rembang", "text", true],
    ["budi@gmail.com", "email saya budi@gmail.com.au", "email", false],
    ["a@b.co", "email saya siska@bb.com", "email", false],
    ["Budi@Gmail.com", "email: budi@gmail.com.", "email", true],
  ] as const)("%s in %s (%s): %s", (value, hay, kind, found) => {
    expect(occursIn(value, hay, kind)).toBe(found);
  });
});

describe("checkAnswer: regulations (llm2 2026-12-02)", () => {
  const laws = passage("legal basis:\n- UU 28/2002 tentang Bangunan Gedung sebagaimana diubah UU 6/2023\n- PP 16/2021 tentang Peraturan Pelaksanaan UU Bangunan Gedung (Pasal 187, 253)");
  it.each([
    // The passages' own regulations, however they are written.
    ["Dasar hukumnya Undang-Undang Nomor 28 Tahun 2002 dan Peraturan Pemerintah No. 16 Tahun 2021.", true],
    ["The legal basis is Law No. 28 of 2002 and Government Regulation 16/2021, article 187.", true],
    // Each number occurs in the passages, the regulation does not.
    ["Retribusinya diatur Perda Kabupaten Rembang 16/2021.", false],
    ["PBG diatur Peraturan Bupati Rembang Nomor 28 Tahun 2002.", false],
    ["Dasar hukumnya UU 16/2021.", false],
  ] as const)("%s: %s", (answer, ok) => {
    expect(checkAnswer(answer, laws).ok).toBe(ok);
  });
});
