import { foldText } from "../domain/fields.js";

/**
 * A correction typed in words at the summary: "eh no hp nya salah, yg bener 0857 1234 5678",
 * "alamat saya keliru", "namanya harusnya Siti Aminah". Finds which item of the summary it is
 * about (by the words of its label, or words citizens use for its kind of question) and the
 * new value after a word such as "yang benar". Pure: the engine validates the value and decides.
 */
export interface SummaryItem {
  key: string;
  label: string;
  /** Form questions only; documents have none. */
  kind?: string;
  /** The answer as it stands (as the summary shows it): "… bukan <this>" names the item. */
  value?: string;
}

export interface SummaryEditWords {
  /** Where the right value starts: "yang benar", "seharusnya". */
  correct: string[];
  /** Words saying something is wrong: "salah", "keliru". */
  wrong: string[];
  /** Words for a kind of question beside its label's words (phone: hp, wa). */
  field_words: Record<string, string[]>;
  /** A word said for one word of a label ("klinik" for "fasilitas"). */
  same_as?: Record<string, string>;
}

export type SummaryEdit = { key: string; value?: string } | { ambiguous: true } | { confirm: true };

/** Words of a question's label that say nothing about which question it is. */
const PLAIN = new Set(["pemohon", "lengkap", "sesuai", "ktp", "aktif", "yang", "dan", "atau", "untuk", "dari", "di", "ke", "dengan", "angka", "e"]);
/** Words that say nothing about which item is meant ("eh", "saya", "kak"), beside patterns.yaml's filler. */
const SPARE = ["eh", "ny", "lagi", "jadi", "udah", "masih", "kurang", "harus", "ini", "itu", "yang", "yg", "punya", "kok", "juga", "jg", "jga", "tadi", "td", "tdi", "udh", "gw", "gue", "ternyata", "angka", "angkanya", "digit", "digitnya", "trnyata", "lg", "cek", "dicek", "kelupaan", "lupa", "aku", "sy", "ku", "mohon", "tolong", "maaf", "mas", "mbak", "isian", "tulisan", "ketik", "nulis", "tulis", "ya", "iya", "pas", "waktu", "tersebut", "mau", "minta", "mohon",
  // "eh bentar lantainya salah, cuma 1 lantai kok": a moment asked, "only" before the value.
  "bentar", "sebentar", "cuma", "cuman", "hanya",
  // "nik nya salah satu angka, harusnya …", "namanya salah dikit": how much is wrong.
  "satu", "dikit", "sedikit", "huruf", "hurufnya",
  // English: "the phone number is wrong, it should be …", "my name is wrong".
  "the", "my", "is", "was", "it", "its", "i", "a", "an", "in", "of", "to", "please", "number"];
/** The applicant's home said of an address ("alamat rumah", "alamat tempat tinggal"). */
const HOME = new Set(["rumah", "tinggal", "home"]);
/** "ga salah", "tidak ada yang salah": nothing is wrong, the opposite of a correction. */
const NOTHING_WRONG = /\b(?:ga|gak|gk|tidak|tdk|nggak|ngga|enggak|ndak|bukan|tak)\s+(?:ada\s+(?:yang\s+|yg\s+)?)?(?:salah|keliru)\b/;
/** Said after the value, not part of it: "… ya kak, makasih", "…, yg lama salah". */
const TAIL_POLITE = /(?:[\s,.!]+(?:ya|iya|dong|deh|aja|saja|makasih|terima\s+kasih|trims|thanks|tq|nggih))+[\s.!]*$/i;
/**
 * An address to the reader after the value: "… 5 kak", "…, Mas". Capitalised right after the value
 * it is the value's own word ("Perumahan Griya Mas", "depan Toko Mas") and stays.
 */
const TAIL_HONORIFIC = [/\s+(?:kak|ka|min|pak|bu|mas|mbak)[\s.!]*$/, /\s*[,.!]\s*(?:kak|ka|min|pak|bu|mas|mbak)[\s.!]*$/i];
const TAIL_CLAUSE = /,\s*(?:yang|yg)\s+(?:lama|tadi|sebelumnya|kemarin)\b.*$/i;

