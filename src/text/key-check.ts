import type { FileIssue } from "../errors.js";
import { closestKey } from "./closest.js";
import { CODE_MESSAGES, OPTIONAL_KEY_PREFIXES } from "./message-keys.js";
import { messageFiles, messageSource, type MessageFile, type Messages } from "./messages.js";

/** Where a flow names a messages key (its file and line), for a problem found with that key. */
export interface FlowKeyUse {
  file: string;
  line: () => number;
}

/** More missing keys than this in one file are reported as one problem listing them. */
const LIST_AT_ONCE = 5;

/**
 * The keys of every language against the keys Loket says: the code's (CODE_MESSAGES) and the
 * flows' (`flowKeys`). In messages/id a missing key is an error (the citizen would read the key
 * itself); in another language a missing key is a warning (Loket says the Indonesian text
 * instead), except keys always said in Indonesian. In every language a key Loket never says is an
 * error: it is a misspelling or a leftover, and the text written there reaches nobody. A missing
 * key and an unknown key that is nearly the same are one mistake, reported once ("did you mean").
 */
export function checkMessageKeys(all: Map<string, Messages>, flowKeys: ReadonlyMap<string, readonly FlowKeyUse[]>): FileIssue[] {
  const issues: FileIssue[] = [];
  const needed = new Set([...Object.keys(CODE_MESSAGES), ...flowKeys.keys()]);
  const optional = (k: string) => OPTIONAL_KEY_PREFIXES.some((p) => k.startsWith(p));
  const base = all.get("id");
  const baseKeys = new Set(base?.keys() ?? []);
  /** Keys a flow probably meant (the flow misspelt): not reported again as unknown in any language. */
  const meant = new Set<string>();
  // Indonesian first: what it lacks is reported there, not again for every language.
  for (const [lang, m] of [...all].sort(([a], [b]) => (a === "id" ? -1 : b === "id" ? 1 : 0))) {
    const own = new Set(m.keys());
    const unknown = new Set([...own].filter((k) => !needed.has(k) && !optional(k) && !meant.has(k)));
    const missing = [...needed].filter((k) => !own.has(k) && (lang === "id" || (baseKeys.has(k) && !CODE_MESSAGES[k]?.indonesian)));
    const at = (key: string) => messageSource(m, key) ?? { file: `messages/${lang}`, line: 1 };
    const grouped = new Map<string, { file: MessageFile | undefined; keys: string[] }>();

    for (const key of missing) {
      const flowOnly = !CODE_MESSAGES[key];
      const uses = flowKeys.get(key) ?? [];
      const near = closestKey(key, unknown);
      const what = flowOnly ? `flow ${uses.map((u) => `${u.file}:${u.line()}`).join(", ")}` : "the code";
      if (near && !(flowOnly && lang === "id")) {
        // The key written wrongly: one problem, at the line to correct.
        unknown.delete(near);
        issues.push({
          ...at(near),
          message:
            `"${near}" is not a messages key Loket uses; did you mean "${key}"? (said by ${what}; ` +
            (lang === "id" ? `without it Loket shows "${key}" itself instead of a message)` : `without it citizens writing in this language read the Indonesian text)`),
        });
        continue;
      }
      if (flowOnly && lang === "id") {
        // The flow may be the one misspelt: reported where the flow names it.
        const hint = near ?? closestKey(key, own);
        const hintAt = hint ? at(hint) : undefined;
        if (near) {
          unknown.delete(near);
          meant.add(near);
        }
        // "Pekerjaan" as a label: a text (a key is small letters and dots, "field.label.pekerjaan").
        const text = /\s/.test(key.trim()) || (!key.includes(".") && !/^[a-z0-9_]+$/.test(key));
        // A key close to a written one is taken for a misspelling (below); another one, for a new text.
        const where = text || hint ? "" : newKeyPlace(key, m, all);
        for (const u of uses) {
          issues.push({
            file: u.file,
            line: u.line(),
            message: text
              ? `"${key}" is a text, not a messages key: a flow names a key (such as status.not_found) and the text itself goes in messages/id/*.yaml under that key; write it there and put its key here`
              : `messages key "${key}" is not in messages/id/*.yaml` +
                (hint ? `; did you mean "${hint}" (${hintAt!.file}:${hintAt!.line})? Correct the spelling in the flow or in the messages file` : "") +
                (where ? `: ${where}` : ""),
          });
        }
        continue;
      }
      const file = targetFile(m, key, all);
      const name = file?.file ?? `messages/${lang}`;
      const g = grouped.get(name) ?? { file, keys: [] };
      g.keys.push(key);
      grouped.set(name, g);
    }

    for (const [name, { file, keys }] of grouped) {
      const warning = lang !== "id";
      const effect = warning
        ? `citizens writing in this language read the Indonesian text instead`
        : `Loket would show the key itself (such as "${keys[0]}") instead of a message`;
      const emptyNote = file?.empty ? "this file is empty; " : "";
      if (keys.length > LIST_AT_ONCE) {
        issues.push({
          file: name,
          line: 1,
          ...(warning ? { warning } : {}),
          message:
            `${emptyNote}${keys.length} messages Loket says are missing here: ${keys.join(", ")}. Without them ${effect}; ` +
            (warning ? `add them, translated from messages/id` : `add them (messages/en holds most of them in English, as a model for the lines to write)`),
        });
        continue;
      }
      for (const key of keys) {
        const path = key.split(".");
        const parent = path.slice(0, -1);
        const fromBase = lang !== "id" && base ? messageSource(base, key) : undefined;
        issues.push({
          file: name,
          line: file?.lineOf(path) ?? 1,
          ...(warning ? { warning } : {}),
          message:
            `${emptyNote}"${key}" is missing: without it ${effect}. Add a line "${path[path.length - 1]}: …" to this file` +
            (parent.length ? `, under "${parent.join(".")}"` : "") +
            (fromBase ? ` (the Indonesian text is at ${fromBase.file}:${fromBase.line})` : ""),
        });
      }
    }

    // A misspelling of a key this language lacks is an error (its text reaches nobody, and the
    // missing key is why); a leftover (a key an older Loket used, or a flow step removed) only a
    // warning: Loket starts, so an office's edited files do not stop it on upgrade.
    for (const key of unknown) {
      const hint = closestKey(key, needed);
      const written = hint && own.has(hint) ? at(hint) : undefined;
      const leftover = !hint || !!written;
      issues.push({
        ...at(key),
        ...(leftover ? { warning: true } : {}),
        message:
          `"${key}" is not a messages key Loket uses: no flow names it and the code never says it, so nobody reads this text` +
          (hint ? `; did you mean "${hint}"?${written ? ` (that key is written at ${written.file}:${written.line}: remove one of the two)` : ""}` : "; check the spelling, or remove it"),
      });
    }
  }
  return issues;
}

