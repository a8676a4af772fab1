/**
 * `npx tsx bench/telegram-send.ts`: latency of one sendMessage from grammY to a Bot API server on
 * loopback (our emulator), plain and through Loket's flood control (pacer + auto-retry) with no
 * limit reached. Prints p50/p99 over 500 sends to 50 chats.
 */
import { Bot } from "grammy";
import { installFloodControl, UNLIMITED } from "../src/channels/telegram/flood.js";
import { startBotApiEmulator } from "../test/support/botapi-emulator.js";

const emu = await startBotApiEmulator();
for (const paced of [false, true]) {
  const bot = new Bot(emu.token, { client: { apiRoot: emu.apiRoot } });
  if (paced) installFloodControl(bot.api, UNLIMITED);
  await bot.init();
  const ms: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    await bot.api.sendMessage(1000 + (i % 50), "Terima kasih, Bapak/Ibu.");
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${paced ? "with flood control" : "plain grammY      "}  p50 ${ms[250]!.toFixed(2)} ms  p99 ${ms[495]!.toFixed(2)} ms`);
}
await emu.close();
