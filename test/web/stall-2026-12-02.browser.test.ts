import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";
import type { TestLoket } from "../support/loket.js";
import { startFlakyProxy } from "./flaky-proxy.js";

/**
 * A document's upload on a link that carries nothing while the phone says it is online (a weak
 * signal, a captive Wi-Fi): no "offline" event comes, so before 2026-12-02 the page waited for the
 * connection's own timeout (minutes) at "mengunggah 95%". Now an upload with no progress, or no
 * answer after its last byte, is tried again with the same id. The page's waits are shortened for
 * the test through its own knobs (`loketStallMs`, `loketAnswerMs`; 30 s and 60 s by default).
 */
describe("web chat: an upload that stalls while the phone is online", () => {
  let t: TestLoket;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), "loket-stall-"));

  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ t, base, browser, close } = await loketWithChromium()));
  afterAll(async () => {
    await context?.close();
    await close?.();
  });

  const { lastBot, botCount, waitForBot, type, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const phone = async (url: string) => {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    await context.addInitScript(() => {
      (window as unknown as { loketStallMs: number; loketAnswerMs: number }).loketStallMs = 1000;
      (window as unknown as { loketStallMs: number; loketAnswerMs: number }).loketAnswerMs = 1500;
    });
    page = await context.newPage();
    await page.goto(url);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const transcript = async () => {
    const id = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
    return t.loket.store.transcript(`web:${id}`);
  };
  const photo = (name: string, kb: number) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat([ownFile("jpg", name), Buffer.alloc(kb * 1024, 0x5a)]));
    return path;
  };
  const status = () => page.locator("#status").textContent();

  it("Loket took the photo but its answer never comes: the page asks again with the same id, shows the answer, and Loket files it once", async () => {
    const proxy = await startFlakyProxy(base);
    try {
      await phone(proxy.url);
      await untilDocumentQuestion();
      proxy.holdAnswer("/uploads");
      const before = await botCount();
      await page.setInputFiles("#file", photo("ktp-diam.jpg", 200));
      await waitForBot(before);
      expect(proxy.count("/uploads")).toBe(2);
      expect(await status()).not.toMatch(/gagal|belum terkirim/);
      expect(await page.locator(".msg.me").last().textContent()).toBe("📎 ktp-diam.jpg");
      expect((await transcript()).filter((l) => l.from === "citizen" && l.text.includes("ktp-diam.jpg"))).toHaveLength(1);
    } finally {
      await context.close();
      await proxy.close();
    }
  });

  it("a typed answer whose reply never comes is sent again with its id: the reply shows, and Loket takes the message once", async () => {
    const proxy = await startFlakyProxy(base);
    try {
      await phone(proxy.url);
      const sent = proxy.count("/messages");
      proxy.holdAnswer("/messages");
      await type("syarat izin reklame apa saja");
      expect(proxy.count("/messages") - sent).toBe(2);
      expect((await page.locator(".msg.bot").allTextContents()).join("\n")).toMatch(/Izin Penyelenggaraan Reklame/);
      expect((await transcript()).filter((l) => l.from === "citizen" && l.text === "syarat izin reklame apa saja")).toHaveLength(1);
    } finally {
      await context.close();
      await proxy.close();
    }
  });

  // 60 s, as the other upload tests here: the page's own waits alone are about 12 s (four tries
  // given up after 1-1.5 s without progress each, 1 + 2 + 4 s between them), after an application
  // filled up to its document question; 20-22 s on a loaded 2-core VM, where the 30 s default
  // left the poll below (30 s) no room.
  it("the upload stops moving: tried again, then the page says the link is too slow and Kirim ulang sends it once when it moves again", async () => {
    await phone(base);
    await untilDocumentQuestion();
    const cdp = await context.newCDPSession(page);
    // About 1 byte a second up: the phone is "online", nothing gets through.
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1 });
    await page.setInputFiles("#file", photo("kk-macet.jpg", 300));
    await expect.poll(status, { timeout: 30_000 }).toMatch(/terlalu lambat/);
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    expect((await transcript()).filter((l) => l.from === "citizen" && l.text.includes("kk-macet.jpg"))).toHaveLength(0);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    const before = await botCount();
    await page.getByRole("button", { name: /kirim ulang/i }).click();
    await waitForBot(before);
    expect((await transcript()).filter((l) => l.from === "citizen" && l.text.includes("kk-macet.jpg"))).toHaveLength(1);
  }, 60_000);
});
