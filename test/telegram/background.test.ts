import { createServer, request, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegramInBackground } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * main.ts connects Telegram in the background: the web chat and staff console start even when
 * Telegram cannot be reached (the office's internet is down at a restart), Telegram follows when
 * it can, and a token Telegram refuses is reported once instead of retried forever.
 */
describe("Telegram connected in the background", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  /** A way to the emulator that can be cut: while down, every connection is dropped. */
  async function gate(emu: BotApiEmulator): Promise<{ root: string; up(): void }> {
    let open = false;
    const target = new URL(emu.apiRoot);
    const server: Server = createServer((req, res) => {
      if (!open) return req.socket.destroy();
      const fwd = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(fwd);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const addr = server.address();
    return { root: `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`, up: () => (open = true) };
  }

  async function setup(root: (emu: BotApiEmulator) => Promise<string> | string, connectCallMs?: number) {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const t: TestLoket = await createTestLoket();
    closers.push(() => t.close());
    const apiRoot = await root(emu);
    const bg = startTelegramInBackground({ TELEGRAM_API_ROOT: apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, {
      bot: createTelegramBot(emu.token, apiRoot),
      runtime: t.loket.runtime,
      logger: t.loket.logger,
      messages: t.loket.messages.get("id")!,
      app: t.loket.app,
      flood: UNLIMITED,
      sleep: () => new Promise((r) => setTimeout(r, 20)),
      ...(connectCallMs ? { connectCallMs } : {}),
    });
    closers.push(() => bg.stop());
    return { emu, t, bg };
  }

  it("keeps retrying while Telegram cannot be reached, then answers citizens once it can", async () => {
    let g!: { root: string; up(): void };
    const { emu, bg } = await setup(async (emu) => (g = await gate(emu)).root);
    await new Promise((r) => setTimeout(r, 300));
    expect(bg.status().state).toBe("connecting");
    expect(emu.calls.filter((c) => c.method === "getMe")).toHaveLength(0);
    g.up();
    // grammY's own retries of a network error back off by a few seconds.
    await expect.poll(() => bg.status().state, { timeout: 20_000, interval: 200 }).toBe("ready");
    emu.text(4242, "halo");
    const sent = await emu.waitForSent(4242, 1);
    expect(sent[0]!.text).toMatch(/Bapak\/Ibu|bantu/);
  });

  it("a connecting call that cannot reach Telegram gives up in time: the failure is reported and retried at Loket's pace, not grammY's (up to an hour)", async () => {
    let g!: { root: string; up(): void };
    const { emu, bg } = await setup(async (emu) => (g = await gate(emu)).root, 400);
    // The plugin's own first retry waits 3 s: within 1.5 s the call has been given up and reported.
    await expect.poll(() => bg.status(), { timeout: 1_500, interval: 50 }).toMatchObject({ state: "connecting", lastError: expect.any(String) });
    await new Promise((r) => setTimeout(r, 2_000));
    g.up();
    // Loket's next attempt (20 ms apart in this test) gets through at once, not after grammY's backoff.
    await expect.poll(() => bg.status().state, { timeout: 2_000, interval: 50 }).toBe("ready");
    emu.text(4243, "halo");
    expect((await emu.waitForSent(4243, 1))[0]!.text).toMatch(/Bapak\/Ibu|bantu/);
  });

  it("reports a token Telegram refuses once, and does not retry it", async () => {
    const { emu, bg } = await setup((emu) => {
      emu.failWith("getMe", 5, 401, "Unauthorized");
      return emu.apiRoot;
    });
    await expect.poll(() => bg.status()).toMatchObject({ state: "failed", lastError: expect.stringContaining("401") });
    await new Promise((r) => setTimeout(r, 200));
    expect(emu.calls.filter((c) => c.method === "getMe")).toHaveLength(1);
  });
});
