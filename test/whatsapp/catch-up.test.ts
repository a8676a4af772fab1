import { describe, expect, it } from "vitest";
import type { WhatsAppChannel } from "../../src/channels/whatsapp/adapter.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

const CITIZEN = "6281234567890@c.us";
const OTHER = "6285711112222@c.us";
const LID = "204851234567890@lid";
const nowSec = () => Math.floor(Date.now() / 1000);


const citizenLines = async (t: TestLoket, chat: string) =>
  (await t.loket.store.transcript(`whatsapp:${chat}`)).filter((l) => l.from === "citizen").map((l) => l.text);

/** Starts the channel and waits for its first catch-up and everything it queued. */
async function startAndSettle(wa: WhatsAppChannel, client: FakeWhatsAppClient): Promise<void> {
  const calls = client.getChatsCalls;
  await wa.start();
  await expect.poll(() => client.getChatsCalls).toBeGreaterThan(calls);
  await wa.idle();
}

describe("WhatsApp catch-up on ready: messages that arrived while Loket was down", () => {
  it("answers a message sent while Loket was down once, after ready, and not again on the next reconnect", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new FakeWhatsAppClient();
    const wa = testChannel(t, client);
    try {
      client.arrivedWhileDown(CITIZEN, "halo");
      client.arrivedWhileDown(LID, "syarat imb apa");
      await startAndSettle(wa, client);
      expect(client.textsTo(CITIZEN).length).toBeGreaterThan(0);
      expect(client.textsTo(LID).join("\n")).toMatch(/Persyaratan/);
      expect(await citizenLines(t, CITIZEN)).toEqual(["halo"]);
      expect(client.unreadCount(CITIZEN)).toBe(0); // sending marked the chat seen
      const sent = client.sent.length;
      // A reconnect: nothing unread, nothing sent again.
      client.emit("disconnected", "NAVIGATION");
      await expect.poll(() => client.getChatsCalls).toBeGreaterThanOrEqual(2);
      await wa.idle();
      expect(client.sent.length).toBe(sent);
      expect(await citizenLines(t, CITIZEN)).toEqual(["halo"]);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("a message delivered live while the catch-up runs, and so also unread, is answered once", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new FakeWhatsAppClient();
    const wa = testChannel(t, client);
    try {
      await startAndSettle(wa, client);
      // A reconnect whose listing of chats takes a while; the citizen writes meanwhile.
      client.getChatsDelayMs = 30;
      client.emit("ready");
      client.message(CITIZEN, "syarat imb apa");
      await expect.poll(() => client.getChatsCalls).toBe(2);
      await wa.idle();
      expect(client.textsTo(CITIZEN).filter((x) => /Persyaratan/.test(x))).toHaveLength(1);
      expect(await citizenLines(t, CITIZEN)).toEqual(["syarat imb apa"]);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("a message taken live before a crash, still unread, is answered once by the next process", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new FakeWhatsAppClient();
    const first = testChannel(t, client, { store: t.loket.store });
    await startAndSettle(first, client);
    // The reply never leaves: the process dies while sending it, so the chat stays unread.
    client.hangSends = true;
    client.message(CITIZEN, "syarat imb apa");
    await expect.poll(async () => (await citizenLines(t, CITIZEN)).length).toBe(1);
    client.removeAllListeners(); // the first process is gone
    client.hangSends = false;
    expect(client.unreadCount(CITIZEN)).toBe(1);
    const second = testChannel(t, client, { store: t.loket.store });
    try {
      await startAndSettle(second, client);
      // The catch-up takes it again, the runtime knows its id; the reply the first process had
      // queued is sent from the store.
      expect(await citizenLines(t, CITIZEN)).toEqual(["syarat imb apa"]);
      expect(client.textsTo(CITIZEN).filter((x) => /Persyaratan/.test(x))).toHaveLength(1);
    } finally {
      await second.stop();
      await t.close();
    }
  });

  it("leaves groups, status broadcasts, its own messages and messages older than 24 hours alone", async () => {
    const lines: string[] = [];
    const t = await createTestLoket({ channel: "whatsapp", logLines: lines });
    const client = new FakeWhatsAppClient();
    const wa = testChannel(t, client);
    try {
      client.arrivedWhileDown("120363025555555555@g.us", "halo grup");
      client.arrivedWhileDown("status@broadcast", "status");
      client.arrivedWhileDown("1203630@newsletter", "kabar");
      // A chat unread for two days.
      client.arrivedWhileDown(OTHER, "halo, masih buka?", { timestamp: nowSec() - 2 * 86_400 });
      // One old message and one fresh in the same chat: only the fresh one is taken.
      client.arrivedWhileDown(CITIZEN, "pesan kemarin lusa", { timestamp: nowSec() - 3 * 86_400 });
      client.arrivedWhileDown(CITIZEN, "halo", { timestamp: nowSec() - 60 });
      // Its own message (sent from the phone) is never taken.
      client.arrivedWhileDown(CITIZEN, "dari ponsel kantor", { fromMe: true, timestamp: nowSec() - 30 });
      await startAndSettle(wa, client);
      expect(client.sent.every((s) => s.chatId === CITIZEN)).toBe(true);
      expect(client.sent.length).toBeGreaterThan(0);
      expect(await citizenLines(t, CITIZEN)).toEqual(["halo"]);
      expect(await citizenLines(t, OTHER)).toEqual([]);
      // The log says how many, never who or what. (A phone number stands alone: the
      // millisecond time 1796283458901 holds "6283458901" and once failed a CI run.)
      const line = JSON.parse(lines.find((l) => l.includes('"whatsapp catch-up"'))!);
      expect(line).toMatchObject({ chats: 1, messages: 1, old: 2, overLimit: 0, chatsLeft: 0, failed: 0 });
      expect(lines.filter((l) => l.includes("catch-up")).join("\n")).not.toMatch(/(?<!\d)628\d{6,}|halo|kemarin/);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("keeps each chat's order, with a message arriving live during the catch-up after the unread ones", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new FakeWhatsAppClient();
    const wa = testChannel(t, client);
    try {
      const base = nowSec() - 600;
      // Interleaved in time across chats. (Distinct seconds: whatsapp-web.js's fetchMessages sorts
      // by second with a comparator that is not stable for ties, as the fake does.)
      client.arrivedWhileDown(CITIZEN, "halo", { timestamp: base });
      client.arrivedWhileDown(OTHER, "menu", { timestamp: base + 1 });
      client.arrivedWhileDown(CITIZEN, "syarat imb apa", { timestamp: base + 2 });
      client.arrivedWhileDown(CITIZEN, "biayanya berapa", { timestamp: base + 3 });
      client.arrivedWhileDown(OTHER, "cek status", { timestamp: base + 3 });
      client.arrivedWhileDown(CITIZEN, "berapa lama", { timestamp: base + 4 });
      client.getChatsDelayMs = 20;
      await wa.start();
      await new Promise((r) => setTimeout(r, 5));
      client.message(CITIZEN, "terima kasih"); // live, while the chats are being listed
      await expect.poll(() => client.getChatsCalls).toBe(1);
      await wa.idle();
      expect(await citizenLines(t, CITIZEN)).toEqual(["halo", "syarat imb apa", "biayanya berapa", "berapa lama", "terima kasih"]);
      expect(await citizenLines(t, OTHER)).toEqual(["menu", "cek status"]);
      // The replies went out in the same order: the fee answer after the requirements.
      const texts = client.textsTo(CITIZEN).join("\n=====\n");
      expect(texts.indexOf("Persyaratan")).toBeGreaterThanOrEqual(0);
      expect(texts.indexOf("Persyaratan")).toBeLessThan(texts.lastIndexOf("Biaya"));
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("bounds the work: the newest unread messages per chat, the most recently active chats", async () => {
    const lines: string[] = [];
    const t = await createTestLoket({ channel: "whatsapp", logLines: lines });
    const client = new FakeWhatsAppClient();
    const wa = testChannel(t, client, { catchUp: { perChat: 3, maxChats: 2 } });
    try {
      const base = nowSec() - 600;
      const said = ["satu", "dua", "tiga", "empat", "lima"];
      said.forEach((text, i) => client.arrivedWhileDown(CITIZEN, text, { timestamp: base + i }));
      client.arrivedWhileDown(OTHER, "halo", { timestamp: base + 10 });
      client.arrivedWhileDown(LID, "halo", { timestamp: base - 100 }); // quiet for longest: left out
      await startAndSettle(wa, client);
      expect(await citizenLines(t, CITIZEN)).toEqual(["tiga", "empat", "lima"]);
      expect(await citizenLines(t, OTHER)).toEqual(["halo"]);
      expect(await citizenLines(t, LID)).toEqual([]);
      const line = JSON.parse(lines.find((l) => l.includes('"whatsapp catch-up"'))!);
      expect(line).toMatchObject({ chats: 2, messages: 4, old: 0, overLimit: 2, chatsLeft: 1, failed: 0 });
    } finally {
      await wa.stop();
      await t.close();
    }
  });
});
