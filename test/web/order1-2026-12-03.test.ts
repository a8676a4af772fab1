import { afterEach, describe, expect, it } from "vitest";
import { createWebAdapter } from "../../src/channels/web/routes.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/**
 * Held-out set order1 (2026-12-03), web side: a web conversation's live events (SSE) reach the
 * page in the order their pushes were committed, also when they are made on two instances on one
 * real Redis. The page's stream is open on A over real HTTP; A's delivery of its push is slowed
 * (its bus publish 300 ms late, as a busy instance's would be) and B pushes right after A's commit.
 * Written before the change and scored on the unchanged code.
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
  const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("order1w") };
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

describe("order1 held-out web 2026-12-03: live events in commit order across instances", () => {
  it("W1. a status notice pushed on A, then a staff reply on B right after A's commit: the page's stream shows the notice, then the reply", async () => {
    const w = await world();
    slowWeb(w.a, 300);
    void w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Pemberitahuan-satu dari sistem" }], "system");
    await committed(w.a, w.conversationId, "Pemberitahuan-satu dari sistem");
    await w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Balasan-dua dari petugas" }], "staff");
    await expect.poll(() => w.stream.text(), { timeout: 15_000 }).toMatch(/Pemberitahuan-satu[\s\S]*Balasan-dua|Balasan-dua[\s\S]*Pemberitahuan-satu/);
    const [one, two] = order(w.stream.text(), ["Pemberitahuan-satu", "Balasan-dua"]);
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(two!);
  });

  it("W2. three pushes alternating A, B, A (A slow): the page reads them in the order they were committed", async () => {
    const w = await world();
    slowWeb(w.a, 300);
    void w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Urut-1" }], "staff");
    await committed(w.a, w.conversationId, "Urut-1");
    void w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Urut-2" }], "staff");
    await committed(w.a, w.conversationId, "Urut-2");
    void w.a.loket.runtime.push(w.conversationId, [{ type: "text", text: "Urut-3" }], "staff");
    await expect.poll(() => ["Urut-1", "Urut-2", "Urut-3"].every((x) => w.stream.text().includes(x)), { timeout: 15_000 }).toBe(true);
    const [o1, o2, o3] = order(w.stream.text(), ["Urut-1", "Urut-2", "Urut-3"]);
    expect(o1).toBeLessThan(o2!);
    expect(o2).toBeLessThan(o3!);
  });

  it("W3. a push on B with nothing before it reaches the page at once (under a second)", async () => {
    const w = await world();
    const started = Date.now();
    await w.b.loket.runtime.push(w.conversationId, [{ type: "text", text: "Sendiri-saja" }], "staff");
    await expect.poll(() => w.stream.text(), { timeout: 5_000, interval: 20 }).toMatch(/Sendiri-saja/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
