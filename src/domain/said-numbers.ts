import { foldedWords, withoutNya } from "./fields.js";

/*
 * Numbers and sizes read out of a form answer that says more than the number asked
 * ("jumlah lantai 2, luas 150", "panjangnya tiga meter lebarnya satu meter"). Pure functions: the
 * engine's checkAnswer calls them when the plain reading fails.
 */

/** A question asking a length × width ("Ukuran reklame (panjang × lebar, meter)"). */
export const SIZE_LABEL = /panjang\s*[×x]\s*lebar/i;
const SIZE_NUMBER_WORDS: Readonly<Record<string, number>> = {
  satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9, sepuluh: 10, sebelas: 11, "dua belas": 12,
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const SIZE_WORD = `(?:${Object.keys(SIZE_NUMBER_WORDS).sort((a, b) => b.length - a.length).join("|")})`;
/** A size's number: digits ("1,5"), or words ("satu koma lima", "dua setengah", "setengah"). */
const SIZE_NUMBER = `(\\d+(?:[.,]\\d+)?|${SIZE_WORD}(?:\\s+koma\\s+${SIZE_WORD})?(?:\\s+(?:setengah|and\\s+a\\s+half))?|setengah)`;
const SIZE_UNIT = `(?:\\s*(?:meter|mtr|m)\\b)?`;
const SIZE_SAID = [
  // "panjangnya tiga meter lebarnya satu meter", "panjang 4 m, lebar 6 m", "length 3 m and width 1 m"
  new RegExp(`\\b(?:panjang|length)\\w*\\s*:?\\s*${SIZE_NUMBER}${SIZE_UNIT}[\\s,;]*(?:dan|and|&|x|×)?\\s*(?:lebar|width)\\w*\\s*:?\\s*${SIZE_NUMBER}${SIZE_UNIT}`, "gi"),
  // "tiga kali satu meter", "3 kali 1 m"
  new RegExp(`(?:^|\\s)${SIZE_NUMBER}${SIZE_UNIT}\\s+(?:kali|x|×|by)\\s+${SIZE_NUMBER}${SIZE_UNIT}(?=\\s|$|[.,!?])`, "gi"),
];

/**
 * The lengths × widths said in words or with labels, written "3 x 1 m" (several: "4 x 6 m, 2 x 1 m",
 * as the question asks for each); undefined when none is, or only "4 x 6" as asked (kept as written).
 */
export function sizeSaid(text: string): string | undefined {
  const value = (said: string): string => {
    const w = said.toLowerCase().replace(/\s+/g, " ").trim();
    const half = / (?:setengah|and a half)$/.test(w) ? 0.5 : 0;
    const [whole, tenth] = w.replace(/ (?:setengah|and a half)$/, "").split(" koma ");
    const base = w === "setengah" ? 0.5 : SIZE_NUMBER_WORDS[whole!];
    if (base === undefined) return said.replace(",", ".");
    return tenth !== undefined ? `${base}.${SIZE_NUMBER_WORDS[tenth] ?? 0}` : String(base + half);
  };
  const found: { at: number; end: number; size: string; words: boolean }[] = [];
  for (const [i, re] of SIZE_SAID.entries()) {
    for (const m of text.matchAll(re)) {
      if (found.some((f) => m.index < f.end && m.index + m[0].length > f.at)) continue;
      found.push({ at: m.index, end: m.index + m[0].length, size: `${value(m[1]!)} x ${value(m[2]!)} m`, words: i === 0 || /[a-z]/i.test(m[1]! + m[2]!) });
    }
  }
  if (!found.some((f) => f.words)) return undefined;
  return found.sort((a, b) => a.at - b.at).map((f) => f.size).join(", ");
}

/**
 * Of several numbers, the one labelled with the question's own words: "jumlah lantai 2, luas 150" at
 * "Luas total lantai bangunan" is 150. The words right before it (back to the first that is not the
 * label's) must be the label's, its first word among them ("luas tanah 200" is another area), and
 * nothing but a unit, a comma or the end may follow it ("luas 2 lantainya 150": 2 counts floors).
 * Every other number must be labelled too: "luas 100 atau 120", "luasnya 90 sama 60" say no one figure.
 * Undefined otherwise.
 */
export function labelledNumber(label: string, text: string): string | undefined {
  const labelWords = new Set(foldedWords(label.replace(/\(.*?\)/g, " ")).filter((w) => w.length >= 3));
  const head = [...labelWords][0];
  if (!head) return undefined;
  const parts = text.replace(/\bm2\b/gi, "m²").split(/(?<![\p{L}\d.,])(\d[\d.,]*\d|\d)/u);
  const found: string[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const before = foldedWords(parts[i - 1]!).map(withoutNya).filter((w) => !NUMBER_FILLER.has(w));
    // A number with no words of its own before it ("90 sama 60", "100 atau 120"): no one figure is said.
    if (before.every((w) => NUMBER_JOINERS.has(w))) return undefined;
    const run: string[] = [];
    for (let k = before.length - 1; k >= 0 && labelWords.has(before[k]!); k--) run.push(before[k]!);
    if (!run.includes(head)) continue;
    const after = parts[i + 1] ?? "";
    const next = foldedWords(after)[0];
    const ends = /^\s*[,;.!?]/.test(after) || (next === undefined ? i + 2 >= parts.length : NUMBER_AFTER.has(next));
    if (ends) found.push(parts[i]!);
  }
  return found.length === 1 ? found[0] : undefined;
}
/** Words around a labelled number that say nothing of what it is ("luasnya *kira2* 150"). */
// "ke": "ini sip ke 2 sy" at "SIP ke berapa" (the ordinal said with the label's word).
const NUMBER_FILLER = new Set(["ke", "yg", "yang", "ya", "itu", "kira", "kira2", "sekitar", "sktr", "kurang", "lebih", "kurleb", "adalah", "nya", "pak", "bu", "kak", "mas", "mbak", "min"]);
/** Words that join numbers into a pair or a choice. */
const NUMBER_JOINERS = new Set(["sama", "sm", "dan", "atau", "ato", "or", "and", "plus", "tambah", "terus", "trus", "lalu", "s", "d", "sampai", "sampe", "hingga"]);
/** What may follow a labelled number: its unit, or a joining word before the next part. */
const NUMBER_AFTER = new Set(["m", "m2", "m²", "meter", "persegi", "mtr", "dan", "sama", "sm", "terus", "trus", "lalu", "ya", "pak", "bu", "kak", "mas", "mbak", "min", "sy", "saya", "aku"]);
/**
 * "lantai 1 sm 2 masing2 120, jd 240": the total said last after "jadi", ending the message, after
 * at least two numbers it sums, or none ("kira-kira jadi 150"); "bangunan 120, sisa tanah di
 * belakang jd 80" is no total.
 */
export function totalAtEnd(text: string): string | undefined {
  const m = TOTAL_AT_END.exec(text);
  const before = m ? (text.slice(0, m.index).match(/\d+(?:[.,]\d+)?/g) ?? []).length : 1;
  return m && before !== 1 ? m[1] : undefined;
}
const TOTAL_AT_END = /\b(?:jadi|jd|jdi|jadinya)\s+(?:total(?:nya)?\s+|semua(?:nya)?\s+)?(\d[\d.,]*)\s*(?:m2|m²|meter(?:\s+persegi)?|m)?\s*[.!]*\s*$/i;
