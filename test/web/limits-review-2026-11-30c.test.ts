import { request, type ClientRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { listening } from "../support/browser.js";
import { loadConfig } from "../../src/config.js";
import { addStaff } from "../../src/staff/auth.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PASSWORD = "kata-sandi-budi-123";

describe("TRUST_PROXY: a per-address limit counts the client's address, not one it wrote itself", () => {
  /** Five wrong passwords from one client, each with another made-up first X-Forwarded-For address, then the right one. */
  async function sixthLogin(env: Record<string, string>, remoteAddress: string, forwarded: (i: number) => string): Promise<number> {
    const t = await createTestLoket({ env });
    try {
      await addStaff(t.loket.store, { username: "budi", role: "staff", password: PASSWORD });
      for (let i = 0; i < 5; i++) {
        const r = await t.loket.app.inject({ method: "POST", url: "/staff/api/login", remoteAddress, headers: { "x-forwarded-for": forwarded(i) }, payload: { username: "budi", password: "salah-sekali-123" } });
        expect(r.statusCode).toBe(401);
      }
      const r = await t.loket.app.inject({ method: "POST", url: "/staff/api/login", remoteAddress, headers: { "x-forwarded-for": forwarded(9) }, payload: { username: "budi", password: PASSWORD } });
      return r.statusCode;
    } finally {
      await t.close();
    }
  }

  it("behind a proxy on this machine, the address the proxy appended counts (the client's own first entry does not)", async () => {
    // nginx's $proxy_add_x_forwarded_for keeps what the client sent and appends the real address.
    expect(await sixthLogin({}, "127.0.0.1", (i) => `198.51.100.${i}, 203.0.113.7`)).toBe(429);
  });

  it("a client reaching Loket directly cannot pick its address with the header", async () => {
    expect(await sixthLogin({}, "203.0.113.9", (i) => `198.51.100.${i}`)).toBe(429);
  });

  it("TRUST_PROXY takes all, none, or addresses, CIDRs and range names; anything else is refused naming it", () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual(["loopback", "uniquelocal"]);
    expect(loadConfig({ TRUST_PROXY: "all" }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "none" }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.1.2.3, 172.16.0.0/12, fd00::/8" }).TRUST_PROXY).toEqual(["loopback", "10.1.2.3", "172.16.0.0/12", "fd00::/8"]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY="true": "true" is not an address/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY/);
  });
});

describe("POST /api/conversations: new conversations per address (WEB_CONVERSATIONS_PER_MINUTE)", () => {
  const open = (t: TestLoket, remoteAddress: string) => t.loket.app.inject({ method: "POST", url: "/api/conversations", remoteAddress });

  it("after the limit within a minute one address gets 429 with Retry-After and a polite Indonesian text; other addresses and the next minute are served", async () => {
    let clock = Date.parse("2026-11-30T08:00:10.000Z");
    const t = await createTestLoket({ store: "sqlite", env: { WEB_CONVERSATIONS_PER_MINUTE: "5" }, now: () => new Date(clock) });
    try {
      for (let i = 0; i < 5; i++) expect((await open(t, "203.0.113.7")).statusCode).toBe(201);
      const refused = await open(t, "203.0.113.7");
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBe(50);
      const body = refused.json() as { error: string; code: string; replies: { type: string; text: string }[] };
      expect(body.code).toBe("rate_limited");
      expect(body.error).toMatch(/too many new conversations/);
      expect(body.replies[0]!.text).toMatch(/^Mohon maaf Bapak\/Ibu/);
      expect(body).not.toHaveProperty("token");
      // Knocking on does not lengthen the wait.
      for (let i = 0; i < 20; i++) expect((await open(t, "203.0.113.7")).statusCode).toBe(429);
      expect((await open(t, "203.0.113.8")).statusCode).toBe(201);
      clock += 50_000;
      expect((await open(t, "203.0.113.7")).statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });

  it("an IPv6 client counts by its /64: a new address from the same subscriber's block is the same client", async () => {
    const t = await createTestLoket({ env: { WEB_CONVERSATIONS_PER_MINUTE: "3" } });
    try {
      for (let i = 1; i <= 3; i++) expect((await open(t, `2001:db8:5:7::${i}`)).statusCode).toBe(201);
      expect((await open(t, "2001:db8:5:7:abcd::99")).statusCode).toBe(429);
      expect((await open(t, "2001:db8:5:8::1")).statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });

  it("on Redis the instances count together: a balancer spreading one address's requests does not multiply the limit", async () => {
    const env = { WEB_CONVERSATIONS_PER_MINUTE: "4", REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("limits"), DATA_DIR: mkdtempSync(join(tmpdir(), "loket-limits-")) };
    const a = await createTestLoket({ store: "redis", env });
    const b = await createTestLoket({ store: "redis", env });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await open(i % 2 ? b : a, "198.51.100.20")).statusCode);
      expect(codes).toEqual([201, 201, 201, 201]);
      expect((await open(a, "198.51.100.20")).statusCode).toBe(429);
      expect((await open(b, "198.51.100.20")).statusCode).toBe(429);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("0 turns the limit off; the default leaves room for a busy service hall behind one address", async () => {
    expect(loadConfig({}).WEB_CONVERSATIONS_PER_MINUTE).toBe(60);
    const t = await createTestLoket({ env: { WEB_CONVERSATIONS_PER_MINUTE: "0" } });
    try {
      for (let i = 0; i < 100; i++) expect((await open(t, "203.0.113.7")).statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });
});

describe("GET /api/conversations/:id/events: open event streams per address and in all (WEB_STREAMS_PER_ADDRESS, WEB_STREAMS_MAX)", () => {
  /** Opens a stream as `address` (through a proxy on loopback, which TRUST_PROXY believes); its status and the request, to end it. */
  function stream(port: number, c: { conversationId: string; token: string }, address: string): Promise<{ status: number; retryAfter?: string; req: ClientRequest }> {
    return new Promise((resolve, reject) => {
      const req = request({ port, host: "127.0.0.1", path: `/api/conversations/${c.conversationId}/events`, headers: { authorization: `Bearer ${c.token}`, "x-forwarded-for": address } }, (res) => {
        resolve({ status: res.statusCode ?? 0, ...(res.headers["retry-after"] ? { retryAfter: String(res.headers["retry-after"]) } : {}), req });
        res.resume();
      });
      req.on("error", reject);
      req.end();
    });
  }
  const closed = (r: { req: ClientRequest }) => new Promise<void>((resolve) => (r.req.destroy(), setTimeout(resolve, 100)));

  it("one address holds at most WEB_STREAMS_PER_ADDRESS open (429 with Retry-After beyond); a stream it ends frees its place", async () => {
    const t = await createTestLoket({ env: { WEB_STREAMS_PER_ADDRESS: "3" } });
    const port = Number(new URL(await listening(t)).port);
    const open: { status: number; req: ClientRequest }[] = [];
    try {
      const c = (await t.loket.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      for (let i = 0; i < 3; i++) open.push(await stream(port, c, "203.0.113.5"));
      expect(open.map((r) => r.status)).toEqual([200, 200, 200]);
      const refused = await stream(port, c, "203.0.113.5");
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      const other = await stream(port, c, "203.0.113.6");
      open.push(other);
      expect(other.status).toBe(200);
      await closed(open.shift()!);
      const again = await stream(port, c, "203.0.113.5");
      open.push(again);
      expect(again.status).toBe(200);
    } finally {
      for (const r of open) r.req.destroy();
      await t.close();
    }
  });

  it("the instance holds at most WEB_STREAMS_MAX open from all addresses together", async () => {
    const t = await createTestLoket({ env: { WEB_STREAMS_MAX: "4" } });
    const port = Number(new URL(await listening(t)).port);
    const open: { status: number; req: ClientRequest }[] = [];
    try {
      const c = (await t.loket.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      for (let i = 0; i < 5; i++) open.push(await stream(port, c, `198.51.100.${i}`));
      expect(open.map((r) => r.status)).toEqual([200, 200, 200, 200, 429]);
      expect(loadConfig({})).toMatchObject({ WEB_STREAMS_PER_ADDRESS: 100, WEB_STREAMS_MAX: 5000 });
    } finally {
      for (const r of open) r.req.destroy();
      await t.close();
    }
  });
});

describe("POST /api/conversations/:id/messages over the per-citizen rate limit", () => {
  it("answers 429 with Retry-After: the seconds until Loket takes a message again", async () => {
    let clock = Date.parse("2026-11-30T08:00:00.000Z");
    const t = await createTestLoket({ env: { RATE_LIMIT_BURST: "4", RATE_LIMIT_PER_SECOND: "1" }, now: () => new Date(clock) });
    try {
      const c = (await t.loket.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      const say = (n: number) =>
        t.loket.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/messages`, headers: { authorization: `Bearer ${c.token}` }, payload: { text: "jam buka", messageId: `m${n}` } });
      for (let i = 0; i < 4; i++) expect((await say(i)).statusCode).toBe(200);
      const refused = await say(4);
      expect(refused.statusCode).toBe(429);
      expect((refused.json() as { replies: { text: string }[] }).replies[0]!.text).toMatch(/terlalu cepat/);
      // Silent until the bucket is half full again: 2 of 4 at one a second.
      expect(refused.headers["retry-after"]).toBe("2");
      clock += 1000;
      const still = await say(5);
      expect(still.statusCode).toBe(429);
      expect(still.headers["retry-after"]).toBe("2");
      clock += 2000;
      expect((await say(6)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe("the event stream without the conversation's token in its URL (proxies log URLs)", () => {
  it("on Redis a ticket from one instance opens the stream on another (nothing is stored per ticket)", async () => {
    const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("ticket"), DATA_DIR: mkdtempSync(join(tmpdir(), "loket-ticket-")) };
    const a = await createTestLoket({ store: "redis", env });
    const b = await createTestLoket({ store: "redis", env });
    try {
      const port = Number(new URL(await listening(b)).port);
      const c = (await a.loket.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      const { ticket } = (await a.loket.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/stream-ticket`, headers: { authorization: `Bearer ${c.token}` } })).json() as { ticket: string };
      const got = await new Promise<string>((resolve, reject) => {
        const req = request({ port, host: "127.0.0.1", path: `/api/conversations/${c.conversationId}/events?ticket=${encodeURIComponent(ticket)}` }, (res) => {
          expect(res.statusCode).toBe(200);
          res.setEncoding("utf8");
          let text = "";
          res.on("data", (d: string) => {
            text += d;
            if (text.includes("data: ")) (resolve(text), req.destroy());
            else if (text.includes(": connected")) void a.loket.runtime.push(`web:${c.conversationId}`, [{ type: "text", text: "Halo dari petugas" }], "staff", "budi");
          });
        });
        req.on("error", reject);
        req.end();
      });
      expect(got).toContain("Halo dari petugas");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a short-lived stream ticket opens the stream; expired, tampered or another conversation's tickets do not, and the ticket opens nothing else", async () => {
    let clock = Date.parse("2026-11-30T08:00:00.000Z");
    const t = await createTestLoket({ now: () => new Date(clock) });
    const port = Number(new URL(await listening(t)).port);
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ port, host: "127.0.0.1", path }, (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on("error", reject);
        req.end();
      });
    try {
      const open = async () => (await t.loket.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      const a = await open();
      const b = await open();
      const ticketOf = async (c: { conversationId: string; token: string }) => {
        const r = await t.loket.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/stream-ticket`, headers: { authorization: `Bearer ${c.token}` } });
        expect(r.statusCode).toBe(200);
        return (r.json() as { ticket: string }).ticket;
      };
      const ticket = await ticketOf(a);
      expect(ticket).not.toContain(a.token);
      expect((await t.loket.app.inject({ method: "POST", url: `/api/conversations/${a.conversationId}/stream-ticket` })).statusCode).toBe(401);
      expect(await status(`/api/conversations/${a.conversationId}/events?ticket=${encodeURIComponent(ticket)}`)).toBe(200);
      expect(await status(`/api/conversations/${b.conversationId}/events?ticket=${encodeURIComponent(ticket)}`)).toBe(403);
      expect(await status(`/api/conversations/${a.conversationId}/events?ticket=${encodeURIComponent(ticket.replace(/.$/, (ch) => (ch === "A" ? "B" : "A")))}`)).toBe(403);
      expect(await status(`/api/conversations/${a.conversationId}/events?ticket=${encodeURIComponent(`${clock + 86_400_000}.${ticket.split(".")[1]}`)}`)).toBe(403);
      // Not a token: it reads no history and sends nothing.
      expect((await t.loket.app.inject({ method: "GET", url: `/api/conversations/${a.conversationId}/history?ticket=${encodeURIComponent(ticket)}` })).statusCode).toBe(401);
      expect((await t.loket.app.inject({ method: "GET", url: `/api/conversations/${a.conversationId}/history?token=${encodeURIComponent(ticket)}` })).statusCode).toBe(403);
      clock += 121_000;
      expect(await status(`/api/conversations/${a.conversationId}/events?ticket=${encodeURIComponent(ticket)}`)).toBe(403);
      expect(await status(`/api/conversations/${a.conversationId}/events?ticket=${encodeURIComponent(await ticketOf(a))}`)).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe("POST /api/conversations/:id/uploads: document bytes per address (WEB_UPLOAD_MB_PER_HOUR)", () => {
  /** A multipart body with one PDF of `size` bytes (distinct bytes: stored as its own file). */
  const upload = (t: TestLoket, c: { conversationId: string; token: string }, size: number, seed: number, remoteAddress: string) => {
    const boundary = "----loketlimits";
    const pdf = Buffer.concat([Buffer.from(`%PDF-1.4\n%${seed}\n`), Buffer.alloc(size, seed % 256)]);
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="berkas-${seed}.pdf"\r\ncontent-type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return t.loket.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/uploads`, remoteAddress, headers: { authorization: `Bearer ${c.token}`, "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
  };

  it("while staff hold a conversation every document is kept; one address's documents stop at the hour's budget, with 429, Retry-After and a polite text, and are not kept", async () => {
    const t = await createTestLoket({ store: "sqlite", env: { WEB_UPLOAD_MB_PER_HOUR: "1" } });
    try {
      const c = (await t.loket.app.inject({ method: "POST", url: "/api/conversations", remoteAddress: "203.0.113.40" })).json() as { conversationId: string; token: string };
      const say = (text: string) => t.loket.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/messages`, remoteAddress: "203.0.113.40", headers: { authorization: `Bearer ${c.token}` }, payload: { text } });
      await say("halo");
      expect(((await say("mau bicara dengan petugas")).json() as { replies: { text: string }[] }).replies[0]!.text).toMatch(/petugas/);
      const codes: number[] = [];
      for (let i = 1; i <= 4; i++) codes.push((await upload(t, c, 300_000, i, "203.0.113.40")).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const refused = await upload(t, c, 1000, 9, "203.0.113.40");
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect((refused.json() as { code: string; replies: { text: string }[] }).replies[0]!.text).toMatch(/^Mohon maaf Bapak\/Ibu, dokumen/);
      const kept = (await t.loket.store.transcript(`web:${c.conversationId}`)).filter((l) => l.from === "citizen" && /dokumen/.test(l.text));
      expect(kept.length).toBe(3);
      // Another address is not held back by this one.
      expect((await upload(t, c, 1000, 10, "203.0.113.41")).statusCode).toBe(200);
      expect(loadConfig({}).WEB_UPLOAD_MB_PER_HOUR).toBe(1000);
    } finally {
      await t.close();
    }
  });
});
