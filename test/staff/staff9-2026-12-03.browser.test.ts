import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegram, type StartedTelegram } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { addStaff } from "../../src/staff/auth.js";
import { applicationRecord } from "../support/applications.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { citizenOn } from "../support/chat-page.js";
import { consoleInBrowser } from "./browser-support.js";

/**
 * Held-out staff9 (2026-12-03): a staff member's whole day in the console, played in real Chromium
 * from morning to logout, with a citizen on the web chat page (in the same browser) and one on
 * Telegram (the Bot API emulator). The steps run in order and share the day: a step that fails
 * leaves the next ones to say what else is wrong. Written before any change.
 */
const TG = 7209;
const NUMBER = "IRK-2026-000901";
const NAME = "Siti Rahmawati";
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2a3b0d60000000049454e44ae426082",
  "hex",
);

describe("staff9 held-out 2026-12-03: a staff member's day in the console", () => {
  const logLines: string[] = [];
  const ui = consoleInBrowser(() => ({ logLines }));
  let emu: BotApiEmulator | undefined;
  let telegram: StartedTelegram | undefined;
  let citizenCtx: BrowserContext;
  let citizen: Page;
  let budiCtx: BrowserContext;
  let budi: Page;
  let dewiCtx: BrowserContext;
  let dewi: Page;
  let webCase = "";
  let tgCase = "";
  const chat = citizenOn(() => citizen, 15_000);
  afterAll(async () => {
    await telegram?.stop();
    await emu?.close();
  });

  const tgTexts = () => (emu ? emu.sentTo(TG).map((m) => m.rendered ?? m.text ?? "").join("\n---\n") : "");
  const citizenSaw = (re: RegExp) => expect.poll(async () => (await citizen.locator(".msg").allInnerTexts()).join("\n---\n"), { timeout: 10_000 }).toMatch(re);
  const conversationOf = async (page: Page) => `web:${await page.evaluate(() => JSON.parse(localStorage.getItem("loket.conversation")!).conversationId as string)}`;
  async function staffPage(ctx: BrowserContext, username: string, password: string): Promise<Page> {
    const page = await ctx.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${ui.w.base}/staff`);
    await page.fill("#username", username);
    await page.fill("#password", password);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    return page;
  }
  async function setStatus(status: string, note?: string, docs: string[] = []) {
    await budi.selectOption("#s-status", status);
    for (const d of docs) await budi.check(`#s-docs-list input[value='${d}']`);
    if (note) await budi.fill("#s-note", note);
    await budi.click("#status-form button[type=submit]");
    await expect.poll(() => budi.locator("#status-msg").innerText()).toMatch(/warga sudah diberi tahu/);
  }

  it("1. morning: two citizens wait for a person, one on the web chat and one on Telegram; the console's queue shows both, oldest first, with what each asked", { timeout: 90_000 }, async () => {
    const w = ui.w;
    await addStaff(w.t.loket.store, { username: "dewi", role: "staff", password: "kata-sandi-dewi-9", displayName: "Dewi" });
    // The web citizen, on the chat page.
    citizenCtx = await ui.browser.newContext({ viewport: { width: 390, height: 844 } });
    citizen = await citizenCtx.newPage();
    await citizen.goto(w.base);
    await expect.poll(chat.lastBot).toMatch(/bantu/i);
    const conv = await conversationOf(citizen);
    const app = applicationRecord({ number: NUMBER, permit: "izin-reklame", conversationId: conv, fields: { nama: NAME } });
    await ui.putApplication(app);
    await chat.type("mau bicara dengan petugas");
    await citizenSaw(/antrean/i);
    webCase = (await w.t.loket.store.peekState(conv))!.handoff!.caseId;
    // The Telegram citizen, a little later.
    emu = await startBotApiEmulator();
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    telegram = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: w.t.config.UPLOAD_MAX_BYTES } as never, {
      bot,
      runtime: w.t.loket.runtime,
      logger: w.t.loket.logger,
      messages: w.t.loket.messages.get("id")!,
      app: w.t.loket.app,
      flood: UNLIMITED,
    });
    emu.text(TG, "petugas");
    await expect.poll(tgTexts, { timeout: 10_000 }).toMatch(/antrean/i);
    const n = emu.sentTo(TG).length;
    emu.text(TG, "pbg saya ditolak kenapa ya");
    await emu.waitForSent(TG, n + 1);
    tgCase = (await w.t.loket.store.list<HandoffCase>("cases")).find((c) => c.channel === "telegram")!.id;

    budiCtx = await ui.browser.newContext();
    budi = await staffPage(budiCtx, "budi", "kata-sandi-budi-1");
    const rows = budi.locator("#queue-list [data-case]");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute("data-case")).toBe(webCase);
    expect(await rows.nth(1).getAttribute("data-case")).toBe(tgCase);
    const first = await rows.nth(0).innerText();
    const second = await rows.nth(1).innerText();
    expect(first).toMatch(/Web/);
    expect(first).toMatch(/ke-1/);
    expect(first, "what the web citizen asked").toContain("mau bicara dengan petugas");
    expect(second).toMatch(/Telegram/);
    expect(second).toMatch(/ke-2/);
    expect(second, "what the Telegram citizen asked").toContain("pbg saya ditolak kenapa ya");
  });

  it("2. budi takes the web case; dewi, in another browser, sees it taken live and cannot take it too; she serves the Telegram citizen, who reads her reply there", { timeout: 60_000 }, async () => {
    dewiCtx = await ui.browser.newContext();
    dewi = await staffPage(dewiCtx, "dewi", "kata-sandi-dewi-9");
    await expect.poll(() => dewi.locator(`#queue-list [data-case='${webCase}']`).innerText()).toMatch(/Menunggu/);

    await budi.click(`#queue-list [data-case='${webCase}']`);
    await budi.waitForSelector("#view-case:not([hidden])");
    await budi.click("#btn-take");
    await expect.poll(() => budi.locator("#case-status").innerText()).toMatch(/Dilayani oleh budi/);
    await citizenSaw(/Petugas Budi sekarang melayani Bapak\/Ibu/);

    // Live, without a reload.
    await expect.poll(() => dewi.locator(`#queue-list [data-case='${webCase}']`).innerText()).toMatch(/Dilayani budi/);
    await dewi.click(`#queue-list [data-case='${webCase}']`);
    await dewi.waitForSelector("#view-case:not([hidden])");
    expect(await dewi.locator("#btn-take").isVisible()).toBe(false);
    expect(await dewi.locator("#btn-reply").isDisabled()).toBe(true);
    const refused = await dewi.evaluate(async (id) => {
      const me = await (await fetch("/staff/api/me")).json();
      const r = await fetch(`/staff/api/cases/${id}/take`, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken }, body: "{}" });
      return r.status;
    }, webCase);
    expect(refused).toBe(409);
    expect((await ui.w.t.loket.store.get<HandoffCase>("cases", webCase))?.heldBy).toBe("budi");

    await dewi.click("#case-back");
    await dewi.click(`#queue-list [data-case='${tgCase}']`);
    await dewi.waitForSelector("#view-case:not([hidden])");
    await dewi.click("#btn-take");
    await dewi.fill("#reply-text", "Baik Pak/Bu, PBG Bapak/Ibu kami cek dulu di SIMBG, mohon ditunggu.");
    await dewi.click("#btn-reply");
    await expect.poll(tgTexts, { timeout: 10_000 }).toMatch(/kami cek dulu di SIMBG/);
    expect(tgTexts()).toMatch(/Petugas Dewi sekarang melayani/);
  });

  it("3. budi replies; the web citizen reads it on the chat page; the citizen answers; budi sees the answer live", { timeout: 60_000 }, async () => {
    await budi.fill("#reply-text", "Selamat pagi Bapak/Ibu, ada yang bisa kami bantu terkait izin reklame?");
    await budi.click("#btn-reply");
    await expect.poll(() => budi.inputValue("#reply-text")).toBe("");
    await citizenSaw(/ada yang bisa kami bantu terkait izin reklame/);
    await citizen.fill("#text", "izin reklame saya IRK-2026-000901 sudah sampai mana ya pak");
    await citizen.click("#send");
    await expect.poll(() => budi.locator("#transcript").innerText(), { timeout: 10_000 }).toContain("sudah sampai mana ya pak");
  });

  it("4. budi finds the application by its number and by the name, sets 'perlu perbaikan' with a reason and the document to send again: the citizen is told politely, in Indonesian, on the web", { timeout: 60_000 }, async () => {
    await budi.click("#tabs button[data-tab=apps]");
    await budi.waitForSelector("#view-apps:not([hidden])");
    await budi.fill("#f-q", "irk 2026 000901");
    await budi.click("#app-filter button[type=submit]");
    await expect.poll(() => budi.locator("#apps-list [data-number]").count()).toBe(1);
    await budi.fill("#f-q", "rahmawati");
    await budi.click("#app-filter button[type=submit]");
    await expect.poll(() => budi.locator("#apps-list [data-number]").count()).toBe(1);
    await budi.click(`#apps-list [data-number='${NUMBER}']`);
    await budi.waitForSelector("#view-app:not([hidden])");
    expect(await budi.locator("#app-detail").innerText()).toContain(NAME);
    await setStatus("needs_correction", "Desain reklame belum mencantumkan ukuran dan lokasi pemasangan.", ["desain_reklame"]);
    await citizenSaw(/perlu \*?perbaikan/i);
    const said = (await citizen.locator(".msg").allInnerTexts()).join("\n");
    expect(said).toContain("belum mencantumkan ukuran");
    expect(said).toMatch(/Bapak\/Ibu/);
  });

  it("5. the citizen sends the missing document on the web chat page; budi sees it in the case and opens it", { timeout: 60_000 }, async () => {
    await budi.click("#tabs button[data-tab=queue]");
    await budi.click(`#queue-list [data-case='${webCase}']`);
    await budi.waitForSelector("#view-case:not([hidden])");
    await citizen.setInputFiles("#file", { name: "desain.png", mimeType: "image/png", buffer: PNG });
    const link = budi.locator("#transcript a[download]").last();
    await expect.poll(() => budi.locator("#transcript a[download]").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const [download] = await Promise.all([budi.waitForEvent("download"), link.click()]);
    const path = await download.path();
    expect(readFileSync(path!).equals(PNG)).toBe(true);
  });

  it("6. budi moves the application on to 'selesai' (verified, approved, done): the citizen is told on the web, politely, in Indonesian", { timeout: 60_000 }, async () => {
    await budi.click("#tabs button[data-tab=apps]");
    await budi.fill("#f-q", NUMBER);
    await budi.click("#app-filter button[type=submit]");
    await budi.click(`#apps-list [data-number='${NUMBER}']`);
    await budi.waitForSelector("#view-app:not([hidden])");
    await setStatus("verified");
    await setStatus("approved");
    await setStatus("done");
    await citizenSaw(/sudah \*?selesai\*?\. Terima kasih/);
  });

  it("7. budi reloads the console in the middle of the case: the case, its conversation and the reply being typed are still there", { timeout: 60_000 }, async () => {
    await budi.click("#tabs button[data-tab=queue]");
    await budi.click(`#queue-list [data-case='${webCase}']`);
    await budi.waitForSelector("#view-case:not([hidden])");
    const draft = "Baik Bapak/Ibu, izin reklamenya sudah selesai dan bisa diambil di gerai DPMPTSP";
    await budi.fill("#reply-text", draft);
    await budi.reload();
    await budi.waitForSelector("#view-case:not([hidden])");
    expect(await budi.locator("#transcript").innerText()).toContain("sudah sampai mana ya pak");
    expect(await budi.locator("#case-status").innerText()).toMatch(/Dilayani oleh budi/);
    expect(await budi.inputValue("#reply-text")).toBe(draft);
    await budi.click("#btn-reply");
    await citizenSaw(/bisa diambil di gerai DPMPTSP/);
  });

  it("8. budi gives the conversation back to the bot: the citizen's next message is answered by the bot again", { timeout: 60_000 }, async () => {
    await budi.click("#btn-return");
    await expect.poll(() => budi.locator("#case-status").innerText()).toMatch(/Kembali ke bot/);
    await citizenSaw(/asisten otomatis|kembali/i);
    const before = await citizen.locator(".msg").count();
    await chat.type("apa saja syarat izin reklame");
    const answer = (await citizen.locator(".msg").allInnerTexts()).slice(before).join("\n---\n");
    expect(answer).toMatch(/KTP pemohon/);
    expect(answer).not.toMatch(/petugas akan membaca|antrean/i);
  });

  it("9. end of day: the day's report and SKM in the console; logout ends the session and the back button shows no citizen's data", { timeout: 60_000 }, async () => {
    await budi.click("#tabs button[data-tab=report]");
    await expect.poll(() => budi.locator("[data-testid=report-handoffs]").innerText()).toBe("2");
    expect(await budi.locator("[data-testid=report-applications]").innerText()).toBe("1");
    expect(await budi.locator("#report-result").innerText()).toMatch(/1 kembali ke bot/);
    await budi.click("#tabs button[data-tab=skm]");
    await expect.poll(() => budi.locator("#skm-result").innerText()).toMatch(/Responden/);

    await budi.click("#logout");
    await budi.waitForSelector("#view-login:not([hidden])");
    expect((await budi.evaluate(() => fetch("/staff/api/me").then((r) => r.status)))).toBe(401);
    const leftOver = async () => budi.evaluate(() => document.body.textContent ?? "");
    for (const words of ["sudah sampai mana ya pak", NAME, "pbg saya ditolak", NUMBER]) expect(await leftOver(), `"${words}" left in the page after logout`).not.toContain(words);
    await budi.goBack().catch(() => undefined);
    await budi.waitForTimeout(500);
    if (budi.url().includes("/staff")) {
      await budi.waitForSelector("#view-login:not([hidden])");
      for (const words of ["sudah sampai mana ya pak", NAME, "pbg saya ditolak", NUMBER]) expect(await leftOver(), `"${words}" shown after Back`).not.toContain(words);
    }
    await budi.goForward().catch(() => undefined);
    await budi.waitForTimeout(500);
    if (budi.url().includes("/staff")) {
      await budi.waitForSelector("#view-login:not([hidden])");
      for (const words of ["sudah sampai mana ya pak", NAME, "pbg saya ditolak", NUMBER]) expect(await leftOver(), `"${words}" shown after Forward`).not.toContain(words);
    }
  });

  it("10. no personal data of the day reached the logs (names, the Telegram id, what citizens wrote, the application's number is fine)", () => {
    const all = logLines.join("\n");
    expect(logLines.length, "the log lines were collected").toBeGreaterThan(0);
    for (const words of [NAME, `telegram:${TG}`, "sudah sampai mana ya pak", "pbg saya ditolak", "belum mencantumkan ukuran", "kami cek dulu di SIMBG"]) expect(all, words).not.toContain(words);
    expect(all).not.toMatch(/(?<!\d)\d{16}(?!\d)/);
  });

  afterAll(async () => {
    await citizenCtx?.close();
    await budiCtx?.close();
    await dewiCtx?.close();
  });
});
