import { afterEach, describe, expect, it } from "vitest";
import type { DocumentRef } from "../../src/domain/message.js";
import { fixtures, ownFile } from "../support/fixtures.js";
import { plain, telegramWorld } from "./world.js";

/**
 * A Telegram photo (sent compressed, as `photo` sizes, not as a file) at a document question,
 * through the Bot API emulator: the largest size is fetched and judged by its bytes. Where the
 * permit takes JPG it is the document asked; where it takes PDF only the citizen is told, by the
 * document's name, that a photo will not do and how to make a PDF, and the question stays.
 */
describe("Telegram: a compressed photo at a document question", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  const docsOf = async (chat: number) => ((await w!.t.loket.store.peekState(`telegram:${chat}`))!.engine.stack.at(-1)!.slots.docs ?? {}) as Record<string, DocumentRef>;
  /** Everything sent to the chat since the first `from` messages, once more than `from` were sent. */
  const saidAfter = async (chat: number, from: number) => (await w!.emu.waitForSent(chat, from + 1)).slice(from).map(plain).join("\n");

  it("is taken as the KTP of a billboard application (PDF/JPG/PNG), and the next document is asked", async () => {
    w = await telegramWorld();
    const chat = 4711;
    await w.toFirstDocument(chat);
    w.photoWith(chat, fixtures.jpg);
    const said = await saidAfter(chat, 0);
    expect(said).toContain("KTP pemohon diterima");
    expect(said).toMatch(/Dokumen 2 dari \d+/);
    expect((await docsOf(chat)).ktp!.mime).toBe("image/jpeg");
  });

  it("is refused by name for the research proposal (PDF only), with how to make a PDF; the proposal stays asked and a PDF file then goes on", async () => {
    w = await telegramWorld();
    const chat = 4712;
    // The form answered through the runtime as this chat (the channel's part is the photo).
    w.t.conversationId = `telegram:${chat}`;
    await w.t.send({ text: "saya mau mengajukan izin penelitian", address: String(chat) });
    await w.t.tap("apply.consent:agree");
    for (const text of ["Ahmad Fauzi", "3317011708990003", "+62 857 1234 5678", "lewati", "Desa Sumberjo RT 02 RW 03, Rembang", "Pengaruh Pariwisata Pantai terhadap UMKM", "Universitas Diponegoro", "Kecamatan Lasem", "4 Januari 2034"]) await w.t.say(text);
    expect((await w.t.say("90")).at(-1)?.expects?.field).toBe("surat_pengantar");
    w.documentWith(chat, fixtures.pdf, "pengantar.pdf", "application/pdf");
    expect(await saidAfter(chat, 0)).toMatch(/Dokumen 2 dari 7: Proposal penelitian/);
    const before = w.emu.sentTo(chat).length;
    w.photoWith(chat, fixtures.jpg);
    const said = await saidAfter(chat, before);
    expect(said).toContain("Proposal penelitian berbahasa Indonesia");
    expect(said).toMatch(/hanya bisa kami terima sebagai PDF, bukan foto/);
    expect(said).toMatch(/pindai \(scan\)/);
    expect(said).toMatch(/Dokumen 2 dari 7/);
    expect(said).not.toMatch(/Dokumen 3 dari 7/);
    expect((await docsOf(chat)).proposal).toBeUndefined();
    const again = w.emu.sentTo(chat).length;
    w.documentWith(chat, ownFile("pdf", "proposal"), "proposal.pdf", "application/pdf");
    expect(await saidAfter(chat, again)).toMatch(/Dokumen 3 dari 7/);
    expect((await docsOf(chat)).proposal!.mime).toBe("application/pdf");
  });
});
