import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtures } from "../support/fixtures.js";
import { telegramWorld } from "./world.js";

/**
 * Held-out cases (fresh39, 2026-12-03), written before any change: a Telegram citizen sharing a
 * contact (Telegram's "share my phone number"), writing in Javanese, sending a PDF as a document
 * and a photo as a photo, editing an answer.
 */
describe("fresh39 Telegram citizens (held-out, 2026-12-03)", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>>;
  const logLines: string[] = [];
  beforeAll(async () => {
    w = await telegramWorld({ logLines });
  });
  afterAll(async () => w?.close());

  const slotsOf = (chat: number) => w.slotsOf(chat);
  const said = (chat: number, n: number) => w.saidFrom(chat, n);

  it("the citizen's own contact shared at the phone question: its number taken, the form goes on; the number not in the log", async () => {
    const chat = 39101;
    await w.toQuestion(chat, "saya mau mengajukan izin reklame", "hp");
    w.message(chat, { contact: { phone_number: "6281234567890", first_name: "Siti", user_id: chat } });
    const text = await said(chat, 1);
    expect(text).not.toMatch(/belum bisa kami proses/);
    expect(text).toMatch(/e-mail/);
    expect((await slotsOf(chat)).hp).toBe("+6281234567890");
    expect(logLines.join("\n")).not.toMatch(/81234567890/);
  });

  it("a contact with a '+' and spaces (someone else's card) at the phone question: taken too", async () => {
    const chat = 39102;
    await w.toQuestion(chat, "saya mau mengajukan izin reklame", "hp");
    w.message(chat, { contact: { phone_number: "+62 857-1234-5678", first_name: "Pak Budi" } });
    const text = await said(chat, 1);
    expect(text).toMatch(/e-mail/);
    expect((await slotsOf(chat)).hp).toBe("+6285712345678");
  });

  it("a contact at the NIK question is not an answer: said politely, the NIK asked again", async () => {
    const chat = 39103;
    await w.toQuestion(chat, "saya mau mengajukan izin reklame", "nik");
    w.message(chat, { contact: { phone_number: "6281234567890", first_name: "Siti", user_id: chat } });
    const text = await said(chat, 1);
    expect(text).toMatch(/kartu kontak belum bisa kami proses/);
    expect(text).toMatch(/NIK/);
    expect((await slotsOf(chat)).nik).toBeUndefined();
  });

  it('"Nami kula Siti Rahmawati" (Javanese krama) at the name question: the name alone', async () => {
    const chat = 39104;
    await w.toQuestion(chat, "kula badhe ngurus izin reklame", "nama");
    w.message(chat, { text: "Nami kula Siti Rahmawati" });
    expect(await said(chat, 1)).toMatch(/NIK/);
    expect((await slotsOf(chat)).nama).toBe("Siti Rahmawati");
  });

  it("a PDF sent as a document and a photo sent as a photo at two document questions: both filed", async () => {
    const chat = 39105;
    await w.toFirstDocument(chat);
    w.documentWith(chat, fixtures.pdf, "KTP.pdf", "application/pdf");
    expect(await said(chat, 1)).toMatch(/KTP pemohon diterima/);
    w.photoWith(chat, fixtures.jpg);
    expect(await said(chat, 2)).toMatch(/diterima/);
    expect(Object.keys((await slotsOf(chat)).docs as object)).toHaveLength(2);
  });
});
