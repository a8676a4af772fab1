import { timingSafeEqual, createHash } from "node:crypto";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../../config.js";
import type { Runtime } from "../../runtime/port.js";
import type { Store } from "../../store/port.js";
import type { Messages } from "../../text/messages.js";
import { createWhatsAppChannel, type WhatsAppChannel } from "./adapter.js";
import { createSessionLease, LEASE_TTL_MS, runUnderLease, type LeaseRunner, type LeaseTimings } from "./lease.js";
import { encodeQr, qrToSvg, qrToTerminal } from "./qr.js";
import { createRedisAuthStore } from "./redis-auth-store.js";
import type { WaClient, WhatsAppStatus } from "./types.js";

export type WhatsAppConfig = Pick<
  Config,
  "DATA_DIR" | "CHROMIUM_PATH" | "UPLOAD_MAX_BYTES" | "WHATSAPP_SEND_PER_SECOND" | "WHATSAPP_MEDIA_TIMEOUT_MS" | "WHATSAPP_ADMIN_TOKEN" | "REDIS_KEY_PREFIX" | "RATE_LIMIT_BURST"
>;

export interface StartWhatsAppDeps {
  runtime: Runtime;
  logger: Logger;
  messages: Messages;
  /** Every language's messages: the hint under choices follows the reply's language. Default: `messages` alone. */
  languages?: ReadonlyMap<string, Messages>;
  app: FastifyInstance;
  /** When Loket runs on Redis: the session goes there (RemoteAuth), so another instance needs no QR. */
  redis?: Redis;
  /** Keeps queued texts until sent, so a crash does not lose them (the configured store). */
  store?: Store;
  /**
   * Tests hand in a client, or a function making a new one for each start (on Redis, WhatsApp starts
   * again each time this instance takes the session back); production builds whatsapp-web.js's own.
   */
  client?: WaClient | (() => WaClient);
  /**
   * The session lease on Redis (ttl 30 s, renewed every 10 s, a standby tries every 5 s, a free key
   * taken is used after 15 s); tests shorten it.
   */
  lease?: LeaseTimings;
  /** How often the outbox rereads the stored queue (default 60 s); tests shorten it. */
  outboxRescanMs?: number;
  /** Whether the QR is printed on standard output (default: when it is a terminal, or there is no QR page). */
  qrToTerminal?: boolean;
}

/**
 * WhatsApp on this instance: the channel while it runs, and its state for /healthz and the QR page.
 * On Redis only the instance holding the session lease runs it; the others report "standby".
 */
export interface WhatsAppService {
  status(): WhatsAppStatus;
  /** The latest QR string while waiting for a phone to link, else undefined. */
  qr(): string | undefined;
  /** The running channel; undefined while another instance holds the session. */
  channel(): WhatsAppChannel | undefined;
  /** Stops WhatsApp (sending what is queued first, for at most 15 s) and, on Redis, releases the session for a standby. */
  stop(): Promise<void>;
}

/** The flags a headless server needs; the background ones keep Chromium off a closed network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Builds whatsapp-web.js's Client on Debian's Chromium, with the session kept as configured. */
export async function createWhatsAppClient(config: WhatsAppConfig, redis?: Redis): Promise<WaClient> {
  const wweb = (await import("whatsapp-web.js")).default;
  const dataPath = resolve(join(config.DATA_DIR, "whatsapp"));
  const authStrategy = redis
    ? new wweb.RemoteAuth({
        store: createRedisAuthStore(redis, { dataPath, keyPrefix: `${config.REDIS_KEY_PREFIX}whatsapp:session:` }),
        dataPath,
        backupSyncIntervalMs: 300_000,
      })
    : new wweb.LocalAuth({ dataPath });
  return new wweb.Client({
    authStrategy,
    puppeteer: { executablePath: config.CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
    // The default cache is ./.wwebjs_cache, written after login: in the image the working
    // directory is not writable by the `node` user, and a failed write there stops `ready`.
    webVersionCache: { type: "local", path: join(dataPath, "web-cache") },
  }) as unknown as WaClient;
}

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());

/**
 * What main.ts calls with WHATSAPP_ENABLED=1: the adapter on a (Debian Chromium) client, the QR
 * printed in the terminal, the operator's QR page `GET /whatsapp/qr` (token from
 * WHATSAPP_ADMIN_TOKEN), and the state in /healthz. WhatsApp being unreachable never stops Loket.
 *
 * With `deps.redis` (several instances may share it) WhatsApp runs only while this instance holds
 * the lease `<REDIS_KEY_PREFIX>whatsapp:owner` (lease.ts): two instances logged into one session
 * would each send the stored queue, and citizens get texts twice. Another instance holding it, this
 * one logs `WHATSAPP_STANDBY`, reports "standby" and takes over when that one stops; start-up does
 * not wait for it. On the embedded store there is no other instance: no lease.
 */
