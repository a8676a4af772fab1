import { describe, expect, it } from "vitest";
import { fixtures } from "../support/fixtures.js";
import { slots, withChat, toQuestion } from "./citizen-chat.js";

/**
 * Held-out cases (fresh41, 2026-12-03), written before any change: a WhatsApp citizen who sends a
 * voice note in the middle of the form, whose first message is a photo of a KTP, and who applies for
 * a mother and says "Nama ibu saya …" at the name question.
 */
describe("fresh41 WhatsApp citizens (held-out, 2026-12-03)", () => {
  it("a voice note at the NIK question: said politely (type it), the NIK question again, then the NIK typed is taken", () =>
    withChat(async (s) => {
      await toQuestion(s, "saya mau mengajukan izin reklame", /NIK \(16/);
      s.send("", { type: "ptt", hasMedia: true });
      const said = await s.said();
      expect(said).toMatch(/pesan suara belum bisa kami proses/);
      expect(said).toMatch(/NIK \(16 angka di KTP\)/);
      s.send("3317014508900002");
      expect(await s.said()).toMatch(/Nomor HP/);
      expect((await slots(s)).nik).toBe("3317014508900002");
    }));

  it("a photo of a KTP as the first message: not kept, said so, and what can be done offered", () =>
    withChat(async (s) => {
      s.send("", { type: "image", media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: "ktp.jpg" } });
      const said = await s.said();
      expect(said).toMatch(/belum kami simpan/);
      expect(await s.t.loket.store.list("applications")).toEqual([]);
    }));

  it('"Nama ibu saya Sri Wahyuni" at the name question, applying for a mother: the name alone', () =>
    withChat(async (s) => {
      await toQuestion(s, "mau urus izin reklame untuk ibu saya", /Nama lengkap/);
      s.send("Nama ibu saya Sri Wahyuni");
      expect(await s.said()).toMatch(/NIK/);
      expect((await slots(s)).nama).toBe("Sri Wahyuni");
    }));
});
