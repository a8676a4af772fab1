import { expect } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { createTelegramBot, startTelegram, type StartedTelegram } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import type { StaffOps } from "../../src/staff/ops.js";
import { addStaff, setStaffTelegram } from "../../src/staff/auth.js";
import { installStaffGroup } from "../../src/staff/telegram-group.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

type GroupDeps = Parameters<typeof installStaffGroup>[0];

export interface StaffGroupWorldOptions {
  /** The test Loket's options (store, clock). */
  loket?: Parameters<typeof createTestLoket>[0];
  /** Staff accounts linked to Telegram ids: group members act as them. Default andi (888). */
  staff?: { username: string; id: number; displayName?: string }[];
  /** Installs of the group on one store and bus, standing for that many instances. Default 1. */
  installs?: number;
  /** The group's own options over the defaults (`now`, `remindEveryMs`); permits are named from the knowledge, as in production. */
  group?: Partial<Omit<GroupDeps, "bot" | "chatId" | "ops" | "store" | "bus" | "runtime" | "messages" | "logger">>;
  /** Wraps the staff operations the group uses (to make one fail). */
  wrapOps?: (ops: StaffOps) => StaffOps;
}

/**
 * Loket's Telegram channel and staff group `chatId` against the Bot API emulator on loopback, no
 * pacing; what to stop is pushed on `cleanups` (run last first after each test).
 */
export async function staffGroupWorld(
  cleanups: (() => Promise<void> | void)[],
  chatId: number,
  options: StaffGroupWorldOptions = {},
): Promise<{ emu: BotApiEmulator; t: TestLoket; bot: ReturnType<typeof createTelegramBot> }> {
  const emu = await startBotApiEmulator();
  const t = await createTestLoket(options.loket);
  for (const { username, id, displayName } of options.staff ?? [{ username: "andi", id: 888 }]) {
    await addStaff(t.loket.store, { username, role: "staff", password: "kata-sandi-panjang-1", ...(displayName ? { displayName } : {}) });
    await setStaffTelegram(t.loket.store, username, id);
  }
  const bot = createTelegramBot(emu.token, emu.apiRoot);
  const messages = t.loket.messages.get("id")!;
  const ops = options.wrapOps ? options.wrapOps(t.loket.staff) : t.loket.staff;
  for (let i = 0; i < (options.installs ?? 1); i++) {
    const g = installStaffGroup({ bot, chatId: String(chatId), ops, store: t.loket.store, bus: t.loket.bus, runtime: t.loket.runtime, messages, logger: t.loket.logger, permitName: (permit) => t.loket.knowledge.permit(permit)?.name, permitDocuments: (permit) => t.loket.knowledge.permit(permit)?.requirements.map((r) => ({ id: r.id, name: r.name })), files: t.loket.files, ...options.group });
    cleanups.push(g.stop);
  }
  const started: StartedTelegram = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, {
    bot,
    runtime: t.loket.runtime,
    logger: t.loket.logger,
    messages,
    app: t.loket.app,
    flood: UNLIMITED,
  });
  cleanups.push(() => emu.close(), () => t.close(), () => started.stop());
  return { emu, t, bot };
}

/**
 * A Telegram citizen (`citizen`, their chat id) asks for a person: the case's topic in the group,
 * once the case has it (its first message in the group is the topic's).
 */
export async function caseTopicOf(emu: BotApiEmulator, t: TestLoket, group: number, citizen: number): Promise<{ thread: number; caseId: string }> {
  emu.text(citizen, "petugas");
  await emu.waitForSent(group, 1);
  const thread = emu.sentTo(group)[0]!.message_thread_id!;
  const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
  await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId).toBe(thread);
  return { thread, caseId };
}
