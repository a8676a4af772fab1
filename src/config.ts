import { accessSync, constants, readdirSync, statSync } from "node:fs";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import { LoketError } from "./errors.js";

/** `{name}` in a message is the variable's name (loadConfig fills it in): an example to copy. */
const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""], { error: "must be 1 (on) or 0 (off), e.g. {name}=1" })
  .transform((v) => v === "1" || v === "true" || v === "yes");
/** One of a few names, refused with all of them and the first as an example. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, example: T[number] = values[0]) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}, e.g. {name}=${example}` });
const optionalUrl = z
  .string()
  .url()
  .refine((u) => !u.endsWith("/"), "must not end with '/'")
  .optional();
/**
 * Digits only: " " (a stray space in an env file), "1e3" or "0x1389" are refused, not read as
 * numbers. Unset, the default; a refusal gives it as the example ("10MB": e.g. UPLOAD_MAX_BYTES=10485760).
 */
const int = (min: number, max: number, byDefault: number) => {
  const eg = `, e.g. {name}=${byDefault}`;
  return z
    .string()
    .regex(/^\s*\d+\s*$/, `must be a whole number from ${min} to ${max}${eg}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}${eg}`).max(max, `must be at most ${max}${eg}`))
    .default(byDefault);
};

/** A rate: digits with an optional decimal part ("1", "0.5"); "1e3", "Infinity" and "abc" are refused. */
const rate = (max: number) =>
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*$/, `must be a number greater than 0 and at most ${max}, e.g. 1 or 0.5`)
    .transform(Number)
    .pipe(z.number().positive(`must be greater than 0, e.g. 1 or 0.5`).max(max, `must be at most ${max}`));

/**
 * A Redis URL ioredis can open: parsed here, so a mistyped port is refused naming the variable
 * (ioredis would throw its own error quoting the whole URL, password included).
 */
const redisUrl = z.string().superRefine((v, ctx) => {
  if (!/^rediss?:\/\//.test(v)) return void ctx.addIssue({ code: "custom", message: "must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379" });
  // A password pasted as it is: '/', '#' and '?' end a URL's host part, and a '%' must start an
  // escape (ioredis decodes it, and threw "URI malformed" with a stack trace).
  const userinfo = /^rediss?:\/\/(.*)@/s.exec(v)?.[1];
  if (userinfo && (/[/#?]/.test(userinfo) || /%(?![0-9A-Fa-f]{2})/.test(userinfo))) {
    return void ctx.addIssue({
      code: "custom",
      message: "the password (or user) holds a character a URL reserves: write it percent-encoded: / as %2F, # as %23, ? as %3F, % as %25, @ as %40, e.g. redis://:pa%2Fss@127.0.0.1:6379 for the password pa/ss",
    });
  }
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return void ctx.addIssue({ code: "custom", message: "is not a valid URL: redis://[:password@]host[:port][/db], e.g. redis://127.0.0.1:6379" });
  }
  if (!u.hostname) ctx.addIssue({ code: "custom", message: "names no host: redis://[:password@]host[:port][/db]" });
  if (u.pathname.length > 1 && !/^\/0?(\d|1[0-5])$/.test(u.pathname)) ctx.addIssue({ code: "custom", message: "the part after the host must be a database number (/0 to /15), or nothing" });
});

/**
 * A path. A leading ~ is expanded by a shell only: from a systemd unit, an env file or Docker it
 * would be a folder named "~" inside the project, which Loket would make and fill in silence.
 */
const path = () =>
  z.string().refine((v) => !/^~(\/|$)/.test(v), "starts with ~, which only a shell turns into the home folder: write the whole path, e.g. /home/loket/data");

/** Names of address ranges a proxy may be in (proxy-addr's, which Fastify uses). */
const PROXY_RANGES = ["loopback", "linklocal", "uniquelocal"];
/**
 * Which peers' `X-Forwarded-For` is believed: `all`, `none`, or a comma list of range names,
 * addresses and CIDRs. Read as Fastify's `trustProxy` (true, false, or the list).
 */
const trustProxy = z
  .string()
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    if (v === "all" || v === "none") return;
    for (const item of v.split(",").map((i) => i.trim())) {
      const [addr, bits, extra] = item.split("/");
      const family = isIP(addr ?? "");
      const ok = PROXY_RANGES.includes(item) || (family && extra === undefined && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))));
      if (!ok) ctx.addIssue({ code: "custom", message: `"${item}" is not an address, a CIDR or one of ${PROXY_RANGES.join(", ")}: write e.g. loopback,10.0.0.5 (or all, or none)` });
    }
  })
  .transform((v): boolean | string[] => (v === "all" ? true : v === "none" ? false : v.split(",").map((i) => i.trim())));

