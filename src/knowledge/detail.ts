import type { Permit } from "./types.js";

/**
 * A figure asked about inside a permit's own text: "ruang refraksinya minimal brp meter?" after the
 * optical shop (its floor plan: "ruang refraksi minimal 1×3 m"), "maksimal boleh berapa tempat?"
 * after SIP dokter ("paling banyak memiliki 3 SIP (3 tempat)"), "nilai lulus PKP nya brp?" after
 * SPP-IRT. The sentence of the file with a number in it that shares the most words with the
 * question (a number of the question counts as a word), or undefined when none shares one.
 */
export function detailIn(p: Permit, text: string): { sentence: string; shared: number; numbers: number } | undefined {
  const asked = contentWords(text);
  if (!asked.size) return undefined;
  // What is counted ("brp lembar", "berapa tempat", "how many pharmacists"): the sentence says it.
  const counted = countedIn(text);
  let best: { sentence: string; shared: number; numbers: number } | undefined;
  for (const sentence of sentencesOf(p)) {
    const words = wordsOf(sentence);
    if (counted && !words.some((x) => counted.some((c) => sameWord(c, x)))) continue;
    let shared = 0;
    let numbers = 0;
    for (const w of asked) {
      if (!words.some((x) => sameWord(w, x))) continue;
      shared++;
      if (/^\d/.test(w)) numbers++;
    }
    if (shared && (!best || shared > best.shared)) best = { sentence, shared, numbers };
  }
  return best;
}

/** Where a permit's file says figures: its text, where it is filed, its documents and their notes, its form's explanations, its validity. */
function sentencesOf(p: Permit): string[] {
  const cached = sentenceCache.get(p);
  if (cached) return cached;
  const texts = [p.body, p.submission.note ?? "", ...p.requirements.flatMap((r) => [r.name, r.note ?? ""]), ...p.form.map((f) => f.about ?? ""), p.validity, p.renewal?.text ?? ""];
  const sentences = texts
    .flatMap((t) => splitSentences(t.replace(/\s+/g, " ")))
    .map((s) => s.trim())
    // A figure: a digit not only inside a law's number ("UU 17/2023").
    .filter((s) => /\d/.test(s.replace(/\b\d+\/\d{4}\b/g, "")));
  sentenceCache.set(p, sentences);
  return sentences;
}
const sentenceCache = new WeakMap<Permit, string[]>();

/** Sentences, not broken after an abbreviation ("KBLI (mis. 55120 homestay …)", "e.g. 55120"). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(/(?<=[.!?])\s+(?=\S)/)) {
    if (out.length && ABBREVIATION.test(out.at(-1)!)) out[out.length - 1] += ` ${piece}`;
    else out.push(piece);
  }
  return out;
}
const ABBREVIATION = /(?:^|[\s(])(?:mis|dll|dsb|no|cth|spt|yth|jl|kab|kec|dr|drg|e\.g|i\.e|etc)\.$/i;

function wordsOf(text: string): string[] {
  return text.toLowerCase().replace(/²/g, "2").replace(/³/g, "3").split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(stem);
}

/** "refraksinya" -> "refraksi", "luasnya" -> "luas": the suffix "-nya" (and the typed "-ny") dropped. */
const stem = (w: string): string => (w.length > 5 ? w.replace(/nya$|ny$/, "") : w);

/** Words of a question that say what it is about: not its question, courtesy or joining words. */
function contentWords(text: string): Set<string> {
  return new Set(wordsOf(text).filter((w) => (w.length >= 4 || /^\d+$/.test(w) || SHORT_TERMS.test(w)) && !STOP.has(w)));
}

/**
 * What is counted, with its short forms ("meter": "m"): the word after "berapa"/"brp"/"how many"
 * ("brp lembar", "berapa tempat", "how many pharmacists"), else the word before it ("umur brp",
 * "PKP nya brp").
 */
function countedIn(text: string): string[] | undefined {
  const words = wordsOf(text);
  const at = words.findIndex((w, i) => COUNT_WORDS.has(w) || (w === "how" && (words[i + 1] === "many" || words[i + 1] === "much")));
  if (at < 0) return undefined;
  const names = (w: string | undefined): w is string => !!w && !STOP.has(w) && !COURTESY.has(w) && w.length >= 2 && !/^\d/.test(w);
  const next = words[at + (words[at] === "how" ? 2 : 1)];
  const before = words.slice(0, at).reverse().find((w) => !COURTESY.has(w));
  const word = names(next) ? next : words[at] !== "how" && names(before) ? before : undefined;
  return word ? [word, ...(UNITS[word] ?? [])] : undefined;
}
const COUNT_WORDS = new Set(["berapa", "brp", "brapa", "pira"]);
/** Words around a question that name nothing counted ("kbli nya brp mas"). */
const COURTESY = new Set(["nya", "ya", "yah", "min", "mas", "mbak", "kak", "ka", "pak", "bu", "bang", "gan", "sis", "om", "dik", "dong", "sih", "nih", "deh", "kah", "lur", "please", "pls"]);
/** Units as a question says them and as a permit's file writes them. */
const UNITS: Readonly<Record<string, string[]>> = {
  meter: ["m", "m2", "meter"], metre: ["m"], m2: ["m2"], "meter2": ["m2"], persegi: ["m2"], cm: ["cm"], senti: ["cm"],
  tahun: ["tahun", "thn"], thn: ["tahun"], hari: ["hari"], hr: ["hari"], bulan: ["bulan"], bln: ["bulan"], jam: ["jam"],
};

/** Two words the same, or one the start of the other when both are long ("apoteker", "apotekernya"). */
const sameWord = (a: string, b: string): boolean => a === b || (a.length >= 5 && b.length >= 5 && (a.startsWith(b) || b.startsWith(a)));

/** Short words that name something (PKP, STR, SIP, m2), not joining words. */
const SHORT_TERMS = /^(?:pkp|str|sip|m2|rt|rw|kk|jam)$/;

const STOP = new Set([
  // asking a figure
  "berapa", "brapa", "minimal", "minimum", "maksimal", "maksimum", "paling", "sedikit", "banyak", "kurang", "lebih", "batas", "batasnya",
  "many", "much", "maximum", "least", "most",
  // questions, courtesy, joining
  "kalau", "kalo", "klo", "gimana", "bagaimana", "apakah", "harus", "wajib", "perlu", "boleh", "bisa", "untuk", "dengan", "sama", "juga",
  "yang", "saya", "kami", "kita", "mohon", "tolong", "dong", "kakak", "bapak", "admin", "terus", "trus", "sudah", "udah", "belum", "tidak",
  "nggak", "ngga", "enggak", "gitu", "begitu", "kira", "kira2", "sekitar", "kira-kira", "what", "when", "where", "which", "does", "have",
  "need", "there", "that", "this", "with", "from", "about", "should", "would", "could", "many", "will", "your", "mine", "they",
  "izin", "ijin", "permit", "licence", "license",
]);
