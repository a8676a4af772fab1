import { describe, expect, it } from "vitest";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import type { LoketProcess } from "../support/process.js";
import { callsTo, lastOffset, pollingStores, startPollingLoket } from "../telegram/polling-process.js";
import { slowUpload } from "../support/slow-upload.js";

/**
 * `docker stop` sends SIGTERM and kills 10 s later. Loket stopped its parts one after another:
 * the HTTP server first (requests under way: up to 7 s), then Telegram's polling (a turn in
 * progress: up to 8 s more), so with both slow at once the SIGKILL came mid-stop, before the
 * store was closed. Every part must start stopping at the signal, and the whole stop end in time.
 */
const stores = pollingStores("stop-budget");
const startLoket = startPollingLoket;

function exitOf(loket: LoketProcess): Promise<{ code: number | null; ms: number }> {
  const t = Date.now();
  return new Promise((resolve) => loket.child.once("exit", (code) => resolve({ code, ms: Date.now() - t })));
}

/**
 * Loket polling the emulator with an upload still arriving and a turn whose answer Telegram
 * refuses `refusals` times, stopped by SIGTERM once the answer was first tried: it must exit 0
 * before Docker's 10 s. `then` checks what followed (`restart` starts Loket again on the same data).
 */
async function sigtermMidTurn(
  store: keyof typeof stores,
  chat: number,
  refusals: number,
  then: (w: { emu: BotApiEmulator; stopped: LoketProcess; updateId: number; restart: () => Promise<LoketProcess> }) => Promise<void>,
): Promise<void> {
  const emu = await startBotApiEmulator();
  const env = stores[store]();
  let loket = await startLoket(emu, env);
  const socket = await slowUpload(loket);
  try {
    emu.failWith("sendMessage", refusals, 500, "Internal Server Error: retry later");
    const update = emu.text(chat, "biaya pbg berapa?");
    await expect.poll(() => callsTo(emu, "sendMessage", chat).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const exited = exitOf(loket);
    loket.child.kill("SIGTERM");
    const { code, ms } = await exited;
    expect(ms).toBeLessThan(9_500);
    expect(code).toBe(0);
    await then({ emu, stopped: loket, updateId: update.update_id as number, restart: async () => (loket = await startLoket(emu, env)) });
  } finally {
    socket.destroy();
    await loket.kill("SIGKILL");
    await emu.close();
  }
}

describe.each(Object.keys(stores) as (keyof typeof stores)[])("SIGTERM with an upload still arriving and a Telegram turn in progress (%s)", (store) => {
  it("a turn that cannot finish: Loket still exits before Docker's 10 s, saying what it cut off; the update comes again at the next start", async () => {
    // Telegram refuses the answer for long (retried 3 s, 6 s, 12 s later...): the turn stays in progress.
    await sigtermMidTurn(store, 7101, 1_000, async ({ emu, stopped, updateId, restart }) => {
      const out = stopped.output();
      expect(out).toMatch(/requests still under way .*cut off/);
      expect(out).toMatch(/telegram updates still in progress at stop/);
      // What was cut off is said without what the citizen wrote.
      expect(out).not.toContain("biaya pbg");
      expect(lastOffset(emu)).toBeLessThanOrEqual(updateId);
      // Telegram sends the update again: answered at the next start.
      emu.failWith("sendMessage", 0, 500, "");
      await restart();
      const [answer] = await emu.waitForSent(7101, 1, 15_000);
      expect(answer!.text).toMatch(/Persetujuan Bangunan Gedung|PBG/);
    });
  }, 90_000);

  it("a turn that finishes in time is stored, answered and confirmed while the upload is cut off", async () => {
    // One refused send: sent again 3 s later, within the stop.
    await sigtermMidTurn(store, 7201, 1, async ({ emu, updateId, restart }) => {
      expect(emu.sentTo(7201)).toHaveLength(1);
      expect(lastOffset(emu)).toBe(updateId + 1);
      // Stored: the next start neither answers it again nor loses the conversation.
      await restart();
      emu.text(7201, "syarat pbg apa saja");
      await emu.waitForSent(7201, 2, 15_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(emu.sentTo(7201)).toHaveLength(2);
    });
  }, 90_000);
});
