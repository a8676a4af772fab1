import { afterEach, describe, expect, it } from "vitest";
import type { DocumentRef } from "../../src/domain/message.js";
import type { SentMessage } from "../support/botapi-emulator.js";
import { fixtures } from "../support/fixtures.js";
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
    });
  }
});
