// The Telegram reply's send alone, two checkouts' compiled code side by side in one process: each
// side's bot (createTelegramBot, flood control as production installs it but unlimited) calls
// sendMessage with a reply as Loket sends one (HTML, a keyboard, link previews off), 64 at once,
// to the Bot API stand-in (bench/botapi.ts, another process: its CPU is not counted). No turn, no
// store: what the transport costs a reply, resolved where a whole-path pair cannot (perf26,
// 2026-12-03). Slices of 3,200 sends alternate between the sides; prints each one's median CPU per
// send and the median of the per-slice ratios B / A. Run it both ways round and A against itself.
//
//   BOT_API_ROOT=… BOT_TOKEN=… taskset -c 0 node bench/pair-send.mjs <root A> <root B> [slices, 20]
import { pairSlices } from "./pair-slices.mjs";
const [rootA, rootB, slicesArg] = process.argv.slice(2); const SLICES = Number(slicesArg ?? 20); const N = 3200;
const C = Number(process.env.CONC ?? 64); const { BOT_API_ROOT, BOT_TOKEN } = process.env;
if (!rootB || !BOT_API_ROOT || !BOT_TOKEN) throw new Error("usage: BOT_API_ROOT=… BOT_TOKEN=… node bench/pair-send.mjs <root A> <root B> [slices] (bench/botapi.ts prints both)");
const HTML = "<b>Persetujuan Bangunan Gedung (PBG)</b>\n\nSyarat:\n1. KTP pemohon\n2. Bukti kepemilikan tanah\n3. Gambar rencana teknis\n\nBiaya: sesuai retribusi daerah. Lama proses: 14 hari kerja.\n\nBapak/Ibu ingin mengajukan sekarang?";
const KEYBOARD = { inline_keyboard: [[{ text: "Ajukan sekarang", callback_data: "apply:pbg" }], [{ text: "Menu utama", callback_data: "menu" }]] };
async function at(root) {
  const tg = await import(`${root}/dist/channels/telegram/index.js`);
  const bot = tg.createTelegramBot(BOT_TOKEN, BOT_API_ROOT);
  tg.installFloodControl(bot.api, tg.UNLIMITED);
  const run = async () => { const t = process.cpuUsage();
    await Promise.all(Array.from({ length: C }, async (_, w) => { for (let i = w; i < N; i += C) {
      await bot.api.sendMessage(100000 + (i % 1000), HTML, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: KEYBOARD });
    } }));
    const d = process.cpuUsage(t); return (d.user + d.system) / N; };
  return { run };
}
const sides = [await at(rootA), await at(rootB)];
console.log(`telegram sends, ${C} at once, µs/send: ${await pairSlices(sides, SLICES)} of ${N}`);
process.exit(0);
