import { createHash } from "node:crypto";
import pino, { type Logger } from "pino";

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
 * A WhatsApp conversation id contains the citizen's phone number (`whatsapp:628…@c.us`): in
 * logs it becomes a stable short hash, so lines of one conversation can still be followed.
 */
export function logSafeId(id: string): string {
  const m = /^whatsapp:(.+)$/.exec(id);
  return m ? `whatsapp:#${createHash("sha256").update(m[1]!).digest("hex").slice(0, 12)}` : id;
}

/** pino `formatters.log`: applies logSafeId to conversation ids wherever they are logged. */
export function safeLogFields(obj: Record<string, unknown>): Record<string, unknown> {
  if (typeof obj.conversationId === "string") return { ...obj, conversationId: logSafeId(obj.conversationId) };
  return obj;
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
