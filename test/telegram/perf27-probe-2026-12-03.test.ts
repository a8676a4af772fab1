/**
 * perf27's probe (written after the change, not tuned on): Loket's own Bot API client at edges
 * the held-out set did not try — TLS with a chunked answer, an interim 100 Continue, 64 replies at
 * once answered out of order, a 502 page that is not JSON, and a process that sent replies ending
 * on its own (idle sockets do not hold it).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { HttpError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot } from "../../src/channels/telegram/index.js";

/** A raw server (plain or TLS) that reads each request and lets `answer` write raw bytes. */
async function raw(answer: (socket: Socket, body: string, nth: number) => void, tls?: { key: Buffer; cert: Buffer }) {
  let connections = 0;
  const sockets = new Set<Socket>();
  const onSocket = (socket: Socket) => {
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
        const len = Number(/\r\ncontent-length: *(\d+)/i.exec(buf.subarray(0, end).toString("latin1"))?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        const body = buf.subarray(end + 4, end + 4 + len).toString("utf8");
        buf = buf.subarray(end + 4 + len);
        answer(socket, body, ++nth);
      }
    });
  };
  const server = tls ? createTlsServer(tls, (s: TLSSocket) => onSocket(s)) : createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { port, connections: () => connections, close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))) };
}

const answerOf = (id: number, text: string) => JSON.stringify({ ok: true, result: { message_id: id, date: 1, chat: { id: 1, type: "private" }, text } });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe("perf27 probe: Loket's own Bot API client at other edges", () => {
  it("over TLS: a chunked answer read right, three replies on one connection, the host named to TLS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "perf27-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    const names: (string | false)[] = [];
    const api = await raw(
      (socket, body, nth) => {
        names.push((socket as TLSSocket).servername ?? false);
        const text = answerOf(nth, `${JSON.parse(body).text} diterima`);
        socket.write(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${(10).toString(16)}\r\n${text.slice(0, 10)}\r\n`);
        setTimeout(() => socket.write(`${Buffer.byteLength(text.slice(10)).toString(16)}\r\n${text.slice(10)}\r\n0\r\n\r\n`), 5);
      },
      { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
    );
    closers.push(api.close);
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // self-signed
    closers.push(async () => {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    });
    const bot = createTelegramBot("7:tok", `https://localhost:${api.port}`);
    for (let i = 1; i <= 3; i++) {
      const m = await bot.api.sendMessage(1, `Berkas ${i} Bapak/Ibu`);
      expect(m).toMatchObject({ message_id: i, text: `Berkas ${i} Bapak/Ibu diterima` });
    }
    expect(api.connections()).toBe(1);
    expect(names[0]).toBe("localhost");
  });

  it("an interim 100 Continue before the answer is skipped", async () => {
    const api = await raw((socket, _body, nth) => {
      const text = answerOf(nth, "ok");
      socket.write(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", `http://127.0.0.1:${api.port}`);
    expect((await bot.api.sendMessage(1, "Halo")).message_id).toBe(1);
    expect((await bot.api.sendMessage(1, "Halo")).message_id).toBe(2);
    expect(api.connections()).toBe(1);
  });

  it("64 replies at once, answered after random delays: each caller gets its own answer", async () => {
    const api = await raw((socket, body) => {
      const { chat_id, text } = JSON.parse(body) as { chat_id: number; text: string };
      const out = answerOf(chat_id, text);
      setTimeout(() => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(out)}\r\n\r\n${out}`), Math.floor(Math.random() * 20));
    });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", `http://127.0.0.1:${api.port}`);
    const got = await Promise.all(Array.from({ length: 64 }, (_, i) => bot.api.sendMessage(1000 + i, `Balasan untuk warga ${i} 🙏`)));
    got.forEach((m, i) => expect(m).toMatchObject({ message_id: 1000 + i, text: `Balasan untuk warga ${i} 🙏` }));
    const again = await Promise.all(Array.from({ length: 64 }, (_, i) => bot.api.sendMessage(2000 + i, `Lagi ${i}`)));
    again.forEach((m, i) => expect(m.message_id).toBe(2000 + i));
    expect(api.connections()).toBeLessThanOrEqual(64);
  });

  it("a 502 page that is not JSON: grammY's HttpError, and the next reply goes", async () => {
    const api = await raw((socket, _body, nth) => {
      if (nth === 1) {
        const page = "<html><body>502 Bad Gateway</body></html>";
        return void socket.write(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\n\r\n${page}`);
      }
      const text = answerOf(nth, "ok");
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    });
    closers.push(api.close);
    const bot = createTelegramBot("7:tok", `http://127.0.0.1:${api.port}`);
    await expect(bot.api.sendMessage(1, "Halo")).rejects.toBeInstanceOf(HttpError);
    expect((await bot.api.sendMessage(1, "Halo")).message_id).toBe(2);
  });

  it("a process that sent replies ends on its own: idle kept-alive sockets do not hold it", async () => {
    const api = await raw((socket, _body, nth) => {
      const text = answerOf(nth, "ok");
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    });
    closers.push(api.close);
    const dir = mkdtempSync(join(tmpdir(), "perf27-exit-"));
    const script = join(dir, "send.mts");
    const index = join(process.cwd(), "src/channels/telegram/index.ts");
    writeFileSync(script, `import { createTelegramBot } from ${JSON.stringify(index)};\nconst bot = createTelegramBot("7:tok", "http://127.0.0.1:${api.port}");\nfor (let i = 0; i < 3; i++) await bot.api.sendMessage(1, "Halo");\nconsole.log("sent");\n`);
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => (child.kill(), resolve(null)), 20_000);
      child.on("exit", (c) => (clearTimeout(t), resolve(c)));
    });
    expect(out.trim()).toBe("sent");
    expect(code).toBe(0);
  }, 30_000);
});
