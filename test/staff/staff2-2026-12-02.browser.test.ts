import { describe, expect, it } from "vitest";
import { applicationRecord } from "../support/applications.js";
import { consoleInBrowser } from "./browser-support.js";
import { caseIdOf } from "./support.js";

/**
 * Held-out staff2 (2026-12-02), in the console's transcript (real Chromium): Loket's WhatsApp-style
 * `*bold*` and `_italic_` read as bold and italic, as the citizen saw them, never as asterisks;
 * whatever a citizen typed shown as typed (no HTML from message text, ever); the web page's own
 * opening shown for what it is.
 */
describe("staff2 held-out 2026-12-02, the console's transcript", () => {
  const ui = consoleInBrowser();

  it("C1. a status notice in the transcript shows its bold parts bold, without asterisks", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const app = applicationRecord({ number: "RBG-2026-000801", permit: "izin-reklame", conversationId: citizen.conversationId });
    await ui.w.t.loket.store.put("applications", app.number, app);
    expect((await ui.w.ops.changeStatus(app.number, { username: "budi", role: "staff" }, { status: "verified" })).ok).toBe(true);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click(`#queue-list [data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await expect.poll(() => page.locator("#transcript").innerText()).toContain("RBG-2026-000801");
    const line = page.locator("#transcript .msg", { hasText: "RBG-2026-000801" });
    expect(await line.innerText()).not.toContain("*");
    expect(await line.locator("strong, b").allInnerTexts()).toContain("RBG-2026-000801");
    await page.close();
  });

  it("C2. a staff reply's *tebal* and _miring_ show as bold and italic", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const budi = await ui.w.login("budi");
    expect((await budi.post(`/cases/${caseId}/take`)).status).toBe(200);
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Mohon kirim *foto KTP* yang _jelas_, Bu." })).status).toBe(200);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click(`#queue-list [data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await expect.poll(() => page.locator("#transcript").innerText()).toContain("foto KTP");
    const line = page.locator("#transcript .msg", { hasText: "foto KTP" });
    expect(await line.locator("strong, b").allInnerTexts()).toEqual(["foto KTP"]);
    expect(await line.locator("em, i").allInnerTexts()).toEqual(["jelas"]);
    await page.close();
  });

  it("C3. a citizen's <img>, <b> and *asterisks* are shown as typed: no element made from them", async () => {
    const citizen = await ui.w.citizen();
    await citizen.say("petugas");
    const typed = `<img src=x onerror="document.title='XSS'"> <b>tebal</b> *bintang* _garis_`;
    await citizen.say(typed);
    const caseId = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click(`#queue-list [data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await expect.poll(() => page.locator("#transcript").innerText()).toContain("bintang");
    const line = page.locator("#transcript .msg.citizen", { hasText: "bintang" });
    expect(await line.innerText()).toContain(typed);
    expect(await line.locator("img, b, strong, em, i").count()).toBe(0);
    expect(await page.title()).not.toBe("XSS");
    await page.close();
  });

  it("C4. a conversation the web page opened shows '(membuka obrolan di situs)', not 'halo'", async () => {
    const citizen = await ui.w.citizen();
    const res = await fetch(`${citizen.base}/api/conversations/${citizen.id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${citizen.token}` },
      body: JSON.stringify({ text: "halo", opening: true }),
    });
    expect(res.status).toBe(200);
    await citizen.say("petugas");
    const caseId = await caseIdOf(ui.w, citizen);
    const page = await ui.loggedIn("budi", { timeout: 8000 });
    await page.click(`#queue-list [data-case='${caseId}']`);
    await page.waitForSelector("#view-case:not([hidden])");
    await expect.poll(() => page.locator("#transcript").innerText()).toContain("petugas");
    const text = await page.locator("#transcript").innerText();
    expect(text).toContain("(membuka obrolan di situs)");
    expect(text).not.toMatch(/Warga[^\n]*\n\s*halo/);
    await page.close();
  });
});
