import { foldText, withoutNya } from "../domain/fields.js";

/** Words that only point at the file or its owner ("ini", "saya", "depan"). */
const FILLER = new Set([
  "ini", "itu", "nih", "ni", "tsb", "berikut", "terlampir", "saya", "sy", "aku", "kami", "punya", "punyaku", "milik",
  "kak", "ka", "kakak", "min", "mimin", "admin", "pak", "bu", "bapak", "ibu", "mas", "mbak", "ya", "yg", "yang",
  "sudah", "udah", "sdh", "dan", "e", "depan", "belakang", "asli", "baru", "nya", "pemohon", "suami", "istri", "my", "this", "is", "the",
]);

/** Words that say "a file" without saying which document. */
const GENERIC_FILE_WORD = /^(?:surat|foto|fotonya|poto|photo|gambar|video|scan|scanan|file|filenya|dokumen|dokumennya|berkas|berkasnya|lampiran|fotokopi|fotocopy|fc|copy|salinan|document|scanned)$/;
/** Words naming a document ("KTP", "KK", "NIB"). */
const DOCUMENT_WORD = /^(?:kartu|ktp|ktpnya|ektp|kk|kknya|npwp|nib|akta|akte|sertifikat|sertipikat|shm|sim|paspor|ijazah|str|sppt|pbb|denah|card|desain|desainnya|design|materi)$/;
/** Words naming a file or a document ("foto", "scan", "KTP", "KK"). */
const isFileWord = (w: string): boolean => GENERIC_FILE_WORD.test(w) || DOCUMENT_WORD.test(w);

/** Words that ask or want something: words with one of these are a message ("syarat ktp", "ktp hilang"). */
const ASKING = new Set([
  "mau", "ingin", "pengen", "pingin", "urus", "ngurus", "mengurus", "bikin", "buat", "membuat", "daftar", "ajukan", "mengajukan",
  "cara", "caranya", "syarat", "persyaratan", "biaya", "berapa", "apa", "apakah", "gimana", "gmn", "bagaimana", "dimana", "kapan",
  "kenapa", "mengapa", "hilang", "ilang", "rusak", "ganti", "perpanjang", "perpanjangan", "tolong", "bantu", "bisa", "boleh",
  "tanya", "cek", "status", "petugas", "lewati", "skip", "batal", "salah", "keliru", "how", "what", "where",
]);

/**
 * Whether the words sent with a file only say what the file is ("KTP", "ini ktp saya", "foto KK
 * depan", "scan npwp"): a label, not a message. Read as a message, such a label became the answer
 * to the question asked (the applicant's name "ini ktp saya") or a question ("KTP": where to get
 * one, at Disdukcapil). Words with a digit, a question mark, or asking for something are a message.
 */
export function onlyNamesTheFile(caption: string): boolean {
  if (/[?\d]/.test(caption)) return false;
  const words = foldText(caption).split(" ").filter((w) => w && !FILLER.has(w));
  if (!words.length || words.length > 3) return false;
  if (words.some((w) => ASKING.has(w))) return false;
  return words.some(isFileWord);
}

/**
 * The one document of `documents` that a file's label names ("ini NIB saya" -> the NIB), when the
 * words are only a label (see `onlyNamesTheFile`) and name exactly one of them by its name or id.
 * `photo KTP` names the document "KTP pemohon"; "foto lokasi" in a form with two documents about
 * the location names neither.
 */
export function documentNamed<D extends { id: string; name: string }>(caption: string, documents: readonly D[]): D | undefined {
  if (!onlyNamesTheFile(caption)) return undefined;
  const words = foldText(caption).split(" ").filter((w) => w && !FILLER.has(w) && !GENERIC_FILE_WORD.test(w));
  if (!words.length) return undefined;
  const named = documents.filter((d) => {
    const own = new Set(foldText(`${d.name} ${d.id.replace(/_/g, " ")}`).split(" "));
    return words.every((w) => own.has(w));
  });
  if (named.length === 1) return named[0];
  // "ini desain spanduknya": a word of one document's name beside a word of none ("spanduk").
  return named.length ? undefined : documentNamedByWord(caption, documents);
}

