import { memoize } from "./memo.js";
import { phraseMatcher } from "./phrases.js";

/**
 * Typed form fields: each validator returns the normalised value or the messages key of the
 * specific reason, so the bot can re-ask with that reason. Pure, no I/O.
 */
export type FieldResult = { ok: true; value: string } | { ok: false; reason: string };

/** Indonesian province codes (the first two NIK digits), Kemendagri. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76,
  81, 82, 91, 92, 93, 94, 95, 96,
]);

/**
 * NIK: 16 digits; province code; DDMMYY birth date where women have DD + 40; serial not 0000.
 * The regency code is not required: people keep the code of where they first registered.
 */
export function validateNik(input: string): FieldResult {
  const digits = input.replace(/[\s.-]/g, "");
  if (!/^\d+$/.test(digits)) return { ok: false, reason: "field.nik.digits" };
  if (digits.length !== 16) return { ok: false, reason: "field.nik.length" };
  if (!PROVINCES.has(Number(digits.slice(0, 2)))) return { ok: false, reason: "field.nik.province" };
  let day = Number(digits.slice(6, 8));
  if (day > 40) day -= 40;
  const month = Number(digits.slice(8, 10));
  if (day < 1 || month < 1 || month > 12 || day > daysIn(month, Number(digits.slice(10, 12)))) return { ok: false, reason: "field.nik.date" };
  if (digits.slice(12) === "0000") return { ok: false, reason: "field.nik.serial" };
  return { ok: true, value: digits };
}

