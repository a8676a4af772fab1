import { expect } from "vitest";
import type { WhatsAppChannel } from "../../src/channels/whatsapp/adapter.js";
import type { WaMessage } from "../../src/channels/whatsapp/types.js";
import { SAMPLE } from "../support/citizen.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

/** The citizen of these WhatsApp tests. */
export const CITIZEN = "6281234567890@c.us";

/** One citizen's chat with a started test Loket on WhatsApp (fake client). */
export interface CitizenChat {
  /** The citizen's chat id (CITIZEN unless another was asked for, e.g. a `@lid` one). */
  chat: string;
  t: TestLoket;
  client: FakeWhatsAppClient;
  wa: WhatsAppChannel;
  logLines: string[];
  /** A message from the citizen `dt` seconds after the previous one (WhatsApp's timestamps are seconds). */
  send(body: string, extra?: Parameters<FakeWhatsAppClient["message"]>[2], dt?: number): WaMessage;
  /** What the bot said since the last call. */
  said(): Promise<string>;
}

/**
 * Starts the channel (its catch-up done) and gives the citizen's chat; `extra`: channel options.
 * `loket.store`: the test Loket's store kind; `loket.stored`: the channel keeps its queue (and
 * what it remembers of sent messages) in that store, as in production.
 */
export async function citizenChat(extra: Parameters<typeof testChannel>[2] = {}, loket: { store?: "memory" | "sqlite" | "redis"; stored?: boolean; chat?: string } = {}): Promise<CitizenChat> {
  const chat = loket.chat ?? CITIZEN;
  const logLines: string[] = [];
  const t = await createTestLoket({ channel: "whatsapp", logLines, ...(loket.store ? { store: loket.store } : {}) });
  const client = new FakeWhatsAppClient();
  const wa = testChannel(t, client, { ...(loket.stored ? { store: t.loket.store } : {}), ...extra });
  const calls = client.getChatsCalls;
  await wa.start();
  await expect.poll(() => client.getChatsCalls).toBeGreaterThan(calls);
  await wa.idle();
  let ts = Math.floor(Date.now() / 1000);
  let mark = 0;
  return {
    chat,
    t,
    client,
    wa,
    logLines,
    send(body, more = {}, dt = 30) {
      ts += dt;
      return client.message(chat, body, { timestamp: ts, ...more });
    },
    async said() {
      await wa.idle();
      const all = client.textsTo(chat);
      const out = all.slice(mark).join("\n");
      mark = all.length;
      return out;
    },
  };
}

/** Answers the application's questions as a person would type them, until `until` is asked. */
export async function answerUntil(s: CitizenChat, until: RegExp): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const last = s.client.textsTo(s.chat).at(-1) ?? "";
    if (until.test(last)) return;
    const body = /NIK \(16/.test(last)
      ? SAMPLE.nik
      : /Nomor HP/.test(last)
        ? SAMPLE.hp
        : /e-mail/i.test(last)
          ? "lewati"
          : /\(angka\)/.test(last)
            ? "2"
            : /Nama lengkap/.test(last)
              ? SAMPLE.nama
              : /^1\. /m.test(last)
                ? "1"
                : SAMPLE.alamat;
    s.send(body);
    await s.wa.idle();
  }
  throw new Error(`never asked: ${until}`);
}
