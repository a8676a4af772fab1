/**
 * perf26 (2026-12-03, issue #9): a citizen's reply goes to the Bot API as before (the same
 * request, the same kept-alive connections, TLS naming the host), and its request is built
 * without the per-header bookkeeping Node's object headers cost (setHeader per header, the Host
 * worked out per call, the agent's pool name built twice per call).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import http, { createServer, type IncomingMessage } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTelegramBot, installFloodControl, UNLIMITED } from "../../src/channels/telegram/index.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  socket: Socket;
}

/** A Bot API stand-in on loopback that answers every call `ok` and records the request and its connection. */
async function botApi(host = "127.0.0.1") {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), socket: req.socket });
      const text = JSON.stringify({ ok: true, result: { message_id: seen.length, date: 1, chat: { id: 1, type: "private" }, text: "x" } });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    root: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    seen,
    connections: () => connections,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const KEYBOARD = { inline_keyboard: [[{ text: "Ajukan sekarang", callback_data: "apply:pbg" }], [{ text: "Menu utama", callback_data: "menu" }]] };
const reply = (bot: ReturnType<typeof createTelegramBot>, chat: number, text = "<b>PBG</b>\nSyarat: KTP — Bapak/Ibu 🙏") =>
  bot.api.sendMessage(chat, text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: KEYBOARD });

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of closers.splice(0)) await c();
});

describe("a citizen's reply sent to the Bot API (perf26)", () => {
  it("reaches the Bot API as the same request: POST, the method's path, Host, JSON with its length, kept alive", async () => {
    const api = await botApi();
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    installFloodControl(bot.api, UNLIMITED);
    const sent = await reply(bot, 4242);
    expect(sent.message_id).toBe(1);
    const [r] = api.seen;
    expect(r!.method).toBe("POST");
    expect(r!.url).toBe("/bot7:tok/sendMessage");
    expect(r!.headers.host).toBe(`127.0.0.1:${api.port}`);
    expect(r!.headers["content-type"]).toBe("application/json");
    expect(r!.headers.connection).toBe("keep-alive");
    expect(r!.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(r!.headers["content-length"])).toBe(Buffer.byteLength(r!.body));
    expect(JSON.parse(r!.body)).toEqual({ chat_id: 4242, text: "<b>PBG</b>\nSyarat: KTP — Bapak/Ibu 🙏", parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: KEYBOARD });
  });

  it("sends one reply after another on one kept-alive connection", async () => {
    const api = await botApi();
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    for (let i = 0; i < 30; i++) await reply(bot, 100 + i);
    expect(api.seen).toHaveLength(30);
    expect(api.connections()).toBe(1);
  });

  it("64 replies at once, then 64 more: the second round opens no new connection", async () => {
    const api = await botApi();
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    installFloodControl(bot.api, UNLIMITED);
    await Promise.all(Array.from({ length: 64 }, (_, i) => reply(bot, 1000 + i)));
    const first = api.connections();
    expect(first).toBeGreaterThan(1);
    expect(first).toBeLessThanOrEqual(64);
    await Promise.all(Array.from({ length: 64 }, (_, i) => reply(bot, 2000 + i)));
    expect(api.connections()).toBe(first);
    expect(api.seen).toHaveLength(128);
  });

  it("builds a reply's request without setting its headers one by one or naming the agent's pool per call", async () => {
    const api = await botApi();
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    await reply(bot, 1); // the connection made
    const setHeader = vi.spyOn(http.OutgoingMessage.prototype, "setHeader");
    const getName = vi.spyOn(http.Agent.prototype, "getName");
    for (let i = 0; i < 10; i++) await reply(bot, 2 + i);
    expect(api.seen).toHaveLength(11);
    expect(setHeader).not.toHaveBeenCalled();
    expect(getName).not.toHaveBeenCalled();
  });

  it("over https names the host to TLS (SNI), never an IP address, and keeps the connection", async () => {
    const dir = mkdtempSync(join(tmpdir(), "perf26-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    const names: (string | false)[] = [];
    let connections = 0;
    const server = createTlsServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: { message_id: 1, date: 1, chat: { id: 1, type: "private" } } })));
    });
    server.on("secureConnection", (s: TLSSocket) => {
      connections++;
      names.push(s.servername ?? false);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
    const port = (server.address() as AddressInfo).port;
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // the certificate is self-signed
    closers.push(async () => {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    });
    const byName = createTelegramBot("7:tok", `https://localhost:${port}`);
    for (let i = 0; i < 3; i++) await reply(byName, 5);
    const byIp = createTelegramBot("7:tok", `https://127.0.0.1:${port}`);
    await reply(byIp, 6);
    expect(names).toEqual(["localhost", false]);
    expect(connections).toBe(2);
  });
});
