import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * ✕ on an upload (DELETE /api/conversations/:id/uploads/:messageId) writes a mark under the
 * conversation's lock. It had no limit: one conversation's token could write marks as fast as its
 * connection allowed. It now counts against the conversation's message limit (RATE_LIMIT_*), over
 * real HTTP on loopback.
 */
describe("the upload ✕ under the per-conversation limit", () => {
  let t: TestLoket;
  let base: string;

  beforeAll(async () => {
    t = await createTestLoket({ env: { RATE_LIMIT_BURST: "5", RATE_LIMIT_PER_SECOND: "1" } });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());

  it("answers 429 with retry-after beyond the burst, marks nothing then, and takes a ✕ again once the bucket refills", async () => {
    const c = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
    const cancel = (id: string) => fetch(`${base}/api/conversations/${c.conversationId}/uploads/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${c.token}` } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      const res = await cancel(`flood-${i}`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get("retry-after");
      await res.arrayBuffer();
    }
    const taken = statuses.filter((s) => s === 200).length;
    // The burst of 5, plus what the bucket refilled (1 a second) while the 40 requests ran.
    const seconds = (Date.now() - started) / 1000;
    expect(taken, statuses.join(" ")).toBeGreaterThanOrEqual(5);
    expect(taken, `${statuses.join(" ")} in ${seconds} s`).toBeLessThanOrEqual(5 + Math.ceil(seconds) + 1);
    expect(statuses.filter((s) => s === 429).length, "most were refused").toBeGreaterThan(20);
    expect(statuses.filter((s) => s === 429).length).toBe(40 - taken);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // A ✕ refused was never marked: the same id, once allowed, is still cancellable. As for messages,
    // after a refusal the conversation is let in again when its bucket is half full (2.5 s here).
    const refusedId = `flood-${statuses.lastIndexOf(429)}`;
    await new Promise((r) => setTimeout(r, 3_000));
    const later = await cancel(refusedId);
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual({ cancelled: true });
    // A message from the page goes through too.
    const msg = await fetch(`${base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` }, body: JSON.stringify({ text: "halo" }) });
    expect(msg.status).toBe(200);
  });
});
