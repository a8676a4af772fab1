import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { launchChromium } from "../support/browser.js";
import { fixtures } from "../support/loket.js";
import { PASSWORDS, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * The console in Debian's Chromium against a whole Loket on loopback: a staff member logs in,
 * sees a new case arrive live (banner + beep), takes it, replies (the citizen's web chat gets it
 * over the web SSE API), gives it back to the bot, and changes an application's status (the
 * citizen is notified). A citizen message carrying markup is shown as text and never runs.
 */
describe("staff console in Chromium", () => {
  let w: StaffWorld;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    w = await startStaffWorld();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
    // Count beeps: every alert tone creates oscillators.
    await page.addInitScript(() => {
      const w = window as unknown as { __beeps: number; __xss?: number };
      w.__beeps = 0;
      const orig = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.__beeps++;
        return orig.call(this);
      };
    });
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it("login, live case, take, reply, return to bot, status change", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      // 401s (before login, the wrong password) are expected; CSP violations and script errors are not.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
    });
    await page.goto(`${w.base}/staff`);
    await page.fill("#username", "budi");
    await page.fill("#password", "salah-sekali-123");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.textContent("#login-error")).toContain("salah");
    await page.fill("#password", PASSWORDS.budi);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    await expect.poll(() => page.textContent("#who")).toContain("Budi");

    // A citizen asks for a person on the web chat; the case appears live with an alert.
    const citizen = await w.citizen();
    await citizen.say("halo");
    await citizen.say("petugas");
    await page.waitForSelector("[data-testid=new-case-alert]:not([hidden])", { timeout: 10_000 });
    await expect.poll(() => page.evaluate(() => (window as unknown as { __beeps: number }).__beeps)).toBeGreaterThan(0);
    await page.waitForSelector("#queue-list .list-item");

    // Markup in a citizen's message is shown as text and never runs.
    const evil = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
    // As the first message while waiting it gets the queue place once (handback4), which staff see under it.
    expect((await citizen.say(evil)).map((o) => o.text)).toEqual([expect.stringContaining("antrean ke-1")]);

    await page.click("[data-testid=new-case-alert]");
    await page.waitForSelector("#view-case:not([hidden])");
    await page.click("#btn-take");
    await citizen.events.waitFor((o) => o.text.includes("Petugas Budi"));
    await expect.poll(() => page.textContent("#case-status")).toContain("Dilayani");

    const transcript = page.locator("[data-testid=transcript]");
    await expect.poll(() => transcript.innerText()).toContain(evil);
    expect(await page.locator("#transcript img, #transcript script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const lines = await page.locator("[data-testid=transcript] > *").allInnerTexts();
    const said = lines.findIndex((l) => l.includes(evil));
    expect(lines[said + 1], lines.join("\n--\n")).toMatch(/Bot[\s\S]*antrean ke-1/);

    // A message while held arrives live in the open case.
    expect(await citizen.say("Saya mau tanya soal PBG")).toEqual([]);
    await expect.poll(() => transcript.innerText()).toContain("Saya mau tanya soal PBG");

    await page.fill("#reply-text", "Selamat pagi Bapak/Ibu, PBG diajukan lewat SIMBG.");
    // Sent twice in a row (a second tap before the first answer): the citizen gets it once.
    await page.evaluate(() => {
      const form = document.getElementById("reply-form") as HTMLFormElement;
      form.requestSubmit();
      form.requestSubmit();
    });
    await citizen.events.waitFor((o) => o.text.includes("PBG diajukan lewat SIMBG"));
    await expect.poll(() => page.inputValue("#reply-text")).toBe("");
    await new Promise((r) => setTimeout(r, 300));
    expect(citizen.events.received.filter((o) => o.text.includes("PBG diajukan lewat SIMBG"))).toHaveLength(1);

    await page.click("#btn-return");
    await citizen.events.waitFor((o) => o.text.includes("asisten otomatis"));
    await expect.poll(() => page.textContent("#case-status")).toContain("Kembali ke bot");
    expect((await citizen.say("menu")).length).toBeGreaterThan(0);

    // An application of this citizen; staff verify it from the console.
    const at = new Date().toISOString();
    // A permit whose form has a choice question: staff read the option's label, not its id.
    const permit = w.t.loket.knowledge.permits.find((p) => p.submission.loketCanApply && p.form.some((f) => f.options?.length))!;
    const choice = permit.form.find((f) => f.options?.length)!;
    const sha256 = await w.t.loket.files.put(fixtures.pdf);
    const app: Application = {
      number: "RBG-2026-000777",
      permit: permit.id,
      conversationId: citizen.conversationId,
      channel: "web",
      fields: { nama: "Siti <b>Aminah</b>", [choice.id]: choice.options![0]!.id },
      documents: { [permit.requirements[0]?.id ?? "ktp"]: { sha256, mime: "application/pdf", size: fixtures.pdf.length } },
      phoneLast4: "1234",
      status: "received",
      history: [{ status: "received", at, by: "loket" }],
      submittedAt: at,
      updatedAt: at,
    };
    await w.t.loket.store.put("applications", app.number, app);
    await page.click("#tabs button[data-tab=apps]");
    await page.fill("#f-q", "aminah");
    await page.click("#app-filter button[type=submit]");
    await page.click("[data-number='RBG-2026-000777']");
    await page.waitForSelector("#view-app:not([hidden])");
    expect(await page.locator("#app-detail").innerText()).toContain("Siti <b>Aminah</b>");
    // Fields and documents by their names, not their ids.
    expect(await page.locator("#app-detail th[title=nama]").innerText()).toBe("Nama lengkap pemohon");
    expect(await page.locator(`#app-detail th[title='${permit.requirements[0]!.id}']`).innerText()).toBe(`📎 ${permit.requirements[0]!.name}`);
    expect(await page.locator("#app-detail b").count()).toBe(0);
    expect(await page.locator(`#app-detail tr:has(th[title='${choice.id}']) td`).innerText()).toBe(choice.options![0]!.label);
    const link = page.locator("#app-detail a[download]").first();
    expect(await link.getAttribute("href")).toMatch(/^\/staff\/api\/applications\/RBG-2026-000777\/documents\//);
    await page.selectOption("#s-status", "verified");
    await page.fill("#s-note", "Berkas lengkap, sedang diproses.");
    await page.click("#status-form button[type=submit]");
    await citizen.events.waitFor((o) => o.text.includes("RBG-2026-000777") && o.text.includes("Berkas lengkap, sedang diproses."));
    await expect.poll(() => page.textContent("#status-msg")).toContain("sudah diberi tahu");
    expect((await w.t.loket.store.get<Application>("applications", app.number))?.status).toBe("verified");

    // IKM page renders.
    await page.click("#tabs button[data-tab=skm]");
    await page.waitForSelector("[data-testid=ikm]");
    expect(errors).toEqual([]);
  });

  it("works from the keyboard, refuses in Indonesian, and says why a session ended", async () => {
    const kb = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // A step that waits in vain fails naming itself, not as the test's timeout (CI stop 47).
    kb.setDefaultTimeout(10_000);
    try {
      await kb.goto(`${w.base}/staff`);
      await kb.fill("#username", "budi");
      await kb.fill("#password", PASSWORDS.budi);
      await kb.press("#password", "Enter");
      await kb.waitForSelector("#view-queue:not([hidden])");
      const citizen = await w.citizen();
      await citizen.say("halo");
      await citizen.say("petugas");
      await kb.waitForSelector("#queue-list .list-item");
      // Tab reaches a queue row; Enter opens it.
      for (let i = 0; i < 30 && !(await kb.evaluate(() => document.activeElement?.hasAttribute("data-case"))); i++) await kb.keyboard.press("Tab");
      expect(await kb.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("button");
      await kb.keyboard.press("Enter");
      await kb.waitForSelector("#view-case:not([hidden])");

      // Sari (admin) holds the case: Budi's buttons are off (the server would refuse him).
      const caseId = (await w.t.loket.store.list<{ id: string; conversationId: string }>("cases")).find((c) => c.conversationId === citizen.conversationId)!.id;
      expect((await w.t.loket.staff.take(caseId, { username: "sari", role: "admin", displayName: "Sari" } as never)).ok).toBe(true);
      await kb.click("#case-back");
      await kb.click(`[data-case='${caseId}']`);
      await expect.poll(() => kb.textContent("#case-status")).toContain("oleh sari");
      expect(await kb.isDisabled("#btn-reply")).toBe(true);
      expect(await kb.isDisabled("#btn-close")).toBe(true);

      // An application status that needs a note, saved without one.
      const permit = w.t.loket.knowledge.permits.find((p) => p.submission.loketCanApply)!;
      const at = new Date().toISOString();
      await w.t.loket.store.put("applications", "RBG-2026-000778", {
        number: "RBG-2026-000778", permit: permit.id, conversationId: citizen.conversationId, channel: "web", fields: {}, documents: {},
        phoneLast4: "1234", status: "received", history: [{ status: "received", at, by: "loket" }], submittedAt: at, updatedAt: at,
      } satisfies Application);
      await kb.click("#tabs button[data-tab=apps]");
      await kb.click("[data-number='RBG-2026-000778']");
      await kb.waitForSelector("#view-app:not([hidden])");
      await kb.selectOption("#s-status", "rejected");
      await kb.click("#status-form button[type=submit]");
      await expect.poll(() => kb.textContent("#status-msg")).toMatch(/^Catatan wajib diisi/);

      // An admin disables Budi while he is logged in: his next step shows the login saying why (staff7: the reason itself).
      const { setStaffDisabled } = await import("../../src/staff/auth.js");
      await setStaffDisabled(w.t.loket.store, "budi", true);
      await kb.click("#status-form button[type=submit]");
      await kb.waitForSelector("#view-login:not([hidden])");
      await expect.poll(() => kb.textContent("#login-error")).toMatch(/^Akun ini dinonaktifkan oleh admin\./);
      await setStaffDisabled(w.t.loket.store, "budi", false);
    } finally {
      await kb.close();
    }
  }, 45_000); // some twenty browser steps: at CI's load (the whole suite on 2 cores) over 30 s

  it("catches up after its live stream drops: a case opened meanwhile alerts, the open case shows what was said meanwhile", async () => {
    const p = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await p.goto(`${w.base}/staff`);
      await p.fill("#username", "sari");
      await p.fill("#password", PASSWORDS.sari);
      await p.click("#login-form button[type=submit]");
      await p.waitForSelector("#view-queue:not([hidden])");
      const first = await w.citizen();
      await first.say("petugas");
      // Its own row: the list drawn at login (an earlier test's cases) may still be on screen.
      const firstCase = (await w.t.loket.store.list<{ id: string; conversationId: string }>("cases")).find((c) => c.conversationId === first.conversationId)!.id;
      await p.click(`#queue-list [data-case='${firstCase}']`);
      await p.waitForSelector("#view-case:not([hidden])");
      await p.click("#btn-take");
      await expect.poll(() => p.textContent("#case-status")).toContain("Dilayani");
      await p.evaluate(() => document.getElementById("alert")!.setAttribute("hidden", ""));

      // The stream drops (a restarted instance, a dead network); meanwhile the citizen writes and a new case opens.
      // The server drops every live stream; the browser reconnects by itself a few seconds later.
      for (const res of w.t.loket.app.eventStreams) res.destroy();
      expect(await first.say("pesan waktu koneksi putus")).toEqual([]);
      const second = await w.citizen();
      await second.say("petugas");
      await expect.poll(() => p.locator("[data-testid=transcript]").innerText(), { timeout: 15_000 }).toContain("pesan waktu koneksi putus");
      await p.waitForSelector("[data-testid=new-case-alert]:not([hidden])", { timeout: 15_000 });
    } finally {
      await p.close();
    }
  }, 40_000);
});
