import { describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "./browser-support.js";

/**
 * The console sends the version of the application it shows. Budi's screen still shows
 * "Diterima" (its live stream is down: a flaky office network) when Sari verifies the application;
 * Budi's rejection from that screen is refused with what the application is now, and the citizen
 * hears only Sari's decision.
 */
describe("console status change from a stale screen", () => {
  const ui = consoleInBrowser();

  it("is refused in Indonesian with the current status and who changed it", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("halo");
    const app = applicationRecord({ number: "RBG-2026-000778", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Siti" } });
    await ui.w.t.loket.store.put("applications", app.number, app);

    const page = await ui.browser.newPage();
    await page.route("**/staff/api/events", (r) => r.abort());
    await page.goto(`${ui.w.base}/staff`);
    await ui.logIn(page, "budi");
    await page.click("#tabs button[data-tab=apps]");
    await page.click("#app-filter button[type=submit]");
    await page.click(`[data-number='${app.number}']`);
    await page.waitForSelector("#view-app:not([hidden])");

    const sari = await ui.w.login("sari");
    const { version } = (await sari.json<{ application: { version: number } }>(`/applications/${app.number}`)).application;
    expect((await sari.post(`/applications/${app.number}/status`, { status: "verified", version })).status).toBe(200);

    await page.selectOption("#s-status", "rejected");
    await page.fill("#s-note", "Lokasi di zona hijau");
    await page.click("#status-form button[type=submit]");
    await expect.poll(() => page.textContent("#status-msg")).toContain("sudah diubah oleh sari menjadi Terverifikasi");
    // The screen now shows the current history, and what Budi typed is still there.
    expect(await page.locator("#app-detail").innerText()).toContain("Terverifikasi");
    expect(await page.inputValue("#s-note")).toBe("Lokasi di zona hijau");

    const stored = (await ui.w.t.loket.store.get<Application>("applications", app.number))!;
    expect(stored.history.map((h) => h.status)).toEqual(["received", "verified"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(citizen.events.received.filter((o) => o.text.includes(app.number))).toHaveLength(1);
  });
});
