import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramWorld } from "./world.js";

/**
 * Held-out cases (fresh41, 2026-12-03), written before any change: a Telegram citizen who sends a
 * voice note mid-form, who applies for a father and says "nama bapak saya …", and who lost the
 * registration number in a chat that filed nothing (no one's number shown; what to bring said).
 */
describe("fresh41 Telegram citizens (held-out, 2026-12-03)", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>>;
  beforeAll(async () => {
    w = await telegramWorld({});
  });
  afterAll(async () => w?.close());

  const slotsOf = (chat: number) => w.slotsOf(chat);
  const said = (chat: number, n: number) => w.saidFrom(chat, n);

  it("a voice note at the phone question: said politely, the phone question again, nothing stored", async () => {
    const chat = 41101;
    await w.toQuestion(chat, "saya mau mengajukan izin reklame", "hp");
    w.emu.other(chat, "voice");
    const text = await said(chat, 1);
    expect(text).toMatch(/pesan suara/);
    expect(text).toMatch(/Nomor HP/);
    expect((await slotsOf(chat)).hp).toBeUndefined();
  });

  it('"nama bapak saya Sutrisno" at the name question: the name is Sutrisno', async () => {
    const chat = 41102;
    await w.toQuestion(chat, "saya mau daftar izin reklame untuk bapak saya", "nama");
    w.message(chat, { text: "nama bapak saya Sutrisno" });
    expect(await said(chat, 1)).toMatch(/NIK/);
    expect((await slotsOf(chat)).nama).toBe("Sutrisno");
  });

  it('"nomor pendaftaran saya hilang" in a chat that filed nothing: no number shown, the KTP to bring said', async () => {
    const chat = 41103;
    w.message(chat, { text: "nomor pendaftaran saya hilang, gimana ya" });
    const text = await said(chat, 1);
    expect(text).toMatch(/KTP/);
    expect(text).not.toMatch(/RBG-\d{4}-0000\d\d/);
  });
});
