import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { addStaff } from "../../src/staff/auth.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import { fixtures } from "../support/fixtures.js";
import type { TestLoket } from "../support/loket.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";
import { caseIdOf, PASSWORDS, SseReader, StaffClient, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * Held-out set, staff side round 5 (2026-12-02): staff who work from the Telegram group alone, and
 * a case held at closing time. Situations the earlier rounds (staff2..staff4, telegram-group*) did
 * not cover: what a case's topic replays when it is made late (the whole conversation since the
 * handoff, documents included, within a cap), internal notes in the topic (from the console, and
 * `/catatan` written there; never to the citizen, audited without their text, posted once with two
 * instances on SQLite and Redis), and the next morning's queue showing who held a case left held
 * at the end of the day.
 */
const GROUP = -1009876545555;
const NOTE_MARK = "📝 Catatan internal (tidak dikirim ke warga)";

type CaseDetail = {
  case: HandoffCase & { lastHeldBy?: string };
  transcript: { from: string; text: string; internal?: boolean }[];
  notes?: { by: string; at: string; text: string }[];
};

const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});

/** The group world's Loket on loopback with Budi's (staff) and Sari's (admin) console accounts. */
async function consoleOn(t: TestLoket): Promise<{ budi: StaffClient; sari: StaffClient }> {
  await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.loket.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  await addStaff(t.loket.store, { username: "budi", role: "staff", password: PASSWORDS.budi, displayName: "Budi" });
  await addStaff(t.loket.store, { username: "sari", role: "admin", password: PASSWORDS.sari, displayName: "Sari" });
  const streams: SseReader<unknown>[] = [];
  cleanups.push(() => streams.forEach((s) => s.close()));
  const budi = new StaffClient(base, streams);
  const sari = new StaffClient(base, streams);
  expect((await budi.login("budi", PASSWORDS.budi)).status).toBe(200);
  expect((await sari.login("sari", PASSWORDS.sari)).status).toBe(200);
  return { budi, sari };
}

const inTopic = (emu: BotApiEmulator, thread: number) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread);
const topicTexts = (emu: BotApiEmulator, thread: number) => inTopic(emu, thread).map((m) => m.text ?? "");
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));
const caseOf = async (t: TestLoket, conversationId: string) => (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.conversationId === conversationId)!;
const threadOf = async (t: TestLoket, caseId: string) => {
  await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId, { timeout: 15_000 }).toBeTypeOf("number");
  return (await t.loket.store.get<HandoffCase>("cases", caseId))!.staffThreadId!;
};

