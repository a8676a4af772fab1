import { afterEach, expect } from "vitest";
import { createWebAdapter } from "../../src/channels/web/routes.js";
import { createTestLoket, type TestLoket } from "./loket.js";
import { testRedisUrl, uniquePrefix } from "./redis.js";

/**
 * Two Loket instances on one real Redis and a web conversation whose live events (SSE) are read
 * over real HTTP from A: what order1's web sets (test/web/order1-*) push into and read back.
 * Call `webOrderWorlds()` at a test file's top level: it closes what each world opened after each test.
 */
export function webOrderWorlds(prefix: string) {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

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
    const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix(prefix) };
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
  return { world, slowWeb, committed, order };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `t`'s web deliveries go `ms` late (its bus publish held up, as a busy instance's would be). */
function slowWeb(t: TestLoket, ms: number) {
  const web = createWebAdapter(t.loket.bus);
  t.loket.runtime.registerChannel({ ...web, send: async (...args) => {
    await sleep(ms);
    return web.send(...args);
  } });
}

/** Resolves once `text` is in the conversation's stored transcript (its push committed). */
async function committed(t: TestLoket, conversationId: string, text: string) {
  for (let i = 0; i < 400; i++) {
    if ((await t.loket.store.transcript(conversationId)).some((l) => l.text === text)) return;
    await sleep(5);
  }
  throw new Error("not committed");
}

/** Where each of `words` first stands in `text` (-1: not there). */
const order = (text: string, words: string[]) => words.map((w) => text.indexOf(w));
