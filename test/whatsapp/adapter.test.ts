import { describe, expect, it } from "vitest";
import type { WhatsAppChannel } from "../../src/channels/whatsapp/adapter.js";
import type { Application } from "../../src/domain/records.js";
import { SAMPLE } from "../support/citizen.js";
import { fixtures, ownFile } from "../support/fixtures.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

const CITIZEN = "6281234567890@c.us";

/** A WhatsApp channel on a fake client, started; pacing is instant unless `pacing` gives a real rate. */
async function setup(pacing?: { sendPerSecond: number; sendBurst: number }): Promise<{ t: TestLoket; client: FakeWhatsAppClient; wa: WhatsAppChannel }> {
  const t = await createTestLoket({ channel: "whatsapp" });
  const client = new FakeWhatsAppClient();
  // With a real rate, pacing really waits.
  const wa = testChannel(t, client, pacing ? { ...pacing, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) } : {});
  await wa.start();
  await new Promise((r) => setTimeout(r, 5));
  return { t, client, wa };
}

/** Answers what the last WhatsApp text asks, as a person would type it back. */
function reply(last: string): { body: string; media?: { mimetype: string; data: string; filename: string } } {
  // A PDF of its own for each document (the very file just taken, sent again, is "already received").
  const doc = /Dokumen (\d+) dari/.exec(last);
  if (doc) return { body: "", media: { mimetype: "application/pdf", data: ownFile("pdf", `dok-${doc[1]}`).toString("base64"), filename: "dok.pdf" } };
  if (/Mohon periksa kembali/.test(last)) return { body: "ya" };
  if (/^1\. /m.test(last)) return { body: "1" };
  if (/NIK/.test(last) && /Langkah/.test(last)) return { body: SAMPLE.nik };
  if (/Nomor HP/.test(last)) return { body: SAMPLE.hp };
  if (/e-mail/i.test(last)) return { body: "lewati" };
  if (/\(angka\)/.test(last)) return { body: "2" };
  if (/Nama lengkap/.test(last)) return { body: SAMPLE.nama };
  if (/^1\. /m.test(last)) return { body: "1" };
  return { body: SAMPLE.alamat };
}

