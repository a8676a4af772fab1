import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramWorld } from "./world.js";

/**
 * Held-out cases (fresh40, 2026-12-03), written before any change: a Telegram citizen whose text is
 * longer than Loket takes (Telegram allows 4,096 characters), who asks whose data to give when
 * applying for a parent, and who says the NIK was mistyped one question later.
 */
describe("fresh40 Telegram citizens (held-out, 2026-12-03)", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>>;
  beforeAll(async () => {
    w = await telegramWorld({});
  });
  afterAll(async () => w?.close());

  const slotsOf = (chat: number) => w.slotsOf(chat);
  const said = (chat: number, n: number) => w.saidFrom(chat, n);

  it("a text of 4,090 characters at the name question: refused politely, the name question asked again, nothing stored", async () => {
    const chat = 40101;
    await w.toQuestion(chat, "saya mau mengajukan izin reklame", "nama");
    w.message(chat, { text: "a".repeat(4090) });
    const text = await said(chat, 1);
    expect(text).toMatch(/terlalu panjang/);
    expect(text).toMatch(/Nama lengkap/);
    expect((await slotsOf(chat)).nama).toBeUndefined();
  });

  it('"NIK siapa? saya atau ibu saya?" at the name question: not the name; answered, the name asked again', async () => {
    const chat = 40102;
    await w.toQuestion(chat, "saya mau daftar izin reklame untuk ibu saya", "nama");
    w.message(chat, { text: "NIK siapa? saya atau ibu saya?" });
    const text = await said(chat, 1);
    expect(text).toMatch(/data pemohon/);
    expect(text).toMatch(/Nama lengkap/);
    expect((await slotsOf(chat)).nama).toBeUndefined();
  });

  it('"nik saya tadi salah ketik" at the phone question: the NIK asked again, then the phone', async () => {
    const chat = 40103;
    await w.toQuestion(chat, "saya mau mengajukan izin reklame", "hp");
    w.message(chat, { text: "nik saya tadi salah ketik" });
    expect(await said(chat, 1)).toMatch(/NIK/);
    w.message(chat, { text: "3317014508900009" });
    const text = await said(chat, 2);
    expect(text).toMatch(/Nomor HP/);
    expect((await slotsOf(chat)).nik).toBe("3317014508900009");
  });
});
