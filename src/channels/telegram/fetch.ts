import { Bot, HttpError, type Transformer } from "grammy";
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { Readable } from "node:stream";
import { Http1Pool, type Http1Call, type Http1Done } from "./http1.js";

/** The part of a fetch `init` grammY passes (its JSON payloads: method, headers, body, signal). */
interface Init {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: { aborted: boolean; addEventListener(type: "abort", fn: () => void): void; removeEventListener(type: "abort", fn: () => void): void } | null;
}

/** A fetch as grammY calls it; the response has what grammY reads (`json()`) and a little more. */
export type BotApiFetch = (url: string | URL, init?: Init) => Promise<{ status: number; ok: boolean; json(): Promise<unknown>; text(): Promise<string> }>;

/** What one HTTP exchange with the Bot API ends in: a network error, or the status and the answer's text. */
type Done = (err: Error | undefined, status: number, text: string) => void;

/**
 * A keep-alive pool for one origin (scheme, host and port). Node's agent names a pool per call
 * from the request's options (host, port, and for https a dozen TLS options), twice a call: every
 * request of this agent goes to one origin with the same options, so its pool has one name.
 */
class OriginHttpAgent extends HttpAgent {
  override getName(): string {
    return "";
  }
}
class OriginHttpsAgent extends HttpsAgent {
  override getName(): string {
    return "";
  }
}

/**
 * Loket's HTTP to the Bot API: keep-alive agents (one per origin), URLs parsed once, and one
 * `http(s).request` per call whose answer is read whole. `fetch` is what grammY's client calls;
 * `json` is what `createDirectCalls` uses for the methods it takes from grammY's client.
 */
function createTransport() {
  const agents = new Map<string, HttpAgent>();
  const pools = new Map<string, Http1Pool>();
  // grammY calls one URL per Bot API method: each is parsed once (a URL and Node's conversion of it
  // to request options cost ~1% of an update's CPU). Bounded: file downloads have a URL each.
  const targets = new Map<string, Target>();
  const targetOf = (input: string | URL): Target => {
    const key = String(input);
    let t = targets.get(key);
    if (!t) {
      const url = typeof input === "string" ? new URL(input) : input;
      const https = url.protocol === "https:";
      const hostname = url.hostname.replace(/^\[|\]$/g, "");
      const origin = `${url.protocol}//${url.host}`;
      let agent = agents.get(origin);
      if (!agent) {
        agent = https ? new OriginHttpsAgent({ keepAlive: true }) : new OriginHttpAgent({ keepAlive: true });
        agents.set(origin, agent);
      }
      // As Node's urlToHttpOptions makes them (an IPv6 host without its brackets), with the TLS
      // server name Node would work out per call (the host; none for an IP address).
      const options: Target["options"] = { protocol: url.protocol, hostname, path: url.pathname + url.search, agent, servername: isIP(hostname) ? "" : hostname };
      if (url.port) options.port = Number(url.port);
      const auth = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
      // The headers Node adds to object headers (Host: the port only when not the scheme's; the
      // URL's credentials as Basic), for a request whose headers are given whole.
      const head = ["Host", url.host];
      if (auth !== undefined) head.push("Authorization", `Basic ${Buffer.from(auth).toString("base64")}`);
      // A JSON call's request up to its length, as one string (Loket's own client, http1.ts).
      let request = `POST ${options.path} HTTP/1.1\r\n`;
      for (let i = 0; i < head.length; i += 2) request += `${head[i]}: ${head[i + 1]}\r\n`;
      request += "Content-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: ";
      let pool = pools.get(origin);
      if (!pool) {
        pool = new Http1Pool({ https, host: hostname, port: url.port ? Number(url.port) : https ? 443 : 80, servername: options.servername });
        pools.set(origin, pool);
      }
      t = { https, options, auth, head, pool, request };
      if (targets.size >= TARGETS_MAX) targets.clear();
      targets.set(key, t);
    }
    return t;
  };
  /** Reads the answer whole; `done` is called once. */
  const answer = (req: ClientRequest, done: Done): ClientRequest => {
    let finished = false;
    const finish: Done = (err, status, text) => {
      if (finished) return;
      finished = true;
      done(err, status, text);
    };
    req.on("response", (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err: Error) => finish(err, 0, "")); // also a connection cut mid-answer (Node's "aborted")
      res.on("end", () => finish(undefined, res.statusCode ?? 0, chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    });
    req.on("error", (err: Error) => finish(err, 0, ""));
    return req;
  };
  /** One request; `done` is called once. Returns the request (to end it on an abort or a timeout). */
  const send = (target: Target, method: string, headers: Record<string, string>, body: unknown, done: Done): ClientRequest => {
    // A body of known length (JSON) is sent with it; a stream (an upload) is piped, chunked.
    const sized = typeof body === "string" || body instanceof Uint8Array;
    const options = { ...target.options, method, headers: sized ? { ...headers, "content-length": String(Buffer.byteLength(body)) } : { ...headers } };
    if (target.auth !== undefined) Object.assign(options, { auth: target.auth });
    const req = answer((target.https ? httpsRequest : httpRequest)(options), done);
    if (sized) req.end(body);
    else if (body === undefined || body === null) req.end();
    else if (isReadable(body)) {
      body.on("error", (err: Error) => req.destroy(err));
      body.pipe(req);
    } else {
      Readable.from(body as AsyncIterable<Uint8Array>).on("error", (err: Error) => req.destroy(err)).pipe(req);
    }
    return req;
  };
  /**
   * A JSON call (a reply, a tap's answer, "typing…"): the same request as `send` makes of grammY's
   * headers (Host, the URL's credentials as Basic, content-type, keep-alive, length), written as
   * one string on a kept-alive socket of Loket's own client (http1.ts) instead of Node's
   * ClientRequest, agent and response stream (perf27, docs/benchmarks.md).
   */
  const json = (target: Target, body: string, done: Http1Done): Http1Call => target.pool.post(`${target.request}${Buffer.byteLength(body)}\r\n\r\n${body}`, done);
  return { targetOf, send, json };
}
type Transport = ReturnType<typeof createTransport>;

