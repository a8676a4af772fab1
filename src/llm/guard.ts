import type { Passage } from "./port.js";

/**
 * The answer checker: a model's answer may only state what the passages state. Every number,
 * money amount (Rp…, ribu, juta, "gratis", "seribu", "satu setengah juta", "Rp 10 000"),
 * duration (N hari / hari kerja / bulan / tahun, "seminggu", "setahun", "seumur hidup"),
 * percentage, clock time, link, abbreviation (KTP, SKCK, SHM — also written "skck", "Npwp")
 * and requirement-like document name ("surat keterangan sehat") is extracted from the answer
 * and must appear, normalised, in the passages; a money amount only as a money amount ("Rp 28"
 * is not supported by "UU 28/2002"). A document name ends at a function word or adverb
 * ("keterangan lebih lanjut", "izin optik umumnya") and the permit's own name or alias is not
 * one. One unsupported claim discards the whole answer:
 * the caller then uses its templated answer, so a citizen never reads an invented fee.
 * A link must have a passage link's host exactly (`simbg.pu.go.id.pbg-rembang.com` is not
 * `simbg.pu.go.id`), bare short links (`bit.ly/…`, `wa.me/…`) are links, and one with a
 * `user@` part is never accepted. An answer that states an outcome or makes a promise
 * ("permohonan Bapak/Ibu sudah disetujui", "pasti terbit", "dijamin") is rejected too: a
 * general answer knows no application, and nobody may promise one.
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
  sepuluh: 10, sebelas: 11, seratus: 100, seribu: 1000, sejuta: 1e6, setengah: 0.5,
  // English, for answers to citizens who write in English ("two weeks", "fifty thousand rupiah").
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const WORD_ALT =
  "nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|sejuta|setengah|belas|puluh|ratus|" +
  "zero|one|two|three|fourteen|four|fifteen|five|sixteen|six|seventeen|seven|eighteen|eight|nineteen|nine|ten|eleven|twelve|thirteen|" +
  "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred";
/**
 * A written number: digits with separators, or Indonesian number words ("dua puluh delapan",
 * "satu setengah", "seribu").
 */
const NUM = `(?:\\d+(?:[.,]\\d+)*|(?:(?:${WORD_ALT})(?:\\s+|-|\\s+and\\s+))*(?:${WORD_ALT}))`;
/** An amount with spaces between thousands, as in "Rp 10 000". */
const SPACED = "\\d{1,3}(?: \\d{3})+(?!\\d)";
const B = "(?<![\\p{L}\\d])"; // start boundary
const E = "(?![\\p{L}\\d])"; // end boundary

/**
 * A link-like token: anything between spaces, brackets and quotes that has a dot or a scheme.
 * Tried only where a token starts (the lookbehind): tried at each of its characters, a long word
 * without a dot cost the square of its length.
 */