/**
 * Loket's whole configuration, from the environment. Every variable is listed in the
 * README's configuration table. A bad value stops start-up naming the variable.
 */
export const ConfigSchema = z.object({
  PORT: int(1, 65535, 3000),
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: path().default("./data"),
  REDIS_URL: redisUrl.optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, "letters, digits, ':', '_' or '-', e.g. rembang:").default("loket:"),
  KNOWLEDGE_DIR: path().default("./knowledge"),
  FLOWS_DIR: path().default("./flows"),
  REGISTRATION_PREFIX: z.string().regex(/^[A-Z]{2,8}$/, "2-8 capital letters, e.g. RBG").optional(),
  UPLOAD_MAX_BYTES: int(1024, 100 * 1024 * 1024, 10 * 1024 * 1024),
  MESSAGE_MAX_CHARS: int(100, 100_000, 4000),
  CONVERSATION_TTL_DAYS: int(1, 3650, 30),
  RATE_LIMIT_BURST: int(1, 10_000, 10),
  RATE_LIMIT_PER_SECOND: rate(1_000_000).default(1),
  WEB_CONVERSATIONS_PER_MINUTE: int(0, 1_000_000, 60),
  WEB_UPLOAD_MB_PER_HOUR: int(0, 10_000_000, 1000),
  WEB_STREAMS_PER_ADDRESS: int(1, 1_000_000, 100),
  WEB_STREAMS_MAX: int(1, 1_000_000, 5000),
  HANDOFF_IDLE_MINUTES: int(1, 24 * 60, 15),
  RETENTION_DAYS: int(1, 36500, 365),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, "must look like 123456:ABC-DEF... (the token @BotFather gave)").optional(),
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: z
    .string()
    .url()
    .refine((u) => u.startsWith("https://"), "must start with https:// (Telegram sends webhooks over HTTPS only)")
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 of A-Z a-z 0-9 _ -").optional(),
  TELEGRAM_STAFF_CHAT_ID: z.string().regex(/^-?\d+$/, "a numeric chat id such as -1001234567890").optional(),
  WHATSAPP_ENABLED: bool.default(false),
  WHATSAPP_ADMIN_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  WHATSAPP_SEND_PER_SECOND: rate(100).default(1),
  WHATSAPP_MEDIA_TIMEOUT_MS: int(1000, 600_000, 60_000),
  CHROMIUM_PATH: path().default("/usr/bin/chromium"),
  LLM_PROVIDER: oneOf(["openai", "ollama"]).optional(),
  LLM_BASE_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), "must start with http:// or https:// (the server's OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1)")
    .optional(),
  LLM_MODEL: z.string().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_TIMEOUT_MS: int(100, 120_000, 8000),
  LLM_CIRCUIT_FAILURES: int(1, 1000, 3),
  LLM_CIRCUIT_COOLDOWN_MS: int(1000, 3_600_000, 60_000),
  LOG_LEVEL: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "info").default("info"),
  COOKIE_SECURE: bool.default(false),
  TRUST_PROXY: trustProxy.default(["loopback", "uniquelocal"]),
});
export type Config = z.infer<typeof ConfigSchema>;

/**
 * A URL as it may be printed: the password (and user) in it masked, `redis://***@host:6379`. Up to
 * the last '@': a generated password may hold '/', '+' or '@' itself (openssl rand -base64).
 */
