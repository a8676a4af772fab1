import { describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf } from "./support.js";

/**
 * Held-out staff3 (2026-12-02), what only the console's page shows: the queue searched by a
 * registration number read out on the phone, the applications the office owes past the permit's
 * processing time marked and listed first, and a case whose conversation was erased said so.
 */
describe("staff3 held-out 2026-12-02, in the console", () => {
  // The real clock: the browser drops a session cookie whose expiry a pinned past clock set.
  const ui = consoleInBrowser();



  it("B1. the queue's search box finds the case of a number typed in lower case with spaces", async () => {
    const mine = await ui.w.citizen();
    await mine.say("halo");
    await ui.putApplication(applicationRecord({ number: "RBG-2026-000481", permit: "izin-reklame", conversationId: mine.conversationId, fields: { nama: "Rina" } }));
    await mine.say("petugas");
    const other = await ui.w.citizen();
    await other.say("petugas");
    const caseId = await caseIdOf(ui.w, mine);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await expect.poll(() => page.locator("#queue-list [data-case]").count()).toBe(2);
    await page.fill("#queue-q", "rbg 2026 000481");
    await page.press("#queue-q", "Enter");
    await expect.poll(() => page.locator("#queue-list [data-case]").count()).toBe(1);
    expect(await page.getAttribute("#queue-list [data-case]", "data-case")).toBe(caseId);
    await page.close();
  });

  it("B2. the applications list sorted by due date shows the overdue one first, marked", async () => {
    // PBG: the national 28 working days (the shipped reklame file has no time of this office since round "regions").
    const put = (number: string, submittedAt: string) =>
      ui.putApplication(applicationRecord({ number, permit: "pbg", conversationId: `web:${number}`, submittedAt, updatedAt: submittedAt, fields: { nama: "Warga" }, history: [{ status: "received", at: submittedAt, by: "loket" }] }));
    const day = 86_400_000;
    await put("RBG-2026-000482", new Date(Date.now() - 90 * day).toISOString()); // 28 working days: long overdue
    await put("RBG-2026-000483", new Date(Date.now() - 60_000).toISOString());
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click("#tabs button[data-tab=apps]");
    await page.selectOption("#f-sort", "due");
    await page.click("#app-filter button[type=submit]");
    await expect.poll(() => page.locator("#apps-list [data-number]").first().getAttribute("data-number")).toBe("RBG-2026-000482");
    const first = await page.locator("[data-number='RBG-2026-000482']").innerText();
    expect(first).toMatch(/Lewat target/i);
    expect(await page.locator("[data-number='RBG-2026-000483']").innerText()).toMatch(/Target selesai/i);
    await page.close();
  });

  it("B3. a case on screen whose citizen has the conversation erased after it was closed says so, instead of an empty conversation", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click(`#queue-list [data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await page.fill("#reply-text", "Baik, sudah kami catat.");
    await page.click("#btn-reply");
    await expect.poll(() => page.locator("#transcript").innerText()).toContain("sudah kami catat");
    page.on("dialog", (d) => void d.accept());
    await page.click("#btn-close");
    await expect.poll(() => page.textContent("#case-status")).toMatch(/Selesai|Ditutup/i);
    await citizen.say("hapus data saya");
    await citizen.say("ya");
    await expect.poll(() => page.locator("#transcript").innerText()).toMatch(/sudah dihapus/);
    expect(await page.locator("#transcript").innerText()).not.toContain("sudah kami catat");
    await page.close();
  });
});
