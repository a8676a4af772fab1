import { afterEach, describe, expect, it } from "vitest";
import { answerValidly, askingField, lastOf, openFormUntil, submitForm } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Forms review of 30 November 2026: every permit's application form as a citizen meets it,
 * through the whole runtime, answered as real people type. One test per defect found.
 */
describe("forms review 2026-11-30", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /** Opens an application (a fresh Loket) and answers every question validly until `field` is asked. */
  async function until(opening: string, field: string, answers: Record<string, string> = {}, now?: () => Date): Promise<TestLoket> {
    await t?.close();
    const loket = await createTestLoket(now ? { now } : {});
    t = loket;
    await openFormUntil(loket, opening, field, { answers });
    return loket;
  }
  const answer = (loket: TestLoket) => answerValidly(loket);
  const asking = askingField;
  const submit = (loket: TestLoket) => submitForm(loket);

  it("a NIK, phone number, e-mail, date or number typed with a 🙏 or another emoji before or after it is refused as not a NIK/number ('NIK hanya berisi angka')", async () => {
    const loket = await until("saya mau mengajukan izin penelitian", "nik");
    expect(textOf(await loket.say("3317015502900003 🙏"))).not.toContain("hanya berisi angka");
    expect(asking(loket)).toBe("hp");
    await loket.say("0812 3456 7890 🙏");
    expect(asking(loket)).toBe("email");
    await loket.say("📧 Budi.Santoso@Gmail.com");
    expect(asking(loket)).toBe("alamat");
    await loket.say("Jl. Pemuda No. 10, Sumber, Rembang");
    await loket.say("Persepsi petani garam terhadap harga");
    await loket.say("Universitas Diponegoro");
    await loket.say("Desa Kaliori, Kec. Kaliori");
    expect(asking(loket)).toBe("tanggal_mulai");
    await loket.say("1 Desember 2027 🙏");
    expect(asking(loket)).toBe("lama_penelitian");
    await loket.say("90 hari 👍");
    expect(lastOf(loket.last)?.expects?.kind).toBe("file");
    const app = await submit(loket);
    expect(app.fields).toMatchObject({ nik: "3317015502900003", hp: "+6281234567890", email: "budi.santoso@gmail.com", tanggal_mulai: "2027-12-01", lama_penelitian: "90" });
  });

  it("a name or other free-text answer typed with a leading or trailing emoji is stored with the emoji ('Klinik Sehat 😊'), as staff then see it", async () => {
    const loket = await until("saya perawat mau ajukan SIP", "nama");
    await loket.say("Siti Rahmawati 🙏🏻");
    for (let i = 0; i < 10 && asking(loket) !== "nama_tempat_praktik"; i++) await answer(loket);
    await loket.say("Klinik Sehat 😊");
    const app = await submit(loket);
    expect(app.fields.nama).toBe("Siti Rahmawati");
    expect(app.fields.nama_tempat_praktik).toBe("Klinik Sehat");
  });

  it("an option said with the permit's name ('perpanjangan sip', 'mau perpanjang sip' at 'Jenis permohonan') is the option, not a question about the SIP's validity", async () => {
    for (const said of ["perpanjangan sip", "mau perpanjang sip", "perpanjangan SIPB"]) {
      const loket = await until("saya mau mengajukan sip bidan", "jenis_permohonan");
      const reply = textOf(await loket.say(said));
      expect(reply, said).not.toContain("Masa berlaku");
      expect(asking(loket), said).not.toBe("jenis_permohonan");
      expect((await loket.loket.store.peekState(loket.conversationId))!.engine.stack.at(-1)!.slots.jenis_permohonan, said).toBe("perpanjangan");
    }
  });

  it("'Jenis praktik' answered in a citizen's words ('praktek mandiri', 'di klinik', 'di rumah sakit') is refused, so three of them end in the offer of a person", async () => {
    for (const [typed, id] of [
      ["praktek mandiri", "mandiri"],
      ["di klinik", "fasyankes"],
      ["di rumah sakit", "fasyankes"],
      ["di RS", "fasyankes"],
    ] as const) {
      const loket = await until("saya perawat mau ajukan SIP", "jenis_praktik");
      const replies = await loket.say(typed);
      expect(textOf(replies), typed).not.toContain("Mohon pilih salah satu pilihan");
      expect(asking(loket), typed).toBe("jenis_permohonan");
      const app = await submit(loket);
      expect(app.fields.jenis_praktik, typed).toBe(id);
    }
  });

  it("'Fungsi bangunan' of a PBG answered 'masjid' or 'musala' is refused: a place of worship is reached only by the word 'Keagamaan'", async () => {
    for (const typed of ["masjid", "musala", "gereja"]) {
      const loket = await until("mau ajukan PBG", "fungsi_bangunan");
      const replies = await loket.say(typed);
      expect(textOf(replies), typed).not.toContain("Mohon pilih salah satu pilihan");
      expect(asking(loket), typed).toBe("jumlah_lantai");
    }
    // … and the place-of-worship documents (SKUB and the Kemenag letter) are then asked.
    const loket = await until("mau ajukan PBG", "fungsi_bangunan");
    await loket.say("masjid");
    for (let i = 0; i < 30 && asking(loket) !== "rumah_ibadah" && asking(loket) !== "confirm"; i++) await answer(loket);
    expect(asking(loket)).toBe("rumah_ibadah");
  });

  it("a number written as people write sizes and counts is refused: '± 120 m2', 'sekitar 120 m²', '120 m2.', 'dua lantai', '2 (dua) lantai'", async () => {
    const cases: [string, string, string][] = [
      ["jumlah_lantai", "dua lantai", "2"],
      ["jumlah_lantai", "2 (dua) lantai", "2"],
      ["luas_bangunan", "± 120 m2", "120"],
      ["luas_bangunan", "kurang lebih 120 m2", "120"],
      ["luas_tanah", "sekitar 150 m².", "150"],
      ["luas_tanah", "120 m2.", "120"],
    ];
    for (const [field, typed, stored] of cases) {
      const loket = await until("mau ajukan PBG", field);
      const replies = await loket.say(typed);
      expect(textOf(replies), typed).not.toContain("Mohon jawab dengan angka");
      expect(asking(loket), typed).not.toBe(field);
      const app = await submit(loket);
      expect(app.fields[field], typed).toBe(stored);
    }
  });

  it("an e-mail address no mail can reach is accepted: a dot just before the @ ('budi.@gmail.com'), two dots in a row, a domain starting with '-'", async () => {
    for (const typed of ["budi.@gmail.com", ".budi@gmail.com", "budi..santoso@gmail.com", "budi@-gmail.com"]) {
      const loket = await until("mau ajukan SLF", "email");
      const replies = await loket.say(typed);
      expect(textOf(replies), typed).toContain("Alamat e-mail belum benar");
      expect(asking(loket), typed).toBe("email");
    }
  });

  it("a research start date typed without its year ('5 Januari', '15/12', 'Senin, 14 Desember') is refused as an unknown date format", async () => {
    const now = () => new Date("2026-11-30T03:00:00Z");
    for (const [typed, stored] of [
      ["5 Januari", "2027-01-05"],
      ["15/12", "2026-12-15"],
      ["Senin, 14 Desember", "2026-12-14"],
    ] as const) {
      const loket = await until("saya mau mengajukan izin penelitian", "tanggal_mulai", {}, now);
      const replies = await loket.say(typed);
      expect(textOf(replies), typed).not.toContain("Format tanggal belum dikenali");
      expect(asking(loket), typed).toBe("lama_penelitian");
      const app = await submit(loket);
      expect(app.fields.tanggal_mulai, typed).toBe(stored);
    }
  });

  it("the summary shows a date as stored, '2027-03-12', not as the citizen wrote it and can check it ('12 Maret 2027')", async () => {
    const loket = await until("saya mau mengajukan izin penelitian", "tanggal_mulai");
    await loket.say("12/03/2027");
    for (let i = 0; i < 30 && asking(loket) !== "confirm"; i++) await answer(loket);
    const summary = textOf(loket.last);
    expect(summary).toContain("Tanggal mulai penelitian: 12 Maret 2027");
    expect(summary).not.toContain("2027-03-12");
  });

  it("PBG of more than one floor lets the structural calculation be skipped ('boleh dilewati'), though the reference asks it for every building of more than one storey", async () => {
    // Reference A1: "Simple structural calculation, if more than 1 storey".
    const loket = await until("mau ajukan PBG", "hitungan_struktur", { jumlah_lantai: "2" });
    expect(textOf(loket.last)).not.toContain("boleh dilewati");
    const replies = await loket.say("lewati");
    expect(textOf(replies)).toContain("wajib dilampirkan");
    expect(asking(loket)).toBe("hitungan_struktur");
  });

  it("SIP dokter answered 'SIP ke berapa: 2' lets the first SIP be skipped, and a first SIP (1) is asked for an earlier SIP all the same", async () => {
    // Reference A4: "1st/2nd SIP (when applying for the 2nd/3rd)"; the form asks which SIP it is.
    const second = await until("saya dokter mau urus SIP", "sip_sebelumnya", { urutan_sip: "2" });
    expect(textOf(second.last)).not.toContain("boleh dilewati");
    await second.say("lewati");
    expect(asking(second)).toBe("sip_sebelumnya");
    const first = await until("saya dokter mau urus SIP", "urutan_sip");
    await first.say("1");
    const asked: string[] = [];
    for (let i = 0; i < 30 && asking(first) !== "confirm"; i++) {
      if (lastOf(first.last)?.expects?.kind === "file") asked.push(asking(first)!);
      await answer(first);
    }
    expect(asked).not.toContain("sip_sebelumnya");
  });

  it("SIPA for 'Praktik mandiri' asks no floor plan, equipment list and photos of the practice, as every other SIP asking 'Jenis praktik' does (reference A4)", async () => {
    const loket = await until("saya apoteker mau urus SIPA", "jenis_praktik");
    await loket.say("2");
    const asked: string[] = [];
    for (let i = 0; i < 30 && asking(loket) !== "confirm"; i++) {
      if (lastOf(loket.last)?.expects?.kind === "file") asked.push(asking(loket)!);
      await answer(loket);
    }
    expect(asked).toContain("denah_peralatan");
  });
});
