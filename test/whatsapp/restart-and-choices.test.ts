import { describe, expect, it } from "vitest";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

const A = "6281234567890@c.us";
const conv = (chat: string) => `whatsapp:${chat}`;
/** Pacing and retry waits shortened to a few milliseconds, but real: a text waiting for the session must let time pass. */
const shortSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5)));

/**
 * As whatsapp-web.js: `initialize()` opens the browser and WhatsApp Web, which takes a while
 * (Chromium starting, the session restored) before `ready`; until then `sendMessage` fails
 * (`this.pupPage` is null, then `window.WWebJS` is not injected yet).
 */
class SlowStartClient extends FakeWhatsAppClient {
  isReady = false;
  /** Whether the next `initialize()` reaches `ready` at once (a quick start) or waits for `becomeReady()`. */
  quickStart = false;
  override async initialize(): Promise<void> {
    this.initializeCalls++;
    this.isReady = false;
    queueMicrotask(() => {
      this.emit("authenticated");
      if (this.quickStart) this.becomeReady();
    });
  }
  override async destroy(): Promise<void> {
    this.destroyCalls++;
    this.isReady = false;
  }
  becomeReady(): void {
    this.isReady = true;
    this.emit("ready");
  }
  override async sendMessage(chatId: string, content: string, options: { sendSeen?: boolean } = {}): Promise<unknown> {
    if (!this.isReady) throw new TypeError("Cannot read properties of null (reading 'evaluate')");
    return super.sendMessage(chatId, content, options);
  }
}

describe("WhatsApp channel: restarts and numbered choices", () => {
  it("a staff reply made while WhatsApp Web is still starting after a restart waits for ready instead of being dropped", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new SlowStartClient();
    const wa = testChannel(t, client, { store: t.loket.store, sleep: shortSleep });
    try {
      await wa.start();
      await new Promise((r) => setTimeout(r, 5));
      expect(wa.status().state).toBe("starting");
      // A staff member answers from the console (or a status notice goes out) while Chromium starts.
      // (push resolves once the text is sent or given up: not awaited here)
      const pushed = t.loket.runtime.push(conv(A), [{ type: "text", text: "Berkas Bapak/Ibu sudah kami terima" }], "staff", "budi");
      await new Promise((r) => setTimeout(r, 50));
      client.becomeReady();
      await pushed;
      await wa.idle();
      expect(client.textsTo(A)).toEqual(["Berkas Bapak/Ibu sudah kami terima"]);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("after the session was ready once, a staff reply made while a reconnect is opening WhatsApp Web again waits for it instead of being dropped", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new SlowStartClient();
    client.quickStart = true;
    const wa = testChannel(t, client, { store: t.loket.store, sleep: shortSleep });
    try {
      await wa.start();
      await expect.poll(() => wa.status().state).toBe("ready");
      // A quiet spell (nothing sent), then WhatsApp Web drops; the reconnect's browser takes a while.
      client.quickStart = false;
      client.emit("disconnected", "NAVIGATION");
      await expect.poll(() => wa.status().state).toBe("starting");
      const pushed = t.loket.runtime.push(conv(A), [{ type: "text", text: "Permohonan Bapak/Ibu sudah diverifikasi" }], "staff", "budi");
      await new Promise((r) => setTimeout(r, 50));
      client.becomeReady();
      await pushed;
      await wa.idle();
      expect(client.textsTo(A)).toEqual(["Permohonan Bapak/Ibu sudah diverifikasi"]);
    } finally {
      await wa.stop();
      await t.close();
    }
  });

  it("a message received live but not yet handled when the process dies is answered by the next process, even though a reply to an earlier message was sent after it arrived", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new FakeWhatsAppClient();
    const first = testChannel(t, client, { store: t.loket.store });
    await first.start();
    await expect.poll(() => first.status().state).toBe("ready");
    await first.idle();
    // As citizens write on WhatsApp: a question, and right after it a photo. The photo is still
    // downloading (a few MB through WhatsApp Web) when the process dies (kill -9, OOM, a
    // host too slow to finish the stop before SIGKILL); the reply to the question went out meanwhile, and sending
    // marks the whole chat seen, the photo included.
    client.message(A, "syarat imb apa");
    const photo = client.message(A, "", { media: { mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: "ktp.jpg" } });
    photo.downloadMedia = () => new Promise(() => undefined);
    await expect.poll(() => client.textsTo(A).some((x) => /Persyaratan/.test(x))).toBe(true);
    client.removeAllListeners(); // the first process is gone, the photo never handled
    const answered = client.textsTo(A).length;
    photo.downloadMedia = async () => ({ mimetype: "image/jpeg", data: fixtures.jpg.toString("base64"), filename: "ktp.jpg" });
    const second = testChannel(t, client, { store: t.loket.store });
    try {
      await second.start();
      await expect.poll(() => client.getChatsCalls).toBeGreaterThan(1);
      await second.idle();
      // The photo is taken by the catch-up (it is in the transcript) and the citizen gets an answer.
      const lines = (await t.loket.store.transcript(conv(A))).filter((l) => l.from === "citizen").map((l) => l.text);
      expect(lines).toHaveLength(2);
      expect(client.textsTo(A).length).toBeGreaterThan(answered);
    } finally {
      await second.stop();
      await t.close();
    }
  });

  it("a numbered choice answered with the number in words ('satu') is that choice, as a number question takes 'tiga'", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new FakeWhatsAppClient();
    const wa = testChannel(t, client);
    try {
      await wa.start();
      await expect.poll(() => wa.status().state).toBe("ready");
      client.message(A, "syarat izin reklame apa saja");
      await wa.idle();
      expect(client.textsTo(A).at(-1)).toMatch(/^1\. Ajukan izin ini$/m);
      const before = client.textsTo(A).length;
      client.message(A, "satu");
      await wa.idle();
      expect(client.textsTo(A).slice(before).join("\n")).toMatch(/Baik, kita ajukan/);
    } finally {
      await wa.stop();
      await t.close();
    }
  });
});
