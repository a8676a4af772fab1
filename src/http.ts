import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { isIPv6 } from "node:net";
import { brotliCompress, gzipSync } from "node:zlib";
import type { ServerResponse } from "node:http";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import multipart from "@fastify/multipart";
import cookie from "@fastify/cookie";
import type { Logger } from "pino";

/** What /healthz reports per part; each part (store, channels) registers a probe. */
export type HealthProbe = () => Promise<{ ok: boolean; detail?: string }> | { ok: boolean; detail?: string };

export interface HttpOptions {
  logger: Logger;
  /** JSON body limit; larger bodies get 413. */
  bodyLimit?: number;
  /**
   * A connection that sends and receives nothing this long is closed (default 60 s, above the
   * 25 s event-stream heartbeat): a client that stops sending its body does not hold it forever.
   */
  idleTimeoutMs?: number;
  /** The longest a request may take to arrive whole (default 10 min: a large upload on a weak link). */
  requestTimeoutMs?: number;
  /**
   * Peers whose `X-Forwarded-For` is believed (TRUST_PROXY): a proxy on this machine or the
   * office's private network by default. Believed from anyone, the header's first address is
   * whatever the client wrote (a proxy appends to it), so a per-address limit meant nothing.
   */
  trustProxy?: boolean | string[];
  /** The office's short name (knowledge/office.yaml `short_name`), shown in the chat page's header and title. */
  officeName?: string;
  /** The chat page's own words per language (src/channels/web/page-texts.ts), put in the page it serves. */
  pageTexts?: Record<string, Record<string, string>>;
}

/** Fastify's own dependencies, required as Fastify requires them. */
const fromFastify = createRequire(createRequire(import.meta.url).resolve("fastify"));
let validators: ((...args: unknown[]) => unknown) | undefined;
let serializers: ((...args: unknown[]) => unknown) | undefined;
/**
 * Fastify's default compilers of routes' JSON schemas (ajv, fast-json-stringify), loaded the first
 * time a route with a schema needs one: Fastify loads them when the server is made, and Loket's
 * routes have no schema, so every start-up paid ~0.2-0.3 s for them. A route given a schema is
 * checked exactly as before; the one difference, Fastify treating these as custom compilers, only
 * concerns a `headers` schema (its keys are then not lower-cased), and Loket has none.
 */
const lazyCompilers = {
  buildValidator: (...args: unknown[]) => (validators ??= (fromFastify("@fastify/ajv-compiler") as () => (...a: unknown[]) => unknown)())(...args),
  buildSerializer: (...args: unknown[]) => (serializers ??= (fromFastify("@fastify/fast-json-stringify-compiler") as () => (...a: unknown[]) => unknown)())(...args),
};

type Level = "fatal" | "error" | "warn" | "info" | "debug" | "trace";
/**
 * The logger Fastify gives each request (`req.log`), with the request's id bound: the child of the
 * HTTP logger is made the first time a line is written at a level that logger writes, not for every
 * request. pino's `child` stringifies its bindings through Loket's redaction (a wildcard path,
 * src/log.ts), ~1.5% of a web message's CPU (perf29), and the HTTP logger writes warnings and
 * errors only, so most requests never need it. The line written is the child's, unchanged.
 */
