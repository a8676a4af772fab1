import { slashMeantAsEither } from "../domain/phrases.js";
import type { FileIssue } from "../errors.js";
import type { LocatedYaml } from "./yaml.js";

/**
 * Entries of lists read as written (knowledge/understanding.yaml, and flows/patterns.yaml's lists
 * that are no phrase list) with a "/" between two words: "later: [nanti/ntar]" would match only a
 * citizen typing "nanti/ntar", not "nanti" nor "ntar" as the clerk meant. Said at the entry's line
 * with the entries to write. `skip`: the dotted paths of lists that do read "a/b" as either word;
 * `keyed`: the dotted paths of blocks whose keys are the words (cue lists, spelling).
 */
export function slashInWordLists(y: LocatedYaml, opts: { skip?: (path: string) => boolean; keyed?: (path: string) => boolean } = {}): FileIssue[] {
  const issues: FileIssue[] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (!v || typeof v !== "object") return;
    const name = path.join(".");
    if (Array.isArray(v)) {
      if (opts.skip?.(name)) return;
      v.forEach((entry, i) => {
        const meant = typeof entry === "string" ? slashMeantAsEither(entry) : undefined;
        if (!meant) return;
        issues.push({
          file: y.file,
          line: y.lineOf([...path, i]),
          message: `${name}: "${entry}" is read as written, "/" and all, so it would match only a citizen typing "${entry}": this list takes one word per entry (only the phrase lists of flows/patterns.yaml read "a/b" as either word); write each as an entry of its own: [${meant.map((m) => JSON.stringify(m)).join(", ")}] in place of "${entry}"`,
        });
      });
      return;
    }
    const keyed = opts.keyed?.(name) ?? false;
    for (const [k, inner] of Object.entries(v)) {
      if (keyed) {
        const meant = slashMeantAsEither(k);
        if (meant) {
          const value = typeof inner === "string" || typeof inner === "number" ? ` ${String(inner)}` : "";
          issues.push({
            file: y.file,
            line: y.lineOf([...path, k]),
            message: `${name}: "${k}" is read as written, "/" and all, so it would match only a citizen typing "${k}": each line here takes one word or phrase; write a line for each: ${meant.map((m) => `"${m}:${value}"`).join(", ")}`,
          });
        }
      }
      if (inner && typeof inner === "object") walk(inner, [...path, k]);
    }
  };
  walk(y.value, []);
  return issues;
}
