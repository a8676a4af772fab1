import type { LanguageKnowledge } from "../../knowledge/types.js";

/**
 * Which language a citizen writes in, so Loket answers in it (messages/<lang>/). Indonesian is the
 * default and stays unless a message is plainly in another language: most of its words are that
 * language's everyday words (understanding.yaml `languages.<lang>.words`) and few are Indonesian
 * (the lexicon of the same file: spelling, roots, known, question and joining words). Short or
 * mixed messages ("thank you kak", "min how to daftar nib?") keep the conversation's language, and
 * so does any message with one of Indonesian's own `words` ("hi min, any update?");
 * "english please" or "bahasa indonesia" (`languages.<lang>.names`) switch at once.
 */
export interface LanguageGuess {
  /**
   * The language to answer `text` in, given the conversation's current one; `named` when the whole
   * message asks for a language by name. `fromWords: false` (a typed form answer: a name, an
   * address) takes only a language asked for by name.
   */
  of(text: string, current: string, fromWords?: boolean): { lang: string; named: boolean };
}

/** Words of a language a message needs at least, to switch to it. */
const MIN_WORDS = 3;

const words = (text: string): string[] => text.toLowerCase().match(/\p{L}+(?:'\p{L}+)?/gu) ?? [];

export function createLanguageGuess(lang: LanguageKnowledge | undefined, base = "id"): LanguageGuess {
  const foreign = new Map<string, Set<string>>();
  const names = new Map<string, string>();
  for (const [code, l] of Object.entries(lang?.languages ?? {})) {
    if (code !== base) foreign.set(code, new Set((l.words ?? []).map((w) => w.toLowerCase())));
    for (const n of l.names ?? []) names.set(words(n).join(" "), code);
  }
  const indonesian = new Set<string>();
  if (lang) {
    const add = (list: Iterable<string>) => {
      for (const entry of list) for (const w of words(entry)) indonesian.add(w);
    };
    add(Object.keys(lang.spelling));
    add(Object.values(lang.spelling));
    add(lang.roots);
    add(lang.knownWords);
    add(lang.questionWords);
    add(lang.joiners);
    add(lang.placeWords);
  }
  for (const set of foreign.values()) for (const w of set) indonesian.delete(w);
  // The base language's own `words`: one of them ("min", "kak") says an Indonesian is writing.
  const markers = new Set((lang?.languages[base]?.words ?? []).map((w) => w.toLowerCase()));

  return {
    of(text, current, fromWords = true) {
      const ws = words(text);
      const named = names.get(ws.join(" "));
      if (named) return { lang: named, named: true };
      if (!fromWords) return { lang: current, named: false };
      const ours = ws.filter((w) => indonesian.has(w)).length;
      if (current !== base) {
        const theirs = foreign.get(current);
        const still = theirs ? ws.filter((w) => theirs.has(w)).length : 0;
        return { lang: ours >= MIN_WORDS && ours > still ? base : current, named: false };
      }
      if (ws.some((w) => markers.has(w))) return { lang: current, named: false };
      for (const [code, set] of foreign) {
        const n = ws.filter((w) => set.has(w)).length;
        if (n >= MIN_WORDS && n * 2 >= ws.length && ours * 2 < n) return { lang: code, named: false };
      }
      return { lang: current, named: false };
    },
  };
}
