import { afterEach, describe, expect, it } from "vitest";
import type { Application, HandoffCase } from "../../src/domain/records.js";
import { addStaff } from "../../src/staff/auth.js";
import { applicationRecord } from "../support/applications.js";
import { parseTelegramHtml, type BotApiEmulator, type SentMessage } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { caseTopicOf, staffGroupWorld } from "./group-world.js";
import { PASSWORDS, StaffClient, type SseReader } from "./support.js";

/**
 * Held-out set, staff side round 2 of 2026-12-02 ("staff2"): what staff see on Telegram and in the
 * console. Written before the change: the group's posts formatted (no literal *asterisks*) with
 * whatever a citizen types shown as typed; a post Telegram refuses still arriving; the web page's
 * own opening "halo" shown for what it is; `/status … perbaikan dok:…` naming documents to send
 * again, as the console does.
 */
const GROUP = -1009876547777;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

/** What a staff member reads in Telegram: the rendered text of an HTML post, the text of a plain one. */
const seen = (m: SentMessage) => m.rendered ?? m.text ?? "";
const inTopic = (emu: BotApiEmulator, thread: number) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread);
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

async function consoleOn(t: TestLoket): Promise<{ budi: StaffClient; base: string }> {
  await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.loket.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  await addStaff(t.loket.store, { username: "budi", role: "staff", password: PASSWORDS.budi, displayName: "Budi" });
  const streams: SseReader<unknown>[] = [];
  cleanups.push(() => streams.forEach((s) => s.close()));
  const budi = new StaffClient(base, streams);
  expect((await budi.login("budi", PASSWORDS.budi)).status).toBe(200);
  return { budi, base };
}

async function withApplication(t: TestLoket, number: string, citizen: number): Promise<Application> {
  const app = applicationRecord({ number, permit: "izin-reklame", conversationId: `telegram:${citizen}`, channel: "telegram", fields: { nama: "Siti" } });
  await t.loket.store.put("applications", app.number, app);
  return app;
}

describe("staff2 held-out 2026-12-02: the Telegram group's posts", () => {
  it("1. the emulator parses HTML as Telegram does: unbalanced or unknown tags are refused", () => {
    expect(parseTelegramHtml("<b>tebal</b> &lt;x&gt;")).toEqual({ text: "tebal <x>", entities: [{ type: "bold", text: "tebal" }] });
    expect("error" in parseTelegramHtml("<b>tebal")).toBe(true);
    expect("error" in parseTelegramHtml("<blink>x</blink>")).toBe(true);
    expect("error" in parseTelegramHtml("1 < 2")).toBe(true);
  });

  it("2. a status confirmation in the topic shows the status in bold, not between asterisks", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await withApplication(t, "RBG-2026-000701", 7701);
    const { thread } = await caseTopicOf(emu, t, GROUP, 7701);
    emu.text(GROUP, "/status RBG-2026-000701 diverifikasi", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => inTopic(emu, thread).some((m) => seen(m).includes("warga sudah diberi tahu"))).toBe(true);
    const post = inTopic(emu, thread).find((m) => seen(m).includes("warga sudah diberi tahu"))!;
    expect(post.parse_mode).toBe("HTML");
    expect(seen(post)).not.toContain("*");
    expect(post.entities).toContainEqual({ type: "bold", text: "Berkas sudah diverifikasi" });
  }, 30_000);

  it("3. a citizen who types <b>, * and _ sees them posted as typed: no markup, no refusal", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { thread } = await caseTopicOf(emu, t, GROUP, 7702);
    const typed = "coba <b>tebal</b> & *bintang* _garis_ 1<2 </i>";
    emu.text(7702, typed);
    await expect.poll(() => inTopic(emu, thread).some((m) => seen(m).includes(typed)), { timeout: 10_000 }).toBe(true);
    const post = inTopic(emu, thread).find((m) => seen(m).includes(typed))!;
    expect(post.parse_mode).toBe("HTML");
    expect(post.entities ?? []).toEqual([]);
  }, 30_000);

  it("4. a post Telegram refuses for its entities still arrives, as plain text", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { thread } = await caseTopicOf(emu, t, GROUP, 7703);
    const before = inTopic(emu, thread).length;
    await settle();
    // The next message the bot sends is the group's answer to /catatan with no text (how to write one).
    emu.failWith("sendMessage", 1, 400, "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"");
    emu.text(GROUP, "/catatan", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => inTopic(emu, thread).slice(before).some((m) => seen(m).includes("Cara menulis catatan internal")), { timeout: 10_000 }).toBe(true);
    const post = inTopic(emu, thread).slice(before).find((m) => seen(m).includes("Cara menulis catatan internal"))!;
    expect(post.parse_mode).toBeUndefined();
  }, 30_000);

  it("5. the help text for /status says how to name documents to send again", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { thread } = await caseTopicOf(emu, t, GROUP, 7704);
    emu.text(GROUP, "/status", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => inTopic(emu, thread).some((m) => seen(m).includes("Cara mengubah status"))).toBe(true);
    expect(inTopic(emu, thread).map(seen).join("\n")).toMatch(/dok:ktp/);
  }, 30_000);
});

