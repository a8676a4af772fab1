/**
 * Indonesian stemming in the manner of Nazief–Adriani: strip particles (-lah, -kah, -tah,
 * -pun), possessives (-nya, -ku, -mu, plus Javanese -e/-ne/-ipun from the lexicon),
 * derivational suffixes (-kan, -an, -i, informal -in) and up to two prefixes (di-, ke-, se-,
 * ter-, ber-, per-, me-/mem-/men-/meng-/meny-, pe-/pem-/pen-/peng-/peny-, informal ng-/nge-/ny-,
 * eastern and Banjar ba-/ma-/mam-/man-/mang-/many-),
 * with the usual recodings (menulis -> tulis, pengajuan -> aju). A candidate is accepted only
 * when it is a known root, so unknown words are not mangled; without a known root only
 * particles and possessives are removed. The same stemmer runs over the knowledge base and
 * over citizens' messages, so both sides meet on the same form.
 *
 * @example createStemmer({ roots: ["syarat", "aju"] }).stem("persyaratannya") // "syarat"
 */
export interface Stemmer {
  stem(word: string): string;
}

export interface StemmerOptions {
  roots: Iterable<string>;
  /** Extra possessive-like endings (Javanese: e, ne, ipun). */
  suffixes?: string[];
  /**
   * Where stems are remembered, word -> stem: stemmers of the same roots and suffixes may share one,
   * and it may start with stems kept from an earlier start (src/engine/understand/normalise.ts).
   */
  cache?: Map<string, string>;
}

const PARTICLES = ["lah", "kah", "tah", "pun"];
const POSSESSIVES = ["nya", "ku", "mu"];
const DERIVATIONAL = ["kan", "an", "i", "in"];
const VOWEL = /^[aiueo]/;
const MIN_STEM = 3;

export function createStemmer(opts: StemmerOptions): Stemmer {
  const roots = new Set(opts.roots);
  const possessives = [...POSSESSIVES, ...(opts.suffixes ?? [])].sort((a, b) => b.length - a.length);
  const cache = opts.cache ?? new Map<string, string>();

  const strip = (w: string, ends: string[]): string[] => ends.filter((s) => w.endsWith(s) && w.length - s.length >= MIN_STEM).map((s) => w.slice(0, -s.length));

  function stem(word: string): string {
    if (word.length <= MIN_STEM || roots.has(word)) return word;
    const hit = cache.get(word);
    if (hit !== undefined) return hit;
    // Suffix candidates, least stripped first: word, -particle, -possessive, -derivational.
    const level1 = [word, ...strip(word, PARTICLES)];
    const level2 = [...level1, ...level1.flatMap((w) => strip(w, possessives))];
    const level3 = [...level2, ...level2.flatMap((w) => strip(w, DERIVATIONAL))];
    let result: string | undefined = level3.find((w) => roots.has(w));
    if (result === undefined) {
      outer: for (const w of level3) {
        for (const p1 of prefixVariants(w)) {
          if (roots.has(p1)) {
            result = p1;
            break outer;
          }
          for (const p2 of prefixVariants(p1)) {
            if (roots.has(p2)) {
              result = p2;
              break outer;
            }
          }
        }
      }
    }
    // No known root: only inflection is removed (consistent on both sides, never mangled).
    if (result === undefined) result = shortestInflection([...level1, ...level1.flatMap((w) => strip(w, POSSESSIVES))], word);
    if (cache.size > 50_000) cache.clear();
    cache.set(word, result);
    return result;
  }
  return { stem };
}

/** Of the particle/possessive-stripped forms, the most stripped one ("rumahnya" -> "rumah"). */
function shortestInflection(forms: string[], word: string): string {
  let best = word;
  for (const f of forms) if (f.length < best.length) best = f;
  return best;
}

/** What the word could be without one prefix, with Indonesian recodings. */
function prefixVariants(w: string): string[] {
  const out: string[] = [];
  const rest = (n: number) => w.slice(n);
  const add = (s: string) => {
    if (s.length >= MIN_STEM) out.push(s);
  };
  for (const p of ["di", "ke", "se"]) if (w.startsWith(p)) add(rest(p.length));
  if (w.startsWith("ter")) add(rest(3));
  if (w.startsWith("ber")) add(rest(3));
  else if (w.startsWith("be")) add(rest(2));
  if (w.startsWith("per")) add(rest(3));
  // Eastern Indonesia and Banjar say ba- for ber- (baurus, badaftar, batanya) and ma- for me-
  // (maurus, mambayar, manulis); only a known root is accepted, as for the others.
  if (w.startsWith("ba")) add(rest(2));
  for (const p of ["me", "pe", "ma"] as const) {
    if (!w.startsWith(p)) continue;
    if (w.startsWith(p + "ng")) {
      const r = w.slice(4);
      add(r);
      if (VOWEL.test(r)) add("k" + r);
    } else if (w.startsWith(p + "ny")) {
      add("s" + w.slice(4));
    } else if (w.startsWith(p + "m")) {
      const r = w.slice(3);
      add(r);
      if (VOWEL.test(r)) add("p" + r);
    } else if (w.startsWith(p + "n")) {
      const r = w.slice(3);
      add(r);
      if (VOWEL.test(r)) add("t" + r);
    }
    add(w.slice(2));
  }
  // Informal Javanese-influenced prefixes: ngurus, ngecek, nyari, nanya.
  if (w.startsWith("nge")) add(rest(3));
  if (w.startsWith("ng")) {
    add(rest(2));
    if (VOWEL.test(rest(2))) add("k" + rest(2));
  } else if (w.startsWith("ny")) {
    add("s" + rest(2));
    add("c" + rest(2));
  } else if (w.startsWith("n") && VOWEL.test(rest(1))) add("t" + rest(1));
  return out;
}
