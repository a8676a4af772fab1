import type { Passage } from "./port.js";

/**
 * The answer checker: a model's answer may only state what the passages state. Every number,
 * money amount (Rp…, ribu, juta, "gratis"), duration (N hari / hari kerja / bulan / tahun,
 * "seumur hidup"), percentage, clock time, link, capitalised abbreviation (KTP, SKCK, SHM) and
 * requirement-like document name ("surat keterangan sehat") is extracted from the answer and
 * must appear, normalised, in the passages. One unsupported claim discards the whole answer:
 * the caller then uses its templated answer, so a citizen never reads an invented fee.
 *
 * Deliberately strict: "28 hari" does not match "28 hari kerja", and "1,5 juta" matches
 * "Rp 1.500.000" only because both are the same amount. A false alarm costs a less natural
 * sentence; a missed one costs a citizen a wasted trip.
 */
export interface CheckResult {
  ok: boolean;
  /** The claims of the answer that no passage supports, as written in the answer. */
  unsupported: string[];
}

export interface CheckOptions {
  /** Capitalised words that are not claims (greetings, the office's own name). */
  allowTerms?: readonly string[];
}

const DEFAULT_ALLOW = ["WA", "WIB", "OK", "DPMPTSP", "PTSP", "BAPAK", "IBU"];

const NUMBER_WORDS: Record<string, number> = {
  nol: 0, satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9,
  sepuluh: 10, sebelas: 11, seratus: 100,
};
const WORD_ALT = "nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|belas|puluh|ratus";
/** A written number: digits with separators, or Indonesian number words ("dua puluh delapan"). */
const NUM = `(?:\\d+(?:[.,]\\d+)*|(?:(?:${WORD_ALT})\\s+)*(?:${WORD_ALT}))`;
const B = "(?<![\\p{L}\\d])"; // start boundary
const E = "(?![\\p{L}\\d])"; // end boundary

const URL_RE = /\bhttps?:\/\/[^\s)]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:go\.id|id|com|org|net)(?:\/[^\s)]*)?/giu;
const TIME_RE = new RegExp(`${B}(\\d{1,2})[.:](\\d{2})${E}`, "gu");
const FREE_RE = /\b(gratis|tidak dipungut biaya|tanpa biaya|tidak ada biaya|bebas biaya|tidak dikenakan biaya)\b/gu;
const MONEY_RE = new RegExp(
  `${B}rp\\.?\\s*(${NUM})(?:\\s*(juta|jt|ribu|rb|k)${E})?(?:\\s*,-)?|${B}(${NUM})\\s*(juta|jt|ribu|rb|rupiah)${E}`,
  "gu",
);
const PCT_RE = new RegExp(`${B}(${NUM})\\s*(%|persen${E})`, "gu");
const DURATION_RE = new RegExp(`${B}(${NUM})\\s*(hari\\s+kerja|hari\\s+kalender|hari|minggu|pekan|bulan|tahun|jam|menit)${E}`, "gu");
const LIFETIME_RE = /\b(seumur hidup|selamanya|tanpa batas waktu|tidak ada masa berlaku)\b/gu;
const DIGITS_RE = new RegExp(`${B}\\d+(?:[.,]\\d+)*`, "gu");

/** Head words of requirement-like document names. */
const DOC_HEADS = new Set(
  "surat sertifikat rekomendasi kartu akta akte ijazah bukti gambar denah dokumen laporan perjanjian pernyataan keterangan izin hasil salinan fotokopi fotocopy scan".split(" "),
);
/** Words that end a document name. */
const DOC_STOP = new Set(
  ("dan atau yang untuk dari jika bila apabila dengan ke di pada serta sebagai bapak ibu perlu wajib harus " +
    "ini itu tersebut juga sudah akan dapat bisa tidak belum lalu kemudian agar supaya karena oleh saat setelah sebelum " +
    "anda kami kita mohon silakan terlebih dahulu atas nama").split(" "),
);
/** Modifiers that do not name a different document. */
const DOC_MODIFIERS = new Set(
  "scan fotokopi fotocopy salinan asli copy berwarna terbaru terakhir legalisir masih berlaku tambahan lainnya lain pendukung lengkap terkait persyaratan syarat diperlukan dibutuhkan".split(" "),
);
const DOC_GENERIC_HEADS = new Set(["izin", "hasil", "dokumen", "keterangan", "bukti", "laporan"]);

interface Claim {
  key: string;
  shown: string;
}