/**
 * The one document the words sent with a file name by a word of their own, read as
 * `documentMentioned` reads them, but words that only say "a file" ("foto", "filenya", "surat")
 * name none: "ini juga untuk surat pernyataan keabsahan" names the statement of validity, while
 * "fotonya sudah masuk?" says nothing of the "Pas foto" asked next.
 */
export function documentNamedByWord<D extends { id: string; name: string }>(caption: string, documents: readonly D[]): D | undefined {
  const words = foldText(caption).split(" ").filter((w) => w && !GENERIC_FILE_WORD.test(w) && !GENERIC_FILE_WORD.test(stem(w)));
  return words.length ? documentMentioned(words.join(" "), documents) : undefined;
}

/** A word without its "-nya" ("reklamenya" is "reklame"). */
const stem = withoutNya;

/** Words that say nothing about which document is meant, beside FILLER: "maaf, … yang tadi keliru, pakai yang ini". */
const NOT_A_NAME = new Set([
  "maaf", "tadi", "pakai", "pake", "pakailah", "salah", "keliru", "benar", "bener", "betul", "baru", "revisi", "revisinya", "lama", "ganti", "diganti", "mengganti", "gantinya",
  "dari", "untuk", "buat", "atau", "dengan", "dan", "yg", "yang", "di", "ke", "kok", "aja", "saja", "dong", "deh", "nih", "tolong", "mohon", "kirim", "kirimkan", "dikirim", "sebelumnya",
  "wrong", "correct", "right", "new", "one", "instead", "use", "please", "for", "of", "sorry",
]);

/**
 * The one document of `documents` the words sent with a file are about, read more loosely than
 * `documentNamed`: for a file sent when no document is asked (at the summary), where words around
 * the name are usual ("maaf, surat pengantar dari kampus yang tadi keliru, pakai yang ini",
 * "desain reklamenya salah, ini yang baru"). Each document scores the words of its name (outside
 * brackets) and id that the caption has ("reklamenya" is "reklame"), a word saying only "a file"
 * ("surat", "foto") half; the one highest alone wins, none when two tie or none scores.
 */
export function documentMentioned<D extends { id: string; name: string }>(caption: string, documents: readonly D[]): D | undefined {
  const said = new Set(
    foldText(caption)
      .split(" ")
      .map(stem)
      .filter((w) => w.length >= 2 && !FILLER.has(w) && !NOT_A_NAME.has(w)),
  );
  if (!said.size) return undefined;
  const scored = documents.map((d) => {
    const own = new Set(foldText(`${d.name.replace(/\([^)]*\)/g, " ")} ${d.id.replace(/_/g, " ")}`).split(" ").filter((w) => w.length >= 2 && !NOT_A_NAME.has(w)));
    let score = 0;
    for (const w of said) if (own.has(w)) score += GENERIC_FILE_WORD.test(w) ? 0.5 : 1;
    return { d, score };
  });
  const best = Math.max(...scored.map((x) => x.score));
  const top = scored.filter((x) => x.score === best);
  return best > 0 && top.length === 1 ? top[0]!.d : undefined;
}

/** Words that point at the file sent ("ini", "nih", "berikut"). */
const POINTING = new Set(["ini", "itu", "nih", "ni", "berikut", "terlampir", "this"]);

/**
 * Whether the words sent with a file point at it and name what it shows in the words of the
 * question asked (`label`): "ini lokasinya pak" with a photo at "Lokasi pemasangan" labels the
 * photo; it is no location written (it was stored as the billboard's location). At most two words
 * besides pointing words and FILLER, each a word of the label; no digit or question mark.
 */
export function pointsAtAsked(caption: string, label: string): boolean {
  if (/[?\d]/.test(caption)) return false;
  const words = foldText(caption).split(" ").filter(Boolean);
  if (!words.some((w) => POINTING.has(w))) return false;
  const own = new Set(foldText(label).split(" "));
  const rest = words.filter((w) => !FILLER.has(w));
  return rest.length > 0 && rest.length <= 2 && rest.every((w) => own.has(w) || own.has(stem(w)));
}
