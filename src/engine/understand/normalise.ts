import type { LanguageKnowledge } from "../../knowledge/types.js";
import { createTypoIndex, type TypoIndex } from "./fuzzy.js";
import { createStemmer, type Stemmer } from "./stem.js";
import { memoize } from "../../domain/memo.js";
import { WRITTEN_DATE } from "../../domain/day-asked.js";

/**
 * Turns WhatsApp Indonesian into comparable tokens: lower case, punctuation and emoji
 * dropped (an emoji the spelling list names is read as its words), repeated letters squeezed (bangettt -> banget), reduplication (jenis2 -> jenis),
 * digits typed for letters (s4ya -> saya), the lexicon's spelling list (brp -> berapa,
 * piro -> berapa, dmn -> di mana), the eastern possessive order (sa pu izin -> izin saya), stemming,
 * and typo tolerance against the words the
 * knowledge base uses. The vocabulary lives in knowledge/understanding.yaml; this file only
 * holds the procedure.
 */
export interface Token {
  /** The word after spelling normalisation (before stemming). */
  surface: string;
  /** What matching compares. */
  stem: string;
  /** True when typo tolerance changed the word. */
  corrected: boolean;
}

export interface Normaliser {
  tokens(text: string, opts?: { correct?: boolean }): Token[];
  /** The words the knowledge base uses; they gate digit decoding and typo correction. */
  setVocabulary(words: Iterable<string>, names?: Iterable<string>): void;
  /** Builds now what the first correction would build (the typo lookup). */
  warm(): void;
  readonly stemmer: Stemmer;
}

const EMPTY: LanguageKnowledge = {
  spelling: {},
  numberLetters: {},
  letterNames: {},
  suffixes: [],
  roots: [],
  knownWords: [],
  placeWords: [],
  joiners: [],
  questionWords: [],
  backgroundWords: [],
  backgroundAfter: [],
  requestWords: [],
  possessive: { markers: [], owners: {} },
  languages: {},
  intents: {},
  aspects: {},
  office: {},
  source: "",
};

/** "dr." written before a capitalised name: the doctor's title. */
const DOCTOR_TITLE = /(?<![\p{L}\p{N}])[dD]r\.(?=\s*\p{Lu})/gu;
/** A phone keyboard's rows (QWERTY): a slip lands on a key beside the one meant. */
const KEY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
/** Each letter's neighbours on the keyboard: beside it in its row, and the touching keys above and below. */
const NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const at = new Map<string, [number, number]>();
  KEY_ROWS.forEach((row, r) => [...row].forEach((c, i) => at.set(c, [r, i])));
  const out = new Map<string, string>();
  for (const [c, [r, i]] of at) {
    let near = "";
    for (const [d, [r2, i2]] of at) {
      if (d === c) continue;
      // Rows are offset by about half a key: the row below starts under the gap after its first letter.
      const x = i + r * 0.5;
      const x2 = i2 + r2 * 0.5;
      if ((r2 === r && Math.abs(i2 - i) === 1) || (Math.abs(r2 - r) === 1 && Math.abs(x2 - x) <= 0.5)) near += d;
    }
    out.set(c, near);
  }
  return out;
})();
const VOWELS = "aiueo";
/** The shortest and longest word tried as several words run together ("syaratpbgapa"), and the shortest piece. */
const MIN_RUN_TOGETHER = 8;
const MAX_RUN_TOGETHER = 30;
const MIN_PIECE = 3;

const SPELLED_OUT = /(?<![\p{L}\p{N}])\p{L}(?:[ .]\p{L}){2,}(?![\p{L}\p{N}])/gu;
/** Words in a dictated acronym read as letters at most ("es i pe te te ka"). */
const MAX_LETTER_RUN = 8;