/** Lower case, NFKC, unified quotes and dashes, collapsed spaces. */
export function normaliseForCheck(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, "-")
    .replace(/[\u00a0\s]+/g, " ");
}

function wordsToNumber(s: string): number | undefined {
  let total = 0;
  let cur = 0;
  for (const w of s.trim().split(/\s+/)) {
    if (w === "puluh") (total += (cur || 1) * 10), (cur = 0);
    else if (w === "ratus") (total += (cur || 1) * 100), (cur = 0);
    else if (w === "belas") (total += cur + 10), (cur = 0);
    else if (w in NUMBER_WORDS) {
      const n = NUMBER_WORDS[w]!;
      if (n >= 10) total += n;
      else cur += n;
    } else return undefined;
  }
  return total + cur;
}

/** "1.500.000" -> 1500000, "1,5" -> 1.5, "2.5" -> 2.5, "1,500,000" -> 1500000, "dua puluh" -> 20. */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim();
  if (/^\p{L}/u.test(s)) return wordsToNumber(s);
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return Number(s.replace(/\./g, "").replace(",", "."));
  if (/^\d{1,3}(,\d{3})+$/.test(s)) return Number(s.replace(/,/g, ""));
  if (/^\d+,\d+$/.test(s)) return Number(s.replace(",", "."));
  if (/^\d+\.\d{1,2}$/.test(s)) return Number(s);
  const n = Number(s.replace(/[.,]/g, ""));
  return Number.isFinite(n) ? n : undefined;
}

const MULTIPLIER: Record<string, number> = { juta: 1e6, jt: 1e6, ribu: 1e3, rb: 1e3, k: 1e3, rupiah: 1 };
const unit = (u: string) => u.replace(/\s+/g, " ").replace("pekan", "minggu");
const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Pulls the claims out of `text` in order of specificity, blanking each match so that
 * "Rp 10.000" is one money claim and not also the number 10000.
 */
function extractClaims(original: string, allow: Set<string>): { claims: Claim[]; acronyms: Claim[]; docs: Claim[] } {
  let s = normaliseForCheck(original);
  const claims: Claim[] = [];
  const take = (re: RegExp, toKey: (m: RegExpExecArray) => string | undefined) => {
    s = s.replace(re, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const key = toKey(m);
      if (key) claims.push({ key, shown: m[0].trim() });
      return " ".repeat(m[0].length);
    });
  };
  take(URL_RE, (m) => `url:${m[0].replace(/^https?:\/\//, "").replace(/[/.]+$/, "")}`);
  take(TIME_RE, (m) => `time:${Number(m[1])}:${m[2]}`);
  take(FREE_RE, () => "money:0");
  take(MONEY_RE, (m) => {
    const n = parseNumber((m[1] ?? m[3])!);
    if (n === undefined) return undefined;
    const mult = MULTIPLIER[(m[2] ?? m[4]) ?? "rupiah"] ?? 1;
    return `money:${Math.round(n * mult)}`;
  });
  take(PCT_RE, (m) => {
    const n = parseNumber(m[1]!);
    return n === undefined ? undefined : `pct:${fmt(n)}`;
  });
  take(DURATION_RE, (m) => {
    const n = parseNumber(m[1]!);
    return n === undefined ? undefined : `dur:${fmt(n)}:${unit(m[2]!)}`;
  });
  take(LIFETIME_RE, () => "dur:life");
  take(DIGITS_RE, (m) => {
    const n = parseNumber(m[0]);
    return n === undefined ? undefined : `num:${fmt(n)}`;
  });

  const acronyms: Claim[] = [];
  for (const m of original.normalize("NFKC").matchAll(/(?<![\p{L}\d])[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{2,9})?(?![\p{L}\d])/gu)) {
    if (!allow.has(m[0]) && !/^\d/.test(m[0])) acronyms.push({ key: `word:${m[0].toLowerCase()}`, shown: m[0] });
  }

  const docs: Claim[] = [];
  for (const chunk of normaliseForCheck(original).split(/[.,;:!?()\/\n]+|\s-\s/u)) {
    const tokens = chunk.split(/[^\p{L}\d-]+/u).filter(Boolean);
    for (let i = 0; i < tokens.length; i++) {
      const two = tokens[i] === "pas" && tokens[i + 1] === "foto";
      if (!two && !DOC_HEADS.has(tokens[i]!)) continue;
      const words = [two ? "pas foto" : tokens[i]!];
      let j = i + (two ? 2 : 1);
      while (j < tokens.length && words.length < 5 && !DOC_STOP.has(tokens[j]!) && !/\d/.test(tokens[j]!)) words.push(tokens[j++]!);
      const content = words.filter((w) => !DOC_MODIFIERS.has(w));
      const specific = content.filter((w) => !DOC_GENERIC_HEADS.has(w));
      const generic = DOC_GENERIC_HEADS.has(content[0] ?? "");
      if (content.length >= 2 && specific.length >= (generic ? 2 : 1)) docs.push({ key: content.join(" "), shown: words.join(" ") });
      i = j - 1;
    }
  }
  return { claims, acronyms, docs };
}

