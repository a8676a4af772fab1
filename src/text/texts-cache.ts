import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { loadFlows } from "../engine/flows/load.js";
import { FileValidationError } from "../errors.js";
import type { Flow, Flows } from "../engine/flows/schema.js";
import { readTexts, textsDigest, type TextsRead } from "./check-cache.js";
import { keepResult } from "./kept-result.js";
import { keptMessages, loadMessages, restoreMessages, type KeptMessages, type Messages } from "./messages.js";

/**
 * A restart without parsing messages/ and flows/ again when no file changed (their YAML, and the
 * flow schema's first checks, were ~100-250 ms of CPU of a restart once the knowledge was kept):
 * what `loadMessages` and `loadFlows` gave, when they refused nothing, is kept in
 * `<cacheDir>/texts-<digest>.json`. The digest covers the name and bytes of every file under both
 * folders (sub-folders too: each language's), the folders' paths and Loket's folder (issues name
 * files relative to it), and the code that reads and checks them (src/text/check-cache.ts,
 * checkerCode). So a clerk's edit, a new or removed file, or a new Loket version gives another
 * digest: the files are read and checked again, a broken one refused with `file:line` as always,
 * and a refused result is never kept. A missing, unreadable or damaged kept file is simply read
 * again; a read-only folder only costs the time. Lines of messages read back are found from their
 * file when a check asks for one. `read`: the files as read once for this start or reload (the
 * loaders take their text from it too); when it failed, the loaders read the folders themselves and
 * say what is wrong with them, as always.
 */
export async function loadTextsCached(
  at: { cacheDir: string; messagesDir: string; flowsDir: string },
  read: Promise<TextsRead> = readTexts(at),
): Promise<{ messages: Map<string, Messages>; flows: Flows }> {
  let file: string | undefined;
  let readText: ((path: string) => Promise<string>) | undefined;
  try {
    const files = await read;
    readText = files.readText;
    file = join(at.cacheDir, `texts-${await textsDigest(at, files, `\0texts\0cwd:${process.cwd()}`)}.json`);
    const kept = JSON.parse(await readFile(file, "utf8")) as { messages: KeptMessages; flows: { byId: [string, Flow][]; patterns: Flows["patterns"] } };
    const messages = restoreMessages(kept.messages);
    const byId = new Map(kept.flows.byId);
    if (!byId.size || !kept.flows.patterns || typeof kept.flows.patterns !== "object") throw new Error("kept flows: not of their shape");
    return { messages, flows: { byId, patterns: kept.flows.patterns } };
  } catch {
    // Nothing kept yet for these files (or unreadable, damaged, or a folder not readable now): read them.
  }
  // Both folders read to the end: a clerk who broke a flow and a message reads both problems at once.
  const [m, f] = await Promise.allSettled([loadMessages(at.messagesDir, process.cwd(), readText), loadFlows(at.flowsDir, readText)]);
  if (m.status === "rejected" || f.status === "rejected") {
    const refused = [f, m].flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    // A folder missing or unreadable (not a FileValidationError) is said as it was, alone.
    throw refused.every((e) => e instanceof FileValidationError) ? FileValidationError.together(refused as FileValidationError[]) : refused.find((e) => !(e instanceof FileValidationError));
  }
  const messages = m.value;
  const flows = f.value;
  if (file) {
    try {
      const kept = { byId: [...flows.byId], patterns: flows.patterns };
      // Kept only when JSON gives the very same flows back (a value JSON cannot hold would be lost).
      const back = JSON.parse(JSON.stringify(kept)) as typeof kept;
      if (!isDeepStrictEqual(back, kept)) return { messages, flows };
      // Older results are of files that have changed since: removed.
      await keepResult(file, "texts", { messages: keptMessages(messages), flows: kept });
    } catch {
      // A read-only data folder only costs start-up time.
    }
  }
  return { messages, flows };
}
