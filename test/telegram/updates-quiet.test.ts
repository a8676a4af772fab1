import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtures } from "../support/fixtures.js";
import { plain, telegramWorld } from "./world.js";

const settle = (ms = 1500) => new Promise((r) => setTimeout(r, ms));

describe("Telegram updates a citizen causes without writing anything", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>>;
  beforeAll(async () => {
    w = await telegramWorld({ env: { UPLOAD_MAX_BYTES: "65536" } });
  });
  afterAll(async () => w?.close());

  it("a shared live location is answered once, not once per position update (Telegram sends each as edited_message)", async () => {
    const chat = 4101;
    const loc = (lat: number) => ({ location: { latitude: lat, longitude: 111.3, live_period: 900, horizontal_accuracy: 10 } });
    const id = w.message(chat, loc(-6.7));
    await w.emu.waitForSent(chat, 1);
    // The phone moves: Telegram edits the live-location message every few seconds.
    for (let i = 1; i <= 5; i++) w.edited(chat, id, loc(-6.7 + i / 10_000));
    await settle();
    const sent = w.emu.sentTo(chat).map(plain);
    expect(sent.length, `bot sent ${sent.length} messages for one live location:\n${sent.join("\n---\n")}`).toBe(1);
  });

  it("pinning a bot message (the registration number) in the chat is not answered as an unusable message", async () => {
    const chat = 4102;
    w.emu.text(chat, "halo");
    await w.emu.waitForSent(chat, 1);
    const before = w.emu.sentTo(chat).length;
    // Telegram tells the bot of a pin in a private chat with a service message.
    w.message(chat, { pinned_message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: "private", first_name: "Warga" }, from: { id: 7000001, is_bot: true, first_name: "Loket" }, text: "Nomor registrasi Anda RBG-2026-000123" } });
    await settle();
    const after = w.emu.sentTo(chat).slice(before).map(plain);
    expect(after, `bot answered a pin with: ${after.join(" | ")}`).toEqual([]);
  });

  it("turning on the chat's auto-delete timer is not answered as an unusable message", async () => {
    const chat = 4103;
    w.emu.text(chat, "halo");
    await w.emu.waitForSent(chat, 1);
    const before = w.emu.sentTo(chat).length;
    w.message(chat, { message_auto_delete_timer_changed: { message_auto_delete_time: 86_400 } });
    await settle();
    const after = w.emu.sentTo(chat).slice(before).map(plain);
    expect(after, `bot answered an auto-delete setting with: ${after.join(" | ")}`).toEqual([]);
  });
});

describe("Telegram albums", () => {
  let w: Awaited<ReturnType<typeof telegramWorld>>;
  beforeAll(async () => {
    w = await telegramWorld({ env: { UPLOAD_MAX_BYTES: "65536" } });
  });
  afterAll(async () => w?.close());

  it("an album of four photos gets the 'only the first was attached' notice once, not once per further photo", async () => {
    const chat = 4201;
    await w.toFirstDocument(chat);
    for (let i = 0; i < 4; i++) w.photoInAlbum(chat, fixtures.jpg, "album-4201");
    await w.emu.waitForSent(chat, 2);
    await settle();
    const sent = w.emu.sentTo(chat).map(plain);
    const notices = sent.filter((s) => /hanya melampirkan yang pertama/.test(s));
    expect(notices.length, `album notice sent ${notices.length} times:\n${sent.join("\n---\n")}`).toBe(1);
  });

  it("an album of three HEIC files (an iPhone's 'send as file') is one refusal, not three failures handing the citizen to staff", async () => {
    const chat = 4202;
    await w.toFirstDocument(chat);
    // ftyp heic: what isHeic recognises.
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic"), Buffer.alloc(64, 1)]);
    for (let i = 0; i < 3; i++) w.documentInAlbum(chat, heic, `IMG_00${i}.HEIC`, "image/heic", "album-4202");
    await w.emu.waitForSent(chat, 1);
    await settle();
    const sent = w.emu.sentTo(chat).map(plain);
    const refusals = sent.filter((s) => /HEIC/i.test(s));
    const offered = sent.filter((s) => /ingin dibantu petugas|dibantu langsung oleh petugas|bicara dengan petugas/i.test(s));
    expect(offered, `HEIC album answered:\n${sent.join("\n---\n")}`).toEqual([]);
    expect(refusals.length, `HEIC album answered:\n${sent.join("\n---\n")}`).toBe(1);
  });
});
