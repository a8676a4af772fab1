import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { LoketError } from "./errors.js";

/**
 * Paths redacted in every log line. Personal data (NIK, phone, names, e-mail, documents)
 * and secrets never reach logs; log ids and counts instead.
 */
export const REDACT_PATHS = [
  "text",
  "*.text",
  "nik",
  "*.nik",
  "phone",
  "*.phone",
  "name",
  "*.name",
  "email",
  "*.email",
  "fields",
  "*.fields",
  "token",
  "*.token",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "cookie",
  "*.cookie",
  "address",
  "*.address",
];

/**
 * A WhatsApp conversation id contains the citizen's phone number (`whatsapp:628…@c.us`), and a
 * Telegram one the citizen's Telegram user id (`telegram:123456789`, a private chat's id is the
 * user's), which opens their profile: in logs each becomes a stable short hash, so lines of one
 * conversation can still be followed (`npm run staff -- log-id <conversation id>` gives the hash).
 * Web ids are random and the staff group's pseudo conversation is the office's own: kept.
 */
export function logSafeId(id: string): string {
  const m = /^(whatsapp|telegram):([^#].*)$/.exec(id);
  if (!m) return id;
  const h = idKey ? createHmac("sha256", idKey) : createHash("sha256");
  return `${m[1]}:#${h.update(m[2]!).digest("hex").slice(0, 12)}`;
}

/**
 * A short keyed hash of `text` (the installation's secret, as logSafeId): for personal data kept
 * as a key outside the logs too, such as a client's address in a limit's counter.
 */
export function keyedDigest(text: string): string {
  return (idKey ? createHmac("sha256", idKey) : createHash("sha256")).update(text).digest("base64url").slice(0, 16);
}

/**
 * The hash is keyed with a random secret of this installation (`DATA_DIR/log-id.key`, made at the
 * first start, readable by Loket's user only): a plain hash of a phone number can be reversed by
 * hashing every Indonesian mobile number (minutes on one core); without the key it cannot.
 * Instances sharing DATA_DIR share the key, so their logs name a conversation alike.
 */
let idKey: Buffer | undefined;
export function useLogIdKey(dataDir: string): void {
  const file = join(dataDir, "log-id.key");
  const read = (): Buffer | undefined => {
    try {
      const k = Buffer.from(readFileSync(file, "utf8").trim(), "hex");
      return k.length >= 16 ? k : undefined;
    } catch {
      return undefined;
    }
  };
  let key = read();
  if (!key && !existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Written whole under another name, then linked into place: an instance starting at the same
    // moment reads either no file or the whole key, never half of one.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(tmp, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch {
      // another process linked its key first: that one is used
    } finally {
      rmSync(tmp, { force: true });
    }
    key = read();
  }
  // Never a silent fall back to the plain hash, which can be reversed.
  if (!key) {
    throw new LoketError(
      "LOG_ID_KEY_UNREADABLE",
      `${file} cannot be read as a key (made by another user, e.g. \`sudo npm run staff\`, or emptied). Run Loket and \`npm run staff\` as the same user; if the file is empty, delete it and start again.`,
    );
  }
  idKey = key;
}

/**
 * pino `formatters.log`: applies logSafeId to conversation ids wherever they are logged: at the
 * top level, and in a logged error's context (`err.context.conversationId`), where a store or
 * channel failure names the conversation it failed for.
 */
export function safeLogFields(obj: Record<string, unknown>): Record<string, unknown> {
  let out = obj;
  if (typeof obj.conversationId === "string") out = { ...out, conversationId: logSafeId(obj.conversationId) };
  const ctx = (obj.err as { context?: Record<string, unknown> } | null | undefined)?.context;
  if (ctx && typeof ctx === "object" && typeof ctx.conversationId === "string" && ctx.conversationId !== logSafeId(ctx.conversationId)) {
    // A copy of the same class (pino's serializer names it by its constructor); the error itself is untouched.
    const err = obj.err as object;
    const copy = Object.create(Object.getPrototypeOf(err) as object, Object.getOwnPropertyDescriptors(err)) as Record<string, unknown>;
    Object.defineProperty(copy, "context", { value: { ...ctx, conversationId: logSafeId(ctx.conversationId) }, enumerable: true });
    out = { ...out, err: copy };
  }
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Pretty output; default: when stdout is a terminal. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const pretty = opts.pretty ?? Boolean(process.stdout.isTTY);
  const base = {
    level: opts.level ?? "info",
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    formatters: { log: safeLogFields },
    base: { app: "loket" },
  };
  if (opts.destination) return pino(base, opts.destination as pino.DestinationStream);
  if (pretty) return pino({ ...base, transport: { target: "pino-pretty", options: { colorize: true } } });
  return pino(base);
}

export type { Logger };
