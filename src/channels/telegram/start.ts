import { ALLOWED_UPDATES } from "./polling.js";
import { createHmac } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Bot } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../../config.js";
import type { Runtime } from "../../runtime/port.js";
import type { Messages } from "../../text/messages.js";
import { createTelegramChannel, type TelegramChannel, type TelegramChannelDeps } from "./channel.js";
import { installFloodControl, type FloodControlOptions } from "./flood.js";
import { registerTelegramWebhook } from "./webhook.js";
import { createTelegramPending } from "./pending.js";
import type { Store } from "../../store/port.js";
import { firstToClaim } from "../../store/marker.js";

/** The commands shown in Telegram's menu, in this order; descriptions are `telegram.commands.<name>`. */
export const TELEGRAM_COMMANDS = ["start", "menu", "batal", "petugas", "bantuan"] as const;

export interface StartTelegramDeps {
  bot: Bot;
  runtime: Runtime;
  logger: Logger;
  /** Indonesian messages. */
  messages: Messages;
  /** Every language's messages: the command menu is also registered in each other language (Telegram shows it to users whose app is in that language). */
  languages?: ReadonlyMap<string, Messages>;
  /** Loket's HTTP server; the webhook route is mounted on it in webhook mode (before it listens). */
  app: FastifyInstance;
  flood?: FloodControlOptions;
  /** Extra adapter options (tests: typing delay, file fetcher). */
  channel?: Partial<Pick<TelegramChannelDeps, "typingAfterMs" | "files" | "codec" | "polling">>;
  /**
   * How long one Bot API call of connecting may take, retries included (default 15 s). The
   * auto-retry plugin retries a network error itself, forever, backing off up to an hour, and
   * says nothing: bounded here, the caller's own retry loop logs each failure and keeps its pace.
   */
  connectCallMs?: number;
  /**
   * Loket's store: each update's answer sent is marked there, so an update Telegram sends again
   * (after a restart) is answered once.
   */
  store?: Store;
  /**
   * The store is shared with other instances (Redis): pushes they stored for Telegram citizens
   * while this one was away are sent once it is connected (src/channels/telegram/pending.ts).
   */
  shared?: boolean;
}

export type TelegramConfig = Pick<
  Config,
  "TELEGRAM_API_ROOT" | "TELEGRAM_WEBHOOK_URL" | "TELEGRAM_WEBHOOK_SECRET" | "UPLOAD_MAX_BYTES"
>;

/**
 * A started Telegram channel; `stop()` ends polling: no more fetching, the updates in progress
 * finish (up to 8 s) and are confirmed to Telegram (a webhook stays set for the next start).
 */
export interface StartedTelegram {
  channel: TelegramChannel;
  mode: "polling" | "webhook";
  stop(): Promise<void>;
}

/** The channel made and registered (and its webhook route mounted), not yet connected to Telegram. */
export interface PreparedTelegram {
  channel: TelegramChannel;
  mode: "polling" | "webhook";
  /** getMe, the Indonesian commands, then setWebhook or deleteWebhook + long polling. */
  connect(): Promise<void>;
  stop(): Promise<void>;
  /** The network failure the last Bot API call met ("connect ECONNREFUSED …"), if any. */
  lastNetworkError(): string | undefined;
  /**
   * Sets the command menu again from the messages in use (`deps.languages`), after a reload of
   * messages/: only a language whose descriptions changed is sent, and with a shared store only by
   * the first instance to claim that menu (one call per reload, however many instances took it).
   * Before `connect` has set the menu, nothing: `connect` reads the messages in use then.
   */
  refreshCommands(): Promise<void>;
}

/**
 * Everything that needs no network, so it can happen before the HTTP server listens: installs
 * flood control on the bot it is handed, creates and registers the adapter, and in webhook mode
 * (TELEGRAM_WEBHOOK_URL set) mounts the webhook route.
 */