export const maskUrlPassword = (url: string): string => url.replace(/\/\/.*@/s, "//***@");

/** Name spaces only Loket uses: a variable in one that Loket does not read is a typo (TELEGRAM_TOKEN). */
const OWN_PREFIXES = ["TELEGRAM_", "WHATSAPP_", "LLM_", "RATE_LIMIT_", "UPLOAD_MAX_", "MESSAGE_MAX_", "HANDOFF_", "RETENTION_"];

/** Variable name spaces of things Loket does not read from the environment, and where they are set. */
const ELSEWHERE = [
  { prefixes: ["OFFICE_", "LOKET_OFFICE_", "KANTOR_"], instead: "the office's name, address, hours, holidays and contacts are in knowledge/office.yaml (README, Changing what Loket knows and says)" },
  // The store is chosen by REDIS_URL alone: a Redis set up the way other images take it (host, port
  // and password apart) or a store named would leave Loket on SQLite in silence.
  {
    prefixes: ["STORE", "LOKET_STORE", "STORAGE", "DATABASE_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_USER", "REDIS_DB", "REDIS_TLS"],
    instead: "the store is chosen by REDIS_URL alone: set REDIS_URL=redis://[:password@]host[:port][/db] (rediss:// for TLS) for Redis; unset, the embedded SQLite in DATA_DIR (README, Configuration)",
  },
  { prefixes: ["STAFF_", "ADMIN_", "LOKET_ADMIN_", "LOKET_STAFF_"], instead: "staff accounts are made with npm run staff -- add <name> --role admin, and linked to the Telegram staff group with npm run staff -- telegram <name> <id> (docs/staff.md)" },
];

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Variables Loket does not read but that look meant for it: in one of its own name spaces
 * (`TELEGRAM_TOKEN`), or a letter or two from one of its names (`WHATSAPP_ENABLE`, `DATADIR`).
 * Said at start-up, with the name meant: a misspelled name would otherwise leave a channel off in silence.
 */
export function unknownSettings(env: NodeJS.ProcessEnv = process.env): { name: string; meant?: string; instead?: string }[] {
  const known = Object.keys(ConfigSchema.shape);
  const out: { name: string; meant?: string; instead?: string }[] = [];
  for (const name of Object.keys(env).sort()) {
    if (known.includes(name) || env[name] === undefined || env[name] === "") continue;
    // What an operator looks for among the variables but is set elsewhere: the office (OFFICE_NAME,
    // OFFICE_HOURS) in knowledge/office.yaml, staff accounts (STAFF_PASSWORD, ADMIN_USER) with a command;
    // a setting's last words alone (STAFF_CHAT_ID, BOT_TOKEN) or after the app's name (LOKET_PORT).
    const longer = name.includes("_") ? known.find((k) => k.endsWith(`_${name}`)) : undefined; // STAFF_CHAT_ID: TELEGRAM_STAFF_CHAT_ID (not PATH: CHROMIUM_PATH)
    if (longer) {
      out.push({ name, meant: longer });
      continue;
    }
    const elsewhere = ELSEWHERE.find((e) => e.prefixes.some((p) => name.startsWith(p)));
    if (elsewhere) {
      out.push({ name, instead: elsewhere.instead });
      continue;
    }
    if (name.startsWith("LOKET_") && known.includes(name.slice(6))) {
      out.push({ name, meant: name.slice(6) });
      continue;
    }
    // Nearest name; on a tie, the one with the same last word (LLM_KEY: LLM_API_KEY, not LLM_MODEL).
    const score = (k: string) => distance(name, k) - (k.split("_").at(-1) === name.split("_").at(-1) ? 0.5 : 0);
    const prefix = OWN_PREFIXES.find((p) => name.startsWith(p));
    // Outside Loket's name spaces only a name within two letters counts, and no name whose length
    // differs by more is (PATH, HOSTNAME and the other variables of every shell cost no distance).
    const near = prefix ? known : known.filter((k) => Math.abs(k.length - name.length) <= 2);
    if (!near.length) continue;
    const [meant, d] = near.map((k) => [k, score(k)] as const).reduce((a, b) => (b[1] < a[1] ? b : a));
    if (!prefix && !(d <= 2 && meant.length >= 6)) continue;
    // Far from every name: the only one of its name space, if there is one (MESSAGE_MAX_LENGTH: MESSAGE_MAX_CHARS).
    const only = known.filter((k) => prefix && k.startsWith(prefix));
    const guess = d <= Math.max(4, meant.length / 3) ? meant : only.length === 1 ? only[0] : undefined;
    out.push({ name, ...(guess ? { meant: guess } : {}) });
  }
  return out;
}

