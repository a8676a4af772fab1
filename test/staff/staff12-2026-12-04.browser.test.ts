import { describe, expect, it } from "vitest";
import { audit } from "../../src/staff/audit.js";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf } from "./support.js";

/**
 * Held-out staff12 (2026-12-04), each part written before its change: the console's queue row says
 * "Warga: …" only when it adds to "Perlu: …" (not the same line twice); found walking a clerk's
 * job at 390 and 1280 px: an application opened from a case goes back to that case (not to the
 * applications list, losing the case being served); its history table keeps its words whole on a phone; an empty count badge is not drawn; the audit names a status as the console does ("Terverifikasi", not "verified").
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

  it("B2. 'Buka permohonan / ubah status' from a case: back goes to the case (its reply draft kept), not to the list", { timeout: 60_000 }, async () => {
    const number = "RBG-2026-000321";
    await ui.putApplication(applicationRecord({ number, permit: "pbg", conversationId: "web:other-b2" }));
    const c = await ui.w.citizen();
    await c.say(`${number} sudah sampai mana?`);
    await c.say("saya mau bicara petugas");
    const id = await caseIdOf(ui.w, c);
    for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
      const page = await ui.loggedIn("budi", { viewport, timeout: 10_000 });
      await page.click(`#queue-list [data-case='${id}']`);
      await page.waitForSelector("#view-case:not([hidden])");
      await page.fill("#reply-text", "Baik Bapak/Ibu, sedang kami periksa.");
      await page.click("#case-apps button");
      await page.waitForSelector("#view-app:not([hidden])");
      expect(await page.textContent("#app-back")).toContain("Kembali ke kasus");
      await page.click("#app-back");
      await page.waitForSelector("#view-case:not([hidden])");
      expect(await page.inputValue("#reply-text")).toBe("Baik Bapak/Ibu, sedang kami periksa.");
      // Opened from the applications list, back is the list.
      await page.click("#tabs button[data-tab=apps]");
      await page.click(`#apps-list [data-number='${number}']`);
      await page.waitForSelector("#view-app:not([hidden])");
      expect(await page.textContent("#app-back")).toContain("Kembali ke daftar");
      await page.click("#app-back");
      await page.waitForSelector("#view-apps:not([hidden])");
      await page.close();
    }
  });

  it("B3. an application's history on a phone: one-word cells ('Oleh' budi, 'Terverifikasi') not broken across lines, no sideways scroll", { timeout: 60_000 }, async () => {
    const number = "RBG-2026-000322";
    const app = applicationRecord({ number, permit: "pbg", conversationId: "web:other-b3" });
    await ui.putApplication(app);
    const saved = await ui.w.ops.changeStatus(number, { username: "budi", role: "staff", displayName: "Budi" }, { status: "verified", note: "Berkas sudah lengkap dan sesuai dengan persyaratan teknis." });
    expect(saved.ok).toBe(true);
    const page = await ui.loggedIn("budi", { viewport: PHONE, timeout: 10_000 });
    await page.click("#tabs button[data-tab=apps]");
    await page.click(`#apps-list [data-number='${number}']`);
    await page.waitForSelector("#view-app:not([hidden]) #app-detail h3");
    const rows = await page.$$eval("#app-detail .card:has(h3) tr", (trs) => trs.map((r) => (r as HTMLElement).innerText));
    expect(rows.join("\n")).toContain("budi");
    const broken = await page.$$eval("#app-detail .card:has(h3) tr > *", (cells) =>
      (cells as HTMLElement[])
        .filter((c) => {
          if (!c.innerText.trim() || c.innerText.trim().includes(" ")) return false;
          // A word on one line has one box; broken ("Ole h", "bud i") it has one per line.
          const r = document.createRange();
          r.selectNodeContents(c);
          return new Set(Array.from(r.getClientRects(), (b) => Math.round(b.top))).size > 1;
        })
        .map((c) => c.innerText));
    expect(broken, "one-word cells broken across lines").toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });
});

describe("staff12 held-out 2026-12-04: the queue tab with nobody waiting", () => {
  const ui = consoleInBrowser({ store: "sqlite" });

  it("B4. no case waiting: the 'Antrean' tab shows no empty grey badge beside its name", { timeout: 60_000 }, async () => {
    for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
      const page = await ui.loggedIn("budi", { viewport, timeout: 10_000 });
      await page.waitForSelector("#queue-list p");
      const badge = await page.$eval("#queue-count", (el) => ({ text: el.textContent, width: el.getBoundingClientRect().width }));
      expect(badge.text).toBe("");
      expect(badge.width, "an empty badge takes no room").toBe(0);
      await page.close();
    }
  });
});

describe("staff12 held-out 2026-12-04: the audit view names statuses as the console does", () => {
  const ui = consoleInBrowser({ store: "sqlite" });

  it("B5. a status change in the audit: 'ubah status · RBG-… · Terverifikasi', not the API's 'verified'", { timeout: 60_000 }, async () => {
    await audit(ui.w.t.loket.store, new Date(), () => "staff12-audit-status", { by: "budi", action: "status", applicationNumber: "RBG-2026-000777", detail: "verified" });
    for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
      const page = await ui.loggedIn("sari", { viewport, timeout: 10_000 });
      await page.click("#tabs button[data-tab=audit]");
      await page.waitForSelector("#audit-list table");
      const row = await page.$$eval("#audit-list tr", (trs) => (trs as HTMLElement[]).map((r) => r.innerText).find((t) => t.includes("RBG-2026-000777"))!);
      expect(row).toContain("Terverifikasi");
      expect(row).not.toContain("verified");
      await page.close();
    }
  });
});
