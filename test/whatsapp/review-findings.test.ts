import { describe, expect, it } from "vitest";
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

describe("review: WhatsApp channel", () => {
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

  it("control: the same reconnect after a text was sent while ready does wait for ready", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const client = new SlowStartClient();
    client.quickStart = true;
    const wa = testChannel(t, client, { store: t.loket.store, sleep: shortSleep });
    try {
      await wa.start();
      await expect.poll(() => wa.status().state).toBe("ready");
      client.message(A, "halo");
      await wa.idle();
      const before = client.textsTo(A).length;
      client.quickStart = false;
      client.emit("disconnected", "NAVIGATION");
      await expect.poll(() => wa.status().state).toBe("starting");
      const pushed = t.loket.runtime.push(conv(A), [{ type: "text", text: "Permohonan Bapak/Ibu sudah diverifikasi" }], "staff", "budi");
      await new Promise((r) => setTimeout(r, 50));
      client.becomeReady();
      await pushed;
      await wa.idle();
      expect(client.textsTo(A).slice(before)).toEqual(["Permohonan Bapak/Ibu sudah diverifikasi"]);
    } finally {
      await wa.stop();
      await t.close();
    }
  });
});
