import type { Bot } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { Inbound } from "../../src/domain/message.js";
import type { Runtime } from "../../src/runtime/port.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { at, budi, channelOn, noticeUpdates, sleep } from "../support/telegram-order.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";
import { FakeWhatsAppClient } from "../whatsapp/fake-client.js";
import { testChannel } from "../whatsapp/test-channel.js";

/**
 * Probe set order1 (2026-12-03), written after the change to channel notices (not tuned on): two
 * notices in the gap keep their own order after the answer; an answer sent without its place
 * (a tool's copy) holds a notice only briefly; WhatsApp's edit notice after a take on one
 * instance; a notice on an instance whose store is another's is still said.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});
const { edited, brokenFile } = noticeUpdates(950_000);

async function twoInstances(gap: (bBot: Bot) => Promise<unknown>, copy = false) {
  const emu = await startBotApiEmulator();
  const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("order1p") };
  const a = await createTestLoket({ store: "redis", env });
  const b = await createTestLoket({ store: "redis", env });
  cleanups.push(() => emu.close(), () => a.close(), () => b.close());
  const box = { bot: undefined as unknown as Bot };
  const aBot = channelOn(emu, a, { gap: () => gap(box.bot), copy });
  box.bot = channelOn(emu, b);
  return { emu, aBot, texts: (chat: number) => emu.sentTo(chat).map((m) => m.text ?? "") };
}

describe("order1 probe 2026-12-03", () => {
  it("P1. two instances: an edit and then a failed document reach B while A still sends its answer: answer, edit notice, file notice", async () => {
    const w = await twoInstances(async (bot) => {
      await bot.handleUpdate(edited(7401) as never);
      await bot.handleUpdate(brokenFile(7401) as never);
    });
    await w.aBot.handleUpdate(w.emu.text(7401, "jam buka kantor") as never);
    await expect.poll(() => w.texts(7401).join("\n"), { timeout: 15_000 }).toMatch(/file belum berhasil/);
    const t = w.texts(7401);
    expect(t.length).toBeGreaterThanOrEqual(3);
    expect(at(t, /pesan yang diubah/)).toBeGreaterThan(0);
    expect(at(t, /pesan yang diubah/)).toBeLessThan(at(t, /file belum berhasil/));
  });

  it("P2. two instances: A's answer is sent without its place (a copy, as a tool would): B's notice is held at most briefly, never lost", async () => {
    const w = await twoInstances(async (bot) => {
      const started = Date.now();
      await bot.handleUpdate(edited(7402) as never);
      expect(Date.now() - started).toBeLessThan(4_000);
    }, true);
    await w.aBot.handleUpdate(w.emu.text(7402, "jam buka kantor") as never);
    await expect.poll(() => w.texts(7402).join("\n"), { timeout: 15_000 }).toMatch(/pesan yang diubah/);
  });

  it("P3. one WhatsApp instance: staff take while the hand-over notice is still queued, then the citizen edits a message: hand-over, take, edit notice", async () => {
    const CITIZEN = "6281234500077@c.us";
    const t = await createTestLoket({ channel: "whatsapp" });
    const runtime = t.loket.runtime;
    const client = new FakeWhatsAppClient();
    let racing = true;
    const wrapped = Object.assign(Object.create(runtime) as Runtime, {
      async handle(inbound: Inbound) {
        const replies = await runtime.handle(inbound);
        const open = (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting");
        if (open && racing) {
          racing = false;
          void t.loket.staff.take(open.id, budi);
          for (let i = 0; i < 200 && (await t.loket.store.get<HandoffCase>("cases", open.id))?.status === "waiting"; i++) await sleep(5);
          setTimeout(() => client.emit("message_edit", { from: CITIZEN, fromMe: false, latestEditSenderTimestampMs: Date.now() }, "baru", "lama"), 0);
        }
        await sleep(300);
        return replies;
      },
    });
    const wa = testChannel(t, client, { runtime: wrapped });
    await wa.start();
    cleanups.push(() => t.close(), () => wa.stop());
    client.message(CITIZEN, "petugas");
    await expect.poll(() => client.textsTo(CITIZEN).join("\n"), { timeout: 8000 }).toMatch(/pesan yang diubah/);
    await expect.poll(() => client.textsTo(CITIZEN).join("\n"), { timeout: 8000 }).toMatch(/melayani/);
    const texts = client.textsTo(CITIZEN);
    expect(at(texts, /teruskan ke petugas/)).toBeLessThan(at(texts, /melayani/));
    expect(at(texts, /melayani/)).toBeLessThan(at(texts, /pesan yang diubah/));
  });
});
