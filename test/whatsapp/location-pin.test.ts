import { describe, expect, it } from "vitest";
import type { WaMessage } from "../../src/channels/whatsapp/types.js";
import { fixtures } from "../support/fixtures.js";
import { answerUntil, CITIZEN, citizenChat as setup } from "./citizen-chat.js";

/** What whatsapp-web.js gives as a location message's body: the map picture, base64. */
const MAP_PICTURE = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U";

/** A WhatsApp location message as whatsapp-web.js emits it (`Message.location`, the body a map picture). */
const pin = (location: WaMessage["location"]) => ({ type: "location", hasMedia: false, location });

describe("WhatsApp location pins", () => {
  it("a pin sent at the PBG's building location is stored readable (place, point, map link), said back, and the form goes on; coordinates never reach the log", async () => {
    const s = await setup();
    try {
      s.send("saya mau mengajukan PBG");
      await answerUntil(s, /Lokasi bangunan/);
      await s.said();
      s.send(MAP_PICTURE, pin({ latitude: -6.7123456, longitude: 111.3456789, name: "Rumah Bu Siti", address: "Jl. Pemuda 12, Sumber, Rembang" }));
      const said = await s.said();
      expect(said).toContain("titik lokasi kami catat");
      expect(said).toContain("Rumah Bu Siti, Jl. Pemuda 12, Sumber, Rembang (-6.712346, 111.345679) https://maps.google.com/?q=-6.712346,111.345679");
      expect(said).toMatch(/Fungsi bangunan/);
      expect(said).not.toMatch(/belum bisa kami proses/);
      const state = await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`);
      expect(state!.engine.stack.at(-1)!.slots.lokasi_bangunan).toBe("Rumah Bu Siti, Jl. Pemuda 12, Sumber, Rembang (-6.712346, 111.345679) https://maps.google.com/?q=-6.712346,111.345679");
      // Staff read it in the transcript, with the link.
      const transcript = await s.t.loket.store.transcript(`whatsapp:${CITIZEN}`);
      expect(transcript.some((e) => e.from === "citizen" && e.text.startsWith("[lokasi] Rumah Bu Siti") && e.text.includes("maps.google.com"))).toBe(true);
      expect(s.logLines.join("\n")).not.toMatch(/-6\.71|111\.34|Pemuda 12/);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });

  it("a live location (its first position, no name) at another question, or outside any form, is explained and the pending question stays", async () => {
    const s = await setup();
    try {
      // Outside a form: what a pin is good for, then the menu as after any message.
      s.send(MAP_PICTURE, pin({ latitude: -6.7, longitude: 111.3 }));
      const outside = await s.said();
      expect(outside).toMatch(/belum kami perlukan/);
      expect(outside).not.toMatch(/belum bisa kami proses/);
      s.send("saya mau mengajukan izin reklame");
      await answerUntil(s, /Nomor HP/);
      await s.said();
      // At the phone question: not an answer; the phone is asked again, nothing stored.
      s.send("", pin({ latitude: -6.70001, longitude: 111.30002 }));
      const atPhone = await s.said();
      expect(atPhone).toMatch(/belum kami perlukan/);
      expect(atPhone).toMatch(/Nomor HP/);
      const state = await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`);
      expect(state!.engine.expecting?.field).toBe("hp");
      expect(state!.engine.failures).toBe(0);
      // At the billboard's location (reklame's "Lokasi pemasangan (alamat / titik)"): the live location's point is the answer.
      await answerUntil(s, /Lokasi pemasangan/);
      await s.said();
      s.send("", pin({ latitude: -6.70001, longitude: 111.30002 }));
      const taken = await s.said();
      expect(taken).toContain("(-6.70001, 111.30002) https://maps.google.com/?q=-6.70001,111.30002");
      expect(taken).toMatch(/Ukuran reklame/);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
});

describe("WhatsApp media downloads", () => {
  it("a download that never ends (downloadMedia hangs) is given up after WHATSAPP_MEDIA_TIMEOUT_MS: the citizen is asked to send it again, the document question stays, and the chat goes on", async () => {
    const s = await setup({ mediaTimeoutMs: 300 });
    try {
      s.send("saya mau mengajukan izin reklame");
      await answerUntil(s, /Dokumen 1 dari/);
      await s.said();
      const before = (await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`))!.engine.expecting;
      s.send("", { type: "image", hasMedia: true, downloadMedia: () => new Promise(() => undefined) });
      await expect.poll(() => s.client.textsTo(CITIZEN).join("\n"), { timeout: 5_000 }).toMatch(/pengunduhan terlalu lama/);
      expect((await s.t.loket.store.peekState(`whatsapp:${CITIZEN}`))!.engine.expecting).toEqual(before);
      // The chat is not held behind it: the file sent again is filed.
      s.send("", { type: "document", hasMedia: true, downloadMedia: async () => ({ mimetype: "application/pdf", data: fixtures.pdf.toString("base64"), filename: "ktp.pdf" }) });
      await expect.poll(() => s.client.textsTo(CITIZEN).join("\n"), { timeout: 5_000 }).toMatch(/KTP pemohon diterima/);
      expect(s.logLines.join("\n")).toMatch(/whatsapp media download timed out/);
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
});
