import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { launchChromium } from "../support/browser.js";
import { PASSWORDS, startStaffWorld, type StaffWorld } from "./support.js";

/** A day of licensing staff, in the console in Chromium (staff day review 2026-11-30d). */
describe("staff day review 2026-11-30d: console", () => {
  let w: StaffWorld;
  let browser: Browser;
  // Near the real time: Chromium drops a cookie whose expiry (this clock + 12 h) is past.
  let clock = Date.now();
  beforeAll(async () => {
    w = await startStaffWorld({ now: () => new Date(clock) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  async function loginAs(page: import("playwright-core").Page, username: "budi" | "sari") {
    await page.fill("#username", username);
    await page.fill("#password", PASSWORDS[username]);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden]), #view-case:not([hidden])");
  }

  /**
   * "Kirim" pressed once the session has run out. The page may meet the ended session first itself
   * (its event stream reconnecting, a refresh: any request answered 401 keeps the draft and shows
   * the login), and then there is no button to press: the login is what both ways lead to.
   */
  async function sendOrSeeLogin(page: import("playwright-core").Page) {
    await page.click("#btn-reply").catch(async (err: unknown) => {
      if (!(await page.locator("#view-login").isVisible())) throw err;
    });
  }

  it("a session that ends while a reply is being written: after logging in again the case is open with the reply as it was", async () => {
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${w.base}/staff`);
    await loginAs(page, "budi");
    await page.click(`[data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await page.click("#btn-take");
    await expect.poll(async () => (await w.t.loket.store.get<HandoffCase>("cases", caseId))?.heldBy).toBe("budi");

    // A long answer, written while the 12-hour session runs out (the end of a long shift).
    const draft = "Bapak/Ibu, untuk PBG rumah tinggal diperlukan: 1) KTP, 2) bukti kepemilikan tanah, 3) gambar rencana. Pengajuan lewat SIMBG.";
    await page.fill("#reply-text", draft);
    clock += 13 * 3600_000;
    await sendOrSeeLogin(page);
    await page.waitForSelector("#view-login:not([hidden])", { timeout: 5000 });
    expect(await page.textContent("#login-error")).toContain("Sesi berakhir");
    expect(citizen.events.received.some((o) => o.text.includes("SIMBG"))).toBe(false);

    await loginAs(page, "budi");
    // Back where the staff member was, the reply not lost: it can be sent as it is.
    await page.waitForSelector("#view-case:not([hidden])", { timeout: 5000 });
    expect(await page.inputValue("#reply-text")).toBe(draft);
    await page.click("#btn-reply");
    await citizen.events.waitFor((o) => o.text.includes("Pengajuan lewat SIMBG"));
    await expect.poll(() => page.inputValue("#reply-text")).toBe("");

    // Another account logging in on that browser is not shown the draft or the case.
    await page.fill("#reply-text", "Draf Budi yang belum terkirim");
    clock += 13 * 3600_000;
    await sendOrSeeLogin(page);
    await page.waitForSelector("#view-login:not([hidden])", { timeout: 5000 });
    await loginAs(page, "sari");
    await page.waitForSelector("#view-queue:not([hidden])");
    expect(await page.inputValue("#reply-text")).toBe("");
    await page.close();
  });
});

describe("staff day review 2026-11-30d: console reply sent again", () => {
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

  it("a reply whose answer was lost (the network dropped) and is sent again with Kirim reaches the citizen once", async () => {
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${w.base}/staff`);
    await page.fill("#username", "budi");
    await page.fill("#password", PASSWORDS.budi);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    await page.click(`[data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    // The first request reaches Loket and is carried out; its answer is lost on the way back.
    let lost = 1;
    await page.route("**/staff/api/cases/*/messages", async (route) => {
      if (lost-- > 0) {
        await route.fetch();
        await route.abort("connectionreset");
      } else await route.continue();
    });
    await page.fill("#reply-text", "Izin Ibu sudah kami terima, mohon ditunggu.");
    await page.click("#btn-reply");
    await expect.poll(() => page.textContent("#case-error")).toContain("Tidak tersambung");
    expect(await page.inputValue("#reply-text")).toBe("Izin Ibu sudah kami terima, mohon ditunggu.");
    await page.click("#btn-reply");
    await expect.poll(() => page.inputValue("#reply-text")).toBe("");
    await new Promise((r) => setTimeout(r, 300));
    expect(citizen.events.received.filter((o) => o.text.includes("mohon ditunggu"))).toHaveLength(1);
    await page.close();
  });
});

describe("staff day review 2026-11-30d: a reply longer than the limit", () => {
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

  it("pasted into the reply box is kept whole and refused with the reason, not cut at 4,000 characters and sent", async () => {
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${w.base}/staff`);
    await page.fill("#username", "budi");
    await page.fill("#password", PASSWORDS.budi);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    await page.click(`[data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    // Requirements copied from a regulation: its last line matters most.
    const pasted = `${"Persyaratan teknis reklame sesuai Perbup. ".repeat(110)}\nPENTING: berkas dikirim lewat chat ini, tidak perlu datang ke kantor.`;
    expect(pasted.length).toBeGreaterThan(4000);
    await page.focus("#reply-text");
    await page.keyboard.insertText(pasted);
    expect((await page.inputValue("#reply-text")).length, "the paste was cut").toBe(pasted.length);
    await page.click("#btn-reply");
    await expect.poll(() => page.textContent("#case-error")).toMatch(/terlalu panjang/i);
    expect(await page.textContent("#case-error")).toContain("paling banyak 4.000");
    await new Promise((r) => setTimeout(r, 300));
    expect(citizen.events.received.some((o) => o.text.includes("Persyaratan teknis"))).toBe(false);
    expect(await page.inputValue("#reply-text")).toBe(pasted);
    await page.close();
  });
});

describe("staff day review 2026-11-30d: a status change when the session ends", () => {
  let w: StaffWorld;
  let browser: Browser;
  let clock = Date.now();
  beforeAll(async () => {
    w = await startStaffWorld({ now: () => new Date(clock) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it("after logging in again the application is open with the status chosen and the note as typed", async () => {
    const { applicationRecord } = await import("../support/applications.js");
    const citizen = await w.citizen();
    await citizen.say("halo");
    const app = applicationRecord({ number: "RBG-2026-000991", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Siti" } });
    await w.t.loket.store.put("applications", app.number, app);
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${w.base}/staff`);
    await page.fill("#username", "budi");
    await page.fill("#password", PASSWORDS.budi);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    await page.click("#tabs button[data-tab=apps]");
    await page.click(`[data-number='${app.number}']`);
    await page.waitForSelector("#view-app:not([hidden])");
    await page.selectOption("#s-status", "rejected");
    const note = "Lokasi reklame berada di ruang milik jalan provinsi; mohon ajukan ke Dinas PU Provinsi.";
    await page.fill("#s-note", note);
    clock += 13 * 3600_000;
    await page.click("#status-form button[type=submit]");
    await page.waitForSelector("#view-login:not([hidden])");
    await page.fill("#username", "budi");
    await page.fill("#password", PASSWORDS.budi);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-app:not([hidden])");
    expect(await page.inputValue("#s-status")).toBe("rejected");
    expect(await page.inputValue("#s-note")).toBe(note);
    await page.click("#status-form button[type=submit]");
    await citizen.events.waitFor((o) => o.text.includes("ruang milik jalan provinsi"));
    await page.close();
  });
});

describe("staff day review 2026-11-30d: closing a case nobody served", () => {
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

  it("asks whether to close it without serving, not that the citizen will be offered the survey (they are not)", async () => {
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${w.base}/staff`);
    await page.fill("#username", "budi");
    await page.fill("#password", PASSWORDS.budi);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    await page.click(`[data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    const asked: string[] = [];
    page.on("dialog", (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.click("#btn-close");
    await expect.poll(() => page.textContent("#case-status")).toContain("Selesai");
    expect(asked).toHaveLength(1);
    expect(asked[0]).not.toContain("survei kepuasan");
    expect(asked[0]).toContain("tanpa dilayani");
    const told = await citizen.events.waitFor((o) => o.text.includes("ditutup"));
    expect(told.text).not.toContain("Survei");
    await page.close();
  });
});

describe("staff day review 2026-11-30d: a reply while the citizen's conversation is busy", () => {
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

  it("says it was not sent and to send it again, not to reload the page (which would lose the reply)", { timeout: 40_000 }, async () => {
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = (await w.t.loket.store.peekState(citizen.conversationId))!.handoff!.caseId;
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${w.base}/staff`);
    await page.fill("#username", "budi");
    await page.fill("#password", PASSWORDS.budi);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#view-queue:not([hidden])");
    await page.click(`[data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    // The conversation stays busy past the lock wait (10 s): a long turn holds it.
    const turn = await w.t.loket.store.begin(citizen.conversationId);
    try {
      await page.fill("#reply-text", "Baik Bu, saya cek dulu.");
      await page.click("#btn-reply");
      await expect.poll(() => page.textContent("#case-error"), { timeout: 20_000 }).not.toBe("");
      const said = (await page.textContent("#case-error"))!;
      expect(said).not.toMatch(/muat ulang/i);
      expect(said).toMatch(/belum terkirim/i);
      expect(await page.inputValue("#reply-text")).toBe("Baik Bu, saya cek dulu.");
    } finally {
      await turn.release();
    }
    await page.click("#btn-reply");
    await citizen.events.waitFor((o) => o.text.includes("saya cek dulu"));
    await page.close();
  });
});