/**
 * Short words that are no label's initials ("no hp": "no" is nomor, not "Nama optik"; "RT" is part
 * of an address). "tp" is: "nama TP nya salah" is the place of practice's ("tempat praktik").
 */
const NOT_INITIALS = new Set(["no", "nmr", "di", "ke", "yg", "sy", "rt", "rw", "dr", "sm", "jg", "lg", "ga", "gk", "ya", "aj", "ok", "eh", "ku", "mu", "nya", "ni", "tu", "da", "dah", "pa", "bu", "ka", "kk", "sih"]);

/** The initials of two to four consecutive words of a label ("refraksionis optisien" -> "ro"). */
function initialsOf(label: string): string[] {
  const ws = foldText(label.replace(/\([^)]*\)/g, " ")).split(" ").filter((w) => w.length >= 2);
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) for (let n = 2; n <= 4 && i + n <= ws.length; n++) out.push(ws.slice(i, i + n).map((w) => w[0]).join(""));
  return out;
}

/** An item said to be right before the one that is not ("nama sy bener tp …", "nik sudah betul, cuma …"). */
const RIGHT_FIRST = /^[^,.]*?(?<!\b(?:yg|yang)\s)\b(?:bener|benar|betul|udah ok|sudah ok)\b\s*,?\s*(?:tp|tapi|tetapi|cuma|cuman|hanya|but)\s+/i;
/** "sy", "saya", "nya" right after an item's word ("alamat sy …", "hp nya …"): whose it is, not part of the value. */
const OWN_AFTER = /^\s+(?:sy|saya|aku|ku|gue|gw|my|nya)\b/i;
/** A word without its "-nya" ("hpnya" -> "hp", "alamatnya" -> "alamat"). */
const stemOf = (w: string): string => (w.length > 4 && w.endsWith("nya") ? w.slice(0, -3) : w);
/** "… <right value> bukan <wrong value>" (ratherSaid). */
/** A negated "jadi" after a value ("…, gk jd 60"): not at the message's start ("gk jadi deh" cancels). */
const NO_LONGER = /(\S[\s,]+)(?:gk|ga|gak|g|nggak|ngga|enggak|tidak|tdk|ndak|ora|mboten)\s+(?:jadi|jd|jdi)\s+(?=\S)/iu;
/** A yes before "but" at the start ("ya tp …", "ok tapi …"). */
const YES_BUT = /^\s*(?:ya|iya|iyaa|ok|oke|okay|sip|siap)\s*,?\s*(?:tp|tapi|tetapi|cuma|cuman|but)\s+/i;
/** "ganti 45 hari", "diubah 3 x 5": a change to a figure, said without "jadi". */
const CHANGED_TO_FIGURE = /\b(ganti|ubah|diganti|diubah)\s+(?=\d)/i;
const RATHER = /^(.*\S)\s+(?:bukan|bkn|bukannya|not)\s+(\S.*)$/i;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `named`: the text is known to name an item (the citizen was asked which), no "salah" needed. */
export function createSummaryEditReader(words: SummaryEditWords & { filler?: string[] }): (text: string, items: SummaryItem[], named?: boolean) => SummaryEdit | undefined {
  // Earlier words in the list win: "yang benar" over "jadi" in "nama saya jadi salah ketik, yg bener …".
  const cues = words.correct.map((c) => new RegExp(`(?:^|[^\\p{L}\\p{N}])(${escape(c.trim()).replace(/\s+/g, "\\s+")})(?=$|[^\\p{L}\\p{N}])`, "iu"));
  const wrong = new Set(words.wrong.map(foldText));
  const spare = new Set([...SPARE, ...(words.filler ?? []).map(foldText)]);
  const kindWords = new Map(Object.entries(words.field_words).map(([k, ws]) => [k, ws.map(foldText).filter(Boolean)]));
  const sameAs = new Map(Object.entries(words.same_as ?? {}).map(([k, v]) => [foldText(k), foldText(v)]));
  // A document's name is all it has ("KTP"); a question's label says more than which it is.
  const labelWords = (it: SummaryItem) =>
    foldText(it.label.replace(/\([^)]*\)/g, " "))
      .split(" ")
      .filter((w) => w.length >= 2 && (!it.kind || !PLAIN.has(w)));
  const firstCue = (text: string): RegExpExecArray | undefined => {
    for (const c of cues) {
      const m = c.exec(text);
      if (m) return m;
    }
    return undefined;
  };

  /**
   * "lokasinya jl pemuda no 21 bkn no 12", "ukurannya 1 x 4 bukan 1 x 3": the item's word, the
   * right value, then "bukan" and the wrong one; read as "lokasinya salah, yang benar jl pemuda no
   * 21". Not when what follows "bukan" names an item ("alamat rumah bukan alamat usaha"), nor
   * with a cue of its own ("yg bener …").
   */
  const ratherSaid = (text: string, items: SummaryItem[]): string | undefined => {
    const r = RATHER.exec(text);
    if (!r || firstCue(text)) return undefined;
    const [, before, after] = r as unknown as [string, string, string];
    const names = (t: string) => foldText(t).split(" ").some((w) => items.some((it) => it.kind && labelWords(it).includes(stemOf(w))));
    if (names(after)) return undefined;
    const word = /[\p{L}\p{N}]+/gu;
    for (let m = word.exec(before); m; m = word.exec(before)) {
      const w = foldText(m[0]);
      const stem = stemOf(w);
      if (!items.some((it) => it.kind && labelWords(it).includes(stem))) continue;
      const end = m.index + m[0].length;
      // "alamat sy Perum … bukan B-17", "nama sy Lina Marlina, bukan …": the value without "sy" and the comma.
      const own = OWN_AFTER.exec(before.slice(end));
      const value = before.slice(end + (own?.[0].length ?? 0)).replace(/^[\s,:]+/, "").replace(/[\s,;]+$/, "").trim();
      // Said as a correction: a word saying so ("eh salah, …"), or the item's own ("ukurannya",
      // "alamat sy") before a value with a figure. Not a billboard's text "Nama Boleh Sama, Rasa
      // Bukan Tiruan" at a later question.
      const saysWrong = foldText(before).split(" ").some((x) => wrong.has(x));
      const ownItem = (w !== stem || !!own) && /\d/.test(value);
      if (!saysWrong && !ownItem) return undefined;
      return value && !names(value) ? `${before.slice(0, end)} salah, yang benar ${value}` : undefined;
    }
    return undefined;
  };

  /**
   * "yg bener Siti Nurjanah bkn Siti Nurjana", "nama sy Lina Marlina, bukan Lina Marlena": what
   * follows "bukan" is one item's answer as it stands, so that item is meant, and the words before
   * it (without a cue, the item's words, "sy", "eh salah") are its new value. No label word is
   * needed: the old answer says which item it is.
   */
  const oldValueSaid = (text: string, items: SummaryItem[]): SummaryEdit | undefined => {
    const r = RATHER.exec(text);
    if (!r) return undefined;
    const [, before, after] = r as unknown as [string, string, string];
    // The old answer whole ("Jl. Pemuda No. 12, Rembang"), or up to a comma with a remark after it
    // ("… bkn siti nurjana, typo td").
    const bare = (t: string) => foldText(t.replace(TAIL_POLITE, "").replace(/[\s,.!]+$/, ""));
    const olds = [bare(after), bare(after.split(/[,;]/)[0]!)].filter(Boolean);
    const hits = olds.map((o) => items.filter((it) => it.kind && it.value && foldText(it.value) === o));
    const at = hits.findIndex((h) => h.length > 0);
    const hit = at >= 0 ? hits[at]! : [];
    const old = olds[at] ?? "";
    if (hit.length !== 1) return undefined;
    const it = hit[0]!;
    const cue = firstCue(before);
    let value = cue ? before.slice(cue.index + cue[0].length) : before;
    // The item's own words, whose it is and a word of wrongness before the value: not part of it.
    const drop = new Set([...labelWords(it), ...(kindWords.get(it.kind!) ?? []), ...wrong, ...spare]);
    for (let lead = /^[\s,.:!-]*([\p{L}\p{N}]+)/u.exec(value); lead && (drop.has(foldText(lead[1]!)) || drop.has(stemOf(foldText(lead[1]!)))); lead = /^[\s,.:!-]*([\p{L}\p{N}]+)/u.exec(value)) value = value.slice(lead[0].length);
    // "Lina Marlina ya bu": politeness and an address to the reader after the value, in any order.
    for (let was = ""; was !== value; ) {
      was = value;
      value = cleanValue(value).replace(TAIL_POLITE, "").replace(/[\s,;]+$/, "");
    }
    return value && foldText(value) !== old ? { key: it.key, value } : undefined;
  };

  const read = (said: string, items: SummaryItem[], named = false): SummaryEdit | undefined => {
    // "lamanya 45 hari aja, gk jd 60": "no longer 60" after the new value says the old one, as "bukan".
    // "ya tp ukurannya ganti jadi 3 x 5": the yes before "but" sends nothing; the correction is what is said.
    // "lama penelitiannya ganti 45 hari": a figure right after "ganti" is the new value, as after "ganti jadi".
    const text = said.replace(NO_LONGER, "$1bukan ").replace(YES_BUT, "").replace(CHANGED_TO_FIGURE, "$1 jadi ");
    const byOld = oldValueSaid(text, items);
    if (byOld) return byOld;
    // "nama sy bener tp alamatnya salah, yg bener …": the item said to be right names no item to change.
    const rightFirst = RIGHT_FIRST.exec(text);
    if (rightFirst && firstCue(text.slice(rightFirst[0].length))) return read(text.slice(rightFirst[0].length), items, named);
    const rather = ratherSaid(text, items);
    if (rather) return read(rather, items, named);
    const folded = foldText(text);
    if (NOTHING_WRONG.test(folded)) {
      // "ga salah, kirim aja" is a yes; "nik nya ga salah, tapi nama yang benar …" is not: with a
      // correction beside it, which item is meant is asked.
      const rest = folded.replace(new RegExp(NOTHING_WRONG.source, "g"), " ");
      return firstCue(rest) || rest.split(" ").some((w) => wrong.has(w)) ? { ambiguous: true } : { confirm: true };
    }
    const m = firstCue(text);
    const head = foldText(m ? text.slice(0, m.index) : text);
    // "hpnya", "namanya": the word without its "-nya"; "no" is "nomor".
    const words = head.split(" ").filter(Boolean);
    const tokens = new Set(words.flatMap((t) => (t.length > 4 && t.endsWith("nya") ? [t, t.slice(0, -3)] : ["no", "nmr", "nmor", "nomer"].includes(t) ? [t, "nomor"] : [t])));
    // "nama kliniknya": a word said for a label's word counts as that word ("fasilitas").
    for (const t of [...tokens]) if (sameAs.has(t)) tokens.add(sameAs.get(t)!);
    if (!m && !named && !words.some((t) => wrong.has(t))) return undefined;
    // Kind phrases are looked for as written and with "-nya" dropped / "no" read as "nomor".
    const padded = ` ${words.join(" ")} `;
    const paddedTokens = ` ${[...tokens].join(" ")} `;
    const value = m ? cleanValue(text.slice(m.index + m[0].length)) : "";
    type Candidate = { key: string; score: number; share: number; explains: Set<string> };
    let best: Candidate[] = [];
    let runnersUp: Candidate[] = [];
    for (const it of items) {
      // A value typed after "yang benar" is for a question, never a document.
      if (value && !it.kind) continue;
      const own = labelWords(it);
      const hits = own.filter((w) => tokens.has(w));
      // Initials of the label's words ("RO": refraksionis optisien; "PJ": penanggung jawab).
      for (const a of initialsOf(it.label)) if (tokens.has(a) && !spare.has(a) && !wrong.has(a) && !NOT_INITIALS.has(a)) hits.push(a);
      // The longest of the kind's phrases found ("no hp" counts two words, "hp" one).
      const phrase = (it.kind ? kindWords.get(it.kind) ?? [] : []).filter((w) => padded.includes(` ${w} `) || paddedTokens.includes(` ${w} `)).sort((a, b) => b.length - a.length)[0];
      const score = hits.length + (phrase ? phrase.split(" ").length : 0);
      if (!score) continue;
      const share = own.length ? hits.length / own.length : 1;
      const c: Candidate = { key: it.key, score, share, explains: new Set([...hits, ...(phrase ? phrase.split(" ") : [])]) };
      const top = best[0];
      if (!top || score > top.score) {
        runnersUp = best.length ? [...best, ...runnersUp.filter((r) => r.score === score)] : [];
        best = [c];
      } else if (score === top.score && share > top.share) {
        runnersUp.push(...best);
        best = [c];
      } else if (score === top.score && share === top.share) best.push(c);
      else if (score === top.score) runnersUp.push(c);
    }
    if (!best.length) return undefined;
    if (best.length > 1) return { ambiguous: true };
    const top = best[0]!;
    // Beside one item whose label's words are all there, others that share fewer of theirs do
    // not count ("alamat" is the address, not "Alamat tempat praktik"); two partial ones do.
    if (top.share < 1 && runnersUp.some((r) => r.score === top.score)) return { ambiguous: true };
    // A word naming something no item's label names ("nama *klinik*", "alamat *klinik*"): the
    // citizen may mean another item than the one whose words matched; asked which, not guessed.
    // The item's own label, every word of it, explains ("alamat sesuai KTP salah"); so does "rumah"
    // beside an address no other item's label has it for ("alamat rumah saya salah").
    const label = items.find((it) => it.key === top.key)!.label;
    const whole = new Set(foldText(label).split(" "));
    const home = whole.has("alamat") && !items.some((it) => it.key !== top.key && foldText(it.label).split(" ").includes("rumah"));
    const unexplained = words.some((w) => {
      const stem = stemOf(w);
      if (whole.has(stem) || whole.has(w) || (home && HOME.has(stem))) return false;
      if (top.explains.has(sameAs.get(stem) ?? "") || top.explains.has(sameAs.get(w) ?? "")) return false;
      return (stem.length >= 3 || (stem.length === 2 && !PLAIN.has(stem) && !NOT_INITIALS.has(stem))) && !top.explains.has(stem) && !top.explains.has(w) && !wrong.has(stem) && !spare.has(stem) && !spare.has(w) && !/^\d+$/.test(stem) && !(stem === "nomor" || w === "no");
    });
    if (unexplained) return { ambiguous: true };
    return value ? { key: top.key, value } : { key: top.key };
  };
  return read;
}

