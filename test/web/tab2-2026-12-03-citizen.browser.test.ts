import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";

/**
 * The citizen on the web chat with fresh eyes (tab2, 2026-12-03): a phone and a desktop, the back
 * button, a slow link, a screen reader. Held-out acceptance written after playing the page and
 * before changing it.
 */
const PHONE = { width: 360, height: 640 };

describe("tab2 2026-12-03: the web chat as a citizen finds it", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let close: (() => Promise<void>) | undefined;
  const dir = mkdtempSync(join(tmpdir(), "loket-tab2c-"));
  beforeAll(async () => ({ base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, type, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const open = async (viewport = PHONE) => {
    await context?.close();
    context = await browser.newContext({ viewport, ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const photo = (name: string, kb: number) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat([ownFile("jpg", name), Buffer.alloc(kb * 1024, 0x5a)]));
    return path;
  };
  const status = () => page.locator("#status").textContent();

  it("back with ← after the chat went on past a reload: the page shows the conversation as it is now, not as it was", async () => {
    await open();
    await type("jam buka kantor");
    await page.reload();
    await expect.poll(status).toMatch(/dilanjutkan/);
    await type("syarat izin reklame");
    await page.goto(base + "/healthz");
    await page.goBack();
    await expect.poll(() => page.locator(".msg.me").allTextContents(), { timeout: 10_000 }).toContain("syarat izin reklame");
  });

  it("the conversation's history (a NIK in it) is not kept in the browser's cache of a shared computer", async () => {
    await open();
    await type("nik saya 3317014508900002");
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/history")), page.reload()]);
    expect(res.headers()["cache-control"] ?? "").toMatch(/no-store/);
  });

  it("on a desktop screen a long answer is not one line across the whole screen", async () => {
    await open({ width: 1280, height: 800 });
    await type("syarat izin reklame apa saja");
    const widest = await page.locator(".msg").evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().width)));
    expect(widest).toBeLessThanOrEqual(720);
  });

  it("a screen reader is not read every percent of a slow upload", async () => {
    await open();
    await untilDocumentQuestion();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 256 * 1024, uploadThroughput: 48 * 1024 });
    // Every text the live status region was given while the photo went.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { said: string[] }).said = []);
      new MutationObserver(() => seen.push(document.getElementById("status")!.textContent ?? "")).observe(document.getElementById("status")!, { childList: true, characterData: true, subtree: true });
    });
    await page.setInputFiles("#file", photo("ktp-sr.jpg", 300));
    await expect.poll(() => page.locator(".msg.bot").allTextContents().then((all) => all.join("\n")), { timeout: 30_000 }).toMatch(/KTP pemohon diterima/);
    await cdp.detach();
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said.filter((s) => /mengunggah/.test(s)));
    expect(new Set(said).size).toBeGreaterThan(1);
    expect(new Set(said).size).toBeLessThanOrEqual(12);
  }, 60_000);

  it("the connection back after an upload it cut off: the page still says the document is not sent and how to send it", async () => {
    await open();
    await untilDocumentQuestion();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 100, downloadThroughput: 256 * 1024, uploadThroughput: 48 * 1024 });
    await page.setInputFiles("#file", photo("kk-cut.jpg", 400));
    await expect.poll(status, { timeout: 10_000 }).toMatch(/mengunggah [1-9]/);
    await context.setOffline(true);
    await expect.poll(status, { timeout: 15_000 }).toMatch(/belum terkirim/);
    await context.setOffline(false);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    await page.waitForTimeout(500);
    expect(await status()).toMatch(/kk-cut\.jpg|Kirim ulang/);
    expect(await page.getByRole("button", { name: /kirim ulang/i }).count()).toBe(1);
  }, 60_000);
});
