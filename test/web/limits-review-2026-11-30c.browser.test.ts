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
