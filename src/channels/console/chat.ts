import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { createInterface } from "node:readline/promises";
import { buildLoket } from "../../app.js";
import { checkFolders, loadConfig } from "../../config.js";
import type { Inbound, Outbound } from "../../domain/message.js";
import { LoketError, startRefusal, unreadableFileHint } from "../../errors.js";
import { createLogger } from "../../log.js";

/**
 * `npm run chat`: the same conversation as the web chat, in a terminal. Choices are shown
 * as numbers (type the number or the text); `/upload PATH` sends a file; `/keluar` quits.
 * Runs Loket in-process on the configured store, so the conversation survives a restart.
 */
async function chat(): Promise<void> {
  // One person at a terminal, often replaying a written conversation (`< lines.txt`): the
  // per-citizen rate limit would cut such a replay off after RATE_LIMIT_BURST lines, so it is off
  // here unless set in the environment. It lives in this process only; a running Loket keeps its own.
  const env = { ...process.env };
  if (!env.RATE_LIMIT_BURST && !env.RATE_LIMIT_PER_SECOND) Object.assign(env, { RATE_LIMIT_BURST: "10000", RATE_LIMIT_PER_SECOND: "10000" });
  const config = loadConfig(env);
  // The folders a clerk edits, refused as start-up refuses them (naming KNOWLEDGE_DIR or FLOWS_DIR).
  checkFolders(config, env);
  const loket = await buildLoket(config, { logger: createLogger({ level: "warn", pretty: false, destination: process.stderr }) });
  const conversationId = `console:${userInfo().username}`;
  const print = (replies: Outbound[], prefix = "") => {
    for (const r of replies) {
      console.log(`\n${prefix}${r.text}`);
      // As on WhatsApp: the summary's items carry the numbers, so its yes/edit choices are not listed.
      if (r.choices?.length && r.expects?.kind !== "confirm") {
        r.choices.forEach((c, i) => console.log(`  ${i + 1}) ${c.label}`));
      }
    }
  };
  loket.runtime.registerChannel({ name: "console", send: async (_id, _addr, replies) => print(replies, "[petugas] ") });
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Lines are queued from the start: piped input (`npm run chat < lines.txt`) loses none while
  // Loket answers the one before (readline's question() only catches a line typed after it).
  const lines = rl[Symbol.asyncIterator]();
  const send = async (partial: Partial<Inbound>) => {
    print(await loket.runtime.handle({ channel: "console", conversationId, ...partial }));
  };
  console.log("Loket — percakapan di terminal. Ketik pesan; /upload PATH untuk dokumen; /keluar untuk selesai.");
  const existing = await loket.store.peekState(conversationId);
  if (!existing) await send({ text: "halo" });
  else console.log("(Percakapan sebelumnya dilanjutkan. Ketik \"menu\" untuk kembali ke menu.)");
  rl.setPrompt("\n> ");
  for (;;) {
    rl.prompt();
    const next = await lines.next();
    if (next.done) break; // stdin closed
    const line = next.value.trim();
    if (!line) continue;
    if (line === "/keluar" || line === "/quit") break;
    const upload = /^\/upload\s+(.+)$/.exec(line);
    if (upload) {
      const path = upload[1]!.trim();
      const bytes = await readFile(path).catch(() => null);
      if (!bytes) console.log(`(Berkas tidak ditemukan: ${path})`);
      else await send({ file: { bytes, filename: path } });
      continue;
    }
    // A typed number or label answers a choice question: the engine accepts both, like on WhatsApp.
    await send({ text: line });
  }
  rl.close();
  await loket.close();
}

chat().catch((err: unknown) => {
  // In start-up's words (src/main.ts): a clerk trying her edits here reads what `npm start` would say.
  const unreadable = err instanceof LoketError ? undefined : unreadableFileHint(err);
  console.error(err instanceof LoketError ? startRefusal(err) : unreadable ? `Loket cannot start: ${unreadable}` : err);
  process.exit(1);
});
