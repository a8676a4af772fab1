import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTelegramBot, startTelegram } from "../../src/channels/telegram/index.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { addStaff, setStaffTelegram } from "../../src/staff/auth.js";
import { installStaffGroup } from "../../src/staff/telegram-group.js";
import { applicationRecord } from "../support/applications.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { answerFor } from "../support/citizen.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, sendVia, textOf, type TestLoket } from "../support/loket.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import { plain, telegramWorld, type TelegramWorldOptions } from "./world.js";

/** The channel against the emulator (long polling or the webhook), files fetched from the emulator. */
const world = (mode: "polling" | "webhook", channel?: TelegramWorldOptions["channel"]) =>
  telegramWorld({ env: { UPLOAD_MAX_BYTES: "65536" } }, { files: "emulator", ...(mode === "webhook" ? { webhookSecret: "s3cret" } : {}), ...(channel ? { channel } : {}) });

describe("Telegram review 2026-11-30b: webhook redelivery", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world("webhook");
  });
  afterAll(async () => w?.close());
  const post = (update: unknown) =>
    w.t.loket.app.inject({ method: "POST", url: "/telegram/webhook", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "s3cret" }, payload: JSON.stringify(update) });

  it("an edited message Telegram delivers twice gets one notice, not two (docs/telegram.md: a redelivered update is processed once)", async () => {
    const chat = { id: 4001, type: "private", first_name: "E" };
    const update = w.emu.pushUpdate({ edited_message: { message_id: 7, date: 1, edit_date: 2, chat, from: { id: 4001, is_bot: false, first_name: "E" }, text: "nama saya Budi" } });
    expect((await post(update)).statusCode).toBe(200);
    await w.emu.waitForSent(4001, 1);
    expect((await post(update)).statusCode).toBe(200); // Telegram retries the webhook
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(4001).map(plain)).toEqual([expect.stringMatching(/pesan yang diubah tidak dapat kami proses/)]);
  });
});

describe("Telegram review 2026-11-30b: a file replaced by editing", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world("polling");
  });
  afterAll(async () => w?.close());

  it("a document replaced in a sent message (Telegram's edit → replace file, no caption) gets the notice that edits are not read", async () => {
    const chat = { id: 4301, type: "private", first_name: "E" };
    const from = { id: 4301, is_bot: false, first_name: "E" };
    w.emu.pushUpdate({ edited_message: { message_id: 9, date: 1, edit_date: 2, chat, from, document: { file_id: "Fnew", file_unique_id: "Unew", file_name: "ktp-benar.pdf", mime_type: "application/pdf", file_size: 1000 } } });
    const sent = await w.emu.waitForSent(4301, 1);
    expect(plain(sent[0])).toMatch(/pesan yang diubah tidak dapat kami proses/);
    // A live location moving is still not answered.
    w.emu.pushUpdate({ edited_message: { message_id: 10, date: 1, edit_date: 3, chat, from, location: { latitude: -6.7, longitude: 111.3, live_period: 900 } } });
    await new Promise((r) => setTimeout(r, 300));
    expect(w.emu.sentTo(4301)).toHaveLength(1);
  });
});

describe("Telegram review 2026-11-30b: buttons", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world("polling");
  });
  afterAll(async () => w?.close());

  it("a button tapped twice in a row (a double tap before the keyboard is removed) is taken once, without 'pilihan itu sudah tidak berlaku'", async () => {
    const chat = 4101;
    w.emu.text(chat, "halo");
    const menu = (await w.emu.waitForSent(chat, 1))[0]!;
    const button = menu.reply_markup!.inline_keyboard!.flat().find((b) => /Cek status/.test(b.text))!;
    w.emu.tap(chat, button.callback_data!, menu.message_id);
    w.emu.tap(chat, button.callback_data!, menu.message_id);
    await w.emu.waitForSent(chat, 2);
    await new Promise((r) => setTimeout(r, 500));
    const after = w.emu.sentTo(chat).slice(1).map(plain);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/nomor registrasi/);
    expect(after.join("\n")).not.toMatch(/sudah tidak berlaku/);
    // A tap on that keyboard once the flow moved on is still answered as stale.
    w.emu.tap(chat, menu.reply_markup!.inline_keyboard!.flat()[0]!.callback_data!, menu.message_id);
    await w.emu.waitForSent(chat, 3);
    expect(plain(w.emu.sentTo(chat)[2])).toMatch(/sudah tidak berlaku/);
  });
});

