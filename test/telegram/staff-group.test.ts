import { describe, expect, it } from "vitest";
import { createTelegramBot, startTelegram } from "../../src/channels/telegram/index.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { addStaff, setStaffTelegram } from "../../src/staff/auth.js";
import { installStaffGroup } from "../../src/staff/telegram-group.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket } from "../support/loket.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";

const FAST = UNLIMITED;
const GROUP = -1001234567890;
const plain = (s?: string) => (s ?? "").replace(/<[^>]+>/g, "");

describe("handoff on Telegram, with the staff forum group", () => {
  it("opens a topic per case; /ambil, a reply and /kembalikan in the topic reach the citizen; the bot stays silent meanwhile", async () => {
    const emu = await startBotApiEmulator();
    const t = await createTestLoket();
    await addStaff(t.loket.store, { username: "andi", role: "staff", password: "kata-sandi-panjang-1" });
    await setStaffTelegram(t.loket.store, "andi", 777);
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    const messages = t.loket.messages.get("id")!;
    const group = installStaffGroup({ bot, chatId: String(GROUP), ops: t.loket.staff, store: t.loket.store, bus: t.loket.bus, runtime: t.loket.runtime, messages, logger: t.loket.logger });
    const started = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, {
      bot,
      runtime: t.loket.runtime,
      logger: t.loket.logger,
      messages,
      app: t.loket.app,
      flood: FAST,
    });
    try {
      const citizen = 4242;
      emu.text(citizen, "saya mau ajukan izin reklame");
      await emu.waitForSent(citizen, 1);
      emu.text(citizen, "petugas");
      const toCitizen = await emu.waitForSent(citizen, 2);
      expect(plain(toCitizen[1]!.text)).toMatch(/teruskan ke petugas/);

      // A topic opens in the staff group with the case summary.
      await expect.poll(() => emu.calls.some((c) => c.method === "createForumTopic"), { timeout: 5000 }).toBe(true);
      const summary = await emu.waitForSent(GROUP, 1);
      const thread = summary[0]!.message_thread_id!;
      expect(thread).toBeGreaterThan(0);

      // While the case waits, the citizen's words go to staff (the topic); the first is answered once
      // with the place in the queue (handback4), which the topic shows too; the next ones get silence.
      emu.text(citizen, "pak saya tunggu ya");
      await expect.poll(() => emu.sentTo(GROUP).some((m) => /saya tunggu/.test(m.text ?? "")), { timeout: 5000 }).toBe(true);
      const ack = await emu.waitForSent(citizen, 3);
      expect(plain(ack[2]!.text)).toMatch(/antrean ke-1/);
      await expect.poll(() => emu.sentTo(GROUP).some((m) => m.message_thread_id === thread && /Bot ke warga/.test(m.text ?? "") && /antrean ke-1/.test(m.text ?? "")), { timeout: 5000 }).toBe(true);
      emu.text(citizen, "berkas reklame saya sudah lengkap");
      await expect.poll(() => emu.sentTo(GROUP).some((m) => /sudah lengkap/.test(m.text ?? "")), { timeout: 5000 }).toBe(true);
      expect(emu.sentTo(citizen)).toHaveLength(3);

      // Staff take the case and reply in the topic; the citizen gets it on Telegram.
      emu.text(GROUP, "/ambil", { chatType: "supergroup", threadId: thread, fromId: 777 });
      await expect.poll(async () => (await t.loket.store.list<HandoffCase>("cases"))[0]?.status, { timeout: 5000 }).toBe("held");
      emu.text(GROUP, "Baik Bu, berkas reklame bisa kami bantu.", { chatType: "supergroup", threadId: thread, fromId: 777 });
      await expect.poll(() => emu.sentTo(citizen).some((m) => /berkas reklame bisa kami bantu/.test(m.text ?? "")), { timeout: 5000 }).toBe(true);

      // Back to the bot: the interrupted form resumes where it was.
      emu.text(GROUP, "/kembalikan", { chatType: "supergroup", threadId: thread, fromId: 777 });
      await expect.poll(() => emu.sentTo(citizen).some((m) => /kembali dilayani asisten otomatis/.test(plain(m.text))), { timeout: 5000 }).toBe(true);
      // The interrupted form's question follows the notice (its own send, a moment later).
      await expect.poll(() => plain(emu.sentTo(citizen).at(-1)!.text), { timeout: 5000 }).toMatch(/persetujuan|Setuju/);
      expect((await t.loket.store.list<HandoffCase>("cases"))[0]!.status).toBe("returned");
    } finally {
      group.stop();
      await started.stop();
      await t.close();
      await emu.close();
    }
  }, 30_000);
});