describe("WhatsApp adapter (fake client with whatsapp-web.js's contract)", () => {
  it("stopping while a reply cannot be sent (the browser hangs) waits at most 6 s for the queue, and says so", async () => {
    const lines: string[] = [];
    const t = await createTestLoket({ channel: "whatsapp", logLines: lines });
    const client = new FakeWhatsAppClient();
    const wa = testChannel(t, client, {});
    try {
      await wa.start();
      await new Promise((r) => setTimeout(r, 5));
      client.hangSends = true;
      client.message(CITIZEN, "syarat pbg apa saja");
      // The answer is stored and queued; its send never settles.
      await new Promise((r) => setTimeout(r, 500));
      expect(client.sent).toHaveLength(0);
      const started = Date.now();
      await wa.stop();
      // Within Loket's stop (src/app.ts STOP_PARTS_MS, 8 s), beside Telegram and the HTTP requests.
      expect(Date.now() - started).toBeLessThan(7_000);
      expect(lines.join("\n")).toMatch(/queued replies not all sent at stop/);
    } finally {
      await t.close();
    }
  }, 20_000);

  it("a citizen writing in English reads the hint under the choices in English too", async () => {
    const { t, client, wa } = await setup();
    try {
      client.message(CITIZEN, "Hello, what are the requirements for a building permit?");
      await wa.idle();
      const texts = client.textsTo(CITIZEN);
      expect(texts.join("\n")).toContain("Requirements for Persetujuan Bangunan Gedung");
      const last = texts.pop()!;
      expect(last).toMatch(/^1\. Apply for PBG$/m);
      expect(last).toContain("Reply with the number of your choice");
      expect(last).not.toContain("Balas dengan");
      // The channel's own notices too: an edited message, a message deleted for everyone.
      const edited = client.message(CITIZEN, "what are the fees for it?");
      await wa.idle();
      client.emit("message_edit", edited, "what is the fee for it?", "what are the fees for it?");
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/cannot process an edited message/);
      client.emit("message_revoke_everyone", { ...edited, type: "revoked", body: "" }, edited);
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/already reached us/);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("takes a whole application with a document: choices as numbered lists, the number typed back", async () => {
    const { t, client, wa } = await setup();
    try {
      client.message(CITIZEN, "min saya mau ajukan izin reklame");
      await wa.idle();
      let number: string | undefined;
      for (let i = 0; i < 40 && !number; i++) {
        const texts = client.textsTo(CITIZEN);
        const last = texts[texts.length - 1]!;
        number = /RBG-\d{4}-\d{6}/.exec(last)?.[0];
        if (number) break;
        const r = reply(last);
        // Each answer half a minute after the last, as a person types or picks the next file:
        // files sent within seconds of each other are taken as sent together (an album).
        const timestamp = Math.floor(Date.now() / 1000) + 30 * (i + 1);
        client.message(CITIZEN, r.body, r.media ? { media: r.media, timestamp } : { timestamp });
        await wa.idle();
      }
      expect(number, client.textsTo(CITIZEN).slice(-4).join("\n=====\n")).toBeDefined();
      const all = client.textsTo(CITIZEN).join("\n");
      expect(all).toMatch(/^1\. Setuju, lanjutkan$/m);
      expect(all).toContain("Balas dengan nomor pilihan");
      const app = (await t.loket.store.get<Application>("applications", number!))!;
      expect(app.channel).toBe("whatsapp");
      expect(app.conversationId).toBe(`whatsapp:${CITIZEN}`);
      expect(Object.keys(app.documents).length).toBeGreaterThan(0);
      // A push (staff reply) reaches the same chat.
      await t.loket.runtime.push(`whatsapp:${CITIZEN}`, [{ type: "text", text: "Halo dari petugas" }], "staff", "budi");
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toBe("Halo dari petugas");
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("files the first photo of an album (or of photos sent together) and tells the citizen about the rest, instead of filing them as the next documents", async () => {
    const { t, client, wa } = await setup();
    try {
      client.message(CITIZEN, "min saya mau ajukan izin reklame");
      await wa.idle();
      for (let i = 0; i < 30 && !/Dokumen 1 dari/.test(client.textsTo(CITIZEN).at(-1) ?? ""); i++) {
        const r = reply(client.textsTo(CITIZEN).at(-1)!);
        client.message(CITIZEN, r.body, r.media ? { media: r.media } : {});
        await wa.idle();
      }
      expect(client.textsTo(CITIZEN).at(-1)).toMatch(/Dokumen 1 dari (\d+)/);
      const photo = (name: string) => ({ media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: name } });
      // An album: its announcement, then each photo.
      client.message(CITIZEN, "", { type: "album" });
      for (const n of ["ktp-depan.jpg", "ktp-belakang.jpg", "ktp-lagi.jpg"]) client.message(CITIZEN, "ktp depan belakang", photo(n));
      await wa.idle();
      const after = client.textsTo(CITIZEN).join("\n");
      expect(after).toContain("dikirim sekaligus kami hanya melampirkan yang pertama");
      expect(after).toMatch(/Dokumen 2 dari/);
      expect(after).not.toMatch(/Dokumen 3 dari/);
      expect(after).not.toContain("album foto sekaligus");
      const state = await t.loket.store.peekState(`whatsapp:${CITIZEN}`);
      const docs = state!.engine.stack.at(-1)!.slots.docs as Record<string, unknown>;
      expect(Object.keys(docs)).toHaveLength(1);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("ignores groups, status broadcasts and its own messages", async () => {
    const { t, client, wa } = await setup();
    try {
      client.message("120363025555555555@g.us", "halo grup");
      client.message("status@broadcast", "status");
      client.message(CITIZEN, "halo", { fromMe: true });
      await wa.idle();
      expect(client.sent).toEqual([]);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("processes a message redelivered after a reconnect once", async () => {
    const { t, client, wa } = await setup();
    try {
      const msg = client.message(CITIZEN, "halo");
      await wa.idle();
      const after = client.sent.length;
      client.emit("disconnected", "CONFLICT");
      await new Promise((r) => setTimeout(r, 30));
      expect(client.initializeCalls).toBeGreaterThanOrEqual(2);
      expect(wa.status().state).toBe("ready");
      client.emit("message", msg); // the same id again
      await wa.idle();
      expect(client.sent.length).toBe(after);
      expect((await t.loket.store.transcript(`whatsapp:${CITIZEN}`)).filter((l) => l.from === "citizen")).toHaveLength(1);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("answers expired media, voice notes, stickers and locations politely; retries a failed send", async () => {
    const { t, client, wa } = await setup();
    try {
      client.message(CITIZEN, "", { media: "expired" });
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/tidak dapat kami unduh/);
      for (const type of ["ptt", "sticker", "location", "vcard"]) {
        client.failSends = type === "ptt" ? 1 : 0;
        client.message(CITIZEN, "", { type, hasMedia: type !== "location" && type !== "vcard" });
        await wa.idle();
        expect(client.textsTo(CITIZEN).join("\n")).toMatch(/belum bisa kami proses/);
      }
      expect(client.textsTo(CITIZEN).filter((x) => /belum bisa kami proses/.test(x))).toHaveLength(4);
      // Said in Indonesian, not as WhatsApp's type names.
      const said = client.textsTo(CITIZEN).join("\n");
      for (const words of ["pesan suara", "stiker", "lokasi", "kartu kontak"]) expect(said).toContain(`${words} belum bisa kami proses`);
      expect(said).not.toMatch(/\((voice|sticker|contact|location)\)/);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("reports a missing browser as failed, with what to do, and does not retry it", async () => {
    const { t, client, wa } = await setup();
    try {
      client.initialize = async () => {
        client.initializeCalls++;
        throw new Error("Failed to launch the browser process! spawn /usr/bin/chromium ENOENT");
      };
      client.emit("disconnected", "NAVIGATION");
      await expect.poll(() => wa.status().state).toBe("failed");
      expect(wa.status().lastError).toMatch(/install Debian's chromium or fix CHROMIUM_PATH/);
      const calls = client.initializeCalls;
      await new Promise((r) => setTimeout(r, 100));
      expect(client.initializeCalls).toBe(calls);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("reports a logout clearly and does not retry forever", async () => {
    const { t, client, wa } = await setup();
    try {
      client.initialize = async () => {
        client.initializeCalls++;
      }; // the phone unlinked: no more "ready"
      client.emit("disconnected", "LOGOUT");
      await new Promise((r) => setTimeout(r, 50));
      expect(wa.status().state).toMatch(/logged_out|starting|qr/);
      const calls = client.initializeCalls;
      await new Promise((r) => setTimeout(r, 50));
      expect(client.initializeCalls - calls).toBeLessThanOrEqual(1);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("during a handoff the bot is silent on WhatsApp, the staff member's reply reaches the chat, and captions reach staff", async () => {
    const { t, client, wa } = await setup();
    try {
      client.message(CITIZEN, "petugas");
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/teruskan ke petugas/);
      // The first message while waiting is answered once with the place in the queue (handback4); the next is not answered.
      client.message(CITIZEN, "halo pak, saya tunggu");
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/antrean ke-1/);
      const before = client.sent.length;
      client.message(CITIZEN, "berkasnya sudah saya siapkan");
      await wa.idle();
      expect(client.sent.length).toBe(before);
      const c = (await t.loket.store.list<{ id: string }>("cases"))[0]!;
      const actor = { username: "budi", role: "staff", displayName: "Budi" } as never;
      expect((await t.loket.staff.take(c.id, actor)).ok).toBe(true);
      expect((await t.loket.staff.reply(c.id, actor, "Selamat siang, ada yang bisa dibantu?")).ok).toBe(true);
      await wa.idle();
      expect(client.textsTo(CITIZEN).join("\n")).toContain("Selamat siang, ada yang bisa dibantu?");
      // An edited message is not taken again: the citizen is asked to send it anew.
      const edited = client.message(CITIZEN, "3317014508900002");
      await wa.idle();
      client.emit("message_edit", edited, "3317014508900003", "3317014508900002");
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/pesan yang diubah tidak dapat kami proses/);
      // "Delete for everyone" cannot take back what was received: the citizen is told so.
      client.emit("message_revoke_everyone", { ...edited, type: "revoked", body: "" }, edited);
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/hapus sudah terlanjur kami terima.*hapus data saya/s);
      // A photo's caption reaches the transcript staff read, beside the document.
      client.message(CITIZEN, "ini KTP saya yang baru", { type: "image", hasMedia: true, media: { mimetype: "image/png", data: fixtures.png.toString("base64"), filename: "ktp.png" } });
      await wa.idle();
      const lines = await t.loket.store.transcript(`whatsapp:${CITIZEN}`);
      expect(lines.some((l) => l.document && l.text.includes("ini KTP saya yang baru"))).toBe(true);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("stopping (a deploy, a restart) first sends the replies already queued", async () => {
    // Real pacing: 20 texts a second, so ten queued texts take about half a second.
    const { t, client, wa } = await setup({ sendPerSecond: 20, sendBurst: 1 });
    try {
      const queued = Array.from({ length: 10 }, (_, i) => wa.send(`whatsapp:${CITIZEN}`, CITIZEN, [{ type: "text", text: `pesan ${i + 1}` }]));
      await wa.stop();
      expect(client.textsTo(CITIZEN)).toEqual(Array.from({ length: 10 }, (_, i) => `pesan ${i + 1}`));
      await Promise.all(queued);
    } finally {
      await t.close();
    }
  });
});
