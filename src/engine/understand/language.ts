import { memoize } from "../../domain/memo.js";
import type { KnowledgeBase, LanguageKnowledge } from "../../knowledge/types.js";

/**
 * Which language a citizen writes in, so Loket answers in it (messages/<lang>/). Indonesian is the
 * default and stays unless a message plainly asks something in another language: at least three
 * of that language's everyday words that are not courtesies (understanding.yaml
 * `languages.<lang>.words` less `courtesy`), a third of the message in that language's words, few
 * Indonesian ones (the lexicon of the same file: spelling, roots, known, question and joining
 * words) and none of Indonesian's own `words` ("min", "kak"). So "thank you so much", "please help
 * me", "thank you kak" and "min how to daftar nib?" keep Indonesian. Back to Indonesian: two
 * Indonesian words and more of them than of the other language ("biaya pbg berapa?"). Words both
 * use (`loanwords`: ok, email, online, via) count for neither. A short message wholly in the other
 * language also switches: every word one of its `words` or a code (an acronym written in capitals
 * in a permit's name or aliases, or the office's: PBG, SPP-IRT, NIB, MPP; one the Indonesian lexicon also
 * knows, such as SIPA, only when written in capitals), no Indonesian one, and two
 * different signs of it, words that are not courtesies or a code ("PBG cost?", "Opening hours?",
 * "Is NIB free?", "What is the SPP-IRT?"), or one such word and a courtesy ("human please"); "info PBG dong", "apa itu NIB?", "ok makasih" and "up"
 * stay. A message that is only a language's name ("english", "bahasa indonesia") switches at once;
 * inside a form (a typed answer: a name, a title) only a request does ("english please", or a
 * language's name with only the requests' own words around it: "sorry, can we continue in English
 * please?"), and never the words of the answer ("Bisa Bahasa Inggris", a billboard's text).
 */
export interface LanguageGuess {
  /**
   * The language to answer `text` in, given the conversation's current one; `named` when the whole
   * message asks for a language. `inForm`: a typed form answer, taken only as an explicit request.
   */
  of(text: string, current: string, inForm?: boolean): { lang: string; named: boolean; requested?: boolean };
}

/** Words that turn a language's name into its refusal ("i don't speak indonesian", "jangan bahasa inggris"). */
const NEGATIONS = new Set(["don't", "dont", "not", "no", "never", "jangan", "tidak", "tdk", "gak", "ga", "nggak", "enggak", "ndak", "bukan"]);

/** Words that open a clause saying why, after a language is asked for ("biar ibu saya juga ngerti"). */
const REASON_WORDS = new Set(["biar", "supaya", "spy", "agar", "soalnya", "karena", "krn", "karna", "because", "since", "coz", "cause"]);

/** Indonesian titles, before a person's name ("Pak Agus", "Bu Siti"). */
const TITLES = new Set(["pak", "bapak", "bu", "ibu", "mas", "mbak", "kak", "bang"]);
/** Everyday words (not courtesies) of another language a message needs, to switch to it. */
const MIN_WORDS = 3;
/** Indonesian words a message needs (and more than the other language's), to switch back. */
const MIN_BACK = 2;
/** Signs (different words that are not courtesies, a code counting once) a message wholly in another language needs. */
const MIN_WHOLLY = 2;
/** Everyday words (not courtesies) of another language that outweigh one of Indonesian's own words ("kak", "pak"). */
const MANY_WORDS = 8;

