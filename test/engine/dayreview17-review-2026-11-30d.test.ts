// Where two of 2026-11-30's changes meet (day review, round d).
import { afterEach, describe, expect, it } from "vitest";
import { answerValidly, askingField, openFormUntil, submitForm } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

const open: TestLoket[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
const loket = async (opts: Parameters<typeof createTestLoket>[0] = {}) => {
  const t = await createTestLoket({ now: () => new Date("2026-12-01T03:00:00Z"), ...opts });
  open.push(t);
  return t;
};

describe("day review 2026-11-30d: where the day's changes meet", () => {
  it("an option's other words (also) win over the label's words read loosely: 'pegawai negeri sipil' at a SIP's 'Status kepegawaian' is ASN, not 'Pegawai tetap non-ASN'", async () => {
    for (const said of ["pegawai negeri sipil", "saya pegawai negeri"]) {
      const t = await loket();
      await openFormUntil(t, "saya mau ajukan sip bidan", "status_kepegawaian");
      await t.say(said);
      expect(askingField(t), said).not.toBe("status_kepegawaian");
      for (let i = 0; i < 40 && askingField(t) !== "confirm"; i++) await answerValidly(t);
      expect((await submitForm(t)).fields.status_kepegawaian, said).toBe("asn");
    }
  });
});

describe("day review 2026-11-30d: the consent text's 'ketik *data pribadi*'", () => {
  it("'data pribadi' / 'privacy' typed alone at the name question (the first question after consent, which says to type it) answers about personal data and is not stored as the applicant's name", async () => {
    for (const [opening, agree, said, heading, done] of [["saya mau ajukan izin reklame", "setuju", "data pribadi", "Data pribadi Bapak/Ibu", "Sudah cukup"], ["I want to apply for a billboard permit", "I agree", "privacy", "Your personal data", "That's all"]] as const) {
      const t = await loket();
      if (said === "privacy") await t.say("english");
      await t.say(opening);
      await t.say(agree);
      expect(askingField(t)).toBe("nama");
      expect(textOf(await t.say(said)), said).toContain(heading);
      await t.say(done);
      expect(askingField(t), said).toBe("nama");
    }
  });
  it("a research or business name holding the words is still an answer ('Perlindungan Data Pribadi Konsumen' is not one phrase alone)", async () => {
    const t = await loket();
    await openFormUntil(t, "saya mau ajukan izin reklame", "alamat");
    await t.say("Jl. Data Pribadi 5, Rembang");
    expect(askingField(t)).not.toBe("alamat");
  });
});

describe("day review 2026-11-30d: a WhatsApp reaction when nothing is asked", () => {
  it("a 👍 on the receipt or a 🙏 on 'sama-sama' gets no apology nor the menu; a reaction while a question waits still gets the question again", async () => {
    const t = await loket({ channel: "whatsapp" });
    await openFormUntil(t, "saya mau ajukan izin reklame", "nama");
    for (let i = 0; i < 40 && askingField(t) !== "summary" && askingField(t) !== "confirm"; i++) await answerValidly(t);
    const atSummary = textOf(await t.send({ unsupported: "reaction" }));
    expect(atSummary).toContain("reaksi emoji");
    expect(askingField(t)).toBe("confirm");
    await t.say("ya");
    expect(textOf(t.last)).toContain("Nomor registrasi");
    expect(await t.send({ unsupported: "reaction" })).toEqual([]);
    await t.say("makasih");
    expect(await t.send({ unsupported: "reaction" })).toEqual([]);
    expect(textOf(await t.say("syarat reklame apa"))).toMatch(/reklame/i);
  });
});

describe("day review 2026-11-30d: a question announced at a question that is no free text", () => {
  it("'mau tanya dulu kak' at the NIK (or a choice) invites the question, as at the name, instead of 'Halo … Kita lanjutkan isian'", async () => {
    for (const said of ["mau tanya dulu kak", "maaf mau tanya", "boleh nanya dulu?"]) {
      const t = await loket();
      await openFormUntil(t, "saya mau ajukan sip bidan", "nik");
      const reply = textOf(await t.say(said));
      expect(reply, said).toContain("Silakan");
      expect(reply, said).not.toContain("Halo");
      await t.say("3317014508900002");
      expect(askingField(t), said).toBe("hp");
    }
  });
});

describe("day review 2026-11-30d: a file's label typed on its own", () => {
  it("'ini ktp saya' typed at the name question (the photo sent apart) is not stored as the applicant's name; a name or a shop's name holding a file word still is", async () => {
    const t = await loket();
    await openFormUntil(t, "saya mau ajukan sip bidan", "nama");
    for (const said of ["ini ktp saya", "berikut scan KTP"]) {
      expect(textOf(await t.say(said)), said).toContain("Nama lengkap pemohon");
      expect(askingField(t), said).toBe("nama");
    }
    await t.say("Sim Lie Hwa");
    expect(askingField(t)).toBe("nik");
    const app = await submitForm(t);
    expect(JSON.stringify(app.fields)).toContain("Sim Lie Hwa");
  });
});

describe("day review 2026-11-30d: personal data given, not asked about", () => {
  it("'data diri saya: Siti Aminah, NIK …, HP …' pasted at the name question fills the form (the privacy notice took it and dropped the answers); the words announcing the data are not the name", async () => {
    const t = await loket();
    await openFormUntil(t, "saya mau ajukan izin reklame", "nama");
    const reply = textOf(await t.say("data diri saya: Siti Aminah, NIK 3317014508900002, HP 081234567890"));
    expect(reply).not.toContain("Data pribadi Bapak/Ibu");
    expect(askingField(t)).toBe("email");
    const app = await submitForm(t);
    expect(app.fields.nama).toBe("Siti Aminah");
    expect(app.fields.nik).toBe("3317014508900002");
  });
  it("a question about one's data at the name question is still answered ('data saya dipakai untuk apa?')", async () => {
    const t = await loket();
    await openFormUntil(t, "saya mau ajukan izin reklame", "nama");
    expect(textOf(await t.say("data saya dipakai untuk apa?"))).toContain("Data pribadi Bapak/Ibu");
  });
});
