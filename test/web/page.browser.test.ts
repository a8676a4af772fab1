import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, listening } from "../support/browser.js";
import { citizenOn } from "../support/chat-page.js";
import { fixtures, ownFile } from "../support/fixtures.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { startFlakyProxy } from "./flaky-proxy.js";

/**
 * The citizen's chat page in Debian's Chromium on a phone-sized screen: a whole application,
 * taps, typing and a document upload through the file picker, ending with the registration number.
 */
describe("web chat page in Chromium", () => {
  let t: TestLoket;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    // Not the page's own 4000: the text box must take Loket's limit from the API.
    t = await createTestLoket({ store: "sqlite", env: { MESSAGE_MAX_CHARS: "6000" } });
    base = await listening(t);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const { lastBot, botCount, waitForBot, type, tapFirst, answer } = citizenOn(() => page);

  it("draws the document button's paperclip itself, so it shows on a computer without an emoji font", async () => {
    // Debian's Chromium here has no emoji font, like a Linux kiosk at the office: the 📎 character
    // the button used to hold rendered as an empty box.
    // A page of its own: the tests below follow one conversation from its first message.
    const own = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await own.goto(base);
      expect((await own.locator("#attach").textContent())?.trim()).toBe("");
      const icon = await own.locator("#attach svg path").boundingBox();
      expect(icon?.width).toBeGreaterThan(8);
      expect(icon?.height).toBeGreaterThan(12);
      expect(await own.getAttribute("#attach", "aria-label")).toBe("Kirim dokumen");
    } finally {
      await own.close();
    }
  });

  it("greets with a menu, takes a whole application with an upload, and shows the registration number", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
    expect(await page.locator(".choices button").count()).toBeGreaterThanOrEqual(4);

    await type("saya mau mengajukan izin reklame");
    const dir = mkdtempSync(join(tmpdir(), "loket-page-"));
    const pdf = join(dir, "dokumen.pdf");
    writeFileSync(pdf, fixtures.pdf);

    // Answer what the bot asks, by the kind of input it expects (the page marks it on the bubble).
    let number: string | undefined;
    for (let i = 0; i < 40 && !number; i++) {
      const last = page.locator(".msg.bot").last();
      const found = /\b[A-Z]{2,8}-\d{4}-\d{6}\b/.exec((await last.textContent()) ?? "");
      if (found) {
        number = found[0];
        break;
      }
      const kind = await last.getAttribute("data-kind");
      const field = await last.getAttribute("data-field");
      // The phone shows the keyboard the answer needs.
      expect(await page.getAttribute("#text", "inputmode"), `inputmode for ${kind}`).toBe(kind === "nik" || kind === "number" ? "numeric" : kind === "phone" ? "tel" : null);
      if (kind === "file") {
        const before = await botCount();
        // A PDF of its own for each document (the very file just taken, sent again, is "already received").
        writeFileSync(pdf, ownFile("pdf", `${field}-${i}`));
        await page.setInputFiles("#file", pdf);
        await waitForBot(before);
      } else await answer(kind, field);
    }
    expect(number).toMatch(/^RBG-\d{4}-\d{6}$/);
    const app = await t.loket.store.get<{ documents: Record<string, unknown> }>("applications", number!);
    expect(Object.keys(app!.documents).length).toBeGreaterThan(0);
    // Old keyboards are disabled once a new question came.
    expect(await page.locator(".choices button:not([disabled])").count()).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it("sends a message again when its answer is lost on the way, and Loket takes it once", async () => {
    let dropped = 0;
    await page.route("**/api/conversations/*/messages", async (route) => {
      if (dropped++ === 0) {
        await route.fetch(); // Loket receives and answers it...
        await route.abort("connectionreset"); // ...and the phone never gets the answer.
      } else await route.continue();
    });
    const before = await botCount();
    await type("jam buka kantor");
    await page.unroute("**/api/conversations/*/messages");
    expect(dropped).toBe(2);
    // The answer once on the page, the question once in Loket's transcript.
    const shown = (await page.locator(".msg.bot").allTextContents()).slice(before);
    expect(shown.filter((text) => /Senin/.test(text))).toHaveLength(1);
    const id = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
    const lines = await t.loket.store.transcript(`web:${id}`);
    expect(lines.filter((l) => l.from === "citizen" && l.text === "jam buka kantor")).toHaveLength(1);
  });

  it("continues the same conversation after a reload, showing what was said and what staff sent while the page was closed", async () => {
    const said = await page.locator(".msg").allTextContents();
    const id = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
    await page.goto("about:blank"); // the citizen closed the tab
    await t.loket.runtime.push(`web:${id}`, [{ type: "text", text: "📄 Berkas permohonan *RBG-2026-000001* sudah diverifikasi dan _sedang diproses_." }], "system");
    await page.goto(base);
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dilanjutkan/);
    // Loket's notice, drawn as a notice (not as a staff member's words: tab5).
    await expect.poll(() => page.locator(".msg.notice").last().textContent()).toMatch(/sudah diverifikasi/);
    // WhatsApp-style marks are shown as bold and italics, not as asterisks.
    expect(await page.locator(".msg.notice").last().locator("b").textContent()).toBe("RBG-2026-000001");
    expect(await page.locator(".msg.notice").last().locator("i").textContent()).toBe("sedang diproses");
    expect(await page.locator(".msg.notice").last().textContent()).not.toContain("*");
    // What was on the page before is there again (the registration number message included).
    const shown = await page.locator(".msg").allTextContents();
    expect(shown.slice(0, said.length).filter((text) => /RBG-\d{4}-\d{6}/.test(text)).length).toBeGreaterThan(0);
    // The page's opening "halo" (sent without a bubble) is in the history too.
    expect(shown[0]).toBe("halo");
    expect(shown.slice(1)).toEqual([...said, expect.stringMatching(/sudah diverifikasi/)]);
    // The same web chat token: its application's status at once, no number or phone digits asked.
    await type("status");
    expect(await lastBot()).toMatch(/Permohonan RBG-2026-000001/);
  });

  it("keeps the focus on the new question after a button is pressed from the keyboard", async () => {
    await type("menu");
    await page.locator(".choices button:not([disabled])").first().focus();
    const before = await botCount();
    await page.keyboard.press("Enter");
    await waitForBot(before);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/^(BUTTON|INPUT)$/);
    expect(await page.evaluate(() => (document.activeElement as HTMLButtonElement).disabled ?? false)).toBe(false);
  });

  it("puts a message that could not be sent back in the box instead of showing it as sent", async () => {
    await page.route("**/api/conversations/*/messages", (route) => route.abort("internetdisconnected"));
    const mine = await page.locator(".msg.me").count();
    await page.fill("#text", "berapa biaya pbg");
    await page.click("#send");
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 15_000 }).toMatch(/gagal terkirim/);
    await page.unroute("**/api/conversations/*/messages");
    expect(await page.inputValue("#text")).toBe("berapa biaya pbg");
    expect(await page.locator(".msg.me").count()).toBe(mine);
    // Sent again from the box: taken once.
    const before = await botCount();
    await page.click("#send");
    await waitForBot(before);
    expect(await page.locator(".msg.me").last().textContent()).toBe("berapa biaya pbg");
  });

  it("says a message arrived when it gets no answer because staff hold the conversation", async () => {
    await type("mau bicara dengan petugas");
    // The first message while waiting is answered once with the queue place (handback4); the next gets no answer.
    await type("saya tunggu ya pak");
    expect(await lastBot()).toMatch(/antrean ke-\d+/);
    const before = await botCount();
    await page.fill("#text", "berkas saya sudah siap pak");
    await page.click("#send");
    await expect.poll(() => page.locator("#status").textContent()).toBe("Pesan terkirim ✓");
    expect(await botCount()).toBe(before);
    expect(await page.evaluate(() => document.body.classList.contains("busy"))).toBe(false);
  });
  /** Two small documents with different names, as a citizen's phone would offer them. */
  const documents = () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-page-"));
    const first = join(dir, "ktp.pdf");
    const second = join(dir, "str.pdf");
    writeFileSync(first, fixtures.pdf);
    writeFileSync(second, Buffer.concat([fixtures.pdf, Buffer.from("\n% another\n")]));
    return { first, second };
  };
  /** A new conversation on a fresh page (the one before may be held by staff). */
  const freshConversation = async () => {
    await page.goto(base);
    await page.evaluate(() => localStorage.clear());
    await page.goto(base);
    await expect.poll(lastBot).toMatch(/bantu/i);
  };

  it("keeps 📎 inactive while a document is on its way, so a second one cannot overtake it: chosen meanwhile, it goes after the first", async () => {
    await freshConversation();
    const { first, second } = documents();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let uploads = 0;
    await page.route("**/api/conversations/*/uploads", async (route) => {
      if (++uploads === 1) await held; // a slow connection
      await route.continue();
    });
    const before = await botCount();
    await page.setInputFiles("#file", first);
    await expect.poll(() => uploads).toBe(1);
    const disabledMeanwhile = await page.locator("#attach").isDisabled();
    // The citizen picks the next document meanwhile: it is not sent past the first one, but after
    // it (tab4, 2026-12-03: it was dropped without a word).
    await page.setInputFiles("#file", second, { timeout: 500 }).catch(() => undefined);
    await page.waitForTimeout(300);
    expect(uploads).toBe(1);
    release();
    await waitForBot(before);
    await expect.poll(() => uploads).toBe(2);
    await expect.poll(() => page.locator(".msg.me").allTextContents()).toEqual(expect.arrayContaining(["📎 str.pdf"]));
    const mine = await page.locator(".msg.me").allTextContents();
    expect(mine.indexOf("📎 str.pdf")).toBeGreaterThan(mine.indexOf("📎 ktp.pdf"));
    await expect.poll(() => page.locator("#status").textContent()).toBe("");
    await page.unroute("**/api/conversations/*/uploads");
    expect(disabledMeanwhile).toBe(true);
    expect(await page.locator("#attach").isDisabled()).toBe(false);
  });
  it("sends a document chosen again after its answer was lost with the same id, so Loket files it once", async () => {
    const proxy = await startFlakyProxy(base);
    try {
      await page.goto(proxy.url); // another origin: a new conversation
      await expect.poll(lastBot).toMatch(/bantu/i);
      const { first } = documents();
      // Loket takes the document, its answer is lost, and so are the page's three retries.
      proxy.loseAnswer("/uploads", 3);
      await page.setInputFiles("#file", first);
      await expect.poll(() => page.locator("#status").textContent(), { timeout: 15_000 }).toMatch(/gagal terkirim/);
      expect(proxy.count("/uploads")).toBe(4);
      // The citizen picks the same photo again.
      await page.setInputFiles("#file", first);
      await expect.poll(() => page.locator("#status").textContent()).not.toMatch(/mengunggah|gagal/);
      expect(proxy.count("/uploads")).toBe(5);
      const id = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
      const lines = await t.loket.store.transcript(`web:${id}`);
      expect(lines.filter((l) => l.from === "citizen" && l.text.includes("ktp.pdf"))).toHaveLength(1);
      // The answer Loket gave the first time is shown now.
      expect(await page.locator(".msg.me").last().textContent()).toBe("📎 ktp.pdf");
      expect(await lastBot()).toMatch(/bantu/i);
    } finally {
      await page.goto("about:blank");
      await proxy.close();
    }
  });

  it("shows a notice sent while the event stream was down, also when a message was on its way as it came back", async () => {
    await freshConversation();
    const id = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/conversations/*/messages", async (route) => {
      await held; // a slow answer
      await route.continue();
    });
    const before = await botCount();
    await page.fill("#text", "jam buka kantor");
    await page.click("#send");
    // The stream drops; a notice comes while it is down; the browser reconnects by itself.
    const streams = t.loket.app.eventStreams;
    for (const res of streams) res.end();
    await expect.poll(() => streams.size).toBe(0);
    await t.loket.runtime.push(`web:${id}`, [{ type: "text", text: "📄 Permohonan Bapak/Ibu sudah selesai diproses." }], "system");
    await expect.poll(() => streams.size, { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(300);
    release();
    await waitForBot(before);
    await page.unroute("**/api/conversations/*/messages");
    await expect.poll(async () => (await page.locator(".msg").allTextContents()).some((text) => /selesai diproses/.test(text))).toBe(true);
    // Shown once, with the answer to the message.
    const shown = await page.locator(".msg").allTextContents();
    expect(shown.filter((text) => /selesai diproses/.test(text))).toHaveLength(1);
    expect(shown.filter((text) => text === "jam buka kantor")).toHaveLength(1);
    expect(shown.some((text) => /Senin/.test(text))).toBe(true);
  });

  it("shows the question waiting for an answer with its buttons after a reload", async () => {
    await freshConversation();
    const menu = await page.locator(".choices").last().locator("button").allTextContents();
    expect(menu.length).toBeGreaterThanOrEqual(4);
    await page.reload();
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dilanjutkan/);
    await expect.poll(() => page.locator(".choices button:not([disabled])").allTextContents()).toEqual(menu);
    expect(await page.locator(".msg.bot").last().getAttribute("data-kind")).toBe("choice");
    await tapFirst();
    // A question answered is not offered again: after a reload, only the new one has buttons.
    const next = await page.locator(".choices").last().locator("button:not([disabled])").allTextContents();
    await page.reload();
    await expect.poll(() => page.locator(".choices button:not([disabled])").allTextContents()).toEqual(next);
    expect(await page.locator(".choices").count()).toBe(next.length ? 1 : 0);
  });

  it("sends a text typed offline by itself when the connection is back, once", async () => {
    await freshConversation();
    await page.context().setOffline(true);
    await page.fill("#text", "jam buka kantor");
    await page.click("#send");
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/Tidak ada koneksi/);
    expect(await page.inputValue("#text")).toBe("jam buka kantor");
    const before = await botCount();
    await page.context().setOffline(false);
    await waitForBot(before);
    expect(await page.inputValue("#text")).toBe("");
    const shown = await page.locator(".msg").allTextContents();
    expect(shown.filter((text) => text === "jam buka kantor")).toHaveLength(1);
    expect(shown.filter((text) => /Senin/.test(text))).toHaveLength(1);
  });

  it("takes a text back out of the box when the history shows it did arrive", async () => {
    await freshConversation();
    let tries = 0;
    await page.route("**/api/conversations/*/messages", async (route) => {
      if (tries++ === 0) await route.fetch(); // Loket takes it; this answer and the retries' are lost
      await route.abort("connectionreset");
    });
    await page.fill("#text", "jam buka kantor");
    await page.click("#send");
    await expect.poll(() => page.locator("#status").textContent(), { timeout: 15_000 }).toMatch(/gagal terkirim/);
    await page.unroute("**/api/conversations/*/messages");
    expect(await page.inputValue("#text")).toBe("jam buka kantor");
    // The event stream reconnects: the history shows the message and its answer.
    for (const res of t.loket.app.eventStreams) res.end();
    await expect.poll(() => page.inputValue("#text"), { timeout: 15_000 }).toBe("");
    expect(await page.locator("#status").textContent()).toBe("");
    const shown = await page.locator(".msg").allTextContents();
    expect(shown.filter((text) => text === "jam buka kantor")).toHaveLength(1);
    expect(shown.filter((text) => /Senin/.test(text))).toHaveLength(1);
  });

  it("leaves the question's buttons usable when a status notice arrives", async () => {
    await freshConversation();
    const menu = await page.locator(".choices button:not([disabled])").count();
    expect(menu).toBeGreaterThanOrEqual(4);
    const id = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
    await t.loket.runtime.push(`web:${id}`, [{ type: "text", text: "📄 Berkas Bapak/Ibu sudah diverifikasi." }], "system");
    await expect.poll(() => page.locator(".msg").last().textContent()).toMatch(/diverifikasi/);
    expect(await page.locator(".choices button:not([disabled])").count()).toBe(menu);
    await tapFirst();
  });

  /** The conversation id the page keeps. */
  const conversationId = async () => JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;

  it("refuses a document too big or of another type before uploading it", async () => {
    await freshConversation();
    const dir = mkdtempSync(join(tmpdir(), "loket-page-"));
    const big = join(dir, "foto.jpg");
    writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 0xff)); // just over the test Loket's 10 MB
    const text = join(dir, "catatan.txt");
    writeFileSync(text, "bukan dokumen");
    let uploads = 0;
    await page.route("**/api/conversations/*/uploads", async (route) => {
      uploads++;
      await route.continue();
    });
    const before = await botCount();
    await page.setInputFiles("#file", big);
    await expect.poll(lastBot).toMatch(/terlalu besar.*10 MB/);
    await page.setInputFiles("#file", text);
    await expect.poll(lastBot).toMatch(/tidak bisa kami terima/);
    // An iPhone photo (the picker may offer it as "image/heic") and an empty file.
    await page.setInputFiles("#file", { name: "IMG_0001.HEIC", mimeType: "image/heic", buffer: Buffer.from("\0\0\0\x18ftypheic") });
    await expect.poll(lastBot).toMatch(/Foto iPhone \(HEIC\).*Paling Kompatibel/);
    await page.setInputFiles("#file", { name: "kosong.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(0) });
    await expect.poll(lastBot).toMatch(/^Mohon maaf, file yang dikirim kosong/);
    await page.unroute("**/api/conversations/*/uploads");
    expect(uploads).toBe(0);
    expect(await botCount()).toBe(before + 4);
    expect(await page.locator("#attach").isDisabled()).toBe(false);
  });

  it("shows how much of a document is uploaded, and ✕ cancels it without filing it", async () => {
    await freshConversation();
    const dir = mkdtempSync(join(tmpdir(), "loket-page-"));
    const photo = join(dir, "ktp.jpg");
    // 2 MB: about half a minute at the speed below, so ✕ is tapped long before its last byte, even
    // on a loaded machine (CI once tapped it after a 1 MB file had all left: filed, as it should be).
    writeFileSync(photo, Buffer.concat([fixtures.pdf, Buffer.alloc(2 * 1024 * 1024)]));
    // A slow phone connection: about 64 KB a second up.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 256 * 1024, uploadThroughput: 64 * 1024 });
    try {
      const mine = await page.locator(".msg.me").count();
      await page.setInputFiles("#file", photo);
      await expect.poll(() => page.locator("#status").textContent(), { timeout: 15_000 }).toMatch(/^mengunggah [1-4]0%$/);
      await page.locator(".msg.me .cancel").click();
      // Loket says whether it had the document already: on a loaded machine its last bytes can
      // reach Loket (and it be filed) before the page hears they left (upload-cancel-2026-12-05).
      await expect.poll(() => page.locator("#status").textContent()).toMatch(/dibatalkan|terlanjur/);
      const filed = /terlanjur/.test((await page.locator("#status").textContent()) ?? "");
      if (filed) await expect.poll(() => page.locator(".msg.me").last().textContent()).toContain("ktp.jpg");
      else expect(await page.locator(".msg.me").count()).toBe(mine);
      expect(await page.locator("#attach").isDisabled()).toBe(false);
      await page.waitForTimeout(300);
      const lines = await t.loket.store.transcript(`web:${await conversationId()}`);
      expect(lines.filter((l) => l.from === "citizen" && l.text.includes("ktp.jpg"))).toHaveLength(filed ? 1 : 0);
    } finally {
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
  });

  it("takes ✕ away once the whole document has left the phone, before Loket's answer (it is filed then)", async () => {
    await freshConversation();
    await type("mau daftar izin reklame");
    // What changes in the log, in the order the page makes the changes, each set of changes apart.
    await page.evaluate(() => {
      const w = window as unknown as { changes: string[][] };
      w.changes = [];
      new MutationObserver((records) => {
        const seen: string[] = [];
        for (const r of records) {
          r.removedNodes.forEach((n) => { if (n instanceof HTMLElement && n.classList.contains("cancel")) seen.push("✕ gone"); });
          r.addedNodes.forEach((n) => { if (n instanceof HTMLElement && n.classList.contains("bot")) seen.push("answer"); });
        }
        if (seen.length) w.changes.push(seen);
      }).observe(document.getElementById("log")!, { childList: true, subtree: true });
    });
    const before = await botCount();
    await page.setInputFiles("#file", { name: "ktp-utuh.pdf", mimeType: "application/pdf", buffer: fixtures.pdf });
    await expect.poll(botCount).toBeGreaterThan(before);
    const changes = await page.evaluate(() => (window as unknown as { changes: string[][] }).changes);
    expect(changes[0]).toEqual(["✕ gone"]);
    expect(changes.slice(1).flat()).toContain("answer");
  });

  it("shows a staff reply as staff and the bot's replies after a staff action as the bot's, and clears \"terkirim\"", async () => {
    await freshConversation();
    await type("mau bicara dengan petugas");
    // The first message while waiting gets the queue place (handback4); the second gets no answer: "terkirim".
    await type("saya tunggu ya pak");
    expect(await lastBot()).toMatch(/antrean ke-\d+/);
    await page.fill("#text", "berkas saya sudah siap pak");
    await page.click("#send");
    await expect.poll(() => page.locator("#status").textContent()).toBe("Pesan terkirim ✓");
    const id = `web:${await conversationId()}`;
    await t.loket.runtime.push(id, [{ type: "text", text: "Halo Bu, saya petugas Budi." }], "staff", "budi");
    await expect.poll(() => page.locator(".msg").last().textContent()).toMatch(/petugas Budi/);
    expect(await page.locator(".msg").last().getAttribute("class")).toBe("msg staff");
    expect(await page.locator("#status").textContent()).toBe("");
    // Staff give the conversation back: the bot goes on, in the bot's bubbles.
    const before = await botCount();
    await t.loket.runtime.mutate(id, () => ({ push: [{ type: "text", text: "Bapak/Ibu kembali dilayani asisten Loket." }], engineEvent: { type: "resume" } }));
    await expect.poll(botCount).toBeGreaterThan(before);
    const classes = await page.locator(".msg").evaluateAll((els) => els.map((e) => e.className));
    const notice = (await page.locator(".msg").allTextContents()).findIndex((text) => /kembali dilayani/.test(text));
    expect(classes[notice]).toBe("msg notice"); // Loket's notice, not a staff member's words (tab5)
    expect(classes.slice(notice + 1).every((c) => c === "msg bot")).toBe(true);
  });

  it("tells screen readers who wrote each message and what changed, and has touch-sized buttons and a visible text box", async () => {
    await freshConversation();
    expect(await page.getAttribute("#status", "role")).toBe("status");
    expect(await page.getAttribute("#status", "aria-live")).toBe("polite");
    expect(await page.getAttribute("#log", "role")).toBe("log");
    expect(await page.getAttribute("#text", "enterkeyhint")).toBe("send");
    await type("jam buka kantor");
    const tree = await page.locator("#log").ariaSnapshot();
    expect(tree).toContain("Anda: jam buka kantor");
    expect(tree).toMatch(/Loket: .*Senin/);
    // The copied text stays the message itself.
    expect(await page.locator(".msg.me").last().textContent()).toBe("jam buka kantor");
    await page.reload();
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dilanjutkan/);
    await expect.poll(() => page.getAttribute("#log", "aria-busy")).toBe("false");
    const button = await page.locator(".choices button").last().evaluate((b) => ({ h: b.getBoundingClientRect().height, font: getComputedStyle(b).fontFamily, body: getComputedStyle(document.body).fontFamily }));
    expect(button.h).toBeGreaterThanOrEqual(44);
    expect(button.font).toBe(button.body);
    // The text box's border against the form's background: at least 3:1.
    const ratio = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: string) => {
        const [r, g, b] = rgb(c).map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const a = lum(getComputedStyle(document.getElementById("text")!).borderTopColor);
      const b = lum(getComputedStyle(document.getElementById("form")!).backgroundColor);
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
    expect(ratio).toBeGreaterThanOrEqual(3);
  });

  it("says it cannot connect on a first load that fails, and keeps trying until it greets", async () => {
    await page.goto(base);
    await page.evaluate(() => localStorage.clear());
    let tries = 0;
    await page.route("**/api/conversations", async (route) => {
      tries++;
      await route.abort("internetdisconnected");
    });
    await page.goto(base);
    await expect.poll(() => page.locator("#status").textContent()).toBe("Tidak dapat terhubung. Mencoba lagi…");
    await expect.poll(() => tries, { timeout: 5_000 }).toBeGreaterThanOrEqual(2); // tried again by itself
    expect(await page.locator(".msg").count()).toBe(0);
    await page.unroute("**/api/conversations");
    // Back online: tried at once (the next try by the clock is 4 s away).
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect.poll(lastBot, { timeout: 3_000 }).toMatch(/bantu/i);
    expect(await page.locator("#status").textContent()).toBe("");
  });

  it("shows a long reply from its start, nested marks without marks, and addresses as links", async () => {
    await freshConversation();
    const id = `web:${await conversationId()}`;
    const long = ["📄 *Persyaratan* mulai di sini.", ...Array.from({ length: 60 }, (_, i) => `${i + 1}. baris persyaratan yang cukup panjang`)].join("\n");
    await t.loket.runtime.push(id, [{ type: "text", text: long }], "system");
    const bubble = page.locator(".msg").filter({ hasText: "mulai di sini" });
    await expect.poll(() => bubble.count()).toBe(1);
    await page.waitForTimeout(100);
    const tops = await bubble.evaluate((b) => ({ bubble: b.getBoundingClientRect().top, log: document.getElementById("log")!.getBoundingClientRect().top }));
    expect(tops.bubble).toBeGreaterThanOrEqual(tops.log);
    await t.loket.runtime.push(id, [{ type: "text", text: "Info _lihat *syarat* di_ https://dpmptsp.example.go.id/izin?ref=web." }], "staff", "budi");
    const last = page.locator(".msg").last();
    await expect.poll(() => last.textContent()).toMatch(/^Info lihat syarat di https/);
    expect(await last.locator("i b").textContent()).toBe("syarat");
    const link = last.locator("a");
    expect(await link.getAttribute("href")).toBe("https://dpmptsp.example.go.id/izin?ref=web");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await link.getAttribute("target")).toBe("_blank");
  });

  it("serves the page with an ETag for a 304 on reload, and asks for no /favicon.ico", async () => {
    const first = await fetch(`${base}/`);
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await fetch(`${base}/`, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    const asked: string[] = [];
    page.on("request", (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(base);
    await page.waitForTimeout(500);
    expect(asked).not.toContain("/favicon.ico");
    expect(await page.getAttribute('link[rel="icon"]', "href")).toMatch(/^data:image\/svg\+xml,/);
  });

  it("holds as much text as Loket takes (MESSAGE_MAX_CHARS), also after a reload", async () => {
    await page.goto(base);
    await expect.poll(() => page.locator("#text").evaluate((el) => (el as HTMLInputElement).maxLength)).toBe(6000);
    await page.reload();
    expect(await page.locator("#text").evaluate((el) => (el as HTMLInputElement).maxLength)).toBe(6000);
    // A page kept from before the limits were told (or changed) learns them from the history.
    await page.evaluate(() => {
      const c = JSON.parse(localStorage.getItem("loket.conversation")!);
      delete c.messageMaxChars;
      delete c.uploadMaxBytes;
      localStorage.setItem("loket.conversation", JSON.stringify(c));
    });
    await page.reload();
    await expect.poll(() => page.locator("#text").evaluate((el) => (el as HTMLInputElement).maxLength)).toBe(6000);
  });

  it("'Selesai' forgets the conversation on this device (a shared computer), after asking, and greets the next person", async () => {
    await page.goto(base);
    await expect.poll(() => page.locator(".msg").count()).toBeGreaterThan(3);
    const before = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
    expect(before).toBeTruthy();
    // Asked first, inside the page; "Tidak" keeps everything.
    await page.click("#end");
    await page.getByRole("button", { name: "Tidak, lanjutkan" }).click();
    expect(await page.locator("#end-confirm").count()).toBe(0);
    expect(await page.locator(".msg").last().textContent()).not.toMatch(/Akhiri percakapan/);
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId).toBe(before);
    await page.click("#end");
    await page.getByRole("button", { name: "Ya, akhiri" }).click();
    await expect.poll(() => page.locator(".msg.bot").first().textContent()).toMatch(/Selamat datang/);
    const after = JSON.parse((await page.evaluate(() => localStorage.getItem("loket.conversation"))) ?? "{}").conversationId as string;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    const shown = (await page.locator(".msg").allTextContents()).join("\n");
    expect(shown).not.toMatch(/RBG-\d{4}-\d{6}|Siti|3317/);
    // A reload shows the new conversation only.
    await page.reload();
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dilanjutkan/);
    expect((await page.locator(".msg").allTextContents()).join("\n")).not.toMatch(/RBG-\d{4}-\d{6}/);
    // The office keeps the conversation that was ended (the registration number stays valid).
    expect((await t.loket.store.transcript(`web:${before}`)).length).toBeGreaterThan(0);
  });

  it("'Selesai' pressed while the last conversation's history is still on its way does not draw that history", async () => {
    await page.goto(base);
    await expect.poll(() => page.locator("#status").textContent()).toMatch(/dilanjutkan/);
    await type("syarat pbg apa saja");
    expect((await page.locator(".msg.bot").allTextContents()).join("\n")).toMatch(/Persyaratan/);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/history", async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await page.click("#end");
    await page.getByRole("button", { name: "Ya, akhiri" }).click();
    await expect.poll(() => page.locator(".msg.bot").first().textContent()).toMatch(/Selamat datang/);
    release();
    await page.waitForTimeout(800);
    await page.unroute("**/history");
    expect((await page.locator(".msg").allTextContents()).join("\n")).not.toMatch(/Persyaratan/);
  });
});
