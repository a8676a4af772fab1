import pino from "pino";
import { describe, expect, it } from "vitest";
import { createStoreJournal, createWhatsAppKeeper, dropOutboxRows } from "../../src/channels/whatsapp/journal.js";
import { createOutbox, type OutboxOptions } from "../../src/channels/whatsapp/outbox.js";
import { createMemoryStore } from "../../src/store/memory.js";
import type { Store } from "../../src/store/port.js";
import { createTestLoket } from "../support/loket.js";
import { uniquePrefix } from "../support/redis.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

const silent = pino({ level: "silent" });
const A = "6281234567890@c.us";
const B = "6285711112222@c.us";
const conv = (chat: string) => `whatsapp:${chat}`;
const never = new Promise<void>(() => undefined);

/** An outbox on `store` whose sends are recorded; `hang` makes every send never settle (the process dies mid-send). */
function outboxOn(store: Store, opts: { hang?: boolean; resumeWhen?: Promise<unknown> } & Partial<OutboxOptions> = {}) {
  const sent: { chat: string; text: string }[] = [];
  const outbox = createOutbox({
    send: (chat, text) => (opts.hang ? never : Promise.resolve(void sent.push({ chat, text }))),
    logger: silent,
    perSecond: 1000,
    sleep: async () => undefined,
    journal: createStoreJournal(store),
    ...opts,
  });
  const textsTo = (chat: string) => sent.filter((s) => s.chat === chat).map((s) => s.text);
  return { outbox, sent, textsTo };
}

