// Redis commands (round trips: Loket's scripts of one event-loop pass go as one command) per
// citizen message while the citizen's case waits for staff, counted on the store's ioredis client
// (its sendCommand) for a built checkout. Messages one at a time, so none share a pass.
//
//   REDIS_URL=redis://127.0.0.1:6390 node bench/staff-roundtrips.mjs <checkout> [messages, 50]
import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const [root, nArg] = process.argv.slice(2); const N = Number(nArg ?? 50); const REDIS = process.env.REDIS_URL;
if (!root || !REDIS) throw new Error("usage: REDIS_URL=… node bench/staff-roundtrips.mjs <checkout> [messages]");
const { buildLoket } = await import(`${root}/dist/app.js`); const { loadConfig } = await import(`${root}/dist/config.js`); const { createLogger } = await import(`${root}/dist/log.js`);
const cwd = process.cwd(); process.chdir(root);
const prefix = `rt${Date.now()}:`;
const config = loadConfig({ ...process.env, KNOWLEDGE_DIR: `${root}/knowledge`, FLOWS_DIR: `${root}/flows`, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-rt-")), LOG_LEVEL: "warn", RATE_LIMIT_BURST: "10000", RATE_LIMIT_PER_SECOND: "1000000", REDIS_URL: REDIS, REDIS_KEY_PREFIX: prefix });
const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false });
process.chdir(cwd);
const count = async (conversationId, texts) => {
  const seen = new Map(); const client = loket.redis; const original = client.sendCommand.bind(client);
  client.sendCommand = (cmd) => { const script = cmd.name === "evalsha" ? `evalsha(${String(cmd.args[1]).length > 3 ? "…" : ""})` : cmd.name; seen.set(script, (seen.get(script) ?? 0) + 1); return original(cmd); };
  for (const text of texts) await loket.runtime.handle({ channel: "web", conversationId, text });
  client.sendCommand = original;
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  return `${(total / texts.length).toFixed(2)} commands/message (${[...seen].map(([k, v]) => `${k} ${(v / texts.length).toFixed(2)}`).join(", ")})`;
};
const id = `web:rt-${Date.now()}`;
await loket.runtime.handle({ channel: "web", conversationId: id, text: "petugas" });
const texts = Array.from({ length: N }, (_, i) => `pertanyaan nomor ${i + 1} tentang reklame`);
console.log(`${root}: case waiting: ${await count(id, texts)}`);
const other = `web:rt-bot-${Date.now()}`;
await loket.runtime.handle({ channel: "web", conversationId: other, text: "halo" });
console.log(`${root}: no case (bot): ${await count(other, Array.from({ length: N }, () => "jam buka kantor"))}`);
await loket.close(); process.exit(0);
