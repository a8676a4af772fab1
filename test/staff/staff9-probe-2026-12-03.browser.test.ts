import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf } from "./support.js";

/**
 * Probe set staff9 (2026-12-03), written after the fix and not tuned on: the queue's "what the
 * citizen asked" line (long, markup-like, live, on a phone), a reload in the middle of a status
 * change, and a logout that forgets what a reload would have brought back.
 */
const PHONE = { width: 390, height: 844 };

describe("staff9 probe 2026-12-03", () => {
  const ui = consoleInBrowser();
  const rowOf = (page: Page, caseId: string) => page.locator(`#queue-list [data-case='${caseId}']`);

  it("P1. a long question with markup-like text: cut with '…', shown as text, no sideways scroll on a phone", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const long = `<b>tolong</b> ${"izin reklame saya sudah lama belum ada kabar ".repeat(8)}ujung`;
    await citizen.say(long);
    const caseId = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("budi", { viewport: PHONE, timeout: 8000 });
    const asked = rowOf(page, caseId).locator("[data-testid=asked]");
    await expect.poll(() => asked.innerText()).toContain("<b>tolong</b>");
    const text = await asked.innerText();
    expect(text).toMatch(/…”$/);
    expect(text).not.toContain("ujung");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });

  it("P2. a citizen writes again while waiting: the queue shows the new words without a reload", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await expect.poll(() => rowOf(page, caseId).innerText()).toContain("petugas");
    await citizen.say("nomor NIB saya tidak terbaca di OSS");
    await expect.poll(() => rowOf(page, caseId).innerText(), { timeout: 8000 }).toContain("tidak terbaca di OSS");
    await page.close();
  });

  it("P3. a reload in the middle of a status change: the application opens again with the status, note and ticked document", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("halo");
    const app = applicationRecord({ number: "IRK-2026-000931", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Warga Probe" } });
    await ui.putApplication(app);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click("#tabs button[data-tab=apps]");
    await page.click(`[data-number='${app.number}']`);
    await page.waitForSelector("#view-app:not([hidden])");
    await page.selectOption("#s-status", "needs_correction");
    await page.check("#s-docs-list input[value='izin_pemilik_lahan']");
    await page.fill("#s-note", "Bukti sewa lokasi sudah habis masa berlakunya.");
    await page.reload();
    await page.waitForSelector("#view-app:not([hidden])");
    expect(await page.inputValue("#s-status")).toBe("needs_correction");
    expect(await page.inputValue("#s-note")).toBe("Bukti sewa lokasi sudah habis masa berlakunya.");
    expect(await page.isChecked("#s-docs-list input[value='izin_pemilik_lahan']")).toBe(true);
    expect(await page.isVisible("#s-docs")).toBe(true);
    await page.close();
  });

  it("P4. logged out with a draft: a reload and a new login (same account or another) show the queue, not the case or the draft", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click(`#queue-list [data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await page.fill("#reply-text", "Draf yang tidak boleh muncul lagi");
    await page.click("#logout");
    await page.waitForSelector("#view-login:not([hidden])");
    await page.reload();
    await page.waitForSelector("#view-login:not([hidden])");
    await ui.logIn(page, "sari");
    expect(await page.inputValue("#reply-text")).toBe("");
    await page.click("#logout");
    await page.waitForSelector("#view-login:not([hidden])");
    await ui.logIn(page, "budi");
    expect(await page.isVisible("#view-queue")).toBe(true);
    expect(await page.inputValue("#reply-text")).toBe("");
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.close();
  });
});