describe("the WhatsApp outbox keeps queued texts in the store", () => {
  it("a text queued when the process dies is sent once by the next one, each chat in order, after the session is ready", async () => {
    const store = createMemoryStore();
    const first = outboxOn(store, { hang: true });
    void first.outbox.enqueue(A, ["a1", "a2"], conv(A));
    void first.outbox.enqueue(B, ["b1"], conv(B));
    void first.outbox.enqueue(A, ["a3"], conv(A));
    await expect.poll(async () => (await store.list("whatsapp_outbox")).length).toBe(3);
    // kill -9: the first outbox is never drained or closed.
    let ready!: () => void;
    const second = outboxOn(store, { resumeWhen: new Promise<void>((r) => (ready = r)) });
    // Queued by the new process before the session is ready: after what the old one left.
    const later = second.outbox.enqueue(A, ["a4"], conv(A));
    await new Promise((r) => setTimeout(r, 20));
    expect(second.sent).toEqual([]); // the browser is still starting
    ready();
    await later;
    await second.outbox.idle();
    expect(second.textsTo(A)).toEqual(["a1", "a2", "a3", "a4"]);
    expect(second.textsTo(B)).toEqual(["b1"]);
    expect(first.sent).toEqual([]);
    expect(await store.list("whatsapp_outbox")).toEqual([]);
    // A third start finds nothing to send.
    const third = outboxOn(store);
    await third.outbox.idle();
    expect(third.sent).toEqual([]);
  });

  it("a text sent is removed at once, and not sent again after a restart; nor is one given up", async () => {
    const store = createMemoryStore();
    const first = outboxOn(store);
    await first.outbox.enqueue(A, ["x1", "x2"], conv(A));
    expect(first.textsTo(A)).toEqual(["x1", "x2"]);
    expect(await store.list("whatsapp_outbox")).toEqual([]);
    const failing = outboxOn(store, { send: async () => Promise.reject(new Error("Protocol error")), retry: { attempts: 2, initialMs: 1, maxMs: 1 } });
    await expect(failing.outbox.enqueue(B, ["y1", "y2"], conv(B))).rejects.toMatchObject({ code: "CHANNEL_FAILED" });
    expect(await store.list("whatsapp_outbox")).toEqual([]);
    const again = outboxOn(store);
    await again.outbox.idle();
    expect(again.sent).toEqual([]);
  });

  it("after part of a batch was sent, a restart sends only the rest", async () => {
    const store = createMemoryStore();
    let n = 0;
    const sent: string[] = [];
    const first = outboxOn(store, {
      // The second text never leaves: the process dies while sending it.
      send: (_chat, text) => (n++ === 0 ? Promise.resolve(void sent.push(text)) : never),
    });
    void first.outbox.enqueue(A, ["s1", "s2", "s3"], conv(A));
    await expect.poll(async () => (await store.list<{ texts: string[] }>("whatsapp_outbox"))[0]?.texts).toEqual(["s2", "s3"]);
    const second = outboxOn(store);
    await second.outbox.idle();
    expect(sent).toEqual(["s1"]);
    expect(second.textsTo(A)).toEqual(["s2", "s3"]);
  });

  it("closing (a stop) leaves what was not sent in the store for the next start instead of giving it up", async () => {
    const store = createMemoryStore();
    // The session is down (real 1 ms waits, so the test's own timers run).
    const first = outboxOn(store, { connected: () => false, maxWaitMs: 60_000, sleep: () => new Promise((r) => setTimeout(r, 1)) });
    const queued = first.outbox.enqueue(A, ["z1"], conv(A));
    await expect.poll(async () => (await store.list("whatsapp_outbox")).length).toBe(1);
    first.outbox.close();
    await queued; // abandoned, not failed
    expect(await store.list("whatsapp_outbox")).toHaveLength(1);
    const second = outboxOn(store);
    await second.outbox.idle();
    expect(second.textsTo(A)).toEqual(["z1"]);
  });

  it("texts left more than a day ago are dropped, not sent; the retention sweep and an erasure remove them too", async () => {
    const store = createMemoryStore();
    let now = new Date("2026-11-01T08:00:00Z");
    const first = outboxOn(store, { hang: true, journal: createStoreJournal(store, { now: () => now }) });
    void first.outbox.enqueue(A, ["lama"], conv(A));
    await expect.poll(async () => (await store.list("whatsapp_outbox")).length).toBe(1);
    now = new Date("2026-11-02T09:00:00Z"); // 25 hours later
    let stale = 0;
    const second = outboxOn(store, { journal: createStoreJournal(store, { now: () => now, onStale: (n) => (stale = n) }) });
    await second.outbox.idle();
    expect(second.sent).toEqual([]);
    expect(stale).toBe(1);
    expect(await store.list("whatsapp_outbox")).toEqual([]);
    // Left by a crash where WhatsApp was then disabled: only the retention sweep runs.
    const third = outboxOn(store, { hang: true, journal: createStoreJournal(store, { now: () => now }) });
    void third.outbox.enqueue(A, ["a"], conv(A));
    void third.outbox.enqueue(B, ["b"], conv(B));
    await expect.poll(async () => (await store.list("whatsapp_outbox")).length).toBe(2);
    expect(await dropOutboxRows(store, { now })).toBe(0); // fresh: kept
    expect(await dropOutboxRows(store, { now, conversationId: conv(A) })).toBe(1); // "hapus data saya" of A
    expect(await dropOutboxRows(store, { now: new Date(now.getTime() + 25 * 3_600_000) })).toBe(1);
    expect(await store.list("whatsapp_outbox")).toEqual([]);
  });

  it("a store that cannot be read at start leaves the queue in memory, texts still go out", async () => {
    const store = createMemoryStore();
    const broken: Store = { ...store, list: async () => Promise.reject(new Error("ECONNREFUSED")) };
    const o = outboxOn(broken);
    await o.outbox.enqueue(A, ["m1"], conv(A));
    expect(o.textsTo(A)).toEqual(["m1"]);
  });

  it("another instance's pushes: taken over once, sent in the order queued after a crash, removed when sent from memory, kept trying after a failed counter read", async () => {
    const store = createMemoryStore();
    const render = (replies: { text?: string }[]) => ({ texts: replies.map((r) => r.text ?? "") });
    let clock = Date.parse("2026-11-30T08:00:00Z");
    const now = () => new Date(clock);
    // The other instance (no WhatsApp session) starts first: its ids have the lower start number.
    let failOnce = true;
    const flaky: Store = { ...store, nextSequence: (name) => (failOnce ? ((failOnce = false), Promise.reject(new Error("ETIMEDOUT"))) : store.nextSequence(name)) };
    const keep = createWhatsAppKeeper(flaky, render as never, { now });
    await expect(keep({ conversationId: conv(A) }, [{ type: "text", text: "x" }])).rejects.toThrow("ETIMEDOUT");
    const early = (await keep({ conversationId: conv(A) }, [{ type: "text", text: "staff-1" }]))!;
    // The WhatsApp instance: a bot reply queued, then a staff push from the other instance, then it dies.
    const first = outboxOn(store, { hang: true, journal: createStoreJournal(store, { now }) });
    clock += 1000;
    void first.outbox.enqueue(A, ["bot-1"], conv(A));
    await expect.poll(async () => (await store.list("whatsapp_outbox")).length).toBe(2);
    clock += 1000;
    const later = (await keep({ conversationId: conv(A) }, [{ type: "text", text: "staff-2" }]))!;
    void first.outbox.enqueue(A, ["staff-2"], conv(A), later);
    const second = outboxOn(store, { journal: createStoreJournal(store, { now }) });
    // The bus message for a text the start already found is not sent twice.
    await second.outbox.enqueue(A, ["staff-1"], conv(A), early);
    await second.outbox.idle();
    expect(second.textsTo(A)).toEqual(["staff-1", "bot-1", "staff-2"]);
    expect(await store.list("whatsapp_outbox")).toEqual([]);
    // The stored queue unreadable at start: a push taken over is sent from memory, its row removed.
    const id = (await keep({ conversationId: conv(B) }, [{ type: "text", text: "staff-3" }]))!;
    const blind = outboxOn({ ...store, list: async () => Promise.reject(new Error("ECONNREFUSED")) }, { journal: createStoreJournal({ ...store, list: async () => Promise.reject(new Error("ECONNREFUSED")) }, { now }) });
    await blind.outbox.enqueue(B, ["staff-3"], conv(B), id);
    expect(blind.textsTo(B)).toEqual(["staff-3"]);
    await expect.poll(async () => (await store.list("whatsapp_outbox")).length).toBe(0);
  });

  it("a rescan takes over what another instance stored whose bus message never came, once; never this process's own texts", async () => {
    const store = createMemoryStore();
    const keep = createWhatsAppKeeper(store, ((replies: { text?: string }[]) => ({ texts: replies.map((r) => r.text ?? "") })) as never);
    const o = outboxOn(store, { hang: true });
    void o.outbox.enqueue(A, ["own"], conv(A)); // in flight, hanging: stored, not to be taken over
    await expect.poll(async () => (await store.list("whatsapp_outbox")).length).toBe(1);
    expect(await o.outbox.rescan()).toBe(0);
    await keep({ conversationId: conv(B) }, [{ type: "text", text: "lost on the bus" }]);
    expect(await o.outbox.rescan()).toBe(1);
    expect(await o.outbox.rescan()).toBe(0);
    // A process started later finds both at its start; a rescan then has nothing more.
    const next = outboxOn(store, { hang: true });
    expect(await next.outbox.rescan()).toBe(0);
  });
});