/** The value after "yang benar": without leading "adalah", ":" and trailing politeness or a clause about the old one. */
function cleanValue(raw: string): string {
  let v = raw
    .replace(/^[\s:=,.\-–]+/, "")
    .replace(/^(?:nya|adalah|itu|yaitu)(?=\s|$)\s*/i, "")
    .replace(/^[\s:=\-–]+/, "")
    // "jd di Jl. Raya …": the place word before an address is no part of it.
    .replace(/^di\s+(?=\S)/i, "")
    .replace(TAIL_CLAUSE, "");
  for (let before = ""; before !== v; ) {
    before = v;
    v = v.replace(TAIL_POLITE, "");
    for (const re of TAIL_HONORIFIC) v = v.replace(re, "");
    // Not the dot of a title's abbreviation ("dr. Ani Lestari, Sp.A.", "S.Kep."): a letter after a dot.
    v = /(?:^|[\s,])(?:\p{L}{1,4}\.)+\p{L}{1,3}\.$/u.test(v) ? v.replace(/\s+$/, "") : v.replace(/[\s.!]+$/, "");
  }
  return v.trim();
}

/**
 * A cue that the answer before it was mistyped: "eh salah", "salah ketik", "ralat,", "maksud saya",
 * ", yang benar". Bare "salah"/"ralat" only before a comma or stop, "yang benar" only after one,
 * so a title may hold the words ("Persepsi petani yang benar tentang harga").
 */
