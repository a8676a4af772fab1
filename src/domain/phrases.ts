import { foldedWords, foldText } from "./fields.js";

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
 * An entry where a "/" list seems to hold a phrase of its own ("parkir/tempat parkir motor", meant
 * as "parkir" or "tempat parkir motor"; "parking/car park"): a "/" joins single words only, so the
 * entry reads "parkir parkir motor" and "tempat parkir motor". Said when an alternative other than
 * the last, put before the next word, repeats it ("parkir parkir", "parking park"). Returns a phrase
 * it reads that way and the entries meant (none when a "/" comes before too); undefined for an ordinary entry ("gak/ga tau").
 */
export function squeezedPhrase(entry: string): { reads: string; write: string[] } | undefined {
  const words = entry.trim().split(/\s+/);
  for (let i = 0; i + 1 < words.length; i++) {
    const alternatives = words[i]!.split("/");
    const next = words[i + 1]!;
    if (alternatives.length < 2) continue;
    // "bocor/diganti/mau diganti/ganti" reads "… mau diganti", and also "… diganti diganti": an
    // alternative repeated by one of the next word's own.
    const nexts = next.split("/").map(foldText);
    const n = nexts[0]!;
    const repeats = alternatives.slice(0, -1).filter((a) => {
      const f = foldText(a);
      if (nexts.length > 1) return f.length >= 3 && nexts.includes(f);
      return f.length >= 3 && n.length >= 3 && (f === n || f.startsWith(n) || n.startsWith(f));
    });
    if (!repeats.length) continue;
    const before = words.slice(0, i);
    const after = words.slice(i + 1);
    const alone = alternatives.slice(0, -1).join("/");
    // The entries meant are plain to say only when no "/" comes before ("does/did not/didn't …" is not).
    const plain = !before.some((w) => w.includes("/"));
    return {
      reads: [...before, repeats[0]!, ...after].join(" "),
      write: plain ? [[...before, alone].join(" "), [...before, alternatives.at(-1)!, ...after].join(" ")] : [],
    };
  }
  return undefined;
}

/** A phrase list's test (see `phraseMatcher`); `warm` builds its lookup now instead of at the first message. */
export type PhraseMatcher = ((text: string) => boolean) & { warm(): void };

/**
 * Whether a message contains one of a list's phrases as whole words (case, accents and punctuation
 * ignored). A two-word phrase also matches written as one word ("gak tau" and "gatau", "ga punya"
 * and "gapunya"), as citizens type them. `notAfter`: words that undo a phrase said right after
 * them ("bukan", "tidak"); `notBefore`: words that make a phrase said right before them another
 * matter ("belum ada" before "kabar" is no news, not no number). The lookup is built at the first message (or `warm()`), not here: an
 * engine has ~50 of these and start-up need not wait for them (the list is read then, as it is).
 */
export function phraseMatcher(entries: readonly string[], opts: { notAfter?: ReadonlySet<string>; notBefore?: ReadonlySet<string> } = {}): PhraseMatcher {
  let built: PhraseLookup | undefined;
  const matches = (text: string): boolean => {
    const { phrases, starts } = (built ??= phraseLookup(entries));
    const words = foldedWords(text);
    for (let i = 0; i < words.length; i++) {
      let p = "";
      for (let n = 0; i + n < words.length; n++) {
        p = n ? `${p} ${words[i + n]}` : words[i]!;
        if (!starts.has(p)) break;
        // "bukan milik sendiri": a phrase said after a negation is not said.
        if (phrases.has(p) && !(i > 0 && opts.notAfter?.has(words[i - 1]!)) && !(i + n + 1 < words.length && opts.notBefore?.has(words[i + n + 1]!))) return true;
      }
    }
    return false;
  };
  return Object.assign(matches, {
    warm: () => {
      built ??= phraseLookup(entries);
    },
  });
}