describe.each(["memory", "sqlite", "redis"] as const)("WhatsApp replies survive a crash (%s store)", (kind) => {
  it("a reply queued when the process dies is sent once, in order, by the next process; a sent one is not sent again", async () => {
    const t = await createTestLoket({ channel: "whatsapp", store: kind });
    try {
      const client = new FakeWhatsAppClient();
      const first = testChannel(t, client, { store: t.loket.store });
      await first.start();
      client.message(A, "halo");
      await first.idle();
      const greeted = client.textsTo(A).length;
      expect(greeted).toBeGreaterThan(0);
      // From now on nothing leaves: the process dies with these queued.
      client.hangSends = true;
      client.message(A, "syarat imb apa");
      await expect.poll(async () => (await t.loket.store.transcript(conv(A))).filter((l) => l.from === "citizen").length).toBe(2);
      // The answer is queued before staff write (on a loaded machine the transcript line comes
      // first and staff's message could otherwise overtake the answer still being made).
      await expect.poll(async () => (await t.loket.store.list("whatsapp_outbox")).length).toBe(1);
      // Staff messages and status notices are queued behind (send resolves only once they left).
      void first.send(conv(A), A, [{ type: "text", text: "Pesan dari petugas" }]);
      void first.send(conv(B), B, [{ type: "text", text: "Status permohonan berubah" }]);
      await expect.poll(async () => (await t.loket.store.list("whatsapp_outbox")).length).toBe(3);
      client.removeAllListeners(); // kill -9
      client.hangSends = false;
      await t.restart();

      const second = testChannel(t, client, { store: t.loket.store });
      await second.start();
      await expect.poll(() => client.textsTo(B)).toEqual(["Status permohonan berubah"]);
      await second.idle();
      const after = client.textsTo(A).slice(greeted);
      expect(after.filter((x) => /Persyaratan/.test(x))).toHaveLength(1);
      expect(after.at(-1)).toBe("Pesan dari petugas"); // in the order they were queued
      expect(await t.loket.store.list("whatsapp_outbox")).toEqual([]);
      const total = client.sent.length;
      await second.stop();

      // Another restart: nothing is sent again (the catch-up finds the chats read, the store empty).
      await t.restart();
      const third = testChannel(t, client, { store: t.loket.store });
      await third.start();
      await expect.poll(() => client.getChatsCalls).toBe(3);
      await third.idle();
      expect(client.sent.length).toBe(total);
      await third.stop();
    } finally {
      await t.close();
    }
  });
});

