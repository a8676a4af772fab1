import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";

/**
 * A citizen with the chat open twice (the office's link tapped again, a tab duplicated) while a
 * photo goes on a slow link. Held-out acceptance written before the page was changed (tab2,
 * 2026-12-03): what the other tab says during the upload and after it.
 */
describe("tab2 2026-12-03: two tabs of one conversation and an upload", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let close: (() => Promise<void>) | undefined;
  const dir = mkdtempSync(join(tmpdir(), "loket-tab2-"));
  beforeAll(async () => ({ base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const photo = (name: string, mb: number) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat([ownFile("jpg", name), Buffer.alloc(Math.round(mb * 1024 * 1024), 0x5a)]));
    return path;
  };
  const atDocumentQuestion = async () => {
    await context?.close();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await untilDocumentQuestion();
  };
  /** The first tab starts a photo's upload at 48 KB/s (seconds long); the throttle's session. */
  const slowUpload = async (name: string, mb: number): Promise<CDPSession> => {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 256 * 1024, uploadThroughput: 48 * 1024 });
    await page.setInputFiles("#file", photo(name, mb));
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 10_000 }).toMatch(/mengunggah [1-9]/);
    return cdp;
  };
  const status = (p: Page) => p.locator("#status").textContent();
  /** Every status the tab shows over `ms`. */
  const statusesOver = async (p: Page, ms: number) => {
    const seen = new Set<string>();
    for (const end = Date.now() + ms; Date.now() < end; await p.waitForTimeout(100)) seen.add((await status(p)) ?? "");
    return [...seen];
  };
  const received = (p: Page) => p.locator(".msg.bot").allTextContents().then((all) => all.some((x) => /KTP pemohon diterima/.test(x)));

  it("a second tab opened during the upload does not say the document was not sent", async () => {
    await atDocumentQuestion();
    await slowUpload("ktp-a.jpg", 0.4);
    const second = await context.newPage();
    await second.goto(base);
    expect((await statusesOver(second, 4_000)).filter((s) => /belum terkirim/.test(s))).toEqual([]);
  }, 60_000);

  it("the upload done, the tab opened during it shows the photo and its acknowledgement, and no 'belum terkirim'", async () => {
    await atDocumentQuestion();
    await slowUpload("ktp-b.jpg", 0.15);
    const second = await context.newPage();
    await second.goto(base);
    await expect.poll(() => received(page), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => received(second), { timeout: 10_000 }).toBe(true);
    expect(await second.locator(".msg.me").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("ktp-b.jpg")]));
    expect(await status(second)).not.toMatch(/belum terkirim/);
  }, 60_000);

  it("a tab already open before the upload shows its acknowledgement too", async () => {
    await atDocumentQuestion();
    const second = await context.newPage();
    await second.goto(base);
    await expect.poll(() => second.locator("#status").textContent()).toMatch(/dilanjutkan/);
    await slowUpload("ktp-c.jpg", 0.1);
    await expect.poll(() => received(page), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => received(second), { timeout: 10_000 }).toBe(true);
  }, 60_000);

  it("a tab duplicated from the uploading one (its session storage copied) does not say 'belum terkirim' either", async () => {
    await atDocumentQuestion();
    await slowUpload("ktp-d.jpg", 0.4);
    const [copy] = await Promise.all([context.waitForEvent("page"), page.evaluate(() => void window.open(location.href, "_blank"))]);
    await copy.waitForLoadState();
    expect((await statusesOver(copy, 4_000)).filter((s) => /belum terkirim/.test(s))).toEqual([]);
  }, 60_000);

  it("the uploading tab reloaded: it says that document was not sent", async () => {
    await atDocumentQuestion();
    const cdp = await slowUpload("ktp-e.jpg", 0.4);
    await page.reload();
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/ktp-e\.jpg.*belum terkirim/);
  }, 60_000);

  it("the uploading tab closed mid-upload: the tab left open says that document was not sent", async () => {
    await atDocumentQuestion();
    await slowUpload("ktp-f.jpg", 0.4);
    const second = await context.newPage();
    await second.goto(base);
    await page.close();
    page = second;
    await expect.poll(() => status(second), { timeout: 15_000 }).toMatch(/ktp-f\.jpg.*belum terkirim/);
  }, 60_000);
});