const SELF_FIX = /(?<![\p{L}\p{N}])(?:eh\s*,?\s*(?:salah|sori|sorry|maaf)(?:\s+(?:ketik|tulis))?|salah\s+(?:ketik|tulis)|(?:salah|ralat)(?=\s*[,.;:!–-])|maksud(?:nya|\s+(?:saya|sy|aku))|(?<=[,.;!]\s*)(?:yang|yg)\s+(?:benar|bener|betul))(?![\p{L}\p{N}])[\s,.;:!–-]*/giu;

/**
 * An answer corrected inside its own message ("0812345 eh salah 08123456789", "12/ab ralat, yg
 * bener 3317/12/2024"): what follows the last cue. When its first word is in the mistyped part
 * ("Jl. Pemuda RT 3 eh salah RT 03/RW 05"), only that part on is replaced. Undefined without a
 * cue between two parts.
 */
export function selfCorrected(text: string): string | undefined {
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(SELF_FIX)) last = m as RegExpExecArray;
  if (!last) return undefined;
  const head = text.slice(0, last.index).replace(/[\s,.;:!–-]+$/, "");
  let tail = text.slice(last.index + last[0].length).replace(/^(?:nya|adalah|itu)(?=\s|$)\s*/i, "");
  tail = cleanValue(tail);
  // Only a cue before the part it fixes: the first part still holds what the cue words removed.
  const firstCue = text.search(new RegExp(SELF_FIX.source, "iu"));
  const before = text.slice(0, firstCue).replace(/[\s,.;:!–-]+$/, "");
  if (!/[\p{L}\p{N}]/u.test(before) || !/[\p{L}\p{N}]/u.test(tail)) return undefined;
  const first = foldText(tail.split(/\s+/)[0] ?? "");
  const headWords = head.split(/\s+/);
  for (let i = headWords.length - 1; i >= 0; i--) {
    if (first && foldText(headWords[i]!) === first) return [...headWords.slice(0, i), tail].join(" ");
  }
  return tail;
}

