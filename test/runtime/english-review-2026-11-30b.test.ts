import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { askingField, openFormUntil, submitForm } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * English review of 30 November 2026 (b): a citizen who writes in English, end to end, through
 * the whole runtime. One test per defect found.
 */
describe("english review 2026-11-30b", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  // Monday 30 November 2026, 21:00 WIB: the office is closed.
  const evening = () => new Date("2026-11-30T14:00:00Z");

  it("asking for a person after hours in English names the next opening in English, not 'Selasa, 1 Desember pukul 08.00 WIB'", async () => {
    t = await createTestLoket({ now: evening });
    const queued = textOf(await t.say("Hello, I want to talk to a person please"));
    expect(queued).toContain("closed");
    expect(queued).toContain("Tuesday");
    expect(queued).not.toMatch(/Selasa|Desember|pukul/);
    const again = textOf(await t.say("hello? is anyone there?"));
    expect(again).not.toMatch(/Selasa|Desember|pukul/);
  });

  it("asking whether the office is open now, in English after hours, names the next opening in English", async () => {
    t = await createTestLoket({ now: evening });
    const text = textOf(await t.say("Is the office open now?"));
    expect(text).not.toMatch(/Selasa|Desember|pukul/);
  });

  it("at the optional e-mail question, 'none' or 'I don't have one' in English was refused as an invalid e-mail address", async () => {
    for (const said of ["none", "I don't have one", "I don't have an email", "n/a"]) {
      t = await createTestLoket();
      await openFormUntil(t, "I want to apply for a research permit", "email");
      const reply = textOf(await t.say(said));
      expect(reply, said).not.toContain("not valid");
      expect(askingField(t), said).toBe("alamat");
      await t.close();
      t = undefined;
    }
  });

  it("mid-form, 'staff' or 'human' typed in English was taken as the e-mail address, not a request for a person", async () => {
    for (const said of ["staff", "human", "a real person", "talk to staff"]) {
      t = await createTestLoket();
      await openFormUntil(t, "I want to apply for a research permit", "email");
      const reply = textOf(await t.say(said));
      expect(reply, said).not.toContain("not valid");
      expect(reply, said).toContain("staff");
      expect(askingField(t), said).not.toBe("email");
      await t.close();
      t = undefined;
    }
  });

  it("at the consent question, 'yes please', 'sure', 'no thanks' or \"I don't agree\" were refused and the citizen told to type 'setuju'", async () => {
    for (const [said, next] of [["yes please", "nama"], ["sure", "nama"], ["no thanks", undefined], ["I don't agree", undefined], ["disagree", undefined]] as const) {
      t = await createTestLoket();
      await t.say("I want to apply for a research permit");
      const reply = textOf(await t.say(said));
      expect(reply, said).not.toMatch(/Please answer|Please pick/);
      if (next) expect(askingField(t), said).toBe(next);
      else expect(reply, said).toContain("no application details were recorded");
      await t.close();
      t = undefined;
    }
  });

  it("English replies told the citizen to type Indonesian words (*petugas*, *lewati*, *batal*, *kembali*, *ya*, *setuju*, *hapus data saya*, *salah kirim*, *cek status*) although the English ones work", async () => {
    const indonesian = /\*(petugas|lewati|batal|kembali|ulang|bantuan|ya|setuju|tidak setuju|hapus data saya|salah kirim|cek status)\*/;
    for (const f of readdirSync("messages/en")) {
      readFileSync(`messages/en/${f}`, "utf8").split("\n").forEach((line, i) => {
        if (!line.trimStart().startsWith("#")) expect(line, `messages/en/${f}:${i + 1}`).not.toMatch(indonesian);
      });
    }
    t = await createTestLoket();
    await openFormUntil(t, "I want to apply for a research permit", "email");
    for (const said of ["skip", "back", "staff"]) expect(textOf(await t.say(said)), said).not.toContain("not valid");
    expect(textOf(await t.say("delete my data"))).toContain("delete");
  });

  it("a start date written the English way ('August 17, 2027', '17th August 2027', 'Tuesday, 17 August 2027') was refused as unrecognised", async () => {
    for (const said of ["August 17, 2027", "17th August 2027", "Tuesday, 17 August 2027", "Aug 17 2027", "the 17th of August 2027"]) {
      t = await createTestLoket();
      await openFormUntil(t, "I want to apply for a research permit", "tanggal_mulai");
      const reply = textOf(await t.say(said));
      expect(reply, said).not.toContain("do not recognise");
      expect(askingField(t), said).toBe("lama_penelitian");
      await t.close();
      t = undefined;
    }
  });

  it("'3 months' answered to 'Lama penelitian (hari)' was stored as 3 days; '90 days' is 90", async () => {
    t = await createTestLoket();
    await openFormUntil(t, "I want to apply for a research permit", "lama_penelitian", { date: "17-08-2027" });
    const reply = textOf(await t.say("3 months"));
    expect(reply).toContain("unit");
    expect(askingField(t)).toBe("lama_penelitian");
    await t.say("90 days");
    expect(askingField(t)).not.toBe("lama_penelitian");
    const app = await submitForm(t, { date: "17-08-2027" });
    expect(app.fields.lama_penelitian).toBe("90");
  });

  it("mid-form (begun in Indonesian), 'Can you please speak English?' or \"Sorry, I don't speak Indonesian\" was refused as a phone number, in Indonesian", async () => {
    for (const said of ["Can you please speak English?", "Sorry, I don't speak Indonesian", "I do not understand Indonesian", "please reply in English"]) {
      t = await createTestLoket();
      await openFormUntil(t, "saya mau ajukan izin penelitian", "hp");
      const reply = textOf(await t.say(said));
      expect(reply, said).toContain("reply in English");
      expect(reply, said).toContain("Step 3 of 10");
      expect(askingField(t), said).toBe("hp");
      await t.close();
      t = undefined;
    }
  });

  it("at the summary, a correction written in English ('the phone number is wrong, it should be 0813 1111 2222') was refused with 'Please type yes'", async () => {
    t = await createTestLoket();
    await openFormUntil(t, "I want to apply for a research permit", "confirm", { date: "17-08-2027" });
    const reply = textOf(await t.say("the phone number is wrong, it should be 0813 1111 2222"));
    expect(reply).not.toContain("Please type *yes*");
    expect(reply).toContain("+6281311112222");
    expect(askingField(t)).toBe("confirm");
    await t.say("my name is wrong");
    expect(askingField(t)).toBe("nama");
  });

  it("an English answer about a permit ended with Indonesian '(akan dikonfirmasi oleh petugas)' after the English note", async () => {
    t = await createTestLoket();
    const reply = textOf(await t.say("What are the requirements for a research permit?"));
    expect(reply).toContain("will be confirmed by our staff");
    expect(reply).not.toContain("dikonfirmasi");
  });
});
