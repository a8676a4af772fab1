import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";

/** Probe written after tab2's fixes (2026-12-03), not looked at before: tabs, uploads, cache. */
describe("tab2 probe 2026-12-03", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let close: (() => Promise<void>) | undefined;
  const dir = mkdtempSync(join(tmpdir(), "loket-tab2p-"));
  beforeAll(async () => ({ base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const photo = (name: string, kb: number) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat([ownFile("jpg", name), Buffer.alloc(kb * 1024, 0x5a)]));
    return path;
  };
  const fresh = async () => {
    await context?.close();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const slow = async (p: Page) => {
    const cdp = await context.newCDPSession(p);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 256 * 1024, uploadThroughput: 48 * 1024 });
    return cdp;
  };
  const said = (p: Page) => p.locator(".msg.bot").allTextContents().then((a) => a.join("\n"));

  it("two more tabs opened during an upload: neither says 'belum terkirim', both show the acknowledgement", async () => {
    await fresh();
    await untilDocumentQuestion();
    await slow(page);
    await page.setInputFiles("#file", photo("ktp-3tabs.jpg", 200));
    const others = [await context.newPage(), await context.newPage()];
    for (const o of others) await o.goto(base);
    await expect.poll(() => said(page), { timeout: 30_000 }).toMatch(/KTP pemohon diterima/);
    for (const o of others) {
      await expect.poll(() => said(o), { timeout: 10_000 }).toMatch(/KTP pemohon diterima/);
      expect(await o.locator("#status").textContent()).not.toMatch(/belum terkirim/);
    }
  }, 60_000);

  it("an upload cancelled with ✕ is not reported to the other tab as not sent", async () => {
    await fresh();
    await untilDocumentQuestion();
    const other = await context.newPage();
    await other.goto(base);
    await expect.poll(() => other.locator("#status").textContent()).toMatch(/dilanjutkan/);
    await slow(page);
    await page.setInputFiles("#file", photo("ktp-batal.jpg", 1200)); // ✕ tapped long before its last byte, even on a loaded machine
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 15_000 }).toMatch(/mengunggah [1-4]0%/);
    await page.getByRole("button", { name: "Batalkan unggahan" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dibatalkan/);
    await other.waitForTimeout(7_000); // past the time a quiet mark is taken as cut off
    expect(await other.locator("#status").textContent()).not.toMatch(/belum terkirim/);
  }, 60_000);

  it("the answer that starts a conversation (its token) is not kept in the browser cache either", async () => {
    await context?.close();
    context = await browser.newContext();
    page = await context.newPage();
    const created = page.waitForResponse((r) => r.url().endsWith("/api/conversations") && r.request().method() === "POST");
    await page.goto(base);
    expect((await created).headers()["cache-control"]).toBe("no-store");
    // The page itself keeps its ETag revalidation.
    const res = await page.request.get(base + "/");
    expect(res.headers()["cache-control"]).toBe("no-cache");
  });

  it("a phone in landscape (640×360) keeps bubbles within the screen after the desktop cap", async () => {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 640, height: 360 }, isMobile: true, hasTouch: true });
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    const over = await page.evaluate(() => Array.from(document.querySelectorAll(".msg")).filter((m) => m.getBoundingClientRect().right > innerWidth).length);
    expect(over).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });
});