/** Days in a month of a two-digit year, which may be 19yy or 20yy: 29 February when either is a leap year. */
function daysIn(month: number, yy: number): number {
  if (month === 2) return [1900 + yy, 2000 + yy].some((y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Indonesian mobile numbers, normalised to +62…: 08xx, 628xx, +62 8xx, +62 (0) 8xx, with spaces or dashes. */
export function validatePhone(input: string): FieldResult {
  let d = input.replace(/[\s().-]/g, "");
  if (d.startsWith("+")) d = d.slice(1);
  if (!/^\d+$/.test(d)) return { ok: false, reason: "field.phone.format" };
  if (d.length < 9) return { ok: false, reason: "field.phone.length" };
  if (d.startsWith("620")) d = `62${d.slice(3)}`; // "+62 (0) 812…": the trunk 0 written after the country code
  if (d.startsWith("0")) d = `62${d.slice(1)}`;
  else if (d.startsWith("8")) d = `62${d}`;
  if (!d.startsWith("628")) return { ok: false, reason: "field.phone.mobile" };
  if (d.length < 11 || d.length > 15) return { ok: false, reason: "field.phone.length" };
  return { ok: true, value: `+${d}` };
}

/**
 * Around an address, not part of it: a sentence's end ("budi@gmail.com."), a polite word after it
 * ("budi@gmail.com ya kak"), brackets or "mailto:" pasted with it, spaces beside the "@".
 */
const EMAIL_TAIL = /(?:[\s,]+(?:ya|iya|kak|ka|min|pak|bu|mas|mbak|makasih|terima\s+kasih|trims|nggih))+$/i;
const tidyEmail = (input: string): string =>
  input
    .trim()
    .replace(EMAIL_TAIL, "")
    .replace(/[.,;!?]+$/, "")
    .replace(/^<(.*)>$/, "$1")
    .replace(/^mailto:/i, "")
    // "siti @gmail.com": the space a phone keyboard puts after a suggested word.
    .replace(/^(\S+)\s*@\s*(\S+)$/, "$1@$2");

export function validateEmail(input: string): FieldResult {
  const v = tidyEmail(input).toLowerCase();
  // No dot at the start or end of the name or two in a row ("budi.@gmail.com"), no "-" at either end of a domain's part: no mail reaches those.
  if (v.length > 254 || !/^[a-z0-9_%+-]+(\.[a-z0-9_%+-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/.test(v)) {
    return { ok: false, reason: "field.email.format" };
  }
  if (mistypedProvider(v.slice(v.lastIndexOf("@") + 1))) return { ok: false, reason: "field.email.typo" };
  return { ok: true, value: v };
}

/** Mail providers' own domains, as citizens have them. */
const PROVIDER_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "rocketmail.com", "hotmail.com", "outlook.com",
  "outlook.co.id", "live.com", "icloud.com", "me.com", "aol.com", "protonmail.com", "proton.me", "mail.com", "email.com",
]);
const PROVIDERS = new Set(["gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "icloud"]);
/** Slips in a provider's name seen on phone keyboards: no mail reaches them. */
const MISSPELT_PROVIDERS = new Set([
  "gmial", "gmai", "gamil", "gmal", "gmaill", "gmil", "gnail", "gmsil", "gmali", "gmaik", "gmaol", "gemail", "gimail",
  "yaho", "yahho", "yahooo", "yhoo", "yhaoo", "yahoi", "hotmial", "hotmal", "hotmai", "hotmil", "outlok", "outllok", "otlook", "iclod", "icoud",
]);

/**
 * "gmail.con", "gmial.com", "yahoo.co.di": a slip in a provider's domain (or ".con", which is
 * no ending at all). Such an address is taken as valid yet nothing sent to it arrives.
 */
function mistypedProvider(domain: string): boolean {
  if (PROVIDER_DOMAINS.has(domain)) return false;
  const labels = domain.split(".");
  if (labels[labels.length - 1] === "con") return true;
  if (MISSPELT_PROVIDERS.has(labels[0]!)) return true;
  // gmail.co, gmail.cm, gmail.comm, yahoo.co.di: a provider's name with a slip in ".com" or ".co.id"
  // (yahoo.co.uk, hotmail.com.sg are other countries' and stay).
  const ending = labels.slice(1).join(".");
  return PROVIDERS.has(labels[0]!) && ["com", "co.id"].some((e) => e !== ending && (oneEditApart(ending, e) || swapped(ending, e)));
}

/** Two neighbouring letters swapped ("co.di" for "co.id"). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** Month names and short forms as people write them, Indonesian and English (also day-asked.ts). */
export const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, januari: 1, january: 1, feb: 2, februari: 2, pebruari: 2, february: 2, mar: 3, maret: 3, march: 3,
  apr: 4, april: 4, mei: 5, may: 5, jun: 6, juni: 6, june: 6, jul: 7, juli: 7, july: 7, agu: 8, agt: 8,
  agus: 8, agustus: 8, aug: 8, august: 8, sep: 9, sept: 9, september: 9, okt: 10, oktober: 10, oct: 10,
  october: 10, nov: 11, nopember: 11, november: 11, des: 12, desember: 12, dec: 12, december: 12,
};

/** Dates as people write them: 17-08-1990, 17/8/1990, 17.08.1990, 17 Agustus 1990, 17 agt 1990, 1990-08-17. ISO out. */
export function validateDate(input: string): FieldResult {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/,/g, " ")
    .replace(/\s+/g, " ")
    // "tgl 4 januari 2027", "Senin, 4 Januari 2027", "hari Jumat 5-1-2027": words before the date.
    .replace(/^(?:tgl\.?|tanggal|tanggalnya|tglnya|mulai|mulainya)\s*:?\s*/, "")
    .replace(/^(?:hari )?(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad) /, "")
    // English: "Tuesday, 17 August 2027", "the 17th of August 2027", "August 17th, 2027".
    .replace(/^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) /, "")
    .replace(/^the /, "")
    .replace(/\b(\d{1,2})(?:st|nd|rd|th)\b(?: of)?/, "$1");
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^([a-z]+)\.? (\d{1,2}) (\d{4})$/.exec(s)) && MONTHS[match[1]!]) {
    [d, m, y] = [Number(match[2]), MONTHS[match[1]!]!, Number(match[3])];
  }
  else if ((match = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$/.exec(s))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[ -]([a-z]+)\.?[ -](\d{2}|\d{4})$/.exec(s))) {
    const month = MONTHS[match[2]!];
    if (!month) return { ok: false, reason: "field.date.format" };
    [d, m, y] = [Number(match[1]), month, Number(match[3])];
  } else return { ok: false, reason: "field.date.format" };
  if (y < 100) y += y > 40 ? 1900 : 2000;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2100) {
    return { ok: false, reason: "field.date.invalid" };
  }
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

/** Numbers as typed: "2", "2,5", "1.250" (thousands), "150 m2". Bounds inclusive. */
const TIME_UNITS = ["jam", "hari", "minggu", "bulan", "tahun"];
/** Time units as written otherwise: in English, or shortened ("2 bln" is two months, not 2 for "Lama penelitian (hari)"). */
const OTHER_TIME_UNITS: Record<string, string> = {
  hour: "jam", hours: "jam", day: "hari", days: "hari", week: "minggu", weeks: "minggu", month: "bulan", months: "bulan", year: "tahun", years: "tahun",
  hr: "hari", hri: "hari", mgg: "minggu", mg: "minggu", bln: "bulan", bl: "bulan", thn: "tahun", th: "tahun",
};
/** Area units people use for land ("1,5 ha", "200 ru", "2 are"); a question in m² takes only m². */
const AREA_UNITS = ["m2", "m²", "meter", "ha", "hektar", "hektare", "are", "ru", "tumbak", "bata"];
const SQUARE_METRES = new Set(["m2", "m²", "meter"]);

