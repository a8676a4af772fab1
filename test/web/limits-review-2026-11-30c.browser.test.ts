import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, listening } from "../support/browser.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

describe("web chat page: new conversations from one network over WEB_CONVERSATIONS_PER_MINUTE", () => {
  let t: TestLoket;
  let base: string;
  let browser: Browser;
  // One second before a minute ends: the refusal asks for a one-second wait.
  let clock = Date.parse("2026-11-30T08:00:59.000Z");
  beforeAll(async () => {
    t = await createTestLoket({ store: "sqlite", env: { WEB_CONVERSATIONS_PER_MINUTE: "1" }, now: () => new Date(clock) });
    base = await listening(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("says so politely instead of 'cannot connect', then starts the conversation by itself once allowed", async () => {
    expect((await fetch(`${base}/api/conversations`, { method: "POST" })).status).toBe(201);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(base);
      await expect.poll(() => page.locator("#status").textContent()).toMatch(/^Mohon maaf Bapak\/Ibu, saat ini terlalu banyak percakapan baru/);
      expect(await page.locator(".msg.bot").count()).toBe(0);
      clock += 1000;
      await expect.poll(() => page.locator(".msg.bot").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator("#status").textContent()).toBe("");
    } finally {
      await page.close();
    }
  });
});

describe("web chat page: the event stream's URL", () => {
  let t: TestLoket;
  let base: string;
  let browser: Browser;
  let offset = 0;
  beforeAll(async () => {
    t = await createTestLoket({ store: "sqlite", now: () => new Date(Date.now() + offset) });
    base = await listening(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("never carries the conversation's token (it opens with a stream ticket), and staff replies still arrive, also after the stream was cut", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));
    try {
      await page.goto(base);
      await expect.poll(() => page.locator(".msg.bot").count()).toBeGreaterThan(0);
      await expect.poll(() => t.loket.app.eventStreams.size).toBe(1);
      const conv = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}") as { conversationId: string; token: string };
      expect(conv.token).toBeTruthy();
      const streamUrls = urls.filter((u) => u.includes("/events"));
      expect(streamUrls.length).toBeGreaterThan(0);
      for (const u of urls) expect(u).not.toContain(encodeURIComponent(conv.token));
      for (const u of streamUrls) expect(u).toMatch(/\?ticket=/);
      await t.loket.runtime.push(`web:${conv.conversationId}`, [{ type: "text", text: "Halo Bu, saya petugas Budi." }], "staff", "budi");
      await expect.poll(() => page.locator(".msg.staff").allTextContents()).toContain("Halo Bu, saya petugas Budi.");
      // The stream is cut (Loket ends it, as when its bus was away) after its ticket expired: the
      // browser's reconnection is refused, and the page opens it again with a new ticket.
      offset += 121_000;
      const tickets = urls.filter((u) => u.includes("/stream-ticket")).length;
      for (const res of [...t.loket.app.eventStreams]) res.end();
      await expect.poll(() => urls.filter((u) => u.includes("/stream-ticket")).length, { timeout: 15_000 }).toBeGreaterThan(tickets);
      await expect.poll(() => t.loket.app.eventStreams.size, { timeout: 15_000 }).toBe(1);
      await t.loket.runtime.push(`web:${conv.conversationId}`, [{ type: "text", text: "Berkas Ibu sudah kami terima." }], "staff", "budi");
      await expect.poll(() => page.locator(".msg.staff").allTextContents()).toContain("Berkas Ibu sudah kami terima.");
      for (const u of urls) expect(u).not.toContain(encodeURIComponent(conv.token));
    } finally {
      await page.close();
    }
  });
});
