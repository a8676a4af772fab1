import { afterEach, describe, expect, it } from "vitest";
import { answerValidly, askingField, openFormUntil, submitForm } from "../support/forms.js";
import { selfCorrected } from "../../src/engine/summary-edit.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Second forms review of 30 November 2026: application forms filled in as citizens type on
 * WhatsApp, through the whole runtime. One test per defect found.
 */
describe("forms2 review 2026-11-30b", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function until(opening: string, field: string, answers: Record<string, string> = {}): Promise<TestLoket> {
    await t?.close();
    const loket = await createTestLoket({});
    t = loket;
    await openFormUntil(loket, opening, field, { answers });
    return loket;
  }

  it("an answer corrected inside the message ('0812345 eh salah 08123456789', 'STR 12/ab eh salah 3317/…') is refused or stored with the wrong part", async () => {
    const loket = await until("saya perawat mau ajukan SIP", "hp");
    expect(textOf(await loket.say("0812345 eh salah 08123456789"))).not.toContain("hanya berisi angka");
    expect(askingField(loket)).toBe("email");
    await loket.say("lewati");
    await loket.say("Jl. Pemuda No. 12 RT 03/RW 05, Sumber");
    expect(askingField(loket)).toBe("nomor_str");
    await loket.say("12345/ab ralat, yg bener 3317/12345/2024");
    const app = await submitForm(loket);
    expect(app.fields.hp).toBe("+628123456789");
    expect(app.fields.nomor_str).toBe("3317/12345/2024");
  });

  it("a correction inside an answer takes only what follows it, splicing from a word the mistyped part shares; a title holding 'salah' or 'ralat' is not one", () => {
    expect(selfCorrected("Jl. Pemuda RT 3 eh salah RT 03/RW 05")).toBe("Jl. Pemuda RT 03/RW 05");
    expect(selfCorrected("Siti Aminh eh salah Siti Aminah ya")).toBe("Siti Aminah");
    expect(selfCorrected("3317 eh maaf 3317014507900001")).toBe("3317014507900001");
    expect(selfCorrected("0812345, yg bener 08123456789")).toBe("08123456789");
    for (const plain of ["Analisis ralat pengukuran", "Toko Salah Satu", "Persepsi petani yang benar", "Cara bertani yang benar di lahan garam", "yang benar 0812", "Siti Aminah"]) expect(selfCorrected(plain), plain).toBeUndefined();
  });

  it("an e-mail ending a sentence ('siti@gmail.com.', 'siti@gmail.com ya kak') is refused as not an e-mail address", async () => {
    for (const said of ["siti.aminah@gmail.com.", "siti.aminah@gmail.com ya kak", "<siti.aminah@gmail.com>"]) {
      const loket = await until("saya perawat mau ajukan SIP", "email");
      await loket.say(said);
      expect(askingField(loket), said).toBe("alamat");
      const app = await submitForm(loket);
      expect(app.fields.email).toBe("siti.aminah@gmail.com");
    }
  });

  it("'sudah' / 'udah semua' at the summary ('Bila sudah benar, ketik ya') is not taken as a yes: 'Mohon ketik ya', the summary again", async () => {
    for (const said of ["sudah", "udah semua kak", "sdh"]) {
      const loket = await until("saya perawat mau ajukan SIP", "nama");
      for (let i = 0; i < 40 && askingField(loket) !== "confirm"; i++) {
        await answerValidly(loket);
      }
      expect(askingField(loket)).toBe("confirm");
      expect(textOf(await loket.say(said)), said).toMatch(/RBG-\d{4}-\d{6}/);
    }
  });
  it("several labelled answers in one message ('nama saya Siti Aminah, NIK 3317…, hp 0812…') were refused as a name with digits three times, then a person offered (without a language model)", async () => {
    const loket = await until("saya perawat mau ajukan SIP", "nama");
    const reply = textOf(await loket.say("nama saya Siti Aminah, NIK 3317 0145 0790 0001, hp 0812-3456-7890"));
    expect(reply).toContain("sudah kami catat");
    expect(askingField(loket)).toBe("email");
    await loket.say("siti@gmail.com");
    expect(askingField(loket)).toBe("alamat");
    const app = await submitForm(loket);
    expect(app.fields).toMatchObject({ nama: "Siti Aminah", nik: "3317014507900001", hp: "+6281234567890", email: "siti@gmail.com" });
  });

  it("a name answered with an unlabelled head and labelled rest ('H. Ahmad S.Pd., nik 3317…, wa +62 812…, alamat Jl. Pemuda 12 RT 03/RW 05, Sumber') fills each field", async () => {
    const loket = await until("saya perawat mau ajukan SIP", "nama");
    await loket.say("H. Ahmad S.Pd., nik 3317011203800002, wa +62 812 3456 7890, alamat Jl. Pemuda 12 RT 03/RW 05, Sumber");
    expect(askingField(loket)).toBe("email");
    await loket.say("lewati");
    expect(askingField(loket)).toBe("nomor_str");
    const app = await submitForm(loket);
    expect(app.fields).toMatchObject({ nama: "H. Ahmad S.Pd.", nik: "3317011203800002", hp: "+6281234567890", alamat: "Jl. Pemuda 12 RT 03/RW 05, Sumber" });
  });

  it("one answer that mentions a label word stays one answer ('Jl. Pemuda 12, dekat rumah pak RT, hp tetangga 0812…' at the address)", async () => {
    const loket = await until("saya perawat mau ajukan SIP", "alamat");
    await loket.say("Jl. Pemuda 12, dekat rumah pak RT, hp tetangga 081234567890");
    expect(askingField(loket)).toBe("nomor_str");
  });
  it("a period typed at the start date ('1 Desember 2027 s/d 28 Februari 2028', '1-12-2027 sampai 28-2-2028') got 'Format tanggal belum dikenali' three times, then a person offered", async () => {
    for (const said of ["1 Desember 2027 s/d 28 Februari 2028", "1-12-2027 sampai 28-2-2028", "1/12/2027 - 28/2/2028"]) {
      const loket = await until("saya mau mengajukan izin penelitian", "tanggal_mulai");
      expect(textOf(await loket.say(said)), said).not.toContain("belum dikenali");
      expect(askingField(loket), said).toBe("lama_penelitian");
      await loket.say("90");
      const app = await submitForm(loket);
      expect(app.fields.tanggal_mulai, said).toBe("2027-12-01");
    }
  });
});
