import { describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { fixtures } from "../support/loket.js";
import { consoleInBrowser } from "./browser-support.js";

/**
 * The console as staff use it through a working day, in Debian's Chromium against a whole Loket
 * on loopback: its live feed outlives a restart behind a proxy, a new-case banner stays until it
 * is answered, a double tap changes a status once, a long list of applications can be read to
 * its end, and a file the citizen sends during a handoff can be downloaded at once.
 */
describe("staff console through a working day", () => {
  const ui = consoleInBrowser();


  const caseOf = async (conversationId: string): Promise<HandoffCase> =>
    (await ui.w.t.loket.store.list<HandoffCase>("cases")).find((c) => c.conversationId === conversationId && (c.status === "waiting" || c.status === "held"))!;

  it("after a proxy answered 502 while Loket restarted, the live feed comes back: a new case still alerts", async () => {
    const p = await ui.loggedIn("sari", { viewport: { width: 390, height: 844 } });
    try {
      // A reverse proxy in front of Loket answers 502 while the instance restarts.
      let restarting = false;
      let refused = 0;
      await p.route("**/staff/api/events", (route) => {
        if (!restarting) return route.continue();
        refused++;
        return route.fulfill({ status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1>" });
      });
      await p.reload();
      await p.waitForSelector("#view-queue:not([hidden])");
      restarting = true;
      for (const res of ui.w.t.loket.app.eventStreams) res.destroy();
      // The browser's own reconnection got the 502 (an EventSource then gives up for good).
      await expect.poll(() => refused, { timeout: 15_000 }).toBeGreaterThan(0);
      restarting = false;

      const citizen = await ui.w.citizen();
      await citizen.say("petugas");
      const { id } = await caseOf(citizen.conversationId);
      await p.waitForSelector(`[data-testid=new-case-alert][data-case-id='${id}']:not([hidden])`, { timeout: 20_000 });
    } finally {
      await p.close();
    }
  }, 45_000);

  it("a new case's banner stays while staff go on serving another case; the queue names the permit, not its id", async () => {
    const p = await ui.loggedIn("budi", { viewport: { width: 390, height: 844 } });
    try {
      const first = await ui.w.citizen();
      await first.say("saya mau ajukan izin reklame");
      await first.say("petugas");
      const a = await caseOf(first.conversationId);
      expect(a.permit).toBe("izin-reklame");
      const permitName = ui.w.t.loket.knowledge.permit("izin-reklame")!.name;
      await expect.poll(() => p.locator(`[data-case='${a.id}']`).innerText()).toContain(`izin: ${permitName}`);
      await p.click(`[data-case='${a.id}']`);
      await p.waitForSelector("#view-case:not([hidden])");
      expect(await p.textContent("#case-meta")).toContain(`izin: ${permitName}`);
      await p.click("#btn-take");
      await expect.poll(() => p.textContent("#case-status")).toContain("Dilayani");

      const second = await ui.w.citizen();
      await second.say("petugas");
      const b = await caseOf(second.conversationId);
      const banner = `[data-testid=new-case-alert][data-case-id='${b.id}']`;
      await p.waitForSelector(`${banner}:not([hidden])`);
      // Budi answers the first citizen. No answer at all (the network away) is said in Indonesian,
      // and the reply stays in the box to send again.
      await p.route("**/staff/api/cases/*/messages", (route) => route.abort("connectionrefused"));
      await p.fill("#reply-text", "Baik Bu, saya bantu.");
      await p.click("#btn-reply");
      await expect.poll(() => p.textContent("#case-error")).toMatch(/^Tidak tersambung ke Loket/);
      expect(await p.inputValue("#reply-text")).toBe("Baik Bu, saya bantu.");
      await p.unroute("**/staff/api/cases/*/messages");
      // Sent: the page draws that case again, and the banner stays.
      await p.click("#btn-reply");
      await first.events.waitFor((o) => o.text.includes("Baik Bu, saya bantu."));
      await expect.poll(() => p.inputValue("#reply-text")).toBe("");
      await p.waitForTimeout(300);
      expect(await p.isVisible(banner)).toBe(true);
      // Answered by opening it.
      await p.click(banner);
      await expect.poll(() => p.isVisible(banner)).toBe(false);
      await expect.poll(() => p.textContent("#case-status")).toContain("Menunggu");

      // A banner whose case a colleague took meanwhile goes: there is nothing left to answer.
      const third = await ui.w.citizen();
      await third.say("petugas");
      const c = await caseOf(third.conversationId);
      const thirdBanner = `[data-testid=new-case-alert][data-case-id='${c.id}']`;
      await p.waitForSelector(`${thirdBanner}:not([hidden])`);
      expect((await ui.w.ops.take(c.id, { username: "sari", role: "admin", displayName: "Sari" })).ok).toBe(true);
      await expect.poll(() => p.isVisible(thirdBanner)).toBe(false);
    } finally {
      await p.close();
    }
  });

  it("a file the citizen sends while the case is open can be downloaded at once; an erased conversation leaves the screen", async () => {
    const p = await ui.loggedIn("budi", { viewport: { width: 390, height: 844 } });
    try {
      const citizen = await ui.w.citizen();
      await citizen.say("petugas");
      const c = await caseOf(citizen.conversationId);
      await p.click(`[data-case='${c.id}']`);
      await p.waitForSelector("#view-case:not([hidden])");
      await p.click("#btn-take");
      await expect.poll(() => p.textContent("#case-status")).toContain("Dilayani");

      const form = new FormData();
      form.append("file", new Blob([fixtures.pdf]), "surat-kuasa.pdf");
      const up = await fetch(`${ui.w.base}/api/conversations/${citizen.id}/uploads`, { method: "POST", headers: { authorization: `Bearer ${citizen.token}` }, body: form });
      expect(up.status).toBe(200);
      const link = p.locator("#transcript .msg.citizen a[download]");
      await expect.poll(() => link.count()).toBe(1);
      const href = (await link.getAttribute("href"))!;
      expect(href).toMatch(new RegExp(`^/staff/api/cases/${c.id}/documents/[a-f0-9]{64}$`));
      expect(await p.evaluate(async (u) => (await fetch(u)).status, href)).toBe(200);

      // The citizen asks for their data to be erased; once the case ends and they confirm, what
      // they said leaves the open case too.
      expect(await citizen.say("hapus data saya")).toHaveLength(1);
      await expect.poll(() => p.locator("[data-testid=transcript]").innerText()).toContain("hapus data saya");
      await p.evaluate(() => (window.confirm = () => true));
      await p.click("#btn-close");
      await expect.poll(() => p.textContent("#case-status")).toContain("Selesai");
      const ask = await citizen.events.waitFor((o) => (o.choices ?? []).some((x) => x.id === "delete_data.explain:yes"));
      expect(ask.text).toContain("dihapus");
      await citizen.tap("delete_data.explain:yes");
      await expect.poll(() => p.locator("#transcript .msg").count()).toBe(0);
      expect(await p.evaluate(async (u) => (await fetch(u)).status, href)).toBe(404);
    } finally {
      await p.close();
    }
  });

  it("a double tap on 'Simpan status' changes the status once and tells the citizen once", async () => {
    const p = await ui.loggedIn("budi", { viewport: { width: 390, height: 844 } });
    try {
      const citizen = await ui.w.citizen();
      await citizen.say("halo");
      const at = new Date().toISOString();
      const number = "RBG-2026-000901";
      await ui.w.t.loket.store.put("applications", number, {
        number, permit: "izin-reklame", conversationId: citizen.conversationId, channel: "web", fields: { nama: "Dewi Lestari" }, documents: {},
        phoneLast4: "1234", status: "received", history: [{ status: "received", at, by: "loket" }], submittedAt: at, updatedAt: at,
      } satisfies Application);
      await p.click("#tabs button[data-tab=apps]");
      await p.click(`[data-number='${number}']`);
      await p.waitForSelector("#view-app:not([hidden])");
      // "Perlu perbaikan" may follow itself, so a second save would go through as a second change.
      await p.selectOption("#s-status", "needs_correction");
      await p.fill("#s-note", "Nama tidak sesuai KTP.");
      await p.dblclick("#status-form button[type=submit]");
      await expect.poll(() => p.textContent("#status-msg")).toContain("sudah diberi tahu");
      await citizen.events.waitFor((o) => o.text.includes(number));
      await p.waitForTimeout(500);
      expect(citizen.events.received.filter((o) => o.text.includes(number))).toHaveLength(1);
      expect((await ui.w.t.loket.store.get<Application>("applications", number))!.history.map((h) => h.status)).toEqual(["received", "needs_correction"]);
    } finally {
      await p.close();
    }
  });

  it("a live refresh of the application being decided keeps the status chosen and the documents ticked, not only the note", async () => {
    const p = await ui.loggedIn("budi", { viewport: { width: 390, height: 844 } });
    try {
      const citizen = await ui.w.citizen();
      await citizen.say("halo");
      const at = new Date().toISOString();
      const number = "RBG-2026-000902";
      const [ktp, second] = ui.w.t.loket.knowledge.permit("izin-reklame")!.requirements;
      const app: Application = {
        number, permit: "izin-reklame", conversationId: citizen.conversationId, channel: "web", fields: { nama: "Rudi Hartono" }, documents: {},
        phoneLast4: "1234", status: "needs_correction", history: [{ status: "received", at, by: "loket" }, { status: "needs_correction", at, by: "sari", note: "KTP buram", documents: [ktp!.id] }], submittedAt: at, updatedAt: at,
      };
      await ui.w.t.loket.store.put("applications", number, app);
      await p.click("#tabs button[data-tab=apps]");
      await p.click(`[data-number='${number}']`);
      await p.waitForSelector("#view-app:not([hidden])");
      // Budi decides: needs correction again (the second option), the second document this time, and why.
      await p.selectOption("#s-status", "needs_correction");
      await p.check(`#s-docs-list input[value='${second!.id}']`);
      await p.fill("#s-note", "Foto lokasi reklame kurang jelas.");
      // Meanwhile the citizen sends the KTP asked for earlier: the page draws the application again.
      const sha256 = await ui.w.t.loket.files.put(fixtures.pdf);
      await ui.w.t.loket.store.put("applications", number, { ...app, documents: { [ktp!.id]: { sha256, mime: "application/pdf", size: fixtures.pdf.length } }, updatedAt: new Date().toISOString() });
      await ui.w.t.loket.bus.publish("staff", { type: "application_updated", number, id: "refresh-1" });
      await expect.poll(() => p.locator("#app-detail a[download]").count()).toBe(1);
      expect(await p.inputValue("#s-status")).toBe("needs_correction");
      expect(await p.isChecked(`#s-docs-list input[value='${second!.id}']`)).toBe(true);
      expect(await p.isVisible("#s-docs")).toBe(true);
      await p.click("#status-form button[type=submit]");
      await expect.poll(() => p.textContent("#status-msg")).toContain("sudah diberi tahu");
      expect((await ui.w.t.loket.store.get<Application>("applications", number))!.history.at(-1)).toMatchObject({ status: "needs_correction", documents: [second!.id], note: "Foto lokasi reklame kurang jelas." });
      // Saved: the form starts afresh for the next decision.
      expect(await p.inputValue("#s-status")).toBe("verified");
      expect(await p.locator("#s-docs-list input:checked").count()).toBe(0);
      expect(await p.inputValue("#s-note")).toBe("");
    } finally {
      await p.close();
    }
  });

  it("a list longer than a page is read to its end with 'Tampilkan lebih banyak'", async () => {
    const base = Date.parse("2026-02-01T02:00:00Z");
    for (let i = 1; i <= 130; i++) {
      const at = new Date(base + i * 60_000).toISOString();
      const number = `RBG-2026-1${String(i).padStart(5, "0")}`;
      await ui.w.t.loket.store.put("applications", number, {
        number, permit: "izin-reklame", conversationId: `web:halaman-${i}`, channel: "web", fields: { nama: `Warga Halaman ${i}` }, documents: {},
        phoneLast4: "1234", status: "received", history: [{ status: "received", at, by: "loket" }], submittedAt: at, updatedAt: at,
      } satisfies Application);
    }
    const p = await ui.loggedIn("budi", { viewport: { width: 390, height: 844 } });
    try {
      await p.click("#tabs button[data-tab=apps]");
      await p.fill("#f-q", "warga halaman");
      await p.click("#app-filter button[type=submit]");
      await expect.poll(() => p.textContent("#apps-total")).toBe("130 permohonan");
      const rows = p.locator("#apps-list .list-item");
      await expect.poll(() => rows.count()).toBe(100);
      // The oldest is not among the first hundred; a double tap adds the next page once.
      expect(await p.locator("[data-number='RBG-2026-100001']").count()).toBe(0);
      await p.dblclick("#apps-more");
      await expect.poll(() => rows.count()).toBe(130);
      await p.waitForTimeout(300);
      expect(await rows.count()).toBe(130);
      expect(await p.isVisible("#apps-more")).toBe(false);
      await p.click("[data-number='RBG-2026-100001']");
      await p.waitForSelector("#view-app:not([hidden])");
      expect(await p.locator("#app-detail").innerText()).toContain("Warga Halaman 1");
    } finally {
      await p.close();
    }
  });
});
