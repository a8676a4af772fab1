import { describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "./browser-support.js";

/**
 * What a clerk sees in the console of UU 27/2022: an overdue personal-data request in the queue
 * and its case, marked done with one button (the citizen told), and an application's consent,
 * "tidak tercatat" for one of before.
 */
describe("console: personal-data deadlines and consent", () => {
  let clock = new Date("2026-12-01T02:00:00.000Z");
  const ui = consoleInBrowser({ now: () => clock });

  it("shows the due time in WIB, marks it overdue, and marks the request done", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("minta salinan data saya");
    await citizen.tap("privacy.offer:staff");
    const c = (await ui.w.t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === citizen.conversationId)!;
    const old = applicationRecord({ number: "RBG-2025-000009", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Siti" } });
    await ui.w.t.loket.store.put("applications", old.number, old);
    await ui.w.t.loket.store.put("conversation_applications", citizen.conversationId, { numbers: [old.number] });
    clock = new Date("2026-12-04T03:00:00.000Z"); // 73 hours later

    const page = await ui.browser.newPage();
    await page.goto(`${ui.w.base}/staff`);
    await ui.logIn(page, "budi");
    await expect.poll(() => page.locator(`[data-case='${c.id}']`).innerText()).toContain("Lewat batas UU PDP");

    await page.click(`[data-case='${c.id}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    // 1 Dec 02:00 UTC + 72 h = 4 Dec 02:00 UTC = 09:00 WIB.
    expect(await page.textContent("[data-testid=privacy-due]")).toMatch(/batas tindak lanjut 04\/12\/26,? 09[.:]00 WIB — LEWAT BATAS/);
    expect(await page.locator("#case-apps [data-testid=consent]").innerText()).toBe("Persetujuan data: tidak tercatat");

    page.on("dialog", (d) => void d.accept());
    await page.click("#btn-privacy-done");
    await expect.poll(() => page.textContent("[data-testid=privacy-due]")).toMatch(/Permintaan data pribadi selesai .* WIB oleh budi/);
    expect(await page.isHidden("#btn-privacy-done")).toBe(true);
    await expect.poll(() => citizen.events.received.some((o) => /data pribadi sudah diselesaikan petugas/.test(o.text))).toBe(true);
  });
});