describe("staff2 held-out 2026-12-02: /status perbaikan with documents from the group", () => {
  it("6. '/status <nomor> perbaikan dok:ktp,foto_lokasi Foto buram' asks for those documents, as the console does", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await withApplication(t, "RBG-2026-000706", 7706);
    const { thread } = await caseTopicOf(emu, t, GROUP, 7706);
    emu.text(GROUP, "/status RBG-2026-000706 perbaikan dok:ktp,foto_lokasi Foto buram", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(async () => (await t.loket.store.get<Application>("applications", "RBG-2026-000706"))?.status).toBe("needs_correction");
    const last = (await t.loket.store.get<Application>("applications", "RBG-2026-000706"))!.history.at(-1)!;
    expect(last.documents).toEqual(["ktp", "foto_lokasi"]);
    expect(last.note).toBe("Foto buram");
  }, 30_000);

  it("7. the citizen receives the same message as when the console names the same documents", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await withApplication(t, "RBG-2026-000707", 7707);
    await withApplication(t, "RBG-2026-000708", 7708);
    const a = await caseTopicOf(emu, t, GROUP, 7707);
    emu.text(7708, "petugas");
    await expect.poll(async () => (await t.loket.store.list<HandoffCase>("cases")).length).toBe(2);
    // The case is stored before the bot's answer to "petugas" is sent ("… antrean ke-2 …"): count
    // each citizen's messages only once that answer arrived, or it lands among the status notice's.
    const queued = (citizen: number) => emu.sentTo(citizen).some((m) => /antrean/.test(m.text ?? ""));
    await expect.poll(() => queued(7707) && queued(7708), { timeout: 10_000 }).toBe(true);
    const citizenA = emu.sentTo(7707).length;
    const citizenB = emu.sentTo(7708).length;
    emu.text(GROUP, "/status RBG-2026-000707 perbaikan dok:KTP, desain_reklame Foto buram", { chatType: "supergroup", threadId: a.thread, fromId: 888 });
    const r = await t.loket.staff.changeStatus("RBG-2026-000708", { username: "budi", role: "staff", via: "console" }, { status: "needs_correction", note: "Foto buram", documents: ["ktp", "desain_reklame"] });
    expect(r.ok).toBe(true);
    await expect.poll(() => emu.sentTo(7707).length, { timeout: 10_000 }).toBeGreaterThan(citizenA);
    await expect.poll(() => emu.sentTo(7708).length, { timeout: 10_000 }).toBeGreaterThan(citizenB);
    await settle();
    const fromGroup = emu.sentTo(7707).slice(citizenA).map((m) => m.text).join("\n").replaceAll("000707", "N");
    const fromConsole = emu.sentTo(7708).slice(citizenB).map((m) => m.text).join("\n").replaceAll("000708", "N");
    expect(fromGroup).toBe(fromConsole);
    expect(fromGroup).toContain("KTP pemohon");
  }, 30_000);

  it("8. an unknown document name changes nothing and lists the documents of that application", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await withApplication(t, "RBG-2026-000709", 7709);
    const { thread } = await caseTopicOf(emu, t, GROUP, 7709);
    const before = inTopic(emu, thread).length;
    emu.text(GROUP, "/status RBG-2026-000709 perbaikan dok:ktp,akta Foto buram", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => inTopic(emu, thread).length).toBeGreaterThan(before);
    await settle();
    const answer = inTopic(emu, thread).slice(before).map(seen).join("\n");
    expect(answer).toContain("akta");
    for (const id of ["ktp", "nib", "izin_pemilik_lahan", "desain_reklame", "foto_lokasi", "gambar_konstruksi"]) expect(answer).toContain(id);
    expect((await t.loket.store.get<Application>("applications", "RBG-2026-000709"))?.status).toBe("received");
  }, 30_000);

  it("9. documents named with another status are refused with a clear answer", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    await withApplication(t, "RBG-2026-000710", 7710);
    const { thread } = await caseTopicOf(emu, t, GROUP, 7710);
    const before = inTopic(emu, thread).length;
    emu.text(GROUP, "/status RBG-2026-000710 ditolak dok:ktp Lokasi di zona hijau", { chatType: "supergroup", threadId: thread, fromId: 888 });
    await expect.poll(() => inTopic(emu, thread).length).toBeGreaterThan(before);
    await settle();
    expect(inTopic(emu, thread).slice(before).map(seen).join("\n")).toMatch(/perbaikan/);
    expect((await t.loket.store.get<Application>("applications", "RBG-2026-000710"))?.status).toBe("received");
  }, 30_000);
});

describe("staff2 held-out 2026-12-02: the web page's own opening message", () => {
  it("10. the console and the case's topic show the page's opening for what it is; the citizen's replies are unchanged", async () => {
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    const { budi, base } = await consoleOn(t);
    const open = async (body: Record<string, unknown>) => {
      const c = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
      const res = await fetch(`${base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` }, body: JSON.stringify(body) });
      return { c, status: res.status, replies: ((await res.json()) as { replies: unknown[] }).replies };
    };
    const typed = await open({ text: "halo" });
    const page = await open({ text: "halo", opening: true });
    expect(page.status).toBe(200);
    expect(page.replies).toEqual(typed.replies);
    // The page's citizen asks for a person.
    await fetch(`${base}/api/conversations/${page.c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${page.c.token}` }, body: JSON.stringify({ text: "petugas" }) });
    const conversationId = `web:${page.c.conversationId}`;
    await expect.poll(async () => (await t.loket.store.peekState(conversationId))?.handoff?.caseId).toBeTruthy();
    const caseId = (await t.loket.store.peekState(conversationId))!.handoff!.caseId;
    const detail = await budi.json<{ transcript: { from: string; text: string }[] }>(`/cases/${caseId}`);
    const first = detail.transcript.find((l) => l.from === "citizen")!;
    expect(first.text).toBe("(membuka obrolan di situs)");
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBeTypeOf("number");
    const thread = (await t.loket.store.get<HandoffCase>("cases", caseId))!.staffThreadId!;
    await expect.poll(() => inTopic(emu, thread).map(seen).join("\n")).toContain("(membuka obrolan di situs)");
    expect(inTopic(emu, thread).map(seen).join("\n")).not.toContain("Warga: halo");
  }, 30_000);
});
