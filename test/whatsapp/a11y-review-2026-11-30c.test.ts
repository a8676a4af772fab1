import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWhatsApp, type WhatsAppService } from "../../src/channels/whatsapp/start.js";
import { launchChromium, listening } from "../support/browser.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";

/** The operator's WhatsApp QR page in Chromium, as a screen reader reads it (the accessibility review of 2026-11-30). */
describe("WhatsApp QR page: accessibility review", () => {
  let t: TestLoket;
  let wa: WhatsAppService;
  let browser: Browser;
  let base: string;
  const TOKEN = "operator-token-1234567890";

  beforeAll(async () => {
    t = await createTestLoket({ env: { WHATSAPP_ENABLED: "1", WHATSAPP_ADMIN_TOKEN: TOKEN } });
    const client = new FakeWhatsAppClient();
    client.initialize = async () => {
      queueMicrotask(() => client.emit("qr", "2@QRSECRETQRSECRET,abc,def"));
    };
    wa = await startWhatsApp(t.config, { runtime: t.loket.runtime, logger: t.loket.logger, messages: t.loket.messages.get("id")!, app: t.loket.app, client, qrToTerminal: false });
    for (let i = 0; i < 200 && wa.status().state !== "qr"; i++) await new Promise((r) => setTimeout(r, 25));
    base = await listening(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await wa?.stop();
    await t?.close();
  });

  it("names the QR code as an image, so a screen reader says it is there (the operator's helper scans it)", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${base}/whatsapp/qr?token=${TOKEN}`);
      expect(await page.getAttribute("html", "lang")).toBe("id");
      expect(await page.getByRole("img", { name: /kode QR/i }).count()).toBe(1);
    } finally {
      await page.close();
    }
  });
});