/** Each language's tokens before any vocabulary, by text (see `plainTokens`). */
const plainByLanguage = new WeakMap<LanguageKnowledge, (text: string) => readonly Token[]>();
/** The texts each language's `plainTokens` has read, with their tokens (see `plainReadings`). */
const plainSeen = new WeakMap<LanguageKnowledge, Map<string, readonly Token[]>>();
const seenOf = (lang: LanguageKnowledge): Map<string, readonly Token[]> => {
  let seen = plainSeen.get(lang);
  if (!seen) plainSeen.set(lang, (seen = new Map()));
  return seen;
};

/**
 * The plain readings (`plainTokens`) made so far for `lang`, as [text, [surface, stem, corrected]...]:
 * what the knowledge check read when the files were parsed, kept with the parsed knowledge
 * (knowledge/cache.ts) so that a restart's understander does not read those texts again.
 */
export function plainReadings(lang: LanguageKnowledge): [string, [string, string, 0 | 1][]][] {
  return [...seenOf(lang)].map(([text, tokens]) => [text, tokens.map((t) => [t.surface, t.stem, t.corrected ? 1 : 0])]);
}

/** Readings kept by `plainReadings` for the same files and code, given back to `plainTokens` of `lang`. */
export function rememberPlainReadings(lang: LanguageKnowledge, readings: unknown): void {
  if (!Array.isArray(readings)) return;
  const seen = seenOf(lang);
  for (const r of readings as unknown[]) {
    if (!Array.isArray(r) || typeof r[0] !== "string" || !Array.isArray(r[1])) continue;
    const tokens: Token[] = [];
    for (const t of r[1] as unknown[]) {
      if (!Array.isArray(t) || typeof t[0] !== "string" || typeof t[1] !== "string") break;
      tokens.push({ surface: t[0], stem: t[1], corrected: t[2] === 1 });
    }
    if (tokens.length === (r[1] as unknown[]).length && !seen.has(r[0])) seen.set(r[0], tokens);
  }
}

/**
 * A text's tokens as a normaliser reads it before it is given the knowledge base's vocabulary,
 * without typo correction (`createNormaliser(lang).tokens(text, { correct: false })`), remembered
 * per language object and text. The knowledge check (`namesThatAreCues` in knowledge/load.ts) and
 * the understander's index read the same names, aliases and cue words this way: loaded together
 * (start-up, `npm run check`), each text is read once. The arrays are shared: never change them.
 */
export function plainTokens(lang: LanguageKnowledge = EMPTY): (text: string) => readonly Token[] {
  let read = plainByLanguage.get(lang);
  if (!read) {
    let normaliser: Normaliser | undefined;
    const seen = seenOf(lang);
    read = (text) => {
      let tokens = seen.get(text);
      if (!tokens) seen.set(text, (tokens = (normaliser ??= createNormaliser(lang)).tokens(text, { correct: false })));
      return tokens;
    };
    plainByLanguage.set(lang, read);
  }
  return read;
}

/** Each language's stems, shared by its normalisers (the knowledge check's, the understander's), with the roots and suffixes they were made of. */
const stemsByLanguage = new WeakMap<LanguageKnowledge, { of: string; stems: Map<string, string> }>();
/** The stem memory of `lang` as its roots and suffixes are now (a new one when they changed). */
const stemsOf = (lang: LanguageKnowledge, roots: readonly string[]): Map<string, string> => {
  const of = `${roots.join("\u0001")}\u0000${lang.suffixes.join("\u0001")}`;
  let kept = stemsByLanguage.get(lang);
  if (!kept || kept.of !== of) stemsByLanguage.set(lang, (kept = { of, stems: new Map() }));
  return kept.stems;
};

/**
 * The stems `lang`'s normalisers have made so far, as [word, stem] pairs: after the understander is
 * built, those of the knowledge's words, which knowledge/cache.ts keeps beside the knowledge so that
 * a restart's understander does not stem them again (stemming was about half of building it).
 */
export function stemsMade(lang: LanguageKnowledge): [string, string][] {
  return [...stemsOf(lang, lang.roots.map((r) => r.toLowerCase()))];
}

/**
 * Stems kept by `stemsMade` for the same files and code, given back to `lang`'s normalisers; returns
 * how many were taken. Anything not of that shape is left out (then those words are stemmed again).
 */
