import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { runStaffCli } from "../../src/cli/staff.js";
import { applicationRecord } from "../support/applications.js";
import { staffGroupWorld } from "./group-world.js";
import { caseIdOf, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * Probe staff6 (2026-12-03), written after the changes and run once: a password set anew on an
 * account open on two devices, `/antrean` from someone with no staff account, with nothing open, and
 * with more cases than it lists, and a status set through a number typed with spaces.
 */
const GROUP = -1009876546667;
const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe("staff6 probe 2026-12-03", () => {
  it("P1. a password set anew ends the account's sessions on both devices, the live feed too; the other account stays in", async () => {
    const w = await startStaffWorld();
    worlds.push(w);
    const desktop = await w.login("budi");
    const phone = await w.login("budi");
    const sari = await w.login("sari");
    const feed = await desktop.events();
    const out: string[] = [];
    const code = await runStaffCli(["passwd", "budi"], w.t.loket.store, { readPassword: async () => "kata-sandi-budi-baru", out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    expect((await desktop.get("/me")).status).toBe(401);
    expect((await phone.get("/me")).status).toBe(401);
    expect((await sari.get("/me")).status).toBe(200);
    // Events after the change are not sent to the ended session.
    const citizen = await w.citizen();
    await citizen.say("petugas");
    await caseIdOf(w, citizen);
    await settle();
    expect(feed.received.some((e) => e.type === "case_opened")).toBe(false);
  });

  it("P2. /antrean from a group member with no staff account lists nothing and says how to be linked", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    emu.text(6701, "petugas");
    await expect.poll(async () => (await t.loket.store.list<HandoffCase>("cases")).length).toBe(1);
    const before = emu.sentTo(GROUP).length;
    emu.text(GROUP, "/antrean", { chatType: "supergroup", fromId: 4242 });
    await expect.poll(() => emu.sentTo(GROUP).length).toBeGreaterThan(before);
    await settle();
    const said = emu.sentTo(GROUP).slice(before).map((m) => m.rendered ?? m.text ?? "").join("\n");
    expect(said).toContain("4242");
    expect(said).not.toContain("t.me/c/");
  }, 30_000);

  it("P3. /antrean@bot with nothing open says so; with 28 open it lists 25 and counts the rest", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    let before = emu.sentTo(GROUP).length;
    emu.text(GROUP, "/antrean@loket_test_bot", { chatType: "supergroup", fromId: 888 });
    await expect.poll(() => emu.sentTo(GROUP).length).toBeGreaterThan(before);
    expect(emu.sentTo(GROUP).at(-1)!.rendered ?? "").toMatch(/tidak ada kasus/i);
    for (let i = 0; i < 28; i++) emu.text(6800 + i, "petugas");
    await expect.poll(async () => (await t.loket.store.list<HandoffCase>("cases")).length, { timeout: 20_000 }).toBe(28);
    await settle(1000);
    before = emu.sentTo(GROUP).length;
    emu.text(GROUP, "/antrean", { chatType: "supergroup", fromId: 888 });
    // The list is the general thread's post (topics made meanwhile post their summaries, which name the queue too).
    const isList = (m: { message_thread_id?: number; rendered?: string }) => m.message_thread_id === undefined && /^📋 Antrean/.test(m.rendered ?? "");
    await expect.poll(() => emu.sentTo(GROUP).slice(before).some(isList), { timeout: 10_000 }).toBe(true);
    const list = emu.sentTo(GROUP).slice(before).find(isList)!.rendered!;
    expect(list).toContain("28 menunggu");
    expect(list.split("\n").filter((l) => /^\d+\. ⏳/.test(l))).toHaveLength(25);
    expect(list).toContain("3 kasus lagi");
  }, 60_000);

  it("P4. a status set through the number typed with spaces tells the citizen once", async () => {
    const w = await startStaffWorld();
    worlds.push(w);
    const citizen = await w.citizen();
    const app = applicationRecord({ number: "RBG-2026-000641", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Siti" } });
    await w.t.loket.store.put("applications", app.number, app);
    const budi = await w.login("budi");
    const n = citizen.events.received.length;
    const res = await budi.post(`/applications/${encodeURIComponent("rbg 2026 000641")}/status`, { status: "rejected", note: "Lokasi di jalur hijau." });
    expect(res.status).toBe(200);
    await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && /jalur hijau/.test(o.text));
    await settle();
    expect(citizen.events.received.slice(n).filter((o) => /jalur hijau/.test(o.text))).toHaveLength(1);
  });
});