class RequestLogger {
  #child: Logger | undefined;
  constructor(
    private readonly parent: Logger,
    private readonly bound: Record<string, unknown>,
  ) {}
  private get real(): Logger {
    return (this.#child ??= this.parent.child(this.bound));
  }
  get level(): string {
    return (this.#child ?? this.parent).level;
  }
  set level(level: string) {
    this.real.level = level;
  }
  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level);
  }
  child(bindings: Record<string, unknown>, opts?: Record<string, unknown>): Logger {
    return this.real.child(bindings, opts);
  }
  bindings(): Record<string, unknown> {
    return this.real.bindings();
  }
  private write(level: Level, args: unknown[]): void {
    if (this.isLevelEnabled(level)) (this.real[level] as (...a: unknown[]) => void)(...args);
  }
  fatal(...args: unknown[]): void {
    this.write("fatal", args);
  }
  error(...args: unknown[]): void {
    this.write("error", args);
  }
  warn(...args: unknown[]): void {
    this.write("warn", args);
  }
  info(...args: unknown[]): void {
    this.write("info", args);
  }
  debug(...args: unknown[]): void {
    this.write("debug", args);
  }
  trace(...args: unknown[]): void {
    this.write("trace", args);
  }
  silent(): void {}
}
/** Fastify's childLoggerFactory: a RequestLogger, or a child at once for a route with its own level or serializers. */
function requestLogger(logger: Logger, bindings: Record<string, unknown>, opts: { level?: string; serializers?: unknown }): unknown {
  if (opts.level !== undefined || opts.serializers !== undefined) return logger.child(bindings, opts as never);
  return new RequestLogger(logger, bindings);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * The chat page naming the office it speaks for ("Asisten layanan perizinan · DPMPTSP Kab. Rembang",
 * and in the title a browser tab or a link shared on WhatsApp shows): citizens see whose chat it is.
 */
/**
 * The chat page with its own words in every language (messages/<lang>/webpage.yaml) as a JSON block
 * its script reads; `<` escaped so no text can end the block.
 */
export function withTexts(page: string, texts: Record<string, Record<string, string>> | undefined): string {
  if (!texts) return page;
  // The line for a browser running no scripts is every language's, Indonesian first (the page's own
  // language), each other one marked with its language; the script has no use for it.
  const langs = Object.keys(texts).sort((a, b) => Number(b === "id") - Number(a === "id"));
  const noscript = langs
    .filter((lang) => texts[lang]!.noscript)
    .map((lang) => `<p class="nojs"${lang === "id" ? "" : ` lang="${lang.replace(/[^\w-]/g, "")}"`}>${texts[lang]!.noscript!.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!)}</p>`)
    .join("");
  const forScript = Object.fromEntries(Object.entries(texts).map(([lang, t]) => [lang, Object.fromEntries(Object.entries(t).filter(([k]) => k !== "noscript"))]));
  const json = JSON.stringify(forScript).replace(/</g, "\\u003c");
  return page
    .replace('<script type="application/json" id="loket-texts">{}</script>', () => `<script type="application/json" id="loket-texts">${json}</script>`)
    .replace(/<noscript>[\s\S]*?<\/noscript>/, (was) => (noscript ? `<noscript>${noscript}</noscript>` : was));
}

/**
 * The chat page without its whole-line comments (`// …` in the script, `/* … *\/` in the style):
 * they are for whoever edits the file, and were a third of what a phone downloads on its first load.
 */
export function withoutComments(page: string): string {
  return page.replace(/^[ \t]*\/\/.*\n/gm, "").replace(/^[ \t]*\/\*[\s\S]*?\*\/\n/gm, "");
}

export function withOffice(page: string, officeName: string | undefined): string {
  const name = officeName?.trim().replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);
  if (!name) return page;
  return page
    .replace(/(<small id="office">Asisten layanan perizinan · )[^<]*(<\/small>)/, (_, a: string, b: string) => `${a}${name}${b}`)
    .replace(/<title>([^<]*)<\/title>/, (_, t: string) => `<title>${t} · ${name}</title>`);
}

/**
 * Loket's one HTTP server: web chat page and API, staff console, Telegram webhook,
 * WhatsApp QR page and /healthz all live on it.
 */
