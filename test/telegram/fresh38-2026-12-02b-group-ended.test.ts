import { afterEach, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegram } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { addStaff, setStaffTelegram } from "../../src/staff/auth.js";
import { installStaffGroup } from "../../src/staff/telegram-group.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * fresh38's busy Monday: a staff member in the Telegram group writes in the topic of a case that
 * a colleague gave back to the bot from the console (or closed) minutes before. Held-out
 * acceptance, written before the change: the group says the message did not reach the citizen, and
 * a case given back to the bot is not called finished.
 */
const GROUP = -1001234567890;
const STAFF = 777;
const plain = (s?: string) => (s ?? "").replace(/<[^>]+>/g, "");

describe("fresh38 2026-12-02b: staff write in the topic of a case that has ended", () => {
  let emu: BotApiEmulator;
  let t: TestLoket;
  let stop: () => Promise<void>;
  afterEach(async () => {
    await stop?.();
    await t?.close();
    await emu?.close();
  });

  /** A citizen on Telegram asks for a person; the topic opens; returns the case and its topic. */
  async function caseInGroup(citizen: number) {
    emu = await startBotApiEmulator();
    t = await createTestLoket();
    await addStaff(t.loket.store, { username: "sari", role: "admin", password: "kata-sandi-panjang-1" });
    await setStaffTelegram(t.loket.store, "sari", STAFF);
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    const messages = t.loket.messages.get("id")!;
    const group = installStaffGroup({ bot, chatId: String(GROUP), ops: t.loket.staff, store: t.loket.store, bus: t.loket.bus, runtime: t.loket.runtime, messages, logger: t.loket.logger });
    const started = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, { bot, runtime: t.loket.runtime, logger: t.loket.logger, messages, app: t.loket.app, flood: UNLIMITED });
    stop = async () => {
      group.stop();
      await started.stop();
    };
    emu.text(citizen, "petugas");
    await emu.waitForSent(citizen, 1);
    const [summary] = await emu.waitForSent(GROUP, 1);
    const c = (await t.loket.store.list<HandoffCase>("cases"))[0]!;
    return { c, thread: summary!.message_thread_id! };
  }
  const actor = { username: "sari", role: "admin" as const };
  /** What the group got after `n` posts in the topic, once it has settled. */
  async function groupSaysAfter(n: number) {
    await emu.waitForSent(GROUP, n + 1);
    await new Promise((r) => setTimeout(r, 300));
    return emu.sentTo(GROUP).slice(n).map((m) => plain(m.rendered ?? m.text)).join("\n");
  }
  async function quiet() {
    let n = -1;
    while (n !== emu.sentTo(GROUP).length) {
      n = emu.sentTo(GROUP).length;
      await new Promise((r) => setTimeout(r, 300));
    }
    return n;
  }

  it("1. a reply in the topic of a case given back to the bot says it did not reach the citizen", async () => {
    const { c, thread } = await caseInGroup(6101);
    await t.loket.staff.take(c.id, actor);
    await t.loket.staff.giveBack(c.id, actor);
    const n = await quiet();
    emu.text(GROUP, "Halo Pak, ada yang bisa dibantu?", { chatType: "supergroup", threadId: thread, fromId: STAFF });
    const said = await groupSaysAfter(n);
    expect(said).toMatch(/tidak terkirim/);
    expect(said).toMatch(/dikembalikan/);
    expect(emu.sentTo(6101).some((m) => /ada yang bisa dibantu/.test(plain(m.text)))).toBe(false);
  }, 20_000);

  it("2. /ambil in the topic of a case given back to the bot says it went back to the bot, not that it is finished", async () => {
    const { c, thread } = await caseInGroup(6102);
    await t.loket.staff.take(c.id, actor);
    await t.loket.staff.giveBack(c.id, actor);
    const n = await quiet();
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: STAFF });
    const said = await groupSaysAfter(n);
    expect(said).toMatch(/dikembalikan ke asisten otomatis/);
    expect(said).not.toMatch(/sudah selesai/);
  }, 20_000);

  it("3. it also says that asking for a person again opens a new case", async () => {
    const { c, thread } = await caseInGroup(6103);
    await t.loket.staff.giveBack(c.id, actor);
    const n = await quiet();
    emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: STAFF });
    expect(await groupSaysAfter(n)).toMatch(/kasus baru/);
  }, 20_000);

  it("4. a reply in the topic of a closed case says it did not reach the citizen", async () => {
    const { c, thread } = await caseInGroup(6104);
    await t.loket.staff.take(c.id, actor);
    await t.loket.staff.close(c.id, actor);
    const n = await quiet();
    emu.text(GROUP, "Pak, berkasnya sudah saya cek", { chatType: "supergroup", threadId: thread, fromId: STAFF });
    const said = await groupSaysAfter(n);
    expect(said).toMatch(/tidak terkirim/);
    expect(said).toMatch(/ditutup/);
  }, 20_000);

  it("5. /selesai in the topic of a closed case still says it is finished", async () => {
    const { c, thread } = await caseInGroup(6105);
    await t.loket.staff.take(c.id, actor);
    await t.loket.staff.close(c.id, actor);
    const n = await quiet();
    emu.text(GROUP, "/selesai", { chatType: "supergroup", threadId: thread, fromId: STAFF });
    expect(await groupSaysAfter(n)).toMatch(/sudah selesai/);
  }, 20_000);
});
