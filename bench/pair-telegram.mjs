// Loket's Telegram path in one process, two checkouts' compiled code side by side: each side's
// bot (createTelegramBot, flood control as production installs it but unlimited, the channel, the
// runtime, the store) handed updates through `bot.handleUpdate`, 64 at once by default, its replies
// sent to the Bot API stand-in (bench/botapi.ts, another process: its CPU is not counted). Fastify
// and the webhook callback, the same for Loket and grammY's echo, are left out: what is measured is
// what a Telegram update costs Loket beyond receiving it. Slices of 3,200 updates alternate
// between the sides; prints each one's median CPU per update and the median of the per-slice
// ratios B / A. Run it both ways round (and A against itself): on a busy machine the order tilts it.
// REDIS_URL set: both sides on that Redis (prefixes `ptga:` / `ptgb:`, emptied first).
// HANDOFF=1: every chat first asks for a person ("petugas", not measured), so each measured
// message goes to staff while the case waits (the path that publishes a staff event per message).
// NOMARK=a|b: that side's channel is started without the store, so its answers are not marked sent
// (the bench before 2026-12-02 and builds before the mark): what the mark costs, paired.
// REDIS_CPU=1 (with REDIS_URL): each slice's figure is Node's CPU plus redis-server's (its INFO cpu
// around the slice; the other side idles meanwhile): what the two cost together on one core.
//
//   BOT_API_ROOT=… BOT_TOKEN=… taskset -c 0 node bench/pair-telegram.mjs <root A> <root B> [slices, 20]
import { pairSlices } from "./pair-slices.mjs"; import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const [rootA, rootB, slicesArg] = process.argv.slice(2); const SLICES = Number(slicesArg ?? 20); const N = 3200;
const REDIS = process.env.REDIS_URL ?? ""; const C = Number(process.env.CONC ?? 64);
const { BOT_API_ROOT, BOT_TOKEN } = process.env;
const HANDOFF = process.env.HANDOFF === "1";
const NOMARK = process.env.NOMARK ?? "";
const REDIS_CPU = Boolean(REDIS) && process.env.REDIS_CPU === "1";
if (!rootB || !BOT_API_ROOT || !BOT_TOKEN) throw new Error("usage: BOT_API_ROOT=… BOT_TOKEN=… node bench/pair-telegram.mjs <root A> <root B> [slices] (bench/botapi.ts prints both)");
const MIX = ["syarat imb apa aja", "biaya sip bidan brp", "berapa lama proses nib", "halo", "menu", "jam buka kantor", "pbg berlaku brp lama", "terima kasih"];
let uid = (Date.now() % 100000) * 1e9;
async function at(root, tag) {
  const { buildLoket } = await import(`${root}/dist/app.js`); const { loadConfig } = await import(`${root}/dist/config.js`); const { createLogger } = await import(`${root}/dist/log.js`);
  const tg = await import(`${root}/dist/channels/telegram/index.js`);
  const cwd = process.cwd(); process.chdir(root);
  const config = loadConfig({ ...process.env, KNOWLEDGE_DIR: `${root}/knowledge`, FLOWS_DIR: `${root}/flows`, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-ptg-")), LOG_LEVEL: "warn", RATE_LIMIT_BURST: "10000", RATE_LIMIT_PER_SECOND: "1000000", REDIS_URL: REDIS, REDIS_KEY_PREFIX: `ptg${tag}:` });
  if (REDIS) { const { Redis } = await import(`${root}/node_modules/ioredis/built/index.js`); const r = new Redis(REDIS); for (const key of await r.keys(`ptg${tag}:*`)) await r.del(key); r.disconnect(); }
  const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false });
  process.chdir(cwd);
  const bot = tg.createTelegramBot(BOT_TOKEN, BOT_API_ROOT);
  // As main.ts starts it (the store marks each update's answer sent), in webhook mode; the route is never called.
  await tg.startTelegram(
    { ...config, TELEGRAM_API_ROOT: BOT_API_ROOT, TELEGRAM_WEBHOOK_URL: `http://127.0.0.1/tg/${tag}`, TELEGRAM_WEBHOOK_SECRET: "bench" },
    { bot, runtime: loket.runtime, logger: loket.logger, messages: loket.messages.get("id"), app: loket.app, flood: tg.UNLIMITED, store: NOMARK === tag ? undefined : loket.store, shared: Boolean(REDIS) },
  );
  if (HANDOFF) for (let chatId = 100000; chatId < 101000; chatId++) await bot.handleUpdate({ update_id: uid++, message: { message_id: 1, date: 1, chat: { id: chatId, type: "private", first_name: "W" }, from: { id: chatId, is_bot: false, first_name: "W" }, text: "petugas" } });
  let round = 0;
  // redis-server's CPU so far, µs (0 without REDIS_CPU).
  let redisCpu = async () => 0;
  if (REDIS_CPU) { const { Redis } = await import(`${root}/node_modules/ioredis/built/index.js`); const r = new Redis(REDIS);
    redisCpu = async () => { const info = await r.info("cpu"); const m = (k) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)[1]); return (m("used_cpu_user") + m("used_cpu_sys")) * 1e6; }; }
  const run = async () => { round++; const r0 = await redisCpu(); const t = process.cpuUsage();
    await Promise.all(Array.from({ length: C }, async (_, w) => { for (let i = w; i < N; i += C) {
      const chatId = 100000 + (i % 1000);
      await bot.handleUpdate({ update_id: uid++, message: { message_id: 1, date: 1, chat: { id: chatId, type: "private", first_name: "W" }, from: { id: chatId, is_bot: false, first_name: "W" }, text: MIX[(i + round) % MIX.length] } });
    } }));
    const d = process.cpuUsage(t); return (d.user + d.system + (await redisCpu()) - r0) / N; };
  return { run, loket };
}
const sides = [await at(rootA, "a"), await at(rootB, "b")];
console.log(`telegram updates${REDIS ? " on Redis" : ""}${REDIS_CPU ? " (Node + redis-server CPU)" : ""}${HANDOFF ? " in hand-off" : ""}${NOMARK ? `, side ${NOMARK} without the answer mark` : ""}, ${C} at once, µs/update: ${await pairSlices(sides, SLICES)} of ${N}`);
for (const s of sides) await s.loket.close();
process.exit(0);
