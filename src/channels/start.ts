import type { Loket } from "../app.js";
import { live } from "../runtime/runtime.js";

/**
 * Starts the channels the configuration asks for, before the HTTP server listens (webhook and
 * QR routes mount on it). The web chat and staff console are always on (buildLoket).
 */
export async function startChannels(loket: Loket): Promise<void> {
  const { config, logger, runtime, app } = loket;
  // The Indonesian messages in use, read at each use: a reload of messages/ reaches what the
  // channels and the staff group say (their notices, the group's texts) without a restart.
  const id = live(() => loket.messages.get("id")!);
  // Where hand-offs reach staff besides the web console: said in /healthz whether or not there is one.
  loket.probes.set("staffGroup", () => ({ ok: true, detail: "not configured" }));
  if (config.TELEGRAM_BOT_TOKEN) {
    // Channel libraries load only when configured: start-up stays short on the defaults.
    const { installStaffGroup } = await import("../staff/telegram-group.js");
    const { startTelegramInBackground, createTelegramBot } = await import("./telegram/index.js");
    const bot = createTelegramBot(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT || undefined);
    if (config.TELEGRAM_STAFF_CHAT_ID) {
      // Telegram says the group changed for the bot (my_chat_member, a refused post): checked again.
      let recheck = () => {};
      // The group's id changed (a supergroup now): said in one line, by whichever part learns it first.
      const { checkStaffGroupInBackground, staffGroupMoved } = await import("../staff/telegram-group-check.js");
      const sayMoved = staffGroupMoved(logger, config.TELEGRAM_STAFF_CHAT_ID);
      const group = installStaffGroup({
        sayMoved,
        bot,
        chatId: config.TELEGRAM_STAFF_CHAT_ID,
        ops: loket.staff,
        store: loket.store,
        bus: loket.bus,
        runtime,
        messages: id,
        logger,
        permitName: (permit) => loket.knowledge.permit(permit)?.name,
        permitDocuments: (permit) => loket.knowledge.permit(permit)?.requirements.map((r) => ({ id: r.id, name: r.name })),
        files: loket.files,
        onGroupChanged: () => recheck(),
        shared: !!loket.redis,
      });
      loket.onClose(group.stop, "telegram staff group");
      // A wrong id, a bot not in the group or not its admin: said at start, not at the first hand-off.
      const check = checkStaffGroupInBackground({ bot, chatId: config.TELEGRAM_STAFF_CHAT_ID, logger, sayMoved, onUsable: () => group.setCommands() });
      recheck = () => check.recheck();
      // A reload that changed staff_notice.command.* (messages/) changes the group's "/" menu.
      loket.onReload(() => group.refreshCommands());
      loket.onClose(() => check.stop(), "telegram staff group check");
      loket.probes.set("staffGroup", () => check.status());
    }
    // Connected in the background: Telegram being unreachable must not keep the web chat down.
    const telegram = startTelegramInBackground(config, { bot, runtime, logger, messages: id, languages: loket.messages, app, store: loket.store, shared: !!loket.redis });
    loket.onClose(telegram.stop, "telegram");
    // A reload that changed telegram.commands.* (messages/) changes the menu citizens see.
    loket.onReload(() => telegram.refreshCommands());
    loket.probes.set("telegram", () => {
      const s = telegram.status();
      return { ok: s.state === "ready", detail: s.state === "ready" ? telegram.mode : s.lastError ? `${s.state}: ${s.lastError}` : s.state };
    });
  }
  if (config.WHATSAPP_ENABLED) {
    const { startWhatsApp } = await import("./whatsapp/start.js");
    const whatsapp = await startWhatsApp(config, { runtime, logger, messages: id, languages: loket.messages, app, store: loket.store, ...(loket.redis ? { redis: loket.redis } : {}) });
    loket.onClose(() => whatsapp.stop(), "whatsapp");
    loket.probes.set("whatsapp", () => {
      const s = whatsapp.status();
      // A standby is as it should be: another instance on the same Redis holds the session.
      return { ok: s.state === "ready" || s.state === "standby", detail: s.lastError ? `${s.state}: ${s.lastError}` : s.state };
    });
  }
}
