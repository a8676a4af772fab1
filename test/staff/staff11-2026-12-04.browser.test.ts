import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/staff/audit.js";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf } from "./support.js";

/**
 * Held-out staff11 (2026-12-04), written before the console's change: the queue row says what the
 * citizen needs ("Perlu: …") on a phone, cut (not overflowing) when long; the audit view's detail
 * column wraps or cuts a long detail on a phone, the page never scrolling sideways.
 */
const PHONE = { width: 390, height: 844 };

/** Whether an element stays inside the viewport's width, and whether its text is cut (clipped, not all of it shown). */
const boxOf = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { right: r.right, cut: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1, text: (el as HTMLElement).innerText };
  });
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe("staff11 held-out 2026-12-04: the console on a phone", () => {
  const ui = consoleInBrowser({ store: "sqlite" });

  it("B1. the queue row says 'Perlu: …' with the permit and the question, not 'petugas'; a long need is cut at 390 px, no sideways scroll", { timeout: 60_000 }, async () => {
    const a = await ui.w.citizen();
    await a.say("syarat pbg apa saja");
    await a.say("petugas");
    const b = await ui.w.citizen();
    const long = `saya mau tanya soal izin reklame baliho di pinggir jalan ${"yang ukurannya besar sekali dan berlampu ".repeat(6)}ujung`;
    await b.say(long);
    await b.say("halo?");
    await b.say("mau bicara dengan admin");
    const [aId, bId] = [await caseIdOf(ui.w, a), await caseIdOf(ui.w, b)];
    const page = await ui.loggedIn("budi", { viewport: PHONE, timeout: 10_000 });
    const needA = `#queue-list [data-case='${aId}'] [data-testid=need]`;
    const needB = `#queue-list [data-case='${bId}'] [data-testid=need]`;
    await page.waitForSelector(needA);
    const rowA = await boxOf(page, needA);
    expect(rowA.text).toMatch(/^Perlu: Persetujuan Bangunan Gedung \(PBG\).*“syarat pbg apa saja”/);
    const rowB = await boxOf(page, needB);
    expect(rowB.text).toContain("saya mau tanya soal izin reklame baliho");
    expect(rowB.cut, "the long need is cut on a phone").toBe(true);
    expect(rowB.right).toBeLessThanOrEqual(PHONE.width);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });

  it("B2. the audit view on a phone: a long detail (unbroken) wraps or is cut in its column, no sideways scroll", { timeout: 60_000 }, async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `0000000${i}-aaaa-bbbb-cccc-dddddddddddd`).join(",");
    await audit(ui.w.t.loket.store, new Date(), () => "staff11-audit-long", { by: "budi", action: "view", detail: `cases:${ids}` });
    const page = await ui.loggedIn("sari", { viewport: PHONE, timeout: 10_000 });
    await page.click("#tabs button[data-tab=audit]");
    await page.waitForSelector("#audit-list table");
    const cell = await page.$$eval("#audit-list td", (tds) => {
      const td = tds.find((t) => (t as HTMLElement).innerText.includes("cases:"))!;
      const r = td.getBoundingClientRect();
      return { right: r.right, overflows: td.scrollWidth > td.clientWidth + 1 };
    });
    expect(cell.overflows, "the detail stays in its column").toBe(false);
    expect(cell.right).toBeLessThanOrEqual(PHONE.width);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    // The other columns keep their words whole (the detail does not squeeze "sari" to "s a ri",
    // "Waktu" to "W ak tu"): each header and the "Oleh" cell of that line on one line.
    const broken = await page.$$eval("#audit-list tr", (rows) => {
      const row = rows.find((r) => (r as HTMLElement).innerText.includes("cases:"))!;
      const cells = [...Array.from(rows[0]!.children), row.children[1]!] as HTMLElement[];
      return cells.filter((c) => c.getBoundingClientRect().height > parseFloat(getComputedStyle(c).lineHeight) * 1.5 + parseFloat(getComputedStyle(c).paddingTop) * 2 && !c.innerText.includes(" ")).map((c) => c.innerText);
    });
    expect(broken, "one-word cells broken across lines").toEqual([]);
    await page.close();
  });
});
