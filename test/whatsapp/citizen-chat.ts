import { expect } from "vitest";
import type { WhatsAppChannel } from "../../src/channels/whatsapp/adapter.js";
import type { WaMessage } from "../../src/channels/whatsapp/types.js";
import { SAMPLE } from "../support/citizen.js";
import { fixtures } from "../support/fixtures.js";
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

/** A PDF as WhatsApp hands it over (each `n` a different file). */
export const pdf = (n: number) => ({ type: "document", media: { mimetype: "application/pdf", data: Buffer.concat([fixtures.pdf, Buffer.from(`\n%${n}`)]).toString("base64"), filename: `dok-${n}.pdf` } });

/** The application form's answers so far. */
export async function slots(s: CitizenChat): Promise<Record<string, unknown>> {
  const state = await s.t.loket.store.peekState(`whatsapp:${s.chat}`);
  return (state!.engine.stack.find((f) => f.flow === "apply")?.slots ?? {}) as Record<string, unknown>;
}

/** A citizen's chat on a stored Loket, closed after `body`. */
export async function withChat(body: (s: CitizenChat) => Promise<void>): Promise<void> {
  const s = await citizenChat({}, { stored: true });
  try {
    await body(s);
  } finally {
    await s.wa.stop();
    await s.t.close();
  }
}

/** Opens with `opening` and answers until the question `q`. */
export async function toQuestion(s: CitizenChat, opening: string, q: RegExp): Promise<void> {
  s.send(opening);
  await answerUntil(s, q);
  await s.said();
}

/** An izin reklame application answered and documented up to its summary. */
export async function toSummary(s: CitizenChat): Promise<void> {
  s.send("saya mau mengajukan izin reklame");
  for (let i = 0; i < 60; i++) {
    const last = s.client.textsTo(s.chat).at(-1) ?? "";
    if (/Mohon periksa kembali/.test(last)) break;
    if (/Dokumen \d+ dari/.test(last)) s.send("", pdf(i));
    else await answerUntil(s, /Dokumen \d+ dari|Mohon periksa kembali/);
    await s.wa.idle();
  }
  expect(s.client.textsTo(s.chat).at(-1)).toMatch(/Mohon periksa kembali/);
  await s.said();
}