export function prepareTelegram(config: TelegramConfig, deps: StartTelegramDeps): PreparedTelegram {
  const { bot, messages } = deps;
  const log = deps.logger.child({ channel: "telegram" });
  // Installed first, so it runs inside flood control's retries: they retry a network failure until
  // the connecting call's time is up, and leave only "Request aborted while waiting between retries".
  let lastNetworkError: string | undefined;
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (err) {
      const e = err as { name?: string; message?: string; error?: { message?: string } };
      if (e.name === "HttpError") lastNetworkError = `${e.message} (${e.error?.message ?? "no detail"})`.replaceAll(bot.token, "***");
      throw err;
    }
  });
  installFloodControl(bot.api, deps.flood);
  const channel = createTelegramChannel({
    bot,
    runtime: deps.runtime,
    logger: deps.logger,
    messages,
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    ...(deps.store ? { store: deps.store } : {}),
    // Several instances behind one webhook URL may each be handed the same update.
    concurrent: Boolean(config.TELEGRAM_WEBHOOK_URL && deps.store && deps.shared),
    ...deps.channel,
  });
  // Pushes made on instances without the channel are stored there first: sent once, whether heard
  // over the bus (`keptAs`) or found stored after this instance was away.
  const pending = deps.store && deps.shared
    ? createTelegramPending({ store: deps.store, logger: log, send: (conversationId, address, replies) => channel.send(conversationId, address, replies) })
    : undefined;
  deps.runtime.registerChannel(
    pending ? { ...channel, send: (conversationId, address, replies, from, keptAs) => (keptAs ? pending.sendKept(keptAs, () => channel.send(conversationId, address, replies, from)) : channel.send(conversationId, address, replies, from)) } : channel,
  );
  const webhook = config.TELEGRAM_WEBHOOK_URL
    ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET ?? webhookSecretFromToken(bot.token) }
    : undefined;
  if (webhook) registerTelegramWebhook(deps.app, { path: new URL(webhook.url).pathname, secret: webhook.secret, channel });
  let polling = false;
  // grammY types its signals with the abort-controller package's class; Node's is the same at run time.
  const bounded = () => AbortSignal.timeout(deps.connectCallMs ?? 15_000) as unknown as Parameters<Bot["init"]>[0];
  /** The menu as last set here, by language ("" the default, Indonesian): what a reload compares with. */
  const menuSet = new Map<string, string>();
  /**
   * Each menu of the messages in use: the Indonesian one as the default, and the same commands
   * described in each other language for a Telegram app in it (the commands stay Indonesian words).
   */
  const menus = (): [string, { command: string; description: string }[]][] => {
    const id = deps.languages?.get("id") ?? messages;
    const commands = (m: Messages) => TELEGRAM_COMMANDS.map((command) => ({ command, description: m.t(`telegram.commands.${command}`) }));
    const out: [string, { command: string; description: string }[]][] = [["", commands(id)]];
    for (const [lang, m] of deps.languages ?? []) if (m !== id && lang !== "id") out.push([lang, commands(m)]);
    return out;
  };
  const setMenu = async (lang: string, commands: { command: string; description: string }[]) => {
    await bot.api.setMyCommands(commands, lang ? { language_code: lang as "en" } : undefined, bounded());
    menuSet.set(lang, JSON.stringify(commands));
  };
  return {
    channel,
    mode: webhook ? "webhook" : "polling",
    async refreshCommands() {
      if (!menuSet.size) return;
      for (const [lang, commands] of menus()) {
        const said = JSON.stringify(commands);
        if (menuSet.get(lang) === said) continue;
        // Instances on one Redis reload together: the first to claim this menu sets it (for a minute).
        if (deps.store && deps.shared && !(await firstToClaim(deps.store, `telegram-menu:${lang || "default"}`, said))) {
          menuSet.set(lang, said);
          continue;
        }
        await setMenu(lang, commands);
        log.info({ language: lang || "id" }, "telegram command menu set again after the reload of messages/");
      }
    },
    async connect() {
      await bot.init(bounded());
      for (const [lang, commands] of menus()) await setMenu(lang, commands);
      if (webhook) {
        await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: ALLOWED_UPDATES }, bounded());
        // Tutorials put the bot token in the webhook's path: it stays out of the log.
        log.info({ bot: bot.botInfo.username, path: new URL(webhook.url).pathname.replaceAll(bot.token, "<TELEGRAM_BOT_TOKEN>") }, "telegram webhook set");
      } else {
        await bot.api.deleteWebhook(undefined, bounded());
        channel.startPolling();
        polling = true;
        log.info({ bot: bot.botInfo.username }, "telegram long polling started");
      }
      await pending?.catchUp(true).catch((err: unknown) => log.warn({ err: { message: (err as Error).message } }, "telegram catch-up failed"));
    },
    async stop() {
      pending?.stop();
      if (polling) await channel.stop!();
    },
    lastNetworkError: () => lastNetworkError,
  };
}

