import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import type { SentMessage } from "../support/botapi-emulator.js";
import { SAMPLE } from "../support/citizen.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, sendVia, textOf } from "../support/loket.js";
import { plain, telegramWorld } from "./world.js";

/**
 * The channel against the emulator: long polling (or the webhook), no pacing unless asked for
 * (tests would take minutes otherwise), files fetched from the emulator as in production.
 */
const world = (mode: "polling" | "webhook", flood: null | undefined = undefined) =>
  telegramWorld({ env: { UPLOAD_MAX_BYTES: "65536" } }, { files: "emulator", ...(mode === "webhook" ? { webhookSecret: "s3cret-for-tests" } : {}), ...(flood === null ? { flood: null } : {}) });

const buttons = (m: SentMessage | undefined) => m?.reply_markup?.inline_keyboard?.flat() ?? [];

describe("Telegram channel (grammY against a Bot API emulator on loopback)", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world("polling");
  });
  afterAll(async () => w?.close());

  it("registers Indonesian commands (described in English too, for English apps) and greets /start with a menu keyboard", async () => {
    const cmds = w.emu.calls.find((c) => c.method === "setMyCommands" && !c.payload.language_code)!.payload.commands as { command: string; description: string }[];
    expect(cmds.map((c) => c.command)).toEqual(["start", "menu", "batal", "petugas", "bantuan"]);
    expect(cmds[3]!.description).toMatch(/petugas/i);
    // For Telegram apps in English: the same commands, described in English.
    const english = w.emu.calls.find((c) => c.method === "setMyCommands" && c.payload.language_code === "en")!.payload.commands as { command: string; description: string }[];
    expect(english.map((c) => c.command)).toEqual(["start", "menu", "batal", "petugas", "bantuan"]);
    expect(english[3]!.description).toMatch(/Talk to a staff member/);
    w.emu.text(1001, "/start");
    // Replies of one turn are joined; the keyboard rides on the message that asks.
    const sent = await w.emu.waitForSent(1001, 1);
    expect(plain(sent[0])).toMatch(/Selamat datang/);
    expect(buttons(sent[0]).map((b) => b.text)).toContain("Ajukan permohonan izin");
    expect(sent[0]!.parse_mode).toBe("HTML");
  });

  it("takes a whole application with a document and a photo, taps as keyboards", async () => {
    const chat = 1002;
    w.emu.text(chat, "min saya mau ajukan izin reklame");
    let seen = 0;
    let number: string | undefined;
    let uploads = 0;
    for (let i = 0; i < 45 && !number; i++) {
      const sent = await w.emu.waitForSent(chat, seen + 1);
      await new Promise((r) => setTimeout(r, 30)); // let a multi-message reply finish
      const all = w.emu.sentTo(chat);
      seen = all.length;
      const last = all[all.length - 1];
      const text = plain(last);
      number = /RBG-\d{4}-\d{6}/.exec(text)?.[0];
      if (number) break;
      if (/Dokumen \d+ dari/.test(text)) {
        if (uploads++ % 2) w.emu.photo(chat, fixtures.jpg);
        else w.emu.document(chat, fixtures.pdf, "dokumen.pdf", "application/pdf");
      } else if (buttons(last).length) w.emu.tap(chat, buttons(last)[0]!.callback_data!, last!.message_id);
      else if (/NIK/.test(text)) w.emu.text(chat, SAMPLE.nik);
      else if (/Nomor HP/.test(text)) w.emu.text(chat, SAMPLE.hp);
      else if (/\(angka\)/.test(text)) w.emu.text(chat, "1");
      else if (/Nama lengkap/.test(text)) w.emu.text(chat, SAMPLE.nama);
      else w.emu.text(chat, SAMPLE.alamat);
      void sent;
    }
    expect(number).toBeDefined();
    const app = (await w.t.loket.store.get<Application>("applications", number!))!;
    expect(app.channel).toBe("telegram");
    const mimes = Object.values(app.documents).map((d) => d.mime);
    expect(mimes).toContain("application/pdf");
    expect(mimes).toContain("image/jpeg");
    expect(w.emu.calls.some((c) => c.method === "answerCallbackQuery")).toBe(true);
    expect(w.emu.calls.some((c) => c.method === "getFile")).toBe(true);
  }, 60_000);

  it("answers a tap on an old keyboard politely and asks the current question again", async () => {
    const chat = 1003;
    w.emu.text(chat, "halo");
    const menu = (await w.emu.waitForSent(chat, 1))[0]!;
    w.emu.tap(chat, buttons(menu).find((b) => /Cek status/.test(b.text))!.callback_data!, menu.message_id);
    await w.emu.waitForSent(chat, 2);
    w.emu.tap(chat, buttons(menu)[0]!.callback_data!, menu.message_id); // the menu again: stale now
    const after = await w.emu.waitForSent(chat, 3);
    expect(plain(after[2])).toMatch(/sudah tidak berlaku/);
    expect(plain(after[2])).toMatch(/nomor registrasi/);
  });

  it("answers stickers, voice and contacts politely; a location outside a form says what it is for", async () => {
    const chat = 1004;
    for (const kind of ["sticker", "voice", "location", "contact"] as const) w.emu.other(chat, kind);
    const sent = await w.emu.waitForSent(chat, 4);
    expect(sent.filter((m) => /belum bisa kami proses/.test(plain(m))).length).toBeGreaterThanOrEqual(3);
    expect(sent.filter((m) => /lokasinya sudah kami terima/.test(plain(m)))).toHaveLength(1);
  });

  it("says its own notices in the citizen's language: an edited message in an English conversation gets the English notice", async () => {
    w.emu.text(1313, "what are the requirements for a building permit?");
    const first = await w.emu.waitForSent(1313, 1);
    expect(plain(first[0])).toMatch(/Requirements for/);
    const chat = { id: 1313, type: "private", first_name: "E" };
    w.emu.pushUpdate({ edited_message: { message_id: 77, date: 1, edit_date: 2, chat, from: { id: 1313, is_bot: false, first_name: "E" }, text: "what are the fees for a building permit?" } });
    const sent = await w.emu.waitForSent(1313, 2);
    expect(plain(sent[1])).toMatch(/edited message cannot be processed/);
    w.emu.pushUpdate({ edited_message: { message_id: 78, date: 1, edit_date: 2, chat: { ...chat, id: 1414 }, from: { id: 1414, is_bot: false, first_name: "I" }, text: "syarat pbg" } });
    expect(plain((await w.emu.waitForSent(1414, 1))[0])).toMatch(/pesan yang diubah tidak dapat kami proses/);
  });

  it("refuses a document over the size limit without downloading it", async () => {
    const chat = 1005;
    w.emu.text(chat, "saya mau ajukan izin reklame");
    await w.emu.waitForSent(chat, 1);
    const before = w.emu.calls.filter((c) => c.method === "getFile").length;
    w.emu.document(chat, fixtures.pdf, "besar.pdf", "application/pdf", { declaredSize: 5 * 1024 * 1024 });
    const sent = await w.emu.waitForSent(chat, 2);
    expect(plain(sent[sent.length - 1])).toMatch(/belum memerlukan dokumen|terlalu besar/);
    expect(w.emu.calls.filter((c) => c.method === "getFile").length).toBe(before);
  });

  it("splits a message over 4,096 characters at line boundaries and escapes the citizen's markup", async () => {
    const chat = 1006;
    const long = Array.from({ length: 300 }, (_, i) => `Baris ${i}: <script>alert(1)</script> & <b>tebal</b>`).join("\n");
    await w.started.channel.deliver(chat, [{ type: "text", text: long }]);
    const sent = w.emu.sentTo(chat);
    expect(sent.length).toBeGreaterThan(1);
    for (const m of sent) expect(m.text!.length).toBeLessThanOrEqual(4096);
    expect(sent.map(plain).join("\n")).toBe(long);
    expect(sent[0]!.text).toContain("&lt;script&gt;");
  });

  it("waits retry_after on a 429 and still delivers", async () => {
    const chat = 1007;
    w.emu.failWith429("sendMessage", 1, 1);
    const started = Date.now();
    w.emu.text(chat, "halo");
    await w.emu.waitForSent(chat, 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(w.emu.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === chat).length).toBe(2);
  });
});

