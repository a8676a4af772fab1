import { afterEach, describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { applicationRecord } from "../support/applications.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";
import { caseIdOf, startStaffWorld, type StaffWorld, type WebCitizen } from "./support.js";

/**
 * Probe set, staff side round 2 (2026-12-01), written after the fixes of the held-out set
 * staff2-2026-12-01: around a case given back with the citizen's message unanswered, and /status
 * typed loosely in the Telegram group.
 */
const GROUP = -1009876543223;

const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function world(): Promise<StaffWorld> {
  const w = await startStaffWorld();
  worlds.push(w);
  return w;
}


describe("staff2 probe 2026-12-01", () => {
  it("P1. given back in the middle of a form with the citizen's last message unanswered: told so, and the form's question is asked again and takes the next answer", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("saya mau ajukan izin reklame");
    await citizen.tap("apply.consent:agree");
    await citizen.say("Rina Kartika");
    await citizen.say("3317014508900002");
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Ada yang bisa dibantu, Bu?" })).status).toBe(200);
    expect(await citizen.say("Apakah nomor HP harus nomor WhatsApp?")).toEqual([]);
    const n = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/return`)).status).toBe(200);
    await citizen.events.waitFor((o) => citizen.events.received.indexOf(o) >= n && o.expects?.kind === "phone");
    const after = citizen.events.received.slice(n).map((o) => o.text).join("\n");
    expect(after).toMatch(/belum sempat dijawab/);
    const next = (await citizen.say("0812-3456-7890")).map((o) => o.text).join("\n");
    expect(next).toContain("Langkah 4 dari 10");
  });

  it("P2. given back when the citizen's last message asked for another officer: no new case opens on the bot's own; the citizen is told how to ask again", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Selamat siang." })).status).toBe(200);
    expect(await citizen.say("saya mau bicara dengan petugas lain saja")).toEqual([]);
    const n = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/return`)).status).toBe(200);
    await expect.poll(() => citizen.events.received.slice(n).map((o) => o.text).join("\n")).toMatch(/ketik \*petugas\*/);
    await new Promise((r) => setTimeout(r, 300));
    expect((await w.t.loket.store.peekState(citizen.conversationId))?.handoff).toBeUndefined();
    const open = (await budi.json<{ cases: HandoffCase[] }>("/cases")).cases.filter((c) => c.conversationId === citizen.conversationId);
    expect(open).toEqual([]);
  });

  it("P3. an English-speaking citizen's unanswered question is answered in English when the case is given back", async () => {
    const w = await world();
    const citizen = await w.citizen();
    await citizen.say("Hello, I would like to talk to a person please");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Good afternoon, how can I help?" })).status).toBe(200);
    expect(await citizen.say("What are the requirements for an advertisement permit?")).toEqual([]);
    const n = citizen.events.received.length;
    expect((await budi.post(`/cases/${caseId}/return`)).status).toBe(200);
    await expect.poll(() => citizen.events.received.slice(n).map((o) => o.text).join("\n"), { timeout: 3000 }).toMatch(/had not answered your last message/);
    const after = citizen.events.received.slice(n).map((o) => o.text).join("\n");
    expect(after).not.toMatch(/Bapak\/Ibu/);
    expect(after).toMatch(/KTP|ID card/i);
  });

  it("P4. '/status' with an incomplete number is refused naming it; with the number typed with spaces it goes through", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { staff: [{ username: "andi", id: 888, displayName: "Andi" }] });
    const citizen = 9120;
    const app = applicationRecord({ number: "RBG-2026-000316", permit: "izin-reklame", conversationId: `telegram:${citizen}`, channel: "telegram", fields: { nama: "Rina" } });
    await t.loket.store.put("applications", app.number, app);
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    const topic = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
    const before = topic().length;
    emu.text(GROUP, "/status RBG-2026-00316 diverifikasi", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => topic().length).toBeGreaterThan(before);
    expect(topic().at(-1)).toContain("RBG-2026-00316");
    expect(topic().at(-1)).toMatch(/nomor/i);
    expect((await t.loket.store.get<Application>("applications", app.number))?.status).toBe("received");
    emu.text(GROUP, "/status rbg 2026 000316 diverifikasi", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<Application>("applications", app.number))?.status).toBe("verified");
  }, 30_000);
});