const TOKEN_RE = /(?<![^\s()<>"'`\[\]{}])[^\s()<>"'`\[\]{}]*[.:][^\s()<>"'`\[\]{}]*/gu;
/** Top-level domains a bare host without a path ("bit.ly", "oss.go.id") is recognised by. */
const BARE_TLDS = new Set("id com net org co io ly me info biz xyz app dev link site online to gl gd cc us ws top click my sg asia ai page web gov edu".split(" "));
/** Endings that make "ktp.pdf" a file name, not a host. */
const FILE_EXTS = new Set("pdf jpg jpeg png gif webp doc docx xls xlsx ppt pptx zip rar txt csv".split(" "));

interface Link {
  /** The host, lower case, without "www.". */
  host: string;
  /** The path without a trailing "/", "" for none. */
  path: string;
  /** "user@host/…": a link that shows one host and opens another. */
  userinfo: boolean;
  /** "nama@host" without scheme or path: an e-mail address. */
  email: boolean;
}

/**
 * Reads a link out of one token: with a scheme (`https://…`), `www.…`, or a bare host followed
 * by a path (`bit.ly/x`, `wa.me/62…`, `s.id/x`) or ending in a known top-level domain. Hosts may
 * hold any letters, so a look-alike (`simbg.pu.go.іd` with a Cyrillic і) is a different host.
 */
function parseLink(token: string): Link | undefined {
  let t = token.replace(/^[*_~]+/u, "").replace(/[.,;:!?*_~]+$/u, "");
  const scheme = /^https?:\/\//u.test(t);
  t = t.replace(/^https?:\/\//u, "");
  const m = /^(?:([^/@\s]*)@)?((?:[\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]+)(?::\d+)?(\/\S*)?$/u.exec(t);
  if (!m) return scheme ? { host: t, path: "", userinfo: t.includes("@"), email: false } : undefined;
  const host = m[2]!.replace(/^www\./u, "");
  const tld = host.slice(host.lastIndexOf(".") + 1);
  const path = (m[3] ?? "").replace(/\/+$/u, "");
  const userinfo = m[1] !== undefined;
  if (!scheme && !/^\p{L}{2,12}$/u.test(tld)) return undefined;
  // A bare host: a known top-level domain, or Latin letters mixed with others (a look-alike).
  const mixed = /[a-z]/u.test(host) && /[^\x00-\x7f]/u.test(host);
  if (!scheme && !m[2]!.startsWith("www.") && !path && !userinfo && !BARE_TLDS.has(tld) && !mixed) return undefined;
  if (!scheme && FILE_EXTS.has(tld)) return undefined;
  return { host, path, userinfo, email: userinfo && !scheme && !path };
}

/** The links of a (normalised) text, and the text with them blanked. */
function takeLinks(s: string): { links: { link: Link; shown: string }[]; rest: string } {
  const links: { link: Link; shown: string }[] = [];
  const rest = s.replace(TOKEN_RE, (token) => {
    const link = parseLink(token);
    if (!link) return token;
    links.push({ link, shown: token.replace(/[.,;:!?*_~]+$/u, "") });
    return " ".repeat(token.length);
  });
  return { links, rest };
}

/** Same host, and one path a prefix of the other at a "/" (the answer may link a page's site). */
function sameLink(a: Link, b: Link): boolean {
  if (a.host !== b.host || a.email !== b.email) return false;
  const within = (x: string, y: string) => x === y || y.startsWith(`${x}/`) || x === "";
  return a.email ? a.path === b.path : within(a.path, b.path) || within(b.path, a.path);
}

/**
 * Statements of an application's outcome or a promise: a general answer never knows that the
 * citizen's application is approved, and nobody may promise that a permit will be issued.
 */
const PROMISE_RE = /\b(?:dijamin|menjamin|terjamin|jaminan|garansi|digaransi)\b|(?<!\b(?:belum|tidak|kurang|tak)\s)\bpasti\s+(?:akan|bisa|dapat|di\p{L}+|ter\p{L}+|selesai|lolos|lulus|keluar|jadi|berhasil|beres|aman|lancar)\b/gu;
const OUTCOME_WORDS = "disetujui|diterima|ditolak|terbit|diterbitkan|dikabulkan|lolos|di-?acc";
const SURE_OUTCOME_RE = new RegExp(`\\b(?:sudah|telah|pasti|tentu|dijamin)\\s+(?:akan\\s+)?(?:${OUTCOME_WORDS})\\b`, "gu");
const OWN_CASE_RE = /\b(?:permohonan|pengajuan|berkas|status)(?:nya)?\s+(?:bapak\/ibu|bapak|ibu|anda|saudara)\b/gu;
/** Decision words, said of anything the passages do not say them of. */
const DECISION_RE = /\b(?:disetujui|ditolak|dikabulkan|di-?acc)\b/gu;
/** "@admin_pbg", "@dpmptsp.rembang": a social-media or Telegram handle (not the "@" of an e-mail address). */
const HANDLE_RE = /(?<![\p{L}\d._%+-])@[\p{L}\d_](?:[\p{L}\d_.]*[\p{L}\d_])?/gu;
const TIME_RE = new RegExp(`${B}(\\d{1,2})[.:](\\d{2})${E}`, "gu");
/**
 * "Free of charge", however it is said: "gratis", "cuma-cuma", "tidak berbayar", "tidak dikenai
 * biaya", "tanpa dipungut retribusi", "bebas retribusi", "tidak perlu membayar".
 */
const FREE_RE = new RegExp(
  String.raw`\b(gratis|cuma-cuma|tidak berbayar|(?:tidak|tanpa)\s+(?:di(?:pungut|kenai|kenakan|bebani|tarik)\s+)?(?:biaya|retribusi|pungutan|tarif)|tidak ada (?:biaya|retribusi|pungutan|tarif)(?:nya)?|bebas (?:biaya|retribusi|pungutan)|(?:tidak|tak|tanpa)\s+(?:perlu\s+|usah\s+|harus\s+)?(?:mem)?bayar|` +
    // English: "free of charge", "it is free", "at no cost", "no fee".
    String.raw`free of charge|for free|(?:is|are|it's|completely|totally|entirely)\s+free|at no (?:cost|charge)|no (?:fee|fees|charge|cost)|without (?:any )?(?:charge|fee|cost)|costs? nothing)\b`,
  "gu",
);
const MONEY_RE = new RegExp(
  `${B}rp\\.?\\s*(${SPACED}|${NUM})(?:\\s*(juta|jt|ribu|rb|k)${E})?(?:\\s*,-)?|${B}(${SPACED}|${NUM})\\s*(juta|jt|ribu|rb|rupiah|thousand|million)${E}`,
  "gu",
);
const PCT_RE = new RegExp(`${B}(${NUM})\\s*(%|(?:persen|percent|per\\s+cent)${E})`, "gu");
/** Units of time, Indonesian and English ("working days" is "hari kerja": see `unit`). */
const UNITS =
  "hari\\s+kerja|hari\\s+kalender|hari|minggu|pekan|bulan|tahun|jam|menit|" +
  "(?:working|business|calendar)\\s+days?|days?|weeks?|months?|years?|hours?|minutes?";
const DURATION_RE = new RegExp(`${B}(${NUM})\\s*(${UNITS})${E}`, "gu");
/** "seminggu", "sebulan", "setahun", "sehari" (not "sehari-hari"), "a week", "an hour": one of the unit. */
const ONE_UNIT_RE =
  /(?<![\p{L}\d])(?:se(hari\s+kerja|hari|minggu|pekan|bulan|tahun|jam)(?![\p{L}\d-])|an?\s+((?:working|business|calendar)\s+day|day|week|month|year|hour)(?![\p{L}\d-]))/gu;
const LIFETIME_RE =
  /\b(seumur hidup|selamanya|tanpa batas waktu|tidak ada masa berlaku(?!\s+(?:tertentu|yang pasti))|for life|lifetime|forever|indefinitely|permanently|never expires?|does not expire|doesn't expire|no expiry|no expiration)\b/gu;
/**
 * A processing time said without a number: at once or within a day ("langsung terbit", "terbit
 * otomatis", "di hari yang sama", "hari itu juga", "besok sudah jadi", "dalam hitungan jam",
 * "instan", "the same day"). One claim, held by a passage that says any of them ("NIB terbit
 * langsung dari OSS", "terbit saat diisi").
 */
const QUICK_RE = new RegExp(
  String.raw`\b(?:(?:langsung|seketika|otomatis|segera)\s+(?:jadi|terbit|keluar|selesai|diterbitkan|diproses)|` +
    String.raw`(?:jadi|terbit|keluar|selesai|diterbitkan)\s+(?:langsung|seketika|otomatis|saat\s+(?:itu\s+juga|diisi|mendaftar|didaftarkan))|` +
    String.raw`hari\s+(?:itu|ini)\s+juga|(?:di\s+)?hari\s+yang\s+sama|saat\s+itu\s+juga|` +
    // Tomorrow as when it is done ("besok sudah jadi", "bisa diambil besok"), not "silakan datang lagi besok".
    String.raw`(?:besok|lusa)(?:\s+\p{L}+){0,3}?\s+(?:sudah\s+|bisa\s+|dapat\s+)?(?:jadi|terbit|keluar|selesai|diterbitkan|diambil|siap)|` +
    String.raw`(?:jadi|terbit|keluar|selesai|diterbitkan|diambil|siap)(?:\s+\p{L}+){0,2}?\s+(?:besok|lusa)|` +
    String.raw`(?:ready|issued|done|finished|completed|collected)(?:\s+\p{L}+){0,2}?\s+(?:tomorrow|the\s+next\s+day)|` +
    String.raw`(?:tomorrow|the\s+next\s+day)(?:\s+\p{L}+){0,3}?\s+(?:ready|issued|done|finished|completed)|dalam\s+hitungan\s+(?:detik|menit|jam|hari)|instan|` +
    String.raw`(?:on\s+)?the\s+same\s+day|same-day|instant(?:ly)?|immediately|right\s+away)\b`,
  "gu",
);
/**
 * A regulation cited by its kind, number and year ("UU 28/2002", "Peraturan Pemerintah Nomor 16
 * Tahun 2021", "Perda Kabupaten Rembang 16/2021", "Law No. 28 of 2002"): one claim of the three
 * together, so a regulation the passages do not cite is not let through because each of its numbers
 * occurs somewhere in them. Up to four words may stand between the kind and the number (a
 * ministry, a regency).
 */
const LAW_KINDS: [RegExp, string][] = [
  [/^(?:undang-undang|uu|law)$/u, "uu"],
  [/^(?:peraturan pemerintah|pp|government regulation)$/u, "pp"],
  [/^(?:peraturan pemerintah pengganti undang-undang|perppu)$/u, "perppu"],
  [/^(?:peraturan presiden|perpres|presidential regulation)$/u, "perpres"],
  [/^(?:peraturan menteri|permen\p{L}*|ministerial regulation)$/u, "permen"],
  [/^(?:keputusan menteri|kepmen\p{L}*)$/u, "kepmen"],
  [/^(?:peraturan daerah|perda|regional regulation)$/u, "perda"],
  [/^(?:peraturan bupati|perbup|regent(?:'s)? regulation)$/u, "perbup"],
  [/^(?:peraturan kepala daerah|perkada)$/u, "perkada"],
  [/^(?:peraturan gubernur|pergub|governor(?:'s)? regulation)$/u, "pergub"],
  [/^(?:peraturan wali ?kota|perwal)$/u, "perwal"],
  [/^(?:keputusan bupati|kepbup)$/u, "kepbup"],
];
const LAW_RE = new RegExp(
  String.raw`${B}(undang-undang|uu|law|peraturan pemerintah pengganti undang-undang|perppu|peraturan pemerintah|pp|government regulation|peraturan presiden|perpres|presidential regulation|` +
    String.raw`peraturan menteri|permen\p{L}*|ministerial regulation|keputusan menteri|kepmen\p{L}*|peraturan daerah|perda|regional regulation|peraturan bupati|perbup|regent(?:'s)? regulation|` +
    String.raw`peraturan kepala daerah|perkada|peraturan gubernur|pergub|governor(?:'s)? regulation|peraturan wali ?kota|perwal|keputusan bupati|kepbup)` +
    String.raw`(?:\s+(?!(?:nomor|no|number|nr)${E})[\p{L}.&'-]+){0,4}?\s*(?:(?:nomor|no|number|nr)\.?\s*)?(\d{1,4})\s*(?:\/|tahun|th\.?|of|year)\s*((?:19|20)\d{2})${E}`,
  "gu",
);
const lawKind = (k: string): string => LAW_KINDS.find(([re]) => re.test(k))?.[1] ?? k;
const DIGITS_RE = new RegExp(`${B}\\d+(?:[.,]\\d+)*`, "gu");

/** Head words of requirement-like document names. */
const DOC_HEADS = new Set(
  "surat sertifikat rekomendasi kartu akta akte ijazah bukti gambar denah dokumen laporan perjanjian pernyataan keterangan izin hasil salinan fotokopi fotocopy scan".split(" "),
);
/** Words that end a document name: function words and common adverbs. */
const DOC_STOP = new Set(
  ("dan atau yang untuk dari jika bila apabila dengan ke di pada serta sebagai bapak ibu perlu wajib harus " +
    "ini itu tersebut juga sudah akan dapat bisa tidak belum lalu kemudian agar supaya karena oleh saat setelah sebelum " +
    "anda kami kita mohon silakan terlebih dahulu atas nama " +
    "lebih lanjut umumnya biasanya hanya cukup sangat sesuai berupa seperti misalnya yaitu yakni adalah merupakan " +
    "gratis boleh tetap selalu secara melalui lewat via kalau ketika sejak hingga sampai selama tanpa tentang mengenai " +
    "terhadap bagi kepada menurut pun saja lagi langsung segera nanti telah sedang masih baru ya").split(" "),
);
/** Lower-case abbreviations with vowels ("ktp", "nib"); those without vowels ("skck", "npwp") are found by shape. */
const KNOWN_ABBREVIATIONS = new Set(
  "ktp nib sip imb siup amdal ukl upl ukl-upl oss simbg bpjs sipa kbli nik kitas kitap sktm sku skd skdu tdp tdup pirt spp-irt iumk sertel".split(" "),
);
/** Words and units without vowels that are not abbreviations of a document or agency. */
const NOT_ABBREVIATIONS = new Set(
  ("dll dsb dst dkk yg dg dgn tdk krn sbg tsb hrs jl jln rt rw nmr tlp tlpn telp hp wa sms pkl km cm mm kg mg ml kwh kw gb mb kb " +
    "ttd pt cv rp jt rb thn bln hr mgg jm dtk mnt bpk sdr ybs st th nd rd pd").split(" "),
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
  for (const w of s.trim().split(/[\s-]+/)) {
    if (w === "and") continue; // "two hundred and fifty"
    if (w === "puluh") (total += (cur || 1) * 10), (cur = 0);
    else if (w === "ratus" || w === "hundred") (total += (cur || 1) * 100), (cur = 0);
    else if (w === "belas") (total += cur + 10), (cur = 0);
    else if (w in NUMBER_WORDS) {
      const n = NUMBER_WORDS[w]!;
      if (n >= 10) total += n;
      else cur += n; // "satu setengah" = 1.5
    } else return undefined;
  }
  return total + cur;
}

/** "1.500.000" -> 1500000, "1,5" -> 1.5, "2.5" -> 2.5, "1,500,000" -> 1500000, "dua puluh" -> 20. */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim();
  if (/^\p{L}/u.test(s)) return wordsToNumber(s);
  if (/^\d{1,3}( \d{3})+$/.test(s)) return Number(s.replace(/ /g, ""));
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return Number(s.replace(/\./g, "").replace(",", "."));
  if (/^\d{1,3}(,\d{3})+$/.test(s)) return Number(s.replace(/,/g, ""));
  if (/^\d+,\d+$/.test(s)) return Number(s.replace(",", "."));
  if (/^\d+\.\d{1,2}$/.test(s)) return Number(s);
  const n = Number(s.replace(/[.,]/g, ""));
  return Number.isFinite(n) ? n : undefined;
}

const MULTIPLIER: Record<string, number> = { juta: 1e6, jt: 1e6, ribu: 1e3, rb: 1e3, k: 1e3, rupiah: 1, thousand: 1e3, million: 1e6 };
/** One name per unit: "pekan" is "minggu", and English units are their Indonesian names ("working days" is "hari kerja"). */
const ENGLISH_UNITS: Record<string, string> = {
  "working day": "hari kerja", "business day": "hari kerja", "calendar day": "hari kalender",
  day: "hari", week: "minggu", month: "bulan", year: "tahun", hour: "jam", minute: "menit",
};
const unit = (u: string) => {
  const w = u.replace(/\s+/g, " ").replace("pekan", "minggu");
  return ENGLISH_UNITS[w.replace(/s$/u, "")] ?? w;
};
const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Pulls the claims out of `text` in order of specificity, blanking each match so that
 * "Rp 10.000" is one money claim and not also the number 10000.
 */
function extractClaims(original: string, allow: Set<string>, names: readonly string[][] = []): { claims: Claim[]; acronyms: Claim[]; docs: Claim[]; links: { link: Link; shown: string }[] } {
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
  const found = takeLinks(s);
  s = found.rest;
  take(LAW_RE, (m) => `law:${lawKind(m[1]!.replace(/\s+/gu, " "))}:${Number(m[2])}:${m[3]}`);
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
  take(ONE_UNIT_RE, (m) => `dur:1:${unit((m[1] ?? m[2])!)}`);
  take(DURATION_RE, (m) => {
    const n = parseNumber(m[1]!);
    return n === undefined ? undefined : `dur:${fmt(n)}:${unit(m[2]!)}`;
  });
  take(LIFETIME_RE, () => "dur:life");
  take(QUICK_RE, () => "dur:quick");
  take(DIGITS_RE, (m) => {
    const n = parseNumber(m[0]);
    return n === undefined ? undefined : `num:${fmt(n)}`;
  });

  const acronyms: Claim[] = [];
  const plain = original.normalize("NFKC").replace(TOKEN_RE, (t) => (parseLink(t.toLowerCase()) ? " ".repeat(t.length) : t));
  for (const m of plain.matchAll(/(?<![\p{L}\d])[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{2,9})?(?![\p{L}\d])/gu)) {
    if (!allow.has(m[0]) && !/^\d/.test(m[0])) acronyms.push({ key: `word:${m[0].toLowerCase()}`, shown: m[0] });
  }
  // "skck", "Npwp": an abbreviation written in lower or mixed case is the same claim.
  for (const m of plain.matchAll(/(?<![\p{L}\d])\p{L}+(?:-\p{L}+)?(?![\p{L}\d])/gu)) {
    const w = m[0];
    if (w === w.toUpperCase() || allow.has(w.toUpperCase())) continue;
    const low = w.toLowerCase();
    const vowelless = /^[a-z]{2,6}$/u.test(low) && !/[aiueo]/u.test(low) && !NOT_ABBREVIATIONS.has(low);
    if (KNOWN_ABBREVIATIONS.has(low) || vowelless) acronyms.push({ key: `word:${low}`, shown: w });
  }

  const docs: Claim[] = [];
  for (const chunk of normaliseForCheck(original).split(/[.,;:!?()\/\n]+|\s-\s/u)) {
    const tokens = chunk.split(/[^\p{L}\d-]+/u).filter(Boolean);
    for (let i = 0; i < tokens.length; i++) {
      const two = tokens[i] === "pas" && tokens[i + 1] === "foto";
      if (!two && !DOC_HEADS.has(tokens[i]!)) continue;
      // The permit's own name or alias ("izin optik", "surat izin praktik bidan") is not a document asked for.
      const own = names.reduce((n, name) => (name.length > n && name.every((w, k) => tokens[i + k] === w) ? name.length : n), 0);
      if (own) {
        i += own - 1;
        continue;
      }
      const words = [two ? "pas foto" : tokens[i]!];
      let j = i + (two ? 2 : 1);
      while (j < tokens.length && words.length < 5 && !endsDocName(tokens[j]!)) words.push(tokens[j++]!);
      const content = words.filter((w) => !DOC_MODIFIERS.has(w));
      const specific = content.filter((w) => !DOC_GENERIC_HEADS.has(w));
      const generic = DOC_GENERIC_HEADS.has(content[0] ?? "");
      if (content.length >= 2 && specific.length >= (generic ? 2 : 1)) docs.push({ key: content.join(" "), shown: words.join(" ") });
      i = j - 1;
    }
  }
  return { claims, acronyms, docs, links: found.links };
}

/** A word that ends a document name: a function word or adverb, a passive verb ("diperlukan"), a number. */
const endsDocName = (w: string): boolean => DOC_STOP.has(w) || /\d/.test(w) || /^di\p{L}{3,}(?:kan|i)$/u.test(w);

/** The permits' names and aliases in the passages ("permit: …", "also called: …"), as word lists. */
function permitNames(passages: readonly Passage[]): string[][] {
  const names: string[] = [];
  for (const p of passages) {
    for (const line of p.text.split(/\r?\n/)) {
      const name = /^permit: (.*?)(?: \(id [^)]*\))?$/u.exec(line);
      if (name) names.push(...name[1]!.split(/[()]/u));
      const aka = /^also called: (.*)$/u.exec(line);
      if (aka) names.push(...aka[1]!.split(","));
    }
  }
  return names.map((n) => normaliseForCheck(n).split(/[^\p{L}\d-]+/u).filter(Boolean)).filter((n) => n.length >= 2);
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
  const links: Link[] = [];
  for (const p of passages) {
    const got = extractClaims(p.text, new Set());
    for (const c of got.claims) supported.add(c.key);
    links.push(...got.links.map((l) => l.link));
    // Every number inside a passage's money/duration also supports the bare number.
    for (const m of normaliseForCheck(p.text).matchAll(DIGITS_RE)) {
      const n = parseNumber(m[0]);
      if (n !== undefined) supported.add(`num:${fmt(n)}`);
    }
    for (const w of normaliseForCheck(p.text).split(/[^\p{L}\d-]+/u)) if (w) words.add(w);
    for (const w of normaliseForCheck(p.text).split(/[^\p{L}\d]+/u)) if (w) words.add(w);
  }

  const { claims, acronyms, docs, links: answerLinks } = extractClaims(answer, allow, permitNames(passages));
  const unsupported: string[] = [];
  for (const c of claims) {
    // A money amount needs a money amount: "Rp 28" is not supported by "UU 28/2002".
    const ok = supported.has(c.key);
    if (!ok) unsupported.push(c.shown);
  }
  // A link is the passages' own: the same host exactly (not a longer one that starts with it),
  // never with a "user@" part that hides where it leads.
  for (const l of answerLinks) if (l.link.userinfo && !l.link.email ? true : !links.some((k) => sameLink(l.link, k))) unsupported.push(l.shown);
  // A contact handle ("hubungi @admin_pbg" on Telegram, Instagram, X): a place to write to, like a link.
  const passageText = passages.map((p) => normaliseForCheck(p.text)).join("\n");
  for (const m of normaliseForCheck(answer).matchAll(HANDLE_RE)) if (!passageText.includes(m[0])) unsupported.push(m[0]);
  // An outcome or a promise ("permohonan Bapak/Ibu sudah disetujui", "pasti terbit").
  const said = normaliseForCheck(answer);
  for (const re of [PROMISE_RE, SURE_OUTCOME_RE, OWN_CASE_RE]) for (const m of said.matchAll(re)) unsupported.push(m[0]);
  for (const m of said.matchAll(DECISION_RE)) if (!words.has(m[0])) unsupported.push(m[0]);
  for (const a of acronyms) if (!words.has(a.key.slice(5))) unsupported.push(a.shown);
  if (docs.length) {
    const segs = segments(passages);
    for (const d of docs) {
      const need = d.key.split(" ").flatMap((w) => w.split(/\s+/));
      if (!segs.some((seg) => need.every((w) => seg.has(w)))) unsupported.push(d.shown);
    }
  }
  // A document said not to be needed ("tidak perlu KTP", "gambar struktur tidak diperlukan", "tanpa
  // bukti kepemilikan tanah"): only where a passage says so of it, or makes it conditional.
  const unneeded = unneededDocs(said);
  if (unneeded.length) {
    // A passage's line naming the document with a condition or a denial after it ("Perjanjian
    // pemanfaatan tanah (if applicable) — jika …"), not one where "bila" qualifies another.
    const lines = passages.flatMap((p) => normaliseForCheck(p.text.replace(/\r?\n/g, "\u2029")).split(/\u2029|(?<=[.;])\s+/u).map((l) => l.split(/[^\p{L}\d-]+/u).filter(Boolean)));
    for (const n of unneeded) {
      const held = lines.some((toks) =>
        toks.some(
          (t, i) =>
            t === n.words[0] &&
            n.words.every((w, k) => toks[i + k] === w) &&
            (toks.slice(i + n.words.length, i + n.words.length + 8).some((c) => CONDITIONAL.has(c)) ||
              toks.slice(Math.max(0, i - 5), i).some((c) => c === "tidak" || c === "tanpa" || c === "bukan")),
        ),
      );
      if (!held) unsupported.push(n.shown);
    }
  }
  return { ok: unsupported.length === 0, unsupported: [...new Set(unsupported)] };
}

/** "tidak perlu", "tidak diperlukan", "tak wajib", "not required": a need denied. */
const NOT_NEEDED_RE =
  /(?:\b(?:tidak|tak|gak|ga|nggak|enggak|ndak)\s+(?:perlu|wajib|harus|usah|diperlukan|dibutuhkan|diwajibkan|disyaratkan)\b|\btanpa\b|\b(?:not|never)\s+(?:required|needed|necessary)\b|\bno\s+need\b|\bdo(?:n't|\s+not)\s+need\b|\bwithout\b)/u;
/** Words of a passage's line that make a document conditional or say it is not needed. */
const CONDITIONAL = new Set(["applicable", "jika", "bila", "apabila", "kecuali", "khusus", "tidak", "tanpa", "opsional", "optional"]);

/**
 * The documents a clause of the (normalised) answer says are not needed: in a clause with a
 * denied need, each document head with the word after it ("gambar struktur") and each
 * abbreviation ("ktp").
 */
function unneededDocs(said: string): { words: string[]; shown: string }[] {
  const out: { words: string[]; shown: string }[] = [];
  for (const sentence of said.split(/[.;!?\n]+/u)) {
    // "Tanpa KTP, permohonan tidak bisa diproses": without it, nothing goes; the document is needed.
    const cannot = CANNOT_RE.test(sentence);
    for (const clause of sentence.split(/[,:()]+/u)) {
      const neg = NOT_NEEDED_RE.exec(clause);
      if (!neg || (cannot && /^(?:tanpa|without)$/u.test(neg[0]))) continue;
      // The document denied follows the denial ("tidak perlu KTP", "tidak perlu melampirkan KTP",
      // "tanpa bukti …") or, when none does, comes before it ("gambar struktur tidak diperlukan",
      // "KTP tidak wajib dilampirkan"). A denial of something else done ("tidak perlu datang ke
      // kantor untuk PBG", "NIB tidak perlu diperpanjang") denies no document of the clause.
      const rest = clause.slice(neg.index + neg[0].length).split(/[^\p{L}\d-]+/u).filter(Boolean);
      let k = 0;
      while (k < rest.length && DOC_LEAD.has(rest[k]!)) k++;
      const after = docsIn(rest.slice(k).join(" "), neg[0]).filter((d) => d.words[0] === rest[k]);
      const of = rest[0] === undefined || DOC_PASSIVE.has(rest[0]);
      out.push(...(after.length ? after.slice(0, 1) : of ? docsIn(clause.slice(0, neg.index), neg[0]) : []));
    }
  }
  return out;
}

/** Words between a denial and the document it denies ("tidak perlu melampirkan KTP", "without any …"). */
const DOC_LEAD = new Set([
  "lagi", "juga", "pakai", "memakai", "menggunakan", "membawa", "bawa", "melampirkan", "lampirkan", "menyertakan", "sertakan",
  "mengunggah", "unggah", "upload", "menyerahkan", "serahkan", "mengumpulkan", "ada", "punya", "memiliki", "surat-surat", "a", "an", "any", "the",
  "to", "submit", "provide", "bring", "attach", "upload", "include", "have", "your",
]);
/** What may follow a denial of a document named before it ("KTP tidak wajib dilampirkan", "… tidak diperlukan untuk …"). */
const DOC_PASSIVE = new Set([
  "dilampirkan", "disertakan", "diserahkan", "dibawa", "diunggah", "diupload", "dikumpulkan", "ada", "lagi", "untuk", "bagi", "jika", "bila",
  "kalau", "pada", "dalam", "for", "if", "when", "to", "be",
]);

/** What cannot go ahead: said of an application without a document, it says the document is needed. */
const CANNOT_RE =
  /\b(?:(?:tidak|tak|belum|gak|ga)\s+(?:bisa|dapat|akan|boleh)|ditolak|tidak\s+(?:diterima|diproses|lengkap)|cannot|can't|can\s+not|won't|will\s+not|not\s+be)\b/u;

/** The documents named in a piece of a clause: document heads with the word after them, abbreviations. */
function docsIn(text: string, denial: string): { words: string[]; shown: string }[] {
  const out: { words: string[]; shown: string }[] = [];
  const tokens = text.split(/[^\p{L}\d-]+/u).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const abbreviation = KNOWN_ABBREVIATIONS.has(t) || (/^[a-z]{2,6}$/u.test(t) && !/[aiueo]/u.test(t) && !NOT_ABBREVIATIONS.has(t));
    if (abbreviation) out.push({ words: [t], shown: `${denial} … ${t}` });
    else if (DOC_HEADS.has(t) && tokens[i + 1] && !endsDocName(tokens[i + 1]!) && !DOC_MODIFIERS.has(tokens[i + 1]!)) {
      out.push({ words: [t, tokens[i + 1]!], shown: `${denial} … ${t} ${tokens[i + 1]}` });
      i++;
    }
  }
  return out;
}

/**
 * True when `value` (a field the model read from the citizen's text) really occurs in that
 * text, as the citizen wrote it, so a value the model made up or assembled is dropped before
 * any validator sees it:
 * - NIK, phone, number: the value's digits are one number of the text, or whole groups of one
 *   ("3317 0115 0590 0001", "0812-3456-7890", "+62 812…" for "0812…"). Digits of different
 *   numbers are never joined: "33-17-01 15/05/90 kode 0001" holds no NIK.
 * - e-mail: a whole address of the text, exactly (not "budi@gmail.com" in "budi@gmail.com.au").
 * - anything else: the value's words, in order, as whole words of the text (case, spaces and
 *   punctuation aside): "Andi" does not occur in "Mandiri", nor "Budi" in "Budiman".
 */
export function occursIn(value: string, text: string, kind: string): boolean {
  const v = value.trim();
  if (!v) return false;
  if (kind === "nik" || kind === "phone" || kind === "number") {
    const d = v.replace(/\D+/g, "");
    if (!d) return false;
    const variants = new Set([d, d.replace(/^62/, "0"), d.replace(/^0/, "62")]);
    // A number as people write one: digit groups joined by one space, dot, comma or dash.
    for (const m of text.normalize("NFKC").matchAll(/\d+(?:[ .,-]\d+)*/gu)) {
      const groups = m[0].split(/[ .,-]/u);
      for (let i = 0; i < groups.length; i++) {
        let run = "";
        for (let j = i; j < groups.length; j++) {
          run += groups[j];
          if (variants.has(run)) return true;
        }
      }
    }
    return false;
  }
  if (kind === "email") {
    const want = normaliseForCheck(v);
    const addresses = normaliseForCheck(text).match(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/gu) ?? [];
    return addresses.some((a) => a.replace(/[.!?]+$/u, "") === want);
  }
  const words = (s: string) => normaliseForCheck(s).split(/[^\p{L}\d@]+/u).filter(Boolean);
  const want = words(v);
  const hay = words(text);
  if (!want.length) return false;
  for (let i = 0; i + want.length <= hay.length; i++) if (want.every((w, k) => hay[i + k] === w)) return true;
  return false;
}
