import { describe, expect, it } from "vitest";
import type { DocumentRef } from "../../src/domain/message.js";
import { fixtures } from "../support/fixtures.js";
import { answerUntil, CITIZEN, citizenChat, type CitizenChat } from "./citizen-chat.js";
import type { FakeWhatsAppClient } from "./fake-client.js";

/** The citizen's LID: the id WhatsApp addresses their chat by once it moved it off the phone number. */
const CITIZEN_LID = "210987654321098@lid";
const pdf = { type: "document", media: { mimetype: "application/pdf", data: fixtures.pdf.toString("base64"), filename: "berkas.pdf" } };
const photo = { media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: null } };

const docsOf = async (s: CitizenChat, chat: string): Promise<Record<string, DocumentRef> | undefined> =>
  (await s.t.loket.store.peekState(`whatsapp:${chat}`))?.engine.stack.at(-1)?.slots.docs as Record<string, DocumentRef> | undefined;

/** A message from `chat` (not the CitizenChat's own) and what Loket answered in that chat. */
async function from(s: CitizenChat, chat: string, body: string, extra: Parameters<FakeWhatsAppClient["message"]>[2] = {}): Promise<string> {
  const before = s.client.textsTo(chat).length;
  s.client.message(chat, body, { timestamp: Math.floor(Date.now() / 1000) + 3600, ...extra });
  await s.wa.idle();
  return s.client.textsTo(chat).slice(before).join("\n");
}

/**
 * WhatsApp is moving private chats from the phone number (`…@c.us`) to a hidden id (`…@lid`);
 * whatsapp-web.js then reports the same person's messages under the other id (public
 * whatsapp-web.js and WAHA reports). Keyed by chat id alone, a citizen half-way through an
 * application would find it gone and be greeted as a stranger.
 */
describe("WhatsApp: the same citizen writing under their phone number and their LID", () => {
  for (const store of ["memory", "sqlite"] as const)
    it(`an application started under the number goes on when the chat moves to the LID: a text answers the pending question, a reply quoting an earlier question files that document (${store} store)`, async () => {
      const s = await citizenChat({}, { store, stored: true });
      try {
        s.client.samePerson(CITIZEN, CITIZEN_LID);
        s.send("saya mau mengajukan izin reklame");
        await answerUntil(s, /Dokumen 1 dari \d+: \*KTP pemohon\*/);
        s.send("", pdf);
        await s.wa.idle();
        expect(s.client.textsTo(CITIZEN).at(-1)).toMatch(/Dokumen 2 dari \d+: \*NIB/);
        const ktpQuestion = s.client.sentTo(CITIZEN).findLast((m) => /Dokumen 1 dari \d+: \*KTP pemohon/.test(m.body))!;

        // The chat is now the LID's: "lewati" skips the NIB of the same application.
        const skipped = await from(s, CITIZEN_LID, "lewati");
        expect(skipped).toMatch(/Persetujuan pemilik lahan/);
        expect(skipped).not.toMatch(/Selamat datang|Menu utama/);

        // A photo replying to the KTP question sent under the number: WhatsApp rebuilds the quote
        // in the LID chat (another `_serialized`, the same stanza id); it replaces the KTP.
        const replaced = await from(s, CITIZEN_LID, "", { ...photo, quoting: ktpQuestion });
        expect(replaced).toContain("KTP pemohon diterima, sesuai pesan yang Bapak/Ibu balas");
        expect(replaced).toMatch(/Persetujuan pemilik lahan/);

        const docs = await docsOf(s, CITIZEN);
        expect(docs!.ktp!.mime).toBe("image/jpeg");
        expect(await s.t.loket.store.peekState(`whatsapp:${CITIZEN_LID}`)).toBeNull();
      } finally {
        await s.wa.stop();
        await s.t.close();
      }
    });

  it("the other way round: started under the LID, a message under the number goes on with it; each id is looked up once, not per message", async () => {
    const s = await citizenChat({}, { store: "memory", stored: true, chat: CITIZEN_LID });
    try {
      s.client.samePerson(CITIZEN, CITIZEN_LID);
      s.send("saya mau mengajukan izin reklame");
      await answerUntil(s, /Dokumen 1 dari \d+: \*KTP pemohon\*/);
      expect(await from(s, CITIZEN, "", pdf)).toMatch(/Dokumen 2 dari \d+: \*NIB/);
      expect(await from(s, CITIZEN, "lewati")).toMatch(/Persetujuan pemilik lahan/);
      expect((await docsOf(s, CITIZEN_LID))!.ktp!.mime).toBe("application/pdf");
      expect(await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`)).toBeNull();
      // The LID chat's first message had no conversation yet (one lookup), the number's first one
      // (one more); nothing after.
      expect(s.client.lidLookups).toEqual([[CITIZEN_LID], [CITIZEN]]);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });

  it("two different people are not joined, and a lookup that fails leaves the message in its own chat, answered", async () => {
    const s = await citizenChat({}, { store: "memory", stored: true });
    try {
      s.send("saya mau mengajukan izin reklame");
      await answerUntil(s, /Dokumen 1 dari \d+: \*KTP pemohon\*/);
      // Someone else, whose LID WhatsApp does not pair with this number.
      const other = await from(s, "555000111222333@lid", "halo");
      expect(other).not.toMatch(/Dokumen \d+ dari/);
      expect(await s.t.loket.store.peekState("whatsapp:555000111222333@lid")).not.toBeNull();

      s.client.samePerson(CITIZEN, CITIZEN_LID);
      s.client.lidLookupError = new Error("Evaluation failed: Target closed");
      const alone = await from(s, CITIZEN_LID, "halo");
      expect(alone).not.toBe("");
      expect(alone).not.toMatch(/Dokumen \d+ dari/);
      expect(s.logLines.join("\n")).not.toContain(CITIZEN_LID.split("@")[0]);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
});