export function rememberStems(lang: LanguageKnowledge, kept: unknown): number {
  if (!Array.isArray(kept)) return 0;
  const stems = stemsOf(lang, lang.roots.map((r) => r.toLowerCase()));
  let taken = 0;
  for (const pair of kept as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string" || !pair[1]) continue;
    if (!stems.has(pair[0])) {
      stems.set(pair[0], pair[1]);
      taken++;
    }
  }
  return taken;
}

export function createNormaliser(lang: LanguageKnowledge = EMPTY): Normaliser {
  const spelling = new Map(Object.entries(lang.spelling).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  const markers = new Set(lang.possessive.markers.map((w) => w.toLowerCase()));
  const owners = new Map(Object.entries(lang.possessive.owners).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  const keptBeside = new Map(Object.entries(lang.keptBeside ?? {}).map(([k, v]) => [k.toLowerCase(), new Set(v.map((x) => x.toLowerCase()))]));
  const roots = lang.roots.map((r) => r.toLowerCase());
  const stemmer = createStemmer({ roots, suffixes: lang.suffixes, cache: stemsOf(lang, roots) });
  const known = new Set<string>([...lang.knownWords, ...lang.roots].map((w) => w.toLowerCase()));
  const vocab = new Set<string>();
  /** The words of permits' aliases and ids (pbg, nib, slf, pirt): what a short word may slip onto. */
  const names = new Set<string>();
  let typo: TypoIndex = createTypoIndex([]);
  const cache = new Map<string, Token[]>();

  const titleWords = new Set((lang.doctorTitle?.words ?? []).map((w) => w.toLowerCase()));
  const titleBefore = new Set((lang.doctorTitle?.before ?? []).map((w) => w.toLowerCase()));
  const titleAfter = new Set((lang.doctorTitle?.after ?? []).map((w) => w.toLowerCase()));
  const questionWords = new Set(lang.questionWords.map((w) => w.toLowerCase()));
  /** "dr" at `i` as the doctor's title ("dr gigi", "biaya sip dr brp"), not "dari" (from). */
  const isTitle = (read: readonly string[], i: number): boolean => {
    if (!titleWords.has(read[i]!)) return false;
    const next = read[i + 1];
    if (next !== undefined && titleBefore.has(next)) return true;
    if (i === 0 || !titleAfter.has(read[i - 1]!)) return false;
    return next === undefined || questionWords.has((spelling.get(next) ?? next).split(" ")[0]!);
  };

  const letterNames = new Map(Object.entries(lang.letterNames ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  const isKnown = (w: string): boolean => spelling.has(w) || vocab.has(w) || known.has(w) || vocab.has(stemmer.stem(w)) || known.has(stemmer.stem(w));
  /** isKnown, remembered: asked of every word of every message read (to join broken words). */
  const knownWord = memoize(isKnown, 50_000);

  /**
   * A word of the spelling list with an ending ("syaraiknyo": Minang "syaraik" -nyo, "gmnnya"): that
   * word's spelling, the ending dropped as the stemmer drops it from a root. Only for a word Loket
   * does not know as typed, and a listed word of three letters or more.
   */
  const endings = [...new Set(["nya", ...lang.suffixes.map((e) => e.toLowerCase())])].sort((a, b) => b.length - a.length);
  const spelledWithEnding = (w: string): string | undefined => {
    if (isKnown(w)) return undefined;
    for (const e of endings) {
      const rest = w.endsWith(e) ? w.slice(0, -e.length) : "";
      const base = rest.length >= 3 ? spelling.get(rest) : undefined;
      if (base !== undefined && base && !/\s/.test(base)) return base;
    }
    return undefined;
  };

  /** The stem a word stands for, after the spelling list: two candidates of one stem are one word ("caranya", "cara"). */
  const meaning = (w: string): string => stemmer.stem((spelling.get(w) ?? w).split(/\s+/)[0] ?? w);

  /**
   * A slip of the thumb on a word no dictionary knows: a key beside the one meant ("nob" -> nib,
   * "mucj" -> much, "proaes" -> proses, "gimans" -> gimana), two letters swapped ("laam" -> lama),
   * or a vowel left out between two consonants ("dmna" -> dmana, "gnti" -> ganti, "apotekr" ->
   * apoteker). Only these slips, and only onto a word written as such in the vocabulary, the
   * spelling list or the known words (not a form found by stemming), when they lead to one word:
   * two different words and it stays as typed. Short everyday words are many, so a word under five
   * letters slips by a key only onto a permit's acronym of at most one vowel ("nob" -> nib, "sld"
   * -> slf; "aku" stays "aku", not "aju"), by a swap only if it has four letters ("laam" -> lama),
   * and a vowel is put back only in a word of four or more.
   */
  const listed = (c: string): boolean => spelling.has(c) || vocab.has(c) || known.has(c);
  const consonant = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c) && !VOWELS.includes(c);
  /** A permit's acronym of at most one vowel: what a short word may slip onto by a key. */
  const acronym = (c: string): boolean => names.has(c) && [...c].filter((x) => VOWELS.includes(x)).length <= 1;
  const slip = memoize(slipOf, 20_000);
  function slipOf(w: string): string | undefined {
    // Three letters slip only by a key onto an acronym: most such words lead to none, at once.
    if (w.length === 3 && ![...w].some((ch, i) => [...(NEIGHBOURS.get(ch) ?? "")].some((n) => acronym(w.slice(0, i) + n + w.slice(i + 1))))) return undefined;
    let found: string | undefined;
    let foundMeaning: string | undefined;
    type Slip = "key" | "swap" | "vowel";
    let how = "key" as Slip;
    let ambiguous = false;
    const consider = (c: string, by: Slip): void => {
      if (ambiguous || c === w || !listed(c)) return;
      if (found === undefined) {
        found = c;
        how = by;
      } else if (c !== found && meaning(c) !== (foundMeaning ??= meaning(found))) ambiguous = true;
    };
    if (w.length >= 3 && w.length <= 20 && /^\p{L}+$/u.test(w)) {
      for (let i = 0; i < w.length && !ambiguous; i++) {
        for (const n of NEIGHBOURS.get(w[i]!) ?? "") consider(w.slice(0, i) + n + w.slice(i + 1), "key");
        if (i + 1 < w.length && w[i] !== w[i + 1]) consider(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2), "swap");
      }
      for (let i = 1; i < w.length && w.length >= 4 && !ambiguous; i++) {
        if (consonant(w[i - 1]) && consonant(w[i])) for (const v of VOWELS) consider(w.slice(0, i) + v + w.slice(i), "vowel");
      }
    }
    if (found !== undefined && w.length < 5 && how !== "vowel" && !acronym(found) && !(how === "swap" && w.length === 4)) found = undefined;
    return ambiguous ? undefined : found;
  }

  /**
   * Words typed without the spaces between them ("syaratpbgapa", "jambukakantor"): the fewest
   * words Loket knows, each of three letters or more, that make up the whole, when only one such
   * reading exists. Tried only on a word no dictionary knows and no typo explains.
   */
  const splitRun = memoize(splitRunOf, 20_000);
  function splitRunOf(w: string): string[] | undefined {
    let out: string[] | undefined;
    if (w.length >= MIN_RUN_TOGETHER && w.length <= MAX_RUN_TOGETHER && /^\p{L}+$/u.test(w)) {
      // best[i]: the fewest pieces covering w[0..i), and whether two readings tie.
      const best: { n: number; from: number; tie: boolean }[] = [{ n: 0, from: -1, tie: false }];
      for (let i = MIN_PIECE; i <= w.length; i++) {
        let here: { n: number; from: number; tie: boolean } | undefined;
        for (let j = 0; j <= i - MIN_PIECE; j++) {
          const before = best[j];
          // A piece inside is a word as listed; the last may carry an ending ("alamatkantornya").
          if (!before || !(i === w.length ? isKnown(w.slice(j, i)) : listed(w.slice(j, i)))) continue;
          const n = before.n + 1;
          if (!here || n < here.n) here = { n, from: j, tie: before.tie };
          else if (n === here.n) here.tie = true;
        }
        if (here) best[i] = here;
      }
      const end = best[w.length];
      if (end && end.n >= 2 && !end.tie) {
        out = [];
        for (let i = w.length; i > 0; i = best[i]!.from) out.unshift(w.slice(best[i]!.from, i));
      }
    }
    return out;
  }

  function decode(raw: string): string {
    // One letter held down ("kkkkkkk", "jjjjjj": keys mashed) is no word: not squeezed into "kk" (the family card).
    if (/^(\p{L})\1{2,}$/u.test(raw)) return raw;
    let w = raw.replace(/(\p{L})\1{2,}/gu, "$1$1");
    const redup = /^(\p{L}{2,})2(\p{L}*)$/u.exec(w);
    if (redup) w = redup[1]! + redup[2]!;
    if (!isKnown(w) && /(\p{L})\1/u.test(w)) {
      const single = w.replace(/(\p{L})\1+/gu, "$1");
      if (isKnown(single)) w = single;
    }
    // Not a word of two characters: "C5" of "Blok C5" is an address, not "cs" (a person asked for).
    if (w.length >= 3 && /\d/.test(w) && /\p{L}/u.test(w)) {
      const letters = w.replace(/\d/g, (d) => lang.numberLetters[d] ?? d);
      if (!/\d/.test(letters) && isKnown(letters)) w = letters;
    }
    return w;
  }

  /** An acronym or word the knowledge base uses, of two letters or more (pbg, sipa, uklupl, ktp). */
  const isAcronym = (w: string): boolean => w.length >= 2 && vocab.has(w);
  /** A dictated letter: a letter's spoken name ("pe" -> p), or a chunk without vowels ("kl", "ttk") as dictation may write it. */
  const spokenLetters = (w: string): string | undefined => letterNames.get(w) ?? (/^[^aiueo\P{L}]{2,3}$/u.test(w) ? w : undefined);

  /**
   * Voice typing writes an acronym as its letters' names: "pe be ge" (PBG), "en i be" (NIB),
   * "es i pe a" (SIPA), "u kl u pl" (UKL-UPL), "pe irt" (PIRT). A run of two or more words, each a
   * spoken letter or a single letter (the last may be any word of up to three letters), with a
   * spoken letter among them, becomes the acronym when the knowledge base uses it; the longest run
   * wins. Otherwise the words stay as they are ("es teh", "ka mau tanya").
   */
  function readLetters(words: string[]): string[] {
    if (!letterNames.size || !vocab.size) return words;
    const out: string[] = [];
    // Each word's letter once, not once per run tried (most words are none and end the run at once).
    const named = words.map((w) => spokenLetters(w));
    const single = words.map((w) => w.length === 1 && /^\p{L}$/u.test(w));
    for (let i = 0; i < words.length; ) {
      let hit: { end: number; acronym: string } | undefined;
      const starts = named[i] !== undefined || single[i]!;
      for (let end = starts ? Math.min(words.length, i + MAX_LETTER_RUN) : i + 1; end >= i + 2 && !hit; end--) {
        let letters = "";
        let spoken = false;
        for (let k = i; k < end; k++) {
          const w = words[k]!;
          if (named[k] !== undefined) spoken = true;
          const piece = named[k] ?? (single[k] || (k === end - 1 && w.length <= 3 && /^\p{L}{1,3}$/u.test(w)) ? w : undefined);
          if (piece === undefined) {
            letters = "";
            break;
          }
          letters += piece;
        }
        if (spoken && letters && isAcronym(letters)) hit = { end, acronym: letters };
      }
      if (hit) {
        out.push(hit.acronym);
        i = hit.end;
      } else out.push(spellWord(words[i]!) ?? words[i]!);
      if (!hit) i++;
    }
    return out;
  }

  /** One word dictated as letters' names run together ("pebege", "enib" from "e n i b"): the acronym it spells, if used. */
  const spelled = new Map<string, string | undefined>();
  /** Every start (up to 12 letters) of a word of the knowledge base, to stop a reading early. */
  const prefixes = new Set<string>();
  function spellWord(w: string): string | undefined {
    if (spelled.has(w)) return spelled.get(w);
    if (w.length < 3 || w.length > 12 || isKnown(w) || !/^\p{L}+$/u.test(w)) return undefined;
    const found: string[] = [];
    // A bound on the ways to read a word, so a long message of odd words stays cheap.
    let budget = 2000;
    const walk = (at: number, letters: string, spoken: boolean): void => {
      // Letters no word of the knowledge base starts with lead nowhere.
      if (found.length || budget-- <= 0 || (letters && !prefixes.has(letters))) return;
      if (at === w.length) {
        if (spoken && letters.length >= 3 && isAcronym(letters)) found.push(letters);
        return;
      }
      for (const [name, letter] of letterNames) if (w.startsWith(name, at)) walk(at + name.length, letters + letter, true);
      walk(at + 1, letters + w[at], spoken);
    };
    walk(0, "", false);
    if (spelled.size > 50_000) spelled.clear();
    spelled.set(w, found[0]);
    return found[0];
  }

  /**
   * A word broken in two over a line ("re\nklame", "persya\nratan", "izin peneli\ntian"): two
   * neighbours, neither a word Loket knows, which together make one it does, are read as that
   * word. "di\nmana" stays two words, both being known, and so does "mas\naku".
   */
  function joinBroken(words: string[]): string[] {
    let out: string[] | undefined;
    // Most messages have no broken word: nothing is copied until one is found.
    for (let i = 0; i < words.length; i++) {
      const a = words[i]!;
      const b = words[i + 1];
      if (b !== undefined && a.length >= 2 && b.length >= 2 && !knownWord(a) && !knownWord(b) && /^\p{L}+$/u.test(a) && /^\p{L}+$/u.test(b) && isKnown(a + b)) {
        out ??= words.slice(0, i);
        out.push(a + b);
        i++;
      } else out?.push(a);
    }
    return out ?? words;
  }

  function expand(raw: string, correct: boolean): Token[] {
    const key = (correct ? "1" : "0") + raw;
    const hit = cache.get(key);
    if (hit) return hit;
    // The spelling list may name a word as typed, digits and all ("kmn2": everywhere), before the
    // decoding that would read its "2" as a plain reduplication ("kmn").
    const w = spelling.has(raw) ? raw : decode(raw);
    const out: Token[] = [];
    for (const piece of (spelling.get(w) ?? spelledWithEnding(w) ?? w).split(/\s+/).filter(Boolean)) {
      let stem = stemmer.stem(piece);
      const respelled = spelling.get(stem);
      if (respelled !== undefined && respelled !== stem) {
        for (const p of respelled.split(/\s+/).filter(Boolean)) out.push({ surface: p, stem: stemmer.stem(p), corrected: false });
        continue;
      }
      let corrected = false;
      if (correct && !isKnown(piece)) {
        const fix = typo.correct(piece) ?? typo.correct(stem);
        if (fix !== undefined) {
          stem = stemmer.stem(fix);
          corrected = true;
        } else {
          const slipped = slip(piece) ?? (stem !== piece ? slip(stem) : undefined);
          if (slipped !== undefined) {
            for (const t of expand(slipped, false)) out.push({ ...t, corrected: true });
            continue;
          }
          const words = splitRun(piece);
          if (words) {
            for (const word of words) out.push(...expand(word, false));
            continue;
          }
        }
      }
      out.push({ surface: piece, stem, corrected });
    }
    if (cache.size > 50_000) cache.clear();
    cache.set(key, out);
    return out;
  }

  return {
    stemmer,
    tokens(text, opts = {}) {
      const correct = opts.correct ?? true;
      // "SIP dr. Andi": a doctor's title before a name (a capital), not "dr" (dari, from).
      const clean = (text.includes("r.") ? text.replace(DOCTOR_TITLE, "dokter") : text)
        .toLowerCase()
        .normalize("NFKC")
        // "café", "señor": a Latin letter with an accent is the letter ("cafe" is a TDUP keyword).
        .replace(/[\u00C0-\u024F]/g, (c) => c.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""))
        .replace(/['’`]/g, "")
        // "2/12 buka?", "02-12-2026": a date written with numbers is read as "tanggal 2/12".
        .replace(WRITTEN_DATE, "tanggal $&")
        // A name spelled out letter by letter ("P I R T", "n.i.b"): three or more single letters.
        .replace(SPELLED_OUT, (m) => m.replace(/[ .]/g, ""));
      const words: string[] = [];
      for (const m of clean.matchAll(/[\p{L}\p{N}]+|&|\p{Extended_Pictographic}/gu)) {
        // An emoji counts only when the spelling list gives it words (👍 -> oke, 🙏 -> sembah).
        if (/^\p{Extended_Pictographic}$/u.test(m[0]) && !spelling.has(m[0])) continue;
        words.push(m[0]);
      }
      // Only a message broken over lines is looked at: a word is broken by Enter far more often
      // than by a space, and checking every message's words would cost every message.
      const read = correct && text.includes("\n") ? joinBroken(readLetters(words)) : readLetters(words);
      const out: Token[] = [];
      for (let i = 0; i < read.length; i++) {
        const w = read[i]!;
        // "alun-alun", "alun alun": a word written twice is a reduplicated word as typed (the town
        // square), not the spelling list's reading of it ("alun" is Minang for "belum"): the list
        // holds abbreviations and regional words, which are not doubled.
        // The same written with a "2" ("alun2"), of a word the knowledge base itself uses ("alun alun"):
        // the town square too, not "belum belum"; other words keep their reading ("dibales2": dibalas).
        const twice = /^(\p{L}{3,})2$/u.exec(w)?.[1];
        const doubled = read[i + 1] === w ? w : twice && vocab.has(twice) ? twice : undefined;
        if (doubled && doubled.length >= 3 && spelling.has(doubled) && spelling.get(doubled) !== doubled) {
          const asTyped: Token = { surface: doubled, stem: stemmer.stem(doubled), corrected: false };
          out.push(asTyped, asTyped);
          i += doubled === w ? 1 : 0;
          continue;
        }
        if (isTitle(read, i)) {
          out.push(...expand("dokter", correct));
          continue;
        }
        // "izin SMP nya", "SMP swasta": the school beside a word of kept_beside, not the spelling list's "sampai".
        const kept = keptBeside.get(w);
        if (kept && (kept.has(read[i - 1] ?? "") || kept.has(read[i + 1] ?? ""))) {
          out.push({ surface: w, stem: w, corrected: false });
          continue;
        }
        const owner = owners.get(w);
        // "sa pu izin" -> "izin saya": the thing, then its owner; the marker itself is dropped.
        if (owner !== undefined && markers.has(read[i + 1] ?? "") && read[i + 2] !== undefined) {
          out.push(...expand(read[i + 2]!, correct), ...expand(owner, correct));
          i += 2;
          continue;
        }
        out.push(...expand(w, correct));
      }
      return out;
    },
    warm: () => typo.warm(),
    setVocabulary(words, nameWords = []) {
      for (const w of nameWords) names.add(w);
      for (const w of words) {
        vocab.add(w);
        vocab.add(stemmer.stem(w));
      }
      typo = createTypoIndex(vocab);
      cache.clear();
      spelled.clear();
      slip.clear();
      splitRun.clear();
      knownWord.clear();
      prefixes.clear();
      for (const w of vocab) for (let n = 1; n <= Math.min(w.length, 12); n++) prefixes.add(w.slice(0, n));
    },
  };
}
