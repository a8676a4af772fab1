import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../src/errors.js";
import { createHttp } from "../../src/http.js";
import { createLogger } from "../../src/log.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * perf29 (issue #9), held out before the change: what the web API's per-request work must keep
 * when it is made cheaper. A conversation's token opens it and nothing else, remembered or not;
 * a request that fails is still logged by the HTTP layer with its request id, route and code,
 * and a request that succeeds writes no line.
 */
describe("web API tokens, remembered or not (perf29)", () => {
  let t: TestLoket;
  let base: string;
  beforeAll(async () => {
    t = await createTestLoket({ store: "sqlite" });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());

  const open = async () => (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const say = (id: string, token: string | undefined, text = "halo") =>
    fetch(`${base}/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ text }),
    });
  /** The token with its character at `i` replaced by another of the same kind. */
  const changedAt = (token: string, i: number, by?: string) => token.slice(0, i) + (by ?? (token[i] === "A" ? "B" : "A")) + token.slice(i + 1);

  it("opens its own conversation, first from the store and then remembered, for every message", async () => {
    const c = await open();
    for (let i = 0; i < 3; i++) {
      const res = await say(c.conversationId, c.token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
    }
  });

  it("refuses a token one character off (first, last, middle), before and after the right one was remembered", async () => {
    const c = await open();
    const wrong = [changedAt(c.token, 0), changedAt(c.token, c.token.length - 1), changedAt(c.token, c.token.length >> 1)];
    for (const w of wrong) expect((await say(c.conversationId, w)).status).toBe(403);
    expect((await say(c.conversationId, c.token)).status).toBe(200);
    for (const w of wrong) expect((await say(c.conversationId, w)).status).toBe(403);
    // Nothing of the refused ones reached the conversation.
    const said = (await t.loket.store.transcript(`web:${c.conversationId}`)).filter((l) => l.from === "citizen");
    expect(said).toHaveLength(1);
  });

  it("refuses a token longer or shorter than the right one, its prefix included, and one with a letter beyond ASCII", async () => {
    const c = await open();
    expect((await say(c.conversationId, c.token)).status).toBe(200);
    expect((await say(c.conversationId, c.token.slice(0, -1))).status).toBe(403);
    expect((await say(c.conversationId, `${c.token}A`)).status).toBe(403);
    // Same length in UTF-16 units as the right one, not in bytes.
    expect((await say(c.conversationId, changedAt(c.token, 3, "é"))).status).toBe(403);
    expect((await say(c.conversationId, changedAt(c.token, 5, "ÿ"))).status).toBe(403);
    // Beyond Latin-1 (no header can carry it): as the `token` query parameter the API also reads.
    const query = (token: string) => fetch(`${base}/api/conversations/${c.conversationId}/messages?token=${encodeURIComponent(token)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "halo" }) });
    expect((await query(changedAt(c.token, 7, "€"))).status).toBe(403);
    expect((await query(changedAt(c.token, 7, "\u0000"))).status).toBe(403);
    expect((await query(c.token)).status).toBe(200);
  });

  it("refuses another conversation's token, remembered or not, and asks for one when none is sent", async () => {
    const a = await open();
    const b = await open();
    expect((await say(a.conversationId, b.token)).status).toBe(403);
    expect((await say(b.conversationId, b.token)).status).toBe(200);
    expect((await say(a.conversationId, b.token)).status).toBe(403);
    expect((await say(a.conversationId, a.token)).status).toBe(200);
    expect((await say(b.conversationId, a.token)).status).toBe(403);
    expect((await say(a.conversationId, undefined)).status).toBe(401);
    expect((await say(a.conversationId, "")).status).toBe(401);
  });
});

describe("the HTTP layer's log lines (perf29)", () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write: (chunk: Buffer, _e, done) => {
      for (const l of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  let app: Awaited<ReturnType<typeof createHttp>>["app"];
  beforeAll(async () => {
    ({ app } = await createHttp({ logger: createLogger({ destination, pretty: false }) }));
    app.get("/ok", async () => ({ ok: true }));
    app.get("/away/:id", async () => {
      throw new StoreError("STORE_UNAVAILABLE", "redis is unavailable", { conversationId: "web:x" });
    });
    app.get("/broken/:id", async () => {
      throw new Error("something broke");
    });
    app.get("/child", async (req) => {
      req.log.child({ extra: "yes" }).warn("from a child of the request's logger");
      return { ok: true };
    });
  });
  afterAll(async () => app.close());
  const flushed = () => new Promise((r) => setImmediate(r));

  it("writes no line for requests that succeed", async () => {
    lines.length = 0;
    for (let i = 0; i < 5; i++) expect((await app.inject({ url: "/ok" })).statusCode).toBe(200);
    await flushed();
    expect(lines).toEqual([]);
  });

  it("logs a store away as a warning with the request's id, the route's pattern (not the path) and the code", async () => {
    lines.length = 0;
    const res = await app.inject({ url: "/away/3201234567890001" });
    expect(res.statusCode).toBe(503);
    await flushed();
    const warn = lines.filter((l) => l.level === 40);
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ part: "http", route: "/away/:id", code: "STORE_UNAVAILABLE", msg: "request failed: store unavailable", app: "loket" });
    expect(String(warn[0]!.reqId)).toMatch(/^req-/);
    expect(JSON.stringify(lines)).not.toContain("3201234567890001");
  });

  it("logs a failure as an error with the request's id, and each request has its own id", async () => {
    lines.length = 0;
    expect((await app.inject({ url: "/broken/1" })).statusCode).toBe(500);
    expect((await app.inject({ url: "/broken/2" })).statusCode).toBe(500);
    await flushed();
    const errors = lines.filter((l) => l.level === 50 && l.msg === "request failed");
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toMatchObject({ part: "http", route: "/broken/:id", app: "loket" });
    expect(errors[0]!.reqId).toMatch(/^req-/);
    expect(errors[1]!.reqId).toMatch(/^req-/);
    expect(errors[0]!.reqId).not.toBe(errors[1]!.reqId);
  });

  it("gives a child of the request's logger the request's id and the HTTP part", async () => {
    lines.length = 0;
    expect((await app.inject({ url: "/child" })).statusCode).toBe(200);
    await flushed();
    const warn = lines.filter((l) => l.msg === "from a child of the request's logger");
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ part: "http", extra: "yes", level: 40 });
    expect(String(warn[0]!.reqId)).toMatch(/^req-/);
  });
});
