import { officeIn, permitIn } from "./in-language.js";
import { foldText, matchChoiceAlso, withoutNya } from "../domain/fields.js";
import { splitSentences } from "./detail.js";
import { dayAsked, daysAhead, type DayAsked } from "../domain/day-asked.js";
import { addressOn, closesAt, hoursOn, isOpen, jakartaDate, jakartaTime, nextOpening, phraseJakarta, specialOn, weekdayOf } from "../domain/hours.js";
import type { Messages } from "../text/messages.js";
import type { DocumentRequirement, FileKind, KnowledgeBase, Office, Permit, SpecialHours, SubmissionChannel } from "./types.js";

/**
 * Answers composed from the knowledge base, worded by messages/<lang>/answers.yaml.
 * Plain text for chat: short lines, `*bold*`, numbered lists. Every permit answer names its
 * source (the office that keeps the file, and the date staff last reviewed it: a citizen has no
 * use for the file's path, a clerk finds it by the permit's name) and says the office will confirm
 * when the file is marked `needs_confirmation`. Nothing here invents a fact: a missing fact is left out.
 */
/**
 * `issued` is not an understanding label: the engine asks it for a "where" question about the
 * finished permit ("sip yg udh jadi diambil di mana?", patterns.yaml `issued_asked`).
 */
export type PermitAspect = "requirements" | "fee" | "duration" | "procedure" | "validity" | "where" | "issued" | "legal" | "representation" | "correction" | "general";
export type OfficeAspect = "hours" | "address" | "contact" | "staff" | "complaints" | "representation" | "correction";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** Permit answers depend only on the knowledge base and the wording: composed once per pair. */
const composed = new WeakMap<KnowledgeBase, WeakMap<Messages, Map<string, string>>>();

/**
 * The answer to a question about one aspect of a permit. Unknown permit id: a polite "not known".
 * `today` (`YYYY-MM-DD`, Asia/Jakarta): the counter's wording says where the office serves that
 * day (`{address}`: a temporary building of special_hours); without it, the usual address.
 */
export function answerPermit(kb: KnowledgeBase, m: Messages, permitId: string, aspect: PermitAspect, more: readonly PermitAspect[] = [], today?: string): string {
  let byWording = composed.get(kb);
  if (!byWording) composed.set(kb, (byWording = new WeakMap()));
  let answers = byWording.get(m);
  if (!answers) byWording.set(m, (answers = new Map()));
  const o = officeIn(kb.office, m.lang);
  const address = today ? addressOn(o, today) : o.address;
  const base = more.length ? `${permitId}\u0001${aspect}\u0001${more.join(",")}` : `${permitId}\u0001${aspect}`;
  // A temporary address is one more answer per permit and aspect, for its dates.
  const key = address === o.address ? base : `${base}\u0001${address}`;
  let text = answers.get(key);
  if (text === undefined) {
    text = composePermitAnswer(kb, m, permitId, [aspect, ...more], address);
    // Bounded by permits x aspects; an unknown permit id is not remembered.
    if (kb.permit(permitId)) answers.set(key, text);
  }
  return text;
}

/** The answer to one aspect, or to several asked together (one after another, the source once). */
function composePermitAnswer(kb: KnowledgeBase, m: Messages, permitId: string, aspects: readonly PermitAspect[], address: string): string {
  const found = kb.permit(permitId);
  if (!found) return m.t("answers.unknown_permit");
  // Its documents, questions and facts in the reader's language where the file has them.
  const p = permitIn(found, m.lang);
  // Whether someone else may apply is the office's fact, not the permit file's: said with the
  // office's own confirmation, and without the permit file's source.
  if (aspects.length === 1 && aspects[0] === "representation") return answerRepresentation(kb, m, p.id);
  // How Loket handles an application staff returned: the same for every permit filed here.
  if (aspects.length === 1 && aspects[0] === "correction") return answerCorrection(kb, m, p.id);
  const lines = aspects.flatMap((a, i) => (i ? ["", ...aspectLines(m, p, a, kb.office, address)] : aspectLines(m, p, a, kb.office, address)));
  lines.push(...closingLines(kb, m, p, p.needsConfirmation || (aspects.includes("representation") && !!kb.office.needsConfirmation)));
  return lines.join("\n");
}

/**
 * A figure of a permit's own text asked about ("ruang refraksinya minimal brp?"): the sentence that
 * says it (detailIn), with the office's confirmation where the file asks for one, and its source.
 */
export function answerDetail(kb: KnowledgeBase, m: Messages, permitId: string, sentence: string): string {
  const found = kb.permit(permitId);
  if (!found) return m.t("answers.unknown_permit");
  const p = permitIn(found, m.lang);
  return [m.t("answers.detail.title", { name: glossedName(m, p) }), sentence, ...closingLines(kb, m, p, p.needsConfirmation)].join("\n");
}

/** What to arrange once the permit is issued (its file's `after`), or undefined when the file says nothing. */
export function answerAfter(kb: KnowledgeBase, m: Messages, permitId: string): string | undefined {
  const found = kb.permit(permitId);
  const p = found ? permitIn(found, m.lang) : undefined;
  if (!p?.after) return undefined;
  return [m.t("answers.after.title", { name: glossedName(m, p) }), p.after.text, ...closingLines(kb, m, p, p.needsConfirmation)].join("\n");
}

/** What to do when something about the permit held changes (its file's `changes`), or undefined when the file says nothing. */
export function answerChanges(kb: KnowledgeBase, m: Messages, permitId: string): string | undefined {
  const found = kb.permit(permitId);
  const p = found ? permitIn(found, m.lang) : undefined;
  if (!p?.changes) return undefined;
  return [m.t("answers.changes.title", { name: glossedName(m, p) }), p.changes.text, ...closingLines(kb, m, p, p.needsConfirmation)].join("\n");
}

/**
 * "sppl atau ukl-upl?", "pbg atau slf dulu?": which of two permits of one category, each said by
 * the first sentence of its file's text (what it is for), then how to ask about one of them.
 */
export function answerEither(kb: KnowledgeBase, m: Messages, permitIds: readonly [string, string]): string | undefined {
  const found = permitIds.map((id) => kb.permit(id));
  if (!found[0] || !found[1]) return undefined;
  const [a, b] = found.map((p) => permitIn(p!, m.lang)) as [Permit, Permit];
  const lines = [a, b].map((p) => firstSentence(p.body)).filter(Boolean);
  if (lines.length < 2 || saySame(lines[0]!, lines[1]!, [...a.aliases, ...b.aliases])) return undefined;
  const confirm = a.needsConfirmation || b.needsConfirmation;
  return [
    m.t("answers.either.title", { a: shortName(a), b: shortName(b) }),
    ...lines.map((l) => `• ${l}`),
    "",
    m.t("answers.either.ask", { a: shortName(a) }),
    ...(confirm ? ["", m.t("answers.confirm")] : []),
    "",
    ...new Set([a, b].map((p) => m.t("answers.source", { office: kb.office.shortName, name: p.name, source: p.source, reviewed: formatDate(m, p.reviewed) }))),
  ].join("\n");
}

/**
 * Two first sentences that tell the permits apart by nothing but their names ("SIPP berlaku untuk
 * satu tempat praktik…", "SIPB berlaku untuk satu tempat praktik…"): most of the shorter one's
 * words, the permits' names and small words aside, are the other's.
 */
function saySame(a: string, b: string, names: readonly string[]): boolean {
  const named = new Set(names.flatMap((n) => foldText(n).split(" ")));
  const words = (t: string) => new Set(foldText(t).split(" ").filter((w) => w && !named.has(w) && !SMALL_WORDS.has(w)));
  const [x, y] = [words(a), words(b)];
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared >= 0.7 * Math.min(x.size, y.size);
}
const SMALL_WORDS = new Set(["untuk", "yang", "atau", "dan", "dari", "tidak", "tetapi", "di", "ke", "the", "is", "for", "a", "an", "of", "that", "or", "and", "but", "which", "do", "not", "to"]);

/** What ends a permit's answer: that staff will confirm it (`confirm`), then the file's source and review date. */
function closingLines(kb: KnowledgeBase, m: Messages, p: Permit, confirm: boolean): string[] {
  return [...(confirm ? ["", m.t("answers.confirm")] : []), "", m.t("answers.source", { office: kb.office.shortName, name: p.name, source: p.source, reviewed: formatDate(m, p.reviewed) })];
}

/**
 * Where a permit is filed, in words (messages `answers.channel.*`; the counter's names the office
 * and may say `{address}`: `address`, the day's (addressOn), else the usual one).
 */
export function channelName(m: Messages, office: Office, channel: string, address?: string): string {
  return m.t(`answers.channel.${channel}`, { office: office.shortName, address: address ?? officeIn(office, m.lang).address });
}

