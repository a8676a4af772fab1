import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegram, UNLIMITED, type StartedTelegram } from "../../src/channels/telegram/index.js";
import type { FileFetcher } from "../../src/channels/telegram/inbound.js";
import { startBotApiEmulator, type BotApiEmulator, type SentMessage } from "../support/botapi-emulator.js";
import { fixtures } from "../support/fixtures.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * Long polling against the Bot API emulator on loopback: the offset Loket asks getUpdates for is
 * the lowest update still in progress, so Telegram keeps it until its turn is done; other chats are
 * answered meanwhile, one chat's updates stay in order, and a turn stuck for too long stops holding
 * the offset back.
 */
const plain = (m: SentMessage | undefined) => (m?.text ?? "").replace(/<[^>]+>/g, "");
const getUpdates = (emu: BotApiEmulator) => emu.calls.filter((c) => c.method === "getUpdates");
const lastOffset = (emu: BotApiEmulator) => Number(getUpdates(emu).at(-1)?.payload.offset ?? 0);

describe("Telegram long polling confirms an update once it is handled", () => {
  let emu: BotApiEmulator;
  let t: TestLoket;
  let started: StartedTelegram;
  const logLines: string[] = [];
  /** Downloads wait until released: a turn under way for as long as a test wants. */
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  beforeAll(async () => {
    emu = await startBotApiEmulator();
    t = await createTestLoket({ store: "sqlite", logLines });
    const files: FileFetcher = {
      locate: async (id) => ({ path: id, size: fixtures.pdf.length }),
      download: async () => {
        await held;
        return fixtures.pdf;
      },
    };
    started = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, {
      bot: createTelegramBot(emu.token, emu.apiRoot),
      runtime: t.loket.runtime,
      logger: t.loket.logger,
      messages: t.loket.messages.get("id")!,
      app: t.loket.app,
      flood: UNLIMITED,
      store: t.loket.store,
      channel: { files, polling: { busyPollMs: 50, holdMaxMs: 4_000 } },
    });
  });
  afterAll(async () => {
    release();
    await started?.stop();
    await t?.close();
    await emu?.close();
  });

  it("holds a turn under way unconfirmed while other chats are answered, keeps one chat's order, and lets go of a stuck turn", async () => {
    const slow = 7101;
    const other = 7102;
    const doc = emu.document(slow, fixtures.pdf, "ktp.pdf", "application/pdf");
    await new Promise((r) => setTimeout(r, 200));
    const after = emu.text(slow, "syarat pbg apa saja"); // waits for the document's turn: same chat
    const question = emu.text(other, "biaya pbg berapa?");
    await emu.waitForSent(other, 1);
    await new Promise((r) => setTimeout(r, 300));
    // The document's update is still under way: not confirmed, nor anything after it.
    expect(lastOffset(emu)).toBeLessThanOrEqual(doc.update_id as number);
    expect(emu.sentTo(slow)).toHaveLength(0);
    // Stuck past holdMaxMs: the offset moves on, so updates behind it keep coming; it is logged.
    await expect.poll(() => lastOffset(emu), { timeout: 8_000 }).toBeGreaterThan(question.update_id as number);
    expect(logLines.join("\n")).toMatch(/telegram update still in progress: confirmed/);
    release();
    const sent = await emu.waitForSent(slow, 2);
    // One chat's updates in order: the document's answer first, then the question's.
    expect(plain(sent[0])).toMatch(/dokumen/i);
    expect(plain(sent[1])).toMatch(/Persetujuan Bangunan Gedung|PBG/);
    await expect.poll(() => lastOffset(emu)).toBeGreaterThan(after.update_id as number);
  });

  it("waits in one long request while nothing is under way (no busy polling)", async () => {
    await new Promise((r) => setTimeout(r, 300));
    const before = getUpdates(emu).length;
    await new Promise((r) => setTimeout(r, 2_000));
    // The emulator holds a long poll up to 1 s: about two calls in 2 s, not forty.
    expect(getUpdates(emu).length - before).toBeLessThanOrEqual(3);
    expect(getUpdates(emu).at(-1)!.payload.timeout).toBe(30);
  });
});
