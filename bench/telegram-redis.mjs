// What a Telegram update asks of Redis, for a built checkout: one instance on Redis as main.ts
// starts it (webhook mode, the store marking answers), fed `bot.handleUpdate` (100 chats, the
// pair-telegram mix), replies sent to bench/botapi.ts running apart. After 200 updates that fill
// the chats: per update, the script calls (round trips), the store's scripts by kind inside them
// (b)egin, (c)ommit, (n) a count or mark; Node's CPU, redis-server's CPU (INFO cpu) and each
// command's calls inside Redis (INFO commandstats, reset first: use a redis-server of its own).
// Alternate two checkouts, several rounds, for a comparison (perf30, 2026-12-04).
//
//   BOT_API_ROOT=… BOT_TOKEN=… REDIS_URL=… taskset -c 0 node bench/telegram-redis.mjs <root> [updates, 6400] [at once, 64]
import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const [root, nArg, cArg] = process.argv.slice(2); const N = Number(nArg ?? 6400); const C = Number(cArg ?? 64);
const { BOT_API_ROOT, BOT_TOKEN, REDIS_URL: REDIS } = process.env;
if (!root || !BOT_API_ROOT || !BOT_TOKEN || !REDIS) throw new Error("usage: BOT_API_ROOT=… BOT_TOKEN=… REDIS_URL=… node bench/telegram-redis.mjs <root> [updates] [at once]");
const { buildLoket } = await import(`${root}/dist/app.js`); const { loadConfig } = await import(`${root}/dist/config.js`); const { createLogger } = await import(`${root}/dist/log.js`);
const tg = await import(`${root}/dist/channels/telegram/index.js`);
const cwd = process.cwd(); process.chdir(root);
const config = loadConfig({ ...process.env, KNOWLEDGE_DIR: `${root}/knowledge`, FLOWS_DIR: `${root}/flows`, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-tr-")), LOG_LEVEL: "warn", RATE_LIMIT_BURST: "10000", RATE_LIMIT_PER_SECOND: "1000000", REDIS_URL: REDIS, REDIS_KEY_PREFIX: `tr${Date.now()}:` });
const loket = await buildLoket(config, { logger: createLogger({ level: "error", pretty: false }), sweepEveryMs: false });
process.chdir(cwd);
const bot = tg.createTelegramBot(BOT_TOKEN, BOT_API_ROOT);
await tg.startTelegram({ ...config, TELEGRAM_API_ROOT: BOT_API_ROOT, TELEGRAM_WEBHOOK_URL: "http://127.0.0.1/tg/tr", TELEGRAM_WEBHOOK_SECRET: "bench" },
  { bot, runtime: loket.runtime, logger: loket.logger, messages: loket.messages.get("id"), app: loket.app, flood: tg.UNLIMITED, store: loket.store, shared: true });
const MIX = ["syarat imb apa aja", "biaya sip bidan brp", "berapa lama proses nib", "halo", "menu", "jam buka kantor", "pbg berlaku brp lama", "terima kasih"];
let uid = (Date.now() % 100000) * 1e9;
const update = (i) => bot.handleUpdate({ update_id: uid++, message: { message_id: 1, date: 1, chat: { id: 100000 + (i % 100), type: "private", first_name: "W" }, from: { id: 100000 + (i % 100), is_bot: false, first_name: "W" }, text: MIX[i % MIX.length] } });
for (let i = 0; i < 200; i++) await update(i);
const client = loket.redis; const original = client.sendCommand.bind(client);
const redisCpu = async () => { const info = await client.info("cpu"); const m = (k) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)[1]); return (m("used_cpu_user") + m("used_cpu_sys")) * 1e6; };
await client.config("RESETSTAT");
const seen = new Map(); const add = (k) => seen.set(k, (seen.get(k) ?? 0) + 1);
// A pass's ARGV: its number of calls, then per call its kind, key count, argument count, arguments.
client.sendCommand = (cmd) => {
  if (cmd.name === "evalsha" || cmd.name === "eval") {
    add("script calls"); const a = cmd.args.map(String); const argv = a.slice(2 + Number(a[1]));
    if (/^\d+$/.test(argv[0] ?? "") && ["b", "c", "n"].includes(argv[1])) for (let j = 0, p = 1; j < Number(argv[0]); j++, p += 3 + Number(argv[p + 2])) add(argv[p]);
    else add(`alone (${a[1]} keys)`);
  } else add(cmd.name);
  return original(cmd);
};
const r0 = await redisCpu(); const t = process.cpuUsage();
await Promise.all(Array.from({ length: C }, async (_, w) => { for (let i = w; i < N; i += C) await update(i); }));
const d = process.cpuUsage(t); const r1 = await redisCpu();
client.sendCommand = original;
const stats = await client.info("commandstats");
const inside = [...stats.matchAll(/cmdstat_(\w+):calls=(\d+)/g)].filter(([, name]) => !["evalsha", "eval", "info", "config"].includes(name)).map(([, name, calls]) => `${name} ${(Number(calls) / N).toFixed(2)}`);
const per = (k) => ((seen.get(k) ?? 0) / N).toFixed(2);
console.log(`${root}, ${N} updates, ${C} at once: Node ${((d.user + d.system) / N).toFixed(0)} µs, redis-server ${((r1 - r0) / N).toFixed(0)} µs an update; script calls ${per("script calls")} (b ${per("b")}, c ${per("c")}, n ${per("n")}, alone ${([...seen].filter(([k]) => k.startsWith("alone")).reduce((sum, [, v]) => sum + v, 0) / N).toFixed(2)}); inside Redis: ${inside.join(", ")}`);
await loket.close(); process.exit(0);
