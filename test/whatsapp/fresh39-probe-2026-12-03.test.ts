import { describe, expect, it } from "vitest";
import { answerUntil, citizenChat, type CitizenChat, slots } from "./citizen-chat.js";

/** Probe (fresh39, 2026-12-03), written after the fixes and not looked at before: its first score is reported as it came. */

const card = (tel: string) => {
  const v = `BEGIN:VCARD\nVERSION:3.0\nFN:Budi\n${tel}\nEND:VCARD`;
  return [v, { type: "vcard", hasMedia: false, vCards: [v] }] as [string, { type: string; hasMedia: boolean; vCards: string[] }];
};

async function at(q: RegExp, body: (s: CitizenChat) => Promise<void>): Promise<void> {
  const s = await citizenChat({}, { stored: true });
  try {
    s.send("saya mau mengajukan izin reklame");
    await answerUntil(s, q);
    await s.said();
    await body(s);
  } finally {
    await s.wa.stop();
    await s.t.close();
  }
}

describe("fresh39 probe (written after the fixes)", () => {
  it('"Jeneng kulo Budi Santoso" at the name question: "Budi Santoso"', () =>
    at(/Nama lengkap/, async (s) => {
      s.send("Jeneng kulo Budi Santoso");
      await s.said();
      expect((await slots(s)).nama).toBe("Budi Santoso");
    }));

  it('"Nami simkuring Asep Sunandar" (Sundanese) at the name question: "Asep Sunandar"', () =>
    at(/Nama lengkap/, async (s) => {
      s.send("Nami simkuring Asep Sunandar");
      await s.said();
      expect((await slots(s)).nama).toBe("Asep Sunandar");
    }));

  it("a contact card with one plain TEL (no WhatsApp id) at the phone question: taken", () =>
    at(/Nomor HP/, async (s) => {
      const [body, extra] = card("TEL;TYPE=CELL:0812-9876-5432");
      s.send(body, extra);
      expect(await s.said()).toMatch(/kartu kontak/);
      expect((await slots(s)).hp).toBe("+6281298765432");
    }));

  it("a contact card with a landline only at the phone question: not taken, the phone asked again", () =>
    at(/Nomor HP/, async (s) => {
      const [body, extra] = card("TEL;TYPE=WORK:(0295) 691234");
      s.send(body, extra);
      const said = await s.said();
      expect(said).toMatch(/Nomor HP/);
      expect((await slots(s)).hp).toBeUndefined();
    }));

  it('"mau ngurus PBG juga sekalian" at the address question: told both can be done, this one first', () =>
    at(/Alamat lengkap/, async (s) => {
      s.send("mau ngurus PBG juga sekalian");
      const said = await s.said();
      expect(said).toMatch(/satu per satu/);
      expect(said).toMatch(/Hapus isian/);
    }));
});
