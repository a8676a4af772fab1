import type { Bot } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { at, budi, channelOn, noticeUpdates, sleep } from "../support/telegram-order.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/**
 * Held-out set order1 (2026-12-03): a channel's own notice ("pesan yang diubah…", "file belum
 * berhasil kami terima…") takes its place among the citizen's deliveries, on one instance and
 * across two instances on one real Redis. Each instance runs the real Telegram channel against the
 * Bot API emulator, fed by `handleUpdate` (so the test says which instance takes which update).
 * A's turn replies are sent 300 ms after its commit: what happens in that gap is the race.
 * Written before the change and scored on the unchanged code.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});
const { edited, brokenFile } = noticeUpdates(900_000);

async function twoInstances(gap: (b: { t: TestLoket; bot: Bot }, c: HandoffCase | undefined) => Promise<unknown>) {
  const emu = await startBotApiEmulator();
  const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("order1") };
  const a = await createTestLoket({ store: "redis", env });
  const b = await createTestLoket({ store: "redis", env });
  cleanups.push(() => emu.close(), () => a.close(), () => b.close());
  const onB = { t: b, bot: undefined as unknown as Bot };
  const aBot = channelOn(emu, a, { gap: (c) => gap(onB, c) });
  onB.bot = channelOn(emu, b);
  const texts = (chat: number) => emu.sentTo(chat).map((m) => m.text ?? "");
  return { emu, a, b, aBot, bBot: onB.bot, texts };
}
async function oneInstance(gap: (t: TestLoket, bot: Bot, c: HandoffCase | undefined) => Promise<unknown>) {
  const emu = await startBotApiEmulator();
  const t = await createTestLoket({ channel: "telegram" });
  cleanups.push(() => emu.close(), () => t.close());
  const box = { bot: undefined as unknown as Bot };
  box.bot = channelOn(emu, t, { gap: (c) => gap(t, box.bot, c) });
  const texts = (chat: number) => emu.sentTo(chat).map((m) => m.text ?? "");
  return { emu, t, bot: box.bot, texts };
}
/** Resolves once the case is taken in the store (the take committed; its notice may still wait for its place). */
async function taken(t: TestLoket, caseId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const c = await t.loket.store.get<HandoffCase>("cases", caseId);
    if (c && c.status !== "waiting") return;
    await sleep(5);
  }
  throw new Error("case not taken");
}
const EDITED = /pesan yang diubah/;
const FAILED = /file belum berhasil/;

describe("order1 held-out 2026-12-03: a channel notice in its place", () => {
  it("1. two instances: the citizen edits a message, the edit reaches B while A still sends the answer to 'petugas': the queue place comes before the edit notice", async () => {
    const w = await twoInstances(({ bot }) => bot.handleUpdate(edited(7301) as never));
    await w.aBot.handleUpdate(w.emu.text(7301, "petugas") as never);
    await expect.poll(() => w.texts(7301).join("\n"), { timeout: 15_000 }).toMatch(EDITED);
    const t = w.texts(7301);
    expect(at(t, /antrean ke-1/)).toBeGreaterThanOrEqual(0);
    expect(at(t, /antrean ke-1/)).toBeLessThan(at(t, EDITED));
  });

  it("2. two instances: a document whose download fails reaches B while A still sends the answer before it: the answer, then 'file belum berhasil'", async () => {
    const w = await twoInstances(({ bot }) => bot.handleUpdate(brokenFile(7302) as never));
    await w.aBot.handleUpdate(w.emu.text(7302, "petugas") as never);
    await expect.poll(() => w.texts(7302).join("\n"), { timeout: 15_000 }).toMatch(FAILED);
    const t = w.texts(7302);
    expect(at(t, /antrean ke-1/)).toBeGreaterThanOrEqual(0);
    expect(at(t, /antrean ke-1/)).toBeLessThan(at(t, FAILED));
  });

  it("3. two instances: staff take the case on B, and an edit reaches B once the take is committed, all while A still sends the queue place: queue place, take, edit notice", async () => {
    const w = await twoInstances(async ({ t, bot }, c) => {
      void t.loket.staff.take(c!.id, budi);
      await taken(t, c!.id);
      await bot.handleUpdate(edited(7303) as never);
    });
    await w.aBot.handleUpdate(w.emu.text(7303, "petugas") as never);
    await expect.poll(() => w.texts(7303).join("\n"), { timeout: 15_000 }).toMatch(EDITED);
    await expect.poll(() => w.texts(7303).join("\n"), { timeout: 15_000 }).toMatch(/melayani/);
    const t = w.texts(7303);
    expect(at(t, /antrean ke-1/)).toBeLessThan(at(t, /melayani/));
    expect(at(t, /melayani/)).toBeLessThan(at(t, EDITED));
  });

  it("4. one instance: staff take the case while the queue place is still being sent, then the citizen edits a message: queue place, take, edit notice", async () => {
    const w = await oneInstance(async (t, bot, c) => {
      void t.loket.staff.take(c!.id, budi);
      await taken(t, c!.id);
      await bot.handleUpdate(edited(7304) as never);
    });
    await w.bot.handleUpdate(w.emu.text(7304, "petugas") as never);
    await expect.poll(() => w.texts(7304).join("\n"), { timeout: 15_000 }).toMatch(EDITED);
    await expect.poll(() => w.texts(7304).join("\n"), { timeout: 15_000 }).toMatch(/melayani/);
    const t = w.texts(7304);
    expect(at(t, /antrean ke-1/)).toBeLessThan(at(t, /melayani/));
    expect(at(t, /melayani/)).toBeLessThan(at(t, EDITED));
  });

  it("5. two instances: a notice with nothing before it is not held back: an edit on B with no turn pending is answered within a second, and a later turn on A comes after it", async () => {
    const w = await twoInstances(async () => undefined);
    const started = Date.now();
    await w.bBot.handleUpdate(edited(7305) as never);
    await expect.poll(() => w.texts(7305).join("\n"), { timeout: 5_000 }).toMatch(EDITED);
    expect(Date.now() - started).toBeLessThan(1_000);
    await w.aBot.handleUpdate(w.emu.text(7305, "jam buka kantor") as never);
    await expect.poll(() => w.texts(7305).length, { timeout: 10_000 }).toBeGreaterThan(1);
    expect(at(w.texts(7305), EDITED)).toBe(0);
  });
});
