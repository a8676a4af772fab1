import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addStaff } from "../../src/staff/auth.js";
import { consoleInBrowser } from "../staff/browser-support.js";
import { caseIdOf } from "../staff/support.js";

/**
 * staff8 (2026-12-03), in real Chromium on a desktop and a phone: a password change starts a new
 * session (a new cookie, a new CSRF token); the console must go on in it: a new case arriving shows
 * in the queue (the live events), and taking it works (the CSRF token of the new session).
 */
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe("staff8 2026-12-03, in the console", () => {
  const ui = consoleInBrowser();

  async function as(username: string, password: string, viewport: { width: number; height: number }): Promise<Page> {
    if (!(await ui.w.t.loket.store.get("staff", username))) await addStaff(ui.w.t.loket.store, { username, role: "staff", password });
    const page = await (await ui.browser.newContext({ viewport })).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${ui.w.base}/staff`);
    await page.fill("#username", username);
    await page.fill("#password", password);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    return page;
  }

  for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
    it(`C1 (${name}). after changing the password, a case that arrives shows in the queue and the staff member takes it`, async () => {
      const user = `ganti${name}`;
      const page = await as(user, "kata-sandi-lama-1", viewport);
      await page.click("#btn-password");
      await page.fill("#pw-old", "kata-sandi-lama-1");
      await page.fill("#pw-new", "kata-sandi-baru-2");
      await page.fill("#pw-new2", "kata-sandi-baru-2");
      await page.click("#password-form button[type=submit]");
      await expect.poll(() => page.locator("#pw-msg").innerText()).toMatch(/diganti/i);
      await page.click("#tabs button[data-tab=queue]");
      await page.waitForSelector("#view-queue:not([hidden])");
      const citizen = await ui.w.citizen();
      await citizen.say("petugas");
      const caseId = await caseIdOf(ui.w, citizen);
      // Shown by the live events, without reloading the page.
      await page.waitForSelector(`#queue-list [data-case='${caseId}']`, { timeout: 10_000 });
      await page.click(`#queue-list [data-case='${caseId}']`);
      await page.waitForSelector("#view-case:not([hidden])");
      await page.click("#btn-take");
      await expect.poll(async () => (await ui.w.t.loket.store.get<{ status: string; heldBy?: string }>("cases", caseId))?.heldBy, { timeout: 8000 }).toBe(user);
      expect(await page.locator("#case-error").innerText()).toBe("");
      await page.context().close();
    });
  }
});
