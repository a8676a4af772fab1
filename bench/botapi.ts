/**
 * A minimal Bot API stand-in for the Telegram benchmark, in its own process: the test
 * emulator (JSON contract on loopback). Prints `{ apiRoot, token }` and serves until killed.
 */
import { startBotApiEmulator } from "../test/support/botapi-emulator.js";

const emu = await startBotApiEmulator();
// Keep memory flat during long runs: the benchmark never reads what was sent.
setInterval(() => {
  emu.sent.length = 0;
  emu.calls.length = 0;
}, 1000).unref();
console.log(JSON.stringify({ apiRoot: emu.apiRoot, token: emu.token }));
process.on("SIGTERM", () => void emu.close().then(() => process.exit(0)));
