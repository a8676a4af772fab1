import { describe, expect, it } from "vitest";
import type { WhatsAppChannel } from "../../src/channels/whatsapp/adapter.js";
import { toWhatsAppText } from "../../src/channels/whatsapp/format.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

const CITIZEN = "6281234567890@c.us";

async function setup(): Promise<{ t: TestLoket; client: FakeWhatsAppClient; wa: WhatsAppChannel }> {
  const t = await createTestLoket({ channel: "whatsapp" });
  const client = new FakeWhatsAppClient();
  const wa = testChannel(t, client);
  return { t, client, wa };
}

/** Starts the channel and waits for its first catch-up and everything it queued. */
async function startAndSettle(wa: WhatsAppChannel, client: FakeWhatsAppClient): Promise<void> {
  const calls = client.getChatsCalls;
  await wa.start();
  await expect.poll(() => client.getChatsCalls).toBeGreaterThan(calls);
  await wa.idle();
}

describe("WhatsApp review 2026-11-30b", () => {
  it("a view-once photo (WhatsApp Web cannot open it: downloadMedia gives null) is answered with how to send it instead, not 'send it again'", async () => {
    const { t, client, wa } = await setup();
    try {
      await startAndSettle(wa, client);
      // As whatsapp-web.js shows a view-once photo on a linked device: type image, the raw model's
      // isViewOnce set, and no media to download.
      client.message(CITIZEN, "", {
        type: "image",
        hasMedia: true,
        _data: { isViewOnce: true } as never,
        downloadMedia: async () => undefined,
      });
      await wa.idle();
      const said = client.textsTo(CITIZEN).pop()!;
      expect(said).toMatch(/sekali lihat/);
      expect(said).not.toMatch(/kedaluwarsa/);
      // Also when WhatsApp Web gives no media reference at all (hasMedia false).
      client.message(CITIZEN, "", { type: "image", hasMedia: false, _data: { isViewOnce: true } as never });
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/sekali lihat/);
      // Or under a type Loket does not know.
      client.message(CITIZEN, "", { type: "unknown", hasMedia: false, _data: { isViewOnce: true } as never });
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/sekali lihat/);
      // An ordinary photo is still filed as before.
      client.message(CITIZEN, "", { media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: null } });
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).not.toMatch(/sekali lihat|kedaluwarsa/);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("a message still 'waiting for this message' (ciphertext) when the catch-up reads it is answered once WhatsApp Web has decrypted it", async () => {
    const { t, client, wa } = await setup();
    try {
      // Unread in the chat, not yet decrypted: whatsapp-web.js emits no 'message' for it yet.
      const pending = client.arrivedWhileDown(CITIZEN, "", { type: "ciphertext" });
      await startAndSettle(wa, client);
      expect(client.textsTo(CITIZEN)).toEqual([]);
      // Decrypted: whatsapp-web.js now emits 'message' for it, under the same id.
      client.emit("message", { ...pending, type: "chat", body: "syarat imb apa" });
      await wa.idle();
      expect(client.textsTo(CITIZEN).join("\n")).toMatch(/Persyaratan/);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("a body that changes without being edited (a message decrypted late: '' -> its text) gets no 'edited message' notice; a real edit still does", async () => {
    const { t, client, wa } = await setup();
    try {
      await startAndSettle(wa, client);
      const msg = client.message(CITIZEN, "halo");
      await wa.idle();
      const before = client.textsTo(CITIZEN).length;
      // whatsapp-web.js emits message_edit on any change of a message's body or caption.
      client.emit("message_edit", msg, "halo", "");
      client.emit("message_edit", msg, "halo", undefined);
      await wa.idle();
      expect(client.textsTo(CITIZEN).slice(before)).toEqual([]);
      client.emit("message_edit", msg, "halo pak", "halo");
      await wa.idle();
      expect(client.textsTo(CITIZEN).pop()).toMatch(/pesan yang diubah tidak dapat kami proses/);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("markdown as WhatsApp shows it: a bold heading is one bold line, bold italic both; names and links with double underscores are left as they are", () => {
    // A language model's answer (or a staff reply) may write "### **Persyaratan**": WhatsApp showed "**Persyaratan**".
    expect(toWhatsAppText("### **Persyaratan**\n***Penting***: bawa KTP asli")).toBe("*Persyaratan*\n*_Penting_*: bawa KTP asli");
    // "__x__" inside a word is not emphasis: a file name or a link stays intact.
    expect(toWhatsAppText("Unggah file__ktp__scan.pdf di https://sicantik.go.id/form__pbg__2026")).toBe("Unggah file__ktp__scan.pdf di https://sicantik.go.id/form__pbg__2026");
    expect(toWhatsAppText("__catatan__: bawa materai")).toBe("_catatan_: bawa materai");
  });

  it("a citizen who calls the office's number is told by text that calls cannot be taken, once per a few minutes; group calls and its own are left alone", async () => {
    const { t, client, wa } = await setup();
    try {
      await startAndSettle(wa, client);
      // As whatsapp-web.js's Call: from (the caller's chat id), isGroup, fromMe (outgoing).
      const call = (over: Record<string, unknown> = {}) => ({ id: `call-${Math.random()}`, from: CITIZEN, isVideo: false, isGroup: false, fromMe: false, ...over });
      client.emit("call", call());
      await wa.idle();
      expect(client.textsTo(CITIZEN)).toHaveLength(1);
      expect(client.textsTo(CITIZEN)[0]).toMatch(/panggilan/);
      // Calling again right away: no second text.
      client.emit("call", call({ isVideo: true }));
      client.emit("call", call({ from: "120363025555555555@g.us", isGroup: true }));
      client.emit("call", call({ from: "6285711112222@c.us", fromMe: true }));
      await wa.idle();
      expect(client.sent).toHaveLength(1);
    } finally {
      await wa.stop();
      await t.close();
    }
  });
});