/**
 * A number, optionally followed by a unit word ("90 hari", "2 lantai", "150 m2"). Not a size
 * ("10x20"), two numbers ("3 4") or a number in another time unit than the question's: "3 bulan"
 * for "Lama penelitian (hari)" is refused rather than stored as 3 days.
 */
const DIGIT_WORDS: Record<string, number> = { nol: 0, satu: 1, se: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9 };
/** Javanese numbers, for a choice said by its number ("sing nomer siji"). */
const JAVANESE_DIGITS: Record<string, number> = { siji: 1, loro: 2, telu: 3, papat: 4, limo: 5 };

/**
 * A number written in Indonesian words, as answered to "Jumlah lantai" or "Luas tanah": "tiga",
 * "dua belas", "dua puluh lima", "seratus", "dua ribu lima ratus", "seribu dua ratus". Up to
 * 999,999; anything else is not one.
 */
export function numberFromWords(input: string): number | undefined {
  const words = input.toLowerCase().trim().replace(/\s+/g, " ").replace(/\b(se)(ribu)\b/g, "$1 $2").split(" ");
  const at = words.indexOf("ribu");
  if (at < 0) return belowThousand(words.join(" "));
  // "dua ribu lima ratus": the thousands before "ribu" ("se" for one), the rest after it.
  const thousands = words[0] === "se" && at === 1 ? 1 : at > 0 ? belowThousand(words.slice(0, at).join(" ")) : undefined;
  const rest = at === words.length - 1 ? 0 : belowThousand(words.slice(at + 1).join(" "));
  return thousands && rest !== undefined ? thousands * 1000 + rest : undefined;
}

/** "tiga", "dua belas", "seratus dua puluh lima": up to 999. */
function belowThousand(input: string): number | undefined {
  const words = input.replace(/\b(se)(puluh|belas|ratus)\b/g, "$1 $2").split(" ");
  if (!words[0] || words.length > 6) return undefined;
  const unit = (w: string | undefined) => (w !== undefined && w in DIGIT_WORDS ? DIGIT_WORDS[w]! : undefined);
  let total = 0;
  let i = 0;
  const take = (word: string, factor: number): void => {
    const d = unit(words[i]);
    if (d !== undefined && words[i + 1] === word) {
      total += d * factor;
      i += 2;
    }
  };
  take("ratus", 100);
  take("puluh", 10);
  const d = unit(words[i]);
  if (d !== undefined && words[i + 1] === "belas") {
    total += 10 + d;
    i += 2;
  } else if (d !== undefined && words[i] !== "se") {
    total += d;
    i += 1;
  }
  return i === words.length && i > 0 ? total : undefined;
}

/** Words that multiply the number before them: never its unit. */
const MULTIPLIERS = new Set(["puluh", "belas", "ratus", "ribu", "rb", "juta", "jt", "miliar", "milyar", "triliun"]);

/** Said before a size or count ("± 120 m2", "kurang lebih 120", "sekitar 150 m²"): about, not part of the number. */
const ABOUT = /^(?:±|\+\s*\/?\s*-|kurang lebih|kurleb|lebih kurang|sekitar|kira[- ]?kira|kira2|kurang-lebih)\s*/i;

/**
 * An ordinal, as "SIP ke berapa" is answered: "pertama", "kedua", "ke-2", "SIP ke 3", "yang
 * ketiga", "second", "2nd". Its number, or undefined.
 */
function ordinal(input: string): number | undefined {
  const m = /^(?:(?:sip|yang|yg|baru|the|my)\s+)*(?:ke[-\s]?(\d{1,3}|[a-z]+)|(pertama|first|second|third)|(\d{1,3})(?:st|nd|rd|th))(?:\s+(?:kali|nya|one))?$/i.exec(input.trim().toLowerCase());
  if (!m) return undefined;
  if (m[2]) return { pertama: 1, first: 1, second: 2, third: 3 }[m[2]];
  const n = m[1] ?? m[3]!;
  return /^\d+$/.test(n) ? Number(n) : n !== "se" && n !== "nol" ? DIGIT_WORDS[n] : undefined;
}