/**
 * The `fetch` Loket's Telegram bot calls the Bot API with (grammY's `client.fetch`): one
 * `http(s).request` on a keep-alive agent per call, the answer read whole and handed to grammY
 * through `json()`, the only part of a response grammY reads. A JSON payload is sent with its
 * length; a multipart upload (grammY gives a stream) is piped, chunked. grammY's default,
 * node-fetch with its stream, header and AbortSignal polyfills, cost ~20% of a bare echo bot's
 * CPU per webhook update (paired measurement; README, Benchmarks). Aborts (grammY's timeout, a
 * stopping bot) end the request; network errors reject, as fetch's do.
 */
export function createBotApiFetch(transport: Transport = createTransport()): BotApiFetch {
  return (input, init = {}) =>
    new Promise((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(abortError());
      const req = transport.send(transport.targetOf(input), init.method ?? "POST", init.headers ?? {}, init.body, (err, status, text) => {
        signal?.removeEventListener("abort", onAbort);
        if (err) return reject(err);
        resolve({ status, ok: status >= 200 && status < 300, json: async () => JSON.parse(text) as unknown, text: async () => text });
      });
      function onAbort(): void {
        req.destroy(abortError());
      }
      signal?.addEventListener("abort", onAbort);
    });
}

/**
 * Bot API methods Loket calls for every citizen's update (a reply, a tap's answer and its spent
 * keyboard, "typing…"), whose payloads never carry a file: `createDirectCalls` takes them.
 */
const DIRECT_METHODS = new Set(["sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery", "sendChatAction", "deleteMessage"]);
/** grammY's own bound on a call (its `timeoutSeconds`, 500 by default). */
const CALL_TIMEOUT_MS = 500_000;