/** Where one correction ends and the next begins: a comma or semicolon, "dan", "terus", "lalu", "sama". */
const CLAUSE_BREAK = /[,;]\s*|\s+(?:dan|terus|trus|lalu|sama|and)\s+/giu;

/**
 * Several corrections in one message at the summary: "nama optik salah, yang benar Optik Terang
 * Jaya, no hp salah, yang benar 0857…". Split before each later correction, at the last comma
 * (or "dan", "terus") before the words naming what it corrects, so the first value does not
 * swallow the second correction (it was stored as the shop's name). One part when there is one
 * correction, or no break to split at. Pure; the engine reads each part as one correction.
 */
export function createCorrectionSplitter(words: Pick<SummaryEditWords, "correct">): (text: string) => string[] {
  const cue = new RegExp(
    `(?:^|(?<=[^\\p{L}\\p{N}]))(?:${words.correct.map((c) => escape(c.trim()).replace(/\s+/g, "\\s+")).sort((a, b) => b.length - a.length).join("|")})(?=$|[^\\p{L}\\p{N}])`,
    "giu",
  );
  return (text) => {
    const cues = [...text.matchAll(cue)];
    if (cues.length < 2) return [text];
    const parts: string[] = [];
    let start = 0;
    let afterCue = cues[0]!.index! + cues[0]![0].length;
    for (const c of cues.slice(1)) {
      const between = text.slice(afterCue, c.index).replace(/[\s,;.]+$/u, "");
      const breaks = [...between.matchAll(CLAUSE_BREAK)];
      const last = breaks[breaks.length - 1];
      if (last) {
        parts.push(text.slice(start, afterCue + last.index!).trim());
        start = afterCue + last.index! + last[0].length;
      }
      afterCue = c.index! + c[0].length;
    }
    parts.push(text.slice(start).trim());
    return parts.filter(Boolean);
  };
}