/**
 * Where to write the text of a key a flow names that messages/id lacks: the file of its nearest
 * written relative and the block it goes under (with that block's line), and the same file of
 * every other language. Empty when there is no such file.
 */
function newKeyPlace(key: string, base: Messages, all: Map<string, Messages>): string {
  const file = targetFile(base, key, all);
  if (!file) return "";
  const path = key.split(".");
  const parent = path.slice(0, -1);
  const block = parent.length ? `, under "${parent.join(".")}" (line ${file.lineOf(parent)})` : "";
  const others = [...all]
    .filter(([lang]) => lang !== "id")
    .flatMap(([lang, m]) => {
      const what = lang === "en" ? "English" : `"${lang}" text`;
      // Removed from messages/id only: the other language still has it, and is not to be written again.
      const kept = messageSource(m, key);
      if (kept) return [`its ${what} is still there, at ${kept.file} (line ${kept.line})`];
      const f = messageFiles(m).find((x) => x.name === file.name);
      return f ? [`its ${what} to ${f.file}`] : [];
    });
  return `add a line "${path.at(-1)}: …" with the text citizens read to ${file.file}${block}` + (others.length ? `, and ${others.join(", ")}` : "");
}

/**
 * The file a missing key belongs in: the one holding its nearest written relative (most leading
 * key parts in common), else the file of the same name that holds it in another language, else
 * a file named after its first part ("staff_notice" → staff.yaml).
 */
function targetFile(m: Messages, key: string, all: Map<string, Messages>): MessageFile | undefined {
  const files = messageFiles(m);
  const parts = key.split(".");
  let best: { file: string; shared: number } | undefined;
  for (const k of m.keys()) {
    const other = k.split(".");
    let shared = 0;
    while (shared < parts.length - 1 && other[shared] === parts[shared]) shared++;
    if (shared > 0 && (!best || shared > best.shared)) best = { file: messageSource(m, k)!.file, shared };
  }
  if (best) return files.find((f) => f.file === best.file);
  for (const other of all.values()) {
    const src = other === m ? undefined : messageSource(other, key);
    const name = src?.file.split(/[\\/]/).pop();
    const f = name && files.find((x) => x.name === name);
    if (f) return f;
  }
  const first = parts[0]!;
  return files.find((f) => f.name.replace(/\.ya?ml$/, "") === first) ?? files.find((f) => f.name.replace(/\.ya?ml$/, "") === first.split("_")[0]);
}
