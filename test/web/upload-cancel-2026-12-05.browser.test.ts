import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";
import type { TestLoket } from "../support/loket.js";

/**
 * ✕ tapped after Loket had the document (CI, 2026-12-05: the page said "dibatalkan" of a document
 * Loket had filed). The page learns it only from Loket; here the renderer is made to miss the
 * "all sent" event (as a loaded phone hears it late) and Loket's answer is held back, so ✕ is
 * tapped with the document filed, every time.
 */
describe("✕ on a document Loket has filed already, in Chromium", () => {
  let t: TestLoket;
  let base: string;
  let browser: Browser;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, base, browser, close } = await loketWithChromium());
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    // The upload's "all of it has left" event never reaches the page's handler.
    await page.addInitScript(() => {
      Object.defineProperty(XMLHttpRequestUpload.prototype, "onload", { configurable: true, get: () => null, set: () => undefined });
    });
  });
  afterAll(async () => close?.());

  const { lastBot, type } = citizenOn(() => page);
  const conversationId = async () => `web:${JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string}`;

  it("says it was too late, keeps the document shown as sent, and shows Loket's answer", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await type("mau daftar izin reklame");
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // Loket gets the whole upload (and files it); its answer is held until ✕ has been tapped.
    let reached!: () => void;
    const atLoket = new Promise<void>((r) => (reached = r));
    let tapped!: () => void;
    const afterTap = new Promise<void>((r) => (tapped = r));
    await page.route("**/uploads", async (route: Route) => {
      const response = await route.fetch();
      reached();
      await afterTap;
      await route.fulfill({ response }).catch(() => undefined);
    });
    await page.setInputFiles("#file", { name: "ktp-sudah.pdf", mimeType: "application/pdf", buffer: ownFile("pdf", "ktp-sudah") });
    await atLoket;
    const lines = await t.loket.store.transcript(await conversationId());
    expect(lines.filter((l) => l.from === "citizen" && l.text.includes("ktp-sudah.pdf"))).toHaveLength(1);
    await page.locator(".msg.me .cancel").click();
    tapped();
    await expect.poll(() => page.locator("#status").textContent()).toBe("Dokumen sudah terlanjur diterima sebelum dibatalkan.");
    // Drawn as Loket has it: the document, then its answer (the next question), and no ✕.
    await expect.poll(() => page.locator(".msg.me").last().textContent()).toContain("ktp-sudah.pdf");
    const told = lines.filter((l) => l.from === "bot").pop()!.text;
    await expect.poll(async () => (await page.locator(".msg.bot").last().textContent())?.replace(/\s+/g, " ")).toContain(told.split("\n")[0]!.replace(/[*_]/g, "").slice(0, 30));
    expect(await page.locator(".msg.me .cancel").count()).toBe(0);
    expect(await page.locator("#attach").isDisabled()).toBe(false);
    expect(errors).toEqual([]);
    await page.unroute("**/uploads");
  });
});
