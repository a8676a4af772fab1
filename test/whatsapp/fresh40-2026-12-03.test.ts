import { describe, expect, it } from "vitest";
import { slots, withChat, toQuestion, toSummary } from "./citizen-chat.js";

/**
 * Held-out cases (fresh40, 2026-12-03), written before any change: a WhatsApp citizen who pastes a
 * very long text mid-form, who changes a field at the summary in words after picking a number, who
 * asks whose NIK to give when applying for a parent, and who answers in English halfway through.
 */

describe("fresh40 WhatsApp citizens (held-out, 2026-12-03)", () => {
  it("a pasted text of 5,000 characters at the NIK question: refused politely and the NIK question asked again", () =>
    withChat(async (s) => {
      await toQuestion(s, "saya mau mengajukan izin reklame", /NIK/);
      s.send("Selamat siang, saya mau menjelaskan keadaan usaha saya. ".repeat(90));
      const said = await s.said();
      expect(said).toMatch(/terlalu panjang/);
      expect(said).toMatch(/NIK \(16 angka di KTP\)/);
      s.send("3317014508900002");
      expect(await s.said()).toMatch(/Nomor HP/);
    }));

  it('at the summary "1" then "ganti alamatnya": the address question; the name stays', () =>
    withChat(async (s) => {
      await toSummary(s);
      const name = (await slots(s)).nama;
      s.send("1");
      expect(await s.said()).toMatch(/Nama lengkap/);
      s.send("ganti alamatnya");
      expect(await s.said()).toMatch(/Alamat lengkap sesuai KTP/);
      expect((await slots(s)).nama).toBe(name);
    }));

  it('"ini pakai NIK saya atau NIK bapak saya?" at the NIK question: answered (the applicant\'s data), the NIK asked again', () =>
    withChat(async (s) => {
      await toQuestion(s, "mau urus izin reklame buat bapak saya", /NIK/);
      s.send("ini pakai NIK saya atau NIK bapak saya?");
      const said = await s.said();
      expect(said).toMatch(/data pemohon/);
      expect(said).toMatch(/NIK \(16 angka di KTP\)/);
      expect((await slots(s)).nik).toBeUndefined();
    }));

  it('"my address is Jl. Pemuda …" halfway through an Indonesian form: the address alone', () =>
    withChat(async (s) => {
      await toQuestion(s, "saya mau mengajukan izin reklame", /Alamat lengkap/);
      s.send("my address is Jl. Pemuda No. 10, Sumber, Rembang");
      await s.said();
      expect((await slots(s)).alamat).toBe("Jl. Pemuda No. 10, Sumber, Rembang");
    }));
});