/**
 * How a knowledge file is named to a citizen (a model's answer lists the files it drew on):
 * a permit by its name, the office file by the office's name; anything else as it is.
 */
export function sourceName(kb: KnowledgeBase, source: string): string {
  if (source === kb.office.source) return kb.office.shortName;
  return kb.permits.find((p) => p.source === source)?.name ?? source;
}

/** A step that begins as `text` does (its first four words): the step already says it. */
function stepSays(steps: string[], text: string): boolean {
  const head = foldText(text).split(" ").slice(0, 4).join(" ");
  return steps.some((s) => foldText(s).startsWith(head));
}

/** A fact written in Indonesian with an optional English version: the one for the reader's language. */
const factIn = (m: Messages, f: { text: string; en?: string }): string => (m.lang === "en" && f.en ? f.en : f.text);

function aspectLines(m: Messages, p: Permit, aspect: PermitAspect, office: Office, address: string): string[] {
  // Another language reads the official name (the one on forms and in OSS) with its gloss, as in the list.
  const name = glossedName(m, p);
  switch (aspect) {
    case "requirements":
      return [m.t("answers.requirements.title", { name }), ...requirementLines(m, p)];
    case "fee":
      return [m.t("answers.fee.title", { name }), factIn(m, p.fee)];
    case "duration":
      return [m.t("answers.duration.title", { name }), factIn(m, p.duration)];
    case "validity":
      // What is known of its renewal, or that staff know it (a renewal question is answered here).
      return [m.t("answers.validity.title", { name }), p.validity, p.renewal ? factIn(m, p.renewal) : m.t("answers.validity.renewal_unknown")];
    case "procedure": {
      // What comes once it is issued closes the steps ("urutannya gmn" also asks what follows),
      // unless a step already says it (NIB's "low-risk starts at once").
      const after = p.after ? factIn(m, p.after) : undefined;
      return [
        m.t("answers.procedure.title", { name }),
        ...p.procedure.map((step, i) => m.t("answers.procedure.line", { n: i + 1, step })),
        ...(after && !stepSays(p.procedure, after) ? [m.t("answers.procedure.after", { after })] : []),
      ];
    }
    case "where":
      return [
        m.t("answers.where.title", { name }),
        m.t("answers.where.channel", { channel: channelName(m, office, p.submission.channel, address) }),
        ...(p.submission.url ? [m.t("answers.where.url", { url: p.submission.url })] : []),
        ...(p.submission.note ? [p.submission.note] : []),
        // "Apply here (type daftar)" always; "you file it yourself, Loket guides" only where the
        // file's own note does not already say how it is filed.
        ...(p.submission.loketCanApply ? [m.t("answers.where.loket_can_apply")] : p.submission.note ? [] : [m.t("answers.where.loket_guides")]),
      ];
    case "issued":
      // The permit file's own sentence; without one, nothing is invented: the office confirms.
      return [
        m.t("answers.issued.title", { name }),
        p.submission.issued ?? m.t("answers.issued.unknown"),
        ...(p.submission.loketCanApply ? [m.t("answers.issued.told_here")] : []),
      ];
    case "legal":
      return [m.t("answers.legal.title", { name }), ...p.legalBasis.map((law) => m.t("answers.legal.line", { law }))];
    case "representation":
      return representationLines(m, office, p);
    case "correction":
      return correctionLines(m, office, p);
    case "general":
      return [
        m.t("answers.general.title", { name }),
        ...(p.body ? [firstParagraph(p.body)] : []),
        "",
        m.t("answers.general.where", { channel: channelName(m, office, p.submission.channel, address) }),
        m.t("answers.general.fee", { fee: factIn(m, p.fee) }),
        m.t("answers.general.duration", { duration: factIn(m, p.duration) }),
        m.t("answers.general.validity", { validity: p.validity }),
        "",
        m.t("answers.general.more"),
      ];
  }
}

/** When a document applies: its note, else its `when` in the form's words ("Jenis praktik: Praktik mandiri"). */
/** Words of document names that say nothing about which document ("surat keterangan …"). */
/** The words of a document's name that name nothing ("surat … dari … atau …"). */
const JOINING_WORDS = new Set(["surat", "dan", "atau", "untuk", "dari", "yang", "mis", "dengan", "bagi", "jika", "oleh", "sesuai", "lain", "lainnya"]);
const GENERIC_DOC_WORDS = new Set([
  "surat", "izin", "ijin", "dokumen", "berkas", "keterangan", "bukti", "asli", "fotokopi", "salinan", "pemohon", "usaha",
  "tempat", "dan", "atau", "untuk", "dari", "yang", "mis", "nomor", "data", "formulir", "permohonan", "pernyataan", "bagi",
  "jika", "oleh", "dengan", "sesuai", "lain", "lainnya", "perlu", "harus", "wajib", "ada", "punya", "buat", "bikin", "urus",
  // English: "a health certificate", "a letter from the hospital" are not the STR's "certificate".
  "certificate", "letter", "document", "documents", "proof", "statement", "copy", "form",
]);
const NEED_QUESTION = /\b(?:perlu|harus|hrs|wajib|butuh|pakai|pake|pakek|pke|cukup|cekap|enough|need|needed|require|required|must|have\s+to|has\s+to|should|(?:can|may)\s+i\s+(?:write|submit|send|use|bring|upload|give|hand\s+in)|can\s+the)\b/i;
/** "I'm a researcher from a university … What do I need?": the whole list asked (that sentence names no document asked of). */
const OPEN_NEED = /\bwhat\s+(?:do|does|should|must|will)\s+(?:i|we|you|one)\s+need\b|\bwhat\s+(?:is|are)\s+(?:needed|required)\b|\bapa\s+(?:saja|aja|aj|sj|sja)\s+(?:yang|yg)\s+(?:perlu|harus|wajib|dibutuhkan)\b/i;
/** "kalo saya gak punya sertifikat?", "belum ada npwp": a document the citizen lacks, asked about. */
const LACKING = /\b(?:(?:gak|ga|gk|nggak|ngga|enggak|tidak|tdk|ndak|belum|blm|blum)\s+(?:punya|pny|ada|memiliki|bawa|ngurus|mengurus|urus)|(?:belum|blm|blum)\s+(?:keluar|terbit))\b/i;
/** "ktp sama npwp aja cukup?": whether the documents named are enough (the whole list answers it, not a yes). */
const SUFFICIENT = /\b(?:cukup|cekap|enough|sufficient)\b/i;
export const asksSufficiency = (text: string): boolean => SUFFICIENT.test(text);
/** The message says the citizen has not got the document asked about. */
export const requirementLacking = (text: string): boolean => LACKING.test(text);
const YES_NO = /\?|\b(?:ga|gak|gk|nggak|enggak|ngga|tidak|tdk|ndak|ya|kah|kan|nggih|mboten|apa)\b/i;

/**
 * "bikin nib perlu npwp ga kak": the requirement of the permit that the question names, when
 * the message asks whether something is needed. Only a document the permit lists is named; a
 * document it does not list gets the usual answer (the list is the office's, not a promise of
 * what is not needed). `alternative`: one of a name's alternatives counts too ("perlu akta gk?" of
 * "Akta pendirian / NIB": a question about the list, answered with it, though with no yes).
 */