export function validateNumber(input: string, min?: number, max?: number, label?: string): FieldResult {
  input = input
    .trim()
    .replace(/[.!,;]+$/, "")
    .replace(ABOUT, "")
    // "2 (dua) lantai", "120 (seratus dua puluh) m2": the number in words beside it, as in letters.
    .replace(/^(\d[\d.,]*)\s*\([a-z ]+\)/i, "$1")
    // "2500 meter persegi", "dua ribu meter persegi": the unit in words is m².
    .replace(/\s*\bmeter\s+persegi$/i, " m2");
  // "10x15 meter", "7,5 x 20 m" for an area in m²: the plot's length times its width.
  const sides = /^\s*(\d+(?:[.,]\d+)?)\s*(?:x|×|kali)\s*(\d+(?:[.,]\d+)?)\s*(?:m|mtr|meter)?\s*$/i.exec(input);
  if (sides && /m²|m2|meter persegi/i.test(label ?? "")) {
    const side = (t: string) => Number(t.replace(",", "."));
    input = String(Math.round(side(sides[1]!) * side(sides[2]!) * 100) / 100).replace(".", ",");
  }
  const nth = ordinal(input);
  if (nth !== undefined) input = String(nth);
  const spelled = /^\s*[a-z ]+\s*$/i.test(input) ? numberFromWords(input) : undefined;
  if (spelled !== undefined) input = String(spelled);
  else {
    // "dua lantai", "lima buah": a number in words, then its unit.
    const unit = /^\s*([a-z ]+?)\s+([a-z]{2,}|m2|m²)\s*$/i.exec(input);
    const n = unit && numberFromWords(unit[2]!) === undefined && !/^(?:puluh|belas|ratus)$/i.test(unit[2]!) ? numberFromWords(unit[1]!) : undefined;
    if (n !== undefined) input = `${n} ${unit![2]}`;
  }
  const m = /^\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:[,.](\d+))?\s*(m2|m²|[a-z]{2,}(?: [a-z]{2,})?)?\s*$/i.exec(input);
  if (!m) return { ok: false, reason: "field.number.format" };
  let unit = m[3]?.toLowerCase().split(" ")[0];
  // "dua ribu", "2 ribu", "5 juta": a multiplier, not a unit ("2 ribu" m² is 2,000, not 2); asked again as a number.
  if (unit && MULTIPLIERS.has(unit)) return { ok: false, reason: "field.number.format" };
  // "3 months", "2 bln" for "Lama penelitian (hari)": the same units, in English or shortened.
  if (unit && unit in OTHER_TIME_UNITS) unit = OTHER_TIME_UNITS[unit];
  if (unit && TIME_UNITS.includes(unit)) {
    const asked = TIME_UNITS.find((u) => new RegExp(`\\b${u}\\b`, "i").test(label ?? ""));
    if (asked !== unit) return { ok: false, reason: asked ? "field.number.unit" : "field.number.format" };
  }
  // "1,5 ha" for "Luas tanah (m²)" is not 1.5 m²: asked again, in m².
  if (unit && AREA_UNITS.includes(unit) && !SQUARE_METRES.has(unit) && /m²|m2|meter persegi/i.test(label ?? "")) return { ok: false, reason: "field.number.area" };
  const n = Number(`${m[1]!.replace(/\./g, "")}${m[2] ? `.${m[2]}` : ""}`);
  if (min !== undefined && n < min) return { ok: false, reason: "field.number.min" };
  if (max !== undefined && n > max) return { ok: false, reason: "field.number.max" };
  return { ok: true, value: String(n) };
}

export function validateText(input: string, min = 1, max = 500): FieldResult {
  // Zero-width characters are invisible; an answer of only emoji or punctuation says nothing.
  let v = input.replace(/[\u200B-\u200D\u2060\uFEFF]/g, "").trim().replace(/\s+/g, " ");
  if (v && !/[\p{L}\p{N}]/u.test(v)) return { ok: false, reason: "field.text.unreadable" };
  // "Siti Rahmawati 🙏", "Klinik Sehat 😊": the emoji around an answer is not part of the name staff read.
  v = withoutDecoration(v);
  if (v.length < min) return { ok: false, reason: "field.text.short" };
  if (v.length > max) return { ok: false, reason: "field.text.long" };
  return { ok: true, value: v };
}

/**
 * Normalises for matching a typed answer against choice labels. Remembered: the same labels are
 * folded on every message.
 */
export const foldText: (s: string) => string = memoize(
  (s) => s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, " ").trim(),
  5_000,
);

/** A folded word without its "-nya" ("reklamenya" is "reklame", "fotonya" is "foto"); short words as they are. */
export const withoutNya = (w: string): string => (w.length > 5 && w.endsWith("nya") ? w.slice(0, -3) : w);

/**
 * The words of `foldText(s)` (none for a text without letters or digits). Remembered, and shared:
 * one message is read by dozens of phrase lists and checks in a step, each of which split it anew
 * before. Read-only: callers must not change the array.
 */
export const foldedWords: (s: string) => readonly string[] = memoize((s) => {
  const f = foldText(s);
  return f ? f.split(" ") : [];
}, 5_000);

