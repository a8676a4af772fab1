import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edit } from "../support/clerk-copy.js";
import { consoleInBrowser } from "../staff/browser-support.js";

/**
 * Held-out ops6 (2026-12-03), in real Chromium, written before any change: the staff console's
 * "Muat ulang pengetahuan" button. An admin finds it, presses it, and reads the version this
 * instance took, or, for a broken edit, every problem with its file:line and what to write.
 * Staff who are not admins do not see it.
 */
const dir = mkdtempSync(join(tmpdir(), "loket-ops6-console-"));
cpSync("knowledge", dir, { recursive: true });

describe("ops6 held-out 2026-12-03: the reload button in the console", () => {
  const ui = consoleInBrowser({ store: "sqlite", env: { KNOWLEDGE_DIR: dir } });

  it("B1. an admin reloads a good edit: the console says it was taken, with its version", async () => {
    const page = await ui.loggedIn("sari", { timeout: 8000 });
    await page.click("#tab-knowledge");
    await page.waitForSelector("#view-knowledge:not([hidden])");
    const before = await page.locator("#knowledge-version").innerText();
    edit(join(dir, "permits/sppl.md"), "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.", "validity: SPPL berlaku selama kegiatan usaha tidak berubah.");
    await page.getByRole("button", { name: /Muat ulang pengetahuan/i }).click();
    await expect.poll(() => page.locator("#knowledge-result").innerText(), { timeout: 10_000 }).toMatch(/dipakai|berhasil/i);
    const after = await page.locator("#knowledge-version").innerText();
    expect(after).not.toBe(before);
    expect(await page.locator("#knowledge-result").innerText()).toContain(after.trim().slice(0, 8));
    await page.close();
  });

  it("B2. an admin reloads a broken edit: every problem with file:line, and that the old knowledge still serves", async () => {
    const line = edit(join(dir, "permits/sppl.md"), "amount: gratis", "amount: 75rb");
    const page = await ui.loggedIn("sari", { timeout: 8000 });
    await page.click("#tab-knowledge");
    await page.getByRole("button", { name: /Muat ulang pengetahuan/i }).click();
    await expect.poll(() => page.locator("#knowledge-result").innerText(), { timeout: 10_000 }).toContain(`sppl.md:${line}`);
    const text = await page.locator("#knowledge-result").innerText();
    expect(text).toContain("amount: 75000");
    expect(text).toMatch(/lama|sebelumnya/i);
    edit(join(dir, "permits/sppl.md"), "amount: 75rb", "amount: gratis");
    await page.close();
  });

  it("B3. staff who are not admins see no reload button", async () => {
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    expect(await page.locator("#tab-knowledge").isVisible()).toBe(false);
    await page.close();
  });
});
