import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";

/**
 * Found playing the citizen in Chromium through a whole application ending with the SKM survey
 * (tab4, 2026-12-03; phone 360×740 and desktop), each written before its fix.
 */
describe("tab4 2026-12-03: the citizen's findings", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, type } = citizenOn(() => page, 15_000);
  const fresh = async (viewport = { width: 360, height: 740 }) => {
    await context?.close();
    context = await browser.newContext({ viewport });
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };

  it("English: the header's subtitle and the tab's title are English too, still naming the office", async () => {
    await fresh();
    await type("Hello, I would like some information about permits please");
    const subtitle = (await page.locator("header small").textContent()) ?? "";
    expect(subtitle).not.toMatch(/Asisten|perizinan/i);
    expect(subtitle).toMatch(/DPMPTSP/);
    expect(await page.title()).not.toMatch(/Layanan Perizinan/);
    // Back to Indonesian with the conversation.
    await type("saya mau tanya syarat izin reklame");
    expect(await page.locator("header small").textContent()).toMatch(/Asisten layanan perizinan/);
  }, 60_000);

  it("a page opened again with a question waiting (the greeting's menu, as the survey offer would be): the keyboard goes on from its first button", async () => {
    await fresh({ width: 1280, height: 800 });
    await page.reload();
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dilanjutkan/);
    await expect.poll(() => page.locator(".choices button:not([disabled])").count()).toBeGreaterThan(0);
    const first = (await page.locator(".choices button:not([disabled])").first().textContent()) ?? "";
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? "")).toBe(first);
  }, 60_000);
});
