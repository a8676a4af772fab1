import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";

/** Probe written after tab3's fixes (2026-12-03), not looked at before: kills, locks, names, focus. */
describe("tab3 probe 2026-12-03", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const fresh = async () => {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const slow = async (p: Page) => {
    const cdp = await context.newCDPSession(p);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 256 * 1024, uploadThroughput: 48 * 1024 });
  };
  const jpg = (name: string, kb: number) => ({ name, mimeType: "image/jpeg", buffer: Buffer.concat([ownFile("jpg", name), Buffer.alloc(kb * 1024, 0x5a)]) });
  const status = (p: Page) => p.locator("#status").textContent();
  const open = async () => {
    const p = await context.newPage();
    await p.goto(base);
    await expect.poll(() => status(p)).toMatch(/dilanjutkan/);
    return p;
  };

  it("a tab opened after another was killed mid-upload says that document was not sent within 3 s", async () => {
    await fresh();
    await untilDocumentQuestion();
    await slow(page);
    await page.setInputFiles("#file", jpg("akta-mati.jpg", 400));
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/mengunggah [1-9]/);
    const cdp = await context.newCDPSession(page);
    const crashed = new Promise((r) => page.once("crash", r));
    void cdp.send("Page.crash").catch(() => undefined);
    await crashed;
    const t0 = Date.now();
    const later = await context.newPage();
    await later.goto(base);
    await expect.poll(() => status(later), { timeout: 10_000 }).toMatch(/akta-mati\.jpg.*belum terkirim/);
    expect(Date.now() - t0).toBeLessThan(3_000);
  }, 60_000);

  it("an upload finished normally is not said 'belum terkirim' by the other tab", async () => {
    await fresh();
    await untilDocumentQuestion();
    const other = await open();
    await slow(page);
    await page.setInputFiles("#file", jpg("ktp-ok.jpg", 100));
    await expect.poll(() => page.locator(".msg.bot").allTextContents().then((a) => a.join("\n")), { timeout: 20_000 }).toMatch(/diterima/);
    const seen = new Set<string>();
    for (const end = Date.now() + 3_000; Date.now() < end; await other.waitForTimeout(100)) seen.add((await status(other)) ?? "");
    expect([...seen].filter((s) => /belum terkirim/.test(s))).toEqual([]);
  }, 60_000);

  it("a refused file whose name holds _ and * is shown as named, not in italics", async () => {
    await fresh();
    await untilDocumentQuestion();
    await page.setInputFiles("#file", { name: "scan_ktp_*baru*.docx", mimeType: "application/msword", buffer: Buffer.from("docx") });
    await expect.poll(lastBot).toContain("scan_ktp_*baru*.docx");
    expect(await page.locator(".msg.bot").last().locator("i, b").count()).toBe(0);
  }, 60_000);

  it("reloaded at a question with buttons, the buttons are still a group named by the question", async () => {
    await fresh();
    await page.reload();
    await expect.poll(() => status(page)).toMatch(/dilanjutkan/);
    const row = page.locator(".choices").last();
    expect(await row.getAttribute("role")).toBe("group");
    const id = (await row.getAttribute("aria-labelledby")) ?? "";
    expect(await page.locator("#" + id).textContent()).toMatch(/bantu/i);
  }, 60_000);

  it("Enter pressed during an upload then cancelled with ✕: the typed question is still sent", async () => {
    await fresh();
    await untilDocumentQuestion();
    await slow(page);
    await page.setInputFiles("#file", jpg("ktp-batal.jpg", 1200)); // ✕ tapped long before its last byte, even on a loaded machine
    await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/mengunggah [1-4]0%/);
    await page.fill("#text", "jam buka kantor?");
    await page.press("#text", "Enter");
    await page.getByRole("button", { name: "Batalkan unggahan" }).click();
    await expect.poll(() => page.locator(".msg.me").allTextContents(), { timeout: 20_000 }).toEqual(expect.arrayContaining(["jam buka kantor?"]));
  }, 60_000);
});
