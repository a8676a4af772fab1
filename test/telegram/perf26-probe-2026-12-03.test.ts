/**
 * perf26's probe (written after the change, not tuned on): the reply's request with its headers
 * given whole, at the edges — an IPv6 Bot API root, credentials in the root URL, a server that
 * closes the connection after an answer or when it sits idle, and an upload on the same origin.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot } from "../../src/channels/telegram/index.js";
import { fixtures } from "../support/fixtures.js";

async function botApi(host: string, opts: { close?: boolean; keepAliveMs?: number } = {}) {
  const seen: { url: string; headers: IncomingMessage["headers"]; bytes: number }[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => {
      seen.push({ url: req.url!, headers: req.headers, bytes });
      const text = JSON.stringify({ ok: true, result: { message_id: seen.length, date: 1, chat: { id: 1, type: "private" } } });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...(opts.close ? { connection: "close" } : {}) });
      res.end(text);
    });
  });
  if (opts.keepAliveMs) server.keepAliveTimeout = opts.keepAliveMs;
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return { port, seen, connections: () => connections, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe("perf26 probe: the reply's request at the edges", () => {
  it("an IPv6 root: Host in brackets with the port", async () => {
    const api = await botApi("::1");
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", `http://[::1]:${api.port}`);
    await bot.api.sendMessage(1, "Halo Bapak/Ibu");
    expect(api.seen[0]!.headers.host).toBe(`[::1]:${api.port}`);
    expect(api.seen[0]!.url).toBe("/bot7:tok/sendMessage");
  });

  it("credentials in the root URL go as Basic authorization, on a reply and on grammY's own calls", async () => {
    const api = await botApi("127.0.0.1");
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", `http://us%40er:p%3Ass@127.0.0.1:${api.port}`);
    await bot.api.sendMessage(1, "Halo");
    await bot.api.getMe();
    const basic = `Basic ${Buffer.from("us@er:p:ss").toString("base64")}`;
    expect(api.seen.map((s) => s.headers.authorization)).toEqual([basic, basic]);
  });

  it("a server that closes after each answer: every reply still goes, each on a new connection", async () => {
    const api = await botApi("127.0.0.1", { close: true });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", `http://127.0.0.1:${api.port}`);
    for (let i = 0; i < 5; i++) expect((await bot.api.sendMessage(1, `Pesan ${i}`)).message_id).toBe(i + 1);
    expect(api.connections()).toBe(5);
  });

  it("a connection the server closed while idle is not used again", async () => {
    const api = await botApi("127.0.0.1", { keepAliveMs: 50 });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", `http://127.0.0.1:${api.port}`);
    await bot.api.sendMessage(1, "Satu");
    await new Promise((r) => setTimeout(r, 300));
    await bot.api.sendMessage(1, "Dua");
    expect(api.seen).toHaveLength(2);
    expect(api.connections()).toBe(2);
  });

  it("an upload after replies on the same origin goes whole, and the replies' connection is kept", async () => {
    const api = await botApi("127.0.0.1");
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", `http://127.0.0.1:${api.port}`);
    await bot.api.sendMessage(1, "Satu");
    await bot.api.sendDocument(1, new InputFile(fixtures.pdf, "surat.pdf"));
    await bot.api.sendMessage(1, "Dua");
    expect(api.seen.map((s) => s.url)).toEqual(["/bot7:tok/sendMessage", "/bot7:tok/sendDocument", "/bot7:tok/sendMessage"]);
    expect(api.seen[1]!.bytes).toBeGreaterThan(fixtures.pdf.length);
    // perf27: replies go on Loket's own client's socket, the upload on Node's: two connections, the
    // replies' one kept (a third would be a reply's new connection).
    expect(api.connections()).toBe(2);
  });
});
