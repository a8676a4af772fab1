import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listening, loketWithChromium } from "../support/browser.js";
import { createTestLoket, fixtures, type TestLoket } from "../support/loket.js";

/** Review findings on the citizen's web chat (2026-11-30, second pass), over real HTTP. */
describe("web chat review: API", () => {
  let t: TestLoket;
  let base: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await createTestLoket({ store: "sqlite", logLines });
    base = await listening(t);
  });
  afterAll(async () => t?.close());

  const open = async () => (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };

  it("an upload the citizen cancels (✕) or loses half-way is not logged as a server error", async () => {
    const c = await open();
    const boundary = "----loketreview";
    const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="ktp.pdf"\r\ncontent-type: application/pdf\r\n\r\n`;
    // Half of a document, then the connection goes (the page's ✕ aborts its request the same way).
    await new Promise<void>((resolve) => {
      const req = request(`${base}/api/conversations/${c.conversationId}/uploads`, {
        method: "POST",
        headers: { authorization: `Bearer ${c.token}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(head.length + 200_000) },
      });
      req.on("error", () => resolve());
      req.on("close", () => resolve());
      req.write(head);
      req.write(Buffer.concat([fixtures.pdf, Buffer.alloc(50_000, 0x20)]));
      setTimeout(() => req.destroy(), 200);
    });
    await new Promise((r) => setTimeout(r, 300));
    const errors = logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(errors.map((e) => e.msg)).toEqual([]);
    // Nothing was filed, and the conversation goes on.
    const res = await fetch(`${base}/api/conversations/${c.conversationId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json" },
      body: JSON.stringify({ text: "halo" }),
    });
    expect(res.status).toBe(200);
  });
});

/** The same, on the page in Debian's Chromium at a phone's 360 px. */
describe("web chat review: page", () => {
  let t: TestLoket;
  let base: string;
  let browser: Browser;
  let page: Page;

  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ t, base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  beforeEach(async () => {
    await page?.context().close();
    page = await (await browser.newContext({ viewport: { width: 360, height: 640 } })).newPage();
  });

  const lastBot = () => page.locator(".msg.bot").last().textContent();
  const botCount = () => page.locator(".msg.bot").count();
  const type = async (p: Page, text: string) => {
    const before = await p.locator(".msg.bot").count();
    await p.fill("#text", text);
    await p.click("#send");
    await expect.poll(() => p.locator(".msg.bot").count()).toBeGreaterThan(before);
    await expect.poll(() => p.locator("#status").textContent()).toBe("");
  };

  it("works when the browser blocks site storage (cookies blocked, or a third-party frame on the office site)", async () => {
    // Chromium with "block all cookies": reading window.localStorage throws.
    const profile = mkdtempSync(join(tmpdir(), "loket-profile-"));
    mkdirSync(join(profile, "Default"));
    writeFileSync(join(profile, "Default", "Preferences"), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      viewport: { width: 360, height: 640 },
    });
    try {
      const p = ctx.pages()[0] ?? (await ctx.newPage());
      const errors: string[] = [];
      p.on("pageerror", (e) => errors.push(e.message));
      await p.goto(base);
      expect(await p.evaluate(() => { try { return Boolean(window.localStorage); } catch { return "blocked"; } })).toBe("blocked");
      await expect.poll(() => p.locator(".msg.bot").last().textContent()).toMatch(/bantu/i);
      await type(p, "jam buka kantor");
      expect(await p.locator(".msg.bot").allTextContents()).toContainEqual(expect.stringMatching(/Senin/));
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it("a tab coming back into view shows what was said meanwhile in another tab of the same conversation", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    // The citizen opens the chat again from the office site: a second tab, same conversation.
    const other = await page.context().newPage();
    try {
      await other.goto(base);
      await expect.poll(() => other.locator("#status").textContent()).toMatch(/dilanjutkan/);
      // Counted before the other tab's answer: since webphone (2026-12-02) an open tab may show
      // it at once (the "storage" event of the answer), before it comes back into view.
      const before = await botCount();
      await type(other, "jam buka kantor");
      // Back to the first tab (headless tabs never hide: the switch is played to the page).
      await page.evaluate(() => {
        for (const state of ["hidden", "visible"]) {
          Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
          document.dispatchEvent(new Event("visibilitychange"));
        }
      });
      await expect.poll(() => page.locator(".msg.me").allTextContents()).toContain("jam buka kantor");
      expect(await botCount()).toBeGreaterThan(before);
      expect(await lastBot()).toMatch(/bantu|lagi/i);
      expect(await page.locator(".msg.bot").allTextContents()).toContainEqual(expect.stringMatching(/Senin/));
    } finally {
      await other.close();
    }
  });

  it("leaves a tab coming back into view as it was when nothing is new (where the citizen had scrolled, nothing read out again)", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await type(page, "syarat pbg");
    await page.reload();
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dilanjutkan/);
    await expect.poll(() => page.locator(".msg.bot").allTextContents()).toContainEqual(expect.stringMatching(/Persyaratan/));
    // The citizen scrolled back up to read the requirements, then switched tabs and back.
    await page.evaluate(() => {
      document.querySelector(".msg")!.setAttribute("data-seen", "1");
      document.getElementById("log")!.scrollTop = 0;
    });
    let histories = 0;
    page.on("request", (r) => { if (r.url().endsWith("/history")) histories++; });
    const answered = page.waitForResponse((r) => r.url().endsWith("/history"));
    await page.evaluate(() => {
      for (const state of ["hidden", "visible"]) {
        Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      }
    });
    await answered;
    await page.waitForTimeout(300);
    expect(histories).toBe(1);
    expect(await page.locator(".msg[data-seen]").count()).toBe(1);
    expect(await page.evaluate(() => document.getElementById("log")!.scrollTop)).toBe(0);
  });

  it("shows Arabic (right-to-left) text from right to left, in the bubbles and in the text box", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    const arabic = "السلام عليكم، بكم رخصة البناء؟ 2026";
    await page.fill("#text", arabic);
    expect(await page.locator("#text").evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    await type(page, arabic);
    const mine = page.locator(".msg.me").last();
    expect(await mine.textContent()).toBe(arabic);
    expect(await mine.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    // Indonesian stays left to right.
    expect(await page.locator(".msg.bot").last().evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
    await page.fill("#text", "halo");
    expect(await page.locator("#text").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
  });

  it("takes a document dragged onto the chat (as on WhatsApp Web) instead of the browser leaving the chat to open it", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    let uploads = 0;
    await page.route("**/api/conversations/*/uploads", async (route) => {
      uploads++;
      await route.continue();
    });
    const drop = (files: { name: string; type: string; bytes: number[] }[]) =>
      page.evaluate((files) => {
        const dt = new DataTransfer();
        for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
        const target = document.getElementById("log")!;
        const over = new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true });
        target.dispatchEvent(over);
        const dropped = new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true });
        target.dispatchEvent(dropped);
        // Not cancelled, the browser's default is to open the file in place of the chat.
        return { over: over.defaultPrevented, drop: dropped.defaultPrevented };
      }, files);
    const pdf = [...fixtures.pdf];
    const before = await botCount();
    expect(await drop([{ name: "ktp.pdf", type: "application/pdf", bytes: pdf }])).toEqual({ over: true, drop: true });
    await expect.poll(botCount).toBeGreaterThan(before);
    expect(await page.locator(".msg.me").last().textContent()).toBe("📎 ktp.pdf");
    expect(uploads).toBe(1);
    await expect.poll(() => page.locator("#status").textContent()).toBe("");
    // Two at once: one at a time, as 📎 takes them (nothing sent).
    const next = await botCount();
    expect(await drop([{ name: "a.pdf", type: "application/pdf", bytes: pdf }, { name: "b.pdf", type: "application/pdf", bytes: pdf }])).toEqual({ over: true, drop: true });
    await expect.poll(lastBot).toMatch(/satu per satu/);
    expect(await botCount()).toBe(next + 1);
    expect(uploads).toBe(1);
  });

  it("gives the phone's full keyboard back once no form question waits (a handoff from the NIK question), not the number pad", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await type(page, "ajukan izin reklame");
    await type(page, "setuju");
    await type(page, "Siti Rahmawati");
    expect(await page.locator(".msg.bot").last().getAttribute("data-kind")).toBe("nik");
    expect(await page.getAttribute("#text", "inputmode")).toBe("numeric");
    // The citizen asks for a person: from now on they write to staff, in words.
    await type(page, "petugas");
    expect(await lastBot()).toMatch(/petugas/);
    expect(await page.getAttribute("#text", "inputmode")).toBeNull();
    expect(await page.getAttribute("#text", "placeholder")).toBe("Tulis pesan…");
  });

  it("sends a text typed offline when the connection is back also on Safari before 16 (iPhone 6s/7 on iOS 15: no form.requestSubmit)", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.addInitScript(() => {
      delete (HTMLFormElement.prototype as Partial<HTMLFormElement>).requestSubmit;
    });
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await page.context().setOffline(true);
    await page.fill("#text", "jam buka kantor");
    await page.click("#send");
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/Tidak ada koneksi/);
    const before = await botCount();
    await page.context().setOffline(false);
    await expect.poll(botCount).toBeGreaterThan(before);
    expect(await page.locator(".msg.bot").allTextContents()).toContainEqual(expect.stringMatching(/Senin/));
    expect(await page.inputValue("#text")).toBe("");
    expect(errors).toEqual([]);
  });

  it("keeps a document being sent on screen when the page comes back into view from the phone's file picker", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    // Android: the file picker hides the page; it comes back into view, then the chosen file is
    // sent while the history asked for on the return is still on its way (a slow connection).
    let releaseHistory!: () => void;
    const historyHeld = new Promise<void>((resolve) => (releaseHistory = resolve));
    await page.route("**/api/conversations/*/history", async (route) => {
      await historyHeld;
      await route.continue();
    });
    let releaseUpload!: () => void;
    const uploadHeld = new Promise<void>((resolve) => (releaseUpload = resolve));
    await page.route("**/api/conversations/*/uploads", async (route) => {
      await uploadHeld;
      await route.continue();
    });
    await page.evaluate(() => {
      for (const state of ["hidden", "visible"]) {
        Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      }
    });
    await page.setInputFiles("#file", { name: "ktp.pdf", mimeType: "application/pdf", buffer: fixtures.pdf });
    await expect.poll(() => page.locator(".msg.me").last().textContent()).toMatch(/ktp\.pdf/);
    const answered = page.waitForResponse((r) => r.url().endsWith("/history"));
    releaseHistory();
    await answered;
    await page.waitForTimeout(300);
    // Still there, with its ✕ to cancel it.
    expect(await page.locator(".msg.me .cancel").count()).toBe(1);
    const before = await botCount();
    releaseUpload();
    await expect.poll(botCount).toBeGreaterThan(before);
    await expect.poll(() => page.locator("#status").textContent()).toBe("");
    expect((await page.locator(".msg.me").allTextContents()).filter((t) => /ktp\.pdf/.test(t))).toHaveLength(1);
  });

  it("shows in the tab's title that staff wrote while the citizen was in another tab, until they come back", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    const title = await page.title();
    const id = await page.evaluate(() => JSON.parse(localStorage.getItem("loket.conversation")!).conversationId as string);
    const setVisibility = (state: string) =>
      page.evaluate((state) => {
        Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    // The citizen waits for staff in another tab.
    await setVisibility("hidden");
    await t.loket.runtime.push(`web:${id}`, [{ type: "text", text: "👤 Budi (petugas):\nSelamat siang, ada yang bisa dibantu?" }], "staff");
    await t.loket.runtime.push(`web:${id}`, [{ type: "text", text: "👤 Budi (petugas):\nBerkasnya sudah kami terima." }], "staff");
    await expect.poll(() => page.title()).toBe(`(2) ${title}`);
    await setVisibility("visible");
    await expect.poll(() => page.title()).toBe(title);
  });

  it("shows the conversation again when the chat is reopened on a weak connection whose first history request fails", async () => {
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await type(page, "jam buka kantor");
    let failed = 0;
    await page.route("**/api/conversations/*/history", async (route) => {
      if (failed++ < 1) await route.abort("connectionreset");
      else await route.continue();
    });
    await page.reload();
    await expect.poll(() => page.locator(".msg.bot").allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/Senin/));
    expect(failed).toBeGreaterThanOrEqual(2);
    // The question still waiting comes back with its buttons.
    expect(await page.locator(".choices button:not([disabled])").count()).toBeGreaterThan(0);
    expect(await page.locator("#status").textContent()).toMatch(/dilanjutkan/);
  });
});
