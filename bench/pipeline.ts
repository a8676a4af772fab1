/**
 * `npx tsx bench/pipeline.ts`: Loket's own work per message, in-process, without HTTP: the
 * engine's step alone, understanding alone, and the whole runtime pipeline (lock, dedupe, load,
 * understand, step, answer, commit) on the embedded SQLite store, one message at a time and 64
 * at once over 1,000 conversations (Telegram messages, with ids; web messages, without). The
 * same message mix as the HTTP benchmark.
 * Options (environment): N (messages per measurement, default 20000).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLoket } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createEngine } from "../src/engine/index.js";
import { loadFlows } from "../src/engine/flows/load.js";
import { createUnderstander } from "../src/engine/understand/index.js";
import { loadKnowledge } from "../src/knowledge/load.js";
import { createLogger } from "../src/log.js";
import { loadMessages } from "../src/text/messages.js";
import { MIX } from "./mix.js";
import { median } from "./stats.js";

const N = Number(process.env.N ?? 20000);
async function measure(label: string, run: () => Promise<void> | void): Promise<void> {
  const us: number[] = [];
  for (let r = 0; r < 4; r++) {
    const t = performance.now();
    await run();
    us.push(((performance.now() - t) * 1000) / N);
  }
  console.log(`${label.padEnd(44)} ${median(us.slice(1)).toFixed(1)} us/message (runs: ${us.map((u) => u.toFixed(1)).join(", ")}; first is warm-up)`);
}

const [knowledge, messages, flows] = await Promise.all([loadKnowledge("knowledge"), loadMessages("messages"), loadFlows("flows")]);
const understander = createUnderstander(knowledge);
const engine = createEngine({ flows, knowledge, understander, messages });
const states = Array.from({ length: 100 }, (_, i) => engine.initialState(`web:${i}`, "web"));
await measure("engine step", () => {
  for (let i = 0; i < N; i++) {
    const k = i % 100;
    states[k] = engine.step(states[k]!, { type: "text", text: MIX[(i + Math.floor(i / 100)) % MIX.length]! }).state;
  }
});
await measure("understanding, a message seen before", () => {
  for (let i = 0; i < N; i++) understander.understand(MIX[i % MIX.length]!);
});
let fresh = 0;
await measure("understanding, a new message", () => {
  for (let i = 0; i < N; i++) understander.understand(`${MIX[i % MIX.length]!} ${++fresh}`);
});

const config = loadConfig({ ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-pipeline-")), LOG_LEVEL: "warn", RATE_LIMIT_BURST: "10000", RATE_LIMIT_PER_SECOND: "1000000", REDIS_URL: "" });
const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false }), sweepEveryMs: false });
let round = 0;
await measure("runtime pipeline, SQLite, one at a time", async () => {
  round++;
  for (let i = 0; i < N; i++) await loket.runtime.handle({ channel: "telegram", conversationId: `telegram:${i % 1000}`, messageId: `s${round}:${i}`, text: MIX[(i + round) % MIX.length]! });
});
for (const channel of ["telegram", "web"] as const) {
  // Messages carry ids, as Telegram updates and the chat page's messages do (the dedupe window; on
  // the web, the last reply kept for a retry).
  await measure(`runtime pipeline, SQLite, 64 at once, ${channel}`, async () => {
    round++;
    await Promise.all(
      Array.from({ length: 64 }, async (_, w) => {
        for (let i = w; i < N; i += 64) {
          await loket.runtime.handle({ channel, conversationId: `${channel}:${i % 1000}`, messageId: `c${round}:${i}`, text: MIX[(i + round) % MIX.length]! });
        }
      }),
    );
  });
}
await loket.close();
