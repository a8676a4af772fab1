import { describe, expect, it } from "vitest";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf } from "./support.js";

/**
 * Held-out staff12 (2026-12-04), each part written before its change: the console's queue row says
 * "Warga: …" only when it adds to "Perlu: …" (not the same line twice).
 */
const PHONE = { width: 390, height: 844 };

describe("staff12 held-out 2026-12-04: the console's queue row", () => {
  const ui = consoleInBrowser({ store: "sqlite" });

  it("B1. the citizen's words written after 'petugas' are the need: once (Perlu), no 'Warga:' repeating them; another last line still shown", { timeout: 60_000 }, async () => {
    const a = await ui.w.citizen();
    await a.say("petugas");
    await a.say("pbg saya ditolak kenapa ya");
    const b = await ui.w.citizen();
    await b.say("syarat pbg apa saja");
    await b.say("petugas");
    const [aId, bId] = [await caseIdOf(ui.w, a), await caseIdOf(ui.w, b)];
    const page = await ui.loggedIn("budi", { viewport: PHONE, timeout: 10_000 });
    await page.waitForSelector(`#queue-list [data-case='${bId}'] [data-testid=asked]`);
    const rowA = await page.$eval(`#queue-list [data-case='${aId}']`, (el) => (el as HTMLElement).innerText);
    expect(rowA).toMatch(/Perlu: .*“pbg saya ditolak kenapa ya”/);
    expect(rowA.match(/pbg saya ditolak kenapa ya/g)?.length, "the line once").toBe(1);
    expect(await page.$(`#queue-list [data-case='${aId}'] [data-testid=asked]`)).toBeNull();
    const rowB = await page.$eval(`#queue-list [data-case='${bId}']`, (el) => (el as HTMLElement).innerText);
    expect(rowB).toContain("Warga: “petugas”");
    await page.close();
  });
});
