import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.js";
import { PASSWORDS, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * Why a case was opened and which staff-only request it is ("Hanya bisa diurus petugas: Ubah data
 * permohonan yang sudah dikirim") are written once, in messages/id/staff.yaml (staff_notice.reason,
 * staff_notice.staff_only), which the Telegram topic already reads. The console read its own copy
 * written in console.html, so a clerk's edit showed in Telegram and not in the console (clerk
 * review 2026-12-01, fifth round). The console API now sends each case's label with it.
 */
describe("case labels in the console come from messages/id/staff.yaml", () => {
  let w: StaffWorld | undefined;
  let browser: Browser | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await browser?.close();
    await w?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    [w, browser, dir] = [undefined, undefined, undefined];
  });

  /** A Loket on a copy of messages/ where the clerk renamed the staff-only reason and the "change" kind. */
  async function editedWorld(): Promise<StaffWorld> {
    dir = mkdtempSync(join(tmpdir(), "loket-labels-"));
    cpSync("messages", dir, { recursive: true });
    const file = join(dir, "id/staff.yaml");
    const text = readFileSync(file, "utf8");
    const edited = text.replace('staff_only: "Hanya bisa diurus petugas"', 'staff_only: "Perlu petugas"').replace('change: "Ubah data permohonan yang sudah dikirim"', 'change: "Perbaikan data setelah dikirim"');
    expect(edited.match(/Perlu petugas|Perbaikan data setelah dikirim/g)).toHaveLength(2);
    writeFileSync(file, edited);
    const world = await startStaffWorld({ messagesDir: dir });
    const citizen = await world.citizen();
    await citizen.say("permohonan yg udah sy kirim kemaren alamatnya salah, mau ganti");
    await citizen.say("iya");
    return world;
  }

  it("the queue and the case carry the label as the clerk wrote it; the page holds no copy of the labels", async () => {
    w = await editedWorld();
    const staff = await w.login();
    const queue = await staff.json<{ cases: { id: string; label?: string }[] }>("/cases?status=open");
    expect(queue.cases.map((c) => c.label)).toEqual(["Perlu petugas: Perbaikan data setelah dikirim"]);
    const one = await staff.json<{ case: { label?: string } }>(`/cases/${queue.cases[0]!.id}`);
    expect(one.case.label).toBe("Perlu petugas: Perbaikan data setelah dikirim");
    const all = await staff.json<{ cases: { label?: string }[] }>("/cases?status=all");
    expect(all.cases.map((c) => c.label)).toEqual(["Perlu petugas: Perbaikan data setelah dikirim"]);
    const page = await (await fetch(`${w.base}/staff/`)).text();
    for (const shipped of ["Hanya bisa diurus petugas", "Ubah data permohonan yang sudah dikirim", "Pengembalian biaya", "Warga minta petugas"]) expect(page).not.toContain(shipped);
  });

  it("the console shows the clerk's label in the queue and on the case", async () => {
    w = await editedWorld();
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${w.base}/staff`);
    await page.fill("#username", "budi");
    await page.fill("#password", PASSWORDS.budi);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#queue-list .list-item");
    await expect.poll(() => page.locator("#queue-list").innerText()).toContain("Perlu petugas: Perbaikan data setelah dikirim");
    await page.click("#queue-list .list-item");
    await page.waitForSelector("#view-case:not([hidden])");
    await expect.poll(() => page.textContent("#case-title")).toBe("Perlu petugas: Perbaikan data setelah dikirim");
  });
});