describe("Telegram review 2026-11-30b: a citizen who blocked the bot", () => {
  const GROUP = -1009876543210;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  async function groupWorld(opts: { before?: (emu: BotApiEmulator) => void; logLines?: string[] } = {}): Promise<{ emu: BotApiEmulator; t: TestLoket }> {
    const emu = await startBotApiEmulator();
    opts.before?.(emu);
    const t = await createTestLoket(opts.logLines ? { logLines: opts.logLines } : {});
    await addStaff(t.loket.store, { username: "andi", role: "staff", password: "kata-sandi-panjang-1" });
    await setStaffTelegram(t.loket.store, "andi", 888);
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    const messages = t.loket.messages.get("id")!;
    const g = installStaffGroup({ bot, chatId: String(GROUP), ops: t.loket.staff, store: t.loket.store, bus: t.loket.bus, runtime: t.loket.runtime, messages, logger: t.loket.logger });
    cleanups.push(g.stop);
    const started = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, { bot, runtime: t.loket.runtime, logger: t.loket.logger, messages, app: t.loket.app, flood: UNLIMITED });
    cleanups.push(() => emu.close(), () => t.close(), () => started.stop());
    return { emu, t };
  }
  const groupTexts = (emu: BotApiEmulator) => emu.sentTo(GROUP).map((m) => m.text ?? "");

  it("staff replying in the topic are told the reply did not reach the citizen (403), and the case's transcript says so", async () => {
    const { emu, t } = await groupWorld();
    emu.text(5001, "petugas");
    await emu.waitForSent(GROUP, 1);
    const thread = emu.sentTo(GROUP)[0]!.message_thread_id!;
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBe(thread);
    emu.refuseChat(5001, 403, "Forbidden: bot was blocked by the user");
    emu.text(GROUP, "Baik Bu, kami cek dulu", { chatType: "supergroup", fromId: 888, threadId: thread });
    await expect.poll(() => groupTexts(emu).some((s) => /tidak sampai ke warga/.test(s))).toBe(true);
    const transcript = await t.loket.store.transcript("telegram:5001");
    expect(transcript.some((l) => l.internal && /tidak sampai ke warga/.test(l.text))).toBe(true);
  });

  it("a case whose topic staff deleted gets a new topic when the citizen writes again, instead of losing their messages", async () => {
    const { emu, t } = await groupWorld();
    emu.text(5003, "petugas");
    await emu.waitForSent(GROUP, 1);
    const thread = emu.sentTo(GROUP)[0]!.message_thread_id!;
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBe(thread);
    emu.deleteThread(thread);
    emu.text(5003, "halo, apakah ada petugas? izin usaha saya ditolak");
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).not.toBe(thread);
    const fresh = (await t.loket.store.get<HandoffCase>("cases", caseId))!.staffThreadId!;
    await expect.poll(() => emu.sentTo(GROUP).some((m) => m.message_thread_id === fresh && (m.text ?? "").includes("izin usaha saya ditolak"))).toBe(true);
    expect(emu.calls.filter((c) => c.method === "createForumTopic")).toHaveLength(2);
    // A member's reply in the new topic reaches the citizen.
    emu.text(GROUP, "Baik Bu, kami bantu cek", { chatType: "supergroup", fromId: 888, threadId: fresh });
    await expect.poll(() => emu.sentTo(5003).some((m) => (m.text ?? "").includes("kami bantu cek"))).toBe(true);
  });

  it("an anonymous admin writing in a case's topic (sent as the group, from GroupAnonymousBot) is told why nothing reached the citizen", async () => {
    const { emu, t } = await groupWorld();
    emu.text(5004, "petugas");
    await emu.waitForSent(GROUP, 1);
    const thread = emu.sentTo(GROUP)[0]!.message_thread_id!;
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBe(thread);
    const group = { id: GROUP, type: "supergroup", title: "Staf", is_forum: true };
    emu.pushUpdate({
      message: { message_id: 91001, date: Math.floor(Date.now() / 1000), chat: group, sender_chat: group, from: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" }, message_thread_id: thread, is_topic_message: true, text: "Baik Bu, kami proses" },
    });
    await expect.poll(() => groupTexts(emu).some((s) => /anonim/i.test(s))).toBe(true);
    expect(emu.sentTo(5004).some((m) => (m.text ?? "").includes("kami proses"))).toBe(false);
  });

  it("a staff chat id Telegram changed (the group became a supergroup when Topics were switched on) is reported with the id to set", async () => {
    const logLines: string[] = [];
    const { emu } = await groupWorld({
      logLines,
      before: (e) => e.failWith("setMyCommands", 1, 400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: -1001112223334 }),
    });
    void emu;
    await expect.poll(() => logLines.find((l) => l.includes("TELEGRAM_STAFF_CHAT_MIGRATED"))).toContain("TELEGRAM_STAFF_CHAT_ID=-1001112223334");
  });

  it("staff pinning a message, or renaming, closing or reopening a case's topic, get no 'only text is sent' notice", async () => {
    const { emu, t } = await groupWorld();
    emu.text(5005, "petugas");
    await emu.waitForSent(GROUP, 1);
    const thread = emu.sentTo(GROUP)[0]!.message_thread_id!;
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBe(thread);
    const inTopic = { chat: { id: GROUP, type: "supergroup", title: "Staf", is_forum: true }, from: { id: 888, is_bot: false, first_name: "Andi" }, message_thread_id: thread, is_topic_message: true, date: Math.floor(Date.now() / 1000) };
    const before = groupTexts(emu).length;
    emu.pushUpdate({ message: { ...inTopic, message_id: 92001, pinned_message: { message_id: 1, date: 1, chat: inTopic.chat, text: "x" } } });
    emu.pushUpdate({ message: { ...inTopic, message_id: 92002, forum_topic_edited: { name: "Pak Budi - PBG" } } });
    emu.pushUpdate({ message: { ...inTopic, message_id: 92003, forum_topic_closed: {} } });
    emu.pushUpdate({ message: { ...inTopic, message_id: 92004, forum_topic_reopened: {} } });
    // A real photo still gets the notice (the marker that the updates above were handled).
    emu.pushUpdate({ message: { ...inTopic, message_id: 92005, photo: [{ file_id: "P", file_unique_id: "P", width: 9, height: 9 }] } });
    await expect.poll(() => groupTexts(emu).slice(before).filter((s) => s.includes("Hanya pesan teks")).length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(groupTexts(emu).slice(before).filter((s) => s.includes("Hanya pesan teks"))).toHaveLength(1);
  });

  it("staff talking in a topic of their own (no case) do not make every message read all cases", async () => {
    const { emu, t } = await groupWorld();
    const list = vi.spyOn(t.loket.store, "list");
    for (let i = 0; i < 3; i++) emu.text(GROUP, `rapat jam ${i + 9}`, { chatType: "supergroup", fromId: 888, threadId: 4242 });
    emu.text(GROUP, "/ambil", { chatType: "supergroup", fromId: 888 }); // answered in General: all three were handled before it
    await expect.poll(() => groupTexts(emu).some((s) => s.includes("ditulis di dalam topik kasusnya"))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(list.mock.calls.filter(([collection]) => collection === "cases").length).toBeLessThanOrEqual(1);
  });

  it("a status change is not reported as 'warga sudah diberi tahu' when the citizen's Telegram refuses the notice", async () => {
    const { emu, t } = await groupWorld();
    const number = "RBG-2026-000777";
    await t.loket.store.put("applications", number, applicationRecord({ number, permit: "pbg", conversationId: "telegram:5002", channel: "telegram" }));
    emu.text(5002, "halo");
    await emu.waitForSent(5002, 1);
    emu.refuseChat(5002, 403, "Forbidden: bot was blocked by the user");
    const r = await t.loket.staff.changeStatus(number, { username: "andi", role: "staff", displayName: "Andi" }, { status: "verified" });
    expect(r).toMatchObject({ ok: true, notified: false });
  });
});

