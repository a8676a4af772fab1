// A question announced in the middle of a form ("mau tanya dong" was stored as the applicant's name at dee554e).
import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("a question announced at a form's question", () => {
  it.each(["mau tanya dong", "maaf kak, boleh nanya dulu?", "izin bertanya"])("%s: invited, and the form waits at the same question", async (msg) => {
    t = await createTestLoket();
    await t.say("mau daftar izin reklame");
    expect(textOf(await t.say("setuju"))).toContain("Nama lengkap");
    const r = textOf(await t.say(msg));
    expect(r).toContain("Tulis saja pertanyaannya");
    expect(r).not.toContain("NIK");
    expect(textOf(await t.say("syaratnya apa aja?"))).toContain("Persyaratan");
    expect(textOf(await t.say("Siti Aminah"))).toContain("NIK");
  });
});

describe("a greeting at a form's question (a citizen back after a while)", () => {
  it("'halo min' at the name question is greeted, not stored as the name; a name or a shop's name stays an answer", async () => {
    t = await createTestLoket();
    await t.say("mau daftar izin reklame");
    await t.say("setuju");
    const r = textOf(await t.say("halo min"));
    expect(r).toContain("Kita lanjutkan");
    expect(r).toContain("Nama lengkap");
    expect(textOf(await t.say("Selamat Riyadi"))).toContain("NIK");
    expect(textOf(await t.say("selamat pagi"))).toContain("Kita lanjutkan");
    expect(textOf(await t.say("3317014506900002"))).toContain("Nomor HP");
  });
});

describe("a yes at the summary with 'ini' in it", () => {
  it("'sudah benar ini min 🙏' sends the application (refused before: 'ini' was not a word that may stand beside a yes)", async () => {
    const { openFormUntil, answerValidly, askingField } = await import("../support/forms.js");
    t = await createTestLoket();
    await openFormUntil(t, "mau daftar izin reklame", "nama");
    for (let i = 0; i < 40 && askingField(t) !== "confirm"; i++) await answerValidly(t);
    expect(askingField(t)).toBe("confirm");
    const r = textOf(await t.say("sudah benar ini min 🙏"));
    expect(r).toMatch(/RBG-\d{4}-\d{6}/);
  });
});