describe("Telegram webhook mode", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world("webhook");
  });
  afterAll(async () => w?.close());

  it("sets the webhook with a secret, refuses a wrong or missing secret, and processes a redelivered update once", async () => {
    const set = w.emu.calls.find((c) => c.method === "setWebhook")!;
    expect(set.payload.secret_token).toBe("s3cret-for-tests");
    const update = w.emu.pushUpdate({ message: { message_id: 5, date: 1, chat: { id: 2001, type: "private", first_name: "W" }, from: { id: 2001, is_bot: false, first_name: "W" }, text: "halo" } });
    const post = (secret?: string) =>
      w.t.loket.app.inject({
        method: "POST",
        url: "/telegram/webhook",
        headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
        payload: JSON.stringify(update),
      });
    expect((await post()).statusCode).toBe(401);
    expect((await post("wrong")).statusCode).toBe(401);
    expect(w.emu.sentTo(2001)).toHaveLength(0);
    expect((await post("s3cret-for-tests")).statusCode).toBe(200);
    await w.emu.waitForSent(2001, 1);
    const count = w.emu.sentTo(2001).length;
    expect((await post("s3cret-for-tests")).statusCode).toBe(200); // Telegram redelivers
    await new Promise((r) => setTimeout(r, 200));
    expect(w.emu.sentTo(2001).length).toBe(count);
  });
});

describe("Telegram outbound pacing (default limits)", () => {
  it("sends at most about one message a second to one chat", async () => {
    const w = await world("polling", null);
    try {
      const started = Date.now();
      await Promise.all(["satu", "dua", "tiga"].map((text) => w.started.channel.deliver(3001, [{ type: "text", text }])));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
      expect(w.emu.sentTo(3001).map((m) => m.text)).toEqual(["satu", "dua", "tiga"]);
    } finally {
      await w.close();
    }
  });
});

