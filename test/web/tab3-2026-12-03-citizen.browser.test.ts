import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";

/**
 * Found playing the citizen in Chromium (tab3, 2026-12-03), each written before its fix: Enter
 * pressed while a photo goes, a phone in dark mode, the document hint on a 360 px phone.
 */
describe("tab3 2026-12-03: the citizen's findings", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const fresh = async (opts: Parameters<Browser["newContext"]>[0] = { viewport: { width: 360, height: 740 } }) => {
    await context?.close();
    context = await browser.newContext(opts);
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };

  it("a question typed and sent with Enter while a photo uploads is sent once the photo is through", async () => {
    await fresh();
    await untilDocumentQuestion();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 256 * 1024, uploadThroughput: 48 * 1024 });
    await page.setInputFiles("#file", { name: "ktp.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([ownFile("jpg", "enter"), Buffer.alloc(200 * 1024, 0x5a)]) });
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 10_000 }).toMatch(/mengunggah [1-9]/);
    await page.fill("#text", "berapa lama prosesnya?");
    await page.press("#text", "Enter");
    await expect.poll(() => page.locator(".msg.me").allTextContents(), { timeout: 30_000 }).toEqual(expect.arrayContaining(["berapa lama prosesnya?"]));
    const mine = await page.locator(".msg.me").allTextContents();
    expect(mine.indexOf("berapa lama prosesnya?")).toBeGreaterThan(mine.findIndex((t) => t.includes("ktp.jpg")));
    expect(await page.inputValue("#text")).toBe("");
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 15_000 }).toBe("");
  }, 60_000);

  it("a phone in dark mode gets a dark page whose words stay readable", async () => {
    await fresh({ viewport: { width: 360, height: 740 }, colorScheme: "dark" });
    const out = await page.evaluate(() => {
      const rgb = (s: string) => (s.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const bgOf = (el: Element | null) => {
        let bg = "rgba(0, 0, 0, 0)";
        while (el && /rgba\(0, 0, 0, 0\)|transparent/.test(bg)) { bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
        return bg;
      };
      const contrast = (el: Element) => {
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(bgOf(el)))];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      };
      const q = (s: string) => document.querySelector(s)!;
      return {
        page: lum(rgb(bgOf(document.body))),
        bot: contrast(q(".msg.bot")),
        choice: contrast(q(".choices button")),
        input: contrast(q("#text")),
        status: contrast(q("#status")),
      };
    });
    expect(out.page).toBeLessThan(0.05);
    for (const k of ["bot", "choice", "input", "status"] as const) expect(out[k], k).toBeGreaterThanOrEqual(4.5);
  }, 60_000);

  it("on a 360 px phone the hint in the box at a document question is not cut off", async () => {
    await fresh();
    await untilDocumentQuestion();
    const fits = await page.evaluate(() => {
      const input = document.getElementById("text") as HTMLInputElement;
      const cs = getComputedStyle(input);
      const ctx = document.createElement("canvas").getContext("2d")!;
      ctx.font = cs.font;
      const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      return { text: input.placeholder, width: ctx.measureText(input.placeholder).width, room };
    });
    expect(fits.width, fits.text).toBeLessThanOrEqual(fits.room);
  }, 60_000);
});