/**
 * Loket settings written in `.env` in the folder Loket starts in that the environment does not
 * have: Loket reads only the environment (a dotenv habit from other Node apps would leave them
 * ignored in silence). Names only; none when Node was started with `--env-file`.
 */
export function unreadEnvFile(text: string | undefined, env: NodeJS.ProcessEnv = process.env, execArgv: string[] = process.execArgv): string[] {
  if (text === undefined || execArgv.some((a) => a.startsWith("--env-file"))) return [];
  const known = Object.keys(ConfigSchema.shape);
  const names = [...text.matchAll(/^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=/gm)].map((m) => m[1]!);
  return [...new Set(names)].filter((n) => known.includes(n) && (env[n] === undefined || env[n] === ""));
}

/**
 * Settings that do nothing as set, said at start-up (not refused: instances on one Redis may
 * share an env file in which one of them sets WHATSAPP_ENABLED=1).
 */
export function configWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
  const set = (k: string) => env[k] !== undefined && env[k] !== "";
  const wa = ["WHATSAPP_ADMIN_TOKEN", "WHATSAPP_SEND_PER_SECOND", "WHATSAPP_MEDIA_TIMEOUT_MS"].filter(set);
  // WHATSAPP_ENABLED=0 is off on purpose: nothing to say.
  if (wa.length && !set("WHATSAPP_ENABLED")) {
    // "A", "A and B", "A, B and C".
    const names = wa.length > 1 ? `${wa.slice(0, -1).join(", ")} and ${wa.at(-1)}` : wa[0];
    return [`WHATSAPP_ENABLED is not set, but ${names} ${wa.length > 1 ? "are" : "is"}: WhatsApp is off. Set WHATSAPP_ENABLED=1 to run it here (on one instance only), or WHATSAPP_ENABLED=0 to keep it off without this warning`];
  }
  return [];
}

/** A value as an error may print it: secrets (tokens, keys, passwords in a URL) are not written to the log. */
function shown(name: string, value: string, botToken?: string): string {
  if (/TOKEN|SECRET|PASSWORD|API_KEY/.test(name)) return `(hidden, ${value.length} characters)`;
  // Tutorials put the bot token in the webhook's path (https://host/telegram/<token>).
  const masked = maskUrlPassword(value);
  return JSON.stringify(botToken ? masked.replaceAll(botToken, "<TELEGRAM_BOT_TOKEN>") : masked);
}

