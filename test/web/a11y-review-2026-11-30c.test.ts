import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import type { TestLoket } from "../support/loket.js";

/**
 * The citizen's chat page as people with low vision, a screen reader or only a keyboard use it
 * (the accessibility review of 2026-11-30): zoomed in on a small phone, sending from ➤, in English.
 */
describe("web chat page: accessibility review", () => {
  let t: TestLoket;
  let browser: Browser;
  let base: string;

  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ t, base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());

  /** A fresh browser profile (its own conversation) with a page greeted by Loket. */
  async function greeted(viewport = { width: 360, height: 640 }, deviceScaleFactor = 1): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, deviceScaleFactor });
    const page = await context.newPage();
    await page.goto(base);
    await expect.poll(() => page.locator(".msg.bot").last().textContent()).toMatch(/bantu/i);
    return { context, page };
  }

  it("zoomed to 200% on a 360×640 phone (180 CSS pixels wide): no sideways scrolling, every control on screen, room left for the conversation", async () => {
    const { context, page } = await greeted({ width: 180, height: 320 }, 2);
    try {
      const m = await page.evaluate(() => {
        const de = document.documentElement;
        const off = Array.from(document.querySelectorAll("button:not(:disabled), input:not([hidden])"))
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.left < 0 || r.right > de.clientWidth);
          })
          .map((e) => e.id || e.textContent);
        return { scroll: de.scrollWidth, width: de.clientWidth, off, log: document.getElementById("log")!.clientHeight, height: innerHeight };
      });
      expect(m.off).toEqual([]);
      expect(m.scroll).toBeLessThanOrEqual(m.width);
      // The header and the text box leave at least half the screen to the conversation.
      expect(m.log / m.height).toBeGreaterThanOrEqual(0.5);
    } finally {
      await context.close();
    }
  });

  it("gives the text box the focus back after ➤ is pressed (a tap, a screen reader's double tap, Tab then Enter)", async () => {
    const { context, page } = await greeted();
    try {
      for (const [text, how] of [["jam buka kantor", "click"], ["alamat kantor", "keyboard"]] as const) {
        const before = await page.locator(".msg.bot").count();
        await page.fill("#text", text);
        if (how === "click") await page.click("#send");
        else {
          await page.focus("#text");
          await page.keyboard.press("Tab");
          expect(await page.evaluate(() => document.activeElement?.id)).toBe("send");
          await page.keyboard.press("Enter");
        }
        await expect.poll(() => page.locator(".msg.bot").count()).toBeGreaterThan(before);
        await expect.poll(() => page.locator("#status").textContent()).toBe("");
        // The next answer is typed at once, as after Enter in the box.
        expect(await page.evaluate(() => document.activeElement?.id), how).toBe("text");
      }
    } finally {
      await context.close();
    }
  });

  it("marks English replies as English (lang=en), also after a reload, so a screen reader reads them with an English voice", async () => {
    const { context, page } = await greeted();
    try {
      const before = await page.locator(".msg.bot").count();
      await page.fill("#text", "english");
      await page.press("#text", "Enter");
      await expect.poll(() => page.locator(".msg.bot").count()).toBeGreaterThan(before);
      const langs = () => page.locator(".msg.bot").evaluateAll((els) => els.map((e) => [e.textContent?.slice(0, 20), (e as HTMLElement).lang]));
      const live = await langs();
      // The greeting is Indonesian, as the page (lang=id); what came after "english" is English.
      expect(live[0]![1]).toBe("");
      expect(live.slice(before).every(([, lang]) => lang === "en"), JSON.stringify(live)).toBe(true);
      await page.reload();
      await expect.poll(() => page.locator(".msg.bot").count()).toBe(live.length);
      expect(await langs()).toEqual(live);
      // The question's buttons too.
      expect(await page.locator(".choices").last().evaluate((e) => (e as HTMLElement).closest("[lang]")?.getAttribute("lang"))).toBe("en");
    } finally {
      await context.close();
    }
  });

  it("Escape answers 'Selesai''s question with 'Tidak, lanjutkan' from the keyboard, focus back in the text box", async () => {
    const { context, page } = await greeted();
    try {
      const shown = await page.locator(".msg").count();
      await page.focus("#end");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Ya, akhiri");
      await page.keyboard.press("Escape");
      expect(await page.locator("#end-confirm").count()).toBe(0);
      expect(await page.locator(".msg").count()).toBe(shown);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("text");
      // Also with the focus moved to the text box meanwhile.
      await page.click("#end");
      await page.focus("#text");
      await page.keyboard.press("Escape");
      expect(await page.locator("#end-confirm").count()).toBe(0);
      expect(await page.locator(".msg").count()).toBe(shown);
      // Escape with nothing asked does nothing.
      await page.keyboard.press("Escape");
      expect(await page.locator(".msg").count()).toBe(shown);
    } finally {
      await context.close();
    }
  });
});
