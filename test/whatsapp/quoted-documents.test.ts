import { describe, expect, it } from "vitest";
import type { DocumentRef } from "../../src/domain/message.js";
import { fixtures } from "../support/fixtures.js";
import { answerUntil, CITIZEN, citizenChat, type CitizenChat } from "./citizen-chat.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

/** A citizen whose chat WhatsApp addresses by LID, as it does more and more instead of the number. */
const CITIZEN_LID = "210987654321098@lid";
const pdf = { type: "document", media: { mimetype: "application/pdf", data: fixtures.pdf.toString("base64"), filename: "berkas.pdf" } };
const photo = { media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: null } };

/** The documents filed so far in the citizen's application. */
async function docsOf(s: CitizenChat): Promise<Record<string, DocumentRef>> {
  const state = await s.t.loket.store.peekState(`whatsapp:${s.chat}`);
  return (state!.engine.stack.at(-1)!.slots.docs ?? {}) as Record<string, DocumentRef>;
}

/** Loket's sent message that asked for `name` (the last one that did). */
const question = (client: FakeWhatsAppClient, name: RegExp, chat = CITIZEN) => client.sentTo(chat).findLast((m) => /Dokumen \d+ dari \d+/.test(m.body) && name.test(m.body))!;

/**
 * Billboard application: the KTP asked (a PDF sent), the NIB asked (skipped), the landowner's
 * consent asked. The citizen then scrolls up and replies to an earlier question with a photo.
 */
async function toThirdDocument(s: CitizenChat): Promise<void> {
  s.send("saya mau mengajukan izin reklame");
  await answerUntil(s, /Dokumen 1 dari \d+: \*KTP pemohon\*/);
  s.send("", pdf);
  await s.wa.idle();
  expect(s.client.textsTo(s.chat).at(-1)).toMatch(/\*NIB/);
  s.send("lewati");
  await s.wa.idle();
  expect(s.client.textsTo(s.chat).at(-1)).toMatch(/Persetujuan pemilik lahan/);
  await s.said();
}