const words = (text: string): string[] => text.toLowerCase().match(/\p{L}+(?:'\p{L}+)?/gu) ?? [];
const lower = (list: readonly string[] | undefined): Set<string> => new Set((list ?? []).flatMap(words));

interface Foreign {
  words: Set<string>;
  courtesy: Set<string>;
}

/** The names whose capitals are codes to the guess: every permit's name and aliases, the office's names and address, the registration numbers' prefix ("RBG"). */
export const namesOf = (kb: Pick<KnowledgeBase, "permits" | "office">): string[] => [...kb.permits.flatMap((p) => [p.name, ...p.aliases]), kb.office.name, kb.office.shortName, kb.office.address, kb.office.registrationPrefix];

/**
 * `namedThings`: permit names and aliases and the office's names (namesOf), whose acronyms (the
 * words written in capitals: "PBG", "SPP-IRT", "MPP") belong to no language.
 */
export function createLanguageGuess(lang: LanguageKnowledge | undefined, base = "id", namedThings: readonly string[] = []): LanguageGuess {
  const foreign = new Map<string, Foreign>();
  const names = new Map<string, string>();
  const requests = new Map<string, string>();
  const loanwords = new Set<string>();
  for (const [code, l] of Object.entries(lang?.languages ?? {})) {
    for (const w of lower(l.loanwords)) loanwords.add(w);
    if (code !== base) foreign.set(code, { words: lower(l.words), courtesy: lower(l.courtesy) });
    for (const n of l.names ?? []) names.set(words(n).join(" "), code);
    for (const r of l.requests ?? []) requests.set(words(r).join(" "), code);
  }
  for (const f of foreign.values()) for (const w of loanwords) f.words.delete(w);
  // A request in other words than the listed ones ("sorry, can we continue in English please?"):
  // a language's name and, around it, only words the listed requests use ("can", "we", "continue",
  // "please", "tolong", "pakai"), the base language's own words ("kak", "ya") and none that negate.
  const nameWords = new Set([...names.keys()].flatMap((n) => n.split(" ")));
  const asks = new Set([...requests.keys()].flatMap((r) => r.split(" ")).filter((w) => !nameWords.has(w) && !NEGATIONS.has(w)));
  const spokenNames = [...names].map(([n, code]) => ({ words: n.split(" "), code })).sort((a, b) => b.words.length - a.words.length);
  // Each clause on its own ("jangan bahasa inggris kak, bahasa indonesia aja": the second asks); in a
  // form, two words or more beside the name, or another clause ("Bisa Bahasa Inggris" is a billboard's text).
  const requestAround = (text: string, inForm: boolean): { code: string; alone: boolean } | undefined => {
    let asked: string | undefined;
    // A clause asking something else ("Hai min, syarat SIPA apa ya? btw can u reply in English"):
    // the language is still asked for, and the question answered in it (not a request alone).
    let other = false;
    const clauses = text.toLowerCase().split(/[,.;!?\n]+/).filter((c) => c.trim());
    for (const clause of clauses) {
      const ws = words(clause);
      if (!ws.length) continue;
      // "…bahasa Indonesia aja ya kak, biar ibu saya juga ngerti": why, not a further question.
      if (REASON_WORDS.has(ws[0]!) && asked) continue;
      const name = spokenNames.map(({ words: n, code }) => ({ n, code, at: ws.findIndex((_, i) => n.every((w, k) => ws[i + k] === w)) })).find((x) => x.at >= 0);
      // "jangan bahasa inggris kak": a language refused, beside the one asked.
      if (name && ws.some((w) => NEGATIONS.has(w))) continue;
      const rest = name ? [...ws.slice(0, name.at), ...ws.slice(name.at + name.n.length)] : ws;
      // Every other clause is only such words too: "Sorry, could you answer in English? What
      // documents do I need …?" asks a question as well (answered, in English), not only a language.
      if (!name || !rest.some((w) => asks.has(w)) || !rest.every((w) => asks.has(w) || markers.has(w))) {
        if (rest.every((w) => asks.has(w) || markers.has(w))) continue;
        // In a form a clause of the answer's own keeps the language (a billboard's text may name one).
        if (inForm) return undefined;
        other = true;
        continue;
      }
      if (!inForm || rest.length >= 2 || clauses.length > 1) asked = name.code;
    }
    return asked ? { code: asked, alone: !other } : undefined;
  };
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
    add(lang.contrasts ?? []);
    add(lang.placeWords);
  }
  for (const f of foreign.values()) for (const w of f.words) indonesian.delete(w);
  for (const w of loanwords) indonesian.delete(w);
  // The base language's own `words`: one of them ("min", "kak") says an Indonesian is writing.
  const markers = lower(lang?.languages[base]?.words);
  const acronyms = new Set(namedThings.flatMap((n) => n.match(/(?<![\p{L}])\p{Lu}{2,}(?![\p{Ll}])/gu) ?? []).map((c) => c.toLowerCase()).filter((c) => !markers.has(c) && ![...foreign.values()].some((f) => f.words.has(c))));
  // A code the Indonesian lexicon also knows ("sipa", "sip") is a code only when written in capitals:
  // "SIPA requirements?" is English, "sip makasih" Indonesian.
  const isCode = (raw: string, w: string) => acronyms.has(w) && (!indonesian.has(w) || (raw.length > 1 && raw === raw.toUpperCase()));

  /** What a text's words say, whatever the conversation: remembered per text (citizens repeat "menu", "ya", questions). */
  interface Reading {
    phrase: string;
    counted: number;
    ours: number;
    marker: boolean;
    /** Codes among the words (PBG, NIB). */
    coded: number;
    /** A word of a language's name among them: only then can other words around it ask for a language. */
    namesLanguage: boolean;
    /** Per other language: its words, those that are not courtesies, and whether every counted word is its own or a code. */
    theirs: Map<string, { all: number; content: number; polite: boolean; wholly: boolean }>;
  }
  const read = memoize((text: string): Reading => {
    const raw = text.match(/\p{L}+(?:'\p{L}+)?/gu) ?? [];
    const ws = raw.map((w) => w.toLowerCase());
    let counted = 0;
    let ours = 0;
    let marker = false;
    let coded = 0;
    ws.forEach((w, i) => {
      if (loanwords.has(w)) return;
      counted++;
      if (isCode(raw[i]!, w)) coded++;
      else if (indonesian.has(w)) ours++;
      // A title before a name is part of the name, not a sign of an Indonesian writer: "Can I speak
      // with Pak Agus?", "I am Pak Budi's assistant" (after the word, a capital and a small letter).
      const name = raw[i + 1];
      if (markers.has(w) && !(TITLES.has(w) && name && /^\p{Lu}\p{Ll}/u.test(name) && !indonesian.has(name.toLowerCase()) && !markers.has(name.toLowerCase()))) marker = true;
    });
    const theirs = new Map<string, { all: number; content: number; polite: boolean; wholly: boolean }>();
    for (const [code, f] of foreign) {
      let all = 0;
      // Different words: "step by step" is one phrase, not three signs of English.
      const content = new Set<string>();
      let polite = false;
      for (const w of ws) {
        // A courtesy is the language's too: "hi, check status RBG-2026-000123 please".
        if (!f.words.has(w) && !f.courtesy.has(w)) continue;
        all++;
        if (!f.courtesy.has(w)) content.add(w);
        else polite = true;
      }
      theirs.set(code, { all, content: content.size, polite, wholly: all > 0 && all + coded === counted });
    }
    return { phrase: ws.join(" "), counted, ours, marker, coded, theirs, namesLanguage: ws.some((w) => nameWords.has(w)) };
  }, 5_000);

  return {
    of(text, current, inForm = false) {
      const r = read(text);
      const said = requests.get(r.phrase) ?? (inForm ? undefined : names.get(r.phrase));
      if (said) return { lang: said, named: true };
      const around = r.namesLanguage ? requestAround(text, inForm) : undefined;
      // Asked beside other clauses: `requested`, for the engine to take it as the request alone when
      // nothing else is understood ("can you answer in english please? my husband is from Australia").
      if (around) return { lang: around.code, named: around.alone, ...(around.alone ? {} : { requested: true }) };
      if (inForm) return { lang: current, named: false };
      if (current !== base) {
        const still = r.theirs.get(current)?.all ?? 0;
        return { lang: r.ours >= MIN_BACK && r.ours > still ? base : current, named: false };
      }
      for (const [code, { all, content, polite, wholly }] of r.theirs) {
        // One of Indonesian's own words ("kak", "min") keeps Indonesian, unless the message is a long
        // sentence in the other language: "Hi kak, I'm a mahasiswa from UNDIP, need izin penelitian
        // for my skripsi in Rembang. how long is the process and is there a fee?"
        if (r.marker && !(content >= MANY_WORDS && r.ours * 3 <= content && all * 2 >= r.counted)) continue;
        // A third of the words, not half: permit names and places ("PT PMA", "NIB", "Rembang") are neither language.
        if (content >= MIN_WORDS && all * 3 >= r.counted && r.ours * 2 < all) return { lang: code, named: false };
        // Nothing but its words and codes: "PBG cost?", "Opening hours?", and a word with a courtesy:
        // "human please" ("up", "PBG info?", "thank you so much", "please help me" stay).
        // And a courtesy beside a code and shared words only: "check status RBG-2026-000123 please".
        if (wholly && r.ours === 0 && (content + (r.coded ? 1 : 0) >= MIN_WHOLLY || (polite && (content >= 1 || r.coded > 0)))) return { lang: code, named: false };
      }
      return { lang: current, named: false };
    },
  };
}