/** A choice by id, number ("2"), or label (case- and punctuation-insensitive, or a unique prefix). */
export function matchChoice(input: string, options: { id: string; label: string }[]): string | undefined {
  const t = input.trim();
  if (/^\d{1,2}$/.test(t)) return options[Number(t) - 1]?.id;
  // "yg no 3 min", "3 min", "nomer 5 aja kak": the number with the words around it; "yg ke 4", "yang
  // ke-2 aja": the ordinal ("yang nomor 2" alone may be a permit of a list just shown: not read here).
  const around =
    /^(?:(?:yg|yang|pilih|pilihan)\s+)?(?:(?:no\.?|nomor|nomer|nmr)\s*)?(\d{1,2})(?:\s+(?:kak|min|mimin|pak|bu|mas|mbak|aja|saja|ya|dong|deh))+\s*[.!]*$/i.exec(t) ??
    /^(?:(?:yg|yang|pilih|pilihan)\s+)?ke[\s-]?(\d{1,2})(?:\s+(?:kak|min|mimin|pak|bu|mas|mbak|aja|saja|ya|dong|deh))*\s*[.!]*$/i.exec(t);
  if (around) return options[Number(around[1]) - 1]?.id;
  // "2.", "no 2", "nomor 2", "pilih 2"; or a numbered line pasted back whole ("2. Usaha (toko…)").
  const numbered = /^(?:no\.?|nomor|nomer|nmr|pilih|pilihan)?\s*(\d{1,2})\s*[.):]?\s*(.*)$/i.exec(t);
  if (numbered && (numbered[1] !== t || numbered[2])) {
    const option = options[Number(numbered[1]) - 1];
    const rest = foldText(numbered[2] ?? "");
    if (option && (!rest || foldText(option.label).startsWith(rest.slice(0, 12)))) return option.id;
  }
  // "tanya hal lain ttg izin ini": a label typed with the words chats shorten.
  const f = foldText(t).split(" ").map(spelledOut).join(" ");
  if (!f) return undefined;
  // Each label folded once for the three readings below (a choose step reads every message this way).
  const labels = options.map((o) => foldText(o.label));
  const exact = options.findIndex((o, i) => labels[i] === f || foldText(o.id) === f);
  if (exact >= 0) return options[exact]!.id;
  // "ASN min", "honorer aja kak": the option with the office addressed or a particle after it; the
  // last word cut off while it is one (no array of the words: most answers end in none).
  let bare = f;
  for (let sp = bare.lastIndexOf(" "); sp > 0 && TRAILING_CALL.has(bare.slice(sp + 1)); sp = bare.lastIndexOf(" ")) bare = bare.slice(0, sp);
  const called = bare !== f ? options.findIndex((o, i) => labels[i] === bare || foldText(o.id) === bare) : -1;
  if (called >= 0) return options[called]!.id;
  // The number in words, as a WhatsApp numbered list is answered: "satu", "nomor dua", "yang pertama",
  // "yg pertama aja min", "pilih yg kedua aja pak".
  // Also "yang nomer dua pak", Javanese "sing nomer siji".
  const said = /^(?:(?:pilih|pilihan)\s+)?(?:(?:yang|yg|sing)\s+)?(?:(?:no|nomor|nomer|nmr|yang|yg)\s+)?(?:ke)?(satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|pertama|siji|loro|telu|papat|limo)$/.exec(bare);
  if (said) return options[(said[1] === "pertama" ? 1 : (DIGIT_WORDS[said[1]!] ?? JAVANESE_DIGITS[said[1]!])!) - 1]?.id;
  const partial = f.length >= 3 ? options.filter((_, i) => labels[i]!.includes(f)) : [];
  return partial.length === 1 ? partial[0]!.id : undefined;
}

/** How the office is addressed, and particles, around an answer ("ASN min", "yg mandiri aja kak"). */
const CALLS = ["kak", "kakak", "min", "mimin", "pak", "bu", "mas", "mbak", "bang", "gan", "sis", "dong", "deh", "sih", "aja", "saja"];
/** Words after an option that leave it as said ("ASN min", "yg kedua aja kak"). */
const TRAILING_CALL: ReadonlySet<string> = new Set([...CALLS, "ya"]);

/** Words around a choice said in a sentence ("di klinik", "yang mandiri kak", "ruko buat usaha"): not what is chosen. */
const CHOICE_FILLER = new Set([...CALLS, "di", "ke", "yang", "yg", "mau", "ingin", "saya", "aku", "sy", "kami", "nya", "buat", "untuk", "utk", "dipakai", "dipake", "sebagai"]);

/**
 * A form's choice in the citizen's own words, when `matchChoice` found none: every word (fillers aside) is a word of one option's label
 * only, written as people write it: a shorter form ("perpanjang"), one letter off ("praktek" for
 * "praktik", "insidental"), or an abbreviation spelled out ("rumah sakit" for "RS").
 */
