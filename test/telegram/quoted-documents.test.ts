import { afterEach, describe, expect, it } from "vitest";
import type { DocumentRef } from "../../src/domain/message.js";
import type { SentMessage } from "../support/botapi-emulator.js";
import { fixtures } from "../support/fixtures.js";
import { sendVia, textOf } from "../support/loket.js";
import { plain, telegramWorld } from "./world.js";

/** Another photo than fixtures.jpg (other bytes, still a JPEG). */
const otherJpg = Buffer.concat([fixtures.jpg, Buffer.from([0])]);
const thirdJpg = Buffer.concat([fixtures.jpg, Buffer.from([1, 1])]);

describe("Telegram: a document sent as a reply to an earlier document question", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>> | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  /** The citizen's documents so far. */
  const docsOf = async (chat: number) => ((await w!.t.loket.store.peekState(`telegram:${chat}`))!.engine.stack.at(-1)!.slots.docs ?? {}) as Record<string, DocumentRef>;

  /**
   * Billboard application: the KTP sent (a PNG), so the NIB is asked (on Telegram); a JPEG sent
   * as the NIB, so the landowner's consent is asked. Returns the NIB question as sent.
   */
  async function toThirdDocument(chat: number): Promise<SentMessage> {
    await w!.toFirstDocument(chat);
    w!.photoWith(chat, fixtures.png);
    const [nibQuestion] = (await w!.emu.waitForSent(chat, 1)).slice(-1);
    expect(plain(nibQuestion)).toMatch(/Dokumen 2 dari \d+: NIB/);
    w!.photoWith(chat, fixtures.jpg);
    expect(plain((await w!.emu.waitForSent(chat, 2)).at(-1))).toMatch(/Dokumen 3 dari \d+: Persetujuan pemilik lahan/);
    return nibQuestion!;
  }

  for (const store of ["memory", "redis"] as const) {
    it(`a photo replying to the NIB question while the landowner's consent is asked replaces the NIB, says so, and asks for the consent again (${store} store)`, async () => {
      w = await telegramWorld({ store }, { stored: true });
      const chat = store === "redis" ? 4302 : 4301;
      const nibQuestion = await toThirdDocument(chat);
      w.photoWith(chat, otherJpg, w.replyTo(chat, nibQuestion));
      const said = plain((await w.emu.waitForSent(chat, 3)).at(-1));
      expect(said).toContain("NIB (bila reklame untuk usaha) diterima, sesuai pesan yang Bapak/Ibu balas. File ini menggantikan NIB (bila reklame untuk usaha) yang dikirim sebelumnya.");
      expect(said).toMatch(/Dokumen 3 dari \d+: Persetujuan pemilik lahan/);
      const docs = await docsOf(chat);
      expect(docs.nib!.size).toBe(otherJpg.length);
      expect(docs.ktp!.mime).toBe("image/png");
      expect(docs.izin_pemilik_lahan).toBeUndefined();
      // A reply to a message that asked for no document (the citizen's own): the one pending, as before.
      const own = w.emu.text(chat, "sebentar ya") as { message: { message_id: number } };
      await w.emu.waitForSent(chat, 4);
      w.photoWith(chat, thirdJpg, { reply_to_message: { message_id: own.message.message_id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: "private", first_name: "Warga" }, text: "sebentar ya" } });
      expect(plain((await w.emu.waitForSent(chat, 5)).at(-1))).toMatch(/Persetujuan pemilik lahan \/ bukti sewa lokasi diterima/);
      expect((await docsOf(chat)).izin_pemilik_lahan!.size).toBe(thirdJpg.length);
      // What was remembered of the questions goes with the conversation ("hapus data saya").
      const conversationId = `telegram:${chat}`;
      const lastQuestion = String(w.emu.sentTo(chat).at(-1)!.message_id);
      await expect.poll(async () => (await w!.t.loket.store.get<{ asks: { m: string }[] }>("document_requests", conversationId))?.asks.at(-1)?.m).toBe(lastQuestion);
      await sendVia(w.t, conversationId)({ text: "hapus data saya" });
      expect(textOf(await sendVia(w.t, conversationId)({ choice: "delete_data.explain:yes" }))).toMatch(/sudah dihapus/);
      expect(await w.t.loket.store.get("document_requests", conversationId)).toBeNull();
    });
  }

  it("a reply quoting a question of an earlier (cancelled) application is filed as the pending document with a note, when this form asks that document only later; one it asks now is taken as asked (memory store)", async () => {
    w = await telegramWorld({}, { stored: true });
    const chat = 4303;
    const conversationId = `telegram:${chat}`;
    // The billboard's NIB and landowner's consent questions reach the chat; the form is cancelled.
    const nibQuestion = await toThirdDocument(chat);
    const consentQuestion = w.emu.sentTo(chat).at(-1)!;
    const say = sendVia(w.t, conversationId);
    await say({ text: "batal" });
    expect(textOf(await say({ text: "ya" }))).not.toMatch(/Dokumen \d+ dari/);
    // A school's licence: its deed of foundation asked first, its NIB second.
    await w.toQuestion(chat, "saya mau mengajukan izin pendirian satuan pendidikan", "akta_yayasan");
    const sent = w.emu.sentTo(chat).length;
    w.documentWith(chat, fixtures.pdf, "berkas.pdf", "application/pdf", w.replyTo(chat, nibQuestion));
    const said = plain((await w.emu.waitForSent(chat, sent + 1)).at(-1));
    expect(said).toContain("pesan yang Bapak/Ibu balas berasal dari permohonan sebelumnya, jadi file ini kami lampirkan sebagai Akta yayasan");
    expect(said).toMatch(/Dokumen 2 dari \d+: NIB/);
    expect(Object.keys(await docsOf(chat))).toEqual(["akta_yayasan"]);
    // Now the NIB is asked: a photo quoting the billboard's NIB question is this form's NIB, no note.
    w.photoWith(chat, fixtures.jpg, w.replyTo(chat, nibQuestion));
    const nib = plain((await w.emu.waitForSent(chat, sent + 2)).at(-1));
    expect(nib).toMatch(/NIB.* diterima/);
    expect(nib).not.toContain("permohonan sebelumnya");
    expect(Object.keys(await docsOf(chat)).sort()).toEqual(["akta_yayasan", "nib"]);
    // The landowner's consent, which this form never asks: the pending one, with the note.
    w.documentWith(chat, fixtures.pdf, "izin.pdf", "application/pdf", w.replyTo(chat, consentQuestion));
    expect(plain((await w.emu.waitForSent(chat, sent + 3)).at(-1))).toContain("berasal dari permohonan sebelumnya");
    expect((await docsOf(chat)).izin_pemilik_lahan).toBeUndefined();
  });
});
