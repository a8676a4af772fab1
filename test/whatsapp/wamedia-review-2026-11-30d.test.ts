import { describe, expect, it } from "vitest";
import type { WaMessage } from "../../src/channels/whatsapp/types.js";
import { SAMPLE } from "../support/citizen.js";
import { fixtures, ownFile } from "../support/fixtures.js";
import { createTestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";
import { answerUntil, CITIZEN, citizenChat as setup } from "./citizen-chat.js";

/** A PDF of its own per file name, as each of a citizen's documents is. */
const pdf = (filename: string) => ({ type: "document", media: { mimetype: "application/pdf", data: ownFile("pdf", filename).toString("base64"), filename } });

describe("WhatsApp media review 2026-11-30d", () => {
  it("several documents picked at once (WhatsApp's document picker sends each a moment apart) are not filed as the next requirements one after another", async () => {
    const s = await setup();
    try {
      // Before any form: one answer, not the 'not needed' notice and the whole menu for each file.
      s.send("", pdf("ktp.pdf"));
      s.send("", pdf("kk.pdf"), 1);
      s.send("", pdf("npwp.pdf"), 0);
      const early = await s.said();
      expect(early.match(/File ini belum kami simpan/g)).toHaveLength(1);
      expect(early.match(/Ada yang bisa kami bantu/g)).toHaveLength(1);

      s.send("min saya mau ajukan izin reklame");
      await s.said();
      await answerUntil(s, /Dokumen 1 dari/);
      await s.said();
      // At the first document: the land lease and the design, picked together with the KTP.
      s.send("", pdf("ktp.pdf"));
      s.send("", pdf("sewa-lahan.pdf"), 1);
      s.send("", pdf("desain.pdf"), 0);
      const after = await s.said();
      expect(after).toContain("KTP pemohon diterima");
      expect(after).toContain("dikirim sekaligus kami hanya melampirkan yang pertama");
      expect(after).not.toMatch(/NIB .*diterima|Persetujuan pemilik lahan .*diterima/);
      const state = await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`);
      const docs = state!.engine.stack.at(-1)!.slots.docs as Record<string, unknown>;
      expect(Object.keys(docs)).toEqual(["ktp"]);
      // The next document, sent on its own after it is asked, is filed as usual.
      s.send("", pdf("nib.pdf"));
      expect(await s.said()).toContain("NIB (bila reklame untuk usaha) diterima");
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("a photo sent before any form with its name written on it ('KTP', 'ini ktp saya', 'npwp saya') is not answered as a question about getting a KTP or an NPWP elsewhere", async () => {
    const s = await setup();
    try {
      const photo = { media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: null } };
      for (const caption of ["KTP", "ini ktp saya", "npwp saya", "Foto KK"]) {
        s.send(caption, photo);
        const said = await s.said();
        expect(said, caption).toContain("File ini belum kami simpan");
        expect(said, caption).not.toMatch(/tidak diurus di DPMPTSP/);
        // What they can do instead: the menu, with applying in it.
        expect(said, caption).toContain("Ajukan permohonan izin");
      }
      // Words that ask something are still answered ("mau urus sip bidan, ini ktp saya", a question about a KTP).
      s.send("mau urus sip bidan, ini ktp saya", photo);
      expect(await s.said()).toContain("Surat Izin Praktik Bidan");
      s.send("kalau ktp hilang ngurusnya dimana?", photo);
      expect(await s.said()).toMatch(/Disdukcapil/);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("a photo of the KTP labelled 'ini ktp saya' sent while the form asks the applicant's name is not taken as the name; a NIK written on it at the NIK question still is", async () => {
    const s = await setup();
    try {
      const photo = { media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: null } };
      s.send("min saya mau ajukan izin reklame");
      await answerUntil(s, /Nama lengkap/);
      await s.said();
      s.send("ini ktp saya", photo);
      const said = await s.said();
      // Inside the form: documents come after the data, and this file is not kept (said so).
      expect(said).toContain("Dokumen akan kami minta satu per satu setelah data isian selesai; file ini belum kami simpan");
      expect(said).toMatch(/Nama lengkap/);
      expect(said).not.toMatch(/NIK \(16/);
      s.send(SAMPLE.nama);
      expect(await s.said()).toMatch(/NIK \(16/);
      s.send(`NIK ${SAMPLE.nik}`, photo);
      expect(await s.said()).toMatch(/Nomor HP/);
      await answerUntil(s, /Alamat lengkap/);
      await s.said();
      s.send("foto lokasi", photo);
      expect(await s.said()).toMatch(/Alamat lengkap/);
      const state = await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`);
      const slots = state!.engine.stack.at(-1)!.slots as Record<string, unknown>;
      expect(slots.nama).toBe(SAMPLE.nama);
      expect(slots.nik).toBe(SAMPLE.nik);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("an album deleted for everyone (one revoke per photo) gets one 'already received' notice, not one per photo; a deletion minutes later is answered again", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new FakeWhatsAppClient();
    let clock = Date.now();
    const wa = testChannel(t, client, { now: () => new Date(clock) });
    try {
      await wa.start();
      await expect.poll(() => client.getChatsCalls).toBeGreaterThan(0);
      await wa.idle();
      const ts = Math.floor(clock / 1000);
      const photo = { media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: null } };
      const album = [0, 1, 2, 3].map((i) => client.message(CITIZEN, "", { ...photo, timestamp: ts + i }));
      await wa.idle();
      const before = client.textsTo(CITIZEN).length;
      // whatsapp-web.js emits message_revoke_everyone once for each message deleted.
      for (const m of album) client.emit("message_revoke_everyone", { ...m, type: "revoked", body: "", hasMedia: false }, m);
      await wa.idle();
      const notices = client.textsTo(CITIZEN).slice(before);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/hapus sudah terlanjur kami terima/);
      // Edited twice in a row: one notice too.
      const typed = client.message(CITIZEN, "Jl. Pemuda 10", { timestamp: ts + 60 });
      await wa.idle();
      const beforeEdits = client.textsTo(CITIZEN).length;
      client.emit("message_edit", typed, "Jl. Pemuda 12", "Jl. Pemuda 10");
      client.emit("message_edit", typed, "Jl. Pemuda No. 12", "Jl. Pemuda 12");
      await wa.idle();
      expect(client.textsTo(CITIZEN).slice(beforeEdits)).toHaveLength(1);
      // Later, another deletion is a new one: answered.
      clock += 5 * 60_000;
      client.emit("message_revoke_everyone", { ...typed, type: "revoked", body: "" }, typed);
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/hapus sudah terlanjur kami terima/);
    } finally {
      await wa.stop();
      await t.close();
    }
  });
  it("several scans picked at once that are all too large get one 'too large' answer, not one each and then the offer of a staff member as if the citizen kept failing", async () => {
    const s = await setup();
    try {
      s.send("min saya mau ajukan izin reklame");
      await answerUntil(s, /Dokumen 1 dari/);
      await s.said();
      // whatsapp-web.js knows a document's size before it is downloaded (the raw model's `size`).
      const big = (filename: string) => ({ type: "document", hasMedia: true, _data: { size: 25 * 1024 * 1024, filename }, downloadMedia: async () => { throw new Error("not to be downloaded"); } });
      s.send("", big("ktp.pdf"));
      s.send("", big("sewa.pdf"), 1);
      s.send("", big("desain.pdf"), 0);
      const said = await s.said();
      expect(said.match(/terlalu besar/g)).toHaveLength(1);
      expect(said).not.toMatch(/dibantu langsung oleh petugas/);
      expect(said).toMatch(/Dokumen 1 dari/);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("an album whose photos can no longer be downloaded (forwarded from an old chat) gets one 'send it again' notice, not one per photo", async () => {
    const s = await setup();
    try {
      s.send("", { type: "album" });
      for (let i = 0; i < 4; i++) s.send("", { media: "expired", type: "image" }, i ? 1 : 0);
      const said = await s.said();
      expect(said.match(/tidak dapat kami unduh/g)).toHaveLength(1);
      // A photo sent on its own later is answered again.
      s.send("", { media: "expired", type: "image" });
      expect(await s.said()).toMatch(/tidak dapat kami unduh/);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("a photo labelled with another document of the form ('NIB' while the KTP is asked) is attached as asked, with a note saying so and how to put it right", async () => {
    const s = await setup();
    try {
      const photo = { media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: null } };
      s.send("min saya mau ajukan izin reklame");
      await answerUntil(s, /Dokumen 1 dari/);
      await s.said();
      s.send("ini NIB saya", photo);
      const said = await s.said();
      expect(said).toContain("KTP pemohon diterima");
      expect(said).toMatch(/menyebut \*NIB \(bila reklame untuk usaha\)\*.*\*KTP pemohon\*/s);
      expect(said).toMatch(/ringkasan/);
      // Labelled as what is asked, or with nothing of the form named: no note.
      s.send("foto nib", { media: { mimetype: "image/png", data: fixtures.png.toString("base64"), filename: null } });
      const next = await s.said();
      expect(next).toContain("NIB (bila reklame untuk usaha) diterima");
      expect(next).not.toMatch(/menyebut/);
      s.send("surat dari pak lurah", { type: "document", media: { mimetype: "application/pdf", data: fixtures.pdf.toString("base64"), filename: "sewa.pdf" } });
      expect(await s.said()).not.toMatch(/menyebut/);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("a NIK corrected by editing the message, after the form moved on to the phone number, is not sent again into the phone question: the notice says the answer as first sent was taken and how to change it", async () => {
    const s = await setup();
    try {
      s.send("min saya mau ajukan izin reklame");
      await answerUntil(s, /NIK \(16/);
      const typo = s.send("3317014508900003");
      expect(await s.said()).toMatch(/Nomor HP/);
      s.client.emit("message_edit", { ...typo, body: SAMPLE.nik, latestEditSenderTimestampMs: Date.now() }, SAMPLE.nik, "3317014508900003");
      const notice = await s.said();
      expect(notice).toMatch(/pesan yang diubah tidak dapat kami proses/);
      // Not "send it again as a new message" alone: sent again now it would answer the phone question.
      expect(notice).toMatch(/sebelum diubah/);
      expect(notice).toMatch(/\*kembali\*/);
      // Following it: back to the NIK, the right one taken.
      s.send("kembali");
      expect(await s.said()).toMatch(/NIK \(16/);
      s.send(SAMPLE.nik);
      expect(await s.said()).toMatch(/Nomor HP/);
      const state = await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`);
      expect((state!.engine.stack.at(-1)!.slots as Record<string, unknown>).nik).toBe(SAMPLE.nik);
      // Nothing personal in the logs: not the number, the NIK (either), nor the name.
      const logs = s.logLines.join("");
      for (const personal of ["6281234567890", SAMPLE.nik, "3317014508900003", SAMPLE.nama]) expect(logs).not.toContain(personal);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("a video WhatsApp Web has no media for (expired, forwarded from an old chat) is refused politely; its preview picture (the body of a media message without media) is not read as words the citizen wrote", async () => {
    const s = await setup();
    try {
      // whatsapp-web.js: body is the caption only when hasMedia; else the raw body, for media the base64 preview.
      const preview = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIy";
      s.send(preview, { type: "video", hasMedia: false });
      const said = await s.said();
      expect(said).toMatch(/video belum bisa kami proses/);
      expect(said).not.toMatch(/belum (bisa )?(kami )?(mengerti|memahami|paham)/);
      const transcript = await s.t.loket.store.transcript(`whatsapp:${CITIZEN}`);
      expect(transcript.map((l) => l.text).join("\n")).not.toContain("/9j/");
      // A caption on a video that has its media is still read.
      s.send("syarat izin reklame apa saja?", { type: "video", hasMedia: true });
      expect(await s.said()).toMatch(/Persyaratan/);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("a round video message (WhatsApp's video note, type 'ptv') is named as one in the polite refusal, not as 'jenis pesan ini'", async () => {
    const s = await setup();
    try {
      s.send("", { type: "ptv", hasMedia: true });
      const said = await s.said();
      expect(said).toMatch(/pesan video belum bisa kami proses/);
      const transcript = await s.t.loket.store.transcript(`whatsapp:${CITIZEN}`);
      expect(transcript.some((l) => l.from === "citizen" && l.text === "[video]")).toBe(true);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("an album whose announcement arrives after its first photo (WhatsApp Web adds messages as they are decrypted) is still one album: its second photo is not filed as the next document", async () => {
    const s = await setup();
    try {
      s.send("min saya mau ajukan izin reklame");
      await answerUntil(s, /Dokumen 1 dari/);
      await s.said();
      const photo = (name: string) => ({ media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: name } });
      s.send("", photo("ktp-depan.jpg"));
      s.send("", { type: "album" }, 0);
      s.send("", photo("ktp-belakang.jpg"), 0);
      s.send("", photo("ktp-lagi.jpg"), 1);
      const said = await s.said();
      expect(said).toContain("KTP pemohon diterima");
      expect(said).toContain("dikirim sekaligus kami hanya melampirkan yang pertama");
      expect(said).not.toMatch(/NIB .*diterima/);
      const state = await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`);
      expect(Object.keys(state!.engine.stack.at(-1)!.slots.docs as Record<string, unknown>)).toEqual(["ktp"]);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("a 👍 reaction to the summary instead of typing 'ya' is answered (it used to be silence, and the citizen believed the application sent); the application is sent only on 'ya'", async () => {
    const s = await setup();
    try {
      s.send("min saya mau ajukan izin reklame");
      for (let i = 0; i < 60; i++) {
        const last = s.client.textsTo(CITIZEN).at(-1) ?? "";
        if (/Mohon periksa kembali/.test(last)) break;
        if (/Dokumen \d+ dari/.test(last)) s.send("", pdf(`dok-${i}.pdf`));
        else await answerUntil(s, /Dokumen \d+ dari|Mohon periksa kembali/);
        await s.wa.idle();
      }
      expect(s.client.textsTo(CITIZEN).at(-1)).toMatch(/Mohon periksa kembali/);
      await s.said();
      const summary = s.client.sent.filter((m) => m.chatId === CITIZEN).length;
      // whatsapp-web.js's Reaction: id (the reaction's key), msgId (the message reacted to), senderId, reaction (the emoji; "" when taken back).
      const reaction = (emoji: string, n: number) => ({
        id: { fromMe: false, remote: CITIZEN, id: `R${n}`, _serialized: `false_${CITIZEN}_R${n}` },
        orphan: 0,
        timestamp: Math.floor(Date.now() / 1000),
        reaction: emoji,
        read: false,
        msgId: { fromMe: true, remote: CITIZEN, id: "SUMMARY", _serialized: `true_${CITIZEN}_SUMMARY` },
        senderId: CITIZEN,
      });
      s.client.emit("message_reaction", reaction("👍", 1));
      const said = await s.said();
      expect(said).toMatch(/reaksi emoji sebagai jawaban belum bisa kami proses/);
      expect(said).toMatch(/Mohon periksa kembali/);
      expect(await s.t.loket.store.list("applications")).toHaveLength(0);
      // The same reaction delivered again, taken back (""), or one of this account's own: nothing more.
      s.client.emit("message_reaction", reaction("👍", 1));
      s.client.emit("message_reaction", reaction("", 2));
      s.client.emit("message_reaction", { ...reaction("👍", 3), id: { fromMe: true, remote: CITIZEN, id: "R3", _serialized: `true_${CITIZEN}_R3` } });
      // A reaction in a group the number is in: not ours to answer.
      s.client.emit("message_reaction", { ...reaction("👍", 4), msgId: { fromMe: false, remote: "120363025555555555@g.us", id: "G", _serialized: "x" }, id: { fromMe: false, remote: "120363025555555555@g.us", id: "R4", _serialized: "false_120363025555555555@g.us_R4" } });
      expect(await s.said()).toBe("");
      s.send("ya");
      expect(await s.said()).toMatch(/RBG-\d{4}-\d{6}/);
      expect(s.client.sent.length).toBeGreaterThan(summary);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
  it("while staff hold the conversation, a 👍 on their reply is left for staff to see, not answered by the bot", async () => {
    const s = await setup();
    try {
      s.send("petugas");
      expect(await s.said()).toMatch(/teruskan ke petugas/);
      s.client.emit("message_reaction", {
        id: { fromMe: false, remote: CITIZEN, id: "R9", _serialized: `false_${CITIZEN}_R9` },
        reaction: "👍",
        msgId: { fromMe: true, remote: CITIZEN, id: "STAFF", _serialized: `true_${CITIZEN}_STAFF` },
        senderId: CITIZEN,
        timestamp: Math.floor(Date.now() / 1000),
      });
      expect(await s.said()).toBe("");
      const transcript = await s.t.loket.store.transcript(`whatsapp:${CITIZEN}`);
      expect(transcript.at(-1)!.text).toBe("[reaksi emoji]");
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
});
