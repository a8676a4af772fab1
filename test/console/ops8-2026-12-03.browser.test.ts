import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edit } from "../support/clerk-copy.js";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "../staff/browser-support.js";

/**
 * Held-out ops8 (2026-12-03), in real Chromium, written before any change: a clerk rewords a
 * field's label and makes another field hold the applicant's name; an admin presses "Muat ulang"
 * in the console. Without logging in again, the application view shows the new label and the list
 * the applicant's name from the new field.
 */
const root = mkdtempSync(join(tmpdir(), "loket-ops8-console-"));
for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });

describe("ops8 held-out 2026-12-03: the console after a reload", () => {
  const ui = consoleInBrowser({ store: "sqlite", env: { KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows") }, messagesDir: join(root, "messages") });

  it("B1. the new label and the new name field, in the page that pressed the button", async () => {
    await ui.putApplication(applicationRecord({ number: "RBG-2026-000811", permit: "izin-reklame", conversationId: "web:ops8-b1", fields: { pemilik: "Rina Wulandari", nik: "3201010101010001" } }));
    const page = await ui.loggedIn("sari", { timeout: 8000 });
    edit(join(root, "messages/id/conversation.yaml"), `    nik: "NIK (16 angka di KTP)"\n`, `    nik: "Nomor Induk Kependudukan (16 angka)"\n`);
    edit(join(root, "flows/apply.yaml"), "      - { id: nama, label: field.label.nama,", "      - { id: pemilik, holds: name, label: field.label.nama,");
    await page.click("#tab-knowledge");
    await page.getByRole("button", { name: /Muat ulang pengetahuan/i }).click();
    await expect.poll(() => page.locator("#knowledge-result").innerText(), { timeout: 10_000 }).toMatch(/dipakai/i);
    await page.click("#tabs button[data-tab=apps]");
    await page.fill("#f-q", "wulandari");
    await page.click("#app-filter button[type=submit]");
    const row = page.locator("[data-number='RBG-2026-000811']");
    await expect.poll(() => row.innerText(), { timeout: 5000 }).toContain("Rina Wulandari");
    await row.click();
    await page.waitForSelector("#view-app:not([hidden])");
    expect(await page.locator("#app-detail th[title=nik]").innerText()).toBe("Nomor Induk Kependudukan");
    await page.close();
  });
});
