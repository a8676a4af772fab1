import { afterEach, describe, expect, it } from "vitest";
import { createWebAdapter } from "../../src/channels/web/routes.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/**
 * Probe set order1 (2026-12-03), web side, written after the change (not tuned on): the slow
 * instance is the one without the page's stream, a push of several messages stays whole before
 * the next, and a stream on B sees the same order as one on A.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openStream(url: string) {
  const res = await fetch(url);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  })();
  cleanups.push(() => reader.cancel().catch(() => undefined));
  return { status: res.status, text: () => text };
}

async function world() {
  const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("order1wp") };
  const a = await createTestLoket({ store: "redis", env });
  const b = await createTestLoket({ store: "redis", env });
  cleanups.push(() => a.close(), () => b.close());
  await a.loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = a.loket.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const created = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const conversationId = `web:${created.conversationId}`;
  const stream = await openStream(`${base}/api/conversations/${created.conversationId}/events?token=${encodeURIComponent(created.token)}`);
  expect(stream.status).toBe(200);
  // Warm: a push from each instance reaches the page (both subscribed, the stream open).
  for (const [t, word] of [[a, "siap-a"], [b, "siap-b"]] as const) {
    await expect.poll(async () => {
      if (!stream.text().includes(word)) await t.loket.runtime.push(conversationId, [{ type: "text", text: word }], "system");
      return stream.text().includes(word);
    }, { timeout: 5000, interval: 300 }).toBe(true);
  }
  return { a, b, conversationId, stream };
}
/** A's web deliveries go `ms` late (its bus publish held up). */
function slowWeb(t: TestLoket, ms: number) {
  const web = createWebAdapter(t.loket.bus);
  t.loket.runtime.registerChannel({ ...web, send: async (...args) => {
    await sleep(ms);
    return web.send(...args);
  } });
}
async function committed(t: TestLoket, conversationId: string, text: string) {
  for (let i = 0; i < 400; i++) {
    if ((await t.loket.store.transcript(conversationId)).some((l) => l.text === text)) return;
    await sleep(5);
  }
  throw new Error("not committed");
}
const order = (text: string, words: string[]) => words.map((w) => text.indexOf(w));

describe("order1 probe web 2026-12-03", () => {
  it("WP1. B (without the page's stream) is slow: its push, then one on A right after B's commit, reach the page on A in that order", async () => {
    const w = await world();
    slowWeb(w.b, 300);
    void w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Lambat-B" }], "staff");
    await committed(w.a, w.conversationId, "Lambat-B");
    await w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Cepat-A" }], "system");
    await expect.poll(() => ["Lambat-B", "Cepat-A"].every((x) => w.stream.text().includes(x)), { timeout: 15_000 }).toBe(true);
    const [b1, a1] = order(w.stream.text(), ["Lambat-B", "Cepat-A"]);
    expect(b1).toBeLessThan(a1!);
  });

  it("WP2. a push of two messages on A (slow), then B's: both of A's come first, in their order", async () => {
    const w = await world();
    slowWeb(w.a, 300);
    void w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Dua-pertama" }, { type: "text", text: "Dua-kedua" }], "staff");
    await committed(w.a, w.conversationId, "Dua-kedua");
    await w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Sesudahnya-B" }], "staff");
    await expect.poll(() => ["Dua-pertama", "Dua-kedua", "Sesudahnya-B"].every((x) => w.stream.text().includes(x)), { timeout: 15_000 }).toBe(true);
    const [p1, p2, p3] = order(w.stream.text(), ["Dua-pertama", "Dua-kedua", "Sesudahnya-B"]);
    expect(p1).toBeLessThan(p2!);
    expect(p2).toBeLessThan(p3!);
  });
});
