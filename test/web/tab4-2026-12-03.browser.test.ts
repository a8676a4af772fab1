import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { ownFile } from "../support/fixtures.js";
import type { TestLoket } from "../support/loket.js";

/**
 * Held-out acceptance written before the page was changed (tab4, 2026-12-03): the page's own words
 * in the conversation's language, a button or a document given while something is on its way, the
 * document hint at 200% zoom, the main landmark, the page's own emoji on a computer without an emoji
 * font, and the SKM survey at the end of an application played in the page.
 */
const PHONE = { width: 360, height: 740 };

describe("tab4 2026-12-03: the page's own words, queued answers, zoom, landmarks, emoji, the survey", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let t: TestLoket;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ t, base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, botCount, type, waitForBot, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const fresh = async (opts: Parameters<Browser["newContext"]>[0] = { viewport: PHONE }) => {
    await context?.close();
    context = await browser.newContext(opts);
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const status = () => page.locator("#status").textContent();
  const slow = async (latency: number, upload = 48 * 1024) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency, downloadThroughput: 256 * 1024, uploadThroughput: upload });
    return cdp;
  };
  const english = async () => {
    await type("Hello, I would like some information about permits please");
    expect(await page.locator(".msg.bot").last().getAttribute("lang")).toBe("en");
  };
  const INDONESIAN = /Bapak\/Ibu|Mohon|Tulis|Kirim|mengirim|mengunggah|Percakapan|Selesai|Tidak|Dokumen|sambung/;
  const photo = (tag: string, kb = 0) => ({ name: `${tag}.jpg`, mimeType: "image/jpeg", buffer: Buffer.concat([ownFile("jpg", tag), Buffer.alloc(kb * 1024, 0x5a)]) });

  it("1. English: the text box, its label, the send and end buttons and the end question are English", async () => {
    await fresh();
    await english();
    const words = await page.evaluate(() => {
      const q = (s: string) => document.querySelector(s)!;
      return [(q("#text") as HTMLInputElement).placeholder, q("#text").getAttribute("aria-label"), q("#send").getAttribute("aria-label"), q("#attach").getAttribute("aria-label"), q("#end").textContent];
    });
    for (const w of words) expect(w ?? "").not.toMatch(INDONESIAN);
    await page.click("#end");
    expect(await lastBot()).not.toMatch(INDONESIAN);
    const buttons = await page.locator("#end-confirm button").allTextContents();
    expect(buttons.join(" ")).not.toMatch(/Ya|Tidak|akhiri|lanjutkan/);
  }, 60_000);

  it("2. English: a Word file is refused in English, naming it", async () => {
    await fresh();
    await english();
    await page.setInputFiles("#file", { name: "cover letter.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from("PK\x03\x04docx") });
    await expect.poll(lastBot).toMatch(/cover letter\.docx/);
    expect(await lastBot()).not.toMatch(INDONESIAN);
    expect(await lastBot()).toMatch(/PDF/);
  }, 60_000);

  it("3. English: offline, a message typed is kept and the status says so in English; back online it goes", async () => {
    await fresh();
    await english();
    await context.setOffline(true);
    await page.fill("#text", "how long does it take?");
    await page.press("#text", "Enter");
    await expect.poll(status, { timeout: 15_000 }).toMatch(/connection/i);
    expect(await status()).not.toMatch(INDONESIAN);
    const before = await botCount();
    await context.setOffline(false);
    await waitForBot(before);
    expect(await page.locator(".msg.me").allTextContents()).toContain("how long does it take?");
  }, 60_000);

  it("4. English: a photo on its way says its progress in English", async () => {
    await fresh();
    await english();
    await slow(50);
    await page.setInputFiles("#file", photo("passport", 300));
    await expect.poll(status, { timeout: 10_000 }).toMatch(/\d+%/);
    expect(await status()).not.toMatch(INDONESIAN);
  }, 60_000);

  it("5. Enter on an answer button while a message is on its way is not lost: sent after it, or said", async () => {
    await fresh();
    await slow(1500);
    const label = (await page.locator(".choices button:not([disabled])").first().textContent()) ?? "";
    expect(label.length).toBeGreaterThan(0);
    await page.fill("#text", "halo");
    await page.press("#text", "Enter");
    await expect.poll(() => page.evaluate(() => document.body.classList.contains("busy"))).toBe(true);
    await page.locator(".choices button").filter({ hasText: label }).first().focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => (await page.locator(".msg.me").allTextContents()).includes(label) || (await status())!.includes(label), { timeout: 20_000 })
      .toBe(true);
  }, 60_000);

  it("6. a document picked while another uploads is not lost: it goes after the first", async () => {
    await fresh();
    await untilDocumentQuestion();
    await slow(50);
    await page.setInputFiles("#file", photo("ktp-dulu", 200));
    await expect.poll(status, { timeout: 10_000 }).toMatch(/mengunggah [1-9]/);
    // Dropped on the chat (the 📎 is inactive meanwhile): the second document.
    await page.evaluate(async () => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])], "npwp-kedua.jpg", { type: "image/jpeg" }));
      document.getElementById("log")!.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.locator(".msg.me").allTextContents(), { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringContaining("npwp-kedua.jpg")]));
    const mine = await page.locator(".msg.me").allTextContents();
    expect(mine.findIndex((m) => m.includes("npwp-kedua.jpg"))).toBeGreaterThan(mine.findIndex((m) => m.includes("ktp-dulu.jpg")));
  }, 60_000);

  it("7. at 200% zoom on a 360 px phone the document hint is readable whole", async () => {
    await fresh({ viewport: { width: 180, height: 370 }, deviceScaleFactor: 4 });
    await untilDocumentQuestion();
    const ok = await page.evaluate(() => {
      const input = document.getElementById("text") as HTMLInputElement;
      const cs = getComputedStyle(input);
      const ctx = document.createElement("canvas").getContext("2d")!;
      ctx.font = cs.font;
      const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      if (/dokumen/i.test(input.placeholder) && ctx.measureText(input.placeholder).width <= room) return true;
      // Or a line of its own outside the conversation, on screen and not clipped.
      return Array.from(document.querySelectorAll("body *")).some((el) => {
        if (el.closest("#log") || !/dokumen/i.test(el.textContent ?? "") || el.children.length) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight && el.scrollWidth <= el.clientWidth + 1;
      });
    });
    expect(ok).toBe(true);
  }, 60_000);

  it("8. the page has one main landmark, and the conversation is still a named log", async () => {
    await fresh({ viewport: { width: 1280, height: 800 } });
    expect(await page.getByRole("main").count()).toBe(1);
    expect(await page.getByRole("log", { name: /percakapan/i }).count()).toBe(1);
  }, 60_000);

  it("9. without an emoji font the page's own words show no emoji left to a font (placeholder, document bubble)", async () => {
    await fresh();
    await untilDocumentQuestion();
    const before = await botCount();
    await page.setInputFiles("#file", photo("ktp-emoji"));
    await waitForBot(before);
    const bare = await page.evaluate(() => {
      const pict = /\p{Extended_Pictographic}/u;
      const out: string[] = [];
      const input = document.getElementById("text") as HTMLInputElement;
      if (pict.test(input.placeholder)) out.push("placeholder: " + input.placeholder);
      // Text the page writes itself (not Loket's answers): each pictograph drawn by the page, not left to a font.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        if (el.closest(".msg.bot, .msg.staff, .msg.notice, script, style, noscript") || !pict.test(n.textContent ?? "")) continue;
        const color = getComputedStyle(el).color;
        if (!/rgba\(.*,\s*0\)$|transparent/.test(color)) out.push(el.tagName + ": " + n.textContent);
      }
      return out;
    });
    expect(bare).toEqual([]);
  }, 60_000);

  it("10. a whole application in the page ends with the SKM survey: offered, nine questions by their buttons, thanked", async () => {
    await fresh();
    await untilDocumentQuestion();
    let number = "";
    for (let i = 0; i < 40 && !number; i++) {
      const last = page.locator(".msg.bot").last();
      const kind = await last.getAttribute("data-kind");
      const text = (await last.textContent()) ?? "";
      const before = await botCount();
      if (kind === "file") {
        const jpg = /JPG/.test(text) && !/PDF/.test(text);
        await page.setInputFiles("#file", jpg ? photo(`doc${i}`) : { name: `doc${i}.pdf`, mimeType: "application/pdf", buffer: ownFile("pdf", `doc${i}`) });
        await waitForBot(before);
      } else if (kind === "confirm" || kind === "choice") {
        await page.locator(".choices").last().locator("button:not([disabled])").first().click();
        await waitForBot(before);
      } else if (kind === "email" || kind === "text") {
        await type("lewati");
      }
      const m = /Nomor registrasi: (\S+)/.exec((await lastBot()) ?? "");
      if (m) number = m[1]!;
    }
    expect(number).toMatch(/^RBG/);
    for (const s of ["verified", "approved", "done"] as const) {
      const res = await t.loket.staff.changeStatus(number, { username: "budi", role: "staff" }, { status: s });
      expect(res.ok).toBe(true);
    }
    await expect.poll(() => page.locator(".choices button:not([disabled])").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect((await page.locator(".msg.bot, .msg.staff, .msg.notice").allTextContents()).join("\n")).toMatch(/survei|SKM/i);
    // Yes, then a score for each question, by keyboard on the focused button when it has the focus.
    let questions = 0;
    for (let i = 0; i < 12; i++) {
      const row = page.locator(".choices").last();
      const enabled = row.locator("button:not([disabled])");
      if (!(await enabled.count())) break;
      const before = await page.locator(".msg.bot, .msg.staff, .msg.notice").count();
      await enabled.nth(i === 0 ? 0 : Math.min(2, (await enabled.count()) - 1)).click();
      await expect.poll(() => page.locator(".msg.bot, .msg.staff, .msg.notice").count(), { timeout: 15_000 }).toBeGreaterThan(before);
      questions++;
    }
    expect(questions).toBeGreaterThanOrEqual(10);
    await expect.poll(lastBot, { timeout: 10_000 }).toMatch(/terima kasih/i);
    // Nothing left clickable that Loket would refuse.
    expect(await page.locator(".choices button:not([disabled])").count()).toBe(0);
  }, 120_000);
});
