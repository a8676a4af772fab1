import type { Logger } from "pino";
import type { WaClient, WhatsAppState, WhatsAppStatus } from "./types.js";

/** Reconnect policy. Defaults suit a server: 2 s doubling to 5 min, give up after 50 tries. */
export interface ReconnectOptions {
  initialMs?: number;
  maxMs?: number;
  /** Failed attempts in a row before the state becomes "failed" and retrying stops. */
  maxAttempts?: number;
  /** An `initialize()` that neither resolves nor fails within this time counts as failed. */
  connectTimeoutMs?: number;
}

export interface ConnectionOptions {
  client: WaClient;
  logger: Logger;
  reconnect?: ReconnectOptions;
  /** Called with every new QR string (to print it in the terminal). Never logged. */
  onQr?: (qr: string) => void;
  now?: () => Date;
  /** 0..1, for backoff jitter. */
  random?: () => number;
}

export interface Connection {
  /** Starts connecting in the background; never throws and never waits for WhatsApp. */
  start(): void;
  stop(): Promise<void>;
  status(): WhatsAppStatus;
  /** The QR string to scan while the state is "qr". */
  qr(): string | undefined;
}

/** Reasons meaning the phone unlinked this device: a new QR scan is needed, retrying cannot help. */
const LOGGED_OUT = new Set(["LOGOUT", "UNPAIRED", "UNPAIRED_IDLE"]);
/** Reasons meaning WhatsApp refuses this number or client: retrying would only make it worse. */
const FATAL = new Set(["TOS_BLOCK", "SMB_TOS_BLOCK", "DEPRECATED_VERSION", "Max qrcode retries reached"]);

/** Puppeteer's ways of saying the browser is missing or cannot run at all. */
const NO_BROWSER = /Failed to launch the browser process|Browser was not found|Could not find (Chrome|Chromium|expected browser)|spawn \S+ ENOENT|ENOENT.*chrom/i;

/**
 * The WhatsApp Web session's lifecycle: `initialize`, the `qr` / `authenticated` / `auth_failure`
 * / `ready` / `disconnected` events, reconnection with exponential backoff, and a status for
 * /healthz. A logout is reported as "logged_out" and followed by a single relink attempt (so a
 * fresh QR appears), not by endless retries. Attempts are numbered so a late answer from an
 * abandoned attempt is ignored.
 */
export function createConnection(opts: ConnectionOptions): Connection {
  const { client, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const initialMs = opts.reconnect?.initialMs ?? 2_000;
  const maxMs = opts.reconnect?.maxMs ?? 300_000;
  const maxAttempts = opts.reconnect?.maxAttempts ?? 50;
  const connectTimeoutMs = opts.reconnect?.connectTimeoutMs ?? 120_000;

  let status: WhatsAppStatus = { state: "starting", since: now().toISOString(), attempts: 0 };
  let qr: string | undefined;
  let attempt = 0;
  let stopped = false;
  let relinked = false;
  let timer: NodeJS.Timeout | undefined;

  function set(state: WhatsAppState, lastError?: string): void {
    const changed = state !== status.state;
    status = {
      state,
      since: changed ? now().toISOString() : status.since,
      attempts: status.attempts,
      ...(lastError ? { lastError } : status.lastError ? { lastError: status.lastError } : {}),
    };
    if (state !== "qr") qr = undefined;
    if (changed) {
      const line = { state, attempts: status.attempts, ...(lastError ? { reason: lastError } : {}) };
      if (state === "logged_out" || state === "failed") logger.error(line, "whatsapp session stopped");
      else if (state === "disconnected") logger.warn(line, "whatsapp disconnected");
      else logger.info(line, "whatsapp state");
    }
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    const mine = ++attempt;
    status = { ...status, attempts: status.attempts + 1 };
    set("starting");
    const guard = setTimeout(() => void fail(mine, `WhatsApp Web did not open within ${connectTimeoutMs} ms`), connectTimeoutMs);
    guard.unref?.();
    try {
      await client.initialize();
    } catch (err) {
      const reason = describe(err);
      if (NO_BROWSER.test(reason) && mine === attempt && !stopped) {
        // No retry helps until someone installs the browser or fixes its path.
        attempt++;
        set("failed", `the browser could not start (${reason}): install Debian's chromium or fix CHROMIUM_PATH, then restart Loket`);
        return;
      }
      await fail(mine, reason);
    } finally {
      clearTimeout(guard);
    }
  }

  /** Abandons attempt `mine` (if still current), closes the browser and schedules the next one. */
  async function fail(mine: number, reason: string): Promise<void> {
    if (mine !== attempt || stopped) return;
    attempt++;
    await client.destroy().catch(() => undefined);
    retryLater(reason);
  }

  function retryLater(reason: string): void {
    if (stopped) return;
    if (status.attempts >= maxAttempts) {
      set("failed", `${reason} (gave up after ${status.attempts} attempts; restart Loket to try again)`);
      return;
    }
    set("disconnected", reason);
    const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, status.attempts - 1));
    const delay = Math.round(base * (0.75 + random() * 0.5));
    logger.info({ delayMs: delay, attempts: status.attempts }, "whatsapp reconnect scheduled");
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), delay);
    timer.unref?.();
  }

  client.on("qr", (value: string) => {
    if (stopped) return;
    set("qr");
    qr = value;
    opts.onQr?.(value);
  });
  client.on("authenticated", () => {
    if (!stopped) set("starting");
  });
  client.on("auth_failure", (message: unknown) => {
    if (!stopped) set("failed", `authentication failed: ${describe(message)}; scan a new QR`);
  });
  client.on("ready", () => {
    if (stopped) return;
    status = { ...status, attempts: 0 };
    relinked = false;
    set("ready");
  });
  client.on("disconnected", (reason: unknown) => {
    if (stopped) return;
    const why = describe(reason);
    attempt++; // whatever was in flight is over
    if (LOGGED_OUT.has(why)) {
      set("logged_out", `the phone unlinked Loket (${why}); scan a new QR on /whatsapp/qr to link again`);
      // "LOGOUT": whatsapp-web.js reopens the page itself and a new QR follows. Otherwise the
      // client is destroyed: open it once more so a QR is shown, but do not loop.
      if (why !== "LOGOUT" && !relinked) {
        relinked = true;
        clearTimeout(timer);
        timer = setTimeout(() => void client.destroy().catch(() => undefined).then(connect), initialMs);
        timer.unref?.();
      }
      return;
    }
    if (FATAL.has(why)) {
      set("failed", `WhatsApp refused the session (${why}); see docs/whatsapp.md`);
      void client.destroy().catch(() => undefined);
      return;
    }
    void client.destroy().catch(() => undefined);
    retryLater(`disconnected: ${why}`);
  });

  return {
    start() {
      stopped = false;
      void connect();
    },
    async stop() {
      stopped = true;
      attempt++;
      clearTimeout(timer);
      await client.destroy().catch((err) => logger.warn({ err: describe(err) }, "whatsapp client did not close cleanly"));
      set("disconnected", "stopped");
    },
    status: () => ({ ...status }),
    qr: () => (status.state === "qr" ? qr : undefined),
  };
}

/** An error or event payload as one short line for operators. */
export function describe(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0]!.slice(0, 300);
  if (typeof err === "string") return err.slice(0, 300);
  return String(err).slice(0, 300);
}