describe("Telegram review 2026-11-30b: an album of files", () => {
  it("several PDFs sent at once (a Telegram album of documents) are not called photos", async () => {
    const t = await createTestLoket({ channel: "telegram" });
    try {
      let replies = await t.say("saya mau mengajukan izin reklame");
      for (let i = 0; replies.at(-1)?.expects?.kind !== "file" && i < 60; i++) replies = await sendVia(t)(answerFor(replies.at(-1))!);
      expect(textOf(await t.send({ file: { bytes: fixtures.pdf, filename: "ktp.pdf" }, fileGroup: "album-pdf" }))).toMatch(/diterima/);
      const second = textOf(await t.send({ file: { bytes: fixtures.pdf, filename: "kk.pdf" }, fileGroup: "album-pdf" }));
      expect(second).toMatch(/hanya melampirkan yang pertama/);
      expect(second).toMatch(/file/);
    } finally {
      await t.close();
    }
  });
});

describe("Telegram review 2026-11-30b: typing while a file downloads", () => {
  it("shows 'typing…' while a slow document download is under way, not only once the runtime has it", async () => {
    const files = {
      locate: async () => ({ path: "documents/slow.pdf", size: fixtures.pdf.length }),
      download: async () => {
        await new Promise((r) => setTimeout(r, 700));
        return fixtures.pdf;
      },
    };
    const w = await world("polling", { files, typingAfterMs: 100 });
    const emu = w.emu;
    try {
      emu.document(4201, fixtures.pdf, "ktp.pdf", "application/pdf");
      await emu.waitForSent(4201, 1);
      const i = emu.calls.findIndex((c) => c.method === "sendChatAction" && Number(c.payload.chat_id) === 4201);
      const reply = emu.calls.findIndex((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === 4201);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(reply);
    } finally {
      await w.close();
    }
  });
});

describe("Telegram review 2026-11-30b: a caption on media Loket cannot use", () => {
  it("a video sent with a question as its caption: the video is declined and the question still answered; staff read the caption", async () => {
    const t = await createTestLoket({ channel: "telegram" });
    try {
      const replies = textOf(await t.send({ unsupported: "video", caption: "syarat izin reklame apa saja?" }));
      expect(replies).toMatch(/belum bisa kami proses/);
      expect(replies).toMatch(/Reklame/);
      await t.say("petugas");
      await t.send({ unsupported: "video", caption: "ini reklame saya yang dibongkar" });
      const lines = await t.loket.store.transcript(t.conversationId);
      expect(lines.some((l) => l.from === "citizen" && l.text.includes("ini reklame saya yang dibongkar"))).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe("Telegram review 2026-11-30b: /start while waiting in the queue", () => {
  it("takes the citizen back to the bot, as 'menu' does, instead of silence", async () => {
    const t = await createTestLoket({ channel: "telegram" });
    try {
      await t.say("petugas");
      expect((await t.loket.store.peekState(t.conversationId))?.handoff?.status).toBe("waiting");
      const back = textOf(await t.say("/start"));
      expect(back).toMatch(/Selamat datang|Ada yang bisa kami bantu/);
      expect((await t.loket.store.peekState(t.conversationId))?.handoff).toBeUndefined();
      // A held case stays with staff: /start goes to them, the bot is silent.
      await t.say("petugas");
      const c = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.status === "waiting")!;
      await t.loket.staff.take(c.id, { username: "budi", role: "staff", displayName: "Budi" });
      expect(await t.say("/start")).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
