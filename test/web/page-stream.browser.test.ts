import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import type { TestLoket } from "../support/loket.js";

/**
 * Review findings: staff replies and status notices that never reach a citizen's open chat page
 * because its event stream is gone (never reopened, or cleared by a history redraw).
 */
describe("web chat page: staff replies reach an open page", () => {
  let t: TestLoket;
  let browser: Browser;
  let page: Page;
  let base: string;

  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ t, base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  beforeEach(async () => {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  });

  const lastBot = () => page.locator(".msg.bot").last().textContent();
  const botCount = () => page.locator(".msg.bot").count();
  const conversationId = async () => JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
  const type = async (text: string) => {
    const before = await botCount();
    await page.fill("#text", text);
    await page.click("#send");
    await expect.poll(botCount).toBeGreaterThan(before);
    await expect.poll(() => page.locator("#status").textContent()).toBe("");
  };
  const streams = () => t.loket.app.eventStreams;
  const freshConversation = async () => {
    await page.goto(base);
    await page.evaluate(() => localStorage.clear());
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await expect.poll(() => streams().size).toBeGreaterThan(0);
  };

  it("after the citizen erased their data and came back, the new conversation's page still gets staff replies", async () => {
    await freshConversation();
    // "hapus data saya", confirmed: the conversation and its token are gone.
    await type("hapus data saya");
    await type("ya");
    expect(await lastBot()).toMatch(/dihapus/);
    const erased = await conversationId();
    await expect.poll(async () => t.loket.store.get("web_tokens", `web:${erased}`)).toBeNull();
    // Later the citizen opens the chat again (same browser) and asks for a person.
    await page.reload();
    // The erased conversation cannot be continued: a new one, greeted (not "Percakapan sebelumnya dilanjutkan").
    await expect.poll(async () => (await conversationId()) !== erased && (await conversationId()) !== undefined).toBe(true);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await expect.poll(() => page.locator("#status").textContent()).toBe("");
    await page.fill("#text", "mau bicara dengan petugas");
    await page.click("#send");
    await expect.poll(async () => { const id = await conversationId(); return id && id !== erased; }).toBe(true);
    const id = await conversationId();
    await expect.poll(lastBot).toMatch(/petugas/i);
    await page.waitForTimeout(500);
    // A staff member answers in the new conversation.
    await t.loket.runtime.push(`web:${id}`, [{ type: "text", text: "Halo Bu, saya petugas Budi." }], "staff", "budi");
    await expect.poll(() => page.locator(".msg.staff").allTextContents(), { timeout: 8_000, message: `the staff reply never reached the open page (open streams on Loket: ${streams().size})` }).toContain("Halo Bu, saya petugas Budi.");
  });

  it("reconnects its event stream after a reconnection answered 502/503 (a proxy or balancer while Loket restarts)", async () => {
    await freshConversation();
    const id = await conversationId();
    // The office's reverse proxy answers the stream's reconnection with 502 while Loket restarts.
    let refused = 0;
    await page.route("**/api/conversations/*/events*", async (route) => {
      refused++;
      await route.fulfill({ status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1>" });
    });
    for (const res of streams()) res.end();
    await expect.poll(() => refused, { timeout: 15_000 }).toBeGreaterThan(0);
    await page.unroute("**/api/conversations/*/events*");
    // Loket is back; a status notice / staff reply is sent.
    await page.waitForTimeout(500);
    await t.loket.runtime.push(`web:${id}`, [{ type: "text", text: "📄 Berkas permohonan Bapak/Ibu sudah diverifikasi." }], "system");
    await expect
      .poll(async () => (await page.locator(".msg").allTextContents()).some((text) => /sudah diverifikasi/.test(text)), {
        timeout: 20_000,
        message: `the notice never reached the open page (open streams on Loket: ${streams().size})`,
      })
      .toBe(true);
  });

  it("does not wipe a staff reply that arrives over the event stream while a reload's history is on its way", async () => {
    await freshConversation();
    const id = await conversationId();
    await type("mau bicara dengan petugas");
    // The citizen reloads; the history answer takes a moment on a mobile connection, and a staff
    // reply is sent meanwhile (after Loket read the history, before the page got it).
    let pushed = false;
    const before = new Set(streams());
    await page.route("**/api/conversations/*/history", async (route) => {
      const res = await route.fetch(); // Loket reads the transcript now
      // The reloaded page's own stream is open (the closed page's is gone).
      await expect.poll(() => [...streams()].filter((s) => !before.has(s)).length).toBe(1);
      await expect.poll(() => [...streams()].filter((s) => before.has(s)).length).toBe(0);
      await t.loket.runtime.push(`web:${id}`, [{ type: "text", text: "Halo Bu, saya petugas Budi." }], "staff", "budi");
      pushed = true;
      await new Promise((r) => setTimeout(r, 500));
      await route.fulfill({ response: res });
    });
    await page.reload();
    await expect.poll(() => pushed).toBe(true);
    await expect.poll(() => page.getAttribute("#log", "aria-busy")).toBe("false");
    await page.unroute("**/api/conversations/*/history");
    await page.waitForTimeout(500);
    expect(await page.locator(".msg.staff").allTextContents(), "the staff reply shown over the stream was wiped by the history redraw").toContain("Halo Bu, saya petugas Budi.");
  });
});
