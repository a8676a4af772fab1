import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegramInBackground } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import { createTestLoket } from "../support/loket.js";
import { freePort } from "../support/process.js";

/**
 * Telegram cannot be reached at start (the office's firewall or DNS, a proxy): the operator reads
 * why in the log line and /healthz ("connect ECONNREFUSED …", "getaddrinfo ENOTFOUND …"), not the
 * retry plugin's "Request aborted while waiting between retries", which says nothing of the cause.
 */
describe("Telegram unreachable at start", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  it("the reason logged and shown in /healthz is the network's, without the token", async () => {
    const logLines: string[] = [];
    const t = await createTestLoket({ logLines });
    closers.push(() => t.close());
    const apiRoot = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const token = "123456:ABC-secret-token";
    const bg = startTelegramInBackground({ TELEGRAM_API_ROOT: apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, {
      bot: createTelegramBot(token, apiRoot),
      runtime: t.loket.runtime,
      logger: t.loket.logger,
      messages: t.loket.messages.get("id")!,
      app: t.loket.app,
      flood: UNLIMITED,
      sleep: () => new Promise((r) => setTimeout(r, 20)),
      connectCallMs: 400,
    });
    closers.push(() => bg.stop());
    await expect.poll(() => bg.status().lastError, { timeout: 3_000, interval: 50 }).toBeDefined();
    expect(bg.status().lastError).toMatch(/ECONNREFUSED/);
    expect(bg.status().lastError).not.toMatch(/aborted while waiting/);
    const warned = logLines.map((l) => JSON.parse(l) as { msg: string; reason?: string }).find((l) => /Telegram not reachable yet/.test(l.msg));
    expect(warned?.reason).toMatch(/ECONNREFUSED/);
    expect(logLines.join("\n")).not.toContain("secret-token");
  });
});
