import { readFile } from "node:fs/promises";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";
import cookie from "@fastify/cookie";
import type { Logger } from "pino";

/** What /healthz reports per part; each part (store, channels) registers a probe. */
export type HealthProbe = () => Promise<{ ok: boolean; detail?: string }> | { ok: boolean; detail?: string };

export interface HttpOptions {
  logger: Logger;
  /** JSON body limit; larger bodies get 413. */
  bodyLimit?: number;
}

/**
 * Loket's one HTTP server: web chat page and API, staff console, Telegram webhook,
 * WhatsApp QR page and /healthz all live on it.
 */
export async function createHttp(opts: HttpOptions): Promise<{ app: FastifyInstance; probes: Map<string, HealthProbe> }> {
  const app = Fastify({
    // Per-request lines are noise at info level; errors still reach the log.
    loggerInstance: opts.logger.child({ part: "http" }, { level: "warn" }) as unknown as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    trustProxy: true,
  });
  await app.register(multipart);
  await app.register(cookie);
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

  const page = await readFile(new URL("./channels/web/public/index.html", import.meta.url), "utf8");
  app.get("/", async (_req, reply) => reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(page));

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, "request failed");
    void reply.code(status).send({ error: status >= 500 ? "internal error" : err.message, code: err.code });
  });
  return { app, probes };
}
