import { describe, expect, it } from "vitest";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { callsTo, lastOffset, pollingStores, startPollingLoket } from "./polling-process.js";

/**
 * Long polling (no TELEGRAM_WEBHOOK_URL: most offices have no public HTTPS). Telegram keeps an
 * update until a getUpdates call asks for a later offset; Loket must ask for it only once the
 * update's turn is stored and its answer sent. Loket dying in between (SIGKILL, OOM, a power cut)
 * then gets the update again at its next start: processed once, answered once.
 */
const stores = pollingStores("poll-crash");
const startLoket = startPollingLoket;
const settle = (ms = 2_000) => new Promise((r) => setTimeout(r, ms));

describe.each(Object.keys(stores) as (keyof typeof stores)[])("Telegram long polling, Loket killed mid-turn (%s)", (store) => {
  it("a turn stored whose answer was not sent yet: the citizen gets that answer after the restart, once", async () => {
    const emu = await startBotApiEmulator();
    const env = stores[store]();
    let loket = await startLoket(emu, env);
    const chat = 6101;
    try {
      // Telegram refuses sends for a while: the turn is stored, its answer is being retried...
      emu.failWith("sendMessage", 1_000, 500, "Internal Server Error: retry later");
      const update = emu.text(chat, "biaya pbg berapa?");
      await expect.poll(() => callsTo(emu, "sendMessage", chat).length, { timeout: 15_000 }).toBeGreaterThan(0);
      // ...when Loket dies.
      await loket.kill("SIGKILL");
      emu.failWith("sendMessage", 0, 500, "");
      expect(emu.sentTo(chat)).toHaveLength(0);
      // The update was not confirmed to Telegram.
      expect(lastOffset(emu)).toBeLessThanOrEqual(update.update_id as number);
      loket = await startLoket(emu, env);
      const [answer] = await emu.waitForSent(chat, 1, 15_000);
      expect(answer!.text).toMatch(/Persetujuan Bangunan Gedung|PBG/);
      await settle();
      expect(emu.sentTo(chat)).toHaveLength(1);
      // Confirmed now: a further restart does not answer it again.
      await expect.poll(() => lastOffset(emu)).toBeGreaterThan(update.update_id as number);
      await loket.kill("SIGKILL");
      loket = await startLoket(emu, env);
      emu.text(chat, "syarat pbg apa saja");
      await emu.waitForSent(chat, 2, 15_000);
      await settle(1_000);
      expect(emu.sentTo(chat)).toHaveLength(2);
    } finally {
      await loket.kill("SIGKILL");
      await emu.close();
    }
  }, 90_000);

  it("a message not taken yet (its file still downloading) is not lost, and another chat answered meanwhile is not answered twice", async () => {
    const emu = await startBotApiEmulator();
    const env = stores[store]();
    let loket = await startLoket(emu, env);
    const slow = 6201;
    const quick = 6202;
    try {
      // The first chat's document cannot be fetched from Telegram for now (retried)...
      emu.failWith("getFile", 1_000, 500, "Internal Server Error: retry later");
      const doc = emu.document(slow, Buffer.from("%PDF-1.4\n%test\n"), "ktp.pdf", "application/pdf");
      await expect.poll(() => emu.calls.filter((c) => c.method === "getFile").length, { timeout: 15_000 }).toBeGreaterThan(0);
      // ...while another citizen asks and is answered.
      emu.text(quick, "syarat pbg apa saja");
      await emu.waitForSent(quick, 1, 15_000);
      await settle(500);
      await loket.kill("SIGKILL");
      emu.failWith("getFile", 0, 500, "");
      expect(emu.sentTo(slow)).toHaveLength(0);
      expect(lastOffset(emu)).toBeLessThanOrEqual(doc.update_id as number);
      loket = await startLoket(emu, env);
      // The document is taken after the restart (a document sent before any is asked for gets an answer).
      await emu.waitForSent(slow, 1, 15_000);
      await settle();
      expect(emu.sentTo(slow)).toHaveLength(1);
      expect(emu.sentTo(quick)).toHaveLength(1);
    } finally {
      await loket.kill("SIGKILL");
      await emu.close();
    }
  }, 90_000);
});

describe("Telegram long polling, Loket stopped (SIGTERM) mid-turn", () => {
  it("stops fetching, lets the turn finish and send its answer, confirms it, then exits; the next start does not answer it again", async () => {
    const emu = await startBotApiEmulator();
    const env = stores.sqlite();
    let loket = await startLoket(emu, env);
    const chat = 6301;
    try {
      // One refused send: auto-retry sends again 3 s later.
      emu.failWith("sendMessage", 1, 500, "Internal Server Error: retry later");
      const update = emu.text(chat, "biaya pbg berapa?");
      await expect.poll(() => callsTo(emu, "sendMessage", chat).length, { timeout: 15_000 }).toBeGreaterThan(0);
      const exited = new Promise<number | null>((r) => loket.child.once("exit", (code) => r(code)));
      loket.child.kill("SIGTERM");
      // A message arriving while Loket stops is left for the next start.
      await settle(300);
      const late = emu.text(chat, "syarat pbg apa saja");
      expect(await exited).toBe(0);
      expect(emu.sentTo(chat)).toHaveLength(1);
      expect(lastOffset(emu)).toBe((update.update_id as number) + 1);
      loket = await startLoket(emu, env);
      await emu.waitForSent(chat, 2, 15_000);
      await settle();
      expect(emu.sentTo(chat)).toHaveLength(2);
      expect(emu.sentTo(chat)[1]!.text).toMatch(/Persyaratan|syarat/i);
      expect(lastOffset(emu)).toBeGreaterThan(late.update_id as number);
    } finally {
      await loket.kill("SIGKILL");
      await emu.close();
    }
  }, 90_000);
});
