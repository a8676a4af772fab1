import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";

/**
 * Held-out acceptance written before the page was changed (tab3, 2026-12-03): a tab killed or
 * reloaded while two tabs upload, a refused document named, the conversation area for a screen
 * reader, the status line readable on a phone.
 */
const PHONE = { width: 360, height: 740 };

describe("tab3 2026-12-03: uploads in two tabs, refusals, screen readers", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let close: (() => Promise<void>) | undefined;
  const dir = mkdtempSync(join(tmpdir(), "loket-tab3-"));
  beforeAll(async () => ({ base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const photo = (name: string, kb: number) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat([ownFile("jpg", name), Buffer.alloc(Math.round(kb * 1024), 0x5a)]));
    return path;
  };
  const fresh = async (viewport = PHONE) => {
    await context?.close();
    context = await browser.newContext({ viewport });
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  /** A second tab of the conversation, its history shown. */
  const secondTab = async () => {
    const p = await context.newPage();
    await p.goto(base);
    await expect.poll(() => p.locator("#status").textContent()).toMatch(/dilanjutkan/);
    return p;
  };
  /** Uploads from `p` go at 48 KB/s. */
  const slow = async (p: Page) => {
    const cdp = await context.newCDPSession(p);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 256 * 1024, uploadThroughput: 48 * 1024 });
    return cdp;
  };
  const status = (p: Page) => p.locator("#status").textContent();
  const moving = (p: Page) => expect.poll(() => status(p), { timeout: 10_000 }).toMatch(/mengunggah [1-9]/);
  /** The renderer of `p` dies (Android ends the tab behind the camera): no pagehide runs. */
  const kill = async (p: Page) => {
    const cdp = await context.newCDPSession(p);
    const crashed = new Promise((r) => p.once("crash", r));
    void cdp.send("Page.crash").catch(() => undefined);
    await crashed;
  };
  const said = (p: Page) => p.locator(".msg.bot").allTextContents().then((a) => a.join("\n"));

  it("1. a tab killed mid-upload: the other tab says that document was not sent within 3 s", async () => {
    await fresh();
    await untilDocumentQuestion();
    const other = await secondTab();
    await slow(page);
    await page.setInputFiles("#file", photo("ktp-kill.jpg", 400));
    await moving(page);
    await kill(page);
    const killed = Date.now();
    await expect.poll(() => status(other), { timeout: 10_000 }).toMatch(/ktp-kill\.jpg.*belum terkirim/);
    expect(Date.now() - killed).toBeLessThan(3_000);
  }, 60_000);

  it("2. a tab killed mid-upload: the other tab's photo chosen at once is taken, and the killed one is still said", async () => {
    await fresh();
    await untilDocumentQuestion();
    const other = await secondTab();
    await slow(page);
    await page.setInputFiles("#file", photo("ktp-mati.jpg", 400));
    await moving(page);
    await kill(page);
    await other.setInputFiles("#file", photo("ktp-lain.jpg", 20));
    await expect.poll(() => said(other), { timeout: 10_000 }).toMatch(/KTP pemohon diterima/);
    await expect.poll(() => status(other), { timeout: 10_000 }).toMatch(/ktp-mati\.jpg.*belum terkirim/);
  }, 60_000);

  it("3. two tabs uploading at once: the first done, the other reloaded mid-upload says its own document was not sent", async () => {
    await fresh();
    await untilDocumentQuestion();
    const other = await secondTab();
    await slow(page);
    await slow(other);
    await page.setInputFiles("#file", photo("ktp-besar.jpg", 2048));
    await moving(page);
    await other.setInputFiles("#file", photo("ktp-kecil.jpg", 30));
    await expect.poll(() => said(other), { timeout: 15_000 }).toMatch(/diterima/);
    await page.reload();
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/ktp-besar\.jpg.*belum terkirim/);
  }, 60_000);

  it("4. two tabs uploading at once: the tab that finishes first does not clear the other's upload (a third tab waits for it)", async () => {
    await fresh();
    await untilDocumentQuestion();
    const other = await secondTab();
    const third = await secondTab();
    await slow(page);
    await slow(other);
    await page.setInputFiles("#file", photo("ktp-satu.jpg", 2048));
    await moving(page);
    await other.setInputFiles("#file", photo("ktp-dua.jpg", 30));
    await expect.poll(() => said(other), { timeout: 15_000 }).toMatch(/diterima/);
    // Both marks were on their own: after the short one is done, the long one is still known as on its way.
    const marks = await third.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("loket.uploading")).map((k) => localStorage.getItem(k)).join("\n"));
    expect(marks).toMatch(/ktp-satu\.jpg/);
  }, 60_000);

  it("5. a refused document is named: too large, another type, an iPhone HEIC", async () => {
    await fresh();
    await untilDocumentQuestion();
    // From a file on disk: an 11 MB buffer sent over Playwright's pipe took over 30 s on a loaded machine.
    const big = join(dir, "scan-akta.pdf");
    writeFileSync(big, Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(11 * 1024 * 1024, 0x30)]));
    await page.setInputFiles("#file", big);
    await expect.poll(lastBot, { timeout: 10_000 }).toMatch(/scan-akta\.pdf.*terlalu besar|terlalu besar.*scan-akta\.pdf/);
    await page.setInputFiles("#file", { name: "surat kuasa.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from("PK\x03\x04docx") });
    await expect.poll(lastBot, { timeout: 10_000 }).toMatch(/surat kuasa\.docx/);
    await page.setInputFiles("#file", { name: "IMG_4021.HEIC", mimeType: "image/heic", buffer: Buffer.from("\0\0\0\x18ftypheic") });
    await expect.poll(lastBot, { timeout: 10_000 }).toMatch(/IMG_4021\.HEIC/);
  }, 60_000);

  it("6. the conversation area is a named log, and a question's buttons are a group named by the question", async () => {
    await fresh();
    expect(await page.getByRole("log", { name: /percakapan/i }).count()).toBe(1);
    const row = page.locator(".choices").last();
    const question = (await page.locator(".msg.bot").last().textContent()) ?? "";
    expect(await row.getAttribute("role")).toBe("group");
    const name = await row.evaluate((el) => {
      const ids = (el.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(Boolean);
      return ids.length ? ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ") : (el.getAttribute("aria-label") ?? "");
    });
    expect(name.trim().length).toBeGreaterThan(0);
    expect(question).toContain(name.trim().slice(0, 20));
  }, 60_000);

  it("7. the status line is at least 14 px and readable (contrast 4.5:1) on a 360 px phone", async () => {
    await fresh();
    const { size, contrast } = await page.evaluate(() => {
      const el = document.getElementById("status")!;
      const rgb = (s: string) => (s.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      let bgEl: Element | null = el;
      let bg = "rgba(0, 0, 0, 0)";
      while (bgEl && /rgba\(0, 0, 0, 0\)|transparent/.test(bg)) { bg = getComputedStyle(bgEl).backgroundColor; bgEl = bgEl.parentElement; }
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(bg))];
      return { size: parseFloat(getComputedStyle(el).fontSize), contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
    expect(size).toBeGreaterThanOrEqual(14);
    expect(contrast).toBeGreaterThanOrEqual(4.5);
  }, 60_000);
});
