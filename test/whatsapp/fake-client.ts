import { EventEmitter } from "node:events";
import type { WaClient, WaMedia, WaMessage } from "../../src/channels/whatsapp/types.js";

/**
 * A stand-in for whatsapp-web.js's Client (WhatsApp's servers are unreachable here) that keeps
 * its contract: the same events, `initialize`/`destroy`/`sendMessage`, and `Message` objects
 * with `id._serialized`, `from`, `body`, `type`, `hasMedia`, `fromMe`, `downloadMedia()`.
 */
export class FakeWhatsAppClient extends EventEmitter implements WaClient {
  sent: { chatId: string; text: string }[] = [];
  initializeCalls = 0;
  private n = 0;
  /** Make the next N sendMessage calls fail (a transient error). */
  failSends = 0;

  async initialize(): Promise<void> {
    this.initializeCalls++;
    queueMicrotask(() => {
      this.emit("authenticated");
      this.emit("ready");
    });
  }
  async destroy(): Promise<void> {}
  async sendMessage(chatId: string, content: string): Promise<unknown> {
    if (this.failSends > 0) {
      this.failSends--;
      throw new Error("Evaluation failed: socket hang up");
    }
    this.sent.push({ chatId, text: content });
    return { id: { _serialized: `out-${this.sent.length}` } };
  }

  /** A message from a citizen, as whatsapp-web.js would emit it. */
  message(from: string, body: string, extra: Partial<WaMessage> & { media?: WaMedia | "expired" } = {}): WaMessage {
    const { media, ...rest } = extra;
    const msg: WaMessage = {
      id: { _serialized: `false_${from}_${++this.n}` },
      from,
      body,
      type: media ? (media !== "expired" && media.mimetype.startsWith("image/") ? "image" : "document") : "chat",
      hasMedia: Boolean(media),
      fromMe: false,
      timestamp: Math.floor(Date.now() / 1000),
      downloadMedia: async () => (media === "expired" ? undefined : media),
      ...rest,
    };
    this.emit("message", msg);
    return msg;
  }
  textsTo(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.text);
  }
}
