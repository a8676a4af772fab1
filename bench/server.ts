/**
 * A Loket server for benchmarks: the real composition (buildLoket) plus a bare echo route on
 * the same HTTP server, the baseline every Loket figure is divided by. Not used in production.
 * Loket runs compiled, from dist/ (`node scripts/build.mjs` first), as `npm start` and the
 * container run it; LOKET_CODE=src runs the TypeScript through tsx instead.
 *
 *   STORE=sqlite|redis REDIS_URL=... PORT=... npx tsx bench/server.ts
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { schedstat } from "./stats.js";

const code = process.env.LOKET_CODE === "src" ? "../src" : "../dist";
const { buildLoket } = (await import(`${code}/app.js`)) as typeof import("../src/app.js");
const { loadConfig } = (await import(`${code}/config.js`)) as typeof import("../src/config.js");
const { createLogger } = (await import(`${code}/log.js`)) as typeof import("../src/log.js");

const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), "loket-bench-"));
const config = loadConfig({
  ...process.env,
  DATA_DIR: dataDir,
  LOG_LEVEL: "warn",
  RATE_LIMIT_BURST: "10000",
  RATE_LIMIT_PER_SECOND: "1000000",
  WEB_CONVERSATIONS_PER_MINUTE: "0",
  WEB_UPLOAD_MB_PER_HOUR: "0",
  REDIS_URL: process.env.STORE === "redis" ? process.env.REDIS_URL : "",
});
const t0 = performance.now();
const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false });
const startupMs = performance.now() - t0;

loket.app.post("/bench/echo", async (req) => {
  const body = req.body as { text?: string };
  return { replies: [{ type: "text", text: body.text ?? "" }] };
});
// The floor of a stored turn: what a message costs when it does nothing but what any bot that
// keeps its conversations must do (lock the conversation, drop a duplicate, load its state, write
// the state back with the message and the reply in the transcript, in the same group commit as
// Loket's turns) and no understanding, flow or answer. Measured against the echo, it shows how
// close to the echo any web turn that is stored before it is answered can get on this server.
loket.app.post("/bench/floor", async (req) => {
  const body = req.body as { text?: string; messageId?: string; conversation?: string };
  const id = `web:floor-${body.conversation ?? "0"}`;
  const turn = await loket.store.begin(id, { dedupeKey: body.messageId });
  if (turn.duplicate) {
    await turn.release();
    return { replies: [] };
  }
  const at = new Date().toISOString();
  const replies = [{ type: "text", text: body.text ?? "" }];
  const state = turn.state ?? ({ v: 1, conversationId: id, channel: "web", lang: "id", engine: {}, createdAt: at, updatedAt: at } as never);
  await turn.commit({
    state: { ...state, updatedAt: at },
    transcript: [
      { at, from: "citizen", text: body.text ?? "" },
      { at, from: "bot", text: body.text ?? "" },
    ],
    dedupeKey: body.messageId,
    reply: body.messageId ? { messageId: body.messageId, replies } : undefined,
  });
  return { replies };
});
// The server's own CPU time (µs), read by the load generator around its timed phase: on a VM whose
// speed drifts, CPU per message moves far less than throughput does. With it, the event loop's
// time on its core and time waiting for the core (bench/stats.ts schedstat): what kept a server
// below its throughput, when it was.
loket.app.get("/bench/cpu", async () => {
  const c = process.cpuUsage();
  return { us: c.user + c.system, ...schedstat() };
});
loket.app.get("/bench/stats", async () => {
  global.gc?.();
  const m = process.memoryUsage();
  // Conversations with a live state: the ones the memory figure divides by.
  return { rss: m.rss, heapUsed: m.heapUsed, startupMs, conversations: (await loket.store.conversationIds()).length };
});
// Telegram webhook path: Loket's full pipeline and a bare grammY echo bot on the same server,
// both talking to the same Bot API stand-in, with the same (non-limiting) flood control.
if (process.env.BOT_API_ROOT && process.env.BOT_TOKEN) {
  const { Bot, webhookCallback } = await import("grammy");
  const { startTelegram, createTelegramBot, UNLIMITED, installFloodControl } = (await import(`${code}/channels/telegram/index.js`)) as typeof import("../src/channels/telegram/index.js");
  const client = { apiRoot: process.env.BOT_API_ROOT };
  const flood = UNLIMITED;
  await startTelegram(
    { ...config, TELEGRAM_API_ROOT: process.env.BOT_API_ROOT, TELEGRAM_WEBHOOK_URL: "http://127.0.0.1/tg/loket", TELEGRAM_WEBHOOK_SECRET: "bench" },
    // Loket's bot as production makes it (src/channels/start.ts: with the store, which marks each
    // update's answer sent; until 2026-12-02 the bench left it out, and with it that write); the
    // echo below is grammY as it comes.
    { bot: createTelegramBot(process.env.BOT_TOKEN, process.env.BOT_API_ROOT), runtime: loket.runtime, logger: loket.logger, messages: loket.messages.get("id")!, app: loket.app, flood, store: loket.store, shared: !!loket.redis },
  );
  const echo = new Bot(process.env.BOT_TOKEN, { client });
  installFloodControl(echo.api, flood);
  echo.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  await echo.init();
  loket.app.post("/tg/echo", webhookCallback(echo, "fastify", { secretToken: "bench" }) as never);
}
await loket.app.listen({ port: Number(process.env.PORT ?? 3999), host: "127.0.0.1" });
process.on("SIGTERM", () => void loket.close().then(() => process.exit(0)));
