import { describe, expect, it } from "vitest";
import { setStaffPassword } from "../../src/staff/auth.js";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf, PASSWORDS } from "./support.js";

/**
 * Held-out staff6 (2026-12-03), in real Chromium on a phone and a desktop: a forgotten password at
 * the login, the same account on two devices, ten citizens waiting on a phone's screen, and a
 * password set anew while the console is open. Written before any change.
 */
const PHONE = { width: 390, height: 844 };

describe("staff6 held-out 2026-12-03, in the console", () => {
  const ui = consoleInBrowser();

  it("B1. on a phone, the login says what to do when the password is forgotten", async () => {
    const page = await ui.browser.newPage({ viewport: PHONE });
    await page.goto(`${ui.w.base}/staff`);
    await page.waitForSelector("#view-login:not([hidden])");
    const login = await page.locator("#view-login").innerText();
    expect(login).toMatch(/Lupa kata sandi/i);
    expect(login).toMatch(/admin/i);
    await page.close();
  });

  it("B2. the same account on a desktop and a phone: a reply sent from the phone shows in the case open on the desktop", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const desktop = await ui.loggedIn("budi", { timeout: 8000 });
    await desktop.click(`#queue-list [data-case='${caseId}']`);
    await desktop.waitForSelector("#view-case:not([hidden])");
    const phone = await ui.loggedIn("budi", { viewport: PHONE, timeout: 8000 });
    await phone.click(`#queue-list [data-case='${caseId}']`);
    await phone.waitForSelector("#view-case:not([hidden])");
    await phone.fill("#reply-text", "Baik Bu, berkasnya saya periksa sekarang.");
    await phone.click("#btn-reply");
    await expect.poll(() => desktop.locator("#transcript").innerText(), { timeout: 8000 }).toContain("berkasnya saya periksa");
    await desktop.close();
    await phone.close();
  });

  it("B3. ten citizens waiting, on a phone: all ten listed with their place, nothing wider than the screen", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await ui.w.citizen();
      await c.say("petugas");
      ids.push(await caseIdOf(ui.w, c));
    }
    const page = await ui.loggedIn("budi", { viewport: PHONE, timeout: 8000 });
    await expect.poll(() => page.locator("#queue-list [data-case]").count()).toBeGreaterThanOrEqual(10);
    for (const id of ids) expect(await page.locator(`#queue-list [data-case='${id}']`).count()).toBe(1);
    expect(await page.locator(`#queue-list [data-case='${ids[9]}']`).innerText()).toMatch(/ke-\d+/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });

  it("B4. a password set anew while the console is open: the next action shows the login saying why, and the new password reopens the case with the reply typed", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("sari", { timeout: 8000 });
    await page.click(`#queue-list [data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await page.fill("#reply-text", "Mohon ditunggu sebentar, Bu.");
    expect((await setStaffPassword(ui.w.t.loket.store, "sari", "kata-sandi-sari-baru")).ok).toBe(true);
    await page.click("#btn-take");
    await page.waitForSelector("#view-login:not([hidden])");
    expect(await page.locator("#login-error").innerText()).toMatch(/kata sandi/i);
    await page.fill("#username", "sari");
    await page.fill("#password", "kata-sandi-sari-baru");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-case:not([hidden])");
    expect(await page.inputValue("#reply-text")).toBe("Mohon ditunggu sebentar, Bu.");
    await setStaffPassword(ui.w.t.loket.store, "sari", PASSWORDS.sari);
    await page.close();
  });
});

describe("staff6 held-out 2026-12-03 (b), a forgotten password at the login", () => {
  const ui = consoleInBrowser();

  it("B5. after too many wrong passwords the login says how long to wait and that an admin can set a new password", async () => {
    const page = await ui.browser.newPage({ viewport: PHONE });
    await page.goto(`${ui.w.base}/staff`);
    for (let i = 0; i < 6; i++) {
      await page.fill("#username", "budi");
      await page.fill("#password", `salah-salah-${i}`);
      await page.click("#login-form button[type=submit]");
      await expect.poll(() => page.locator("#login-error").innerText()).not.toBe("");
      if (i < 5) await page.evaluate(() => { document.getElementById("login-error")!.textContent = ""; });
    }
    const said = await page.locator("#login-error").innerText();
    expect(said).toMatch(/\d+ menit/);
    expect(said).toMatch(/admin/i);
    await page.close();
  });
});
