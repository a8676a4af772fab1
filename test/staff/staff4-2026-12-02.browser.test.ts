import { describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { jakartaDate } from "../../src/domain/hours.js";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf } from "./support.js";

/**
 * Held-out staff4 (2026-12-02), what only the console's page shows: the supervisor finding a case
 * closed yesterday by its day, an internal note and the citizen's earlier case in a case, and the
 * office's report for today.
 */
describe("staff4 held-out 2026-12-02, in the console", () => {
  // The real clock: the browser drops a session cookie whose expiry a pinned past clock set.
  const ui = consoleInBrowser();



  it("B1. the supervisor lists yesterday's cases by day, closed ones included, and opens one with its conversation", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("Izin reklame saya kapan jadi?");
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const budi = await ui.w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Besok siang sudah bisa diambil, Bu." })).status).toBe(200);
    expect((await budi.post(`/cases/${caseId}/close`)).status).toBe(200);
    // Opened yesterday (Asia/Jakarta).
    const yesterday = new Date(Date.now() - 86_400_000);
    const c = (await ui.w.t.loket.store.get<HandoffCase>("cases", caseId))!;
    await ui.w.t.loket.store.put("cases", caseId, { ...c, openedAt: yesterday.toISOString() });
    const page = await ui.loggedIn("sari", { timeout: 8000 });
    await page.fill("#h-from", jakartaDate(yesterday));
    await page.fill("#h-to", jakartaDate(yesterday));
    await page.click("#history-form button[type=submit]");
    await expect.poll(() => page.locator(`#history-list [data-case='${caseId}']`).count()).toBe(1);
    expect(await page.locator(`#history-list [data-case='${caseId}']`).innerText()).toMatch(/Selesai/);
    await page.click(`#history-list [data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    expect(await page.locator("#transcript").innerText()).toContain("Besok siang sudah bisa diambil");
    await page.close();
  });

  it("B2. an internal note written in the case shows to the next officer, never to the citizen; the citizen's earlier case is listed", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const first = await caseIdOf(ui.w, citizen);
    const sari = await ui.w.login("sari");
    expect((await sari.post(`/cases/${first}/messages`, { text: "Baik, sudah saya catat." })).status).toBe(200);
    expect((await sari.post(`/cases/${first}/close`)).status).toBe(200);
    await citizen.say("petugas");
    const second = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click(`#queue-list [data-case='${second}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await expect.poll(() => page.locator(`#case-earlier [data-case='${first}']`).count()).toBe(1);
    expect(await page.locator("#case-earlier").innerText()).toMatch(/sari/);
    await page.fill("#note-text", "Warga akan datang ke loket 2 besok jam 9.");
    await page.click("#btn-note");
    await expect.poll(() => page.locator("#case-notes").innerText()).toContain("loket 2 besok jam 9");
    expect(await page.inputValue("#note-text")).toBe("");
    const seen = citizen.events.received.length;
    const other = await ui.loggedIn("sari", { timeout: 8000 });
    await other.click(`#queue-list [data-case='${second}']`);
    await expect.poll(() => other.locator("#case-notes").innerText()).toContain("loket 2 besok jam 9");
    expect(citizen.events.received.slice(seen).some((o) => o.text.includes("loket 2"))).toBe(false);
    await page.close();
    await other.close();
  });

  it("B3. the report tab shows today's counts: applications per permit, handoffs, the median wait for a first reply, SKM answers", async () => {
    await ui.putApplication(applicationRecord({ number: "RBG-2026-000581", permit: "izin-reklame", conversationId: "web:r1", submittedAt: new Date().toISOString(), fields: { nama: "Rina Wulandari" } }));
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click("#tabs button[data-tab=report]");
    await page.waitForSelector("#view-report:not([hidden])");
    await expect.poll(() => page.locator("[data-testid=report-applications]").innerText()).toBe("1");
    const text = await page.locator("#report-result").innerText();
    expect(text).toContain("Izin Reklame");
    expect(text).not.toContain("Rina");
    expect(await page.locator("[data-testid=report-handoffs]").innerText()).toMatch(/^\d+$/);
    await page.close();
  });
});