/** Segments (lines, sentences) of the passages, as word sets, for document-name checks. */
function segments(passages: readonly Passage[]): Set<string>[] {
  return passages.flatMap((p) =>
    normaliseForCheck(p.text.replace(/\r?\n/g, "\u2029"))
      .split(/\u2029|(?<=[.;:])\s+|\s-\s|\s•\s/u)
      .map((seg) => new Set(seg.split(/[^\p{L}\d-]+/u).filter(Boolean))),
  );
}

/**
 * Checks a model's answer against the passages it was given.
 *
 * @example
 * checkAnswer("Biaya PBG Rp 250.000.", [{ source: "knowledge/permits/pbg.md", text: "fee: Retribusi sesuai Perda" }])
 * // { ok: false, unsupported: ["rp 250.000"] }
 */
export function checkAnswer(answerText: string, passages: readonly Passage[], opts: CheckOptions = {}): CheckResult {
  const allow = new Set([...DEFAULT_ALLOW, ...(opts.allowTerms ?? [])].map((t) => t.toUpperCase()));
  let answer = answerText;
  for (const p of passages) answer = answer.split(p.source).join(" ");

  const supported = new Set<string>();
  const words = new Set<string>();
  for (const p of passages) {
    const got = extractClaims(p.text, new Set());
    for (const c of got.claims) supported.add(c.key);
    // Every number inside a passage's money/duration also supports the bare number.
    for (const m of normaliseForCheck(p.text).matchAll(DIGITS_RE)) {
      const n = parseNumber(m[0]);
      if (n !== undefined) supported.add(`num:${fmt(n)}`);
    }
    for (const w of normaliseForCheck(p.text).split(/[^\p{L}\d-]+/u)) if (w) words.add(w);
    for (const w of normaliseForCheck(p.text).split(/[^\p{L}\d]+/u)) if (w) words.add(w);
  }

  const { claims, acronyms, docs } = extractClaims(answer, allow);
  const unsupported: string[] = [];
  for (const c of claims) {
    const ok =
      supported.has(c.key) ||
      (c.key.startsWith("money:") && supported.has(`num:${c.key.slice(6)}`)) ||
      (c.key.startsWith("url:") && [...supported].some((k) => k.startsWith("url:") && (k.startsWith(c.key) || c.key.startsWith(k))));
    if (!ok) unsupported.push(c.shown);
  }
  for (const a of acronyms) if (!words.has(a.key.slice(5))) unsupported.push(a.shown);
  if (docs.length) {
    const segs = segments(passages);
    for (const d of docs) {
      const need = d.key.split(" ").flatMap((w) => w.split(/\s+/));
      if (!segs.some((seg) => need.every((w) => seg.has(w)))) unsupported.push(d.shown);
    }
  }
  return { ok: unsupported.length === 0, unsupported: [...new Set(unsupported)] };
}

/**
 * True when `value` (a field the model read from the citizen's text) really occurs in that
 * text: digits for NIK/phone/number (ignoring spaces and dashes, and +62 for 0), words for
 * the rest. A value the model made up is dropped before any validator sees it.
 */
export function occursIn(value: string, text: string, kind: string): boolean {
  const v = value.trim();
  if (!v) return false;
  if (kind === "nik" || kind === "phone" || kind === "number") {
    const digits = (s: string) => s.replace(/\D+/g, "");
    const hay = digits(text);
    const d = digits(v);
    if (!d) return false;
    const variants = [d, d.replace(/^62/, "0"), d.replace(/^0/, "62")];
    return variants.some((x) => x.length > 0 && hay.includes(x));
  }
  const fold = (s: string) => normaliseForCheck(s).replace(/[^\p{L}\d@.]+/gu, " ").trim();
  const hay = fold(text);
  return fold(v)
    .split(" ")
    .filter(Boolean)
    .every((w) => hay.includes(w));
}
