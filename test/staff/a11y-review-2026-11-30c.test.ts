import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { launchChromium } from "../support/browser.js";
import { PASSWORDS, startStaffWorld, type StaffWorld } from "./support.js";

/** WCAG contrast of two computed CSS colours (rgb()/rgba(), opaque). */
const contrast = (a: string, b: string): number => {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

/**
 * The staff console as staff with low vision, a screen reader or only a keyboard use it (the
 * accessibility review of 2026-11-30).
 */
describe("staff console: accessibility review", () => {
  let w: StaffWorld;
  let browser: Browser;

  beforeAll(async () => {
    w = await startStaffWorld();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  /** A fresh browser profile on the console's login screen, once the console has asked whether a session exists. */
  async function loginScreen(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const asked = page.waitForResponse((r) => r.url().endsWith("/staff/api/me"));
    await page.goto(`${w.base}/staff`);
    await asked;
    await page.waitForSelector("#view-login:not([hidden])");
    return { context, page };
  }

  it("opened without a session, shows the login without announcing that a session ended", async () => {
    const { context, page } = await loginScreen();
    try {
      await page.waitForTimeout(100);
      // #login-error is role=alert: a screen reader would read it out at once.
      expect(await page.textContent("#login-error")).toBe("");
      // A wrong password is still said, and announced.
      await page.fill("#username", "budi");
      await page.fill("#password", "salah-sekali-123");
      await page.press("#password", "Enter");
      await expect.poll(() => page.textContent("#login-error")).toBe("Nama pengguna atau kata sandi salah.");
      expect(await page.getAttribute("#login-error", "role")).toBe("alert");
    } finally {
      await context.close();
    }
  });

  it("moves the focus to the view that opens (after logging in, a queue row opened with Enter, 'Kembali'), not back to the top of the page", async () => {
    const { context, page } = await loginScreen();
    const focusedIn = () => page.evaluate(() => document.activeElement?.closest("section")?.id ?? document.activeElement?.tagName);
    try {
      await page.fill("#username", "budi");
      await page.fill("#password", PASSWORDS.budi);
      await page.press("#password", "Enter");
      await page.waitForSelector("#view-queue:not([hidden])");
      await expect.poll(focusedIn).toBe("view-queue");
      const citizen = await w.citizen();
      await citizen.say("halo");
      await citizen.say("petugas");
      const row = page.locator(`#queue-list [data-case]`).first();
      await row.waitFor();
      await row.focus();
      await page.keyboard.press("Enter");
      await page.waitForSelector("#view-case:not([hidden])");
      await expect.poll(focusedIn).toBe("view-case");
      // From there Tab goes on inside the case, not through the header again.
      await page.keyboard.press("Tab");
      expect(await focusedIn()).toBe("view-case");
      await page.focus("#case-back");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#view-queue:not([hidden])");
      await expect.poll(focusedIn).toBe("view-queue");
    } finally {
      await context.close();
    }
  });

  it("draws the keyboard focus on buttons at 3:1 or more against what surrounds them, on a white card and in the green header", async () => {
    const { context, page } = await loginScreen();
    try {
      await page.fill("#username", "budi");
      await page.fill("#password", PASSWORDS.budi);
      await page.press("#password", "Enter");
      await page.waitForSelector("#view-queue:not([hidden])");
      await page.click("#tabs button[data-tab=apps]");
      await page.waitForSelector("#view-apps:not([hidden])");
      // The field before the search button: the order list (staff3, 2026-12-02), after the search words.
      for (const [from, button] of [["#f-sort", "#app-filter button[type=submit]"], ["#tabs button[data-tab=queue]", "#logout"]] as const) {
        await page.focus(from);
        await page.keyboard.press(from === "#f-sort" ? "Tab" : "Shift+Tab");
        expect(await page.evaluate((sel) => document.activeElement === document.querySelector(sel), button), button).toBe(true);
        const ring = await page.evaluate((sel) => {
          const el = document.querySelector(sel)!;
          const s = getComputedStyle(el);
          // The colour around the button: the first opaque background among its ancestors.
          let bg = "rgb(255, 255, 255)";
          for (let e = el.parentElement; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (!/rgba\(.*, 0\)$|transparent/.test(c)) { bg = c; break; }
          }
          const shadow = /rgba?\([^)]*\)/.exec(s.boxShadow)?.[0];
          return { outline: s.outlineStyle !== "none" ? s.outlineColor : undefined, width: parseFloat(s.outlineWidth), shadow, bg };
        }, button);
        const best = Math.max(...[ring.outline, ring.shadow].filter((c): c is string => Boolean(c)).map((c) => contrast(c, ring.bg)));
        expect(best, `${button}: ${JSON.stringify(ring)}`).toBeGreaterThanOrEqual(3);
        expect(ring.width).toBeGreaterThanOrEqual(2);
      }
    } finally {
      await context.close();
    }
  });

  it("outlines its text boxes and lists at 3:1 or more against the card they sit on, so staff can see where to type", async () => {
    const { context, page } = await loginScreen();
    try {
      const ratios = await page.evaluate(() =>
        Array.from(document.querySelectorAll("input:not([type=checkbox]), select, textarea")).map((el) => {
          let bg = "rgb(255, 255, 255)";
          for (let e = el.parentElement; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (!/rgba\(.*, 0\)$|transparent/.test(c)) { bg = c; break; }
          }
          return [el.id, getComputedStyle(el).borderTopColor, bg] as const;
        }),
      );
      expect(ratios.length).toBeGreaterThan(5);
      for (const [id, border, bg] of ratios) expect(contrast(border, bg), `#${id}: ${border} on ${bg}`).toBeGreaterThanOrEqual(3);
    } finally {
      await context.close();
    }
  });

  it("tells a screen reader which tab is open (Antrean, Permohonan, IKM)", async () => {
    const { context, page } = await loginScreen();
    try {
      await page.fill("#username", "budi");
      await page.fill("#password", PASSWORDS.budi);
      await page.press("#password", "Enter");
      await page.waitForSelector("#view-queue:not([hidden])");
      // By the tab each is (Antrean's name carries the queue's count).
      const current = () => page.locator("#tabs button[aria-current=page]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tab));
      expect(await current()).toEqual(["queue"]);
      await page.click("#tabs button[data-tab=apps]");
      expect(await current()).toEqual(["apps"]);
      await page.click("#tabs button[data-tab=skm]");
      expect(await current()).toEqual(["skm"]);
    } finally {
      await context.close();
    }
  });

  it("names the group of documents to be sent again, so each checkbox is read with what it is for", async () => {
    const permit = w.t.loket.knowledge.permits.find((p) => p.submission.loketCanApply && p.requirements.length)!;
    const at = new Date().toISOString();
    await w.t.loket.store.put("applications", "RBG-2026-000901", {
      number: "RBG-2026-000901", permit: permit.id, conversationId: "web:a11y", channel: "web", fields: {}, documents: {},
      phoneLast4: "1234", status: "received", history: [{ status: "received", at, by: "loket" }], submittedAt: at, updatedAt: at,
    } satisfies Application);
    const { context, page } = await loginScreen();
    try {
      await page.fill("#username", "budi");
      await page.fill("#password", PASSWORDS.budi);
      await page.press("#password", "Enter");
      await page.waitForSelector("#view-queue:not([hidden])");
      await page.click("#tabs button[data-tab=apps]");
      await page.click("[data-number='RBG-2026-000901']");
      await page.waitForSelector("#view-app:not([hidden])");
      await page.selectOption("#s-status", "needs_correction");
      const group = page.getByRole("group", { name: "Dokumen yang perlu dikirim ulang" });
      expect(await group.getByRole("checkbox").count()).toBe(permit.requirements.length);
    } finally {
      await context.close();
    }
  });

  it("reads out a citizen's new message in the open case (the transcript is a log) without reading the whole transcript again when it is redrawn", async () => {
    const { context, page } = await loginScreen();
    try {
      await page.fill("#username", "budi");
      await page.fill("#password", PASSWORDS.budi);
      await page.press("#password", "Enter");
      await page.waitForSelector("#view-queue:not([hidden])");
      const citizen = await w.citizen();
      await citizen.say("halo");
      await citizen.say("petugas");
      const caseId = (await w.t.loket.store.list<{ id: string; conversationId: string }>("cases")).find((c) => c.conversationId === citizen.conversationId)!.id;
      await page.click(`[data-case='${caseId}']`);
      await page.waitForSelector("#view-case:not([hidden])");
      expect(await page.locator("#transcript").ariaSnapshot()).toMatch(/^- log "Percakapan dengan warga"/);
      // A redraw (the case drawn again after a reply) is made while the log says it is busy.
      await page.evaluate(() => {
        const t = document.getElementById("transcript")!;
        const seen: string[] = ((window as unknown as { __busy: string[] }).__busy = []);
        // An attribute record holds the value before; the one after is the next record's, or the attribute's now.
        new MutationObserver((records) => { for (const r of records) seen.push(r.type === "attributes" ? "was=" + r.oldValue : r.removedNodes.length ? "cleared" : "lines"); }).observe(t, { attributes: true, attributeOldValue: true, attributeFilter: ["aria-busy"], childList: true });
      });
      await page.click("#btn-take");
      await expect.poll(() => page.textContent("#case-status")).toContain("Dilayani");
      await page.fill("#reply-text", "Halo Bapak/Ibu, saya Budi.");
      await page.click("#btn-reply");
      await expect.poll(() => page.locator("#transcript .msg.staff").count()).toBeGreaterThan(0);
      const now = await page.getAttribute("#transcript", "aria-busy");
      expect(now).toBe("false");
      const seen = await page.evaluate(() => (window as unknown as { __busy: string[] }).__busy);
      // Each redraw (after take, after the reply) clears the log and draws it again while busy=true; a
      // line added alone (a live message) is not busy, so it is read out.
      const attrs = seen.map((x, i) => [x, i] as const).filter(([x]) => x.startsWith("was="));
      const busyAt = (i: number) => {
        const before = attrs.filter(([, j]) => j < i);
        if (!before.length) return "none";
        const next = attrs.find(([, j]) => j > i);
        return next ? next[0].slice(4) : now;
      };
      const cleared = seen.map((x, i) => [x, i] as const).filter(([x]) => x === "cleared");
      expect(cleared.length).toBeGreaterThanOrEqual(2);
      for (const [, i] of cleared) {
        expect(busyAt(i), JSON.stringify(seen)).toBe("true");
        expect(seen[i + 1], JSON.stringify(seen)).toBe("lines");
        expect(busyAt(i + 1), JSON.stringify(seen)).toBe("true");
      }
    } finally {
      await context.close();
    }
  });

  it("zoomed to 200% on a 360×640 phone (180 CSS pixels wide): no sideways scrolling, 'Keluar' and every tab on screen", async () => {
    const { context, page } = await loginScreen({ width: 180, height: 320 });
    try {
      await page.fill("#username", "sari");
      await page.fill("#password", PASSWORDS.sari);
      await page.press("#password", "Enter");
      await page.waitForSelector("#view-queue:not([hidden])");
      const m = await page.evaluate(() => {
        const de = document.documentElement;
        const off = Array.from(document.querySelectorAll("header button, nav button"))
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.left < 0 || r.right > de.clientWidth);
          })
          .map((e) => e.id || e.textContent);
        return { scroll: de.scrollWidth, width: de.clientWidth, off };
      });
      expect(m.off).toEqual([]);
      expect(m.scroll).toBeLessThanOrEqual(m.width);
    } finally {
      await context.close();
    }
  });
});
