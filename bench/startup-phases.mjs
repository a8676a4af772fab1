/**
 * The CPU time of each part of start-up, in one fresh process of a built checkout (run it in the
 * checkout, after `node scripts/build.mjs`): importing Loket's modules, the knowledge load (cold:
 * the cache folder given is made empty), messages, flows, the message check, the understander,
 * its warm-up (the typo lookup, built once Loket listens), a first message and one with a typo,
 * the comment check and the unknown-settings check. One JSON line; run it a few times, or
 * alternately in two checkouts, and compare medians.
 *
 *   node bench/startup-phases.mjs [cache folder]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dist = join(process.cwd(), "dist") + "/";
const cacheDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "loket-phases-"));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const out = {};
let t = cpu();
const lap = (k) => {
  const n = cpu();
  out[k] = +(n - t).toFixed(1);
  t = n;
};
const { loadKnowledgeCached } = await import(dist + "knowledge/cache.js");
const { loadMessages } = await import(dist + "text/messages.js");
const flowsModule = await import(dist + "engine/flows/load.js");
const { createUnderstander } = await import(dist + "engine/understand/index.js");
const { commentWarnings } = await import(dist + "text/comments.js");
const { unknownSettings } = await import(dist + "config.js");
lap("import");
const knowledge = await loadKnowledgeCached("knowledge", cacheDir);
lap("knowledge");
const messages = await loadMessages("messages");
lap("messages");
const flows = await flowsModule.loadFlows("flows");
lap("flows");
flowsModule.checkMessages(flows, messages, knowledge.permits.flatMap((p) => p.form.map((f) => f.id)), "flows");
lap("checkMessages");
const understander = createUnderstander(knowledge);
lap("understander");
understander.warm?.();
lap("warm");
understander.understand("berapa lama bikin pbg?");
lap("firstMessage");
understander.understand("syarat biyaya sertifikat fisiotrapis");
lap("typoMessage");
await commentWarnings({ knowledge: "knowledge", flows: "flows", messages: "messages" });
lap("comments");
unknownSettings();
lap("unknownSettings");
if (!process.argv[2]) rmSync(cacheDir, { recursive: true, force: true });
console.log(JSON.stringify(out));