export function matchChoiceWords(input: string, options: { id: string; label: string }[]): string | undefined {
  const words = foldText(input).split(" ").filter((w) => !CHOICE_FILLER.has(w)).map(spelledOut);
  if (!words.length || words.length > 6) return undefined;
  const labels = options.map((o) => foldText(`${o.label} ${o.id}`).split(" "));
  const whole = optionsFitting(words, options, labels);
  if (whole.length === 1) return whole[0]!.id;
  if (whole.length > 1) return undefined;
  // "rumah sakit umum", "puskesmas kecamatan", "praktik mandiri di rumah": the option its first
  // words name, with at most two words after them that belong to no option at all.
  for (let n = words.length - 1; n >= Math.max(1, words.length - 2); n--) {
    const head = optionsFitting(words.slice(0, n), options, labels);
    const rest = words.slice(n);
    if (head.length === 1 && rest.every((w) => !labels.some((label) => fitsLabel([w], label)))) return head[0]!.id;
  }
  return undefined;
}

/** A choice's first part asked about, not answered ("reklame tetap itu yg gmn?"). */
const CHOICE_ASKED = /\b(?:gmn|gimana|bagaimana|apa|apakah|apaan|maksudnya|what|how|which)\b/;
/** Words after a choice's first part that turn it ("di klinik, tp sore jg praktik mandiri"). */
const CHOICE_BUT = /\b(?:tapi|tp|tpi|tetapi|but|juga|jg|jga|also|atau|ato|or|kecuali|selain)\b/;
/** Words that undo an option's other words said right after them ("bukan milik sendiri"). */
const NEGATIONS: ReadonlySet<string> = new Set(["bukan", "tidak", "tdk", "gak", "ga", "gk", "nggak", "ngga", "enggak", "ndak", "belum", "blm", "not", "non", "no"]);
const alsoMatchers = new WeakMap<object, { id: string; says: (text: string) => boolean }[]>();

/**
 * A form's choice by the other words a clerk gave its options (`also: [punya sendiri, ngontrak]`
 * in the permit's file), when neither the label nor its words found one: the one option whose
 * words the answer contains ("tanahnya ngontrak pak"), none when two options' words are there.
 */
export function matchChoiceAlso(input: string, options: { id: string; label: string; also?: string[] }[]): string | undefined {
  if (!options.some((o) => o.also?.length)) return undefined;
  let matchers = alsoMatchers.get(options);
  if (!matchers) {
    matchers = options.filter((o) => o.also?.length).map((o) => ({ id: o.id, says: phraseMatcher(o.also!, { notAfter: NEGATIONS }) }));
    alsoMatchers.set(options, matchers);
  }
  const ids = matchers.filter((m) => m.says(input)).map((m) => m.id);
  return ids.length === 1 ? ids[0] : undefined;
}

function optionsFitting(words: string[], options: { id: string; label: string }[], labels: string[][]): { id: string; label: string }[] {
  return options.filter((_, k) => fitsLabel(words, labels[k]!));
}

/** Every word is a word of the label, as people write it (see matchChoiceWords). */
function fitsLabel(words: string[], label: string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    // "rumah sakit" → "rs": an abbreviation of a label spelled out. Only the known ones: any two
    // words' initials would read "di rumah sendiri" (a practice of one's own) as "RS".
    const initials = words[i + 1] !== undefined ? SPELLED_OUT.get(`${words[i]} ${words[i + 1]}`) : undefined;
    if (initials && label.includes(initials) && !label.includes(words[i]!)) {
      i++;
      continue;
    }
    if (!label.some((l) => sameWord(words[i]!, l) || SAME_MEANING.get(words[i]!) === l)) return false;
  }
  return true;
}

/** Everyday words for an option label's word: "praktik sendiri", "praktek pribadi" are "Praktik mandiri". */
const SAME_MEANING = new Map([
  ["sendiri", "mandiri"],
  ["pribadi", "mandiri"],
  // "di faskes": a health facility (the option's id "fasyankes")
  ["faskes", "fasyankes"],
]);

/** Words as chats shorten them, for a button's label typed ("tanya hal lain ttg izin ini"). */
const CHAT_SHORT = new Map([
  ["ttg", "tentang"], ["tntg", "tentang"], ["dgn", "dengan"], ["dg", "dengan"], ["lg", "lagi"], ["lgi", "lagi"],
  ["dr", "dari"], ["sm", "sama"], ["tdk", "tidak"], ["blm", "belum"], ["udh", "sudah"], ["sdh", "sudah"], ["bs", "bisa"], ["hrs", "harus"],
]);
const spelledOut = (w: string): string => CHAT_SHORT.get(w) ?? w;

/** Abbreviations in option labels, as citizens spell them out. */
const SPELLED_OUT = new Map([
  ["rumah sakit", "rs"],
  ["sekolah dasar", "sd"],
  ["taman kanak", "tk"],
  ["kelompok bermain", "kb"],
]);