/** Prepares and connects, for callers that need Telegram before going on (tests, benchmarks). */
export async function startTelegram(config: TelegramConfig, deps: StartTelegramDeps): Promise<StartedTelegram> {
  const t = prepareTelegram(config, deps);
  await t.connect();
  return { channel: t.channel, mode: t.mode, stop: () => t.stop() };
}

/** What /healthz says of Telegram. */
export interface TelegramStatus {
  state: "connecting" | "ready" | "failed";
  lastError?: string;
}

/**
 * What main.ts runs when TELEGRAM_BOT_TOKEN is set: Telegram is connected in the background, so
 * the web chat and the staff console start even when Telegram cannot be reached (the office's
 * internet is down at a restart). Network failures are retried (2 s, doubling to a minute); a
 * token Telegram refuses (401/404) is reported once, with what to do, and not retried.
 */
export function startTelegramInBackground(
  config: TelegramConfig,
  deps: StartTelegramDeps & { sleep?: (ms: number) => Promise<void> },
): { status(): TelegramStatus; mode: "polling" | "webhook"; stop(): Promise<void>; refreshCommands(): Promise<void> } {
  const t = prepareTelegram(config, deps);
  const log = deps.logger.child({ channel: "telegram" });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  let status: TelegramStatus = { state: "connecting" };
  let stopped = false;
  void (async () => {
    for (let attempt = 1, delay = 2_000; !stopped; attempt++, delay = Math.min(delay * 2, 60_000)) {
      try {
        await t.connect();
        status = { state: "ready" };
        if (stopped) await t.stop(); // stopped while connecting: polling must not outlive Loket
        return;
      } catch (err) {
        const code = (err as { error_code?: number }).error_code;
        // A call given up between retries says nothing of why: the network's own failure does.
        const given = err instanceof Error ? err.message : String(err);
        const reason = /aborted while waiting between retries/.test(given) ? (t.lastNetworkError() ?? given) : given;
        if (code === 401 || code === 404) {
          status = { state: "failed", lastError: reason };
          log.error({ code: "TELEGRAM_TOKEN_REJECTED", status: code }, "Telegram refused TELEGRAM_BOT_TOKEN: check the token with @BotFather (the web chat and staff console keep running)");
          return;
        }
        status = { state: "connecting", lastError: reason };
        log.warn({ attempt, retryInMs: delay, reason }, "Telegram not reachable yet; retrying (the web chat and staff console are running)");
        await sleep(delay);
      }
    }
  })();
  return {
    status: () => status,
    mode: t.mode,
    // After a reload of messages/: a failure is said, and the menu is set again at the next start.
    refreshCommands: () =>
      t.refreshCommands().catch((err: unknown) => {
        log.warn({ err: { message: (err as Error).message } }, "the telegram command menu was not set again after the reload (Telegram not reachable?); it is set at the next start");
      }),
    async stop() {
      stopped = true;
      if (status.state === "ready") await t.stop();
    },
  };
}

/**
 * Without TELEGRAM_WEBHOOK_SECRET the secret is derived from the bot token: stable across
 * restarts and instances (all set the same one), unknown to anyone without the token.
 */
export function webhookSecretFromToken(token: string): string {
  return createHmac("sha256", token).update("loket telegram webhook").digest("base64url");
}