/**
 * The innermost transformer of Loket's bot (under flood control, auto-retry and the network-error
 * note of start.ts): a call of one of `DIRECT_METHODS` goes to the Bot API from here, a JSON body
 * and the parsed answer, instead of through grammY's client, which for every call makes an
 * AbortController of the abort-controller polyfill, a 500-second timer, a stream-error promise and
 * a race of the three, walks the payload for files and serialises it with a replacer function
 * (~4% of Loket's CPU per Telegram update, in a profile of bench/pair-telegram.mjs). Kept as
 * grammY has it: nulls left out of the body, the Bot API's answer (`ok: false` too: auto-retry
 * reads its retry_after, grammY makes the GrammyError) returned as it came, a network failure,
 * an answer that is not JSON, an abort and the 500-second bound thrown as grammY's HttpError
 * naming the method (auto-retry retries it unless aborted; start.ts notes it). Other methods
 * (uploads, setWebhook, getUpdates, forum topics) go through grammY unchanged.
 */
export function createDirectCalls(transport: Transport, apiRoot: string, token: string): Transformer {
  const targets = new Map<string, Target>();
  /** Calls under way with when they started: a sweep every 10 s ends those past the bound. */
  const underway = new Map<Http1Call, { at: number; method: string }>();
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () => {
    const now = Date.now();
    for (const [req, c] of underway) if (now - c.at >= CALL_TIMEOUT_MS) req.destroy(new Error(`Request to '${c.method}' timed out after ${CALL_TIMEOUT_MS / 1000} seconds`));
    if (!underway.size) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  const direct = (method: string, payload: unknown, signal: Init["signal"] | undefined): Promise<never> => {
    let target = targets.get(method);
    if (!target) {
      target = transport.targetOf(`${apiRoot}/bot${token}/${method}`);
      targets.set(method, target);
    }
    const body = hasNull(payload) ? JSON.stringify(payload, (_k, v: unknown) => v ?? undefined) : JSON.stringify(payload ?? {});
    const failed = (err: unknown) => new HttpError(`Network request for '${method}' failed!`, err);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(failed(abortError()));
      const req = transport.json(target, body, (err, _status, text) => {
        underway.delete(req);
        signal?.removeEventListener("abort", onAbort);
        if (err) return reject(failed(err));
        try {
          resolve(JSON.parse(text) as never);
        } catch (e) {
          reject(failed(e));
        }
      });
      function onAbort(): void {
        req.destroy(abortError());
      }
      signal?.addEventListener("abort", onAbort);
      underway.set(req, { at: Date.now(), method });
      sweeper ??= setInterval(sweep, 10_000).unref();
    });
  };
  return (prev, method, payload, signal) => (DIRECT_METHODS.has(method) ? direct(method, payload, signal) : prev(method, payload, signal));
}

/** Whether a JSON payload holds a null anywhere (grammY leaves them out of the body). */
function hasNull(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some(hasNull);
  for (const k in v) if (hasNull((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** A parsed Bot API URL: the request options Node would make of it. */
interface Target {
  https: boolean;
  /** Without the credentials: `send` adds them as `auth`, `json` as a header of `head`. */
  options: { protocol: string; hostname: string; path: string; port?: number; agent: HttpAgent; servername: string };
  auth: string | undefined;
  /** Host (and Authorization) as Node would add them, for headers given whole. */
  head: string[];
  /** The origin's pool of Loket's own client, for JSON calls. */
  pool: Http1Pool;
  /** A JSON call's request line and headers up to the Content-Length's value. */
  request: string;
}
const TARGETS_MAX = 256;

function isReadable(v: unknown): v is Readable {
  return typeof (v as Readable).pipe === "function" && typeof (v as Readable).on === "function";
}

function abortError(): Error {
  const err = new Error("The operation was aborted");
  err.name = "AbortError";
  return err;
}

/**
 * Loket's bot: grammY with `createBotApiFetch` for its Bot API calls (`apiRoot`: another Bot API
 * server, e.g. a local one or an emulator; no trailing `/`). The channel, the staff group and the
 * tests all use this one.
 */
export function createTelegramBot(token: string, apiRoot?: string): Bot {
  const transport = createTransport();
  const bot = new Bot(token, { client: { ...(apiRoot ? { apiRoot } : {}), fetch: createBotApiFetch(transport) as unknown as typeof fetch } });
  // Installed first, so innermost: flood control, auto-retry and start.ts's note wrap it as they wrapped grammY's client.
  bot.api.config.use(createDirectCalls(transport, apiRoot ?? "https://api.telegram.org", token));
  return bot;
}