/** The same word as a label's: equal, a shorter form of at least 4 letters, or one letter off in a word of 5 or more. */
function sameWord(w: string, l: string): boolean {
  if (w === l) return true;
  if (w.length >= 4 && l.startsWith(w)) return true;
  return w.length >= 5 && l.length >= 5 && oneEditApart(w, l);
}

function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * What people write before the value itself ("nik saya 3317…", "no hp: 0812…", "email saya
 * budi@…"): dropped before the value is checked. Only before a digit (or, for e-mail, a word
 * with "@"), so a wrong answer is still judged as written.
 */
const NIK_LEAD = /^(?:(?:no(?:mor)?\.?\s*)?(?:nik|ktp)(?:nya)?|no(?:mor)?)(?:\s+(?:saya|aku|sy|ktp|adalah|yaitu))*\s*[:=]?\s*(?=\d)/i;
const PHONE_LEAD = /^(?:(?:no(?:mor)?\.?\s*)?(?:hp|wa|whatsapp|telp|telepon|tlp)(?:nya)?|no(?:mor)?)(?:\s+(?:saya|aku|sy|adalah|yaitu))*\s*[:=]?\s*(?=[+\d(])/i;
const EMAIL_LEAD = /^(?:e-?mail|imel|surel)(?:nya)?(?:\s+(?:saya|aku|sy|adalah|yaitu))*\s*[:=]?\s*(?=\S+\s?@)/i;
const withoutLead = (input: string, lead: RegExp): string => input.trim().replace(lead, "");

/**
 * Digits said as words, as a speech-to-text keyboard writes a dictated number: the Indonesian and
 * Javanese digits above (not "se"), "kosong" for zero as people say it, Javanese past five, English.
 */
const DICTATED_DIGITS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.entries(DIGIT_WORDS).filter(([w]) => w !== "se")),
  ...JAVANESE_DIGITS,
  kosong: 0, enem: 6, nem: 6, pitu: 7, wolu: 8, songo: 9, sanga: 9,
  ...Object.fromEntries(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"].map((w, d) => [w, d])),
};
/** Words said before a dictated number ("nik saya …", "nomor hp nya …"). */
const SPOKEN_LEAD = new Set(["nik", "ktp", "no", "nomor", "nomer", "hp", "wa", "telp", "telepon", "saya", "sy", "aku", "kulo", "adalah", "yaitu", "nya", "hpnya", "niknya"]);

/**
 * A number dictated digit by digit ("tiga tiga satu tujuh nol …", "kosong delapan lima dua …"),
 * as its digits; undefined unless every word after the lead words is a digit's word or digits, and
 * at least four are words. "tiga puluh" (a number, not digits) and "kosong" alone are not read.
 */
export function spokenDigits(input: string): string | undefined {
  const words = input.toLowerCase().split(/[\s,.;:-]+/).filter(Boolean);
  let i = 0;
  while (i < words.length && SPOKEN_LEAD.has(words[i]!)) i++;
  const rest = words.slice(i);
  if (rest.filter((w) => DICTATED_DIGITS[w] !== undefined).length < 4) return undefined;
  if (!rest.every((w) => DICTATED_DIGITS[w] !== undefined || /^\d+$/.test(w))) return undefined;
  return rest.map((w) => DICTATED_DIGITS[w] ?? w).join("");
}

/**
 * Emoji and invisible characters around an answer ("3317… 🙏", "📧 budi@…", a zero-width space
 * pasted with a number): not part of it. Inside one they stay, so a wrong answer is judged as written.
 */
const DECORATION = "[\\s\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\u200B-\\u200D\\u2060\\uFE0E\\uFE0F\\uFEFF]";
// The trailing run is tried only where a run starts (the lookbehind): tried at every character of
// a long run not at the end ("a" + 4,000 zero-width spaces + "!"), it cost the square of its length.
const AROUND = new RegExp(`^${DECORATION}+|(?<!${DECORATION})${DECORATION}+$`, "gu");
export const withoutDecoration = (input: string): string => input.replace(AROUND, "");

export type FieldKindName = "text" | "nik" | "phone" | "email" | "date" | "number" | "choice";

