import { GrammyError, type Bot } from "grammy";
import type { Logger } from "pino";

/** What /healthz says of the staff group (`parts.staffGroup`). */
export interface StaffGroupStatus {
  ok: boolean;
  /** "ok", "not configured", "checking", "unreachable: <reason>", or "cannot post: <reason>: <what to do>". */
  detail: string;
}

export interface StaffGroupCheckDeps {
  bot: Bot;
  /** TELEGRAM_STAFF_CHAT_ID. */
  chatId: string;
  logger: Logger;
  /** Longest wait for one Bot API call (default 10 s). */
  callMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Says that Telegram moved the group to a new id (staffGroupMoved): the one line an operator reads about it. */
  sayMoved?: (movedTo: number) => void;
}

/**
 * The one line saying the staff group's id changed (TELEGRAM_STAFF_CHAT_MIGRATED): Telegram made
 * the basic group a supergroup (switching Topics on does) and refuses the old id everywhere, so the
 * start-up check and the staff commands menu both learn it; whichever learns it first says it, once
 * per new id. Loket keeps the configured id (the operator changes the configuration).
 */
export function staffGroupMoved(logger: Logger, chatId: string): (movedTo: number) => void {
  let said: number | undefined;
  return (movedTo) => {
    if (said === movedTo) return;
    said = movedTo;
    logger.error(
      { code: "TELEGRAM_STAFF_CHAT_MIGRATED", part: "telegram staff group", chatId, migrateToChatId: movedTo },
      `the staff group's id changed: Telegram made the group TELEGRAM_STAFF_CHAT_ID=${chatId} a supergroup (as when Topics are switched on) with the new id ${movedTo}, and refuses the old one; hand-offs reach staff only in the web console (/staff) until you set TELEGRAM_STAFF_CHAT_ID=${movedTo} and restart`,
    );
  };
}

/** The group is usable, or what is wrong with it in an operator's words. */
type Verdict = { ok: true } | { ok: false; reason: string; todo: string; movedTo?: number };

/**
 * Whether the bot can open a topic per case in TELEGRAM_STAFF_CHAT_ID: the chat exists for the bot
 * (getChat), is a forum supergroup (Topics on), and the bot is an admin allowed to manage topics
 * (getChatMember of the bot itself, whose id is the token's first part: no getMe needed).
 * Telegram's refusals are verdicts; network failures are thrown (the caller retries).
 */
async function judge(bot: Bot, chatId: string, callMs: number): Promise<Verdict> {
  const signal = () => AbortSignal.timeout(callMs) as unknown as Parameters<Bot["api"]["getChat"]>[1];
  let chat;
  try {
    chat = await bot.api.getChat(chatId, signal());
  } catch (err) {
    if (!(err instanceof GrammyError)) throw err;
    const moved = err.parameters.migrate_to_chat_id;
    if (moved !== undefined) return { ok: false, reason: `Telegram says the group became a supergroup with id ${moved}`, todo: `set TELEGRAM_STAFF_CHAT_ID=${moved} and restart`, movedTo: moved };
    return {
      ok: false,
      reason: `Telegram says "${err.description}"`,
      todo: err.error_code === 403 ? "add the bot to the group again and make it an admin allowed to manage topics (Loket sees the change without a restart)" : "check the id (a supergroup's id starts with -100) and that the bot was added to the group, then restart",
    };
  }
  if (chat.type !== "supergroup" || !chat.is_forum) {
    return { ok: false, reason: chat.type === "private" ? "the id is a private chat, not a group" : "Topics are off in this group (it is not a forum)", todo: "switch Topics on in the group's settings (the group's id then changes: Loket logs the new one), or set TELEGRAM_STAFF_CHAT_ID to a group with Topics; then restart" };
  }
  const botId = Number(bot.token.split(":")[0]);
  const member = await bot.api.getChatMember(chatId, botId, signal()).catch((err: unknown) => {
    if (err instanceof GrammyError) return { status: "left" as const };
    throw err;
  });
  if (member.status === "creator") return { ok: true };
  if (member.status === "left" || member.status === "kicked") return { ok: false, reason: "the bot is not a member of the group", todo: "add the bot to the group as an admin allowed to manage topics (Loket sees the change without a restart)" };
  if (member.status !== "administrator" || !member.can_manage_topics) {
    return { ok: false, reason: "the bot is not an admin allowed to manage topics there, so it cannot open a topic per case", todo: "make the bot an admin of the group with 'Manage topics' on (Loket sees the change without a restart)" };
  }
  return { ok: true };
}

