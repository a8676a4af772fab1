/**
 * Personal numbers and addresses out of text that a model only classifies or answers. A first
 * message ("nama saya Budi, NIK 3317…, hp 0812…, mau tanya soal usaha saya") reaches the model
 * before the citizen has consented to anything, and the NIK, phone number, e-mail address or
 * registration number in it play no part in what the message is about: each is replaced by a
 * neutral token. Form filling (`extractFields`) comes after consent and needs the values: it
 * gets the text as written.
 */

/** An e-mail address: `budi.s+izin@contoh.co.id`. */
// Tried only where a run of its characters starts (the lookbehind): tried at each character of a
// long run without "@", it cost the square of the run's length (0.8 s at 16,000 characters).
const EMAIL = /(?<![\p{L}\d._%+-])[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+/gu;
const DASH = String.raw`\-\u2010-\u2015\u2212`;
/**
 * A registration number (`RBG-2026-000123`, `rbg 2026 000123`, `2026/000123`): an optional
 * prefix of letters, a year and six digits; after a prefix also a shorter serial, as Loket
 * reads one (`RBG-2026-1234` is RBG-2026-001234); when only spaces separate them, after a
 * prefix in capitals and with at least three digits (`RBG 2026 12345`, not "tahun 2020 100 juta").
 */
const REGISTRATION = new RegExp(
  String.raw`(?<![\p{L}\d])(?:` +
    String.raw`[A-Za-z]{2,8}\s*[${DASH}./]\s*(?:19|20)\d{2}\s*[${DASH}./\s]?\s*\d{1,6}|` +
    String.raw`[A-Za-z]{2,8}(?:19|20)\d{2}\s*[${DASH}./\s]?\s*\d{1,6}|` +
    String.raw`[A-Z]{2,8}\s+(?:19|20)\d{2}\s*[${DASH}./\s]\s*\d{3,6}|` +
    String.raw`(?:19|20)\d{2}\s*[${DASH}./\s]?\s*\d{6}` +
    String.raw`)(?!\d)`,
  "gu",
);
/**
 * Between the digit groups of a NIK or phone number: a dot or a dash of any kind (phones turn
 * "-" into "–"), with a space or two around it ("0812 - 3456"), or a space or two; a phone
 * number's may also be a bracket ("(0812) 3456", "+62 (812)").
 */
const NIK_SEP = String.raw`(?:[ \t]{0,2}[.\-\u2010-\u2015\u2212][ \t]{0,2}|[ \t]{1,2})`;
const PHONE_SEP = String.raw`(?:[ \t]{0,2}[.()\-\u2010-\u2015\u2212][ \t]{0,2}|[ \t]{1,2})`;
/** A NIK: 16 digits, also written in groups ("3317 0115 0590 0001", "3317.0115.0590.0001", "3317 - 0115 - …"). */
const NIK = new RegExp(String.raw`(?<![\d+])\d(?:${NIK_SEP}?\d){15}(?!\d)`, "gu");
/** A phone number: 08…, +62… or 62 8…, with spaces, dots, dashes or brackets inside ("+62 (812) 3456 7890", "+62 (0)812…"). */
const PHONE = new RegExp(
  String.raw`(?<![\d+])(?:\+\s?62${PHONE_SEP}?(?:\(?0\)?${PHONE_SEP}?)?8|62${PHONE_SEP}?8|08)(?:${PHONE_SEP}?\d){6,11}(?!\d)`,
  "gu",
);
/**
 * Words that end a name a citizen introduces ("nama saya Budi Santoso mau tanya …"): what
 * follows a name in a message, never part of one.
 */
const AFTER_NAME =
  "mau|ingin|pengen|pingin|minta|mohon|tanya|nanya|bertanya|urus|ngurus|mengurus|daftar|ajukan|mengajukan|bikin|buat|" +
  "dan|dari|di|ke|yang|untuk|utk|dengan|sama|selaku|sebagai|pemilik|warga|asal|tinggal|umur|usia|" +
  "nik|hp|wa|no|nomor|alamat|email|telp|tlp|kak|min|pak|bu|ya|yah|nih|dong|sudah|udah|lagi|bisa|boleh|apakah|apa|" +
  "gimana|bagaimana|kalau|kalo|punya|ada|izin|ijin|saya|aku|perlu|and|i|want|would|need|from|" +
  // What is said of a name, never part of one ("nama saya tidak muncul di OSS", "… harus sama dengan KTP").
  "harus|tidak|tak|gak|ga|nggak|belum|bukan|salah|keliru|beda|berbeda|sama|sesuai|berubah|ganti|diganti|diubah|" +
  "muncul|tercantum|tertulis|terdaftar|terbaca|kurang|terlalu|kok|kenapa|masih|juga|is|isnt|not|does|doesnt|was|wrong|different";
/**
 * A name the citizen gives ("nama saya Budi Santoso", "namaku siti", "saya bernama …", "Nama:
 * Rahmat Hidayat", "my name is …"): up to five words of letters after the cue, ending at
 * punctuation or a word of `AFTER_NAME`.
 */
const NAME = new RegExp(
  String.raw`(?<![\p{L}])((?:nama\s+(?:saya|aku|lengkap(?:\s+saya)?|pemohon)|namaku|namanya\s+saya|saya\s+bernama|aku\s+bernama|nama\s*:|my\s+name\s+is)\s*:?\s*)` +
    String.raw`(?!(?:${AFTER_NAME})(?![\p{L}]))\p{L}[\p{L}'’.-]*(?:\s+(?!(?:${AFTER_NAME})(?![\p{L}]))\p{L}[\p{L}'’.-]*){0,4}`,
  "giu",
);
/**
 * Words an address never starts with, that say something of it instead ("alamat saya pindah",
 * "alamat rumah saya beda dengan KTP", "alamat saya di mana diisi?"): the question, kept.
 */
const NOT_AN_ADDRESS =
  "pindah|beda|berbeda|sama|sesuai|salah|keliru|berubah|ganti|diganti|diubah|harus|tidak|tak|gak|ga|belum|bukan|masih|sudah|" +
  "mana|dimana|kok|kenapa|apa|apakah|bagaimana|gimana|perlu|boleh|bisa|di|dengan|ikut|yang|itu|ini|saya|aku|rumah|lengkap|" +
  "tinggal|domisili|is|isnt|not|was|changed|different|wrong";
/**
 * A home address the citizen gives ("alamat saya Jl. Pemuda No. 12 RT 03, …", "Alamat: Dusun
 * Krajan …"): from the cue to the end of the clause (";", "!", "?", a line break) or to ", mau …",
 * "nik", "hp" and the like. Not "alamat kantor" or "alamatnya di mana": only the citizen's own.
 */
const ADDRESS = new RegExp(
  String.raw`(?<![\p{L}])((?:alamat(?:\s+(?:saya|aku|rumah(?:\s+saya)?|lengkap(?:\s+saya)?|tinggal|domisili))|alamatku|alamat\s*:|my\s+address\s+is)\s*(?::|di|adalah)?\s*)` +
    String.raw`(?=\S)(?!(?:${NOT_AN_ADDRESS})(?![\p{L}]))[^;!?\n]{3,160}?(?=\s*(?:[;!?\n]|[.,]?\s+(?:mau|ingin|pengen|mohon|minta|tanya|nanya|nik|hp|wa|no\.?\s*hp|nomor|email|e-mail|telp|dan\s+saya|syarat|biaya|berapa|apakah|kapan|bagaimana|gimana)(?![\p{L}])|$))`,
  "giu",
);
/**
 * A street address with its house number, wherever it stands ("rumah saya di Jl. Gatot Subroto No.
 * 15", "I live at Jalan Kartini No. 7", "Gg. Melati 2 no 3"): the street word, up to five words of
 * its name and "No."/"Nomor" with the number (and an RT/RW after it). Without a house number "jalan"
 * is as often the verb ("jalan-jalan", "masih jalan") and is kept.
 */
const STREET = new RegExp(
  String.raw`(?<![\p{L}])(?:jl|jln|jalan|gg|gang)\.?\s+(?!(?:no|nomor|nomer)(?![\p{L}]))[\p{L}\d'’.-]+(?:\s+[\p{L}\d'’.-]+){0,4}?\s*,?\s*(?:no|nomor|nomer|number)\.?\s*\d+[a-z]?(?![\p{L}\d])(?:\s*[,/]?\s*(?:rt|rw)\.?\s*\d+)*`,
  "giu",
);
/**
 * A name introduced without the word "nama" ("selamat siang, saya Wahyu Kurniawan, …", "I am Siti
 * Aminah from Lasem"): two to four capitalised words after "saya"/"aku"/"I am", ending at
 * punctuation or at "dari", "warga", "mau", "from", "and". Written in lower case it is not told from
 * the words of a question, and is kept.
 */
/** "Saya Mau Tanya, …": words of a request, not a name. */
const NOT_NAME_WORDS = new Set(AFTER_NAME.split("|"));
const NAME_INTRO = new RegExp(
  String.raw`(?<![\p{L}])((?:[Ss]aya|[Aa]ku|I am|I'm|[Tt]his is)\s+)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,3}(?=\s*(?:[,.;:!?]|$)|\s+(?:dari|warga|mau|ingin|selaku|from|and|here)(?![\p{L}]))`,
  "gu",
);
/** Any other long number (KK, NPWP, account numbers) written without separators. */
const LONG_NUMBER = /(?<!\d)\d{10,}(?!\d)/gu;

/**
 * A token `maskPersonalData` puts in: a model that echoes one ("data [email] sudah kami
 * terima") would show the citizen a placeholder, so such an answer is not used.
 */
export const MASK_TOKEN = /\[\s*(?:NIK|nomor HP|email|nomor registrasi|nomor|nama|alamat)\s*\]/iu;

/**
 * The text with NIK, phone numbers, e-mail addresses, registration numbers and other long
 * numbers replaced by `[NIK]`, `[nomor HP]`, `[email]`, `[nomor registrasi]`, `[nomor]`.
 *
 * @example
 * maskPersonalData("NIK 3317011505900001 hp 0812-3456-7890")
 * // "NIK [NIK] hp [nomor HP]"
 */
export function maskPersonalData(text: string): string {
  // As `fence` will read it: fullwidth digits (＠, ０８１２…) become ASCII and zero-width
  // characters go, so a number written so is masked here, not made plain after masking.
  return text
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    .replace(EMAIL, "[email]")
    // A NIK first: one grouped from a province coded 19 ("1971 0123 4567 8901") is no registration number.
    .replace(NIK, "[NIK]")
    .replace(REGISTRATION, "[nomor registrasi]")
    .replace(PHONE, "[nomor HP]")
    .replace(LONG_NUMBER, "[nomor]")
    .replace(ADDRESS, "$1[alamat]")
    .replace(STREET, "[alamat]")
    .replace(NAME, "$1[nama]")
    .replace(NAME_INTRO, (all, cue: string) => (all.slice(cue.length).split(/\s+/u).some((w) => NOT_NAME_WORDS.has(w.toLowerCase())) ? all : `${cue}[nama]`));
}
