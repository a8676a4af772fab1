import { describe, expect, it } from "vitest";
import { fixtures } from "../support/fixtures.js";
import { answerUntil, citizenChat, type CitizenChat } from "./citizen-chat.js";

/**
 * Held-out cases (fresh40, 2026-12-03), written before any change: a WhatsApp citizen who pastes a
 * very long text mid-form, who changes a field at the summary in words after picking a number, who
 * asks whose NIK to give when applying for a parent, and who answers in English halfway through.
 */

const pdf = (n: number) => ({ type: "document", media: { mimetype: "application/pdf", data: Buffer.concat([fixtures.pdf, Buffer.from(`\n%${n}`)]).toString("base64"), filename: `dok-${n}.pdf` } });

async function slots(s: CitizenChat): Promise<Record<string, unknown>> {
  const state = await s.t.loket.store.peekState(`whatsapp:${s.chat}`);
  return (state!.engine.stack.find((f) => f.flow === "apply")?.slots ?? {}) as Record<string, unknown>;
}

async function withChat(body: (s: CitizenChat) => Promise<void>): Promise<void> {
  const s = await citizenChat({}, { stored: true });
  try {
    await body(s);
  } finally {
    await s.wa.stop();
    await s.t.close();
  }
}

async function toQuestion(s: CitizenChat, opening: string, q: RegExp): Promise<void> {
  s.send(opening);
  await answerUntil(s, q);
  await s.said();
}

async function toSummary(s: CitizenChat): Promise<void> {
  s.send("saya mau mengajukan izin reklame");
  for (let i = 0; i < 60; i++) {
    const last = s.client.textsTo(s.chat).at(-1) ?? "";
    if (/Mohon periksa kembali/.test(last)) break;
    if (/Dokumen \d+ dari/.test(last)) s.send("", pdf(i));
    else await answerUntil(s, /Dokumen \d+ dari|Mohon periksa kembali/);
    await s.wa.idle();
  }
  expect(s.client.textsTo(s.chat).at(-1)).toMatch(/Mohon periksa kembali/);
  await s.said();
}

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
