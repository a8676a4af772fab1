import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttp } from "../../src/http.js";
import { createLogger } from "../../src/log.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/** perf29's probe set, written after the change and not tuned on: the same contracts from other sides. */
describe("perf29 probe: the web API", () => {
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

  it("a token remembered from the query parameter opens the history and a stream ticket by header, and a wrong one still gets neither", async () => {
    const c = await open();
    const viaQuery = await fetch(`${base}/api/conversations/${c.conversationId}/messages?token=${c.token}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "halo", messageId: "p1" }) });
    expect(viaQuery.status).toBe(200);
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    expect((await fetch(`${base}/api/conversations/${c.conversationId}/history`, { headers: auth(c.token) })).status).toBe(200);
    const wrong = c.token.slice(0, -2) + (c.token.endsWith("xy") ? "yx" : "xy");
    expect((await fetch(`${base}/api/conversations/${c.conversationId}/history`, { headers: auth(wrong) })).status).toBe(403);
    expect((await fetch(`${base}/api/conversations/${c.conversationId}/stream-ticket`, { method: "POST", headers: auth(wrong) })).status).toBe(403);
    const ticket = await fetch(`${base}/api/conversations/${c.conversationId}/stream-ticket`, { method: "POST", headers: auth(c.token) });
    expect(ticket.status).toBe(200);
    expect(((await ticket.json()) as { ticket: string }).ticket).toMatch(/^\d+\.[\w-]+$/);
  });

  it("the same message id sent again is answered with the same replies, and each line of the history has its turn's time", async () => {
    const c = await open();
    const send = () =>
      fetch(`${base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` }, body: JSON.stringify({ text: "jam buka kantor", messageId: "same-1" }) });
    const first = (await (await send()).json()) as { replies: unknown[] };
    const again = (await (await send()).json()) as { replies: unknown[] };
    expect(again.replies).toEqual(first.replies);
    const lines = (await t.loket.store.transcript(`web:${c.conversationId}`)).filter((l) => !l.internal);
    expect(lines.filter((l) => l.from === "citizen")).toHaveLength(1);
    for (const l of lines) expect(new Date(l.at).toISOString()).toBe(l.at);
    expect(new Set(lines.map((l) => l.at)).size).toBe(1);
  });
});

describe("perf29 probe: request loggers", () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write: (chunk: Buffer, _e, done) => {
      for (const l of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  let app: Awaited<ReturnType<typeof createHttp>>["app"];
  beforeAll(async () => {
    ({ app } = await createHttp({ logger: createLogger({ destination, pretty: false, level: "debug" }) }));
    app.get("/chatty", { logLevel: "debug" }, async (req) => {
      req.log.debug("a route of its own level");
      return { ok: true };
    });
    app.get("/quiet", async (req) => {
      req.log.debug("under the HTTP logger's level");
      req.log.info("under it too");
      // pino's own method, which Fastify's logger type leaves out.
      const log = req.log as unknown as { isLevelEnabled(level: string): boolean };
      return { level: req.log.level, info: log.isLevelEnabled("info"), warn: log.isLevelEnabled("warn") };
    });
  });
  afterAll(async () => app.close());
  const flushed = () => new Promise((r) => setImmediate(r));

  it("a route with its own log level writes at that level, with the request's id", async () => {
    lines.length = 0;
    expect((await app.inject({ url: "/chatty" })).statusCode).toBe(200);
    await flushed();
    const line = lines.find((l) => l.msg === "a route of its own level");
    expect(line).toMatchObject({ level: 20, part: "http" });
    expect(String(line!.reqId)).toMatch(/^req-/);
  });

  it("a request's logger says the HTTP logger's level and writes nothing under it; an unknown route is 404 without a line", async () => {
    lines.length = 0;
    const res = await app.inject({ url: "/quiet" });
    expect(res.json()).toEqual({ level: "warn", info: false, warn: true });
    expect((await app.inject({ url: "/nowhere" })).statusCode).toBe(404);
    await flushed();
    expect(lines.filter((l) => l.msg !== "a route of its own level")).toEqual([]);
  });
});