export function requirementAsked(p: Permit, text: string, opts: { alternative?: boolean } = {}): DocumentRequirement | undefined {
  // "What do I need? Do I need a letter from my university?": the yes-or-no question beside the open one.
  if (OPEN_NEED.test(text)) text = text.split(/(?<=[?.!])\s+/).filter((part) => !OPEN_NEED.test(part)).join(" ");
  if (!(NEED_QUESTION.test(text) || LACKING.test(text)) || !YES_NO.test(text)) return undefined;
  const own = new Set(foldText([p.id.replace(/-/g, " "), p.name, ...p.aliases].join(" ")).split(" "));
  const all = foldText(text).split(" ");
  const counts = (w: string) => w.length >= 3 && !GENERIC_DOC_WORDS.has(w) && !own.has(w) && !PLAIN_WORDS.has(w);
  let best: DocumentRequirement | undefined;
  let bestScore = 0;
  const lacking = LACKING.test(text);
  for (const d of p.requirements) {
    // "berbahasa Indonesia" is also said "bahasa Indonesia"; in English, the name in English.
    const named = new Set(foldText(`${d.name} ${d.nameEn ?? ""} ${d.id.replace(/_/g, " ")}`).split(" ").flatMap((w) => (/^ber\p{L}{4,}$/u.test(w) ? [w, w.slice(3)] : [w])));
    // "pas fotonya": "foto".
    const hits = all.map((w) => counts(w) && (named.has(w) || named.has(withoutNya(w))));
    // Each word once: "rumah … rumah" is not two words of "rumah ibadah".
    const score = new Set(all.filter((_, i) => hits[i])).size;
    // A word of the document's id alone, not of its name, names no document ("bangun pagar tembok depan
    // rumah?" is not the SKUB of "rumah_ibadah"); beside a word of its name it does.
    if (score === 1 && !foldText(`${d.name} ${d.nameEn ?? ""}`).split(" ").some((w) => all.some((a, i) => hits[i] && (a === w || withoutNya(a) === w)))) continue;
    // A name offering alternatives ("Akta pendirian / NIB", "Dokumen lingkungan (SPPL / UKL-UPL /
    // AMDAL)": those in brackets when they hold the "/") is no yes for one of them ("perlu akta?",
    // "perlu amdal?", "perlu bukti sewa?"); a word beside them is ("bpjs wajib?": "Nomor BPJS
    // (Kesehatan/Ketenagakerjaan)", "surat pengantar kampus": "Surat pengantar / permohonan dari
    // kampus … (atau kepala desa/lurah …)"), and so is a document said to be missing ("kalau belum
    // punya pbg?": "PBG / IMB bangunan").
    const pieces = alternativesOf(d.name);
    const piecesNamed = pieces.filter((piece) => all.some((w, i) => hits[i] && piece.has(w))).length;
    const beside = all.some((w, i) => hits[i] && !pieces.some((piece) => piece.has(w)));
    if (!lacking && piecesNamed === 1 && !beside && !opts.alternative) continue;
    // The words after the named ones must not name something else: "sertifikat halal",
    // "rekomendasi damkar", "ktp suami" are other documents than "sertifikat SHM", "rekomendasi
    // peil banjir", "KTP pemilik". Two words of the name make it that one ("penelitian kelompok, ktp
    // semua anggota": "KTP peneliti (ketua tim untuk penelitian kelompok)").
    const last = hits.lastIndexOf(true);
    const next = last >= 0 ? all.slice(last + 1).find((w) => w.length >= 3 && !PLAIN_WORDS.has(w)) : undefined;
    // Several documents listed to ask whether they are enough ("ktp sm npwp aja cukup?") name each other.
    if (score < 2 && next && !named.has(next) && !NEED_QUESTION.test(next) && !YES_NO.test(next) && !SUFFICIENT.test(text)) continue;
    // Nor a word of the name that comes elsewhere in it: "health certificate" is not the STR's
    // "health worker registration certificate".
    if (score < 2 && next && named.has(next) && all[last + 1] === next && !followsInName(d, all[last]!, next)) continue;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/**
 * "pas foto nya yg 4x6 background merah ato biru?": the permit's document a question names by two
 * or more words of its name (generic words aside), the one named by most. Undefined for no question.
 */
export function documentAskedOf(p: Permit, text: string, opts: { asked?: boolean } = {}): DocumentRequirement | undefined {
  // `asked`: the caller knows the message asks (no "?" needed at its end).
  if (!opts.asked && !/\?\s*$/.test(text)) return undefined;
  const said = new Set(foldText(text).split(" ").flatMap((w) => [w, withoutNya(w)]));
  let best: DocumentRequirement | undefined;
  let bestHits = 1;
  // Asked where it comes from, its name's own nouns count too ("surat keterangan tempat praktik").
  const generic = (w: string) => (opts.asked ? JOINING_WORDS.has(w) : GENERIC_DOC_WORDS.has(w));
  const wordsOf = p.requirements.map((d) => new Set(foldText(d.name).split(" ").filter((w) => w.length >= 2 && !generic(w) && !PLAIN_WORDS.has(w))));
  for (const [i, d] of p.requirements.entries()) {
    const hits = [...wordsOf[i]!].filter((w) => said.has(w)).length;
    if (hits > bestHits) [best, bestHits] = [d, hits];
  }
  if (best || !opts.asked) return best;
  // Asked where it comes from, one word of a single document's name is enough when no other document
  // of the permit, nor the permit's own name, has it ("surat pengantar izin penelitian dari siapa?");
  // a word of its own, not a generic or short one ("ngurusnya di mana?" names no document by "di").
  const own = new Set(foldText(`${p.name} ${p.id.replace(/-/g, " ")}`).split(" "));
  const distinct = (w: string, i: number) => w.length >= 3 && !GENERIC_DOC_WORDS.has(w) && !own.has(w) && wordsOf.every((o, k) => k === i || !o.has(w));
  const only = p.requirements.filter((_, i) => [...wordsOf[i]!].some((w) => said.has(w) && distinct(w, i)));
  return only.length === 1 ? only[0] : undefined;
}

/** The words of each alternative a document's name offers (those in its brackets when they hold the "/"), generic words aside. */
function alternativesOf(name: string): Set<string>[] {
  const bracketed = /\(([^()]*\/[^()]*)\)/.exec(name);
  const offered = bracketed ? bracketed[1]! : name.includes("/") ? name : "";
  return offered ? offered.split("/").map((piece) => new Set(foldText(piece).split(" ").filter((w) => w && !GENERIC_DOC_WORDS.has(w)))) : [];
}

/**
 * "tanah msh atas nama ortu, bisa?" about PBG: a situation asked about that one of the permit's
 * form options names by its other words (`also`: "ortu" for "Tanah milik orang lain"), where that
 * option is what makes a document needed (`when`): that document ("Perjanjian pemanfaatan tanah").
 * Only for a question; a situation no option names is nobody's document.
 */
export function requirementForSituation(p: Permit, text: string): DocumentRequirement | undefined {
  if (!YES_NO.test(text) && !/\b(?:bisa|bs|boleh|gimana|gmn|bagaimana)\b/i.test(text)) return undefined;
  for (const d of p.requirements) {
    for (const [field, ids] of Object.entries(d.when ?? {})) {
      const options = p.form.find((q) => q.id === field)?.options;
      const chosen = options ? matchChoiceAlso(text, options) : undefined;
      if (chosen && ids.includes(chosen)) return d;
    }
  }
  return undefined;
}

/** `b` right after `a` in the document's name, Indonesian or English ("health worker", not "health certificate"). */
function followsInName(d: DocumentRequirement, a: string, b: string): boolean {
  return [d.name, d.nameEn ?? ""].some((n) => ` ${foldText(n)} `.includes(` ${a} ${b} `));
}

/** Words around a document's name that are not part of it ("perlu npwp *ga kak*", "penyuluhan *ya*"). */
const PLAIN_WORDS = new Set([
  "ya", "yaa", "kak", "min", "pak", "bu", "bapak", "ibu", "mas", "mbak", "dong", "sih", "deh", "juga", "dulu", "lagi", "nya",
  "nggak", "enggak", "ngga", "tidak", "tdk", "gak", "kah", "kan", "apa", "atau", "saya", "kami", "untuk", "buat", "bikin",
  "urus", "ngurus", "mengurus", "yang", "itu", "ini", "sudah", "belum", "masih", "harus", "perlu", "wajib", "butuh", "pakai", "pake",
  "asli", "fotokopi", "copy", "scan", "salinan",
  // "npwp wajib ya? sy blm pny": not having it is no other document.
  "blm", "blom", "blum", "pny", "pnya", "punya", "cukup", "cekap", "mawon", "aja", "saja",
  // "ktp nya semua dikumpulin atau cukup 1?": how it is handed in is no other document.
  "semua", "semuanya", "dikumpulin", "dikumpulkan", "dilampirkan", "dilampirin", "diupload", "diunggah", "dikirim", "dibawa",
  // "kalo blm punya npwp gmn min?": how, asked after the document
  "gmn", "gimana", "bagaimana", "gmna", "gmana",
  // English ("Do I need a proposal?", "Can I write the proposal in English?"): a language is said of
  // the document, not another one.
  "the", "and", "for", "also", "need", "needed", "required", "must", "have", "has", "should", "can", "may", "write", "submit",
  "bring", "english", "inggris", "original",
  // "a recommendation letter from IDI": "from" is no word of the "Letter about the place of practice
  // (from the head of the facility …)".
  "from", "about", "with", "still", "any", "dari", "dengan", "tentang",
]);

export function requirementNote(p: Permit, d: DocumentRequirement): string | undefined {
  if (d.note || !d.when) return d.note;
  return Object.entries(d.when)
    .map(([field, ids]) => {
      const q = p.form.find((x) => x.id === field);
      return `${q?.label ?? field}: ${ids.map((id) => q?.options?.find((o) => o.id === id)?.label ?? id.replace(/^>=\s*/, "≥ ").replace(/^<=\s*/, "≤ ")).join(" / ")}`;
    })
    .join("; ");
}

function requirementLines(m: Messages, p: Permit): string[] {
  const docs = p.requirements;
  const sep = m.t("answers.kinds_separator");
  const kinds = (k: FileKind[]) => k.map((x) => x.toUpperCase()).join(sep);
  const all = [...new Set(docs.flatMap((d) => d.accept))];
  const out = [m.t("answers.requirements.intro", { kinds: kinds(all) })];
  docs.forEach((d, i) => {
    // The intro names the kinds accepted; a line repeats them only where fewer are (WhatsApp: short lines).
    const any = all.every((k) => d.accept.includes(k));
    const key = `answers.requirements.${d.required ? "line" : "optional"}${any ? "_any" : ""}`;
    out.push(m.t(key, { n: i + 1, name: d.name, kinds: kinds(d.accept) }));
    const note = requirementNote(p, d);
    if (note) out.push(m.t("answers.requirements.note", { note }));
  });
  return out;
}

/** The first sentence of a permit file's text: what the permit is (for). */
function firstSentence(body: string): string {
  return splitSentences(firstParagraph(body))[0]?.trim() ?? "";
}

function firstParagraph(body: string): string {
  return (body.split(/\n\s*\n/)[0] ?? "").replace(/\*\*(.+?)\*\*/g, "*$1*").replace(/\s*\n\s*/g, " ").trim();
}

export interface OfficeAnswerOptions {
  /** For "next holiday" (default: now). */
  now?: () => Date;
  /** The citizen's message: a day it asks about ("besok buka?", "tgl 25") is answered first. */
  text?: string;
  /** The day asked, found earlier (the engine keeps it in the flow's slots). */
  day?: DayAsked;
  /** The break asked about, found earlier ("jam istirahat kapan": breakAsked). */
  breaks?: boolean;
  /** The present asked about ("masih buka ga?", "sekarang istirahat?": nowAsked): whether it is open now comes first. */
  now_asked?: boolean;
  /** The queue number asked about ("antrian terakhir jam berapa?": queueAsked). */
  queue?: boolean;
  /** A time of day asked about ("jam 3 masih bisa?", "dateng jam 15.15": timeAsked), "HH:MM". */
  at_time?: string;
  /** The week's hours asked beside a day ("buka jam brp? sabtu buka gk?": weekHoursAsked). */
  week_asked?: boolean;
}

/**
 * "Bisa diwakilkan?", "can someone else apply for me?": what a representative brings
 * (office.yaml `representation`), with the notes for the permit asked about, or every note when
 * no permit is known. Without the fact in office.yaml: that staff can say, never a guess.
 */
export function answerRepresentation(kb: KnowledgeBase, m: Messages, permitId?: string): string {
  const p = permitId ? kb.permit(permitId) : undefined;
  const lines = representationLines(m, officeIn(kb.office, m.lang), p);
  if (kb.office.representation && kb.office.needsConfirmation) lines.push("", m.t("answers.confirm"));
  return lines.join("\n");
}

function representationLines(m: Messages, o: Office, p: Permit | undefined): string[] {
  const title = p ? m.t("answers.representation.title_permit", { name: p.name }) : m.t("answers.representation.title");
  const r = o.representation;
  if (!r) return [title, m.t("answers.representation.missing")];
  const notes = r.notes.filter((n) => !p || n.permits.includes(p.id)).map((n) => n.text);
  return [title, r.text, ...notes];
}

/**
 * "Berkas dikembalikan petugas, perbaikannya gmn": how an application staff returned is corrected.
 * Filed through Loket: the notice in the chat names the documents, sent here; the note is read
 * with a status check; data is corrected through staff. A permit filed in OSS or SIMBG by the
 * citizen: corrected there.
 */
export function answerCorrection(kb: KnowledgeBase, m: Messages, permitId?: string, system?: SubmissionChannel): string {
  const p = permitId ? kb.permit(permitId) : undefined;
  // "pengajuan di oss sy dikembalikan": only the outside system named; corrected there, with its address
  // (the one its permits' files give), and staff may explain the note.
  const url = system && system !== "counter" ? kb.permits.find((x) => x.submission.channel === system && x.submission.url)?.submission.url : undefined;
  if (!p && system && url) {
    const channel = channelName(m, kb.office, system);
    return [m.t("answers.correction.title"), m.t("answers.correction.system", { channel, url }), m.t("answers.correction.system_staff", { channel })].join("\n");
  }
  return correctionLines(m, kb.office, p).join("\n");
}

function correctionLines(m: Messages, o: Office, p: Permit | undefined): string[] {
  const lines = [m.t("answers.correction.title")];
  if (!p || p.submission.loketCanApply) lines.push(m.t("answers.correction.loket"), m.t("answers.correction.status", { prefix: o.registrationPrefix }), m.t("answers.correction.data"));
  if (p && p.submission.channel !== "counter") {
    const vars = { name: shortName(p), channel: channelName(m, o, p.submission.channel), url: p.submission.url ?? "" };
    lines.push(m.t(p.submission.loketCanApply ? "answers.correction.elsewhere_too" : "answers.correction.elsewhere", vars));
  }
  return lines;
}

/** Office hours (grouped weekdays, WIB, next holiday), address, contacts or complaint channels. */
export function answerOffice(kb: KnowledgeBase, m: Messages, aspect: OfficeAspect, opts: OfficeAnswerOptions = {}): string {
  if (aspect === "representation") return answerRepresentation(kb, m);
  if (aspect === "correction") return answerCorrection(kb, m);
  // Who serves at the counter: no names are kept in Loket; a person is one word away.
  if (aspect === "staff") return m.t("answers.office.staff", { name: kb.office.shortName });
  const o = officeIn(kb.office, m.lang);
  const lines: string[] = [];
  const now = (opts.now ?? (() => new Date()))();
  const today = jakartaDate(now);
  const day = opts.day ?? (opts.text ? dayAsked(opts.text, today, o.holidays) : undefined);
  if (aspect === "hours") {
    // The last queue number, or a time of day ("jam 3 masih bisa ambil nomor?"), of one day: that
    // day's answer and a line pointing to the week's hours.
    const queue = opts.queue ?? (opts.text !== undefined && queueAsked(opts.text));
    const at = opts.at_time ?? (opts.text !== undefined ? timeAsked(opts.text) : undefined);
    if ((queue || at) && (!day || day.from === day.to)) {
      lines.push(queueLine(m, o, day?.from ?? queueDate(o, now, today), today, at), m.t("answers.office.week_pointer"));
      if (o.needsConfirmation) lines.push("", m.t("answers.confirm_hours"));
      return lines.join("\n");
    }
    // A question about a day or a range of days: those days (today's with whether it is open now),
    // and a line pointing to the week's hours; a phone shows the answer whole.
    if (day) {
      lines.push(dayLine(m, o, day, today));
      if (day.from === today && day.to === today && hoursOn(o, today).length) lines.push(nowLine(m, o, now, today));
      // "kantornya buka jam brp? sabtu buka gk?": the week's hours asked too, in a clause of their own.
      if (opts.week_asked ?? (opts.text !== undefined && weekHoursAsked(opts.text, today, o.holidays))) lines.push(m.t("answers.office.hours_title", { name: o.shortName }), ...weekInEffect(m, o, today).lines, m.t("answers.office.hours_holidays"));
      else lines.push(m.t("answers.office.week_pointer"));
      if (o.needsConfirmation) lines.push("", m.t("answers.confirm_hours"));
      return lines.join("\n");
    }
    // "masih buka ga?", "sekarang istirahat?": whether it is open now, and until when, first.
    const asksNow = !day && (opts.now_asked || (opts.text !== undefined && nowAsked(opts.text)));
    if (asksNow) lines.push(nowLine(m, o, now, today), m.t("answers.office.hours_title", { name: o.shortName }));
    else lines.push(m.t("answers.office.hours_title", { name: o.shortName }), nowLine(m, o, now, today));
    const { lines: week, inPeriod } = weekInEffect(m, o, today);
    lines.push(...week);
    // "jam istirahat kapan?": the breaks of the week in effect, said in one line.
    if (opts.breaks || (opts.text && breakAsked(opts.text))) lines.push(breakLine(m, inPeriod?.week ?? o.hours));
    lines.push(m.t("answers.office.hours_holidays"));
    // The special days of the coming week (a closure tomorrow, an extra Saturday, a period starting).
    const soon = specialSoon(o, today).filter((sp) => sp !== inPeriod);
    if (soon.length) lines.push(m.t("answers.office.special_days_title"), ...soon.map((sp) => specialLine(m, sp)));
    // After today: a holiday today is said in the line on now.
    const next = holidaysInOrder(o).find((h) => h.date > today);
    if (next) lines.push(m.t("answers.office.next_holiday", { date: formatDate(m, next.date), name: next.name }));
  } else if (aspect === "address") {
    // "besok kantornya di mana?" on the eve of a move: where the office serves that day, first.
    const there = day && day.from === day.to && day.from !== today ? specialOn(o, day.from)?.address : undefined;
    if (there) lines.push(m.t("answers.office.day_place_line", { date: dayName(m, day!, today), address: there }));
    lines.push(m.t("answers.office.address_title", { name: o.shortName }), ...addressLines(m, o, today));
  } else if (aspect === "contact") {
    lines.push(m.t("answers.office.contact_title", { name: o.shortName }));
    const c = o.contacts;
    for (const key of ["phone", "whatsapp", "email", "website"] as const) if (c[key]) lines.push(m.t(`answers.office.${key}`, { value: c[key] }));
    if (!c.phone && !c.whatsapp && !c.email) lines.push(m.t("answers.office.contact_missing"));
    lines.push(m.t("answers.office.contact_staff"));
  } else {
    lines.push(m.t("answers.office.complaints_title"), o.complaints ?? m.t("answers.office.contact_staff"));
  }
  // The hours say what is unconfirmed (the hours, as office.yaml marks them), and who to ask.
  if (o.needsConfirmation && aspect !== "complaints") lines.push("", m.t(aspect === "hours" ? "answers.confirm_hours" : "answers.confirm"));
  return lines.join("\n");
}

/** The week's hours in effect: a period of special_hours (Ramadan) with its title instead of the usual week. */
function weekInEffect(m: Messages, o: Office, today: string): { lines: readonly string[]; inPeriod: ReturnType<typeof specialOn> } {
  const period = specialOn(o, today);
  const inPeriod = period && !period.oneDay && period.week ? period : specialPeriodAround(o, today);
  if (!inPeriod?.week) return { lines: hoursLinesOf(m, o), inPeriod };
  const title = m.t("answers.office.special_period_title", { from: formatDate(m, inPeriod.from), to: formatDate(m, inPeriod.to), detail: inPeriod.note ? ` (${inPeriod.note})` : "" });
  return { lines: [title, ...hoursLines(m, inPeriod.week)], inPeriod };
}

/** The hours asked of no day in particular ("buka jam brp", "jam operasionalnya"). */
const WEEK_HOURS_ASKED = /\b(?:jam (?:brp|berapa|brapa|buka|kerja|operasional|layanan|pelayanan)\w*|buka jam|opening hours|office hours)\b/;

/** "kantornya buka jam brp? sabtu buka gk?": the week's hours asked in a clause that names no day, beside one that does. */
export function weekHoursAsked(text: string, today: string, holidays: Office["holidays"]): boolean {
  // Clauses also split at "terus", "trus", "lalu", "kalau" (a voice note typed out: "kantor buka jam berapa
  // sampai jam berapa terus hari sabtu buka tidak").
  return text.split(/[?.!,;\n]+|\s(?:terus|trus|trs|lalu|kalau|kalo|klo)\s/i).some((c) => WEEK_HOURS_ASKED.test(foldText(c)) && !dayAsked(c, today, holidays));
}

/** Today, tomorrow and the day after are named so ("Besok, Selasa, 12 Januari 2027"). */
const RELATIVE = ["today", "tomorrow", "after_tomorrow"] as const;

/** "Besok, Selasa, 12 Januari 2027", "Kamis, 24 Desember 2026 s.d. Jumat, 25 Desember 2026". */
function dayName(m: Messages, day: DayAsked, today: string): string {
  if (day.from !== day.to) return m.t("answers.office.day_range", { from: dayAndDate(m, day.from), to: dayAndDate(m, day.to) });
  const rel = RELATIVE[daysAhead(day.from, today)];
  const date = dayAndDate(m, day.from);
  return rel ? m.t("answers.office.day_relative", { rel: m.t(`answers.office.day_${rel}`), date }) : date;
}

/**
 * The answer about one day (or a holiday's days): open with its hours, the special note and the
 * place the office serves then; or closed, why (the holiday's name, the note) and when it opens again.
 */
function dayLine(m: Messages, o: Office, day: DayAsked, today: string): string {
  if (day.from !== day.to && !allClosed(o, day)) return rangeLines(m, o, day, today).join("\n");
  const date = dayName(m, day, today);
  const spans = day.from === day.to ? hoursOn(o, day.from) : [];
  const special = specialOn(o, day.from);
  if (spans.length) {
    const detail = special?.note ? ` (${special.note})` : "";
    const place = special?.address ? m.t("answers.office.day_place", { address: special.address }) : "";
    return m.t("answers.office.day_open", { date, times: timesText(m, spans), detail, place });
  }
  const why = new Set<string>();
  for (let d = day.from; d <= day.to; d = dayAfter(d, 1)) {
    const holiday = o.holidays.find((h) => h.date === d);
    const sp = specialOn(o, d);
    if (holiday) why.add(holiday.name);
    else if (sp?.note) why.add(sp.note);
  }
  const next = nextOpening(o, new Date(Date.parse(`${day.to}T23:59:00+07:00`)));
  const vars = { date, detail: why.size ? ` (${[...why].join(", ")})` : "", next_opening: next ? phraseJakarta(next, m.lang) : m.t("handoff.next_working_day") };
  return m.t("answers.office.day_closed", vars);
}

/** Every day of a range closed (a holiday's days, an ordinary weekend): answered as one closed line. */
function allClosed(o: Office, day: DayAsked): boolean {
  for (let d = day.from; d <= day.to; d = dayAfter(d, 1)) if (hoursOn(o, d).length) return false;
  return true;
}

/**
 * A range asked with an open day in it. Up to a week ("weekend buka?", "minggu ini"): each day,
 * open with its hours, note and place, or closed and why. A month ("bulan depan ada libur?"): only
 * the days unlike the usual week (holidays, special days), or that there are none.
 */
function rangeLines(m: Messages, o: Office, day: DayAsked, today: string): string[] {
  const days: string[] = [];
  for (let d = day.from; d <= day.to; d = dayAfter(d, 1)) days.push(d);
  const whole = day.from.endsWith("-01") && dayAfter(day.to, 1).endsWith("-01") && day.from.slice(0, 7) === day.to.slice(0, 7);
  const title = whole ? `${m.t(`answers.month.${Number(day.from.slice(5, 7))}`)} ${day.from.slice(0, 4)}` : dayName(m, day, today);
  const usual = (d: string) => !specialOn(o, d) && !o.holidays.some((h) => h.date === d);
  const listed = days.length > 7 ? days.filter((d) => !usual(d)) : days;
  if (!listed.length) return [m.t("answers.office.range_none", { date: title })];
  return [
    m.t(days.length > 7 ? "answers.office.range_special_title" : "answers.office.range_title", { date: title }),
    ...listed.map((d) => {
      const spans = hoursOn(o, d);
      const sp = specialOn(o, d);
      const why = o.holidays.find((h) => h.date === d)?.name ?? sp?.note;
      const detail = why ? ` (${why})` : "";
      if (!spans.length) return m.t("answers.office.range_day_closed", { date: dayAndDate(m, d), detail });
      const place = sp?.address ? m.t("answers.office.day_place", { address: sp.address }) : "";
      return m.t("answers.office.range_day_open", { date: dayAndDate(m, d), times: timesText(m, spans), detail, place });
    }),
  ];
}

/** A question about the queue number ("antrian terakhir jam berapa?", "masih bisa ambil nomor?", "last queue number"). */
export const queueAsked = (text: string): boolean => /\b(?:antri\w*|antre\w*|ngantri\w*|queue\w*|ambil (?:nomor|nomer|no)|last number)\b/.test(foldText(text));

/**
 * A time of day in a question ("jam 3", "jam 15.15", "pukul 14:30", "jam setengah 3", "jam 10 pagi",
 * "at 3 pm", "3pm") as "HH:MM". An hour from 1 to 6 without "pagi"/"am" is the afternoon: an
 * office is not open at three at night, and "jam 3" said of it is 15.00. Undefined when none.
 */
export function timeAsked(text: string): string | undefined {
  // "kan blm jam 3" (it is not yet 3 o'clock) tells the present; no time is asked.
  const t = text.toLowerCase().replace(/\b(?:belum|blm|blom|durung|dereng|not yet)\s+(?:jam|pukul|pkl)\s*\d{1,2}(?:[.:]\d{2})?/g, " ");
  let h: number;
  let min = 0;
  let part: string | undefined;
  const half = /\b(?:jam|pukul|pkl|pk)\s*setengah\s*(\d{1,2})\b(?:\s*(pagi|siang|sore|malam))?/.exec(t);
  const clock = /\b(?:jam|pukul|pkl|pk|at)\s*(\d{1,2})(?:[.:](\d{2}))?(?!\d)(?:\s*(pagi|siang|sore|malam|am|pm|a\.m\.|p\.m\.))?/.exec(t);
  const english = /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b/.exec(t);
  if (half) [h, min, part] = [Number(half[1]) - 1, 30, half[2]];
  else if (clock) [h, min, part] = [Number(clock[1]), Number(clock[2] ?? 0), clock[3]];
  else if (english) [h, min, part] = [Number(english[1]), Number(english[2] ?? 0), english[3]];
  else return undefined;
  const afternoon = part === "pm" || part === "p.m." || part === "sore" || part === "malam" || (part === "siang" && h < 6);
  if (h < 12 && (afternoon || (!part && h >= 1 && h <= 6))) h += 12;
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

/** The day a queue question without a day is about: today while the office still opens or is open today, else the next day it opens. */
function queueDate(o: Office, now: Date, today: string): string {
  const time = jakartaTime(now);
  if (hoursOn(o, today).some((iv) => iv.close > time)) return today;
  const next = nextOpening(o, now);
  return next ? jakartaDate(next) : today;
}

/**
 * The last queue number of a date, or whether one can still come at `at` ("HH:MM"). The number
 * is office.yaml `last_queue` of the weekday, on days the week's hours hold and it is before the
 * closing; on other days (special hours, none written) the closing time and that the queue may
 * close earlier: never a time the file does not give. A closed day: closed, and when it opens again.
 */
function queueLine(m: Messages, o: Office, date: string, today: string, at: string | undefined): string {
  const spans = hoursOn(o, date);
  if (!spans.length) return dayLine(m, o, { from: date, to: date }, today);
  const name = dayName(m, { from: date, to: date }, today);
  const open = spans[0]!.open;
  const close = spans[spans.length - 1]!.close;
  const sp = specialOn(o, date);
  // A special day's or period's own last_queue; its own hours without one: none written (not the week's).
  const written = sp?.lastQueue ? sp.lastQueue[weekdayOf(date)] : sp?.day || sp?.week ? undefined : o.lastQueue?.[weekdayOf(date)];
  const last = written && written <= close ? written : undefined;
  const [c, l, t] = [clockIn(m, close), last ? clockIn(m, last) : "", at ? clockIn(m, at) : ""];
  // "bsk ambil nomor antrian mulai jam brp?": when the day opens too.
  const o1 = clockIn(m, open);
  if (!at) return last ? m.t("answers.office.queue_last", { date: name, open: o1, last: l, close: c }) : m.t("answers.office.queue_unknown", { date: name, open: o1, close: c });
  if (at < open) return m.t("answers.office.at_time_before", { date: name, open: clockIn(m, open), times: timesText(m, spans) });
  if (at >= close) return m.t("answers.office.at_time_closed", { date: name, time: t, times: timesText(m, spans) });
  const reopen = spans.find((iv, i) => i > 0 && at >= spans[i - 1]!.close && at < iv.open);
  if (reopen) return m.t("answers.office.at_time_break", { date: name, time: t, reopen: clockIn(m, reopen.open) });
  if (last) return at <= last ? m.t("answers.office.at_time_queue_yes", { date: name, time: t, last: l }) : m.t("answers.office.at_time_queue_no", { date: name, time: t, last: l });
  return m.t("answers.office.at_time_open", { date: name, time: t, close: c });
}

/** A question about the break ("jam istirahat kapan", "ishoma", "lunch break"). */
export const breakAsked = (text: string): boolean => /\b(?:istirahat|ishoma|rehat|break)\b/.test(foldText(text));

/** The gaps between a week's intervals, by day: "Jam istirahat: Jumat 11.00–13.00", or that there is none. */
function breakLine(m: Messages, week: Office["hours"]): string {
  const gaps = DAYS.flatMap((d) => {
    const list = week[d] ?? [];
    const between = list.slice(1).map((iv, i) => ({ open: list[i]!.close, close: iv.open }));
    return between.length ? [`${m.t(`answers.day.${d}`)} ${timesText(m, between)}`] : [];
  });
  return gaps.length ? m.t("answers.office.breaks", { breaks: gaps.join("; ") }) : m.t("answers.office.no_breaks");
}

/** A question about the present moment: "masih buka?", "sekarang", "udah tutup?", "still open?", "right now". */
export const nowAsked = (text: string): boolean => /\b(?:masih|sekarang|skrg|skrng|sekarng|saat ini|udah tutup|sudah tutup|dah tutup|(?:kok|ko|koq|kenapa|knp|napa) (?:masih )?tutup|(?:udah|udh|sudah|sdh|lagi|lg) di depan|now|still open|currently)\b/.test(foldText(text));

/** The time of day of `d` in Asia/Jakarta as the answers write it: "13.00" in Indonesian. */
const clockOf = (m: Messages, d: Date): string => clockIn(m, jakartaTime(d));

/**
 * Whether the office is open right now and until when (a break after it named), or if not when it
 * opens: later today after a break, or on another day ("hari ini buka?" asked on a holiday).
 */
function nowLine(m: Messages, o: Office, now: Date, today: string): string {
  // The same for the whole minute (isOpen and nextOpening go by the minute; `today` is now's
  // date): made once a minute per language and office, not at every "jam buka?".
  const minute = Math.floor(now.getTime() / 60_000);
  let perOffice = nowLinesMade.get(m);
  if (!perOffice) nowLinesMade.set(m, (perOffice = new WeakMap()));
  const made = perOffice.get(o);
  if (made?.minute === minute) return made.text;
  const text = nowLineAt(m, o, now, today);
  perOffice.set(o, { minute, text });
  return text;
}
const nowLinesMade = new WeakMap<Messages, WeakMap<Office, { minute: number; text: string }>>();
function nowLineAt(m: Messages, o: Office, now: Date, today: string): string {
  const close = closesAt(o, now);
  if (close) {
    const reopen = nextOpening(o, close);
    // A break later today: "sampai 11.00, lalu istirahat; buka lagi 13.00".
    if (reopen && jakartaDate(reopen) === today) return m.t("answers.office.now_open_break", { close: clockOf(m, close), reopen: clockOf(m, reopen) });
    return m.t("answers.office.now_open", { close: clockOf(m, close) });
  }
  const opensToday = nextOpening(o, now);
  const openedToday = hoursOn(o, today).some((iv) => iv.close <= jakartaTime(now));
  if (opensToday && openedToday && jakartaDate(opensToday) === today) return m.t("answers.office.now_break", { reopen: clockOf(m, opensToday) });
  // A day special_hours closes is said with its note, as a holiday with its name.
  const special = specialOn(o, today);
  const closedSpecially = special?.note && (special.day ?? special.week) && hoursOn(o, today).length === 0 ? { name: special.note } : undefined;
  const holiday = o.holidays.find((h) => h.date === today) ?? closedSpecially;
  const next = nextOpening(o, now);
  const vars = { name: holiday?.name ?? "", next_opening: next ? phraseJakarta(next, m.lang) : m.t("handoff.next_working_day") };
  return m.t(holiday ? "answers.office.now_holiday" : "answers.office.now_closed", vars);
}

/**
 * The lines of the week's hours per language and office, made once: they change only with the
 * files, which are read at start-up (knowledge/office.yaml, messages/). Making them for every
 * "jam buka?" cost ~40% of that answer. Keyed by the objects, as hours.ts keeps its holidays.
 */
const hoursLinesMade = new WeakMap<Messages, WeakMap<Office, readonly string[]>>();
function hoursLinesOf(m: Messages, o: Office): readonly string[] {
  let perOffice = hoursLinesMade.get(m);
  if (!perOffice) hoursLinesMade.set(m, (perOffice = new WeakMap()));
  let lines = perOffice.get(o);
  if (!lines) perOffice.set(o, (lines = hoursLines(m, o.hours)));
  return lines;
}

/** The office's holidays by date (a stable sort: of one date, the first written), sorted once. */
const holidaysSorted = new WeakMap<Office, Office["holidays"]>();
function holidaysInOrder(o: Office): Office["holidays"] {
  let sorted = holidaysSorted.get(o);
  if (!sorted) holidaysSorted.set(o, (sorted = [...o.holidays].sort((a, b) => a.date.localeCompare(b.date))));
  return sorted;
}

/** Indonesian writes 08.00, English 08:00 (as the next opening, phraseJakarta, does). */
const clockIn = (m: Messages, hhmm: string): string => (m.lang === "id" ? hhmm.replace(":", ".") : hhmm);

/** One day's intervals as the answers write them: "08.00–11.00, 13.00–15.30". */
const timesText = (m: Messages, list: Readonly<Office["hours"]["mon"]>): string =>
  (list ?? []).map((iv) => m.t("answers.time_range", { open: clockIn(m, iv.open), close: clockIn(m, iv.close) })).join(", ");

/** Consecutive weekdays with the same hours share a line: "Senin–Kamis: 08.00–15.30" ("Monday–Thursday: 08:00–15:30"). */
function hoursLines(m: Messages, week: Office["hours"]): string[] {
  const sig = (d: (typeof DAYS)[number]) => timesText(m, week[d]);
  const out: string[] = [];
  let i = 0;
  while (i < DAYS.length) {
    let j = i;
    while (j + 1 < DAYS.length && sig(DAYS[j + 1]!) === sig(DAYS[i]!)) j++;
    const from = m.t(`answers.day.${DAYS[i]}`);
    const to = m.t(`answers.day.${DAYS[j]}`);
    const days = i === j ? from : j === i + 1 ? m.t("answers.day.and", { a: from, b: to }) : m.t("answers.day.range", { from, to });
    const times = sig(DAYS[i]!);
    out.push(times ? m.t("answers.office.hours_line", { days, times }) : m.t("answers.office.hours_closed", { days }));
    i = j + 1;
  }
  return out;
}

/** How many days ahead the hours and address answers name special days (a closure tomorrow, Saturday's service). */
const SPECIAL_AHEAD_DAYS = 7;
const dayAfter = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A period with its own week around `date` even when a one-day entry covers `date` itself (a closure in Ramadan). */
function specialPeriodAround(o: Office, date: string): SpecialHours | undefined {
  return (o.special ?? []).find((sp) => !sp.oneDay && sp.week && sp.from <= date && date <= sp.to);
}

/** special_hours entries from today to a week ahead, by date: days, and periods starting (or only noting something) then. */
function specialSoon(o: Office, today: string): SpecialHours[] {
  const until = dayAfter(today, SPECIAL_AHEAD_DAYS);
  return (o.special ?? []).filter((sp) => sp.to >= today && sp.from <= until && (sp.oneDay || sp.from > today || !sp.week)).sort((a, b) => a.from.localeCompare(b.from));
}

/** "Sabtu, 19 Desember 2026". */
const dayAndDate = (m: Messages, date: string): string => `${m.t(`answers.day.${weekdayOf(date)}`)}, ${formatDate(m, date)}`;

/** One special day or period as a line of the hours answer: its date(s), hours (or closed) and note, and where. */
function specialLine(m: Messages, sp: SpecialHours): string {
  const detail = `${sp.note ? ` — ${sp.note}` : ""}${sp.address ? ` (${sp.address})` : ""}`;
  if (sp.oneDay) {
    const day = sp.day ?? undefined;
    if (day && !day.length) return m.t("answers.office.special_day_closed", { date: dayAndDate(m, sp.from), detail });
    return m.t("answers.office.special_day_open", { date: dayAndDate(m, sp.from), times: day ? timesText(m, day) : m.t("answers.office.special_usual_hours"), detail });
  }
  const range = { from: formatDate(m, sp.from), to: formatDate(m, sp.to) };
  if (!sp.week) return m.t("answers.office.special_period_note", { ...range, detail });
  const week = hoursLines(m, sp.week).join("; ");
  return m.t("answers.office.special_period_line", { ...range, times: Object.keys(sp.week).length ? week : m.t("answers.office.special_closed"), detail });
}

/** The address, or where the office serves today (special_hours `address`) with the usual one after; a move in the coming week. */
function addressLines(m: Messages, o: Office, today: string): string[] {
  const here = specialOn(o, today);
  const moved = here?.address ? here : (o.special ?? []).find((sp) => sp.address && sp.from <= today && today <= sp.to);
  if (moved?.address) {
    const detail = moved.note ? ` (${moved.note})` : "";
    const intro = moved.oneDay ? m.t("answers.office.address_today", { detail }) : m.t("answers.office.address_special", { to: formatDate(m, moved.to), detail });
    return [intro, moved.address, m.t("answers.office.address_usual", { address: o.address })];
  }
  const soon = specialSoon(o, today).filter((sp) => sp.address && sp.from > today);
  return [
    o.address,
    ...soon.map((sp) => {
      const detail = sp.note ? ` (${sp.note})` : "";
      if (sp.oneDay) return m.t("answers.office.address_soon_day", { date: dayAndDate(m, sp.from), detail, address: sp.address! });
      return m.t("answers.office.address_soon", { from: formatDate(m, sp.from), to: formatDate(m, sp.to), detail, address: sp.address! });
    }),
  ];
}

/** Where to go for another agency's service (KTP, SIM, ...), kindly. */
/**
 * Another agency's document among a permit's requirements ("NPWP", "NIK / KTP pemilik"): the
 * referral one of whose aliases the document's name says as whole words, with that alias and
 * where it is made (in the messages' language). Undefined for the office's own kinds of papers.
 */
export function referralOfDocument(kb: KnowledgeBase, m: Messages, d: DocumentRequirement): { doc: string; agency: string; where: string } | undefined {
  const name = ` ${foldText(d.name)} `;
  for (const r of kb.referrals) {
    const alias = r.aliases.find((a) => foldText(a) && name.includes(` ${foldText(a)} `));
    if (alias) return { doc: alias, agency: r.agency, where: (m.lang === "en" && r.whereEn) || r.where };
  }
  return undefined;
}

export function answerReferral(kb: KnowledgeBase, m: Messages, referralId: string): string {
  const r = kb.referrals.find((x) => x.id === referralId);
  if (!r) return m.t("answers.unknown_permit");
  const lines = [m.t("answers.referral.text", { name: r.name, office: kb.office.shortName, agency: r.agency }), referralWhere(m, r)];
  const note = (m.lang === "en" && r.noteEn) || r.note;
  if (note) lines.push(note);
  return lines.join("\n");
}

/**
 * Another agency's service asked of its requirements, fee, time, phone or hours right after its
 * referral ("syaratnya apa aja", "nomor telpon polresnya brp"): not in Loket; where to ask.
 */
export function answerReferralDetails(kb: KnowledgeBase, m: Messages, referralId: string): string {
  const r = kb.referrals.find((x) => x.id === referralId);
  if (!r) return m.t("answers.unknown_permit");
  return [m.t("answers.referral.details", { name: r.name, agency: r.agency }), referralWhere(m, r)].join("\n");
}

/** Where another agency's service is had, in the chat's language (the referral's line "📍 …"). */
const referralWhere = (m: Messages, r: KnowledgeBase["referrals"][number]): string => m.t("answers.referral.where", { where: (m.lang === "en" && r.whereEn) || r.where });

/** Words of a referral's agency and place that name that agency ("polresnya", "gerainya"), generic ones aside. */
export function referralPlaceWords(kb: KnowledgeBase, referralId: string): Set<string> {
  const r = kb.referrals.find((x) => x.id === referralId);
  if (!r) return new Set();
  return new Set(foldText(`${r.agency} ${r.where}`).split(" ").filter((w) => w.length >= 4 && !REFERRAL_PLACE_GENERIC.has(w)));
}
const REFERRAL_PLACE_GENERIC = new Set(["atau", "rembang", "kabupaten", "kantor", "yang", "sama", "dengan", "kami", "untuk", "setempat", "acara", "kecil", "desa", "dinas", "badan", "kota", "pelayanan", "publik", "layanan", "bagi", "juga", "lewat", "online"]);

export interface ListOptions {
  /** Only permits whose category (or English category) contains this text (case-insensitive), e.g. "kesehatan", "health". */
  category?: string;
}

/** The permits, grouped by category, OSS-only ones marked. */
export function listPermits(kb: KnowledgeBase, m: Messages, opts: ListOptions = {}): string {
  const groups = listedGroups(kb, opts);
  if (!groups.length) return m.t("answers.list.none");
  const lines = [m.t("answers.list.title", { office: kb.office.shortName })];
  let n = 0;
  // Another language reads each official name (the one on forms and in OSS) with its gloss, under the category in that language.
  const glossed = m.lang !== "id";
  for (const [category, list] of groups) {
    lines.push("", `*${(glossed && list[0]!.categoryEn) || category}*`);
    for (const p of list) {
      const name = glossedName(m, p);
      lines.push(m.t(p.submission.loketCanApply ? "answers.list.line" : "answers.list.line_oss", { n: ++n, name }));
    }
  }
  lines.push("", m.t("answers.list.footer"));
  return lines.join("\n");
}

/** A permit's official name, with its English gloss (`name_en`) for a reader of another language. */
const glossedName = (m: Messages, p: Permit): string => (m.lang !== "id" && p.nameEn ? m.t("answers.list.glossed", { name: p.name, gloss: p.nameEn }) : p.name);

/** The permits of `listPermits` by category, in the order (and so with the numbers) it shows them. */
function listedGroups(kb: KnowledgeBase, opts: ListOptions = {}): [string, Permit[]][] {
  const filter = opts.category?.toLowerCase();
  const groups = new Map<string, Permit[]>();
  const fits = (x: Permit) => !filter || x.category.toLowerCase().includes(filter) || !!x.categoryEn?.toLowerCase().includes(filter);
  for (const p of kb.permits.filter(fits)) groups.set(p.category, [...(groups.get(p.category) ?? []), p]);
  return [...groups].sort((a, b) => a[0].localeCompare(b[0], "id")).map(([category, list]) => [category, [...list].sort((a, b) => a.name.localeCompare(b.name, "id"))]);
}

/**
 * The category a request for the list names ("which health permits", "environmental permits",
 * "izin kesehatan apa saja", "izin lingkungan apa aja"): the first word of a permit's
 * `category_en` or `category` that a word of the text starts with, or (from six letters) is the
 * start of, plural "s" aside; as `listPermits`' `category`. A category word that is also a word of
 * another category's permit name ("usaha": "Perizinan Usaha Pariwisata") names no category.
 */
export function categoryNamed(kb: KnowledgeBase, text: string): string | undefined {
  const keys = categoryKeys(kb);
  for (const w of foldText(text).split(" ")) {
    if (w.length < 5) continue;
    const stem = w.replace(/s$/, "");
    for (const k of keys) if (stem.startsWith(k) || (stem.length >= 6 && k.startsWith(stem))) return k;
  }
  return undefined;
}

const categoryKeysOf = new WeakMap<KnowledgeBase, string[]>();
function categoryKeys(kb: KnowledgeBase): string[] {
  let keys = categoryKeysOf.get(kb);
  if (keys) return keys;
  const first = (c: string | undefined) => c && foldText(c).split(" ")[0]!.replace(/s$/, "");
  const candidates = new Map<string, Set<string>>();
  for (const p of kb.permits) {
    for (const k of [first(p.categoryEn), first(p.category)]) {
      if (k && k.length >= 5) candidates.set(k, (candidates.get(k) ?? new Set()).add(p.category));
    }
  }
  keys = [...candidates].filter(([k, cats]) => !kb.permits.some((p) => !cats.has(p.category) && foldText(p.name).split(" ").includes(k))).map(([k]) => k);
  categoryKeysOf.set(kb, keys);
  return keys;
}

/** The ids of the list's permits (of `category`, else all) in its numbered order ("yg nomer 3" after it is the third). */
export const listedPermitIds = (kb: KnowledgeBase, category?: string): string[] => listedGroups(kb, category ? { category } : {}).flatMap(([, list]) => list.map((p) => p.id));

/** What an aspect's answer says of a permit, in the knowledge's words ("28 hari kerja sejak …"). */
export function aspectText(p: Permit, aspect: string): string {
  if (aspect === "fee") return p.fee.text;
  if (aspect === "duration") return p.duration.text;
  if (aspect === "validity") return p.validity;
  return "";
}

/**
 * A fee, processing time or validity asked without saying which of several permits
 * ("berapa lama SIP berlaku?"): when every one of them says the same (the seven SIPs' 5 years),
 * that answer, naming them; undefined when they differ or the aspect is another.
 */
export function sharedAspectAnswer(kb: KnowledgeBase, m: Messages, permitIds: readonly string[], aspect: string | null | undefined): string | undefined {
  if (aspect !== "fee" && aspect !== "duration" && aspect !== "validity") return undefined;
  const permits = permitIds.flatMap((id) => {
    const p = kb.permit(id);
    return p ? [permitIn(p, m.lang)] : [];
  });
  if (permits.length < 2) return undefined;
  const texts = permits.map((p) => (aspect === "validity" ? p.validity : factIn(m, aspect === "fee" ? p.fee : p.duration)));
  if (texts.some((t) => t !== texts[0])) return undefined;
  const lines = [m.t(`answers.shared.${aspect}`, { names: permits.map(shortName).join(", ") }), texts[0]!];
  if (permits.some((p) => p.needsConfirmation)) lines.push("", m.t("answers.confirm"));
  return lines.join("\n");
}

const EN_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
const EN_NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const EN_PLACE = new RegExp(`\\b(?:the\\s+(${EN_ORDINALS.join("|")})|(${EN_ORDINALS.join("|")})\\s+one|(?:number|option|no)\\s+(${EN_NUMBERS.join("|")}))\\b`);
const EN_PLACE_ALONE = new RegExp(`^(${EN_ORDINALS.join("|")})(?:\\s+please)?$`);

/**
 * "yg nomer 3", "nomor 3", "yang ke-3", "yang ketiga", and in English "number 3", "option 2", "#3",
 * "the 3rd", "the third one", "number three": the place in a list the message points at.
 */
export function ordinalIn(text: string): number | undefined {
  const t = foldText(text);
  const digits =
    /\b(?:no|nomor|nomer|nmr|urutan|yang|yg)\s+(?:ke\s*)?(\d{1,2})\b/.exec(t) ??
    /\b(?:yang|yg)\s+ke(\d{1,2})\b/.exec(t) ??
    /\b(?:number|num|nr|option|choice|item)\s*(\d{1,2})\b/.exec(t) ??
    /(?:^|\s)#\s*(\d{1,2})\b/.exec(text.toLowerCase()) ??
    /\b(\d{1,2})(?:st|nd|rd|th)\b/.exec(t);
  if (digits) return Number(digits[1]) || undefined;
  // English words: "the third (one)", "third one", "third please", "number three", "option two".
  const english = EN_PLACE.exec(t) ?? EN_PLACE_ALONE.exec(t);
  if (english) {
    const w = english.slice(1).find((x) => x)!;
    const i = EN_ORDINALS.includes(w) ? EN_ORDINALS.indexOf(w) : EN_NUMBERS.indexOf(w);
    return i + 1;
  }
  const word = /\b(?:yang|yg|no|nomor|nomer)\s+(?:ke\s*)?(pertama|kesatu|satu|kedua|dua|ketiga|tiga|keempat|empat|kelima|lima|keenam|enam|ketujuh|tujuh|kedelapan|delapan|kesembilan|sembilan|kesepuluh|sepuluh)\b/.exec(t);
  if (!word) return undefined;
  const order = ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh"];
  const w = word[1]!.replace(/^ke(?!mpat)/, "").replace(/^pertama$/, "satu").replace(/^keempat$/, "empat");
  const i = order.indexOf(w);
  return i >= 0 ? i + 1 : undefined;
}

/** A permit's short name in lists and on buttons: its first alias (docs/knowledge.md), or its name without one. */
export const shortName = (p: Permit): string => p.aliases[0] ?? p.name;

/**
 * "Ngurus izin bayar ga?" with no permit named: which permits are free and which are not, by the
 * permits' short names (their first alias), before Loket asks which one.
 */
export function feeOverview(kb: KnowledgeBase, m: Messages): string {
  const short = shortName;
  const isFree = (p: Permit) => p.fee.amount === "gratis" || p.fee.amount === 0;
  const free = kb.permits.filter(isFree).map(short);
  const other = kb.permits.filter((p) => !isFree(p)).map(short);
  const lines = [m.t("answers.fee_overview.title", { office: kb.office.shortName })];
  if (free.length) lines.push(m.t("answers.fee_overview.free", { names: free.join(", ") }));
  if (other.length) lines.push(m.t("answers.fee_overview.other", { names: other.join(", ") }));
  return lines.join("\n");
}

/**
 * "Ngurus izin harus ke kantor atau online?" with no permit named: the permits by where they are
 * filed (OSS, SIMBG, the office's counter), by their short names, before Loket asks which one.
 */
export function whereOverview(kb: KnowledgeBase, m: Messages): string {
  const byChannel = new Map<string, string[]>();
  for (const p of kb.permits) byChannel.set(p.submission.channel, [...(byChannel.get(p.submission.channel) ?? []), shortName(p)]);
  const lines = [m.t("answers.where_overview.title")];
  for (const [channel, names] of byChannel) lines.push(m.t("answers.where_overview.line", { channel: channelName(m, kb.office, channel), names: names.join(", ") }));
  return lines.join("\n");
}

/** "2026-11-28" -> "28 November 2026" in the messages' language. */
export function formatDate(m: Messages, iso: string): string {
  const [y, mo, d] = iso.split("-");
  return m.t("answers.date", { day: Number(d), month: m.t(`answers.month.${Number(mo)}`), year: y });
}