/** Two Lokets on one Redis, the first with the WhatsApp session (started, a citizen has said "halo"), the second without. */
async function twoInstances(prefix: string) {
  const env = { REDIS_KEY_PREFIX: uniquePrefix(prefix) };
  const wa = await createTestLoket({ channel: "whatsapp", store: "redis", env });
  const web = await createTestLoket({ channel: "whatsapp", store: "redis", env });
  const client = new FakeWhatsAppClient();
  const first = testChannel(wa, client, { store: wa.loket.store });
  await first.start();
  client.message(A, "halo");
  await first.idle();
  return { env, wa, web, client, first, before: client.textsTo(A).length };
}

describe("WhatsApp outbox with several instances on Redis", () => {
  it("a staff reply made on an instance without WhatsApp is kept by the WhatsApp instance and sent by it once after its crash", async () => {
    const { wa, web, client, first, before } = await twoInstances("wa-outbox");
    try {
      client.hangSends = true;
      // The other instance has no WhatsApp session: its push goes over the bus to the one that has.
      await web.loket.runtime.push(conv(A), [{ type: "text", text: "Selamat siang, berkas Bapak/Ibu sudah kami terima" }], "staff", "budi");
      await expect.poll(async () => (await web.loket.store.list("whatsapp_outbox")).length).toBe(1);
      client.removeAllListeners(); // the WhatsApp instance dies
      client.hangSends = false;
      await wa.restart();
      const second = testChannel(wa, client, { store: wa.loket.store });
      await second.start();
      await expect.poll(() => client.textsTo(A).slice(before)).toEqual(["Selamat siang, berkas Bapak/Ibu sudah kami terima"]);
      await second.idle();
      expect(await web.loket.store.list("whatsapp_outbox")).toEqual([]);
      await second.stop();
    } finally {
      await wa.close();
      await web.close();
    }
  });

  it("a staff reply made while the WhatsApp instance is away (a deploy) is sent once when it is back; one made while it is up is sent once, not again after a restart", async () => {
    const { env, wa, web, client, first, before } = await twoInstances("wa-away");
    try {
      // Up: the reply goes over the bus, stored first by the instance that made it, sent once.
      await web.loket.runtime.push(conv(A), [{ type: "text", text: "Berkas sudah kami terima" }], "staff", "budi");
      await expect.poll(() => client.textsTo(A).slice(before)).toEqual(["Berkas sudah kami terima"]);
      await first.idle();
      await expect.poll(async () => (await web.loket.store.list("whatsapp_outbox")).length).toBe(0);
      await first.stop();
      await wa.close(); // away: nothing listens on the bus for WhatsApp now
      await web.loket.runtime.push(conv(A), [{ type: "text", text: "Permohonan Bapak/Ibu sudah diverifikasi" }], "staff", "budi");
      expect(await web.loket.store.list("whatsapp_outbox")).toHaveLength(1);
      const back = await createTestLoket({ channel: "whatsapp", store: "redis", env });
      try {
        const second = testChannel(back, client, { store: back.loket.store });
        await second.start();
        await expect.poll(() => client.textsTo(A).slice(before)).toEqual(["Berkas sudah kami terima", "Permohonan Bapak/Ibu sudah diverifikasi"]);
        await second.idle();
        expect(await web.loket.store.list("whatsapp_outbox")).toEqual([]);
        await second.stop();
        // A further start sends nothing again.
        const third = testChannel(back, client, { store: back.loket.store });
        await third.start();
        await third.idle();
        expect(client.textsTo(A).slice(before)).toHaveLength(2);
        await third.stop();
      } finally {
        await back.close();
      }
    } finally {
      await web.close();
    }
  });
});