describe("staff5 held-out 2026-12-02", () => {
  it("1. a topic made late (Telegram refused at first) shows everything the citizen wrote and sent since asking for a person, the early document too", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    emu.failWith429("createForumTopic", 1, 4);
    const citizen = 9501;
    const conversationId = `telegram:${citizen}`;
    emu.text(citizen, "petugas");
    await expect.poll(async () => (await t.loket.store.list<HandoffCase>("cases")).length).toBe(1);
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    const pdf = Buffer.concat([fixtures.pdf, Buffer.from("% ktp 9501\n")]);
    emu.document(citizen, pdf, "ktp-saya.pdf", "application/pdf");
    await expect.poll(async () => (await t.loket.store.transcript(conversationId)).some((l) => l.document)).toBe(true);
    const lines = ["Pak, ini KTP saya.", "Saya mengajukan PBG bulan lalu.", "Rumah dua lantai di Jl. Pemuda.", "Katanya perlu KRK dulu.", "KRK sudah saya urus di PUPR.", "Tapi di OSS statusnya masih menunggu.", "Apa yang harus saya lakukan?"];
    for (const [i, line] of lines.entries()) {
      emu.text(citizen, line);
      await expect.poll(async () => (await t.loket.store.transcript(conversationId)).filter((l) => l.from === "citizen").length).toBe(3 + i);
    }
    expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBeUndefined();
    const thread = await threadOf(t, caseId);
    await expect.poll(() => topicTexts(emu, thread).some((s) => s.includes("Apa yang harus saya lakukan?")), { timeout: 5_000 }).toBe(true);
    await settle();
    const texts = topicTexts(emu, thread);
    for (const line of lines) expect(texts.filter((s) => s.includes(line)), line).toHaveLength(1);
    const docs = inTopic(emu, thread).filter((m) => m.method === "sendDocument");
    expect(docs).toHaveLength(1);
    expect(docs[0]!.document?.bytes.equals(pdf)).toBe(true);
  }, 30_000);

  it("2. a long wait before the topic exists: the topic shows the newest lines, says how many earlier ones are in the console, and is not flooded", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    emu.failWith429("createForumTopic", 1, 4);
    const conversationId = "web:panjang-5";
    await t.send({ conversationId, text: "petugas" });
    const caseId = (await caseOf(t, conversationId)).id;
    for (let i = 1; i <= 60; i++) await t.send({ conversationId, text: `pesan nomor ${i} dari saya` });
    const thread = await threadOf(t, caseId);
    await expect.poll(() => topicTexts(emu, thread).some((s) => s.includes("pesan nomor 60 dari")), { timeout: 5_000 }).toBe(true);
    await settle();
    const texts = topicTexts(emu, thread);
    expect(texts.length).toBeLessThanOrEqual(45);
    expect(texts.some((s) => s.includes("pesan nomor 1 dari"))).toBe(false);
    const earlier = texts.map((s) => /(\d+) (?:baris|pesan) sebelumnya[^\n]*konsol/.exec(s)).find(Boolean);
    expect(earlier, "a line saying how many earlier lines are in the console").toBeTruthy();
    const shown = texts.filter((s) => /pesan nomor \d+ dari/.test(s)).length;
    // Every line is either shown or counted (the "petugas" line may be among either).
    expect(Number(earlier![1]) + shown).toBeGreaterThanOrEqual(60);
    // The newest lines, in order, at the end.
    const order = texts.filter((s) => /pesan nomor \d+ dari/.test(s)).map((s) => Number(/pesan nomor (\d+)/.exec(s)![1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.at(-1)).toBe(60);
  }, 30_000);

  it("3. a console reply sent while the topic did not exist yet is in the topic too: staff there see what the citizen was already told", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { budi } = await consoleOn(t);
    emu.failWith429("createForumTopic", 1, 4);
    const conversationId = "web:dibalas-5";
    await t.send({ conversationId, text: "petugas" });
    const caseId = (await caseOf(t, conversationId)).id;
    await t.send({ conversationId, text: "Izin usaha saya kok ditolak?" });
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Ditolak karena lokasi di zona hijau, Bu." })).status).toBe(200);
    await t.send({ conversationId, text: "Lalu saya harus bagaimana?" });
    const thread = await threadOf(t, caseId);
    await expect.poll(() => topicTexts(emu, thread).some((s) => s.includes("harus bagaimana")), { timeout: 5_000 }).toBe(true);
    await settle();
    const texts = topicTexts(emu, thread);
    const at = (re: RegExp) => texts.findIndex((s) => re.test(s));
    expect(at(/zona hijau/)).toBeGreaterThan(at(/kok ditolak/));
    expect(at(/harus bagaimana/)).toBeGreaterThan(at(/zona hijau/));
    expect(texts[at(/zona hijau/)]).toMatch(/budi/i);
  }, 30_000);

  it("4. a note written in the console is posted in the case's topic, marked internal; the Telegram citizen receives nothing", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { budi } = await consoleOn(t);
    const citizen = 9504;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    await settle();
    const before = emu.sentTo(citizen).length;
    expect((await budi.post(`/cases/${caseId}/notes`, { text: "Sudah ditelepon; berkas asli dibawa besok." })).status).toBe(200);
    await expect.poll(() => topicTexts(emu, thread).find((s) => s.includes("berkas asli dibawa besok"))).toBeTruthy();
    const posted = topicTexts(emu, thread).find((s) => s.includes("berkas asli dibawa besok"))!;
    expect(posted).toContain(NOTE_MARK);
    expect(posted).toMatch(/budi/i);
    await settle();
    expect(emu.sentTo(citizen).slice(before)).toEqual([]);
  }, 30_000);

  it("5. `/catatan <teks>` in the topic saves an internal note as that officer: shown in the console, confirmed in the topic, never sent to the citizen, audited without its text", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { sari } = await consoleOn(t);
    const citizen = 9505;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    await settle();
    const before = emu.sentTo(citizen).length;
    const topicBefore = inTopic(emu, thread).length;
    emu.text(GROUP, "/catatan Warga tetangga pemohon; jangan sebut nama pelapor.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.notes?.length ?? 0).toBe(1);
    const detail = await sari.json<CaseDetail>(`/cases/${caseId}`);
    expect(detail.notes).toEqual([expect.objectContaining({ by: "andi", text: "Warga tetangga pemohon; jangan sebut nama pelapor." })]);
    expect(detail.transcript.some((l) => l.text.includes("nama pelapor"))).toBe(false);
    await expect.poll(() => topicTexts(emu, thread).slice(topicBefore).some((s) => s.includes("Catatan internal"))).toBe(true);
    await settle();
    expect(emu.sentTo(citizen).slice(before)).toEqual([]);
    // Said once in the topic (the officer's own message is already there): no echo of the text by the bot.
    expect(topicTexts(emu, thread).slice(topicBefore).filter((s) => s.includes("Catatan internal"))).toHaveLength(1);
    const { entries } = await sari.json<{ entries: { action: string; by: string; caseId?: string; detail?: string }[] }>("/audit?action=note");
    expect(entries.filter((e) => e.caseId === caseId)).toEqual([expect.objectContaining({ by: "andi", action: "note" })]);
    expect(JSON.stringify(entries)).not.toContain("pelapor");
  }, 30_000);

  it("6. `/catatan` with no text, and from a member with no staff account, saves nothing and sends the citizen nothing; the officer is told how to write it", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const citizen = 9506;
    const { thread, caseId } = await caseTopicOf(emu, t, GROUP, citizen);
    await settle();
    const before = emu.sentTo(citizen).length;
    const topicBefore = inTopic(emu, thread).length;
    emu.text(GROUP, "/catatan", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => topicTexts(emu, thread).slice(topicBefore).some((s) => s.includes("/catatan"))).toBe(true);
    emu.text(GROUP, "/catatan warga ini cerewet", { chatType: "supergroup", threadId: thread, fromId: 4242 });
    await expect.poll(() => topicTexts(emu, thread).slice(topicBefore).some((s) => s.includes("belum terhubung"))).toBe(true);
    await settle();
    expect((await t.loket.store.get<HandoffCase>("cases", caseId))?.notes ?? []).toEqual([]);
    expect(emu.sentTo(citizen).slice(before)).toEqual([]);
  }, 30_000);

  it("7. a note (console and topic) on a web citizen's case never reaches the citizen's chat; a NIK in a note never reaches the logs", async () => {
    const logLines: string[] = [];
    const { emu, t } = await staffGroupWorld(cleanups, GROUP, { loket: { logLines } });
    const { budi } = await consoleOn(t);
    const conversationId = "web:catatan-5";
    await t.send({ conversationId, text: "petugas" });
    const caseId = (await caseOf(t, conversationId)).id;
    const thread = await threadOf(t, caseId);
    const transcriptBefore = (await t.loket.store.transcript(conversationId)).length;
    expect((await budi.post(`/cases/${caseId}/notes`, { text: "NIK pemohon 3317014506900002 beda dengan KK." })).status).toBe(200);
    emu.text(GROUP, "/catatan HP lain 0812-7788-9911 atas nama suami.", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.notes?.length ?? 0).toBe(2);
    await expect.poll(() => topicTexts(emu, thread).some((s) => s.includes("3317014506900002"))).toBe(true);
    await settle();
    // Nothing was added to what the citizen's chat shows (their transcript), nor pushed to them.
    const after = (await t.loket.store.transcript(conversationId)).slice(transcriptBefore);
    expect(after.filter((l) => !l.internal)).toEqual([]);
    expect(after.some((l) => /3317014506900002|7788/.test(l.text))).toBe(false);
    const logs = logLines.join("\n");
    expect(logLines.length).toBeGreaterThan(0);
    expect(logs).not.toContain("3317014506900002");
    expect(logs).not.toMatch(/0812-?7788-?9911/);
  }, 30_000);

  for (const store of ["sqlite", "redis"] as const) {
    it(`8. two instances (${store}): a console note is posted once in the topic, a /catatan saved and confirmed once`, async () => {
      const { emu, t } = await staffGroupWorld(cleanups, GROUP, { loket: { store }, installs: 2 });
      const { budi } = await consoleOn(t);
      const conversationId = `web:dua-${store}`;
      await t.send({ conversationId, text: "petugas" });
      const caseId = (await caseOf(t, conversationId)).id;
      const thread = await threadOf(t, caseId);
      expect((await budi.post(`/cases/${caseId}/notes`, { text: "Cek ke bidang tata ruang dulu." })).status).toBe(200);
      emu.text(GROUP, "/catatan Sudah dicek, aman.", { chatType: "supergroup", threadId: thread, fromId: 888 });
      await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.notes?.length ?? 0).toBe(2);
      await expect.poll(() => topicTexts(emu, thread).filter((s) => s.includes("bidang tata ruang")).length).toBe(1);
      await settle(800);
      expect(topicTexts(emu, thread).filter((s) => s.includes("bidang tata ruang"))).toHaveLength(1);
      expect(topicTexts(emu, thread).filter((s) => s.includes("Catatan internal"))).toHaveLength(2);
      expect((await t.loket.store.get<HandoffCase>("cases", caseId))!.notes!.map((n) => n.by)).toEqual(["budi", "andi"]);
    }, 30_000);
  }

  it("9. a case held at closing time: the next morning it waits first in the queue, saying who held it, and the console's case says why it came back", async () => {
    let clock = Date.parse("2026-12-01T08:10:00Z"); // Tue 15.10 WIB; the office closes at 15.30
    const w = await startStaffWorld({ now: () => new Date(clock) });
    worlds.push(w);
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/messages`, { text: "Saya cek dulu ke bidang teknis, Bu." })).status).toBe(200);
    clock = Date.parse("2026-12-01T08:45:00Z"); // 15.45 WIB: closed, Budi went home
    expect(await w.ops.sweepIdle()).toEqual([caseId]);
    clock = Date.parse("2026-12-02T01:02:00Z"); // Wed 08.02 WIB
    const sari = await w.login("sari");
    const { cases } = await sari.json<{ cases: (HandoffCase & { position?: number; lastHeldBy?: string })[] }>("/cases");
    expect(cases[0]).toMatchObject({ id: caseId, status: "waiting", position: 1, lastHeldBy: "budi" });
    const detail = await sari.json<CaseDetail>(`/cases/${caseId}`);
    expect(detail.case.lastHeldBy).toBe("budi");
    const why = detail.transcript.filter((l) => l.internal && /antrean/.test(l.text)).map((l) => l.text);
    expect(why.some((s) => /jam layanan/i.test(s) && /budi/i.test(s))).toBe(true);
  });

  it("10. the case left held overnight, taken the next morning by another officer: held by her, the earlier holder no longer shown, the citizen told who serves them", async () => {
    let clock = Date.parse("2026-12-01T08:10:00Z");
    const w = await startStaffWorld({ now: () => new Date(clock) });
    worlds.push(w);
    const citizen = await w.citizen();
    await citizen.say("petugas");
    const caseId = await caseIdOf(w, citizen);
    const budi = await w.login("budi");
    expect((await budi.post(`/cases/${caseId}/take`)).status).toBe(200);
    clock = Date.parse("2026-12-01T08:45:00Z");
    await w.ops.sweepIdle();
    clock = Date.parse("2026-12-02T01:02:00Z");
    const sari = await w.login("sari");
    expect((await sari.post(`/cases/${caseId}/take`)).status).toBe(200);
    const { cases } = await sari.json<{ cases: (HandoffCase & { lastHeldBy?: string })[] }>("/cases");
    expect(cases[0]).toMatchObject({ id: caseId, status: "held", heldBy: "sari" });
    expect(cases[0]!.lastHeldBy).toBeUndefined();
    await citizen.events.waitFor((o) => o.text.includes("Petugas Sari sekarang melayani"));
  });
});
