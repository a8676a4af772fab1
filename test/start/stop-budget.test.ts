import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { startLoketProcess, type LoketProcess } from "../support/process.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";
import { slowUpload } from "../support/slow-upload.js";

/**
 * `docker stop` sends SIGTERM and kills 10 s later. Loket stopped its parts one after another:
 * the HTTP server first (requests under way: up to 7 s), then Telegram's polling (a turn in
 * progress: up to 8 s more), so with both slow at once the SIGKILL came mid-stop, before the
 * store was closed. Every part must start stopping at the signal, and the whole stop end in time.
 */
const root = mkdtempSync(join(tmpdir(), "loket-stop-budget-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const stores = {
  sqlite: () => ({ DATA_DIR: join(root, `d${++n}`), REDIS_URL: "" }),
  redis: () => ({ DATA_DIR: join(root, `d${++n}`), REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("stopbudget") }),
};

async function startLoket(emu: BotApiEmulator, env: Record<string, string>): Promise<LoketProcess> {
  const loket = await startLoketProcess({ ...env, TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot });
  await expect
    .poll(async () => (await (await fetch(`${loket.base}/healthz`)).json()) as unknown, { timeout: 15_000 })
    .toMatchObject({ parts: { telegram: { ok: true, detail: "polling" } } });
  return loket;
}

const callsTo = (emu: BotApiEmulator, method: string, chat: number) => emu.calls.filter((c) => c.method === method && Number(c.payload.chat_id) === chat);
const lastOffset = (emu: BotApiEmulator) => Number(emu.calls.filter((c) => c.method === "getUpdates").at(-1)?.payload.offset ?? 0);

function exitOf(loket: LoketProcess): Promise<{ code: number | null; ms: number }> {
  const t = Date.now();
  return new Promise((resolve) => loket.child.once("exit", (code) => resolve({ code, ms: Date.now() - t })));
}

describe.each(Object.keys(stores) as (keyof typeof stores)[])("SIGTERM with an upload still arriving and a Telegram turn in progress (%s)", (store) => {
  it("a turn that cannot finish: Loket still exits before Docker's 10 s, saying what it cut off; the update comes again at the next start", async () => {
    const emu = await startBotApiEmulator();
    const env = stores[store]();
    let loket = await startLoket(emu, env);
    const chat = 7101;
    const socket = await slowUpload(loket);
    try {
      // Telegram refuses the answer for long (retried 3 s, 6 s, 12 s later...): the turn stays in progress.
      emu.failWith("sendMessage", 1_000, 500, "Internal Server Error: retry later");
      const update = emu.text(chat, "biaya pbg berapa?");
      await expect.poll(() => callsTo(emu, "sendMessage", chat).length, { timeout: 15_000 }).toBeGreaterThan(0);
      const exited = exitOf(loket);
      loket.child.kill("SIGTERM");
      const { code, ms } = await exited;
      expect(ms).toBeLessThan(9_500);
      expect(code).toBe(0);
      const out = loket.output();
      expect(out).toMatch(/requests still under way .*cut off/);
      expect(out).toMatch(/telegram updates still in progress at stop/);
      // What was cut off is said without what the citizen wrote.
      expect(out).not.toContain("biaya pbg");
      expect(lastOffset(emu)).toBeLessThanOrEqual(update.update_id as number);
      // Telegram sends the update again: answered at the next start.
      emu.failWith("sendMessage", 0, 500, "");
      loket = await startLoket(emu, env);
      const [answer] = await emu.waitForSent(chat, 1, 15_000);
      expect(answer!.text).toMatch(/Persetujuan Bangunan Gedung|PBG/);
    } finally {
      socket.destroy();
      await loket.kill("SIGKILL");
      await emu.close();
    }
  }, 90_000);

  it("a turn that finishes in time is stored, answered and confirmed while the upload is cut off", async () => {
    const emu = await startBotApiEmulator();
    const env = stores[store]();
    let loket = await startLoket(emu, env);
    const chat = 7201;
    const socket = await slowUpload(loket);
    try {
      // One refused send: sent again 3 s later, within the stop.
      emu.failWith("sendMessage", 1, 500, "Internal Server Error: retry later");
      const update = emu.text(chat, "biaya pbg berapa?");
      await expect.poll(() => callsTo(emu, "sendMessage", chat).length, { timeout: 15_000 }).toBeGreaterThan(0);
      const exited = exitOf(loket);
      loket.child.kill("SIGTERM");
      const { code, ms } = await exited;
      expect(ms).toBeLessThan(9_500);
      expect(code).toBe(0);
      expect(emu.sentTo(chat)).toHaveLength(1);
      expect(lastOffset(emu)).toBe((update.update_id as number) + 1);
      // Stored: the next start neither answers it again nor loses the conversation.
      loket = await startLoket(emu, env);
      emu.text(chat, "syarat pbg apa saja");
      await emu.waitForSent(chat, 2, 15_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(emu.sentTo(chat)).toHaveLength(2);
    } finally {
      socket.destroy();
      await loket.kill("SIGKILL");
      await emu.close();
    }
  }, 90_000);
});
