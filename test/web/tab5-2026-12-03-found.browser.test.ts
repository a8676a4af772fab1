import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import type { TestLoket } from "../support/loket.js";

/**
 * Held-out acceptance for what tab5 found playing the page (2026-12-03), written before the fix:
 * "Selesai" pressed while a document goes on a slow link did nothing at all; zoomed in, the document
 * hint on a line of its own was not tied to the text box (a screen reader on the box never heard it).
 */
describe("tab5 2026-12-03, found playing: Selesai while busy, the hint's tie to the box", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let _t: TestLoket;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ t: _t, base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const fresh = async (opts: Parameters<Browser["newContext"]>[0]) => {
    await context?.close();
    context = await browser.newContext(opts);
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const photo = (kb: number) => ({ name: "ktp.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(kb * 1024, 0x5a)]) });

  it("1. Selesai pressed during a slow upload is not silently ignored: the page says so at once", async () => {
    await fresh({ viewport: { width: 1280, height: 800 } });
    await untilDocumentQuestion();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 400, downloadThroughput: 50 * 1024, uploadThroughput: 40 * 1024 });
    await page.setInputFiles("#file", photo(600));
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/mengunggah/);
    await page.locator("#end").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 3000 }).toMatch(/Selesai/);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  }, 90_000);

  it("2. ...and once the document is through, the end question is asked (nothing to press again)", async () => {
    await expect.poll(() => page.locator("#end-confirm button").count(), { timeout: 60_000 }).toBe(2);
    await page.keyboard.press("Escape");
    expect(await page.locator("#end-confirm").count()).toBe(0);
  }, 90_000);

  it("3. zoomed in at a document question, the text box is described by the hint it no longer shows inside", async () => {
    await fresh({ viewport: { width: 180, height: 370 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await untilDocumentQuestion();
    await expect.poll(() => page.locator("#hint").isVisible()).toBe(true);
    const cdp = await context.newCDPSession(page);
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { role?: { value?: string }; name?: { value?: string }; description?: { value?: string } }[] };
    const box = nodes.find((n) => n.role?.value === "textbox");
    expect(`${box?.name?.value ?? ""} ${box?.description?.value ?? ""}`).toMatch(/klip/i);
  }, 90_000);
});
