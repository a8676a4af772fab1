import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { loadConfig } from "../config.js";
import { loadKnowledge } from "../knowledge/load.js";
import { createUnderstander } from "../engine/understand/index.js";
import { contractAspect } from "../engine/understand/types.js";

/**
 * `npm run -s classify`: JSON lines `{"text": "..."}` on stdin -> one JSON line
 * `{"intent", "permit", "aspect"}` per input line, in order, nothing else on stdout
 * (contract in shared/DESIGN.md). A line that is not valid JSON gets
 * `{"intent":"out_of_scope","permit":null,"aspect":null}` so the output stays aligned;
 * the problem goes to stderr.
 */
async function main(): Promise<void> {
  const kb = await loadKnowledge(resolve(loadConfig().KNOWLEDGE_DIR));
  const u = createUnderstander(kb);
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    let text = "";
    try {
      const o = JSON.parse(line) as { text?: unknown };
      if (typeof o.text !== "string") throw new Error('missing "text"');
      text = o.text;
    } catch (err) {
      process.stderr.write(`line ${n}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    const r = text ? u.understand(text) : { intent: "out_of_scope", permit: null, aspect: null };
    out.push(JSON.stringify({ intent: r.intent, permit: r.permit, aspect: contractAspect(r.aspect) }));
    if (out.length >= 512) process.stdout.write(out.splice(0).join("\n") + "\n");
  }
  if (out.length) process.stdout.write(out.join("\n") + "\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
