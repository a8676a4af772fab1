import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createTelegramBot } from "../../src/channels/telegram/index.js";
import { createFileFetcher } from "../../src/channels/telegram/files.js";
import { translateMessage } from "../../src/channels/telegram/inbound.js";

describe("Telegram file fetching is bounded", () => {
  it("a getFile the Bot API server accepts and never answers is given up after the fetcher's timeout: the file counts as failed (the citizen is asked to send it again)", async () => {
    // A Bot API server on loopback that takes getFile and never answers it.
    const held: import("node:http").ServerResponse[] = [];
    const server: Server = createServer((_req, res) => void held.push(res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const token = "7000001:abcdef";
      const bot = createTelegramBot(token, root);
      const files = createFileFetcher({ api: bot.api, apiRoot: root, token, timeoutMs: 300 });
      const msg = { message_id: 1, date: 1, chat: { id: 1, type: "private" as const, first_name: "W" }, document: { file_id: "F1", file_unique_id: "U1", file_name: "ktp.pdf", file_size: 1000 } };
      const started = Date.now();
      const result = await Promise.race([
        translateMessage(msg as never, { conversationId: "telegram:1", messageId: "1", address: "1" }, files, 65_536),
        new Promise<"hung">((r) => setTimeout(r, 5_000, "hung")),
      ]);
      expect(result).not.toBe("hung");
      expect(result).toMatchObject({ type: "file_failed" });
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
