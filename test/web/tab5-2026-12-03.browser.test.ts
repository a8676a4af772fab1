import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applicationRecord } from "../support/applications.js";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import type { TestLoket } from "../support/loket.js";

/**
 * Held-out acceptance written before the page was changed (tab5, 2026-12-03): the <noscript> line
 * for an English reader, "Percakapan sebelumnya dilanjutkan." not staying on screen, status notices
 * told apart from a staff member's words (by eye and by a screen reader), the page's size, a long
 * text pasted into the box, a phone turned on its side mid-form, and a phone whose clock is wrong.
 */
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const EN_PAGE = (parse(readFileSync(new URL("../../messages/en/webpage.yaml", import.meta.url), "utf8")) as { webpage: Record<string, string> }).webpage;

describe("tab5 2026-12-03: noscript, the resumed line, notices, size, long paste, landscape, clock", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let t: TestLoket;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ t, base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, botCount, type, waitForBot, untilDocumentQuestion } = citizenOn(() => page, 15_000);
  const fresh = async (opts: Parameters<Browser["newContext"]>[0] = PHONE) => {
    await context?.close();
    context = await browser.newContext(opts);
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const status = () => page.locator("#status").textContent();
  const conversationId = async () => `web:${await page.evaluate(() => JSON.parse(localStorage.getItem("loket.conversation")!).conversationId as string)}`;
  /** An application of this page's conversation, its status changed by staff: Loket pushes the notice. */
  const statusNotice = async (n: number) => {
    const conv = await conversationId();
    const app = applicationRecord({ number: `IRK-2026-00000${n}`, permit: "izin-reklame", conversationId: conv });
    await t.loket.store.put("applications", app.number, app);
    await t.loket.store.put("conversation_applications", conv, { numbers: [app.number] });
    const before = await page.locator(".msg").count();
    expect((await t.loket.staff.changeStatus(app.number, { username: "budi", role: "staff" } as never, { status: "verified" })).ok).toBe(true);
    await expect.poll(() => page.locator(".msg").count()).toBeGreaterThan(before);
    return page.locator(".msg").nth(before);
  };
  const staffReply = async (text: string) => {
    const before = await page.locator(".msg").count();
    await t.loket.runtime.push(await conversationId(), [{ type: "text", text }], "staff", "budi");
    await expect.poll(() => page.locator(".msg").count()).toBeGreaterThan(before);
    return page.locator(".msg").nth(before);
  };
  const background = (l: ReturnType<Page["locator"]>) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  const spoken = (l: ReturnType<Page["locator"]>) => l.evaluate((el) => getComputedStyle(el, "::before").content);

  it("1. scripts off, an English reader finds the page's one line in English too, marked as English", async () => {
    await context?.close();
    context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    page = await context.newPage();
    await page.goto(base);
    const en = page.locator('.nojs[lang="en"], .nojs [lang="en"]');
    expect(await en.count()).toBeGreaterThan(0);
    expect(await en.first().innerText()).toMatch(/JavaScript/);
    expect(await en.first().innerText()).not.toMatch(/Mohon|Bapak|memerlukan/);
    expect(await page.locator("body").innerText()).toMatch(/memerlukan JavaScript/);
  }, 60_000);

  it("2. the English noscript line is the one in messages/en/webpage.yaml (a clerk edits it there)", async () => {
    expect(EN_PAGE.noscript).toBeTruthy();
    const html = await (await fetch(base)).text();
    expect(html).toContain(EN_PAGE.noscript!.replace(/&/g, "&amp;"));
  });

  it("3. a page opened again: 'Percakapan sebelumnya dilanjutkan.' goes by itself, the citizen doing nothing", async () => {
    await fresh();
    await type("syarat izin reklame");
    await page.reload();
    await expect.poll(status).toMatch(/dilanjutkan/);
    await expect.poll(status, { timeout: 12_000 }).toBe("");
  }, 60_000);

  it("4. a page opened again: the line goes as soon as the citizen types", async () => {
    await fresh();
    await type("syarat izin reklame");
    await page.reload();
    await expect.poll(status).toMatch(/dilanjutkan/);
    await page.locator("#text").pressSequentially("b");
    expect(await status()).toBe("");
  }, 60_000);

  it("5. a status notice does not look like a staff member's message", async () => {
    await fresh();
    const staff = await staffReply("Halo, saya petugas Budi.");
    const notice = await statusNotice(1);
    expect(await notice.textContent()).toMatch(/IRK-2026-000001/);
    expect(await background(notice)).not.toBe(await background(staff));
    expect(await notice.getAttribute("class")).not.toMatch(/\bstaff\b/);
  }, 60_000);

  it("6. a screen reader hears a notice as a notice, not as staff", async () => {
    await fresh();
    const notice = await statusNotice(2);
    expect(await spoken(notice)).toMatch(/Pemberitahuan/);
  }, 60_000);

  it("7. opened again, the notice keeps its own look (the history tells it apart too)", async () => {
    await fresh();
    const live = await statusNotice(3);
    const look = await background(live);
    await page.reload();
    await expect.poll(() => page.locator(".msg").filter({ hasText: "IRK-2026-000003" }).count()).toBe(1);
    const again = page.locator(".msg").filter({ hasText: "IRK-2026-000003" });
    expect(await background(again)).toBe(look);
    expect(await spoken(again)).toMatch(/Pemberitahuan/);
  }, 60_000);

  it("8. an English conversation: the screen reader's word for a notice is English", async () => {
    await fresh();
    await type("Hello, I would like some information about permits please");
    const notice = await statusNotice(4);
    expect(await spoken(notice)).toMatch(/Notice/i);
    expect(await spoken(notice)).not.toMatch(/Pemberitahuan|Petugas/);
  }, 60_000);

  it("9. the served page stays under 16 KB gzip", async () => {
    const res = await fetch(base, { headers: { "accept-encoding": "gzip" } });
    const body = Buffer.from(await res.arrayBuffer());
    // fetch undoes the encoding: the size on the wire is measured by compressing what came.
    const { gzipSync } = await import("node:zlib");
    const wire = res.headers.get("content-encoding") === "gzip" ? gzipSync(body, { level: 9 }).length : body.length;
    expect(gunzipSync(gzipSync(body)).length).toBe(body.length);
    expect(wire).toBeLessThan(16 * 1024);
  });

  it("10. a text pasted longer than one message holds: nothing is cut off silently; the rest follows", async () => {
    await fresh({ ...PHONE, permissions: ["clipboard-read", "clipboard-write"] });
    const max = await page.locator("#text").evaluate((el) => (el as HTMLInputElement).maxLength);
    const words = Array.from({ length: Math.ceil((max + 500) / 6) }, (_, i) => `kata${i % 10}`).join(" ");
    await page.evaluate((s) => navigator.clipboard.writeText(s), words);
    await page.locator("#text").focus();
    await page.keyboard.press("Control+V");
    const inBox = await page.locator("#text").inputValue();
    expect(inBox.length).toBeLessThanOrEqual(max);
    expect(await status()).not.toBe("");
    const before = await botCount();
    await page.click("#send");
    await waitForBot(before);
    const rest = await page.locator("#text").inputValue();
    expect(`${inBox} ${rest}`.replace(/\s+/g, " ").trim()).toBe(words);
  }, 60_000);

  it("11. a phone turned on its side mid-form: the question and the box stay in view", async () => {
    await fresh();
    await untilDocumentQuestion();
    await page.setViewportSize({ width: 844, height: 390 });
    await page.locator("#text").focus();
    const inView = (sel: string) => page.locator(sel).last().evaluate((el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight && r.height > 0; });
    expect(await inView(".msg.bot")).toBe(true);
    expect(await inView("#text")).toBe(true);
    expect(await inView("#end")).toBe(true);
  }, 90_000);

  it("12. a phone whose clock is a day ahead still chats and sends a document", async () => {
    await context?.close();
    context = await browser.newContext(PHONE);
    await context.addInitScript(() => {
      const skew = 26 * 3600 * 1000;
      const real = Date.now.bind(Date);
      Date.now = () => real() + skew;
    });
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    await untilDocumentQuestion();
    const before = await botCount();
    await page.setInputFiles("#file", { name: "ktp.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% tab5 clock\n%%EOF\n") });
    await waitForBot(before);
    expect(await page.locator(".msg.me").last().textContent()).toMatch(/ktp\.pdf/);
  }, 90_000);
});
