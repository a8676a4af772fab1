import { Bot } from "grammy";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

/** The part of a fetch `init` grammY passes (its JSON payloads: method, headers, body, signal). */
interface Init {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: { aborted: boolean; addEventListener(type: "abort", fn: () => void): void; removeEventListener(type: "abort", fn: () => void): void } | null;
}

/** A fetch as grammY calls it; the response has what grammY reads (`json()`) and a little more. */
export type BotApiFetch = (url: string | URL, init?: Init) => Promise<{ status: number; ok: boolean; json(): Promise<unknown>; text(): Promise<string> }>;

/**
 * The `fetch` Loket's Telegram bot calls the Bot API with (grammY's `client.fetch`): one
 * `http(s).request` on a keep-alive agent per call, the answer read whole and handed to grammY
 * through `json()`, the only part of a response grammY reads. A JSON payload is sent with its
 * length; a multipart upload (grammY gives a stream) is piped, chunked. grammY's default,
 * node-fetch with its stream, header and AbortSignal polyfills, cost ~20% of a bare echo bot's
 * CPU per webhook update (paired measurement; README, Benchmarks). Aborts (grammY's timeout, a
 * stopping bot) end the request; network errors reject, as fetch's do.
 */
export function createBotApiFetch(): BotApiFetch {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  // grammY calls one URL per Bot API method: each is parsed once (a URL and Node's conversion of it
  // to request options cost ~1% of an update's CPU). Bounded: file downloads have a URL each.
  const targets = new Map<string, Target>();
  const targetOf = (input: string | URL): Target => {
    const key = String(input);
    let t = targets.get(key);
    if (!t) {
      const url = typeof input === "string" ? new URL(input) : input;
      // As Node's urlToHttpOptions makes them (an IPv6 host without its brackets, credentials as `auth`).
      const options: Target["options"] = { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ""), path: url.pathname + url.search };
      if (url.port) options.port = Number(url.port);
      if (url.username || url.password) options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      t = { https: url.protocol === "https:", options };
      if (targets.size >= TARGETS_MAX) targets.clear();
      targets.set(key, t);
    }
    return t;
  };
  return (input, init = {}) => {
    const body = init.body;
    const { https, options } = targetOf(input);
    // A body of known length (grammY's JSON) is sent with it; a stream (an upload) is piped, chunked.
    const sized = typeof body === "string" || body instanceof Uint8Array;
    return new Promise((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(abortError());
      const req = (https ? httpsRequest : httpRequest)(
        {
          ...options,
          method: init.method ?? "POST",
          headers: sized ? { ...init.headers, "content-length": String(Buffer.byteLength(body)) } : { ...init.headers },
          agent: https ? agents.https : agents.http,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", fail); // also a connection cut mid-answer (Node's "aborted")
          res.on("end", () => {
            signal?.removeEventListener("abort", onAbort);
            const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            resolve({
              status,
              ok: status >= 200 && status < 300,
              json: async () => JSON.parse(text) as unknown,
              text: async () => text,
            });
          });
        },
      );
      function fail(err: unknown): void {
        signal?.removeEventListener("abort", onAbort);
        reject(err);
      }
      function onAbort(): void {
        req.destroy(abortError());
      }
      signal?.addEventListener("abort", onAbort);
      req.on("error", fail);
      if (sized) req.end(body);
      else if (body === undefined || body === null) req.end();
      else if (isReadable(body)) {
        body.on("error", (err: Error) => req.destroy(err));
        body.pipe(req);
      } else {
        Readable.from(body as AsyncIterable<Uint8Array>).on("error", (err: Error) => req.destroy(err)).pipe(req);
      }
    });
  };
}

/** A parsed Bot API URL: the request options Node would make of it. */
interface Target {
  https: boolean;
  options: { protocol: string; hostname: string; path: string; port?: number; auth?: string };
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
  return new Bot(token, { client: { ...(apiRoot ? { apiRoot } : {}), fetch: createBotApiFetch() as unknown as typeof fetch } });
}
