import { foldText } from "./fields.js";

/** Most phrases one entry of a phrase list may stand for ("a/b c/d" is four). */
export const MAX_PHRASES_PER_ENTRY = 400;

/**
 * The phrases one entry of a patterns.yaml phrase list stands for, folded: a word written "a/b"
 * means either ("tidak/gak tahu/tau" is four phrases). Empty when an alternative is empty ("a//b").
 */
export function expandPhrase(entry: string): string[] {
  let out: string[] = [""];
  for (const word of entry.trim().split(/\s+/)) {
    const alternatives = word.split("/");
    if (alternatives.some((a) => !foldText(a))) return [];
    const next: string[] = [];
    for (const head of out) for (const a of alternatives) next.push(head ? `${head} ${foldText(a)}` : foldText(a));
    out = next;
    if (out.length > MAX_PHRASES_PER_ENTRY) return out;
  }
  return out.filter(Boolean);
}

/**
 * Whether a message contains one of a list's phrases as whole words (case, accents and punctuation
 * ignored). A two-word phrase also matches written as one word ("gak tau" and "gatau", "ga punya"
 * and "gapunya"), as citizens type them. `notAfter`: words that undo a phrase said right after
 * them ("bukan", "tidak").
 */
export function phraseMatcher(entries: readonly string[], opts: { notAfter?: ReadonlySet<string> } = {}): (text: string) => boolean {
  const phrases = new Set<string>();
  for (const entry of entries) {
    for (const p of expandPhrase(entry)) {
      phrases.add(p);
      const words = p.split(" ");
      if (words.length === 2) phrases.add(words.join(""));
    }
  }
  const longest = Math.max(0, ...[...phrases].map((p) => p.split(" ").length));
  return (text: string) => {
    const words = foldText(text).split(" ").filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      let p = "";
      for (let n = 0; n < longest && i + n < words.length; n++) {
        p = n ? `${p} ${words[i + n]}` : words[i]!;
        // "bukan milik sendiri": a phrase said after a negation is not said.
        if (phrases.has(p) && !(i > 0 && opts.notAfter?.has(words[i - 1]!))) return true;
      }
    }
    return false;
  };
}
