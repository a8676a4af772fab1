import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf } from "./support.js";

/**
 * Held-out 2026-12-04 (CI stop 47: the keyboard test timed out waiting for a case to open): a
 * staff member moving through a list with Tab and Enter while the list is drawn again live (a
 * waiting citizen writes, another application changes) stays on the row they were on, and Enter
 * opens it; before, the redraw dropped the focus to the page and Enter did nothing.
 */
describe("queue-focus 2026-12-04: a live redraw keeps the keyboard's place", () => {
  const ui = consoleInBrowser();
  const focused = (page: Page, attr: string) => page.evaluate((a) => document.activeElement?.getAttribute(a) ?? null, attr);

  it("F1. a queue row under the focus is still focused after the citizen writes again; Enter opens its case", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("budi", { viewport: { width: 1280, height: 800 }, timeout: 8000 });
    const row = page.locator(`#queue-list [data-case='${caseId}']`);
    await row.focus();
    expect(await focused(page, "data-case")).toBe(caseId);
    await citizen.say("izin reklame saya belum ada kabar");
    // The row is drawn again once the burst settles (400 ms): its new words show.
    await expect.poll(() => row.innerText(), { timeout: 8000 }).toContain("belum ada kabar");
    expect(await focused(page, "data-case")).toBe(caseId);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#view-case:not([hidden])");
    await page.close();
  });

  it("F2. an application row under the focus stays focused when another application changes; Enter opens it", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("halo");
    const a = applicationRecord({ number: "IRK-2026-000941", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Warga Fokus" } });
    const b = applicationRecord({ number: "IRK-2026-000942", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Warga Lain" } });
    await ui.putApplication(a);
    await ui.putApplication(b);
    const page = await ui.loggedIn("sari", { viewport: { width: 1280, height: 800 }, timeout: 8000 });
    await page.click("#tabs button[data-tab=apps]");
    const row = page.locator(`#apps-list [data-number='${a.number}']`);
    await row.focus();
    // A colleague changes the other application: every open list of applications is drawn again.
    const rows = page.locator("#apps-list [data-number]");
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    await rows.evaluateAll((els) => els.forEach((el) => el.classList.add("drawn-before")));
    expect((await ui.w.t.loket.staff.changeStatus(b.number, { username: "budi", role: "staff" } as never, { status: "verified" })).ok).toBe(true);
    // Drawn again: the rows are new elements, without the mark the old ones got.
    await expect.poll(() => page.locator("#apps-list .drawn-before").count(), { timeout: 8000 }).toBe(0);
    expect(await focused(page, "data-number")).toBe(a.number);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#view-app:not([hidden])");
    expect(await page.textContent("#view-app")).toContain(a.number);
    await page.close();
  });
});
