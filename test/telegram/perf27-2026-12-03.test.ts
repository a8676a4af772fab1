/**
 * perf27 (issue #9), held-out: a citizen's reply (and a tap's answer, "typing…") reaches the Bot
 * API through Loket's own HTTP/1.1 client on kept-alive sockets, not Node's HTTP client, and the
 * answer is read right whatever shape the server gives it: split in odd places, chunked, cut
 * short, a connection the server dropped while it sat idle, a connection that must close, a
 * server that never answers. Against a raw `net` server on loopback (it writes the bytes a Bot
 * API server could), and bench's Bot API emulator for the JSON contract.
 */
import http from "node:http";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { GrammyError, HttpError } from "grammy";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTelegramBot } from "../../src/channels/telegram/index.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";

interface Req {
  head: string;
  body: string;
  socket: Socket;
  /** Which request this is on its connection (1 for the first). */
  nth: number;
}

/**
 * A raw HTTP/1.1 server: reads each request (head and Content-Length body) and hands it to
 * `answer`, which writes whatever bytes it likes on the socket.
 */
async function rawServer(answer: (req: Req, all: Req[]) => void | Promise<void>) {
  const all: Req[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buf = Buffer.alloc(0);
    let nth = 0;
    socket.on("data", (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buf.subarray(0, end).toString("latin1");
        const len = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        const body = buf.subarray(end + 4, end + 4 + len).toString("utf8");
        buf = buf.subarray(end + 4 + len);
        const req = { head, body, socket, nth: ++nth };
        all.push(req);
        void answer(req, all);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    root: `http://127.0.0.1:${port}`,
    all,
    connections: () => connections,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

const ok = (id: number, text = "Terima kasih, Bapak/Ibu 🙏") => JSON.stringify({ ok: true, result: { message_id: id, date: 1, chat: { id: 1, type: "private" }, text } });
const head = (body: string, extra = "") => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Writes `bytes` in pieces cut at `cuts` (byte offsets), a pause between them. */
async function inPieces(socket: Socket, bytes: Buffer, cuts: number[]) {
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    socket.write(bytes.subarray(at, cut));
    at = cut;
    await pause(5);
  }
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const c of closers.splice(0)) await c();
});

describe("a citizen's reply through Loket's own Bot API client (perf27)", () => {
  it("goes without Node's HTTP client: one kept-alive socket, one write of request line, headers and JSON", async () => {
    const api = await rawServer((req) => void req.socket.write(head(ok(req.nth)) + ok(req.nth)));
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    const end = vi.spyOn(http.OutgoingMessage.prototype, "end");
    for (let i = 1; i <= 3; i++) expect((await bot.api.sendMessage(4242, "Halo Bapak/Ibu 🙏")).message_id).toBe(i);
    await bot.api.answerCallbackQuery("q1");
    await bot.api.sendChatAction(4242, "typing");
    expect(end).not.toHaveBeenCalled();
    expect(api.connections()).toBe(1);
    const first = api.all[0]!;
    expect(first.head.split("\r\n")[0]).toBe("POST /bot7:tok/sendMessage HTTP/1.1");
    expect(first.head).toMatch(/\r\nhost: 127\.0\.0\.1:\d+\r\n/i);
    expect(first.head).toMatch(/\r\ncontent-type: application\/json\r\n/i);
    expect(JSON.parse(first.body)).toEqual({ chat_id: 4242, text: "Halo Bapak/Ibu 🙏" });
    expect(api.all.map((r) => r.head.split(" ")[1])).toEqual(["/bot7:tok/sendMessage", "/bot7:tok/sendMessage", "/bot7:tok/sendMessage", "/bot7:tok/answerCallbackQuery", "/bot7:tok/sendChatAction"]);
  });

  it("reads an answer cut in odd places (inside the status line, a header, a multi-byte letter) and keeps the socket", async () => {
    const api = await rawServer(async (req) => {
      const body = ok(req.nth, "Berkas Bapak/Ibu diterima 🙏 — terima kasih");
      const bytes = Buffer.from(head(body) + body);
      const emoji = bytes.indexOf(Buffer.from("🙏"));
      await inPieces(req.socket, bytes, [3, 11, 30, bytes.indexOf("\r\n\r\n") + 2, emoji + 1, emoji + 3]);
    });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    for (let i = 1; i <= 2; i++) {
      const m = await bot.api.sendMessage(1, "Halo");
      expect(m.message_id).toBe(i);
      expect(m.text).toBe("Berkas Bapak/Ibu diterima 🙏 — terima kasih");
    }
    expect(api.connections()).toBe(1);
  });

  it("reads a chunked answer (chunk sizes in hex with an extension, a trailer) and keeps the socket", async () => {
    const api = await rawServer(async (req) => {
      const body = Buffer.from(ok(req.nth, "x".repeat(40) + " Bapak/Ibu 🙏"));
      const parts = [body.subarray(0, 7), body.subarray(7, 60), body.subarray(60)];
      let out = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
      const bufs = [Buffer.from(out)];
      for (const p of parts) bufs.push(Buffer.from(`${p.length.toString(16).toUpperCase()};ext=1\r\n`), p, Buffer.from("\r\n"));
      bufs.push(Buffer.from("0\r\nX-Trailer: y\r\n\r\n"));
      out = "";
      const bytes = Buffer.concat(bufs);
      await inPieces(req.socket, bytes, [bytes.indexOf("\r\n\r\n") + 5, bytes.indexOf("\r\n\r\n") + 9, bytes.length - 3]);
    });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    for (let i = 1; i <= 3; i++) expect((await bot.api.sendMessage(1, "Halo")).text).toBe("x".repeat(40) + " Bapak/Ibu 🙏");
    expect(api.connections()).toBe(1);
  });

  it("a connection the server dropped while idle: the reply goes once more on a new socket, no error for the citizen", async () => {
    const api = await rawServer((req) => {
      // The second request meets a connection the server is closing: not read, not answered.
      if (req.nth === 2) return void req.socket.destroy();
      req.socket.write(head(ok(1)) + ok(1));
    });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    await bot.api.sendMessage(1, "Satu");
    expect((await bot.api.sendMessage(1, "Dua")).message_id).toBe(1);
    expect(api.connections()).toBe(2);
    expect(api.all.map((r) => JSON.parse(r.body).text)).toEqual(["Satu", "Dua", "Dua"]);
  });

  it("a connection cut after part of the answer arrived is not resent: grammY's HttpError, the request sent once", async () => {
    const api = await rawServer((req) => {
      if (req.nth === 1) return void req.socket.write(head(ok(1)) + ok(1));
      const body = ok(2);
      req.socket.end(head(body) + body.slice(0, 10));
    });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    await bot.api.sendMessage(1, "Satu");
    await expect(bot.api.sendMessage(1, "Dua")).rejects.toBeInstanceOf(HttpError);
    expect(api.all).toHaveLength(2);
    // The next reply goes on a fresh connection.
    const api2 = api; // same server; its first connection is gone
    expect((await bot.api.sendMessage(1, "Tiga")).message_id).toBe(1);
    expect(api2.connections()).toBe(2);
  });

  it("a server that says Connection: close, or answers as HTTP/1.0, gets a new socket for the next reply", async () => {
    const api = await rawServer((req) => {
      const body = ok(req.nth);
      if (req.nth === 1 && api.connections() === 1) return void req.socket.end(head(body, "Connection: close\r\n") + body);
      if (api.connections() === 2) return void req.socket.end(`HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      req.socket.write(head(body) + body);
    });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    for (let i = 0; i < 4; i++) await bot.api.sendMessage(1, `Pesan ${i}`);
    expect(api.all).toHaveLength(4);
    expect(api.connections()).toBe(3);
  });

  it("an answer of the Bot API's refusals keeps its JSON contract: 400 description, 429 retry_after", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    emu.failWith("sendMessage", 1, 400, "Bad Request: can't parse entities: Unsupported start tag \"x\"");
    const e400 = await bot.api.sendMessage(1, "<x>", { parse_mode: "HTML" }).catch((e: unknown) => e);
    expect(e400).toBeInstanceOf(GrammyError);
    expect((e400 as GrammyError).error_code).toBe(400);
    expect((e400 as GrammyError).description).toContain("can't parse entities");
    emu.failWith429("sendMessage", 1, 7);
    const e429 = await bot.api.sendMessage(1, "Halo").catch((e: unknown) => e);
    expect((e429 as GrammyError).error_code).toBe(429);
    expect((e429 as GrammyError).parameters.retry_after).toBe(7);
    expect((await bot.api.sendMessage(1, "Halo Bapak/Ibu")).text).toBe("Halo Bapak/Ibu");
    expect(emu.sentTo(1).map((m) => m.text)).toEqual(["Halo Bapak/Ibu"]);
  });

  it("a server that never answers: the call ends at grammY's bound (500 s) as HttpError, and an abort ends it at once", async () => {
    const api = await rawServer(() => {});
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", api.root);
    const ctl = new AbortController();
    const aborted = bot.api.sendMessage(1, "Halo", undefined, ctl.signal as never).catch((e: unknown) => e);
    while (api.all.length < 1) await pause(5);
    ctl.abort();
    expect(await aborted).toBeInstanceOf(HttpError);
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    const fresh = createTelegramBot("7:tok", api.root); // its sweep of calls past the bound runs on the fake clock
    const slow = fresh.api.sendMessage(1, "Halo lagi").catch((e: unknown) => e);
    while (api.all.length < 2) await new Promise((r) => setImmediate(r));
    vi.advanceTimersByTime(510_000);
    const err = await slow;
    expect(err).toBeInstanceOf(HttpError);
    expect(String((err as HttpError).error)).toMatch(/timed out after 500 seconds/);
  });
});
