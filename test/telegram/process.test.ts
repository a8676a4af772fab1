import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { startLoketProcess } from "../support/process.js";

describe("Loket as a process with a Telegram bot (long polling, the emulator as Bot API)", () => {
  it("answers a citizen through its own Bot API fetch, and stops promptly on SIGTERM", async () => {
    const emu = await startBotApiEmulator();
    const dir = mkdtempSync(join(tmpdir(), "loket-tg-proc-"));
    const loket = await startLoketProcess({ DATA_DIR: dir, REDIS_URL: "", TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot });
    try {
      // Telegram connects in the background (the web chat does not wait for it): ready shortly after.
      await expect
        .poll(async () => (await (await fetch(`${loket.base}/healthz`)).json()) as unknown, { timeout: 10_000 })
        .toMatchObject({ ok: true, parts: { telegram: { ok: true, detail: "polling" } } });
      emu.text(5150, "syarat pbg apa saja");
      const [reply] = await emu.waitForSent(5150, 1, 20_000);
      expect(reply!.text).toContain("Persetujuan Bangunan Gedung");
      // A long poll is open (the emulator holds it up to 1 s): stopping aborts it instead of waiting
      // for its answer, and kept-alive sockets do not hold the process. Measured: ~35 ms; ~1,020 ms
      // when the fetch ignored the abort.
      const started = Date.now();
      await loket.kill("SIGTERM");
      expect(loket.child.exitCode).toBe(0);
      expect(Date.now() - started).toBeLessThan(700);
    } finally {
      await loket.kill("SIGKILL");
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
