import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";

/** Probe written after tab4's fixes (2026-12-03), not looked at before: run once, scored as it came. */
describe("tab4 probe 2026-12-03", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, type, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const fresh = async (viewport = { width: 360, height: 740 }) => {
    await context?.close();
    context = await browser.newContext({ viewport });
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const status = () => page.locator("#status").textContent();
  const english = () => type("Hello, I would like some information about permits please");

  it("P1. English: a PDF too large is refused in English, its size written with a decimal point", async () => {
    await fresh();
    await english();
    const big = join(mkdtempSync(join(tmpdir(), "loket-tab4p-")), "deed scan.pdf");
    writeFileSync(big, Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(11 * 1024 * 1024, 0x30)]));
    await page.setInputFiles("#file", big);
    await expect.poll(lastBot, { timeout: 15_000 }).toMatch(/deed scan\.pdf.*too large/);
    expect(await lastBot()).toMatch(/11\.0 MB/);
  }, 60_000);

  it("P2. English, reloaded: the status line and the screen reader's 'who said it' stay English", async () => {
    await fresh();
    await english();
    await page.reload();
    await expect.poll(status).toMatch(/earlier conversation continues/i);
    const who = await page.evaluate(() => getComputedStyle(document.querySelector(".msg.me")!, "::before").content);
    expect(who).toMatch(/You/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
  }, 60_000);

  it("P3. English, then Selesai: the next person's page is Indonesian again", async () => {
    await fresh();
    await english();
    await page.click("#end");
    await page.locator("#end-confirm button").first().click();
    await expect.poll(lastBot).toMatch(/bantu/i);
    expect(await page.getAttribute("#text", "placeholder")).toMatch(/Tulis/);
    expect(await page.locator("#end").textContent()).toBe("Selesai");
  }, 60_000);

  it("P4. a photo chosen while a typed message is on its way goes after that message's answer", async () => {
    await fresh();
    await untilDocumentQuestion();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 1500, downloadThroughput: 256 * 1024, uploadThroughput: 256 * 1024 });
    await page.fill("#text", "dokumennya apa saja?");
    await page.press("#text", "Enter");
    await expect.poll(() => page.evaluate(() => document.body.classList.contains("busy"))).toBe(true);
    await page.setInputFiles("#file", { name: "ktp-antre.jpg", mimeType: "image/jpeg", buffer: ownFile("jpg", "antre") }).catch(() => undefined);
    await page.evaluate(() => {
      const f = document.getElementById("file") as HTMLInputElement;
      if (!f.files?.length) {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9])], "ktp-antre.jpg", { type: "image/jpeg" }));
        document.getElementById("log")!.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    });
    await expect.poll(() => page.locator(".msg.me").allTextContents(), { timeout: 30_000 }).toEqual(expect.arrayContaining(["📎 ktp-antre.jpg"]));
    const mine = await page.locator(".msg.me").allTextContents();
    expect(mine.indexOf("📎 ktp-antre.jpg")).toBeGreaterThan(mine.indexOf("dokumennya apa saja?"));
  }, 60_000);

  it("P5. English at 200% zoom: the document hint is an English line of its own, whole on screen", async () => {
    await fresh({ width: 180, height: 370 });
    await type("I would like to apply for a billboard permit");
    for (let i = 0; i < 30; i++) {
      const last = page.locator(".msg.bot").last();
      const kind = await last.getAttribute("data-kind");
      if (kind === "file") break;
      const field = await last.getAttribute("data-field");
      if (kind === "choice" || kind === "confirm") {
        const before = await page.locator(".msg.bot").count();
        await page.locator(".choices").last().locator("button:not([disabled])").first().click();
        await expect.poll(() => page.locator(".msg.bot").count()).toBeGreaterThan(before);
        await expect.poll(status).toBe("");
      } else await type(kind === "nik" ? "3317014508900002" : kind === "phone" ? "081234567890" : kind === "email" ? "skip" : kind === "number" ? "2" : field === "nama" ? "Siti Rahmawati" : "Jl. Pemuda No. 10, Sumber, Rembang");
    }
    expect(await page.locator(".msg.bot").last().getAttribute("data-kind")).toBe("file");
    const hint = page.locator("#hint");
    expect(await hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toMatch(/clip/i);
    const box = (await hint.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(180);
    expect(box.y + box.height).toBeLessThanOrEqual(370);
  }, 90_000);
});