export async function createHttp(opts: HttpOptions): Promise<{ app: FastifyInstance; probes: Map<string, HealthProbe>; setPage(officeName: string | undefined, pageTexts: HttpOptions["pageTexts"]): void }> {
  const app = Fastify({
    // Per-request lines are noise at info level; errors still reach the log.
    loggerInstance: opts.logger.child({ part: "http" }, { level: "warn" }) as unknown as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    // Fastify's defaults (0) turn off Node's: a body sent a byte at a time, or never finished, held
    // its connection (and a file descriptor) for as long as the client liked.
    connectionTimeout: opts.idleTimeoutMs ?? 60_000,
    requestTimeout: opts.requestTimeoutMs ?? 600_000,
    trustProxy: opts.trustProxy ?? ["loopback", "uniquelocal"],
    schemaController: { compilersFactory: lazyCompilers as never },
    childLoggerFactory: requestLogger as never,
  });
  await app.register(multipart);
  await app.register(cookie);
  // Event streams stay open for as long as a chat tab or the staff console is: ended here when
  // the server stops, or closing would wait for every browser to go away (SIGTERM never finished).
  const streams = new Set<ServerResponse>();
  app.decorate("eventStreams", streams);
  app.addHook("preClose", (done) => {
    for (const res of streams) res.end();
    streams.clear();
    done();
  });
  const probes = new Map<string, HealthProbe>();

  app.get("/healthz", async (_req, reply) => {
    const parts: Record<string, { ok: boolean; detail?: string }> = {};
    let ok = true;
    for (const [name, probe] of probes) {
      try {
        parts[name] = await probe();
      } catch (err) {
        parts[name] = { ok: false, detail: (err as Error).message };
      }
      // A channel that is down (WhatsApp not linked) does not make Loket unhealthy; the store does.
      if (name === "store" && !parts[name]!.ok) ok = false;
    }
    return reply.code(ok ? 200 : 503).send({ ok, parts });
  });

  const template = withoutComments(await readFile(new URL("./channels/web/public/index.html", import.meta.url), "utf8"));
  /** The page as served now: its words and office name, an ETag, and its compressed forms. */
  interface Served {
    page: string;
    etag: string;
    gzip: Buffer;
    br?: Buffer;
    brStarted: boolean;
  }
  // no-cache with an ETag: a reload asks again and, the page unchanged, gets 304 without the page.
  // Compressed once: on a phone's slow link the page is a third of its bytes (38 KB of HTML: 13 KB
  // gzip, 11 KB brotli, which browsers ask for over HTTPS and on localhost). gzip at start (~2 ms of
  // CPU); brotli at its best takes ~60-140 ms, which every start paid before saying it was ready: it
  // is made the first time a browser asks for it, off the event loop (zlib's thread pool), and gzip
  // is sent until it is there.
  const serve = (officeName: string | undefined, pageTexts: HttpOptions["pageTexts"]): Served => {
    const page = withTexts(withOffice(template, officeName), pageTexts);
    return { page, etag: `"${createHash("sha256").update(page).digest("base64url").slice(0, 27)}"`, gzip: gzipSync(page, { level: 9 }), brStarted: false };
  };
  let served = serve(opts.officeName, opts.pageTexts);
  const brotliLater = (s: Served) => {
    s.brStarted = true;
    brotliCompress(s.page, (err, out) => {
      if (!err) s.br = out;
    });
  };
  app.get("/", async (req, reply) => {
    const s = served;
    void reply.header("cache-control", "no-cache").header("etag", s.etag).header("vary", "accept-encoding");
    const asked = req.headers["if-none-match"];
    if (asked && asked.split(",").some((t) => t.trim().replace(/^W\//, "") === s.etag)) return reply.code(304).send();
    void reply.type("text/html; charset=utf-8");
    const accepts = String(req.headers["accept-encoding"] ?? "");
    if (takes(accepts, "br")) {
      if (s.br) return reply.header("content-encoding", "br").send(s.br);
      if (!s.brStarted) brotliLater(s);
    }
    return takes(accepts, "gzip") ? reply.header("content-encoding", "gzip").send(s.gzip) : reply.send(s.page);
  });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    // A conversation busy past the lock wait (a long turn, a model call) is a conflict to retry,
    // not a failure of the server; the store being away is 503.
    const status = err.statusCode ?? (err.code === "LOCK_TIMEOUT" ? 409 : err.code === "STORE_UNAVAILABLE" ? 503 : 500);
    // The route's pattern (/staff/api/cases/:id), not the path: ids stay out of the logs.
    if (status === 503) req.log.warn({ method: req.method, route: req.routeOptions.url, code: err.code }, "request failed: store unavailable");
    else if (status >= 500) req.log.error({ err, method: req.method, route: req.routeOptions.url }, "request failed");
    const error = err.code === "LOCK_TIMEOUT" ? "conversation is busy; try again" : err.code === "STORE_UNAVAILABLE" ? "store unavailable; try again" : status >= 500 ? "internal error" : err.message;
    void reply.code(status).send({ error, code: err.code });
  });
  return {
    app,
    probes,
    // A reload of knowledge/ and messages/ (src/app.ts): the page's words and office name follow it; its ETag changes with them.
    setPage: (officeName, pageTexts) => {
      served = serve(officeName, pageTexts);
    },
  };
}

declare module "fastify" {
  interface FastifyInstance {
    /** Open server-sent event streams (see `openEventStream`). */
    eventStreams: Set<ServerResponse>;
  }
}

/**
 * Turns a request into a server-sent event stream: `subscribe` gets a `send` for each event and
 * returns its unsubscribe; `heartbeat` runs every `heartbeatMs` (a comment line keeps proxies from
 * closing an idle stream; it may also end the stream). Ended when the client goes or the server stops.
 */
export function openEventStream(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: {
    cacheControl: string;
    subscribe: (send: (payload: unknown) => void) => () => void;
    heartbeat?: (res: ServerResponse) => void;
    heartbeatMs?: number;
    /**
     * Asked before each event is written (in order): false ends the stream instead, e.g. a
     * staff session that ended (logout, account disabled) gets no further citizen messages.
     */
    admit?: () => Promise<boolean>;
  },
): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": opts.cacheControl,
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  res.write(": connected\n\n");
  const streams = req.server.eventStreams;
  streams.add(res);
  const write = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
  const admit = opts.admit;
  let queue = Promise.resolve();
  const unsubscribe = opts.subscribe(
    admit
      ? (payload) => {
          queue = queue.then(async () => {
            if (res.writableEnded) return;
            if (await admit().catch(() => true)) write(payload);
            else res.end();
          });
        }
      : write,
  );
  const beat = opts.heartbeat ?? ((r: ServerResponse) => r.write(": ping\n\n"));
  const heartbeat = setInterval(() => beat(res), opts.heartbeatMs ?? 25_000);
  req.raw.on("close", () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(res);
  });
}

/**
 * The part of a client's address a per-address limit counts: an IPv4 address whole (also written
 * as `::ffff:a.b.c.d`), an IPv6 address by its first 64 bits, since one subscriber (one phone, one
 * home) is given a whole /64 and could use a new address for every request.
 */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1]!;
  const bare = ip.split("%")[0]!;
  if (!isIPv6(bare)) return ip;
  const [head = "", tail] = bare.split("::");
  const groups = head ? head.split(":") : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(":") : [];
    groups.push(...Array<string>(8 - groups.length - rest.length).fill("0"), ...rest);
  }
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/** Whether an Accept-Encoding header takes a coding: named (or `*`) without `q=0` (RFC 9110 12.5.3). */
export function takes(header: string, coding: string): boolean {
  let star: boolean | undefined;
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.split(";").map((p) => p.trim());
    const q = params.find((p) => p.startsWith("q="));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === coding) return ok;
    if (name === "*") star = ok;
  }
  return star ?? false;
}