/** A phrase list's phrases, folded (a two-word phrase also as one word), and every phrase's first words. */
interface PhraseLookup {
  phrases: Set<string>;
  starts: Set<string>;
}

function phraseLookup(entries: readonly string[]): PhraseLookup {
  const phrases = new Set<string>();
  for (const entry of entries) {
    for (const p of expandPhrase(entry)) {
      phrases.add(p);
      const words = p.split(" ");
      if (words.length === 2) phrases.add(words.join(""));
    }
  }
  // Every phrase's first words ("pengembalian", "pengembalian uang"): a run of the message's words
  // that begins no phrase is not read further. Most words begin none, so a message costs about one
  // lookup a word, not one per word and phrase length.
  const starts = new Set<string>();
  for (const p of phrases) {
    const words = p.split(" ");
    for (let n = 1; n <= words.length; n++) starts.add(words.slice(0, n).join(" "));
  }
  return { phrases, starts };
}

/**
 * A message that is one of a list's phrases and nothing else but words of `beside` before or after
 * it ("itu aja?", "jadi itu aja ya kak?" for `that_is_all`; "gk ada" alone for `none_given`). Case,
 * accents and punctuation ignored; phrases read as a phrase list's ("a/b" either word).
 */
export function phraseAlone(entries: readonly string[], beside: readonly string[] = []): PhraseMatcher {
  let built: PhraseLookup | undefined;
  const around = new Set(beside.map(foldText));
  const matches = (text: string): boolean => {
    const { phrases } = (built ??= phraseLookup(entries));
    const words = foldedWords(text);
    // Every way of taking `beside` words off the front and the back; a beside word may be a phrase's too.
    for (let i = 0; i < words.length; i++) {
      for (let j = words.length; j > i; j--) {
        if (phrases.has(words.slice(i, j).join(" "))) return true;
        if (!around.has(words[j - 1]!)) break;
      }
      if (!around.has(words[i]!)) break;
    }
    return false;
  };
  return Object.assign(matches, {
    warm: () => {
      built ??= phraseLookup(entries);
    },
  });
}

/**
 * Where a text ends with one of a list's phrases ("hp 0812… gk ada" ends with `none_given`'s "gk
 * ada"): the index in `text` at which the phrase's first word begins, or undefined. Words are the
 * text's runs of letters and digits, folded; a two-word phrase also matches written as one word.
 */
export function phraseAtEnd(entries: readonly string[]): (text: string) => number | undefined {
  let built: PhraseLookup | undefined;
  return (text) => {
    const { phrases } = (built ??= phraseLookup(entries));
    const found = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
    let p = "";
    for (let k = found.length - 1; k >= 0 && k >= found.length - 8; k--) {
      p = p ? `${foldText(found[k]![0])} ${p}` : foldText(found[k]![0]);
      if (phrases.has(p)) return found[k]!.index;
    }
    return undefined;
  };
}

/**
 * An entry of a list read as written (every list but a phrase list) with a "/" between two words
 * ("nanti/ntar", "gak/ga tau"): a clerk meaning either word, as the phrase lists read it. Returns
 * the entries she meant, as written (["nanti", "ntar"]), or undefined. A one-letter side ("n/a",
 * "s/d", "a/n") is an abbreviation citizens type as it is, and a number ("24/7") is no word.
 */
export function slashMeantAsEither(entry: string): string[] | undefined {
  if (!entry.includes("/")) return undefined;
  if (!/(?:^|[^\p{L}])\p{L}{2,}\/\p{L}{2,}(?:$|[^\p{L}])/u.test(entry)) return undefined;
  let out: string[] = [""];
  for (const word of entry.trim().split(/\s+/)) {
    const alternatives = /^\p{L}{2,}(?:\/\p{L}{2,})+$/u.test(word) ? word.split("/") : [word];
    out = out.flatMap((head) => alternatives.map((a) => (head ? `${head} ${a}` : a)));
  }
  return out;
}
