import { describe, expect, it } from "vitest";
import type { WhatsAppChannel } from "../../src/channels/whatsapp/adapter.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

const CITIZEN = "6281234567891@c.us";

async function setup(): Promise<{ t: TestLoket; client: FakeWhatsAppClient; wa: WhatsAppChannel }> {
  const t = await createTestLoket({ channel: "whatsapp" });
  const client = new FakeWhatsAppClient();
  const wa = testChannel(t, client);
  return { t, client, wa };
}

/** The caption of a video, read as a message since 2026-11-30 (Telegram's review), on WhatsApp (day review, second round). */
describe("day review 2026-11-30b: WhatsApp video captions", () => {
  it("a question written on a video is answered after the polite refusal, as on Telegram, and staff see it", async () => {
    const { t, client, wa } = await setup();
    try {
      const calls = client.getChatsCalls;
      await wa.start();
      await expect.poll(() => client.getChatsCalls).toBeGreaterThan(calls);
      await wa.idle();
      // whatsapp-web.js: a media message's body is its caption.
      client.message(CITIZEN, "syarat izin reklame apa saja?", { type: "video", hasMedia: true });
      await wa.idle();
      const said = client.textsTo(CITIZEN).join("\n");
      expect(said).toMatch(/video/);
      expect(said).toMatch(/Persyaratan/);
      const transcript = await t.loket.store.transcript(`whatsapp:${CITIZEN}`);
      expect(transcript.some((l) => l.from === "citizen" && l.text.includes("syarat izin reklame apa saja?"))).toBe(true);
    } finally {
      await wa.stop();
      await t.close();
    }
  });
});