/** One entry point for every kind, as the engine and the model's form filling use it. */
export function validateField(
  kind: FieldKindName,
  input: string,
  opts: { min?: number; max?: number; options?: { id: string; label: string; also?: string[] }[]; label?: string } = {},
): FieldResult {
  // A keycap emoji digit ("5️⃣", "1️⃣0️⃣") is that digit.
  if (kind !== "text") input = input.replace(/(\d)\uFE0F?\u20E3/gu, "$1");
  if (kind !== "text" && kind !== "choice") input = withoutDecoration(input);
  switch (kind) {
    case "nik":
    case "phone": {
      const valid = kind === "nik" ? validateNik : validatePhone;
      const typed = valid(withoutLead(input, kind === "nik" ? NIK_LEAD : PHONE_LEAD));
      const said = typed.ok ? undefined : spokenDigits(input);
      return said ? valid(said) : typed;
    }
    case "email":
      return validateEmail(withoutLead(input, EMAIL_LEAD));
    case "date":
      return validateDate(input);
    case "number":
      return validateNumber(input, opts.min, opts.max, opts.label);
    case "choice": {
      // The other words a clerk gave an option come before the label's words read loosely: "pegawai
      // negeri sipil" is ASN (its `also`), not "Pegawai tetap non-ASN" by its first word.
      const options = opts.options ?? [];
      const also = matchChoiceAlso(input, options);
      // The part before a comma naming an option by its label is that one ("campuran, rumah sekaligus
      // toko"), unless other words after it name another ("rumah tinggal pak, ada musholla kecil di
      // dalamnya": musala's; asked again), words after it turn it ("di klinik pak, tp sore jg praktik
      // mandiri di rumah"), or it is asked about ("reklame tetap itu yg gmn?, sy cm pasang spanduk").
      const [head, ...tail] = input.split(/[,;]/);
      const first = tail.length && !CHOICE_ASKED.test(foldText(head!)) && !/\?/.test(head!) ? matchChoiceWords(head!, options) : undefined;
      const firstAlone = first && !CHOICE_BUT.test(foldText(tail.join(" "))) ? first : undefined;
      const id = matchChoice(input, options) ?? (first && also && first !== also ? undefined : also ?? matchChoiceWords(input, options) ?? firstAlone);
      return id ? { ok: true, value: id } : { ok: false, reason: "field.choice.unknown" };
    }
    default:
      return validateText(input, opts.min ?? 1, opts.max ?? 500);
  }
}

/** Days counted from today, as people answer a date question ("mulai besok", "kemarin"). */
const RELATIVE_DAYS: Record<string, number> = {
  "hari ini": 0, sekarang: 0, today: 0, besok: 1, besuk: 1, tomorrow: 1, lusa: 2, "kemarin lusa": -2, kemarin: -1, kemaren: -1, yesterday: -1,
};

/** Weekdays by name (Sunday 0). "minggu" alone is also "week" ("minggu depan"): only "hari minggu". */
const WEEKDAYS: Record<string, number> = {
  senin: 1, selasa: 2, rabu: 3, kamis: 4, jumat: 5, "jum at": 5, sabtu: 6, "hari minggu": 0, ahad: 0,
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 0,
};

/**
 * "senin depan", "hari kamis", "next friday": days from today (weekday `dow`) to the coming such
 * day; a week on when it is today's name ("senin depan" said on a Monday). "<day> ini" on that very
 * day is today. Undefined for anything else.
 */
function weekdayAhead(said: string, dow: number): number | undefined {
  const m = /^(?:next\s+|this\s+)?(?:hari\s+(?=senin|selasa|rabu|kamis|jum|sabtu|ahad))?(hari minggu|[a-z]+(?: at)?)(?:\s+(depan|besok|ini|nanti))?$/.exec(said);
  const day = m ? WEEKDAYS[m[1]!] : undefined;
  if (day === undefined) return undefined;
  const ahead = (day - dow + 7) % 7;
  return ahead === 0 && m![2] !== "ini" && !said.startsWith("this") ? 7 : ahead;
}

/**
 * "besok", "mulai lusa", "kemarin" at a date question: that day, counted from `today`
 * (YYYY-MM-DD, the office's date), as YYYY-MM-DD; undefined for anything else. The question's
 * own bounds then judge it ("kemarin" for a start date is already past).
 */
export function relativeDate(input: string, today: string): string | undefined {
  const said = foldText(input)
    .replace(/^(?:mulai|tanggal|tgl|dari|from|starting)\s+/, "")
    .replace(/\s+(?:aja|saja|ya|kak|pak|bu|min)$/, "");
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const days = RELATIVE_DAYS[said] ?? weekdayAhead(said, new Date(Date.UTC(y, m - 1, d)).getUTCDay());
  if (days === undefined) return undefined;
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * "ini no KK saya 3317…", "nomor kartu keluarga: 3317…" at the NIK question: the number of the
 * family card, which is not the NIK (each member's NIK is printed beside the name in it). Only when
 * the message names the KK and not the NIK ("NIK saya sesuai KK 3317…" is a NIK).
 */
export function namesKkNumber(input: string): boolean {
  const t = foldText(input);
  return /\d{8,}/.test(t.replace(/ /g, "")) && /\b(?:kk|kartu keluarga|family card)\b/.test(t) && !/\bnik\b/.test(t);
}