describe("Telegram formatting", () => {
  it("turns *bold* and _italic_ into HTML, leaves underscores inside words and escapes the rest", async () => {
    const { toTelegramHtml } = await import("../../src/channels/telegram/format.js");
    expect(toTelegramHtml("*Persyaratan PBG*\n_Sumber: DPMPTSP Kab. Rembang, ditinjau 28 November 2026_")).toBe(
      "<b>Persyaratan PBG</b>\n<i>Sumber: DPMPTSP Kab. Rembang, ditinjau 28 November 2026</i>",
    );
    expect(toTelegramHtml("7. Perjanjian — _opsional_")).toBe("7. Perjanjian — <i>opsional</i>");
    expect(toTelegramHtml("file_name_ktp.pdf & <x>")).toBe("file_name_ktp.pdf &amp; &lt;x&gt;");
    expect(toTelegramHtml("_(boleh dilewati: ketik *lewati*)_")).toBe("<i>(boleh dilewati: ketik <b>lewati</b>)</i>");
  });
});

describe("Telegram file limits", () => {
  it("a file over the Bot API's 20 MB is refused with that limit, also when UPLOAD_MAX_BYTES is higher", async () => {
    const { translateMessage, BOT_API_DOWNLOAD_MAX_BYTES } = await import("../../src/channels/telegram/inbound.js");
    const files = { locate: async () => "too_big" as const, download: async () => "too_big" as const };
    const msg = { message_id: 1, date: 1, chat: { id: 1, type: "private" }, document: { file_id: "f", file_unique_id: "u", file_size: 25 * 1024 * 1024, file_name: "besar.pdf" } };
    const t = await translateMessage(msg as never, { conversationId: "telegram:1", messageId: "1", address: "1" }, files as never, 50 * 1024 * 1024);
    expect(t).toMatchObject({ type: "inbound", inbound: { oversizedFile: { limit: BOT_API_DOWNLOAD_MAX_BYTES } } });
    const loket = await createTestLoket({ channel: "telegram", env: { UPLOAD_MAX_BYTES: String(50 * 1024 * 1024) } });
    try {
      let replies = await loket.say("saya mau mengajukan izin reklame");
      const { answerFor } = await import("../support/citizen.js");
      for (let i = 0; replies.at(-1)?.expects?.kind !== "file" && i < 60; i++) replies = await sendVia(loket)(answerFor(replies.at(-1))!);
      const refused = textOf(await loket.send({ oversizedFile: { size: 25 * 1024 * 1024, limit: BOT_API_DOWNLOAD_MAX_BYTES } }));
      expect(refused).toMatch(/20 MB/);
      expect(refused).not.toMatch(/50 MB/);
    } finally {
      await loket.close();
    }
  });
});

describe("albums", () => {
  it("of several photos sent at once only the first is filed; the rest are not taken as the next documents", async () => {
    const t = await createTestLoket({ channel: "telegram" });
    try {
      let replies = await t.say("saya mau mengajukan izin reklame");
      const { answerFor } = await import("../support/citizen.js");
      for (let i = 0; replies.at(-1)?.expects?.kind !== "file" && i < 60; i++) replies = await sendVia(t)(answerFor(replies.at(-1))!);
      const first = textOf(await t.send({ file: { bytes: fixtures.png, filename: "hal1.png" }, fileGroup: "album-1" }));
      expect(first).toMatch(/diterima/);
      const asked = (await t.loket.store.peekState(t.conversationId))!.engine.expecting?.field;
      const second = textOf(await t.send({ file: { bytes: fixtures.jpg, filename: "hal2.jpg" }, fileGroup: "album-1" }));
      expect(second).toMatch(/hanya melampirkan yang pertama/);
      expect((await t.loket.store.peekState(t.conversationId))!.engine.expecting?.field).toBe(asked);
      // A file sent on its own afterwards is the next document, as asked.
      expect(textOf(await t.send({ file: { bytes: fixtures.pdf, filename: "dok.pdf" } }))).toMatch(/diterima/);
      // Telegram names the album of a photo: media_group_id.
      const { translateMessage } = await import("../../src/channels/telegram/inbound.js");
      const files = { locate: async () => ({ path: "p.jpg", size: fixtures.jpg.length }), download: async () => fixtures.jpg };
      const photo = { message_id: 2, date: 1, chat: { id: 1, type: "private" }, media_group_id: "13579", caption: "halaman 1", photo: [{ file_id: "f", file_unique_id: "u", width: 9, height: 9, file_size: fixtures.jpg.length }] };
      const tr = await translateMessage(photo as never, { conversationId: "telegram:1", messageId: "2", address: "1" }, files as never, 1 << 20);
      expect(tr).toMatchObject({ type: "inbound", inbound: { fileGroup: "13579", caption: "halaman 1" } });
    } finally {
      await t.close();
    }
  });
});