export async function startWhatsApp(config: WhatsAppConfig, deps: StartWhatsAppDeps): Promise<WhatsAppService> {
  const log = deps.logger.child({ channel: "whatsapp" });
  let current: WhatsAppChannel | undefined;
  let runner: LeaseRunner | undefined;
  let qrPageToldAt = -Infinity;

  async function open(): Promise<WhatsAppChannel> {
    const given = deps.client;
    const client = typeof given === "function" ? given() : (given ?? (await createWhatsAppClient(config, deps.redis)));
    const channel = createWhatsAppChannel({
      client,
      runtime: deps.runtime,
      logger: log,
      messages: deps.messages,
      ...(deps.languages ? { languages: deps.languages } : {}),
      uploadMaxBytes: config.UPLOAD_MAX_BYTES,
      sendPerSecond: config.WHATSAPP_SEND_PER_SECOND,
      mediaTimeoutMs: config.WHATSAPP_MEDIA_TIMEOUT_MS,
      ...(deps.store ? { store: deps.store } : {}),
      ...(deps.outboxRescanMs ? { outboxRescanMs: deps.outboxRescanMs } : {}),
      // A citizen's unread messages are taken at once after a restart: no more than the rate limit lets through.
      catchUp: { perChat: Math.min(20, config.RATE_LIMIT_BURST) },
      onQr: (qr) => {
        // The QR is a credential: printed for the operator at the terminal, never logged. Where
        // standard output is not a terminal (a container's log stream, a log file) it goes only to
        // the QR page when there is one: whoever reads the logs could link the office's number.
        if (!(deps.qrToTerminal ?? process.stdout.isTTY) && config.WHATSAPP_ADMIN_TOKEN) {
          // A new QR comes every ~20 s: said once in ten minutes.
          if (Date.now() - qrPageToldAt >= 10 * 60_000) {
            qrPageToldAt = Date.now();
            log.info("WhatsApp waits for a phone to link: scan the QR at /whatsapp/qr (WHATSAPP_ADMIN_TOKEN)");
          }
          return;
        }
        process.stdout.write(`\n${deps.messages.t("whatsapp.qr_help")}\n${qrToTerminal(encodeQr(qr, "L"))}\n`);
      },
    });
    current = channel;
    await channel.start();
    return channel;
  }

  const service: WhatsAppService = {
    status() {
      if (runner && runner.state() === "standby") return { state: "standby", since: runner.since().toISOString(), attempts: 0 };
      // Took a free session and waits before starting, in case a holder whose key vanished still runs.
      if (runner && runner.state() === "taking") return { state: "starting", since: runner.since().toISOString(), attempts: 0 };
      return current?.status() ?? { state: "disconnected", since: (runner?.since() ?? new Date()).toISOString(), lastError: "stopped", attempts: 0 };
    },
    qr: () => (runner && runner.state() !== "held" ? undefined : current?.qr()),
    channel: () => (runner && runner.state() !== "held" ? undefined : current),
    async stop() {
      if (runner) await runner.stop();
      else await current?.stop();
    },
  };

  deps.app.get("/whatsapp/qr", async (req, reply) => {
    const header = req.headers.authorization;
    const given = header?.startsWith("Bearer ") ? header.slice(7) : (req.query as { token?: string }).token;
    if (!config.WHATSAPP_ADMIN_TOKEN) return reply.code(404).send({ error: "set WHATSAPP_ADMIN_TOKEN to enable this page" });
    if (!given || !sameSecret(given, config.WHATSAPP_ADMIN_TOKEN)) return reply.code(401).send({ error: "token required" });
    const status = service.status();
    const qr = service.qr();
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const body = qr
      ? `<p>${esc(deps.messages.t("whatsapp.qr_help"))}</p>${qrToSvg(encodeQr(qr, "L"), 6, `Kode QR: ${deps.messages.t("whatsapp.qr_title")}`)}`
      : `<p>Status: <b>${esc(status.state)}</b>${status.lastError ? ` — ${esc(status.lastError)}` : ""}</p>`;
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("refresh", "10")
      .send(`<!doctype html><html lang="id"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(deps.messages.t("whatsapp.qr_title"))}</title><h1>${esc(deps.messages.t("whatsapp.qr_title"))}</h1>${body}</html>`);
  });

  if (!deps.redis) {
    await open();
    return service;
  }
  const ttlMs = deps.lease?.ttlMs ?? LEASE_TTL_MS;
  runner = await runUnderLease({
    lease: createSessionLease(deps.redis, `${config.REDIS_KEY_PREFIX}whatsapp:owner`, { ttlMs }),
    logger: log,
    timings: { ...deps.lease, ttlMs },
    start: async () => {
      const channel = await open();
      const cut = new AbortController();
      return {
        async stop(reason) {
          // Off the runtime first: pushes made meanwhile are stored for the next holder, as on any
          // instance without WhatsApp. Lost: nothing more is sent here, the new holder sends it.
          channel.unregister();
          await channel.stop({ drain: reason === "shutdown", cut: cut.signal });
        },
        cut: () => cut.abort(),
      };
    },
  });
  return service;
}
