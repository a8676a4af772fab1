import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GrammyError, HttpError, InputFile } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotApiFetch, createTelegramBot } from "../../src/channels/telegram/index.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { fixtures } from "../support/fixtures.js";

/** A loopback server whose answer each test sets; it records what it was sent. */
async function rawServer(answer: (req: IncomingMessage, body: Buffer, res: import("node:http").ServerResponse) => void) {
  const closed: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => answer(req, Buffer.concat(chunks), res));
    req.on("close", () => closed.push(req.url ?? ""));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("the Bot API fetch of Loket's bot (grammY's client.fetch)", () => {
  let emu: BotApiEmulator;
  beforeAll(async () => {
    emu = await startBotApiEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it("sends JSON calls and multipart uploads, and gives grammY the Bot API's answers and errors", async () => {
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    const me = await bot.api.getMe();
    expect(me.is_bot).toBe(true);
    const sent = await bot.api.sendMessage(4242, "Halo Bapak/Ibu 🙏 — *tebal*", { parse_mode: "HTML" });
    expect(sent.text).toBe("Halo Bapak/Ibu 🙏 — *tebal*");
    // An upload: grammY streams a multipart body.
    const doc = await bot.api.sendDocument(4242, new InputFile(fixtures.pdf, "surat.pdf"), { caption: "dokumen" });
    expect(doc.document?.file_id).toBeTruthy();
    const received = emu.sentTo(4242);
    expect(received.map((m) => m.method)).toEqual(["sendMessage", "sendDocument"]);
    expect(Buffer.compare(received[1]!.document!.bytes, fixtures.pdf)).toBe(0);
    // The Bot API's own refusal arrives as grammY's GrammyError, with its description.
    const refused = await bot.api.sendMessage(4242, "").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GrammyError);
    expect((refused as GrammyError).description).toMatch(/message text is empty/);
  });

  it("turns a refused connection, an answer cut short and one that is not JSON into grammY's HttpError", async () => {
    const cut = await rawServer((_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"ok":true,"result":{"id":1,');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      expect(await createTelegramBot("1:x", cut.root).api.getMe().catch((e: unknown) => e)).toBeInstanceOf(HttpError);
    } finally {
      await cut.close();
    }
    const html = await rawServer((_req, _body, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad Gateway</html>");
    });
    try {
      const viaProxy = await createTelegramBot("1:x", html.root).api.getMe().catch((e: unknown) => e);
      expect(viaProxy).toBeInstanceOf(HttpError);
    } finally {
      await html.close();
    }
    // Nothing listens there any more.
    const down = await createTelegramBot("1:x", html.root).api.getMe().catch((e: unknown) => e);
    expect(down).toBeInstanceOf(HttpError);
  });

  it("ends the request when grammY aborts it (its timeout, a stopping bot)", async () => {
    const silent = await rawServer(() => undefined); // never answers
    try {
      const controller = new AbortController();
      const call = createBotApiFetch()(`${silent.root}/bot1:x/getMe`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", signal: controller.signal });
      await expect.poll(() => silent.closed.length === 0 && call !== undefined).toBe(true);
      setTimeout(() => controller.abort(), 50);
      await expect(call).rejects.toMatchObject({ name: "AbortError" });
      await expect.poll(() => silent.closed).toEqual(["/bot1:x/getMe"]);
      // Already aborted: no request at all.
      await expect(createBotApiFetch()(`${silent.root}/bot1:x/getMe`, { body: "{}", signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
      expect(silent.closed).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });
});
