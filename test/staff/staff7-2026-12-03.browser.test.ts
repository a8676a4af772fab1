import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addStaff, setStaffDisabled, type StaffSession } from "../../src/staff/auth.js";
import { consoleInBrowser } from "./browser-support.js";

/**
 * Held-out staff7 (2026-12-03), in real Chromium on a desktop and a phone: a staff member changes
 * their own password in the console, and a console whose session ended says why (the password
 * changed, the 12 hours ran out, the account disabled, logged out in another tab). Written before
 * any change; each test makes its own account, as the world is shared.
 */
const PHONE = { width: 390, height: 844 };

// Each test hashes and checks passwords (scrypt) several times and logs in through Chromium: B1 took
// 26.8 s of the 30 s default on a 2-core machine at load 8-15 (flake2), so the file has 60 s a test.
describe("staff7 held-out 2026-12-03, in the console", { timeout: 60_000 }, () => {
  const ui = consoleInBrowser();

  async function as(username: string, password: string, viewport?: { width: number; height: number }): Promise<Page> {
    if (!(await ui.w.t.loket.store.get("staff", username))) await addStaff(ui.w.t.loket.store, { username, role: "staff", password });
    const page = await (await ui.browser.newContext(viewport ? { viewport } : {})).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${ui.w.base}/staff`);
    await page.fill("#username", username);
    await page.fill("#password", password);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    return page;
  }

  // The next thing staff do after the session ended elsewhere: open the applications tab. The
  // console's own refresh (the queue's, every few seconds) may meet the ended session first and show
  // the login by itself, hiding the tabs: then there is nothing to click (CI, 2026-12-04, B4 waited
  // 8 s for a hidden tab). Either way the login must show, with the reason.
  async function nextStep(page: Page): Promise<string> {
    const login = "#view-login:not([hidden])";
    await Promise.race([page.click("#tabs button[data-tab=apps]").catch(() => undefined), page.waitForSelector(login)]);
    await page.waitForSelector(login);
    return page.locator("#login-error").innerText();
  }

  async function changePassword(page: Page, old: string, next: string, again = next): Promise<void> {
    await page.click("#btn-password");
    await page.waitForSelector("#view-password:not([hidden])");
    await page.fill("#pw-old", old);
    await page.fill("#pw-new", next);
    await page.fill("#pw-new2", again);
    await page.click("#password-form button[type=submit]");
  }

  it("B1. on a desktop, a staff member changes their own password: told it changed, still logged in, the new one logs in", async () => {
    const page = await as("dewi", "kata-sandi-dewi-1");
    await changePassword(page, "kata-sandi-dewi-1", "kata-sandi-dewi-2");
    await expect.poll(() => page.locator("#pw-msg").innerText()).toMatch(/diganti/i);
    await page.click("#tabs button[data-tab=queue]");
    await page.waitForSelector("#view-queue:not([hidden])");
    await page.context().close();
    const again = await as("dewi", "kata-sandi-dewi-2");
    await again.context().close();
  });

  it("B2. on a phone, a wrong old password or two new ones that differ are said in Indonesian, nothing changed", async () => {
    const page = await as("eko", "kata-sandi-eko-11", PHONE);
    await changePassword(page, "bukan-sandi-eko", "kata-sandi-eko-22");
    await expect.poll(() => page.locator("#pw-error").innerText()).toMatch(/kata sandi lama salah/i);
    await page.fill("#pw-old", "kata-sandi-eko-11");
    await page.fill("#pw-new", "kata-sandi-eko-22");
    await page.fill("#pw-new2", "kata-sandi-eko-23");
    await page.click("#password-form button[type=submit]");
    await expect.poll(() => page.locator("#pw-error").innerText()).toMatch(/tidak sama/i);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.context().close();
    await (await as("eko", "kata-sandi-eko-11")).context().close();
  });

  it("B3. the password changed on the desktop: the phone's console says the password of this account was changed (not a list of guesses)", async () => {
    const desk = await as("fajar", "kata-sandi-fajar-1");
    const phone = await as("fajar", "kata-sandi-fajar-1", PHONE);
    await changePassword(desk, "kata-sandi-fajar-1", "kata-sandi-fajar-2");
    await expect.poll(() => desk.locator("#pw-msg").innerText()).toMatch(/diganti/i);
    const said = await nextStep(phone);
    expect(said).toMatch(/kata sandi/i);
    expect(said).not.toMatch(/kedaluwarsa|dinonaktifkan/i);
    await desk.context().close();
    await phone.context().close();
  });

  it("B4. a session whose 12 hours ran out says so (and nothing about a password)", async () => {
    const page = await as("gita", "kata-sandi-gita-1");
    const store = ui.w.t.loket.store;
    for (const s of await store.list<StaffSession>("sessions")) if (s.username === "gita") await store.put("sessions", s.id, { ...s, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const said = await nextStep(page);
    expect(said).toMatch(/12 jam|habis/i);
    expect(said).not.toMatch(/kata sandi|dinonaktifkan/i);
    await page.context().close();
  });

  it("B5. an account disabled by an admin: the console says the account was disabled, ask an admin", async () => {
    const page = await as("hadi", "kata-sandi-hadi-1");
    await setStaffDisabled(ui.w.t.loket.store, "hadi", true);
    const said = await nextStep(page);
    expect(said).toMatch(/dinonaktifkan/i);
    expect(said).toMatch(/admin/i);
    expect(said).not.toMatch(/kedaluwarsa|kata sandi/i);
    await page.context().close();
  });

  it("B6. logged out in another tab of the same browser: this tab says it was logged out, not that the session expired", async () => {
    const page = await as("indah", "kata-sandi-indah-1");
    const other = await page.context().newPage();
    await other.goto(`${ui.w.base}/staff`);
    await other.waitForSelector("#view-queue:not([hidden])");
    await other.click("#logout");
    await other.waitForSelector("#view-login:not([hidden])");
    const said = await nextStep(page);
    expect(said).toMatch(/keluar/i);
    expect(said).not.toMatch(/kedaluwarsa|kata sandi|dinonaktifkan/i);
    await page.context().close();
  });
});
