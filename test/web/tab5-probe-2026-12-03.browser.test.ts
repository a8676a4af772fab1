import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import { loketWithChromium } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import type { TestLoket } from "../support/loket.js";

/**
 * tab5's probe, written after the fix (2026-12-03): the notice in the accessibility tree, in a
 * second tab and in dark mode; a short paste left to the browser; a long paste kept over a reload.
 */
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

describe("tab5 probe 2026-12-03", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let t: TestLoket;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => ({ t, base, browser, close } = await loketWithChromium()));
  afterAll(() => close?.());
  const { lastBot, botCount, waitForBot } = citizenOn(() => page, 15_000);
  const fresh = async (opts: Parameters<Browser["newContext"]>[0] = PHONE) => {
    await context?.close();
    context = await browser.newContext(opts);
    page = await context.newPage();
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };
  const conversationId = async () => `web:${await page.evaluate(() => JSON.parse(localStorage.getItem("loket.conversation")!).conversationId as string)}`;
  const notice = async (n: number) => {
    const conv = await conversationId();
    const app = applicationRecord({ number: `PBG-2026-00010${n}`, permit: "pbg", conversationId: conv });
    await t.loket.store.put("applications", app.number, app);
    await t.loket.store.put("conversation_applications", conv, { numbers: [app.number] });
    expect((await t.loket.staff.changeStatus(app.number, { username: "budi", role: "staff" } as never, { status: "verified" })).ok).toBe(true); // received -> verified (approved is not a step from received)
    return app.number;
  };

  it("the accessibility tree names a notice as a notice", async () => {
    await fresh();
    const number = await notice(1);
    await expect.poll(() => page.locator(".msg", { hasText: number }).count()).toBe(1);
    const cdp = await context.newCDPSession(page);
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { name?: { value?: string } }[] };
    const names = nodes.map((n) => n.name?.value ?? "").join("\n");
    expect(names).toMatch(/Pemberitahuan:/);
    expect(names).not.toMatch(new RegExp(`Petugas: [^\\n]*${number}`));
  }, 60_000);

  it("a second tab of the conversation shows the notice with its own look once it is looked at", async () => {
    await fresh();
    const other = await context.newPage();
    await other.goto(base);
    await expect.poll(() => other.locator(".msg.bot").count()).toBeGreaterThan(0);
    const number = await notice(2);
    await other.bringToFront();
    await expect.poll(() => other.locator(".msg.notice", { hasText: number }).count(), { timeout: 15_000 }).toBe(1);
    expect(await other.locator(".msg.staff", { hasText: number }).count()).toBe(0);
  }, 60_000);

  it("dark mode: a notice and a staff reply still differ", async () => {
    await fresh({ ...PHONE, colorScheme: "dark" });
    await t.loket.runtime.push(await conversationId(), [{ type: "text", text: "Saya petugas Budi." }], "staff", "budi");
    const number = await notice(3);
    await expect.poll(() => page.locator(".msg.notice", { hasText: number }).count()).toBe(1);
    const bg = (sel: string) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await bg(".msg.notice")).not.toBe(await bg(".msg.staff"));
    expect(await bg(".msg.notice")).not.toBe("rgb(231, 238, 247)"); // not the light page's
  }, 60_000);

  it("a short paste in the middle of a typed text is the browser's own (nothing said)", async () => {
    await fresh({ ...PHONE, permissions: ["clipboard-read", "clipboard-write"] });
    await page.fill("#text", "alamat saya Rembang");
    await page.locator("#text").evaluate((el) => (el as HTMLInputElement).setSelectionRange(12, 12));
    await page.evaluate(() => navigator.clipboard.writeText("Jl. Pemuda 10, "));
    await page.keyboard.press("Control+V");
    expect(await page.locator("#text").inputValue()).toBe("alamat saya Jl. Pemuda 10, Rembang");
    expect(await page.locator("#status").textContent()).toBe("");
  }, 60_000);

  it("a long paste survives a reload: the first part in the box, the rest after it is sent", async () => {
    await fresh({ ...PHONE, permissions: ["clipboard-read", "clipboard-write"] });
    const max = await page.locator("#text").evaluate((el) => (el as HTMLInputElement).maxLength);
    const text = Array.from({ length: Math.ceil((max * 1.3) / 8) }, (_, i) => `baris${String(i % 100).padStart(2, "0")}`).join(" ");
    await page.evaluate((s) => navigator.clipboard.writeText(s), text);
    await page.locator("#text").focus();
    await page.keyboard.press("Control+V");
    await page.reload();
    await expect.poll(() => page.locator("#text").inputValue()).not.toBe("");
    const first = await page.locator("#text").inputValue();
    expect(first.length).toBeLessThanOrEqual(max);
    const before = await botCount();
    await page.click("#send");
    await waitForBot(before);
    expect(`${first} ${await page.locator("#text").inputValue()}`).toBe(text);
  }, 60_000);
});
