import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";
import { answerValidly, askingField, openFormUntil, submitForm } from "../support/forms.js";

/** Where 2026-11-30's changes meet (day review, third round). */
describe("day review 2026-11-30c: engine", () => {
  const open: TestLoket[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  const loket = async () => {
    const t = await createTestLoket({ now: () => new Date("2026-12-01T03:00:00Z") });
    open.push(t);
    return t;
  };

  it("'SIP ke berapa' answered as the question asks it, an ordinal ('pertama', 'kedua', 'SIP ke-2', 'ketiga'), is taken as its number", async () => {
    for (const [said, n] of [["pertama", "1"], ["SIP pertama", "1"], ["kedua", "2"], ["ke-2", "2"], ["SIP ke 2", "2"], ["yang ketiga", "3"], ["second", "2"]] as const) {
      const t = await loket();
      await openFormUntil(t, "saya mau ajukan sip bidan", "urutan_sip");
      await t.say(said);
      expect(askingField(t), said).toBe("status_kepegawaian");
      expect((await submitForm(t)).fields.urutan_sip, said).toBe(n);
    }
  });

  it("at the summary, 'SIP ke berapa salah, yang benar 1' (the item named as the summary shows it) changes it: the 'berapa' of today's new label no longer makes the message a question left unread", async () => {
    const t = await loket();
    await openFormUntil(t, "saya mau ajukan sip bidan", "urutan_sip");
    await t.say("2");
    for (let i = 0; i < 40 && askingField(t) !== "confirm"; i++) await answerValidly(t);
    await t.say("SIP ke berapa salah, yang benar 1");
    expect(askingField(t)).toBe("confirm");
    const summary = textOf(t.last);
    expect(summary).toMatch(/SIP ke berapa \(1, 2, atau 3\): 1\n/);
    // The earlier SIP is no longer asked for a first SIP.
    expect(summary).not.toContain("SIP pertama/kedua");
  });

  it("an English first message that only announces a question ('can I ask something?', 'I have a question', 'excuse me') is greeted with the hint to type english, as 'maaf mau tanya' now is, not told 'belum memahami' in Indonesian", async () => {
    for (const said of ["can I ask something?", "I have a question", "may I ask?", "excuse me"]) {
      const t = await loket();
      const reply = textOf(await t.say(said));
      expect(reply, said).not.toContain("belum memahami");
      expect(reply, said).toContain("*english*");
    }
  });
  it("an English message of more than a few words that asks nothing here is still not a greeting", async () => {
    const t = await loket();
    expect(textOf(await t.say("can I ask you about the football match tonight"))).toContain("did not understand");
  });

  it("a research start date written in a way not recognised: the error's example is a date the question takes (as today's question example is), not 17-08-2026, refused as past since August", async () => {
    const t = await createTestLoket({ now: () => new Date("2026-11-30T03:00:00Z") });
    open.push(t);
    await openFormUntil(t, "saya mau ajukan izin penelitian", "tanggal_mulai");
    const error = textOf(await t.say("minggu depan")).split("\n")[0]!;
    expect(error).toContain("Contoh: 17-12-2026 atau 17 Desember 2026");
    // The example, typed as it is shown, is taken.
    await t.say("17-12-2026");
    expect(askingField(t)).not.toBe("tanggal_mulai");
  });
  it("the same in English", async () => {
    const t = await createTestLoket({ now: () => new Date("2026-11-30T03:00:00Z") });
    open.push(t);
    await t.say("english");
    await openFormUntil(t, "I want to apply for a research permit", "tanggal_mulai");
    expect(textOf(await t.say("next week")).split("\n")[0]).toContain("Example: 17-12-2026 or 17 December 2026");
  });

  it("on WhatsApp, 'bukan nomor ini', 'jangan pakai nomor ini', 'nomor ini sudah tidak aktif' at the phone question are no yes to the WhatsApp number: it is not taken, the number is asked for", async () => {
    for (const said of ["bukan nomor ini", "jangan pakai nomor ini, nanti saya kirim nomor lain", "no wa ini beda dengan no hp saya", "nomor ini sudah tidak aktif", "not this number"]) {
      const t = await createTestLoket({ channel: "whatsapp" });
      open.push(t);
      t.conversationId = "whatsapp:6281234567890@c.us";
      await openFormUntil(t, "mau daftar izin reklame", "hp");
      const reply = textOf(await t.say(said));
      expect(reply, said).not.toContain("kami pakai nomor WhatsApp ini");
      expect(askingField(t), said).toBe("hp");
    }
    // Said plainly, it still is.
    const t = await createTestLoket({ channel: "whatsapp" });
    open.push(t);
    t.conversationId = "whatsapp:6281234567890@c.us";
    await openFormUntil(t, "mau daftar izin reklame", "hp");
    expect(textOf(await t.say("pakai nomor ini aja"))).toContain("kami pakai nomor WhatsApp ini: +6281234567890");
  });

  it("a registration number dictated by voice typing, its prefix as its letters' names ('er be ge 2026 000001', 'cek status er be ge 2026 1'), is the office's number, not 'GE-2026-000001' found nowhere", async () => {
    const t = await loket();
    await openFormUntil(t, "saya mau ajukan izin reklame", "nama");
    await submitForm(t);
    // Asked from another chat: the applicant's own is answered without the phone's digits.
    const other = (text: string) => t.send({ conversationId: "web:another-chat", text });
    await other("cek status");
    expect(textOf(await other("er be ge 2026 000001"))).toContain("4 angka terakhir");
    expect(textOf(await other("7890"))).toContain("📄 Permohonan *RBG-2026-000001*");
    await other("makasih");
    await other("cek status er be ge 2026 1");
    expect(textOf(await other("7890"))).toContain("📄 Permohonan *RBG-2026-000001*");
    await other("cek status");
    await other("er be ge 2026 1");
    expect(textOf(await other("7890"))).toContain("📄 Permohonan *RBG-2026-000001*");
  });

  it("PBG 'Pemilik tanah' answered 'tanah orang tua' or 'milik orang tua' (family land, the case the question was added for) is land of someone else, and the land-use agreement is asked", async () => {
    for (const said of ["tanah orang tua", "milik orang tua"]) {
      const t = await loket();
      await openFormUntil(t, "saya mau ajukan pbg", "status_tanah");
      await t.say(said);
      expect(askingField(t), said).toBe("ktp");
      expect((await submitForm(t)).fields.status_tanah, said).toBe("milik_pihak_lain");
    }
  });

  it("a health worker answering today's 'Status kepegawaian' with their profession ('dokter PNS di puskesmas', 'bidan desa') is not given the overview of the permit they are applying for: asked to choose", async () => {
    for (const [permit, said] of [["sip dokter", "dokter di puskesmas"], ["sip bidan", "bidan desa"]] as const) {
      const t = await loket();
      await openFormUntil(t, `saya mau ajukan ${permit}`, "status_kepegawaian");
      const reply = textOf(await t.say(said));
      expect(reply, said).not.toContain("Masa berlaku");
      expect(reply, said).toContain("Mohon pilih salah satu pilihan");
      expect(askingField(t), said).toBe("status_kepegawaian");
    }
    // With the status in it, the status is taken ("PNS" is in the ASN option; "puskesmas" in none).
    const pns = await loket();
    await openFormUntil(pns, "saya mau ajukan sip dokter", "status_kepegawaian");
    await pns.say("dokter PNS di puskesmas");
    expect(askingField(pns)).not.toBe("status_kepegawaian");
    // A question about it still is answered, and the form goes on.
    const t = await loket();
    await openFormUntil(t, "saya mau ajukan sip dokter", "status_kepegawaian");
    expect(textOf(await t.say("syarat sip dokter apa saja?"))).toContain("Kita lanjutkan");
  });
});