/**
 * Checks the staff group at start, in the background (start-up and "ready" do not wait for
 * Telegram), logs one line with the result, and keeps it for /healthz. Telegram unreachable: said
 * as "unreachable: <reason>" and asked again (2 s, doubling to a minute) until it answers.
 * `recheck()` checks again when Telegram says the group changed for the bot (a `my_chat_member`
 * update, a post refused): a line is logged only when the verdict changes, so an operator who fixes
 * the group in Telegram reads "ok" without a restart, and a group that went wrong is said once.
 * `onUsable` runs when a group found unusable is usable again (the staff commands menu is set then).
 */
export function checkStaffGroupInBackground(deps: StaffGroupCheckDeps & { onUsable?: () => void }): { status(): StaffGroupStatus; stop(): void; recheck(): void } {
  const log = deps.logger.child({ part: "telegram staff group" });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  const hidden = (s: string) => s.replaceAll(deps.bot.token, "<TELEGRAM_BOT_TOKEN>");
  let status: StaffGroupStatus = { ok: false, detail: "checking" };
  let stopped = false;
  /** The verdict last logged ("ok" or the problem): a re-check with the same verdict says nothing. */
  let said: string | undefined;
  let running = false;
  let again = false;

  async function once(): Promise<void> {
    for (let delay = 2_000, unreachableSaid = false; !stopped; delay = Math.min(delay * 2, 60_000)) {
      try {
        const verdict = await judge(deps.bot, deps.chatId, deps.callMs ?? 10_000);
        if (stopped) return;
        if (verdict.ok) {
          status = { ok: true, detail: "ok" };
          if (said !== "ok") {
            const wasWrong = said !== undefined;
            said = "ok";
            log.info({ chatId: deps.chatId }, "telegram staff group ok: the bot can open a topic per case in TELEGRAM_STAFF_CHAT_ID");
            if (wasWrong) deps.onUsable?.();
          }
        } else {
          status = { ok: false, detail: `cannot post: ${verdict.reason}; ${verdict.todo}` };
          if (said !== status.detail) {
            said = status.detail;
            // The id changed: one line with its own code (the commands menu may have said it already).
            if (verdict.movedTo !== undefined && deps.sayMoved) deps.sayMoved(verdict.movedTo);
            else log.warn(
              { code: "TELEGRAM_STAFF_GROUP_UNUSABLE", chatId: deps.chatId },
              `telegram staff group TELEGRAM_STAFF_CHAT_ID=${deps.chatId} cannot be used: ${verdict.reason}. Hand-offs will not reach the Telegram staff group: staff see them only in the web console (/staff). To fix: ${verdict.todo}`,
            );
          }
        }
        return;
      } catch (err) {
        if (stopped) return;
        const e = err as { message?: string; error?: { message?: string } };
        const reason = hidden(e.error?.message ? `${e.message ?? ""} (${e.error.message})` : (e.message ?? String(err)));
        status = { ok: false, detail: `unreachable: ${reason}` };
        if (!unreachableSaid && said === undefined) {
          unreachableSaid = true;
          log.warn({ chatId: deps.chatId, reason }, "telegram staff group not checked yet: Telegram cannot be reached; until it can, hand-offs reach staff only in the web console (/staff); checking again");
        }
        await sleep(delay);
      }
    }
  }
  async function run(): Promise<void> {
    running = true;
    try {
      do {
        again = false;
        await once();
      } while (again && !stopped);
    } finally {
      running = false;
    }
  }
  void run();
  return {
    status: () => status,
    recheck() {
      if (stopped) return;
      if (running) again = true;
      else void run();
    },
    stop() {
      stopped = true;
    },
  };
}