/** Parses the environment; empty strings count as unset. Throws CONFIG_INVALID naming each variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== "") cleaned[key] = v;
  }
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? "?");
      return `${name}=${shown(name, cleaned[name] ?? "", cleaned.TELEGRAM_BOT_TOKEN)}: ${i.message.replaceAll("{name}", name)}`;
    });
    throw new LoketError("CONFIG_INVALID", `Invalid configuration:\n${lines.join("\n")}`, { variables: lines.length });
  }
  // Telegram settings without a bot token would be silently ignored: a forgotten token is refused instead.
  const orphans = (["TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_STAFF_CHAT_ID"] as const).filter((k) => parsed.data[k] !== undefined);
  if (orphans.length && !parsed.data.TELEGRAM_BOT_TOKEN) {
    throw new LoketError("CONFIG_INVALID", `Invalid configuration:\nTELEGRAM_BOT_TOKEN is not set, but ${orphans.join(", ")} ${orphans.length > 1 ? "are" : "is"}: set the token too, or remove ${orphans.length > 1 ? "them" : "it"}`, { variables: 1 });
  }
  // Model settings without a provider would be silently ignored (no model): refused instead.
  const modelOrphans = (["LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY"] as const).filter((k) => parsed.data[k] !== undefined);
  if (modelOrphans.length && !parsed.data.LLM_PROVIDER) {
    throw new LoketError("CONFIG_INVALID", `Invalid configuration:\nLLM_PROVIDER is not set, but ${modelOrphans.join(", ")} ${modelOrphans.length > 1 ? "are" : "is"}: set LLM_PROVIDER=openai or LLM_PROVIDER=ollama too, or remove ${modelOrphans.length > 1 ? "them" : "it"}`, { variables: 1 });
  }
  return parsed.data;
}

/** The folders a clerk edits that a variable names, what each holds, and its default. */
const FOLDERS = [
  { name: "KNOWLEDGE_DIR", holds: "the folder with permits/, office.yaml and referrals.yaml", byDefault: "./knowledge" },
  { name: "FLOWS_DIR", holds: "the folder with the flows (apply.yaml, status.yaml, ...)", byDefault: "./flows" },
] as const;

/**
 * KNOWLEDGE_DIR and FLOWS_DIR must be folders this user may read: one that is missing, a file or
 * locked is refused as a wrong value, naming the variable (its files' own checks would otherwise
 * report "permits:1: folder is missing" without saying which setting pointed there). So is a
 * CHROMIUM_PATH with no browser when WhatsApp is on. Throws CONFIG_INVALID, one line per variable.
 */
export function checkFolders(config: Pick<Config, "KNOWLEDGE_DIR" | "FLOWS_DIR" | "WHATSAPP_ENABLED" | "CHROMIUM_PATH">, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): void {
  const lines: string[] = [];
  // WhatsApp runs in this browser: without it the channel would only log its failure while the
  // operator believes WhatsApp is on.
  if (config.WHATSAPP_ENABLED) {
    const browser = resolve(cwd, config.CHROMIUM_PATH);
    let ok = false;
    try {
      ok = statSync(browser).isFile();
      if (ok) accessSync(browser, constants.X_OK);
    } catch {
      ok = false;
    }
    if (!ok) lines.push(`CHROMIUM_PATH=${JSON.stringify(config.CHROMIUM_PATH)}: no browser this user may run there, and WhatsApp (WHATSAPP_ENABLED=1) runs in it: install Debian's Chromium (apt-get install chromium, at /usr/bin/chromium), or set CHROMIUM_PATH to the program`);
  }
  for (const f of FOLDERS) {
    const value = config[f.name];
    const set = env[f.name] !== undefined && env[f.name] !== "";
    const said = set ? `${f.name}=${JSON.stringify(value)}` : `${f.name} (unset: ${f.byDefault})`;
    const where = resolve(cwd, value);
    let problem: string | undefined;
    try {
      if (!statSync(where).isDirectory()) problem = `is a file, not a folder: it must be ${f.holds}, e.g. ${f.name}=${f.byDefault}`;
      else readdirSync(where);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        problem = set
          ? `this folder is missing (${where}): it must be ${f.holds}, e.g. ${f.name}=${f.byDefault} (relative to the folder Loket starts in)`
          : `this folder is missing in ${cwd}: start Loket from its project folder (where package.json is), or set ${f.name} to ${f.holds}`;
      } else if (code === "ENOTDIR") problem = `is a file, not a folder (${where}): it must be ${f.holds}, e.g. ${f.name}=${f.byDefault}`;
      else if (code === "EACCES" || code === "EPERM") problem = `this user may not read the folder (${code}): make it readable by the user Loket runs as (chmod -R a+rX ${where}), or point ${f.name} at a copy it may read`;
      else problem = `cannot be read (${code ?? (err as Error).message}): it must be ${f.holds}`;
    }
    if (problem) lines.push(`${said}: ${problem}`);
  }
  if (lines.length) throw new LoketError("CONFIG_INVALID", `Invalid configuration:\n${lines.join("\n")}`, { variables: lines.length });
}