describe("WhatsApp: a document sent as a reply to an earlier document question", () => {
  for (const store of ["memory", "redis"] as const) it(`replying to the KTP question with a photo while the landowner's consent is asked replaces the KTP (said so) and asks for the consent again (${store} store)`, async () => {
    const s = await citizenChat({}, { store, stored: true });
    try {
      await toThirdDocument(s);
      const ktpFirst = (await docsOf(s)).ktp!;
      expect(ktpFirst.mime).toBe("application/pdf");
      s.send("", { ...photo, quoting: question(s.client, /KTP pemohon/) });
      const said = await s.said();
      expect(said).toContain("KTP pemohon diterima, sesuai pesan yang Bapak/Ibu balas");
      expect(said).toContain("menggantikan KTP pemohon yang dikirim sebelumnya");
      expect(said).not.toContain("permohonan sebelumnya");
      expect(said).toMatch(/Dokumen 3 dari \d+: \*Persetujuan pemilik lahan/);
      const docs = await docsOf(s);
      expect(docs.ktp!.mime).toBe("image/jpeg");
      expect(docs.izin_pemilik_lahan).toBeUndefined();
      // The consent still asked is taken as before.
      s.send("", pdf);
      expect(await s.said()).toMatch(/Persetujuan pemilik lahan \/ bukti sewa lokasi diterima[\s\S]*Dokumen 4 dari/);
      expect((await docsOf(s)).izin_pemilik_lahan!.mime).toBe("application/pdf");
      // Message ids and documents never reach the log.
      expect(s.logLines.join("\n")).not.toContain(question(s.client, /KTP pemohon/).id._serialized);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });

  it("replying to the skipped NIB question files the NIB (nothing replaced); a reply to a message that asked for nothing is filed as the pending document, as before", async () => {
    const s = await citizenChat({}, { stored: true });
    try {
      await toThirdDocument(s);
      s.send("", { ...photo, quoting: question(s.client, /\*NIB/) });
      const said = await s.said();
      expect(said).toContain("NIB (bila reklame untuk usaha) diterima, sesuai pesan yang Bapak/Ibu balas.");
      expect(said).not.toContain("menggantikan");
      expect(said).toMatch(/Dokumen 3 dari \d+: \*Persetujuan pemilik lahan/);
      expect(Object.keys(await docsOf(s)).sort()).toEqual(["ktp", "nib"]);
      // Quoting Loket's greeting (no document asked there): the consent, as asked.
      const greeting = s.client.sentTo(CITIZEN)[0]!;
      s.send("", { ...pdf, quoting: greeting });
      expect(await s.said()).toMatch(/Persetujuan pemilik lahan \/ bukti sewa lokasi diterima/);
      expect(Object.keys(await docsOf(s)).sort()).toEqual(["izin_pemilik_lahan", "ktp", "nib"]);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });

  it("a document question left unsent in the stored queue by a crash, sent after the restart, is remembered: a reply quoting it is filed under it (SQLite)", async () => {
    const s = await citizenChat({}, { store: "sqlite", stored: true });
    let wa = s.wa;
    try {
      s.send("saya mau mengajukan izin reklame");
      await answerUntil(s, /Dokumen 1 dari \d+: \*KTP pemohon\*/);
      // WhatsApp Web hangs while the NIB question is being sent; the process goes down.
      s.client.hangSends = true;
      s.send("", pdf);
      await expect.poll(async () => (await s.t.loket.store.list<{ texts: string[] }>("whatsapp_outbox")).some((r) => r.texts.some((x) => /\*NIB/.test(x)))).toBe(true);
      await s.wa.stop({ drain: false });
      await s.t.restart();
      const client = new FakeWhatsAppClient();
      wa = testChannel(s.t, client, { store: s.t.loket.store });
      await wa.start();
      await expect.poll(() => client.textsTo(CITIZEN).some((x) => /\*NIB/.test(x))).toBe(true);
      await wa.idle();
      let ts = Math.floor(Date.now() / 1000) + 600;
      client.message(CITIZEN, "lewati", { id: { _serialized: `false_${CITIZEN}_SKIP` }, timestamp: ts++ });
      await wa.idle();
      expect(client.textsTo(CITIZEN).at(-1)).toMatch(/Persetujuan pemilik lahan/);
      client.message(CITIZEN, "", { ...photo, quoting: question(client, /\*NIB/), id: { _serialized: `false_${CITIZEN}_QUOTE` }, timestamp: ts++ });
      await wa.idle();
      expect(client.textsTo(CITIZEN).join("\n")).toContain("NIB (bila reklame untuk usaha) diterima, sesuai pesan yang Bapak/Ibu balas.");
      const docs = await docsOf(s);
      expect(docs.nib!.mime).toBe("image/jpeg");
      expect(docs.izin_pemilik_lahan).toBeUndefined();
    } finally {
      await wa.stop();
      await s.t.close();
    }
  });

  it("after a restart (SQLite), a reply quoting the KTP question asked before it is still filed as the KTP", async () => {
    const s = await citizenChat({}, { store: "sqlite", stored: true });
    let wa = s.wa;
    try {
      await toThirdDocument(s);
      const ktpQuestion = question(s.client, /KTP pemohon/);
      await s.wa.stop();
      await s.t.restart();
      // The same WhatsApp account after the restart: its messages keep their ids.
      const client = new FakeWhatsAppClient();
      wa = testChannel(s.t, client, { store: s.t.loket.store });
      await wa.start();
      await wa.idle();
      // (A new id: this fake's ids start again at 1, WhatsApp's do not.)
      client.message(CITIZEN, "", { ...photo, quoting: ktpQuestion, id: { _serialized: `false_${CITIZEN}_AFTERRESTART` }, timestamp: Math.floor(Date.now() / 1000) + 600 });
      await wa.idle();
      const said = client.textsTo(CITIZEN).join("\n");
      expect(said).toContain("KTP pemohon diterima, sesuai pesan yang Bapak/Ibu balas");
      expect(said).toMatch(/Persetujuan pemilik lahan/);
      const docs = await docsOf(s);
      expect(docs.ktp!.mime).toBe("image/jpeg");
      expect(docs.izin_pemilik_lahan).toBeUndefined();
    } finally {
      await wa.stop();
      await s.t.close();
    }
  });

  /**
   * The same in a `@lid` chat: Loket's questions there are written by its own LID and their ids
   * name the LID chat (`true_<id>@lid_<stanza>`); the citizen's reply carries the quoted stanza
   * and author (`_data.quotedStanzaID`, `quotedParticipant`), and `getQuotedMessage()` the
   * message WhatsApp Web rebuilds from it.
   */
  for (const store of ["memory", "sqlite"] as const)
    it(`in a @lid chat: replying to the KTP question replaces the KTP, to the skipped NIB question files the NIB${store === "sqlite" ? ", also after a restart (SQLite)" : ""}`, async () => {
      const s = await citizenChat({}, { store, stored: true, chat: CITIZEN_LID });
      let wa = s.wa;
      let client = s.client;
      try {
        await toThirdDocument(s);
        const ktpQuestion = question(s.client, /KTP pemohon/, CITIZEN_LID);
        const nibQuestion = question(s.client, /\*NIB/, CITIZEN_LID);
        expect(ktpQuestion.id._serialized).toMatch(new RegExp(`^true_${CITIZEN_LID}_3EB0`));
        expect(ktpQuestion.from).toBe(FakeWhatsAppClient.OWN_LID);
        if (store === "sqlite") {
          await s.wa.stop();
          await s.t.restart();
          client = new FakeWhatsAppClient();
          wa = testChannel(s.t, client, { store: s.t.loket.store });
          await wa.start();
          await wa.idle();
        }
        let ts = Math.floor(Date.now() / 1000) + 600;
        const reply = async (quoting: ReturnType<typeof question>, id: string): Promise<string> => {
          const before = client.textsTo(CITIZEN_LID).length;
          client.message(CITIZEN_LID, "", { ...photo, quoting, id: { _serialized: `false_${CITIZEN_LID}_${id}` }, timestamp: (ts += 120) });
          await wa.idle();
          return client.textsTo(CITIZEN_LID).slice(before).join("\n");
        };
        const ktp = await reply(ktpQuestion, "LIDKTP");
        expect(ktp).toContain("KTP pemohon diterima, sesuai pesan yang Bapak/Ibu balas");
        expect(ktp).toContain("menggantikan KTP pemohon yang dikirim sebelumnya");
        expect(ktp).toMatch(/Dokumen 3 dari \d+: \*Persetujuan pemilik lahan/);
        const nib = await reply(nibQuestion, "LIDNIB");
        expect(nib).toContain("NIB (bila reklame untuk usaha) diterima, sesuai pesan yang Bapak/Ibu balas.");
        const docs = await docsOf(s);
        expect(docs.ktp!.mime).toBe("image/jpeg");
        expect(docs.nib!.mime).toBe("image/jpeg");
        expect(docs.izin_pemilik_lahan).toBeUndefined();
      } finally {
        await wa.stop();
        await s.t.close();
      }
    });

  /**
   * A billboard application reaches its NIB question (KTP sent) and is cancelled; a midwife's
   * practice licence (SIP bidan) is started and reaches its STR question (KTP sent). The citizen
   * then scrolls up past it and replies to the billboard's questions.
   */
  async function earlierApplicationQuoted(s: CitizenChat, restart?: () => Promise<FakeWhatsAppClient>): Promise<FakeWhatsAppClient> {
    s.send("saya mau mengajukan izin reklame");
    await answerUntil(s, /Dokumen 1 dari \d+: \*KTP pemohon\*/);
    s.send("", pdf);
    await s.wa.idle();
    expect(s.client.textsTo(CITIZEN).at(-1)).toMatch(/Dokumen 2 dari \d+: \*NIB/);
    s.send("batal");
    await s.wa.idle();
    s.send("ya");
    await s.wa.idle();
    s.send("saya mau mengajukan sip bidan");
    await answerUntil(s, /Dokumen 1 dari \d+: \*KTP/);
    s.send("", pdf);
    await s.wa.idle();
    expect(s.client.textsTo(CITIZEN).at(-1)).toMatch(/Dokumen 2 dari \d+: \*STR/);
    await s.said();
    return restart ? await restart() : s.client;
  }

  for (const store of ["memory", "redis", "sqlite"] as const)
    it(`a reply quoting a document question of an earlier (cancelled) application: filed as the pending document with a note when this form does not ask it, under this form's own when it does (${store} store${store === "sqlite" ? ", restarted before the replies" : ""})`, async () => {
      const s = await citizenChat({}, { store, stored: true });
      let wa = s.wa;
      try {
        const client = await earlierApplicationQuoted(
          s,
          store === "sqlite"
            ? async () => {
                await s.wa.stop();
                await s.t.restart();
                const c = new FakeWhatsAppClient();
                wa = testChannel(s.t, c, { store: s.t.loket.store });
                await wa.start();
                await wa.idle();
                return c;
              }
            : undefined,
        );
        // Later than every message sent so far (files sent within seconds of each other are one album).
        let ts = Math.floor(Date.now() / 1000) + 86_400;
        const reply = async (quoting: ReturnType<typeof question>, id: string): Promise<string> => {
          const before = client.textsTo(CITIZEN).length;
          client.message(CITIZEN, "", { ...photo, quoting, id: { _serialized: `false_${CITIZEN}_${id}` }, timestamp: (ts += 120) });
          await wa.idle();
          return client.textsTo(CITIZEN).slice(before).join("\n");
        };
        // The billboard's NIB question (the midwife's form asks no NIB): the STR asked now, said so.
        const nib = await reply(question(s.client, /\*NIB/), "OLDNIB");
        expect(nib).toContain("✅ STR");
        expect(nib).toContain("pesan yang Bapak/Ibu balas berasal dari permohonan sebelumnya, jadi file ini kami lampirkan sebagai *STR");
        expect(nib).not.toContain("NIB (bila reklame untuk usaha) diterima");
        expect(nib).toMatch(/Dokumen 3 dari \d+/);
        let docs = await docsOf(s);
        expect(docs.str!.mime).toBe("image/jpeg");
        expect(docs.nib).toBeUndefined();
        // The billboard's KTP question: this form asks a KTP too (sent already): the photo is the KTP.
        const ktp = await reply(question(s.client, /KTP pemohon/), "OLDKTP");
        expect(ktp).toContain("sesuai pesan yang Bapak/Ibu balas");
        expect(ktp).not.toContain("permohonan sebelumnya");
        docs = await docsOf(s);
        expect(docs.ktp!.mime).toBe("image/jpeg");
        expect(Object.keys(docs).sort()).toEqual(["ktp", "str"]);
      } finally {
        await wa.stop();
        await s.t.close();
      }
    });
});
