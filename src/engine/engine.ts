import { CONVERSATION_STATE_VERSION, deliveryOf, type ConversationState, type EngineState, type Frame, type StatusChecked } from "../domain/conversation.js";
import { foldedWords, foldText, matchChoice, matchChoiceAlso, matchChoiceWords, MONTHS, withoutNya, namesKkNumber, relativeDate, validateField, type FieldResult } from "../domain/fields.js";
import { labelledNumber, sizeSaid, SIZE_LABEL, totalAtEnd } from "../domain/said-numbers.js";
import { expandPhrase, phraseAlone, phraseAtEnd, phraseMatcher as lazyPhraseMatcher, type PhraseMatcher } from "../domain/phrases.js";
import { memoize } from "../domain/memo.js";
import { CAPTIONED_FILE_CHANNELS, NUMBERED_CHOICE_CHANNELS, type ChannelName, type DocumentRef, type ExpectKind, type Outbound } from "../domain/message.js";
import { placeText, type Place } from "../domain/place.js";
import { createHash } from "node:crypto";
import { KIND_OF_MIME } from "../domain/upload.js";
import { StaffOnlyKind, type HandoffReason } from "../domain/records.js";
import { REGISTRATION_NUMBER_RE, zerosForOs } from "../domain/records.js";
import { uploadRefusal, unsupportedText } from "./refusals.js";
import { documentMentioned, documentNamed, documentNamedByWord, onlyNamesTheFile, pointsAtAsked } from "./caption.js";
import { createCorrectionSplitter, createSummaryEditReader, selfCorrected } from "./summary-edit.js";
import { dayAsked, dayOfSlot, daySlot, type DayAsked } from "../domain/day-asked.js";
import { addressOn, closesAt, isOpen, jakartaDate, jakartaTime, nextOpening, phraseJakarta, weekdayOf } from "../domain/hours.js";
import { answerAfter, answerReferralDetails, referralPlaceWords, answerChanges, answerCorrection, answerEither, answerDetail, answerOffice, answerRepresentation, answerPermit, channelName, answerReferral, referralOfDocument, aspectText, feeOverview, formatDate, categoryNamed, whereOverview, listedPermitIds, listPermits, ordinalIn, requirementAsked, requirementForSituation, requirementLacking, requirementNote, documentAskedOf, asksSufficiency, sharedAspectAnswer, shortName, sourceName, type OfficeAnswerOptions, type OfficeAspect, type PermitAspect, breakAsked, nowAsked, queueAsked, timeAsked, weekHoursAsked } from "../knowledge/answer.js";
import { detailIn } from "../knowledge/detail.js";
import { officeIn, permitIn } from "../knowledge/in-language.js";
import { requirementApplies, type DocumentRequirement, type KnowledgeBase, type Permit } from "../knowledge/types.js";
import type { Messages } from "../text/messages.js";
import { formHolds, type Flow, type Flows, type Step } from "./flows/schema.js";
import type { Effect, EffectResult, EngineEvent, StepResult } from "./types.js";
import { createLanguageGuess, namesOf } from "./understand/language.js";
import { PERMIT_ASPECTS, type Aspect, type Understander, type Understanding } from "./understand/types.js";

export interface EngineDeps {
  flows: Flows;
  knowledge: KnowledgeBase;
  understander: Understander;
  messages: Map<string, Messages>;
  now?: () => Date;
  /** The upload size limit the runtime enforces (UPLOAD_MAX_BYTES), so the document question can state it. Default 10 MB. */
  uploadLimitBytes?: number;
  /** Lower limits of some channels (Telegram's Bot API serves at most 20 MB a file). */
  channelUploadLimitBytes?: Partial<Record<ChannelName, number>>;
  /**
   * Message keys of the services outside the office that see citizens' words in this
   * installation (the Telegram staff group, a language model's provider), said at the consent
   * question as `{processors}`: a key, or a key with the values of its placeholders
   * (`{ key: "consent.via_model", vars: { model_host: "api.openai.com" } }`).
   */
  disclosures?: (string | { key: string; vars?: Record<string, string> })[];
  /** RETENTION_DAYS: how long a quiet conversation and its loose documents are kept, said at the consent question as `{retention_days}`. Default 365. */
  retentionDays?: number;
}

export interface Engine {
  /** Builds now what the first message would otherwise build (the phrase lists' matchers): call it once start-up is answered. */
  warm?(): void;
  initialState(conversationId: string, channel: ChannelName, address?: string): ConversationState;
  /**
   * One step. The caller's `state` is never changed (the step works on a copy), unless the caller
   * hands it over with `owned: true`: then the step may change it in place and the caller must not
   * use it again (the runtime does so with a state parsed from the store for this turn alone).
   */
  step(state: ConversationState, event: EngineEvent, opts?: { owned?: boolean }): StepResult;
  /** Form questions still open where the conversation is (empty when not in a form). */
  openFields(state: ConversationState): { id: string; label: string; kind: string; options?: { id: string; label: string }[] }[];
  /** The flow a whole message starts directly (`commands` in flows/patterns.yaml), if any. */
  commandOf(text: string): string | undefined;
  /** What a tapped choice id (`apply.consent:agree`) said on its button, for staff reading the transcript; undefined when unknown. */
  choiceLabel(id: string): string | undefined;
  /** The repair word a whole message is ("batal", "menu": `repair` in flows/patterns.yaml), if any. */
  repairOf(text: string): string | undefined;
  /**
   * A cancel said first with more after it ("eh gajadi, sy tanya syarat aja"): the words after it;
   * "" for a cancel alone ("ga jadi deh"); undefined when the message is no cancel.
   */
  cancelRest(text: string): string | undefined;
  /** Waiting for staff, whether anyone is there or why no answer came ("halo? masih ada orang?"; patterns.yaml still_there). */
  asksStillThere(text: string): boolean;
  /** Whether a message asks the office's hours ("eh tp senin jam brp kantornya buka?"): waiting for staff while the office is closed, it is told when staff answer. */
  asksHours(text: string): boolean;
  /**
   * Waiting in the queue, a part of the message going back to the bot ("yaudah gk jd, sm bot aja.
   * bikin nib bayar gk?"; patterns.yaml back_to_bot): the words after that part ("" when none);
   * undefined when no part does.
   */
  backToBotRest(text: string): string | undefined;
  /** Whether a message reads as a complaint ("mau komplain kemana ini??"): waiting in the queue, its channels are told too. */
  asksComplaint(text: string): boolean;
  /** The language the engine answers `text` in, where the conversation is now (see language.ts). */
  languageOf(state: ConversationState, text: string): string;
  /** Whether a question of the conversation waits for a document (an upload step on its stack). */
  takesFile(state: ConversationState): boolean;
}

/** A form question: a field of the flow's form step or of the permit's own form. */
interface FormQuestion {
  id: string;
  label: string;
  kind: "text" | "nik" | "phone" | "email" | "date" | "number" | "choice";
  required: boolean;
  min?: number;
  max?: number;
  options?: { id: string; label: string; also?: string[] }[];
  pattern?: string;
  patternReason?: string;
  /** date: earliest / latest answer, `today` or YYYY-MM-DD. */
  notBefore?: string;
  notAfter?: string;
  /** A place shared on a map (a location pin) answers it. */
  pin?: boolean;
  /** What of the applicant it holds (flows' `holds:`, by default the fields `nama` and `alamat`). */
  holds?: "name" | "address";
  /** Where the citizen finds the answer (a permit field's `hint:`), said when they do not know it. */
  hint?: string;
  /** What the question means (a permit field's `about:`), said when the citizen asks what it is or has none yet. */
  about?: string;
  /** A permit field's Indonesian label when `label` is its English one: what the answer checks read ("Nomor …", "Nama …"). */
  writtenLabel?: string;
}

/** The start of a piece of an address sent on its own: "RT 02 RW 03", "Desa Sumberjo", "Kec. Lasem", "Kab. Rembang". */
const ADDRESS_PIECE = /^(?:rt|rw|dusun|dsn|dukuh|dk|desa|ds|kel|kelurahan|kec|kecamatan|kab|kabupaten|kode\s*pos)(?=[\s.:/\d]|$)/i;

type Slots = Record<string, unknown>;
type ChooseOptions = Extract<Step, { type: "choose" }>["options"];
const MAX_HOPS = 60;
/** A permit's score when a name or an alias of it is in the message (understand/index.ts STRENGTH); below, a keyword only ("ruko"). */
const NAMED_SCORE = 3;
/** "isi ulang", "dari awal": something done again. */
const AGAIN = /\b(?:ulang|ulangi|dari awal|isi lagi|start over|again)\b/;
/** "lanjut aja", "terusin": go on (beside a cancel word, the cancel taken back). */
const GOES_ON = /\b(?:lanjut|lanjutkan|lanjutin|terusin|teruskan|diteruskan|dilanjut|dilanjutkan|continue|go on|carry on)\b/;
/** "salah ketik", "typo": something the citizen typed was wrong (not the application's data). */
/** The other of two permits just answered: "yg satunya", "yg satu lagi", "the other one". */
const OTHER_OF_TWO = /\b(?:(?:yang|yg)\s+(?:satunya|satu\s+lagi|satunya\s+lagi|sebelah(?:nya)?)|the other one|the second one)\b/;
const MISTYPED = /\b(?:(?:salah|keliru|slh)\s+(?:ketik|tulis|nulis|input|ngetik)|typo|salket)\b/;
/** What a question choosing between two permits may ask besides (eitherPermit). */
const EITHER_ASPECTS = new Set(["general", "requirements"]);
/** A fact asked of either of two permits ("biaya sppl atau ukl-upl brp?"): each one's. */
const EITHER_FACTS = new Set(["fee", "duration", "validity"]);
/** "sppl atau ukl-upl", "pbg ato slf", "sipa or sipttk", "pbg vs slf". */
const EITHER_WORDS = ["atau", "ato", "atw", "ataw", "or", "vs", "versus"];
const EITHER_WORD = new RegExp(`\\b(?:${EITHER_WORDS.join("|")})\\b`);
/** What may stand between two permits' names offered as a choice ("sppl atau harus ukl-upl", "an SPPL or a UKL-UPL"). */
const EITHER_BETWEEN = EITHER_WORDS.flatMap((w) => ["", "harus ", "perlu ", "cukup ", "cuma ", "hanya ", "a ", "an ", "the ", "just ", "only ", "just a ", "just an ", "yg ", "yang "].map((x) => `${w} ${x}`));
/** Step types that wait for the citizen. */
const QUESTION_STEPS = new Set<Step["type"]>(["ask", "choose", "choose_permit", "form", "uploads", "confirm"]);
/** Asked before a repair word throws away an application being filled in (flows/leave_form.yaml). */
const LEAVE_FLOW = "leave_form";
/** A NIK or phone number (ten digits or more, spaced or not) or an e-mail address in a message. */
const PERSONAL_DATA = /(?<!\d)(?:\d[ .-]?){9,}\d(?!\d)|[\p{L}\d._%+-]+@[\p{L}\d-]+\.[\p{L}\d.-]+/u;
/** The short version of a consent text recorded with an application: the first 12 hex digits of its sha256. */
const textHash = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 12);
const isConsent = (v: unknown): v is { at: string; text: string; lang?: unknown } =>
  typeof v === "object" && v !== null && typeof (v as { at?: unknown }).at === "string" && typeof (v as { text?: unknown }).text === "string";

/** Whether something must be given, asked ("wajib gk?", "harus diisi?"), folded. */
const OPTIONAL_ASKED = /(?<![\p{L}\p{N}])(?:wajib|harus|hrs|mesti|musti|kudu|required|mandatory|compulsory)(?![\p{L}\p{N}])/u;

/** A sum of money as citizens write it ("500rb", "Rp 150.000", "1,5 jt", "200 ribu"), lower case. */
const SUM = String.raw`(?:rp\.?\s*\d[\d.,]*|\d[\d.,]*\s*(?:rb|rebu|ribu|k|jt|juta)(?!\p{L}))`;
/** A sum of money named in a message. */
const SUM_NAMED = new RegExp(String.raw`(?<![\p{L}\p{N}])${SUM}`, "iu");

/** A sum to be paid to someone at the office ("bayar 500rb ke staf nya", "rp 200000 buat petugasnya"), folded. */
const SUM_TO_STAFF = new RegExp(String.raw`(?<![\p{L}\p{N}])${SUM}\s+(?:\S+\s+)?(?:ke|kpd|kepada|sama|sm|ama|buat|utk|untuk|oleh|dari|dr)\s+(?:(?:org|orang|oknum|seseorang)\s+(?:yg|yang)\s+(?:ngaku|mengaku|ngakunya|katanya)\s+)?(?:staf|staff|stafnya|petugas|petugasnya|pegawai|pegawainya|oknum|orang dalam|orang dalem|admin|adminnya)(?![\p{L}\p{N}])`, "u");

/** Filing asked for in so many words ("mau ajukan", "ngajuin", "daftar"), folded. */
const FILING_ASKED = /(?<![\p{L}\p{N}])(?:ajukan|ajuin|ngajuin|ngajukan|mengajukan|diajukan|daftar|daftarin|daftarkan|mendaftar|mendaftarkan)(?![\p{L}\p{N}])/u;

/** Answers a question about the citizen's own personal data (flows/privacy.yaml, `privacy` in flows/patterns.yaml). */
const PRIVACY_FLOW = "privacy";
const STAFF_ONLY_FLOW = "staff_only";
/** How the outcome of an application reaches the citizen (flows/notify.yaml, `notify_asked` in flows/patterns.yaml). */
const NOTIFY_FLOW = "notify";
/**
 * The one value of a kind written in words about it ("eh salah, NIK nya 3317…", "no hp salah
 * 0857 1234 5678"): a NIK's or a phone number's digits, an e-mail address. Undefined for other
 * kinds, or when there is none or more than one.
 */
function valueOfKind(kind: string, text: string): string | undefined {
  // "lantainya salah, cuma 1 lantai kok": the one figure said, for a number question.
  const found = kind === "email" ? text.match(/[^\s@]+@[^\s@]+/g) : kind === "nik" || kind === "phone" ? text.match(/(?<![\p{L}\d])\+?\d[\d .-]{6,}\d(?![\p{L}\d])/gu) : kind === "number" ? text.match(/(?<![\p{L}\d.,])\d+(?:[.,]\d+)?(?![\p{L}\d])/gu) : null;
  return found?.length === 1 ? found[0] : undefined;
}
/** Particles and forms of address after an answer's words ("lumayan lah", "puas kok kak"), folded text. */
const TRAILING_PARTICLES = /(?:\s+(?:lah|sih|deh|dong|kok|nih|ya|yah|kak|ka|min|pak|bu|mas|mbak))+$/;
/**
 * A moment asked, to do something first, said to Loket ("bentar ya min sy tanya dosen dulu", "tunggu
 * ya kak, saya cek dulu"): a wait word, a form of address or "ya", and the citizen or "dulu".
 */
const waitsAMoment = (text: string): boolean => {
  const t = foldText(text);
  // "sebentar sy tanyakan pembimbing dulu judulnya": the citizen and "dulu" say it too.
  return /\b(?:bentar|sebentar|tunggu|sek|sekedap|wait)\b/.test(t) && (/\b(?:ya|yah|min|kak|ka|bu|pak|mas|mbak|admin)\b/.test(t) ? /\b(?:sy|saya|aku|ak|dulu|dl|first)\b/.test(t) : /\b(?:sy|saya|aku|ak)\b/.test(t) && /\b(?:dulu|dl)\b/.test(t));
};
/** A run of digits as a number is typed ("0812 3456-7890", "+62 812…"), not touching a letter ("789O": a number one short). */
const DIGIT_RUN = /(?<![\p{L}\d])\+?\d[\d .-]*\d(?![\p{L}\d])/gu;
/** A size written as length × width ("4 x 6 meter", "3,5x1 m", "2 kali 1 meter"). */
const SIZE_IN_TEXT = /(?<![\p{L}\d])\d+(?:[.,]\d+)?\s*(?:x|×|\*|kali)\s*\d+(?:[.,]\d+)?(?:\s*(?:meter|mtr|m)(?![\p{L}]))?/giu;
/** An apology for replying late ("maaf min baru bales", "mohon maaf baru sempat balas", "sorry for the late reply"). */
/** A call ruled out ("gk bs ditelpon", "tidak usah telpon", "jangan ditelepon"). */
const CALL_RULED_OUT = /\b(?:tidak|tdk|gak|ga|gk|g|nggak|ngga|enggak|ndak|jangan|jgn|gausah|ga usah|gak usah|tidak usah|tdk usah|gk usah)\s+(?:(?:bisa|bs|usah|perlu|mau|dapat)\s+)?(?:di)?(?:telepon|telpon|telp|tlp|tlpn|telfon|call)\w*\b/;
/** "sama dgn alamat ktp", "sesuai alamat rumah", "sama kaya yg tadi": the applicant's address again. */
/** When an application sent now is looked at ("kapan diprosesnya?", "kapan mulai diproses"), folded. */
/** Which permits asked ("izin apa aja yg perlu", "perlu izin apa saja"), not which documents. */
const WHICH_PERMITS = /\b(?:izin|ijin|izinnya|ijinnya|perizinan) apa (?:aja|aj|saja|sj|ajah|wae|mawon|saya)\b/;
const WHEN_PROCESSED = /\bkapan\s+(?:mulai\s+|baru\s+)?(?:di\s?proses|diproses|diprosesnya|diperiksa|dicek|dikerjakan)\b/;
/** A follow-up on a building put up without a PBG: a sanction, or what to do now. */
const BUILT_AGAIN = /\b(?:denda|didenda|sanksi|disanksi|dibongkar|bongkar|gmn|gimana|bagaimana|ngurus|urus|mengurus|caranya)\b/;
/** The fasting month named ("bulan puasa", "ramadhan"), folded. */
const RAMADAN = /\b(?:puasa|ramadan|ramadhan|romadhon|romadon|ramadlan|fasting month)\b/;
/** Words joining two things named side by side ("kartu kuning sm skck"), folded. */
const AND_WORDS = new Set(["sama", "sm", "ama", "dan", "dn", "serta", "plus", "and", "ato", "atau"]);
const SAME_ADDRESS = /^(?:(?:alamatnya|alamat)\s+)?(?:sama|sm|sesuai|seperti|spt|kayak|kaya|idem)\s+(?:(?:dgn|dengan|dg|kaya|kayak|seperti|sama|sm)\s+)?(?:(?:alamat|almt)\s+)?(?:ktp|rumah|di atas|diatas|yg tadi|yang tadi|tadi|sebelumnya|pemohon|rumah saya|rumah sy|ktp saya|ktp sy)(?:\s+(?:saya|sy|kak|min|pak|bu|ya|aja|saja))*$/;
/** What if the time is passed ("kalo lewat dr itu gmn", "kalau telat", "klo lebih dari itu", "kalau molor"). */
const LATE_IF = /\b(?:kalau|kalo|klo|kl|jika|bila|misal|gimana kalau|gmn kalo)\s+(?:(?:sudah|udah|udh|sdh)\s+)?(?:lewat|lebih|telat|terlambat|molor|melebihi|lbh)\b/;
/** A paper said not to be had yet ("blm jadi", "belum keluar", "blm punya"). */
const PAPER_NOT_YET = /\b(?:belum|blm|blom|blum|masih proses|lagi proses|lg proses)\s+(?:jadi|jd|keluar|klr|terbit|selesai|punya|pny|ada|diurus)\b/;
/** The office named ("kantor", "kantornya", "mpp", "dpmptsp"). */
const OFFICE_NAMED = /\b(?:kantor|kantore|kantornya|mpp|dpmptsp|dinas perizinan)\b/;
/** All the documents said to be in one file or sent at once ("semua berkas sudah saya gabung jadi 1 pdf"). */
const ALL_IN_ONE = /\b(?:semua|seluruh|sekalian|all)\b.*\b(?:berkas|dokumen|file|syarat|documents)\b.*\b(?:gabung|digabung|digabungin|gabungin|digabungkan|jadi (?:satu|1)|dalam (?:satu|1)|sekaligus|one file|one pdf|at once)\b/;
/** A scan or a phone photo spoken of at a document ("gk punya scan", "foto pake hp boleh?", "gk punya scanner"). */
const PHOTO_INSTEAD = /\b(?:scan|scanan|scanner|discan|di scan|scen|foto (?:pake|pakai|pk|dr|dari|lewat|lwt) (?:hp|kamera|hape))\b/;
/** Words naming a date beside its figure ("tgl 24", "tanggal 24 desember"). */
const DATE_WORDS = new Set(["tgl", "tanggal", "tang", "date", "the"]);
/** Words of going on with a form left a while ago, and the words around them (resumesForm). */
const RESUME_WORDS = new Set(["lanjut", "lanjutkan", "lanjutin", "melanjutkan", "nglanjutin", "nerusin", "terusin", "meneruskan", "continue", "resume"]);
const RESUMED_BESIDE = new Set(["mau", "pengen", "ingin", "yg", "yang", "kemarin", "kmrn", "kemaren", "kmren", "tadi", "td", "isi", "isian", "isiannya", "ngisi", "mengisi", "lagi", "lg", "form", "formnya", "formulir", "formulirnya", "pendaftaran", "permohonan", "permohonannya", "pengajuan", "pengajuannya", "dong", "ya", "yah", "yuk", "ayo", "sy", "saya", "aku", "the", "my", "application", "i", "want", "to", "lets"]);
const LATE_REPLY = /\b(?:maaf|mohon maaf|mf|maap|sorry|punten|ngapunten|nyuwun sewu)\b.*\b(?:baru|br|nembe|nembeh)\s+(?:bales|balas|bls|blz|jawab|sempat|sempet|buka|liat|lihat|pegang)\b|\bsorry (?:for (?:the )?)?(?:late reply|late response|replying late)\b|\bmaaf (?:telat|lambat) (?:bales|balas|respon)\b/;
/** Asked to explain again ("tlg jelasin lg ya min", "bisa dijelaskan ulang?", "explain that again"). */
const EXPLAIN_AGAIN = /\b(?:jelasin|jelasken|jelaskan|dijelasin|dijelaskan|terangin|terangkan|diterangkan)\s+(?:lagi|lg|ulang|sekali lagi)\b|\bexplain (?:it |that )?again\b/;
/** A clause that takes back what was said before it ("eh hapus aja deh", "tapi mending dihapus"). */
const CHANGE_OF_MIND = /^(?:eh+|loh|lho|tapi|tp|tpi|maksudnya|maksud saya|maksud sy|eh tapi|eh gak jadi|wait|actually)\b/;
/** The clauses after the one that apologises for a late reply ("maaf baru bales, ukurannya 3x1": "ukurannya 3x1"). */
const afterLateReply = (text: string): string | undefined => {
  const m = LATE_REPLY.exec(text.toLowerCase());
  const rest = m ? /^[^,.!;\n]*[,.!;\n]+\s*(\S[\s\S]*)$/u.exec(text.slice(m.index + m[0].length))?.[1] : undefined;
  return rest?.trim() || undefined;
};
/** Words pointing at something sent ("ini ktp saya", "berikut scan KK"). */
const POINTS_AT_FILE = /\b(?:ini|itu|nih|berikut|terlampir|this)\b/i;
/** A message handing over data rather than asking about it: "…: Siti Aminah", a NIK or a phone number in it. */
const GIVES_DATA = /:\s*\S|\d{5,}/;
/** A topic of patterns.yaml office_topics: the shipped ones, or one the office added (answered by topic.<name>). */
type OfficeTopic = string;
/** Words beside a cancel or restart that leave it as said ("batal dulu deh", "sy mau isi ulang dari awal"). */
const CORE_BESIDE: ReadonlySet<string> = new Set(["dulu", "deh", "ya", "sy", "aku", "mau", "ingin", "pengen", "pingin"]);
/** What a cancel says is not done (again), beside it ("gk jadi daftar lg", "batal ngajuin"). */
const UNDONE_BESIDE: ReadonlySet<string> = new Set(["daftar", "mendaftar", "ngajuin", "ajukan", "mengajukan", "lagi", "lg"]);
/** Words that are a cancel once the wish beside it and what is not done are left out ("sy gk jadi daftar lg"). */
const cancelBeside = (words: readonly string[], repairWords: ReadonlyMap<string, string>): boolean => {
  const core = words.filter((w) => !CORE_BESIDE.has(w) && !UNDONE_BESIDE.has(w));
  return core.length > 0 && core.length < words.length && repairWords.get(core.join(" ")) === "cancel";
};
/** A caption that shows the file it comes with ("ini ktp sy", "berikut kk nya"). */
const SHOWS_FILE = /^\s*(?:ini|nih|ni|berikut|niki|iki)\b/i;
/** Words right before a product that leave it out ("tanpa ikan", "gak pake udang", "without fish"). */
const WITHOUT_BEFORE = /\b(?:tanpa|tnp|without|no|bukan|gak pakai|ga pakai|gk pakai|gak pake|ga pake|gk pake|tidak pakai|tidak pake|ndak pakai|non)\s+$/;
/** A dash or dot alone: a form field left empty, as on paper. */
const EMPTY_MARK = /^\s*[-–—.]+\s*$/;
/** A number shaped like a NIK: 16 digits, alone. */
const NIK_SHAPED = /(?<!\d)\d{16}(?!\d)/;
/** A message's sentences (ended by "?", "!" or "."), those with a letter. */
const sentencesOf = (text: string): string[] => text.split(/(?<=[?!.])\s+/).filter((x) => /\p{L}/u.test(x));
/** The runs of digits typed ("3317 0145 0890 0002" one run), each as its digits alone. */
const digitRuns = (text: string): string[] => (text.match(/\d[\d .-]*\d/g) ?? []).map((run) => run.replace(/\D/g, ""));
/** The citizen speaking of themselves: a privacy phrase with one of these is about their data, not a title. */
const FIRST_PERSON = /\b(?:saya|aku|sy|my|me|i)\b/i;
/** "nomor telepon saya", "no telp sy": a phone number spoken of, not a call asked for (patterns.yaml call_back). */
const NUMBER_OF_PHONE = /\b(?:nomor|nomer|no|nmr|nomber|nmor)\s+(?:telepon|telpon|telp|tlp|tlpn|telfon|call)\s+(?:saya|sy|aku|ak)\b/;
/** True when `f` runs `flow` for the same thing: every slot given has the same value in it. */
const isFrameOf = (f: Frame, flow: string, slots: Record<string, unknown>): boolean =>
  f.flow === flow && Object.entries(slots).every(([k, v]) => JSON.stringify(f.slots[k]) === JSON.stringify(v));
/**
 * Flows started from outside that a conversation holds once whatever they are about: a second
 * SKM survey offered while one is still pending (a case closed, then the application done) would
 * ask the citizen again right after they declined or answered the first.
 */
const ONE_AT_A_TIME = new Set<string>(["survey"]);
/**
 * Requests staff start from outside (a correction). One that ends quietly above another of them
 * (two applications waiting for corrections) asks the one beneath again from its start, which
 * names its application: otherwise the citizen's next file would be taken for it unannounced.
 */
const STAFF_REQUESTS = new Set<string>(["correction"]);
/** Words of someone speaking to the office (a complaint at a text question), never of a title or a name. */
const SPEAKING = new Set([
  "saya", "sy", "aku", "aq", "gue", "gw", "kami", "kita", "kok", "tolong", "mohon", "mau", "ingin", "pengen", "komplain", "complain",
  "lapor", "melapor", "mengadu", "min", "kak", "pak", "bu", "mas", "mbak", "banget", "bgt", "sekali", "tadi", "kenapa", "i", "my", "we",
]);
/** A word of renewing ("perpanjang", "perpanjangan", "diperpanjang", "renew", "renewal"). */
const RENEWAL_SAID = /\b(?:mem|di)?perpanjang(?:an|kan|nya)?\b|\brenew(?:al|ing)?\b/;
/** A new permit, not a renewal ("sip baru", "sip dokter baru", "daftar baru", "new sip"). */
const NEW_SAID = /\b(?:sip\w*|slf|izin|ijin|permohonan|pengajuan|daftar)(?:\s+\w+){0,2}?\s+baru\b|\bnew\s+(?:sip|slf|permit|application)\b/;
/** Negated ("belum/tidak/bukan perpanjangan"): the kind is not taken from it. */
const KIND_DENIED = /\b(?:bukan|tidak|tdk|gak|ga|nggak|belum|blm|not)\s+(?:\w+\s+)?(?:(?:mem|di)?perpanjang\w*|baru|renew\w*|new)\b/;

/**
 * The kind of application a message says: "perpanjangan" (a renewal) or "baru" (a new permit),
 * when it says one and only one, not denied.
 */
export function applicationKindSaid(text: string): "baru" | "perpanjangan" | undefined {
  const t = foldText(text);
  if (KIND_DENIED.test(t)) return undefined;
  const renew = RENEWAL_SAID.test(t);
  const fresh = NEW_SAID.test(t);
  return renew === fresh ? undefined : renew ? "perpanjangan" : "baru";
}

/** Intents that mean a new request rather than an answer to a question left pending. */
/** The last clause of a message, an answer drawn from what was said before it: ", jadi (ini) yg ke 3" -> "yg ke 3". */
const DRAWN_ANSWER = /[,.;]\s*(?:jadi|jd|jdi|berarti|brarti|brati|jadinya|so)\s+(?:(?:ini|itu|nya)\s+)?([^,.;]+?)\s*[.!]*$/i;
/** "sisanya", "yg lain": the questions left, beside a word for all of them ("sisanya baik semua"). */
const REST_WORDS = new Set(["sisanya", "sisa", "selebihnya", "lainnya", "yg", "yang", "lain", "the", "rest"]);
/** At a survey's score question, a remark and then the score drawn from it ("gratis kok jd sangat baik"): the score. */
const SCORE_DRAWN = /(?:^|[\s,.;])(?:jadi|jd|jdi|berarti|brarti|jadinya|makanya|so)\s+(?:(?:ya|nilainya|nilai|sy|saya|aku)\s+)?([^,.;]+?)\s*[.!]*$/i;
const NEW_REQUESTS = new Set<string>(["ask", "apply", "check_status", "talk_to_staff", "office_info", "list_permits", "referral", "complaint"]);
/**
 * The dashes other than "-" that a copied or auto-corrected text carries (a PDF receipt, a word
 * processor, a phone keyboard's "--"): en and em dashes, the non-breaking hyphen, the minus sign.
 * Between a letter or digit and a digit they are read as "-", so "RBG–2026–000123" is the number.
 */
const OTHER_DASHES = /(?<=[\p{L}\p{N}])[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D](?=\p{N})/gu;
const withPlainDashes = (text: string): string => text.replace(OTHER_DASHES, "-");
/** One of the conversation's own applications, as the runtime listed them (a status check's choice). */
type OwnApplication = Extract<EffectResult, { type: "own_applications" }>["applications"][number];
/** The most of them offered as buttons (newest first): an older one is typed by its number. */
const OWN_PICKS = 8;
/** A registration number in a message, written as citizens do: "RBG-2026-000123", "rbg 2026 000123", "RBG.2026.000123". */
const REGISTRATION_IN_TEXT = /\b([A-Za-z]{2,8})[-\s./]*(\d{4})[-\s./]*(\d{6})\b/;
/** A whole answer that is a registration number with a short serial, spaced or not: "RBG 2026 123". */
/** Words for "number", "status" or "permit" written before a registration number: not its prefix ("NO 2026-000001", "izin 2026-000001"). */
const SPACED_NUMBER = /^\s*([A-Za-z]{2,8})[-\s./]*(20\d{2})[-\s./]*(\d{1,6})\s*$/;

/** A message that is only a number ("3", "3.", " 12 "): the number. */
function bareNumber(text: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return m ? Number(m[1]) || undefined : undefined;
}

/** The office answer an understood aspect asks for; anything else (none, "general") is the hours. */
function officeAspect(aspect: string | null | undefined): OfficeAspect {
  return aspect === "address" || aspect === "contact" || aspect === "staff" || aspect === "complaints" || aspect === "representation" || aspect === "correction" ? aspect : "hours";
}

/** A mobile number written in a sentence ("0812 3456 7890", "+62 812-3456-7890"): its last four digits. */
function phoneLast4(text: string): string | undefined {
  return /(?:\+?62|\b0)8[\d\s.-]{7,15}\d/.exec(text)?.[0].replace(/\D/g, "").slice(-4);
}

/**
 * Four digits after words saying they are the phone's last ones: "4 angka terakhir 7890", "akhirannya
 * 7890", "buntutnya 7890", "4 angka belakang 7890", Javanese "pungkasanipun 7890", Sundanese
 * "pamungkasna 7890", English "last 4 digits 7890", "the last 4 numbers of my phone are 7890", "it
 * ends with 7890". Read at the digits question and beside a registration number alike.
 */
function cuedLast4(text: string): string | undefined {
  const m =
    /(?:terakhir(?:nya)?|akhiran(?:nya)?|buntut(?:nya)?|belakang(?:nya)?|pungkasan(?:ipun|e)?|pamungkas(?:na)?)\D{0,6}(\d{4})(?![\d.,]*\d|\.\.)/i.exec(text) ??
    /\b(?:last\s+(?:4|four)(?:\s+(?:digits?|numbers?))?|end(?:s|ing)?\s+(?:with|in))\D{0,24}?(\d{4})(?![\d.,]*\d|\.\.)/i.exec(text);
  return m?.[1];
}

/** The system another number comes from: SIMBG's "PBG-337101-15082026-01", OSS's 13-digit NIB, or either named. */
function outsideSystem(text: string): "simbg" | "oss" | undefined {
  return outsideNumber(text) ?? (/\bsimbg\b/i.test(text) ? "simbg" : /\b(?:oss|nib)\b/i.test(text) ? "oss" : undefined);
}

/** The system a number in `text` comes from, by its form alone: SIMBG's "PBG-337101-15082026-01", OSS's 13-digit NIB. */
function outsideNumber(text: string): "simbg" | "oss" | undefined {
  if (/\b[A-Z]{2,4}-\d{6}-\d{8}-\d{1,3}\b/i.test(text)) return "simbg";
  if (/^\D*\b\d{13}\b\D*$/.test(text)) return "oss";
  return undefined;
}

/** The registration number `re` finds (prefix, year, serial) written out with the serial's zeros: "RBG 2026 1" -> "RBG-2026-000001". */
function withSerialZeros(text: string, re: RegExp): string {
  const m = re.exec(text);
  return m ? text.replace(m[0], `${m[1]}-${m[2]}-${m[3]!.padStart(6, "0")}`) : text;
}

/**
 * A registration number and, beside it, the last four digits of the phone number, as citizens
 * write both in one message: "RBG-2026-000123 7890", "status RBG-2026-000123 hp 7890", "… 4 angka
 * terakhir 7890", "… no hp 0812 3456 7890". Four digits count only alone or after such a word,
 * so a year in the sentence is not taken for them.
 */
export function statusParts(typed: string): { number?: string; last4?: string } {
  const text = zerosForOs(typed);
  const m = REGISTRATION_IN_TEXT.exec(text);
  if (!m) return {};
  const number = `${m[1]!.toUpperCase()}-${m[2]}-${m[3]}`;
  const rest = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`;
  const phone = phoneLast4(rest);
  const cued = /\b(?:hp|wa|telp|telepon)\b\D{0,6}(\d{4})(?![\d.,]*\d|\.\.)/i.exec(rest)?.[1] ?? cuedLast4(rest);
  // One group of four digits beside it ("cek status RBG-… 7890 kak"), not a year ("diajukan 2026").
  const groups = rest.match(/\d+/g) ?? [];
  const alone = groups.length === 1 && groups[0]!.length === 4 && !/^(19|20)\d\d$/.test(groups[0]!) && !/\d{4}\s*(?:\.\.|…)/.test(rest) ? groups[0] : undefined;
  const last4 = phone ?? cued ?? alone;
  return last4 ? { number, last4 } : { number };
}

/** Every registration number in a message, in order, each once ("cek RBG-2026-000001 dan RBG-2026-000002"). */
function registrationNumbers(typed: string): string[] {
  const all = zerosForOs(typed).matchAll(new RegExp(REGISTRATION_IN_TEXT.source, "g"));
  return [...new Set([...all].map((m) => `${m[1]!.toUpperCase()}-${m[2]}-${m[3]}`))];
}

/** One step call's working set: the state being changed and what the bot says. */
interface Ctx {
  s: ConversationState;
  m: Messages;
  out: Outbound[];
  call?: Effect;
  /** Set when a question was asked (or an effect called): the run loop stops. */
  waiting: boolean;
  /** Hints the runtime computed for this text (the language model's understanding / answer). */
  hint?: { understanding?: Understanding; answer?: { text: string; sources: string[] }; prefill?: Record<string, string> };
  /** The text is the same as the citizen's message before it, which was taken (a double send): see `failure`. */
  repeated?: boolean;
  /** An answer was refused in this step (`failure`): a copy of this text sent next is not a double send. */
  failed?: boolean;
  /** The citizen's text of this step (a text event's), for what it says beside its request (a renewal). */
  said?: string;
  /** The number of a status check under way when this step began (a request for a person at its digits' question ends it). */
  checking?: string;
  /** The message before asked which permit to apply for (a file sent with no application). */
  applyAsked?: boolean;
  /** The message before declined the consent of this permit's application ("Tidak setuju"). */
  consentDeclined?: string;
  /** The permit whose `not_for` text this message said: remembered with it (talkedAbout), for "trs ngurusnya dmn" next. */
  notFor?: string;
  /** Other agencies' services already answered in this step (several questions): not said again beside the last. */
  referred?: Set<string>;
  /** Which of two permits comes first, said already before several questions' answers (answerFirst). */
  firstSaid?: boolean;
}

/**
 * A word set of patterns.yaml (`announces_question`, `staff_only.pressing`): a message made of one
 * of `words` and nothing but `beside` around it ("maaf mau tanya dulu kak", "urgent bgt min").
 */
function onlyWords(set: { words: readonly string[]; beside: readonly string[] }): (text: string) => boolean {
  const words = new Set(set.words.map(foldText));
  const beside = new Set(set.beside.map(foldText));
  return (text) => {
    const ws = foldedWords(text);
    return ws.some((w) => words.has(w)) && ws.every((w) => words.has(w) || beside.has(w));
  };
}

/**
 * The flow interpreter: a pure step `(state, event) -> { state, replies, call? }`. Flows are
 * data (flows/*.yaml); this file knows step *types*, repair words, digressions and routing,
 * never a permit or a sentence. The runtime performs `call` and steps again with its result.
 */
/** A text's first sentence ("Paling lama 28 hari kerja sejak berkas lengkap (…).", of a longer one). */
function firstSentence(text: string): string {
  const m = /^.+?[.!?](?=\s+\p{Lu}|\s*$)/su.exec(text.trim());
  return (m ? m[0] : text).trim();
}

export function createEngine(deps: EngineDeps): Engine {
  const { flows, knowledge: kb, understander } = deps;
  const patterns = flows.patterns;
  /**
   * The phrase lists' matchers, built at their first message or by `warm()` (just after start-up
   * answers /healthz, and by a reload before its swap), not while the engine is made: ~50 of them.
   */
  const matchers: PhraseMatcher[] = [];
  const phraseMatcher = (entries: readonly string[], opts?: Parameters<typeof lazyPhraseMatcher>[1]): PhraseMatcher => {
    const m = lazyPhraseMatcher(entries, opts);
    matchers.push(m);
    return m;
  };
  const base = deps.messages.get("id")!;
  const language = createLanguageGuess(kb.language, "id", namesOf(kb));
  /** A typed answer to a form's field (a name, an address, a title) says nothing of the citizen's language. */
  const typingAnswer = (s: ConversationState): boolean => Boolean(s.engine.expecting) && !["choice", "confirm", "file"].includes(s.engine.expecting!.kind);
  /** The language to answer `text` in where the conversation is; the current one when messages/<lang>/ is missing. `named`: asked for by name. */
  const languageFor = (s: ConversationState, text: string): { lang: string; named: boolean; requested?: boolean } => {
    const r = language.of(text, s.lang ?? "id", typingAnswer(s));
    return deps.messages.has(r.lang) ? r : { lang: s.lang ?? "id", named: false };
  };
  const uploadLimitMb = (channel: ChannelName): number =>
    Math.max(1, Math.floor(Math.min(deps.uploadLimitBytes ?? 10 * 1048576, deps.channelUploadLimitBytes?.[channel] ?? Infinity) / 1048576));
  const repairWords = new Map<string, keyof typeof patterns.repair>();
  for (const [kind, words] of Object.entries(patterns.repair) as [keyof typeof patterns.repair, string[]][]) {
    for (const w of words) repairWords.set(foldText(w), kind);
  }
  /** The first word of each yes, no or cancel phrase of two to four words, with the phrase's most words. */
  const yesNoPhraseWords = new Map<string, number>();
  for (const [phrase, kind] of repairWords) {
    const n = phrase.split(" ").length;
    if (n < 2 || (kind !== "yes" && kind !== "no" && kind !== "cancel")) continue;
    const first = phrase.split(" ")[0]!;
    yesNoPhraseWords.set(first, Math.min(4, Math.max(n, yesNoPhraseWords.get(first) ?? 0)));
  }
  /** Every word of the repair words and phrases ("usah" of "gak usah"): what a word typed with its last letter again may be. */
  const repairSpelled = new Set([...repairWords.keys()].flatMap((p) => p.split(" ")));
  // repair.human's words and phrases of three letters or more ("cs" alone is too short to find inside a message).
  const humanPhrases = patterns.repair.human.map(foldText).filter((p) => p.length >= 3);
  const commands = new Map<string, string>();
  for (const [flowId, words] of Object.entries(patterns.commands)) for (const w of words) commands.set(foldText(w), flowId);
  /** The first and last words of the commands: a run of a message's words is looked up only from one to the other. */
  const commandFirst = new Set([...commands.keys()].map((c) => c.split(" ")[0]!));
  const commandLast = new Set([...commands.keys()].map((c) => c.split(" ").at(-1)!));
  const questionWords = new Set(patterns.question_words.map(foldText));
  const humanBeside = new Set(patterns.human_beside.map(foldText));
  const followUps = patterns.follow_up.map(foldText).filter(Boolean);
  const readSummaryEdit = createSummaryEditReader({ ...patterns.summary_edit, filler: patterns.filler });
  const splitCorrections = createCorrectionSplitter(patterns.summary_edit);
  const laterWords = patterns.later.map(foldText).filter(Boolean);
  // Phrase lists read at one kind of question (flows/patterns.yaml says what each does).
  const saysNoNumber = phraseMatcher(patterns.no_number, { notBefore: new Set(patterns.no_number_not_before.map(foldText)) });
  const asksNikHelp = phraseMatcher(patterns.nik_help);
  const asksWhichAddress = phraseMatcher(patterns.which_address);
  const asksWhichName = phraseMatcher(patterns.which_name);
  const saysForeigner = phraseMatcher(patterns.foreigner);
  const saysThisNumber = phraseMatcher(patterns.this_number);
  const saysNotThisNumber = phraseMatcher(patterns.not_this_number);
  const asksPrivacy = phraseMatcher(patterns.privacy);
  const asksHowLong = phraseMatcher(patterns.how_long_asked.phrases, { notBefore: new Set(patterns.how_long_asked.not_before.map(foldText)) });
  const asksThatIsAll = phraseAlone(patterns.that_is_all.phrases, patterns.that_is_all.beside);
  matchers.push(asksThatIsAll);
  const saysBothOfTwo = phraseMatcher(patterns.both_of_two);
  const staffOnlyKinds = {
    refund: phraseMatcher(patterns.staff_only.refund),
    change: phraseMatcher(patterns.staff_only.change),
    sent: phraseMatcher(patterns.staff_only.sent),
    urgent: phraseMatcher(patterns.staff_only.urgent),
    /** "urgent bgt", "penting bgt tolong": urgency and nothing else, no question said yet. */
    pressing: onlyWords(patterns.staff_only.pressing),
    withdraw: phraseMatcher(patterns.staff_only.withdraw),
    reissue: phraseMatcher(patterns.staff_only.reissue),
    built: ((done, without) => (text: string) => done(text) && without(text))(phraseMatcher(patterns.staff_only.built.done), phraseMatcher(patterns.staff_only.built.without)),
  };
  /** "nomor wa petugas berapa": a contact asked for, not a person now (patterns.yaml contact_asked). */
  const asksContact = phraseMatcher(patterns.contact_asked);
  /** The office's address asked beside a permit's place (patterns.yaml address_asked). */
  const asksAddress = phraseMatcher(patterns.address_asked);
  const asksStillThere = phraseMatcher(patterns.still_there);
  const asksAnyoneThere = phraseMatcher(patterns.anyone_there);
  const goesBackToBot = phraseMatcher(patterns.back_to_bot);
  const backToBotRest = (text: string): string | undefined => {
    if (!goesBackToBot(text)) return undefined;
    // The part that says it, and everything before it, are the withdrawal; what follows is asked.
    const parts = text.split(/(?<=[,.!?…\n])\s*/);
    for (let i = 0; i < parts.length; i++) if (goesBackToBot(parts[i]!)) return parts.slice(i + 1).join(" ").trim();
    return "";
  };
  const settledOnly = phraseMatcher(patterns.settled);
  /** "bisa telepon saya?": a call asked for, which Loket cannot make (patterns.yaml call_back). */
  const asksCall = phraseMatcher(patterns.call_back);
  const asksIfBot = phraseMatcher(patterns.bot_asked);
  /** "kalau sudah jadi saya ditelepon?": how the outcome is told (patterns.yaml notify_asked), not a call now. */
  const toldWord = phraseMatcher(patterns.notify_asked.told);
  const outcomeWord = phraseMatcher(patterns.notify_asked.outcome);
  const frustrationPhrase = phraseMatcher(patterns.bot_frustration.phrases);
  const botWords = new Set(patterns.bot_frustration.bot.map(foldText));
  const officeWords = new Set(patterns.bot_frustration.staff.map(foldText));
  /** "bot bodoh", "kok ga nyambung sih", "ga ngerti ya?": frustration with Loket itself, not with the office (patterns.yaml bot_frustration). */
  const frustratedWithBot = (text: string): boolean => {
    if (!frustrationPhrase(text)) return false;
    const words = foldedWords(text);
    if (words.some((w) => botWords.has(w))) return true;
    return words.length <= patterns.bot_frustration.max_words && !words.some((w) => officeWords.has(w));
  };
  /** flows/offer_human.yaml's apology before the offer (step `sorry`), if the flow has one. */
  const hasApology = (): boolean => !!flows.byId.get("offer_human")?.steps.some((s) => s.id === "sorry");
  /** "ganti izin lain aja": another permit wanted, none named. */
  const wantsOtherPermit = phraseMatcher(patterns.other_permit);
  /** "sekalian PBG juga": another permit as well as this one, not instead. */
  const wantsAlsoPermit = phraseMatcher(patterns.also_permit);
  const namesData = phraseMatcher(patterns.whose_data.data);
  const namesWho = phraseMatcher(patterns.whose_data.who);
  /** "NIK siapa? saya atau bapak saya?": asked (a "?", "siapa", "atau"), never an answer with digits in it. */
  const asksWhoseData = (text: string): boolean =>
    !/\d{4}/.test(text) && namesData(text) && namesWho(text) && (text.includes("?") || /\b(?:siapa|whose|atau|ato|apa|or)\b/.test(foldText(text)));
  /** "ktp yg mana sih" at "KTP pemohon": which one asked ("yg mana"), of an identity paper this document's name holds. */
  const asksWhichOfDocument = (name: string, text: string): boolean => {
    const folded = foldText(text);
    if (/\d/.test(text) || !/\b(?:yg|yang) mana\b/.test(folded) || !namesData(text)) return false;
    const own = new Set(foldedWords(name));
    return foldedWords(text).some((w) => own.has(w) && namesData(w));
  };
  /** "tadi sampe mana ya": where the form is, not where an application is. */
  const asksWhereWeWere = phraseMatcher(patterns.where_were_we);
  const asksFilledSoFar = phraseMatcher(patterns.filled_so_far);
  /** "min coba liat dong yg udh sy isi apa aja": the answers and documents given so far in this form, then the question again. */
  function filledSoFar(ctx: Ctx, frame: Frame): void {
    ctx.s.engine.failures = 0;
    const given = summary(ctx, frame).filter((it) => (it.key.startsWith("doc:") ? it.value === ctx.m.t("confirm.doc_ok") : frame.slots[it.key] !== undefined));
    say(ctx, given.length ? ctx.m.t("form.so_far", { items: given.map((it) => `• ${it.label}: ${it.value}`).join("\n") }) : ctx.m.t("form.so_far_none"));
    reprompt(ctx);
  }
  const asksToResume = phraseMatcher(patterns.resume);
  const resumePhrases = new Set(patterns.resume.flatMap(expandPhrase));
  /** Only a `resume` phrase, with greetings, filler and softeners around it ("pagi min, lanjut yg kemarin"). */
  const resumesAlone = (text: string): boolean => resumePhrases.has(foldedWords(text).filter((w) => !filler.has(w) && !SOFTENERS.has(w) && !greetingWords.has(w)).join(" "));
  /** patterns.yaml `go_on` alone (filler and softeners aside): "lanjut", "terus gimana?", "what next?". */
  const goOnPhrases = new Set(patterns.go_on.flatMap(expandPhrase));
  const goesOn = (text: string): boolean => goOnPhrases.has(coreWords(text));
  /** go_on's one-word phrases ("lanjut", "lanjutkan"): said beside another yes ("ok lanjut"), the offer to apply is taken. */
  const GO_AHEAD = new Set([...goOnPhrases].filter((p) => !p.includes(" ")));
  /** Go on said with a yes ("ok lanjut", "iya lanjutkan", "oke terus gimana?"): yes words and a word to go on, or a yes before go_on. */
  const yesGoesOn = (text: string): boolean => {
    const said = yesNoWords(text);
    if (said.some((t) => GO_AHEAD.has(t.word)) && said.every((t) => (t.kind === "yes" && !t.pair) || filler.has(t.word) || SOFTENERS.has(t.word))) return true;
    const rest = withoutLeadingYes(text);
    return !!rest && goesOn(rest);
  };
  /** An option's label said with courtesies around it ("udh cukup makasih" for "Sudah cukup"); not a number. */
  function coreChoice(text: string, labelled: { id: string; label: string }[]): string | undefined {
    const core = coreWords(text);
    return core.length >= 3 && core !== foldText(text) && !/\d/.test(core) ? matchChoice(core, labelled) : undefined;
  }
  /** A message's words without filler and softeners ("lanjut aja deh kak": "lanjut"), folded, joined. */
  function coreWords(text: string): string {
    // Remembered by the words' array (foldedWords gives the same one for the same text): a step asks
    // it of one message several times.
    const words = foldedWords(text);
    let core = coreOf.get(words);
    if (core === undefined) coreOf.set(words, (core = words.filter((w) => !filler.has(w) && !SOFTENERS.has(w)).join(" ")));
    return core;
  }
  const coreOf = new WeakMap<readonly string[], string>();
  const asksDocumentForm = phraseMatcher(patterns.document_form);
  const asksDocumentsLeft = phraseMatcher(patterns.documents_left);
  /** "tempat fotokopi yg buka minggu?": a place looked for, not a question about copies of documents (patterns.yaml place_asked). */
  const asksPlace = phraseMatcher(patterns.place_asked);
  /** "perlu dokumen lingkungan apa ya": a document of a kind asked (patterns.yaml kind_document_asked). */
  const asksKindDocument = phraseMatcher(patterns.kind_document_asked);
  /** "ikan asin kering dikemas": a packaged product (patterns.yaml packaged_product). */
  const saysPackaged = phraseMatcher(patterns.packaged_product);
  /** patterns.yaml document_source: a document's source asked ("mintanya ke siapa"), or where it is had ("ngurusnya dmn"). */
  const asksSource = phraseMatcher(patterns.document_source.who);
  const asksSourcePlace = phraseMatcher(patterns.document_source.where);
  /** "sip yg udh jadi diambil di mana?": a "where" about the finished permit (patterns.yaml issued_asked). */
  const asksIssued = phraseMatcher(patterns.issued_asked);
  /** The aspect a permit question is answered on: "where" of the finished permit is how it is issued. */
  /** Whether one of a referral's aliases is among `words` with none of its words in `taken` (an office topic's words). */
  const referralNamedBeside = (id: string | undefined, words: readonly string[], taken: ReadonlySet<string>): boolean => {
    const ref = id ? kb.referrals.find((r) => r.id === id) : undefined;
    const said = ` ${words.join(" ")} `;
    return !!ref && ref.aliases.some((a) => {
      const ws = foldedWords(a);
      return ws.length > 0 && ws.every((w) => !taken.has(w)) && said.includes(` ${ws.join(" ")} `);
    });
  };
  /** "which permits do we need and in what order?", "urutannya gmn?" (patterns.yaml order_asked). */
  const asksOrder = phraseMatcher(patterns.order_asked);
  /** "totalnya brp biayanya semua?", "semua izinnya brp lama sampai bisa buka?" (patterns.yaml all_permits_asked). */
  const asksAllPermits = phraseMatcher(patterns.all_permits_asked);
  /** "bs diurus barengan?": two permits asked of as done at the same time (patterns.yaml together_asked). */
  const saysTogether = phraseMatcher(patterns.together_asked);
  /** "hrs nib dulu baru pirt ya?", "which comes first?": two permits asked of as which first (patterns.yaml first_asked). */
  const asksFirst = phraseMatcher(patterns.first_asked);
  /**
   * Of the permits a message names (outright, or as its surest candidates), one that is a document
   * another requires (its short name or a one-word alias in the document's name: the clinic's "PBG
   * dan SLF bangunan"): the permit requiring it, the document, and the permit it is.
   */
  const requiredOfOther = (u: Understanding): { permit: string; doc: string; other: string } | undefined => {
    const ids = [...new Set([u.permit, u.alsoPermit, ...u.candidates.filter((c) => c.score >= NAMED_SCORE).map((c) => c.permit)].filter((id): id is string => !!id && !!kb.permit(id)))];
    // The permit requiring them may be only hinted by a keyword, when it requires every permit named
    // ("mau buka klinik pratama …, rukonya hrs udh ada pbg slf dulu ya?": the clinic, which requires
    // the PBG and the SLF), and comes first; not the PBG hinted by "gudang" beside "nib dulu ato pkkpr dulu".
    const hinted = u.candidates.filter((c) => c.score >= 2 && !ids.includes(c.permit) && kb.permit(c.permit) && ids.every((b) => requirementThatIs(kb.permit(c.permit)!, kb.permit(b)!))).map((c) => c.permit);
    // The permit at the top of the chain first: the clinic, which requires the PBG and the SLF, not the
    // SLF, which requires the PBG.
    const requiring = [...hinted, ...ids];
    const requiredHere = (a: string) => requiring.some((x) => x !== a && requirementThatIs(kb.permit(x)!, kb.permit(a)!));
    requiring.sort((x, y) => Number(requiredHere(x)) - Number(requiredHere(y)));
    for (const a of requiring) {
      for (const b of ids) {
        const doc = a === b ? undefined : requirementThatIs(kb.permit(a)!, kb.permit(b)!);
        // Every permit named that the document is, in the order its name says them ("PBG dan SLF"; of
        // "Dokumen lingkungan (SPPL / UKL-UPL / AMDAL)", "sppl atau ukl-upl dulu baru pbg?" names two).
        const docWords = ` ${foldedWords(doc?.name ?? "").join(" ")} `;
        const at = (x: string) => docWords.indexOf(` ${foldedWords(shortName(kb.permit(x)!)).join(" ")} `);
        if (doc) return { permit: a, doc: doc.id, other: ids.filter((x) => x !== a && (docNames(doc, kb.permit(x)!) || at(x) >= 0)).sort((x, y) => at(x) - at(y)).join(",") };
      }
    }
    return undefined;
  };
  /** understanding.yaml forward_asked, folded ("ini bener gk"): a message received asked about. */
  const forwardAskedPhrases = (kb.language?.forwardAsked ?? []).map(foldText).filter(Boolean);
  /** Each permit's aliases, folded (permitNamedOutright, rulesOutPermit). */
  const foldedAliases = new Map(kb.permits.map((b) => [b.id, b.aliases.map(foldText).filter(Boolean)]));
  /** Whether a permit's short name or one of its aliases is written in `text` ("nib", "izin usaha"). */
  function permitNamedOutright(id: string, text: string): boolean {
    const p = kb.permit(id);
    const t = ` ${foldText(text)} `;
    return !!p && [foldText(shortName(p)), ...(foldedAliases.get(id) ?? [])].some((a) => a && t.includes(` ${a} `));
  }

  /** A permit's short name and one-word aliases, folded: the words naming it inside a document's name. */
  const nameWords = new Map(kb.permits.map((b) => [b.id, new Set([shortName(b), ...b.aliases].map(foldText).filter((w) => w && !w.includes(" ")))]));
  /** Whether a document's name names permit `b` ("PBG dan SLF bangunan" names the PBG and the SLF). */
  const docNames = (doc: { name: string }, b: Permit): boolean => foldedWords(doc.name).some((w) => nameWords.get(b.id)!.has(w));
  /** The document of `a`'s requirements that is permit `b`. */
  function requirementThatIs(a: Permit, b: Permit): Permit["requirements"][number] | undefined {
    return a.requirements.find((d) => docNames(d, b));
  }
  /**
   * The permits a permit's requirements are (its NIB, KKPR, PBG and SLF for a clinic), in the order
   * of its requirements, and those named beside it ("pbg, sppl sm izin apoteknya"): what "semua
   * izinnya" of it means.
   */
  const permitsBehind = (id: string, named: readonly string[]): { behind: string[]; named: string[] } => {
    const p = kb.permit(id)!;
    // Requirement by requirement; within one ("KKPR, persetujuan lingkungan, PBG/SLF"), in the order named.
    const behind = [...new Set(p.requirements.flatMap((d) => kb.permits.filter((b) => b.id !== id && docNames(d, b)).map((b) => ({ b, at: foldText(d.name).indexOf(foldText(shortName(b))) })).sort((x, y) => x.at - y.at).map((x) => x.b.id)))];
    return { behind, named: [...new Set(named.filter((n) => n !== id && kb.permit(n) && !behind.includes(n)))] };
  };
  /** "ttd basah ato tte?": how the finished permit is signed and handed over (patterns.yaml issued_form). */
  const asksIssuedForm = phraseMatcher(patterns.issued_form);
  const permitAspect = (u: Understanding, text: string): PermitAspect =>
    (u.aspect === "where" && asksIssued(text)) || ((!u.aspect || u.aspect === "where" || u.aspect === "procedure" || u.aspect === "general") && asksIssuedForm(text)) ? "issued" : ((u.aspect as PermitAspect | null) ?? "general");
  const saysSentWrong = phraseMatcher(patterns.sent_wrong);
  /** Survey score questions (patterns `survey`): "eh salah, maksud saya 4", and a remark that is a complaint. */
  const saysCorrects = phraseMatcher(patterns.survey.corrects);
  const saysComplaint = phraseMatcher(patterns.survey.complaint);
  /** "4 semua": one score for all the remaining rating questions. */
  const saysAll = phraseMatcher(patterns.survey.all);
  /** "lagi sibuk", "sibuk mas" alone at a rating question: the citizen is busy (not "petugasnya lagi sibuk"). */
  const onlyBusy = (text: string): boolean => /^(?:(?:lagi|lg|sedang|masih) )?sibuk$/.test(coreWords(text));
  const saysStop = phraseMatcher(patterns.survey.stop, { notBefore: new Set(patterns.survey.stop_not_before.map(foldText)) });
  /** Words around a score ("nilai", "bintang"), longest first so "saya kasih" goes before "kasih". */
  const scoreAround = [...patterns.survey.before, ...patterns.survey.after].map(foldText).filter(Boolean).sort((a, b) => b.length - a.length);
  const scoreOf = patterns.survey.of.map(foldText).filter(Boolean).sort((a, b) => b.length - a.length);
  const statusFollowUps = (["why_rejected", "missing", "what_next", "when"] as const).map((kind) => ({ kind, says: phraseMatcher(patterns.status_follow_up[kind]) }));
  const afterIssuedSaid = phraseMatcher(patterns.after_issued);
  const permitChangesSaid = phraseMatcher(patterns.permit_changes);
  const elsewhereActivities = new Set(patterns.elsewhere.activities.map(foldText));
  const elsewherePlaceWords = new Set(patterns.elsewhere.place_words.map(foldText));
  const elsewhereHome = new Set(patterns.elsewhere.home.map(foldText));
  const elsewherePlaces = new Map(Object.entries(patterns.elsewhere.places).map(([k, v]) => [foldText(k), v]));
  /**
   * The regency a permit's place is in when it is another one (patterns.yaml `elsewhere`): "bangun
   * rumah di cepu" is Kabupaten Blora's. The place word at most three words before the place, this
   * regency not between ("pinggir jalan raya rembang-blora"), an activity in the six words before it.
   */
  function regionElsewhere(text: string): string | undefined {
    const words = foldedWords(text);
    // "di rembang" keeps it here, unless asked as one of two ("ngurusnya di rembang apa di kudus?").
    if (words.some((w, i) => elsewhereHome.has(w) && elsewherePlaceWords.has(words[i - 1] ?? "") && !EITHER_OR.has(words[i + 1] ?? ""))) return undefined;
    for (const [i, w] of words.entries()) {
      const region = elsewherePlaces.get(w);
      if (!region) continue;
      for (let at = i - 1; at >= Math.max(0, i - 4) && !elsewhereHome.has(words[at]!); at--) {
        if (!elsewherePlaceWords.has(words[at]!)) continue;
        if (words.slice(Math.max(0, at - 6), at).some((x) => elsewhereActivities.has(x))) return region;
        break;
      }
    }
    return undefined;
  }
  /** A message read as no permit's, and out of scope or below the confidence threshold: not understood on its own. */
  const notUnderstood = (x: Understanding): boolean => !x.permit && (x.intent === "out_of_scope" || x.confidence < patterns.confidence_threshold);
  /** This conversation's own application talked about days later (patterns.yaml `own_application`). */
  const ownTalk = {
    late: phraseMatcher(patterns.own_application.late),
    sendMore: phraseMatcher(patterns.own_application.send_more),
    issued: phraseMatcher(patterns.own_application.issued),
    visit: phraseMatcher(patterns.own_application.visit),
    about: phraseMatcher(patterns.own_application.about),
    received: phraseMatcher(patterns.own_application.received),
  };
  /** Which own application the words pick (patterns.yaml `own_pick`): by the day it was sent, a day of the month, its order. */
  const ownPick = {
    twoDaysAgo: phraseMatcher(patterns.own_pick.two_days_ago),
    lastWeek: phraseMatcher(patterns.own_pick.last_week),
    lastMonth: phraseMatcher(patterns.own_pick.last_month),
    yesterday: phraseMatcher(patterns.own_pick.yesterday),
    today: phraseMatcher(patterns.own_pick.today),
    date: new Set(patterns.own_pick.date.map(foldText).filter(Boolean)),
    first: phraseMatcher(patterns.own_pick.first),
    last: phraseMatcher(patterns.own_pick.last),
  };
  /** A message that is one privacy phrase and nothing else ("data pribadi", "privacy", as the consent text says to type). */
  const privacyPhrases = new Set(patterns.privacy.flatMap(expandPhrase));
  const greetingWords = new Set(patterns.greeting_words.map(foldText));
  /**
   * "pagi min, mau lanjut yg kemarin", "lanjut isi formnya ya": a word of going on, and around it only
   * greeting words and words of what is resumed.
   */
  const resumesForm = (text: string): boolean => {
    const words = foldedWords(text);
    return words.some((w) => RESUME_WORDS.has(w)) && words.every((w) => RESUME_WORDS.has(w) || RESUMED_BESIDE.has(w) || greetingWords.has(w));
  };
  /** A thanks with an "ok" ("ok makasih", "siap terima kasih bu"): only greeting_words and ok_words. */
  const okCourtesy = (text: string): boolean => foldText(text).split(" ").filter(Boolean).every((w) => greetingWords.has(w) || okWords.has(w));
  const okWords = new Set(patterns.ok_words.map(foldText));
  const ackWords = new Set(patterns.ack_words.map(foldText));
  /** "oh gitu ya pak, siap", "baik bu terima kasih banyak ya": staff's answer acknowledged, nothing asked. */
  const acknowledges = (text: string): boolean => {
    if (looksLikeQuestion(text)) return false;
    const words = foldText(text).split(" ").filter(Boolean);
    return words.length > 0 && words.every((w) => greetingWords.has(w) || okWords.has(w) || ackWords.has(w));
  };
  /** A text without its first clause when that only acknowledges ("oh oke. Jl. Kartini No. 3": "Jl. Kartini No. 3"). */
  const withoutAck = (text: string): string => {
    const m = /^([^,.!\n]+)[,.!\n]+\s*(\S[\s\S]*)$/u.exec(text.trim());
    return m && acknowledges(m[1]!) && /\p{L}/u.test(m[2]!) ? m[2]! : text;
  };
  /** A message that only announces a question ("maaf mau tanya", "boleh nanya dulu?"). */
  const announcesQuestion = onlyWords(patterns.announces_question);
  /** Words sent with a file that are a message of their own: not a repair word, not only the file's label ("ini ktp saya"). */
  const captionIsMessage = (caption: string): boolean => !repairWords.has(foldText(caption)) && !onlyNamesTheFile(caption);
  /** "saya tidak tahu", "kurang tau", "belum tahu": the citizen does not know the answer (patterns.yaml dont_know). */
  const saysDontKnow = phraseMatcher(patterns.dont_know);
  /** patterns.yaml field_help: a question about the form question itself, by kind (the first that matches). */
  const fieldHelpKinds = (["not_yet", "approximate", "acceptable", "where", "what"] as const).map((kind) => ({ kind, says: phraseMatcher(patterns.field_help[kind]) }));
  const labelSkip = new Set(patterns.field_help.label_skip.map(foldText));
  /** How many permits' aliases have each word ("pbg": 1, "sip": 7). */
  const permitAliasWords = new Map<string, number>();
  /** Each permit's own alias words: "bangunan" at the SLF's PBG-number question is no other permit. */
  const ownAliasWords = new Map<string, Set<string>>();
  for (const p of kb.permits) {
    const words = new Set(p.aliases.flatMap((a) => foldedWords(a)));
    ownAliasWords.set(p.id, words);
    for (const w of words) permitAliasWords.set(w, (permitAliasWords.get(w) ?? 0) + 1);
  }
  /**
   * patterns.yaml office_topics: questions about the office and the service that no permit answers
   * (the SKM survey, money asked for, access, facilities, holidays), with the words of each topic's
   * phrases: a word of a permit's aliases among them ("survei" of "izin survei") names no permit there.
   */
  const officePlaceWords = new Set(patterns.office_topic_places.flatMap(expandPhrase).flatMap((p) => p.split(" ")));
  const officeTopics = Object.entries(patterns.office_topics).map(([name, phrases]: [OfficeTopic, readonly string[]]) => ({
    name,
    says: phraseMatcher(phrases),
    words: new Set(phrases.flatMap(expandPhrase).flatMap((p) => p.split(" "))),
  }));
  /** patterns.yaml refused_topics: topics that refuse, warn or check, answered even beside a permit named. */
  const refusedTopics: ReadonlySet<OfficeTopic> = new Set(patterns.refused_topics);
  /** patterns.yaml beside_permit_topics: topics about the service itself, answered even beside a permit named. */
  const besidePermitTopics: ReadonlySet<OfficeTopic> = new Set(patterns.beside_permit_topics);
  const someoneElse = phraseMatcher(patterns.someone_else);
  /** The office topics whose phrases a message says, in patterns.yaml's order: read for every message routed. */
  const topicsSaid = memoize((text: string) => officeTopics.filter((t) => t.says(text)), 2_000);
  /** The words a short question about the question may be made of: its phrases' words, `beside`, filler. */
  const fieldHelpWords = new Set([
    ...(["not_yet", "approximate", "acceptable", "where", "what"] as const).flatMap((k) => patterns.field_help[k].flatMap(expandPhrase).flatMap((p) => p.split(" "))),
    ...patterns.field_help.beside.map(foldText),
    ...patterns.filler.map(foldText),
  ]);
  const saysLater = (text: string): boolean => {
    const t = ` ${foldText(text)} `;
    return !looksLikeQuestion(text) && laterWords.some((w) => t.includes(` ${w} `));
  };
  /** "bentar dulu", "nanti dulu ya min": only a word of later, "dulu" and courtesies (no answer at any question). */
  /** Beside patterns.yaml's filler (which has "kak", "min", "aja", "deh", …). */
  const LATER_BESIDE = new Set(["dulu", "dl", "ya", "yah", "yaa", "ok", "oke", "ka", "admin"]);
  const onlyLater = (text: string): boolean => {
    const words = foldText(text).split(" ").filter(Boolean);
    return words.length > 0 && words.length <= 4 && words.some((w) => laterWords.includes(w)) && words.every((w) => laterWords.includes(w) || LATER_BESIDE.has(w) || filler.has(w));
  };
  const howMuch = new Set(patterns.how_much.map(foldText).filter(Boolean));
  const officeDays = patterns.office_days.map(foldText).filter(Boolean);
  /** Words that may stand beside "how much" or a day: courtesies, follow-up words, an ordinal ("yg 5 brp?"). */
  const besideShort = new Set([...patterns.filler.map(foldText), ...followUps.filter((w) => !w.includes(" ")), "ya", "yg", "yang", "no", "nomor", "nomer", "ke", "jg", "juga", "gimana", "gmn", "bagaimana", "buka", "ga", "gak", "gk", "nggak", "tidak", "apa", "and", "on", "the", "open"]);
  /** A message asking only "how much" ("brp?", "terus brp kak?", "yg 5 brp?"): a permit's fee after its answer. */
  const asksOnlyHowMuch = (text: string): boolean => {
    const rest = foldText(text).split(" ").filter((w) => w && !/^\d{1,2}$/.test(w) && !besideShort.has(w)).join(" ");
    return howMuch.has(rest);
  };
  /** A short message naming a day ("jumat jg?", "sabtu?", "kalo besok buka?"): the office hours after the hours. */
  /** Besides a day, the words of a short follow-up on the hours ("kalo senin jam brp?", "jumat tutup jam brp"). */
  const besideDay = new Set([...besideShort, "jam", "brp", "berapa", "pukul", "tutup", "bsk", "besuk", "what", "time"]);
  const namesOnlyADay = (text: string): boolean => {
    const t = foldText(text);
    const words = t.split(" ").filter(Boolean);
    if (words.length > 5) return false;
    if (officeDays.some((d) => ` ${t} `.includes(` ${d} `)) && words.every((w) => besideDay.has(w) || officeDays.some((d) => d.split(" ").includes(w)))) return true;
    // "kalau tgl 24?" after the hours of the 25th: a date, and nothing but its words beside it.
    return words.every((w) => besideDay.has(w) || DATE_WORDS.has(w) || MONTHS[w] !== undefined || /^\d{1,2}$/.test(w)) && words.some((w) => /^\d{1,2}$/.test(w)) && !!dayAsked(text, today(), kb.office.holidays);
  };
  // Looked up by the message's first words: as many as the longest beginning has.
  const followUpSet = new Set(followUps);
  const followUpWords = Math.max(0, ...followUps.map((w) => w.split(" ").length));
  const isFollowUp = (text: string): boolean => {
    const words = foldedWords(text);
    let t = "";
    for (let n = 0; n < words.length && n < followUpWords; n++) {
      t = n ? `${t} ${words[n]}` : words[n]!;
      if (followUpSet.has(t)) return true;
    }
    return false;
  };
  /**
   * A free-text answer that is a question to Loket, not the answer: it ends with "?" and has a
   * question or asking word ("nomornya nyusul bisa?"), or, for a name, starts with a question
   * word ("apa pilihannya"). A slogan may be a question ("Kapan Lagi Belanja Hemat? Toko Maju").
   */
  const ASKING_WORDS = new Set(["bisa", "boleh", "kah", "ga", "gak", "gk", "nggak", "tidak", "gimana", "gmn"]);
  const asksLoket = (text: string, isName: boolean): boolean => {
    const words = foldText(text).split(" ");
    if (isName && questionWords.has(words[0] ?? "")) return true;
    // "penanggung jawabnya sy sndiri bs kan? sy pny str …": no name has a question mark in it.
    if (isName && /\?/.test(text) && words.length >= 3) return true;
    return /\?\s*$/.test(text) && words.some((w) => questionWords.has(w) || ASKING_WORDS.has(w));
  };
  const looksLikeQuestion = (text: string) => /\?/.test(text) || foldedWords(text).some((w) => questionWords.has(w));
  const filler = new Set(patterns.filler.map(foldText));
  /** patterns.yaml summary_edit.wrong: words saying an answer at the summary is wrong ("salah", "ganti"). */
  const summaryWrong = new Set(patterns.summary_edit.wrong.map(foldText));
  /** The words that may stand beside the last four digits ("7890 kak", "nomornya 7890", "7890."). */
  const beside4 = new Set([...filler, "no", "nomor", "nomornya", "hp", "wa", "nya", "ya", "yg", "yang", "itu", "ini", "adalah"]);
  /** Four digits typed with punctuation or such words around them, and no other digit. */
  const onlyFourDigits = (text: string): string | undefined => {
    const m = /^\D*(\d{4})\D*$/.exec(text);
    return m && foldText(text.replace(m[1]!, " ")).split(" ").every((w) => !w || beside4.has(w)) ? m[1] : undefined;
  };
  /** Courtesies and request words that may stand before or after a command ("tolong hapus data saya", "hapus data saya min", "actually, please delete my data", "oiya sekalian hapus data saya ya min"). */
  const aroundCommand = new Set([...filler, "tolong", "tlg", "tolongin", "mohon", "mhn", "minta", "mintol", "please", "pls", "plis", "aku", "sy", "mau", "ingin", "pengen", "bisa", "bisakah", "ya", "segera", "sekarang", "now", "actually", "anyway", "btw", "sebenarnya", "sebenernya", "ok", "oke", "okay", "mending", "mendingan", "i", "changed", "my", "mind", "berubah", "pikiran", "di", "dari", "sini", "ini", "layanan", "chat", "percakapan", "from", "this", "conversation", "here", "oiya", "oya", "sekalian", "skalian"]);
  const INSIDE_COMMAND = new Set(["aja", "saja", "dong", "deh", "sih", "lah"]);
  /** The flow a message starts directly: a command as the whole message, or with only courtesies around it. */
  const commandIn = (text: string): string | undefined => {
    const folded = foldText(text);
    const whole = commands.get(folded);
    if (whole) return whole;
    // "tolong hapus data sy, takut disalahgunakan": the command, then why (the flow still asks to confirm).
    // Not "hapus data, sy mau isi ulang dari awal" (the form's answers, started again).
    const said = /^([^,.;!?]+)[,.;!?]\s*(\S[\s\S]*)$/.exec(text);
    const clause = said && !AGAIN.test(foldText(said[2]!)) ? said[1] : undefined;
    const found = (clause && commandAmong(clause)) || commandAmong(text);
    if (found) return found;
    // "ok mksh. tlg hapus semua data sy ya min, sy gk jd ngurus": the command as a later clause of
    // its own; "hapus smua data sy termasuk permohonan yg barusan": what it includes after it.
    const clauses = text.split(/[,.;!?]+|\s(?=(?:termasuk|trmsk|including)\s)/i);
    if (clauses.length < 2) return undefined;
    for (let k = 0; k < clauses.length; k++) {
      const command = commandAmong(clauses[k]!);
      if (command && !AGAIN.test(foldText(clauses.slice(k + 1).join(" ")))) return command;
    }
    return undefined;
  };
  const commandAmong = (text: string): string | undefined => {
    // "hapus aja data saya": a softener inside the command is let be.
    const words = foldedWords(text).filter((w) => !INSIDE_COMMAND.has(w));
    for (let i = 0; i < words.length && (i === 0 || aroundCommand.has(words[i - 1]!)); i++) {
      if (!commandFirst.has(words[i]!)) continue;
      for (let j = words.length; j > i && (j === words.length || aroundCommand.has(words[j]!)); j--) {
        if (!commandLast.has(words[j - 1]!)) continue;
        const command = commands.get(words.slice(i, j).join(" "));
        if (command) return command;
      }
    }
    return undefined;
  };
  /** understanding.yaml letter_names: "er" -> r, "be" -> b. */
  const letterNames = new Map(Object.entries(kb.language?.letterNames ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  /**
   * The office's prefix dictated as its letters' names before a year (voice typing: "er be ge 2026
   * 000001"), written as the prefix ("RBG 2026 000001"); anything else as it was.
   */
  const spokenPrefix = (text: string): string =>
    // Most messages have no year in them: no run of letters to look for.
    !/20\d\d/.test(text) ? text : withoutPrefix(text.replace(/((?:\b[a-z]{1,3}\s+){2,8})(?=20\d{2}\b)/gi, (run) => {
      const words = run.trim().split(/\s+/);
      for (let i = 0; i < words.length - 1; i++) {
        const letters = words.slice(i).map((w) => letterNames.get(w.toLowerCase()) ?? (w.length === 1 ? w.toLowerCase() : "?"));
        if (letters.join("") === kb.office.registrationPrefix.toLowerCase()) return `${[...words.slice(0, i), kb.office.registrationPrefix].join(" ")} `;
      }
      return run;
    }));
  /**
   * A number written without its prefix ("cek izin reklame no 2026-000001", "status 2026 000001"):
   * the office's own. A word before it is its prefix unless it is a word for "number" or "status",
   * or a longer word written in small letters ("permohonan 2026-000001"); "rgb 2026 000001" and
   * "SMG 2026 000123" are prefixes (a typo of the office's, another office's).
   */
  const numberWords = new Set(patterns.number_words.map((w) => w.toLowerCase()));
  const withoutPrefix = (text: string): string =>
    text.replace(/(^|[^\w-])(?:([A-Za-z]{2,8})(\s+))?(20\d{2})[-./ ](\d{6})(?![\d-])/g, (all, lead: string, word: string | undefined, space: string | undefined, year: string, serial: string) => {
      const prefix = kb.office.registrationPrefix;
      if (word && !numberWords.has(word.toLowerCase()) && (word === word.toUpperCase() || word.length <= 4)) return all;
      return `${lead}${word ? `${word}${space}` : ""}${prefix}-${year}-${serial}`;
    });
  const shortNumber = new RegExp(`\\b(${kb.office.registrationPrefix.replace(/[^A-Za-z]/g, "")})[-\\s./]*(\\d{4})[-\\s./]+(\\d{1,5})\\b`, "i");
  /**
   * The repair word a message is: the whole message ("batal"), the same with filler around it
   * ("gajadi min", "lewati aja kak"), or a cancel said with its reason after it ("batal aja deh,
   * sy ke kantor langsung"). `extra`: more words that may stand beside it (a question's label:
   * "gk punya email" at the e-mail question).
   */
  type RepairKind = keyof typeof patterns.repair | undefined;
  type YesNoWord = { word: string; kind?: RepairKind; said?: "yes" | "no"; pair: boolean };
  // Read several times a step (each isWord, yesBeforeRemark, cancelRest…): remembered per message
  // when no extra words are ignored.
  const repairKindOf = [false, true].map((freeText) => memoize((text: string) => readRepairKind(text, undefined, freeText), 2_000));
  const repairKind = (text: string, extra?: Set<string>, freeText = false): RepairKind =>
    extra ? readRepairKind(text, extra, freeText) : repairKindOf[freeText ? 1 : 0]!(text);
  function readRepairKind(text: string, extra: Set<string> | undefined, freeText: boolean): RepairKind {
    const folded = foldText(text.replace(/^\//, ""));
    const whole = repairWords.get(folded);
    if (whole) return whole;
    const words = folded.split(" ").filter((w) => !filler.has(w) && !extra?.has(w));
    const kind = words.length ? repairWords.get(words.join(" ")) : undefined;
    if (kind) return kind;
    // "batal dulu deh", "gk jadi dulu ya": a cancel "for now", with a particle; no answer is so.
    // "ulang dari awal ya min": a restart with a particle.
    // "sy mau isi ulang dari awal": who and the wish beside the restart.
    const core = words.filter((w) => !CORE_BESIDE.has(w));
    const coreKind = core.length && core.length < words.length ? repairWords.get(core.join(" ")) : undefined;
    // "sy mau batal", "batal ya": who and the wish beside the cancel.
    if (coreKind === "cancel") return "cancel";
    if (coreKind === "restart" && core.length >= 2) return "restart";
    // "gk jadi daftar lg": the cancel, with what is not done again.
    if (cancelBeside(words, repairWords)) return "cancel";
    // "admin tolong", "mohon cs": a person asked for, said politely.
    const asked = words.filter((w) => !humanBeside.has(w));
    if (asked.length && asked.length < words.length && repairWords.get(asked.join(" ")) === "human") return "human";
    // "batal aja deh, …" / "gak jadi, …": the cancel first, then why. Not as the answer to a
    // free-text question ("Stop! Jangan buang sampah sembarangan" is a billboard's text), unless
    // said with filler ("batal aja deh kak, proposalku blm di acc dosen"): no answer begins so.
    // "mulai dari awal aja ya, ada yang salah": a restart of two words or more, then why, at any
    // question (no name, title or address begins so); "Ulangi, …" alone stays an answer there.
    const head = headClause(text);
    if (head?.kind === "cancel" && (!freeText || head.padded)) return "cancel";
    if (head?.kind === "restart" && head.words >= 2) return "restart";
    // "aduh salah semua, mulai dari awal aja ya 🙏", "waduh nik ku salah… ulang wae dari awal", "pemilik
    // ruko gk ngizinin, gk jadi aja deh": why first, then the restart (two words or more) or the cancel
    // said with filler.
    const tail = tailClause(text);
    if (tail?.kind === "restart" && tail.words >= 2) return "restart";
    if (tail?.kind === "cancel" && tail.padded) return "cancel";
    return undefined;
  }
  /** The last of several clauses says to go on ("eh ga jadi, lanjut aja"; not "…, lanjut ke menu", "…, jangan dilanjut"). */
  const goesOnAtEnd = (text: string): boolean => {
    const last = /[,.!…]+\s*([^,.!…]+?)[\s.!…]*$/u.exec(text)?.[1];
    const f = last ? foldText(last) : "";
    // Not "hapus aja, jangan dilanjut", "iya, ga jadi lanjut".
    return !!last && GOES_ON.test(f) && !/\b(?:menu|jangan|jgn|gak|ga|gk|g|tidak|tdk|nggak|ngga|ndak|not|dont|don t)\b/.test(f);
  };
  /** The clause after the last comma or stop, read as repair words (see headClause). */
  const tailClause = (text: string): { kind: RepairKind; words: number; padded: boolean } | undefined => {
    const said = /^([\s\S]*\p{L}[\s\S]*?)[,.!…]+\s*([^,.!…]+?)[\s.!…]*$/u.exec(text);
    if (!said) return undefined;
    const all = foldText(said[2]!).split(" ").filter(Boolean);
    const words = all.filter((w) => !filler.has(w) && w !== "deh" && w !== "ya");
    // "oh udh masuk toh. yaudah gk jadi daftar lg min": a cancel of what it names (cancelBeside).
    return { kind: repairWords.get(words.join(" ")) ?? (cancelBeside(words, repairWords) ? "cancel" : undefined), words: words.length, padded: words.length < all.length };
  };
  /**
   * The clause before the first comma or stop read as repair words ("batal aja deh, …", "skip aja
   * ya, lagi sibuk"): its kind, its words (filler, "deh" and "ya" aside) and the text after it.
   */
  const headClause = (text: string): { kind: RepairKind; words: number; said: string; rest: string; padded: boolean } | undefined => {
    const said = /^([^,.!…]+)[,.!…]+\s*([\s\S]*)$/.exec(text.replace(/^\//, ""));
    if (!said) return undefined;
    const all = foldText(said[1]!).split(" ").filter(Boolean);
    const words = all.filter((w) => !filler.has(w) && w !== "deh" && w !== "ya");
    return { kind: repairWords.get(words.join(" ")), words: words.length, said: said[1]!, rest: said[2]!.trim(), padded: words.length < all.length };
  };
  /**
   * A plan for later, then thanks ("ok pak nanti sy daftar lwt sini kalo gambarnya udh jadi.
   * makasih banyak pak"): a closing, answered as thanks (its "daftar" and "udh jadi" were read as a
   * status check). Nothing asked: no "?" and no question word. The thanks' understanding, or undefined.
   */
  const CLOSING_THANKS = /\s((?:makasih|makasi|mksh|terima kasih|trima kasih|trims|thanks|thank you|tq|thx|matur nuwun|hatur nuhun)(?:\s+\S+){0,3})\s*$/i;
  const plansThenThanks = memoize((text: string): Understanding | undefined => {
    if (looksLikeQuestion(text)) return undefined;
    // "… kalo udh siap makasih": the thanks at the end without a stop before it is a part too.
    const parts = text.replace(CLOSING_THANKS, ". $1").split(/[.!\n]+|,\s+/).map((p) => p.trim()).filter(Boolean);
    // The plan first (a phrase lookup); the last part is understood only then (route reads every message).
    if (parts.length < 2 || !saysLater(parts.slice(0, -1).join(" "))) return undefined;
    const last = understander.understand(parts[parts.length - 1]!);
    return last.intent === "thanks" && last.confidence >= patterns.confidence_threshold ? last : undefined;
  }, 2_000);
  /** The referrals that say what some permits do not cover (referrals.yaml `instead_of`), their aliases folded. */
  const notCovered = kb.referrals.filter((r) => r.insteadOf?.length).map((r) => ({ id: r.id, permits: new Set(r.insteadOf), aliases: r.aliases.map(foldText).filter(Boolean) }));
  /** understanding.yaml `referral_asked.as_document`: a word before a referral's name that makes it a document to bring ("bawa ktp"), folded. */
  const asDocument = new Set((kb.language?.referralAsked?.asDocument ?? []).flatMap(foldedWords));
  /** Every referral's aliases as folded words (a `*` alias left out), for referralsBeside. */
  const referralWords = kb.referrals.map((r) => ({ id: r.id, agency: r.agency, aliases: r.aliases.filter((a) => !a.includes("*")).map(foldedWords).filter((w) => w.length) }));
  /**
   * Other referrals of other agencies named beside the one understood ("ktp sy ilang, trs mau bikin
   * sim a sm paspor buat umroh"), in the order said; not one named as a document to bring ("bawa ktp").
   */
  function referralsBeside(text: string, first: string): string[] {
    const words = foldedWords(text);
    const firstAgency = kb.referrals.find((r) => r.id === first)?.agency;
    const startsAt = (aliases: readonly (readonly string[])[], i: number) => aliases.find((a) => a.every((w, k) => words[i + k] === w));
    // Papers to bring: a name right after "bawa", and names joined to it ("hrs bawa ktp sama kk": both).
    // A run of them that holds the service asked ("disuruh bawa SKCK sm kartu kuning, bikinnya dmn") is
    // what is asked about, every one of them.
    const brought = new Set<number>();
    for (let i = 1; i < words.length; i++) {
      if (!asDocument.has(words[i - 1]!)) continue;
      const run: number[] = [];
      let asked = false;
      for (let at = i; ; ) {
        const named = referralWords.map((r) => ({ r, alias: startsAt(r.aliases, at) })).find((x) => x.alias);
        if (!named) break;
        run.push(at);
        asked ||= named.r.id === first;
        at += named.alias!.length;
        if (!AND_WORDS.has(words[at] ?? "")) break;
        at++;
      }
      if (!asked) for (const at of run) brought.add(at);
    }
    const found: { id: string; agency: string; at: number }[] = [];
    for (const r of referralWords) {
      if (r.id === first || r.agency === firstAgency) continue;
      let at = -1;
      for (let i = 0; i < words.length && at < 0; i++) {
        if (startsAt(r.aliases, i) && !brought.has(i)) at = i;
      }
      if (at >= 0) found.push({ id: r.id, agency: r.agency, at });
    }
    found.sort((a, b) => a.at - b.at);
    return found.filter((f, i) => found.findIndex((g) => g.agency === f.agency) === i).map((f) => f.id).slice(0, 3);
  }
  /** The `instead_of` referrals one of whose aliases the message's last sentence says: remembered per message. */
  const referralsNamed = memoize((text: string) => {
    // In the sentence asked ("kalau nugget kan harus BPOM ya. nah keripik pisangnya bisa pirt kan?" asks of the chips).
    const sentences = text.split(/[.!?\n]+/).filter((x) => x.trim());
    const t = ` ${foldText(sentences[sentences.length - 1] ?? text)} `;
    return notCovered.filter((x) => x.aliases.some((a) => t.includes(` ${a} `)));
  }, 2_000);
  /**
   * "mau jual nugget ayam frozen, cukup pirt aja ga?": a permit asked about or applied for beside one
   * of the aliases of a referral whose `instead_of` names it (BPOM's processed poultry, SPP-IRT):
   * that referral, which says why the permit does not cover it. Otherwise `u` as it was.
   */
  const coveredElsewhere = (text: string, u: Understanding): Understanding => {
    if (!u.permit || (u.intent !== "ask" && u.intent !== "apply") || !notCovered.length) return u;
    const r = referralsNamed(text).find((x) => x.permits.has(u.permit!));
    return r ? { ...u, intent: "referral", referral: r.id, permit: null, aspect: null, candidates: [], confidence: Math.max(u.confidence, 0.8) } : u;
  };
  /** Only the matter settled ("udah ketemu jawabannya makasih"): short, and asking nothing further. */
  const settled = (text: string) => settledOnly(text) && !looksLikeQuestion(text) && foldText(text).split(" ").length <= 7;
  const cancelRest = (text: string): string | undefined => {
    if (repairKind(text) !== "cancel") return undefined;
    const head = headClause(text);
    const rest = head?.kind === "cancel" ? head.rest : "";
    // "ga jadi, udah ketemu jawabannya": the matter settled, nothing further asked; so is "gk jd deh,
    // nanti aja" (later, nothing asked now).
    return rest && (settled(rest) || onlyLater(rest)) ? "" : rest;
  };
  const isWord = (text: string, kind: keyof typeof patterns.repair, extra?: Set<string>) => repairKind(text, extra) === kind;
  /** The clause before the first comma or stop is that word, filler aside ("skip aja ya, lagi sibuk"). */
  const headIsWord = (text: string, kind: keyof typeof patterns.repair): boolean => headClause(text)?.kind === kind;
  /**
   * A yes or a no, typed any way: a whole yes/no phrase, or only yes/no words and filler
   * ("ya sudah benar semua", "ok kirim"); any no word makes it a no ("tidak setuju", "ga mau").
   */
  const yesOrNo = (text: string): "yes" | "no" | undefined => {
    const words = repairSpelling(text);
    const whole = repairWords.get(foldText(text)) ?? repairWords.get(words.join(" "));
    if (whole === "yes" || whole === "no") return whole;
    // A whole yes or no phrase with filler around it ("gak usah aja kak", "tidak perlu deh").
    const core = words.filter((w) => !filler.has(w) && w !== "deh" && w !== "ya");
    const said = core.length > 1 && core.length < words.length ? repairWords.get(core.join(" ")) : undefined;
    if (said === "yes" || said === "no") return said;
    // "setuju tidak ya?", "boleh gak": a yes word then a no word, asked ("… or not?"): neither.
    if (!/,/.test(text) && core.length === 2 && repairWords.get(core[0]!) === "yes" && repairWords.get(core[1]!) === "no") return undefined;
    // Each word a yes, a no or filler; a yes of several words too ("iya tidak apa apa"), not a no
    // of several beside other words ("tidak usah lanjut": read by the buttons' words).
    let yes = false;
    let no = false;
    for (const t of yesNoWords(text)) {
      if (t.pair && t.kind !== "yes") return undefined;
      if (t.kind === "yes") yes = true;
      else if (t.kind === "no") no = true;
      else if (t.pair || !filler.has(t.word)) return undefined;
    }
    return no ? "no" : yes ? "yes" : undefined;
  };
  /** The applicant's fields as citizens label them in one message ("nama saya …, NIK …, hp …"), in LABELLED's order. */
  const ANSWER_LABEL = /(?<![\p{L}\p{N}])(?:((?:alamat\s+)?e-?mail|surel)|(nama(?:\s+(?:lengkap|saya|sy|aku))?)|(nik(?:\s+(?:saya|sy))?|no\.?\s*ktp|nomor\s+ktp)|((?:no\.?\s*|nomor\s+)?(?:hp|wa|whatsapp|telp|telepon|tlp)(?:\s+(?:saya|sy))?)|(alamat(?:\s+(?:saya|sy|lengkap|rumah))?))(?![\p{L}\p{N}])/giu;
  /** "gk ada", "tidak punya" at the end of a part, before the next label (`none_given`): where it begins. */
  const noneBeforeLabel = phraseAtEnd(patterns.none_given);
  /** A part that is only "gk ada", "tidak punya": no answer. */
  const noneAlone = phraseAlone(patterns.none_given);
  /** Which question each of ANSWER_LABEL's groups answers, by its kind or what it holds, whatever its id. */
  const LABELLED: ((q: FormQuestion) => boolean)[] = [(q) => q.kind === "email", (q) => q.holds === "name", (q) => q.kind === "nik", (q) => q.kind === "phone", (q) => q.holds === "address"];
  /** A date written inside a sentence: "4 januari 2027", "4 jan", "04-01-2027", "2027-01-04". */
  const DATE_IN_TEXT = new RegExp(`(?<![\\p{L}\\d])(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.](?:\\d{4}|\\d{2})|\\d{1,2}\\s+(?:${Object.keys(MONTHS).join("|")})\\.?(?:\\s+\\d{4})?)(?![\\p{L}\\d])`, "giu");
  /** Between the two days of a period: "s/d", "sampai (dengan)", "hingga", a spaced dash. */
  const DATE_RANGE = /^(.+?)\s*(?:\bs\s*[/.]\s*d\b\.?|\bsd\b|\bsampai(?:\s+dengan)?\b|\bhingga\b|\s[-–—]\s|[–—])\s*(.+)$/i;
  /** A complaint said in so many words ("mau komplain", "saya mengadu"), not only a remark that it is slow. */
  const COMPLAINT_SAID = /\b(?:komplain|komplen|complain|complaint|mengadu|ngadu|pengaduan|aduan)\b/;
  /** "eh maaf maksud saya SLF bukan PBG" after PBG's requirements: the same question, of the permit meant. */
  const CORRECTED = /\b(?:maksud (?:saya|sy|aku)|maksudku|maksudnya(?! (?:apa|apaan|gimana|gmn|bagaimana|itu|opo)\b)|ralat|i mean)\b/;
  /** Saying the permit named is the one meant, not asked about: "maksud saya", "salah", "keliru". */
  const MEANT_OTHER = /\b(?:maksud|maksudnya|salah|keliru|ralat|seharusnya|harusnya)\b/;
  /** "… slf bukan pbg", "bukan yg pbg": "bukan" right before a name or alias of the permit (folded). */
  function rulesOutPermit(text: string, id: string): boolean {
    const p = kb.permit(id);
    if (!p) return false;
    const said = ` ${foldText(text)} `;
    return [foldText(p.name), ...(foldedAliases.get(id) ?? [])].filter(Boolean).some((a) => new RegExp(` (?:bukan|bkn|not) (?:(?:yg|yang|the) )?${a.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `).test(said));
  }
  /** "saya mau izin penelitian aja": another permit wanted instead ("aja"/"saja" beside a wish). */
  const WANTED_INSTEAD = /\b(?:mau|ingin|pengen|pingin|pengin)\b.*\b(?:aja|saja|ajalah|sajalah)\b/;
  /** "Done" words: a yes only at the summary, which asks whether the data is right already. */
  const DONE = new Set(["sudah", "udah", "sdh"]);
  /** Wanting to fill something in ("saya isi surveinya sekarang", "mau ngisi survei", "I'll fill in the survey"). */
  /** "bisa diisi skrg?", "boleh isi sekarang?": filling in now, asked as a question. */
  const FILL_NOW = /\b(?:bisa|boleh|bs)\b.*\b(?:isi|diisi|ngisi|mengisi)\b.*\b(?:sekarang|skrg|skg|skrang)\b/;
  const WANTS_TO_FILL = /\b(?:isi|ngisi|mengisi|isiin|mau|ingin|pengen|jadi|fill|take|do)\b/;
  /** Option ids a yes or a no picks in a two-way question (consent, offers, confirmations). */
  const YES_OPTIONS = new Set(["yes", "agree"]);
  /** A word and its root without a verb prefix ("mengisi": isi, "dihapus": hapus), to match a button's words. */
  const wordForms = (w: string): string[] => {
    const out = [w];
    for (const prefix of ["meng", "meny", "mem", "men", "me", "di", "ber"]) if (w.length > prefix.length + 2 && w.startsWith(prefix)) out.push(w.slice(prefix.length));
    return out;
  };
  /** Words that soften a yes or a no and change nothing ("jangan dihapus dulu", "hapus aja deh"). */
  const SOFTENERS = new Set(["dulu", "deh", "ya", "yah", "lah", "kok", "nah", "tolong", "tlg", "mohon"]);
  const NO_OPTIONS = new Set(["no", "decline"]);

  const flow = (id: string): Flow => {
    const f = flows.byId.get(id);
    if (!f) throw new Error(`unknown flow ${id}`);
    return f;
  };
  const stepOf = (frame: Frame): Step | undefined => flow(frame.flow).steps.find((s) => s.id === frame.step);
  const top = (ctx: Ctx): Frame | undefined => ctx.s.engine.stack[ctx.s.engine.stack.length - 1];
  /** A permit by its id as a citizen reading `m` reads it (permitIn): its English texts in English. */
  const permitSaid = (m: Messages, id: string): Permit | undefined => {
    const p = kb.permit(id);
    return p ? permitIn(p, m.lang) : undefined;
  };
  const permitOf = (ctx: Ctx, frame?: Frame): Permit | undefined => {
    const id = (frame?.slots.permit as string | undefined) ?? ctx.s.engine.context.permit;
    const p = id ? kb.permit(id) : undefined;
    // Its questions, documents and facts in the conversation's language where the file has them.
    return p ? permitIn(p, ctx.m.lang) : undefined;
  };

  /** The permit's renewal text in the conversation's language, or that its renewal rule is not known (staff tell). */
  const renewalLine = (ctx: Ctx, frame: Frame): string | undefined => {
    const id = frame.slots.permit as string | undefined;
    const p = id ? kb.permit(id) : undefined;
    if (!p) return undefined;
    return p.renewal ? (ctx.m.lang === "en" && p.renewal.en ? p.renewal.en : p.renewal.text) : ctx.m.t("answers.validity.renewal_unknown");
  };

  // ---- output -------------------------------------------------------------------------------

  /** `{processors}` per language, made once: one line per service outside the office, or nothing. */
  const processorLines = new Map<Messages, string>();
  const processorsIn = (m: Messages): string => {
    let text = processorLines.get(m);
    if (text === undefined) {
      text = (deps.disclosures ?? []).map((d) => `\n${typeof d === "string" ? m.t(d) : m.t(d.key, d.vars)}`).join("");
      processorLines.set(m, text);
    }
    return text;
  };

  /**
   * The office's own numbers in examples ("RBG-2026-000123"), this year's: worked out once an hour,
   * not for every message said (the date in WIB cost ~2% of a web message's CPU).
   */
  let example = { hour: -1, number: "" };
  function exampleNumber(): string {
    const now = (deps.now?.() ?? new Date()).getTime();
    const hour = Math.floor(now / 3_600_000);
    if (hour !== example.hour) example = { hour, number: `${kb.office.registrationPrefix}-${jakartaDate(new Date(now)).slice(0, 4)}-000123` };
    return example.number;
  }

  function vars(ctx: Ctx, frame?: Frame): Record<string, string | number> {
    const v: Record<string, string | number> = { office: kb.office.shortName, registration_prefix: kb.office.registrationPrefix, example_number: exampleNumber() };
    const slots = frame?.slots;
    if (slots) {
      for (const k of Object.keys(slots)) {
        const val = slots[k];
        if (typeof val === "string" || typeof val === "number") v[k] = val;
      }
    }
    v.processors = processorsIn(ctx.m);
    // Where complaints go, as knowledge/office.yaml says it (one place for the clerk to change).
    v.office_complaints = officeIn(kb.office, ctx.m.lang).complaints ?? ctx.m.t("answers.office.contact_staff");
    v.retention_days = deps.retentionDays ?? 365;
    const p = permitOf(ctx, frame);
    if (p) {
      v.permit_name = p.name;
      // A button's short name ("Apply for SIPA"): the first alias, its first letter raised.
      const short = shortName(p);
      v.permit_short = short.charAt(0).toUpperCase() + short.slice(1);
      v.permit_url = p.submission.url ?? "";
      v.permit_duration = p.duration.text;
      v.permit_where = channelName(ctx.m, kb.office, p.submission.channel, addressOn(officeIn(kb.office, ctx.m.lang), today()));
    }
    return v;
  }
  /**
   * `vars` worked out only when a template said has a placeholder, and then once: most of what a
   * step says has none (an answer, a menu's labels), and working them out for every step cost
   * ~10% of a step. Taken before the slots change, as the values were before.
   */
  const lazyVars = (ctx: Ctx, frame?: Frame): (() => Record<string, string | number>) => {
    let v: Record<string, string | number> | undefined;
    return () => (v ??= vars(ctx, frame));
  };
  /** Replies of a conversation in another language say so (a channel's own words follow it). */
  const inLang = (ctx: Ctx, o: Outbound): Outbound => (ctx.s.lang && ctx.s.lang !== "id" ? { ...o, lang: ctx.s.lang } : o);
  const say = (ctx: Ctx, text: string) => ctx.out.push(inLang(ctx, { type: "text", text }));
  /** The category of the part of the list just shown ("which health permits"), none for the whole list. */
  const listedCategory = (ctx: Ctx): string | undefined => (typeof ctx.s.engine.context.listed === "string" ? ctx.s.engine.context.listed : undefined);
  const sayKey = (ctx: Ctx, key: string, frame?: Frame) => say(ctx, ctx.m.t(key, lazyVars(ctx, frame)));

  /** A frame's `ref`: random-looking, from the conversation's start, the time and the frame's place. */
  const newRef = (ctx: Ctx, frame: Frame): string =>
    createHash("sha256").update(`${ctx.s.createdAt}|${(deps.now?.() ?? new Date()).toISOString()}|${ctx.s.engine.stack.indexOf(frame)}|${frame.flow}`).digest("base64url").slice(0, 10);

  function ask(ctx: Ctx, text: string, field: string, kind: ExpectKind, choices?: { id: string; label: string }[], form?: string, scale?: boolean): void {
    const o: Outbound = { type: "text", text, expects: { field, kind, ...(form ? { form } : {}), ...(scale ? { scale: true as const } : {}) } };
    if (choices?.length) o.choices = choices;
    ctx.out.push(inLang(ctx, o));
    ctx.s.engine.expecting = { field, kind, ...(choices?.length ? { choices: choices.map((c) => c.id) } : {}) };
    ctx.waiting = true;
  }

  // ---- flow control -------------------------------------------------------------------------

  function startFlow(ctx: Ctx, id: string, slots: Slots, mode: "replace" | "push" | "reset", at?: string): void {
    const f = flow(id);
    // A new application: the one whose answers were deleted is no longer what "lanjutkan" means.
    if (takesApplication(f)) delete ctx.s.engine.context.dropped;
    const frame: Frame = { flow: id, step: at ?? f.steps[0]!.id, slots: { ...slots, _init: slots }, trail: [] };
    // "mau daftar perpanjangan sip", "daftar sip baru": the kind of application said with the request
    // fills the form's new/renewal question when it comes (applicationKindAt).
    const kind = ctx.said !== undefined ? applicationKindSaid(ctx.said) : undefined;
    if (kind) frame.slots._kind = kind;
    if (mode === "reset") ctx.s.engine.stack = [];
    if (mode === "replace") ctx.s.engine.stack.pop();
    ctx.s.engine.stack.push(frame);
    ctx.s.engine.expecting = undefined;
  }

  function goTo(ctx: Ctx, frame: Frame, target: string | undefined): void {
    const steps = flow(frame.flow).steps;
    if (target === "end") return endFrame(ctx, false);
    const next = target ?? steps[steps.findIndex((s) => s.id === frame.step) + 1]?.id;
    if (!next) return endFrame(ctx, false);
    frame.trail.push(frame.step);
    frame.step = next;
    ctx.s.engine.expecting = undefined;
  }

  function endFrame(ctx: Ctx, quiet: boolean): void {
    const ended = ctx.s.engine.stack.pop();
    ctx.s.engine.expecting = undefined;
    const beneath = top(ctx);
    if (quiet && ended && beneath && STAFF_REQUESTS.has(ended.flow) && STAFF_REQUESTS.has(beneath.flow)) {
      beneath.step = flow(beneath.flow).steps[0]!.id;
      beneath.trail = [];
      return;
    }
    if (quiet || !ctx.s.engine.stack.length) ctx.waiting = true;
  }

  /**
   * A question that steps aside (`free_text: below`, the offer of a person) leaves for whatever
   * is not its own answer: it is taken off, and the question beneath it is made current again
   * without saying it, so the message is handled as that question's answer. False when the top
   * is no such question or nothing is beneath it.
   */
  function stepAside(ctx: Ctx): boolean {
    const frame = top(ctx);
    const step = frame ? stepOf(frame) : undefined;
    if (step?.type !== "choose" || step.free_text !== "below" || ctx.s.engine.stack.length < 2) return false;
    return leaveTop(ctx);
  }

  /**
   * Takes the top frame off and makes the question beneath it current again without saying it
   * (its `expecting` restored), so the next input is handled as that question's. False when
   * nothing is beneath.
   */
  function leaveTop(ctx: Ctx): boolean {
    ctx.s.engine.stack.pop();
    ctx.s.engine.expecting = undefined;
    if (!ctx.s.engine.stack.length) return false;
    run({ ...ctx, out: [], waiting: false });
    return true;
  }

  /** "oh gitu, ya udah setuju": a remark, then a yes as the last clause; nothing before it refuses or asks. */
  function yesAfterRemark(text: string): "yes" | undefined {
    const clauses = text.split(/[,.;!]+/).map((c) => c.trim()).filter(Boolean);
    if (clauses.length < 2 || yesOrNo(clauses[clauses.length - 1]!) !== "yes") return undefined;
    const before = clauses.slice(0, -1).join(" ");
    return looksLikeQuestion(before) || yesNoWords(before).some((t) => t.kind === "no") || saysLater(before) ? undefined : "yes";
  }

  /** A message that is plainly a new request (a status check, a permit question), not an answer. */
  /** "setuju, tapi saya ga punya email": the yes, when what follows has no no-word and is no question. */
  function yesBeforeRemark(text: string): "yes" | undefined {
    const [head, ...rest] = text.split(/,|\btapi\b|\bnamun\b|\bcuma\b|\bhanya saja\b/i);
    if (!rest.length || yesOrNo(head ?? "") !== "yes") return undefined;
    const remark = rest.join(" ");
    // "ga punya email" leaves the yes; "tidak setuju …", "jangan …", "ga mau …" take it back.
    const takesBack = /\b(?:jangan|batal|(?:tidak|tdk|ga|gak|gk|nggak|enggak|ngga|ndak|tak)\s+(?:setuju|mau|bersedia|boleh|izinkan|mengizinkan|jadi))\b/.test(foldText(remark));
    // "gpp, tapi nanti dulu ya saya tanya suami": not now, so no yes.
    return looksLikeQuestion(remark) || takesBack || saysLater(remark) ? undefined : "yes";
  }

  /**
   * While applying for a permit, a question ("NIK itu apa ya?", "biayanya berapa", "email kantor
   * apa?") is answered in passing, not a new request that drops the application; a status check,
   * another permit, a person or a complaint still is.
   */
  function aboutThisPermit(ctx: Ctx, frame: Frame, text: string): boolean {
    if (typeof frame.slots.permit !== "string" || REGISTRATION_IN_TEXT.test(text)) return false;
    const u = ctx.hint?.understanding ?? understander.understand(text, { permit: frame.slots.permit });
    if (u.intent === "ask") return (u.permit ?? frame.slots.permit) === frame.slots.permit;
    return ["office_info", "list_permits", "referral", "thanks", "greeting"].includes(u.intent);
  }

  /** A question `digression` answers with knowledge alone (a permit, the office, a referral, the list of permits). */
  function answeredInPassing(ctx: Ctx, frame: Frame, text: string): boolean {
    const permit = (frame.slots.permit as string | undefined) ?? ctx.s.engine.context.permit;
    const u = ctx.hint?.understanding ?? understander.understand(text, permit ? { permit } : {});
    return u.confidence >= patterns.confidence_threshold && ["ask", "office_info", "referral", "list_permits"].includes(u.intent);
  }

  function clearRequest(ctx: Ctx, text: string, part = false): boolean {
    // `part`: a part of the message, not the message the hint was read from.
    const u = (part ? undefined : ctx.hint?.understanding) ?? understander.understand(text, ctx.s.engine.context.permit ? { permit: ctx.s.engine.context.permit } : {});
    return (u.confidence >= patterns.confidence_threshold && NEW_REQUESTS.has(u.intent)) || REGISTRATION_IN_TEXT.test(text);
  }

  /**
   * A remark about the service ("pelayanannya lama bgt", "petugasnya ramah tapi antrinya lama"):
   * read as a complaint or as thanks, with more than courtesy words, no question, and none of the
   * words that make it a complaint for the complaint channels (patterns `survey.complaint`).
   */
  function remark(ctx: Ctx, text: string): boolean {
    if (looksLikeQuestion(text) || saysComplaint(text) || REGISTRATION_IN_TEXT.test(text)) return false;
    const u = ctx.hint?.understanding ?? understander.understand(text);
    if (u.intent === "complaint") return true;
    return u.intent === "thanks" && foldText(text).split(" ").some((w) => w && !greetingWords.has(w) && !filler.has(w));
  }

  /** "belum punya suratnya", "blm ada pak", "ga punya sertifikat": the document asked is not at hand (not "sudah kirim tapi belum ada balasan"). */
  function lacksDocument(text: string): boolean {
    const folded = foldText(text);
    return /\b(?:belum|blm|blom|blum|ga|gak|nggak|ngga|enggak|tidak|tdk|gk|ndak)\s+(?:punya|pny|punya|ada|memiliki|pegang|megang)\b/.test(folded) && !/\b(?:kirim|dikirim|upload|unggah|balas|balasan|respon|jawab)\b/.test(folded);
  }

  /** "belum bayar pak", "dereng bayar", "blm diurus": short, no digit, something not done or had yet (no question, nothing sent). */
  function notYetHad(text: string): boolean {
    const folded = foldText(text);
    return !/\d/.test(text) && foldedWords(text).length <= 5 && !looksLikeQuestion(text) && /\b(?:belum|blm|blom|blum|dereng|durung|not yet)\b/.test(folded) && !/\b(?:kirim|dikirim|upload|unggah|balas|balasan|respon|jawab|nanti|besok|ntar|tau|tahu|paham|ngerti|mengerti|yakin|pasti|jelas|sure|know)\b/.test(folded);
  }

  /** "belum ada sertifikat tanah", "nomor NIB saya belum punya": a short message, no digit, saying a paper is not at hand. */
  function lacksPaper(text: string): boolean {
    if (/\d/.test(text) || foldedWords(text).length > 10 || !lacksDocument(text)) return false;
    return /\b(?:sertifikat|sertipikat|serifikat|shm|shgb|surat|suratnya|nib|str|imb|pbg|slf|izin|ijin|izinnya|dokumen|dokumennya|berkas|berkasnya|akta|akte|npwp|ktp|kk|sk|ijazah|rekomendasi|bukti)\b/.test(foldText(text));
  }

  /** "makasih min", "sudah cukup": the conversation is being closed, not answered. */
  function saysThanks(ctx: Ctx, text: string): boolean {
    const u = ctx.hint?.understanding ?? understander.understand(text);
    return u.confidence >= patterns.confidence_threshold && (u.intent === "thanks" || u.intent === "greeting");
  }

  /** Enters steps until one asks a question, calls an effect, or the stack empties. */
  function run(ctx: Ctx): void {
    for (let hops = 0; hops < MAX_HOPS && !ctx.waiting; hops++) {
      const frame = top(ctx);
      if (!frame) return;
      const step = stepOf(frame);
      if (!step) {
        endFrame(ctx, false);
        continue;
      }
      enter(ctx, frame, step);
    }
    if (!ctx.waiting) throw new Error("flow did not reach a question within the hop limit");
  }

  /**
   * "nomor STR itu apa?", "no PBG liat dimana?", "STR saya masih proses", "kira2 boleh?" at a
   * permit's form question: which kind of question about the question it is (patterns.yaml
   * field_help), or undefined when the message is something else: an answer, a question about a
   * permit not in the label ("sip perawat itu apa?": a digression), a number ("kira2" is a word).
   * It names the question by a label word, or is short and has nothing else beside its phrase;
   * at a question that takes no free text, a message saying it has none yet or asking about an
   * estimate is about this question whatever it names.
   */
  function fieldHelpAsked(q: FormQuestion, text: string, permitId?: string): FieldHelpKind | undefined {
    if (q.kind === "nik" || q.kind === "phone" || q.kind === "email") return undefined;
    const words = foldedWords(text);
    if (!words.length || words.length > 14) return undefined;
    let kind = fieldHelpKinds.find((k) => k.says(text))?.kind;
    if (!kind) return undefined;
    // A number is an answer ("kira2" is a word), save in asking whether what one has will do, of
    // this question by name ("sy cm pny imb lama thn 2015, itu bs gk?"): below.
    // Only in the sentence that asks: "ukurannya pake meter apa cm? sy ada 2 spanduk beda ukuran" asks.
    // So is "sy ada 3 spanduk beda2 ukurannya, nulisnya gmn min?": the clause that asks ("nulisnya gmn") has no number.
    const asking = text.split(/(?<=[?,;])/).find((c) => fieldHelpKinds.find((k) => k.kind === kind)!.says(c)) ?? text;
    const digits = /\d/.test(asking.replace(/(\p{L})2(?!\p{L}|\d)/gu, "$1"));
    if (digits && kind !== "acceptable") return undefined;
    // "what is STR? where do I find it": what it is, told with where it is written (about: and hint:).
    if (kind === "where" && fieldHelpKinds.find((k) => k.kind === "what")!.says(text)) kind = "what";
    // What the question itself is or where it is written is told only as the knowledge says it.
    if ((kind === "what" || kind === "where" || kind === "acceptable") && !q.about && !q.hint) return undefined;
    const stem = (w: string) => w.replace(/(?<=\p{L}{3})nya$/u, "");
    const label = new Set(foldedWords(q.label).filter((w) => !labelSkip.has(w)));
    const named = words.some((w) => label.has(w) || label.has(stem(w)));
    // Another permit named outside the label's words, by a word of the aliases of one or two
    // permits ("perawat", "imb"; not "izin" or "sip", nor "dulu" of a name): a question about it.
    const own = new Set([...foldedWords(q.label), ...labelSkip, ...fieldHelpWords, ...(ownAliasWords.get(permitId ?? "") ?? [])]);
    if (words.some((w) => !own.has(w) && !own.has(stem(w)) && (permitAliasWords.get(w) ?? 9) <= 2)) return undefined;
    const short = words.length <= 5 && words.every((w) => fieldHelpWords.has(w) || fieldHelpWords.has(stem(w)));
    if (kind === "acceptable") return named && (!digits || text.includes("?")) ? kind : undefined;
    if (named || short) return kind;
    return (kind === "not_yet" || kind === "approximate") && q.kind !== "text" ? kind : undefined;
  }

  /** The answer to fieldHelpAsked's kind: from the field's about:/hint:; the question follows. */
  function fieldHelp(ctx: Ctx, q: FormQuestion, kind: FieldHelpKind): void {
    ctx.s.engine.failures = 0;
    const also = (s: string | undefined) => (s ? `${s} ` : "");
    if (kind === "what" || kind === "acceptable") say(ctx, ctx.m.t("form.field_about", { label: q.label, help: [q.about, q.hint].filter(Boolean).join(" ") }));
    else if (kind === "where") say(ctx, ctx.m.t("form.field_where", { label: q.label, help: (q.hint ?? q.about)! }));
    else if (kind === "not_yet") say(ctx, ctx.m.t("form.field_not_yet", { label: q.label, about: also(q.about) }));
    else say(ctx, ctx.m.t("form.field_approximate", { label: q.label, hint: also(q.hint) }));
    reprompt(ctx);
  }

  /**
   * "KBLI itu apa ya?" at the STR question: a short "what is" question about a term that is not
   * this question's (no word of its label), nor a permit's name, nor the office's topic: the term
   * as written, or undefined. What the term means is said where a form question of another permit
   * is labelled with it and says so (its about:); else that this form does not ask for it.
   */
  function otherTermAsked(q: FormQuestion, text: string, permitId?: string): string | undefined {
    if (q.kind === "nik" || q.kind === "phone" || q.kind === "email") return undefined;
    if (/\d/.test(text) || !fieldHelpKinds.find((k) => k.kind === "what")!.says(text)) return undefined;
    const words = foldedWords(text);
    if (!words.length || words.length > 6) return undefined;
    const label = new Set(foldedWords(q.label).filter((w) => !labelSkip.has(w)));
    const own = ownAliasWords.get(permitId ?? "") ?? new Set<string>();
    const rest = words.filter((w) => !fieldHelpWords.has(w) && !labelSkip.has(w));
    if (!rest.length || rest.length > 3 || rest.some((w) => label.has(w) || own.has(w) || permitAliasWords.has(w))) return undefined;
    // The term as the citizen wrote it ("KBLI", "Amdal"), for the answer.
    const written = text.split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}-]/gu, "")).filter((w) => rest.includes(foldText(w)));
    return written.join(" ") || undefined;
  }

  function otherTerm(ctx: Ctx, q: FormQuestion, term: string): void {
    ctx.s.engine.failures = 0;
    const folded = foldedWords(term);
    // Matched on the label as written (Indonesian); its about: in the conversation's language.
    const elsewhere = kb.permits
      .flatMap((p) => p.form.map((f, i) => ({ f, said: permitIn(p, ctx.m.lang).form[i]! })))
      .find(({ f }) => f.about && folded.every((w) => foldedWords(f.label).includes(w)))?.said;
    if (elsewhere?.about) say(ctx, ctx.m.t("form.field_about", { label: term, help: elsewhere.about }));
    say(ctx, ctx.m.t("form.other_term", { term, label: q.label }));
    reprompt(ctx);
  }

  /** patterns.yaml office_topics: which topic the message asks about, if any (not in the survey itself). */
  function officeTopicAsked(ctx: Ctx, text: string, u?: Understanding): OfficeTopic | undefined {
    // In the survey only at its offer, and only the survey itself asked about ("surveinya wajib gk?");
    // a remark on the service at its questions ("parkirnya sempit") is a remark, not a topic.
    const survey = ctx.s.engine.stack.find((f) => f.flow === "survey");
    const surveyStep = survey && top(ctx) === survey ? stepOf(survey) : undefined;
    const offer = !!survey && !!surveyStep && isSurveyOffer(survey, surveyStep);
    if (survey && !offer) return undefined;
    const said = offer ? topicsSaid(text).filter((t) => t.name === "survey") : topicsSaid(text);
    // A NIK-shaped number beside someone else ("cek nik 3317… itu tetangga sy"): another person's data;
    // not in a form, where a helper may give the NIK of the person applied for.
    if (!said.length && !ctx.s.engine.stack.some((f) => f.flow === "apply") && NIK_SHAPED.test(text) && someoneElse(text) && officeTopics.some((t) => t.name === "others_data")) return "others_data";
    // "katanya ngurus sip hrs bayar 500rb ke staf nya": a sum to be paid to someone at the office,
    // money asked for (its words are the sum's, not a phrase of the list).
    if (!said.length && SUM_TO_STAFF.test(foldText(text)) && officeTopics.some((t) => t.name === "bribe")) return "bribe";
    if (!said.length) return undefined;
    // A clear question of a permit's facts beside a topic's word ("mau bangun musholla, syarat izin
    // bangunannya apa? ada yg khusus utk tempat ibadah?"): the permit's, not the office's prayer room.
    const permitAsked = u?.intent === "ask" && !!u.permit && u.confidence >= 0.9 && !!u.aspect && u.aspect !== "general";
    // "kalau musala kecil juga?" right after PBG's answer: about that permit (`follow_up`), not the office.
    const followUp = !!ctx.s.engine.context.permit && isFollowUp(text);
    const words = foldedWords(text);
    // A permit's alias word counts as a permit named only when the message is read as naming one
    // ("sy kerja di semarang" holds "kerja" of "izin kerja bidan", faintly: no permit named).
    const named = !u || u.candidates.some((c) => c.score >= 1);
    for (const t of said) {
      // Whether one must come in, of a permit named or just answered ("oh berarti gk usah ke kantor
      // ya?" after the NIB): that permit's place answers it.
      // At a document question ("trs sy hrs gmn? hrs ke kantor?" when staff ask for a KTP again): the
      // documents are sent here, the topic's answer.
      if (t.name === "no_visit" && ctx.s.engine.expecting?.kind === "file") return t.name;
      if (t.name === "no_visit" && (u?.permit || ctx.s.engine.context.permit)) continue;
      // "izin penelitian berapa lama prosesnya? Apakah hari libur ikut dihitung?": the permit's time,
      // then what a working day is (factAsked in route); the permit named does not hide it.
      if (t.name === "working_days" && u?.intent === "ask" && u.permit && u.aspect === "duration") return t.name;
      // All but the refusals (money asked for, a fake permit, others' data, a chain message): not
      // when a permit is named ("PBG untuk musala", "izin survei lapangan").
      // "mau bikin posyandu lansia di dusun, izinnya ke dinas mana?": another agency's service named
      // outright, by words that are not the topic's, is what is asked, not the office's help for the
      // elderly ("halal apa haram" stays the religion topic, though "halal" names the halal certificate).
      if (!refusedTopics.has(t.name) && u?.intent === "referral" && u.confidence >= 0.8 && referralNamedBeside(u.referral, words, t.words)) continue;
      if (!refusedTopics.has(t.name) && !besidePermitTopics.has(t.name) && (followUp || (t.name === "facilities" && permitAsked) || (named && words.some((w) => !t.words.has(w) && !officePlaceWords.has(w) && (permitAliasWords.get(w) ?? 9) <= 2)))) continue;
      return t.name;
    }
    return undefined;
  }

  /** The office topics (not the refusals) each asked in a sentence of its own that names no permit, in order. */
  function topicSentences(text: string): OfficeTopic[] {
    const sentences = sentencesOf(text);
    const found: OfficeTopic[] = [];
    if (sentences.length < 2) return found;
    for (const sentence of sentences) {
      const t = topicsSaid(sentence).find((x) => !refusedTopics.has(x.name));
      if (t && !found.includes(t.name) && !understander.understand(sentence).permit) found.push(t.name);
    }
    return found;
  }

  /** The office's address or hours, each asked in a sentence of its own that names no office topic ("kantore wonten pundi? parkir …?"), in order. */
  function officeAskedBeside(text: string): OfficeAspect[] {
    const sentences = sentencesOf(text);
    const asked: OfficeAspect[] = [];
    if (sentences.length < 2) return asked;
    for (const part of sentences) {
      if (topicsSaid(part).length) continue;
      const aspect = addressOrHoursOf(understander.understand(part));
      if (aspect && !asked.includes(aspect)) asked.push(aspect);
    }
    return asked;
  }

  /** The office's address or hours, when a reading asks for either surely. */
  const addressOrHoursOf = (u: Understanding): "address" | "hours" | undefined =>
    u.intent === "office_info" && (u.aspect === "address" || u.aspect === "hours") && u.confidence >= patterns.confidence_threshold ? u.aspect : undefined;

  /**
   * Beside the office's address or hours read from the whole message, the other of the two asked in
   * a part of its own ("alamat kantor *dan* jam bukanya?", one per line, Javanese "… wonten pundi
   * nggih, *lan* bikak jam pinten").
   */
  function officeAlsoAsked(text: string, main: "hours" | "address"): OfficeAspect[] {
    const parts = text.split(/[?\n.!;,]+|\s(?:dan|lan|sama|sm|terus|trus|lalu|and)\s/i).map((x) => x.trim()).filter((x) => /\p{L}/u.test(x));
    if (parts.length < 2) return [];
    const other = main === "hours" ? "address" : "hours";
    return parts.some((part) => {
      const r = understander.understand(part);
      // "kantor ingkang ngurus izin punika wonten pundi": where, of the office named, no permit.
      if (other === "address" && r.intent === "ask" && !r.permit && r.aspect === "where" && OFFICE_NAMED.test(foldText(part))) return true;
      return addressOrHoursOf(r) === other;
    }) ? [other] : [];
  }

  /** answerOffice's options: the conversation's clock, and the day asked (or the message to find it in). */
  function officeOptions(more: { text?: string; day?: DayAsked | undefined; breaks?: boolean; nowAsked?: boolean; queue?: boolean; weekAsked?: boolean; atTime?: string | undefined }): OfficeAnswerOptions {
    return { ...(deps.now ? { now: deps.now } : {}), ...(more.text ? { text: more.text } : {}), ...(more.day ? { day: more.day } : {}), ...(more.breaks ? { breaks: true } : {}), ...(more.nowAsked ? { now_asked: true } : {}), ...(more.queue ? { queue: true } : {}), ...(more.weekAsked ? { week_asked: true } : {}), ...(more.atTime ? { at_time: more.atTime } : {}) };
  }

  /** The office topic's answer (messages topic.<name>, with knowledge/office.yaml's facts); `permit`: the one the message names. */
  function answerTopic(ctx: Ctx, topic: OfficeTopic, text: string, permit?: string | null): void {
    const o = officeIn(kb.office, ctx.m.lang);
    if (topic === "holiday") {
      // Not twice: the hours may have been answered for a sentence of their own just before.
      const hours = answerOffice(kb, ctx.m, "hours", officeOptions({ text }));
      if (!ctx.out.some((x) => x.type === "text" && x.text === hours)) say(ctx, hours);
      // "kan cuti bersama natal": the office's holiday list names no leave day; staff confirm.
      if (/\bcuti bersama\b/.test(foldText(text)) && !kb.office.holidays.some((h) => /cuti bersama/i.test(h.name))) say(ctx, ctx.m.t("topic.holiday_leave_unknown"));
    }
    const facilities = o.facilities ?? ctx.m.t("topic.facilities_missing");
    say(ctx, ctx.m.t(`topic.${topic}`, { address: addressOn(o, today()), facilities, office: kb.office.shortName, mb: uploadLimitMb(ctx.s.channel) }));
    // "izin reklame nya tanggalnya dibikin mundur": the official route of the permit named.
    const p = topic === "forgery" && permit ? kb.permit(permit) : undefined;
    if (p) say(ctx, ctx.m.t("topic.forgery_permit", { name: permitIn(p, ctx.m.lang).name, short: shortName(p) }));
  }

  /**
   * The topics a message is answered with: the one asked, then each refusal said beside it, money
   * last, its offer of a person following ("tanggalnya dibikin mundur … ntr sy kasih uang rokok";
   * "survei itu dmn? … petugas loket minta uang tambahan").
   */
  function topicsToAnswer(topic: OfficeTopic, text: string): OfficeTopic[] {
    const refusals = topicsSaid(text).map((t) => t.name).filter((n) => refusedTopics.has(n) && n !== topic && !(n === "forgery" && topic === "verify"));
    return [topic, ...refusals].sort((a, b) => Number(a === "bribe") - Number(b === "bribe"));
  }

  /**
   * The office topic asked in the middle of something (a form question, a document question): the
   * answer, then the question again; money asked for also gets the complaint's offer of a person.
   */
  function topicInPassing(ctx: Ctx, text: string): boolean {
    const topic = officeTopicAsked(ctx, text);
    if (!topic) return false;
    ctx.s.engine.failures = 0;
    const answered = topicsToAnswer(topic, text);
    for (const t of answered) answerTopic(ctx, t, text);
    if (answered.includes("bribe") && flows.byId.has("complaint")) {
      startFlow(ctx, "complaint", { reason: "complaint" }, "push", "offer");
      run(ctx);
      return true;
    }
    say(ctx, ctx.m.t("digression.resume"));
    reprompt(ctx);
    return true;
  }

  function reprompt(ctx: Ctx): void {
    ctx.waiting = false;
    if (!top(ctx)) startFlow(ctx, "menu", {}, "reset", "menu");
    run(ctx);
  }

  // ---- entering steps -----------------------------------------------------------------------

  function formQuestions(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "form" }>): FormQuestion[] {
    const holds = formHolds(step.fields);
    const qs: FormQuestion[] = step.fields.map((f) => ({
      id: f.id,
      label: ctx.m.t(f.label),
      kind: f.kind,
      required: f.required,
      ...(f.min !== undefined ? { min: f.min } : {}),
      ...(f.max !== undefined ? { max: f.max } : {}),
      ...(f.pattern ? { pattern: f.pattern, patternReason: f.pattern_reason ?? "field.text.pattern" } : {}),
      ...(f.pin ? { pin: true } : {}),
      ...(holds.has(f.id) ? { holds: holds.get(f.id)! } : {}),
    }));
    if (step.permit_fields) {
      const p = permitOf(ctx, frame);
      for (const f of p?.form ?? []) {
        // The label as written in Indonesian keeps deciding what an answer must look like ("Nomor …": digits).
        const written = kb.permit(p!.id)?.form.find((x) => x.id === f.id)?.label;
        qs.push({ ...f, ...(f.options ? { options: f.options } : {}), ...(written && written !== f.label ? { writtenLabel: written } : {}) });
      }
    }
    return qs;
  }

  function requirementsOf(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "uploads" }>): DocumentRequirement[] {
    const all = permitOf(ctx, frame)?.requirements ?? [];
    // A document with `when` is asked for only after the form answer it depends on.
    if (step.from === "permit") return all.filter((r) => requirementApplies(r, frame.slots));
    const wanted = Array.isArray(frame.slots.documents) ? (frame.slots.documents as string[]) : [];
    return wanted.map((id) => all.find((r) => r.id === id) ?? { id, name: id, accept: ["pdf", "jpg", "png"], required: true });
  }

  /** Every document the application asks for now, over all its document steps. */
  const allRequirements = (ctx: Ctx, frame: Frame): DocumentRequirement[] =>
    flow(frame.flow).steps.flatMap((st) => (st.type === "uploads" ? requirementsOf(ctx, frame, st) : []));

  /**
   * An option by its other words (`also`: "sangat puas" for "Sangat baik"): the whole answer, or
   * words found in only one option's. Never by number (those are the buttons').
   */
  function matchAlso(ctx: Ctx, opts: Extract<Step, { type: "choose" }>["options"], text: string): string | undefined {
    const f = foldText(text);
    if (!f || /\d/.test(f)) return undefined;
    const words = alsoWords(ctx, opts).folded;
    // "lumayan lah", "puas kok kak": a particle or an address after the words is not part of them.
    const bare = f.replace(TRAILING_PARTICLES, "");
    const exact = words.find((x) => x.w === f) ?? (bare ? words.find((x) => x.w === bare) : undefined);
    if (exact) return exact.id;
    // "eh lanjut yg tadi aja min": the words without the courtesies around them.
    const core = coreWords(text);
    const cored = core && core !== f ? words.find((x) => x.w === core) : undefined;
    if (cored) return cored.id;
    // "gk dulu min makasih": the words with the courtesies after them cut off (the core also drops
    // "dulu", a softener, and left "gk").
    const said = foldedWords(text);
    let end = said.length;
    while (end > 1 && filler.has(said[end - 1]!)) end--;
    const trimmed = end < said.length ? words.find((x) => x.w === said.slice(0, end).join(" ")) : undefined;
    if (trimmed) return trimmed.id;
    const ids = new Set(words.filter((x) => f.length >= 3 && x.w.includes(f)).map((x) => x.id));
    if (ids.size === 1) return [...ids][0];
    // "jgn dihapus min, sayang udh diisi": the words as the first clause, then why; not when the rest
    // says another option's words ("lanjut, eh hapus aja deh"), nor at a scale (a remark follows a
    // score there, and is kept by scoreThenRemark).
    const head = /^([^,.!…\n]+)[,.!…\n]+\s*(\S[\s\S]*)$/u.exec(text.trim());
    if (!head || opts.some((o) => /^\d+$/.test(o.id))) return undefined;
    const first = matchAlso(ctx, opts, head[1]!);
    if (!first) return undefined;
    const rest = ` ${foldText(head[2]!)} `;
    // Another option's label words too ("hapus" of "Ya, hapus"): a change of mind, not a reason.
    const otherLabels = opts.filter((o) => o.id !== first).flatMap((o) => foldText(ctx.m.t(o.label)).split(" ").filter((w) => w.length >= 4));
    return !words.some((x) => x.id !== first && rest.includes(` ${x.w} `)) && !otherLabels.some((w) => rest.includes(` ${w} `)) ? first : undefined;
  }

  /** Emoji compared without spaces and variation marks ("⭐ ⭐ ⭐" is "⭐⭐⭐"). */
  const bareEmoji = (t: string) => t.replace(/[\s\uFE0F]+/gu, "");
  /**
   * The `also` words of a question's options in one language, folded (for matchAlso) and bare (for
   * matchEmoji), worked out once per options list and language: they are read at every answer.
   */
  const alsoCache = new WeakMap<object, WeakMap<object, { folded: { id: string; w: string }[]; bare: { id: string; w: string }[] }>>();
  function alsoWords(ctx: Ctx, opts: Extract<Step, { type: "choose" }>["options"]) {
    let byLang = alsoCache.get(opts);
    if (!byLang) alsoCache.set(opts, (byLang = new WeakMap()));
    let words = byLang.get(ctx.m);
    if (!words) {
      const said = opts.flatMap((o) => (o.also ? ctx.m.t(o.also).split(",").map((w) => ({ id: o.id, w })) : []));
      words = { folded: said.map((x) => ({ id: x.id, w: foldText(x.w) })).filter((x) => x.w), bare: said.map((x) => ({ id: x.id, w: bareEmoji(x.w) })) };
      byLang.set(ctx.m, words);
    }
    return words;
  }

  /**
   * Options also taken by their emoji (`also` words such as "⭐⭐⭐⭐", "👍"): the message and the
   * word compared without spaces, emoji variation marks and skin tones ("⭐ ⭐ ⭐" is "⭐⭐⭐", typed
   * "👍🏻" is "👍").
   */
  function matchEmoji(ctx: Ctx, opts: Extract<Step, { type: "choose" }>["options"], text: string): string | undefined {
    if (foldText(text)) return undefined;
    const said = bareEmoji(withoutSkinTone(text));
    return said ? alsoWords(ctx, opts).bare.find((x) => x.w === said)?.id : undefined;
  }

  /** A reaction's emoji without its skin tone (👍🏽 is 👍): how a reaction is read, on the offer and on a rating question alike. */
  const withoutSkinTone = (emoji: string): string => emoji.replace(/[\u{1F3FB}-\u{1F3FF}]/gu, "");

  /** A survey's offer: a choice (no rating) in a flow of rating questions, as flows/survey.yaml `intro`. */
  function isSurveyOffer(frame: Frame, step: Step): boolean {
    return step.type === "choose" && !step.scale && flow(frame.flow).steps.some((x) => x.type === "choose" && Boolean(x.scale));
  }

  /**
   * An emoji reaction on the message that asked a rating question of the survey open now (`asked`:
   * its field and the survey's ref). On the question pending: its score when the emoji is one of the
   * scale's words (skm.scale_words: 👎 1, 👍 3, 😍 4, …), else a number 1–4 asked for politely and
   * the question again. On the question answered just before it (the reaction changed, as "eh salah,
   * maksud saya 4" would): that score replaced, the pending question again. False for any other
   * message (an older question, another survey): answered as any reaction is.
   */
  function reactionScore(ctx: Ctx, emoji: string, asked: { field: string; form?: string }): boolean {
    const frame = top(ctx);
    const step = frame && stepOf(frame);
    if (!frame?.ref || asked.form !== frame.ref || step?.type !== "choose") return false;
    // On the survey's offer, pending: an emoji among its options' words (👍 👌: yes) is that answer;
    // any other goes on as any reaction does.
    if (isSurveyOffer(frame, step)) {
      if (asked.field !== (step.field ?? step.id)) return false;
      const id = matchEmoji(ctx, step.options, emoji);
      if (!id) return false;
      ctx.s.engine.failures = 0;
      choose(ctx, frame, step, id);
      return true;
    }
    if (!step.scale) return false;
    const fieldOf = (st: Step | undefined) => (st?.type === "choose" && st.scale ? (st.field ?? st.id) : undefined);
    const prev = flow(frame.flow).steps.find((x) => x.id === frame.trail[frame.trail.length - 1]);
    const target = fieldOf(step) === asked.field ? step : fieldOf(prev) === asked.field ? (prev as Extract<Step, { type: "choose" }>) : undefined;
    if (!target) return false;
    const id = matchEmoji(ctx, target.options, emoji);
    ctx.s.engine.failures = 0;
    if (!id) {
      say(ctx, ctx.m.t("skm.reaction_unclear"));
      reprompt(ctx);
      return true;
    }
    if (target !== step) {
      frame.trail.pop();
      frame.step = target.id;
      ctx.s.engine.expecting = undefined;
    }
    choose(ctx, frame, target, id);
    return true;
  }

  /**
   * A score written with a number: "3", "nilai 3", "4 bintang", "3 dari 4", "4/5" (patterns
   * `survey`): the number, and the scale's top when one was said. Undefined when the message says
   * more than that. `loose` (after "eh salah, maksud saya"): other words are let be, one number is needed.
   */
  function readScore(text: string, loose: boolean): { n: number; of?: number } | undefined {
    const OF = "xofx";
    let t = ` ${foldText(text.replace(/(\d)\s*\/\s*(\d)/g, `$1 ${OF} $2`))} `;
    for (const w of scoreOf) t = t.split(` ${w} `).join(` ${OF} `);
    for (const w of scoreAround) t = t.split(` ${w} `).join(" ");
    const words = t.split(" ").filter((w) => w && !filler.has(w));
    const numbers = words.filter((w) => /^\d+$/.test(w));
    const at = words.findIndex((w) => /^\d+$/.test(w));
    if (at < 0) return undefined;
    const of = words[at + 1] === OF && /^\d+$/.test(words[at + 2] ?? "") ? Number(words[at + 2]) : undefined;
    if (numbers.length !== (of === undefined ? 1 : 2)) return undefined;
    if (!loose && words.length !== (of === undefined ? 1 : 3)) return undefined;
    return { n: Number(words[at]), ...(of !== undefined ? { of } : {}) };
  }

  /** "sisanya baik semua": the score of the scale word said beside the words for all and the rest, none else. */
  function scaleWordForAll(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "choose" }>, text: string): { n: number } | undefined {
    if (!step.scale || /\d/.test(text) || looksLikeQuestion(text)) return undefined;
    const allWords = new Set(patterns.survey.all.map(foldText));
    const rest = foldText(text).split(" ").filter((w) => w && !allWords.has(w) && !REST_WORDS.has(w)).join(" ");
    const opts = optionsOf(ctx, frame, step);
    const id = rest ? scoreIn(ctx, opts, rest) : undefined;
    const o = id ? opts.find((x) => x.id === id) : undefined;
    return o ? { n: Number(o.value ?? o.id) } : undefined;
  }

  /**
   * Two neighbouring points in one answer: "3,5", "3.5", "3½", "3 setengah", "3 and a half" (a half
   * between n and n+1), "3-4", "3 atau 4", "antara 3 dan 4", "between 3 and 4". Undefined otherwise
   * ("3, 4" with a space is two scores; "3/4" is three out of four).
   */
  function betweenScores(text: string): [number, number] | undefined {
    const t = text.toLowerCase().replace(/\s+/g, " ").replace(/[\s.!?🙏]+$/u, "").trim();
    const half = /^(?:antara |between )?(\d)(?:[.,]5| ?½| setengah| koma lima| and a half| point five)$/.exec(t);
    if (half) return [Number(half[1]), Number(half[1]) + 1];
    const two = /^(?:antara |between )?(\d) ?(?:-|–|atau|or|dan|and|sampai|s\/d|ke) ?(\d)$/.exec(t);
    if (!two) return undefined;
    const [a, b] = [Number(two[1]), Number(two[2])].sort((x, y) => x - y) as [number, number];
    return b - a === 1 ? [a, b] : undefined;
  }

  /**
   * A number at a rating question (`scale`): its point; one off the scale ("8 dari 10", "5") is
   * explained and the question asked again. "eh salah, maksud saya 4" changes the previous
   * question's score when that was a rating too, and the question comes again. False when the
   * message is no score.
   */
  function scoreAnswer(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "choose" }>, text: string): boolean {
    if (!step.scale) return false;
    // Stars only ("⭐⭐⭐⭐⭐", a shop rating): as many points; five are off the scale, not unknown.
    const stars = /^(?:[⭐★🌟]\uFE0F?\s*)+$/u.test(text.trim()) ? [...text.matchAll(/[⭐★🌟]/gu)].length : 0;
    // "sisanya baik semua": a scale word for this question and every rating after it.
    const allWord = !/\d/.test(text) && !stars && saysAll(text) ? scaleWordForAll(ctx, frame, step, text) : undefined;
    if (!/\d/.test(text) && !stars && !allWord) return false;
    const pointOf = (st: Extract<Step, { type: "choose" }>, s: { n: number; of?: number }) => {
      const points = optionsOf(ctx, frame, st).map((o) => ({ id: o.id, v: Number(o.value ?? o.id) }));
      const top = Math.max(...points.map((p) => p.v));
      return s.of !== undefined && s.of !== top ? undefined : points.find((p) => p.v === s.n)?.id;
    };
    const offScale = (st: Extract<Step, { type: "choose" }>) => {
      ctx.s.engine.failures = 0;
      say(ctx, ctx.m.t(st.scale!.out_of_range));
      reprompt(ctx);
      return true;
    };
    if (saysCorrects(text)) {
      const s = readScore(text, true);
      const prev = flow(frame.flow).steps.find((x) => x.id === frame.trail[frame.trail.length - 1]);
      if (s && prev?.type === "choose" && prev.scale) {
        frame.trail.pop();
        frame.step = prev.id;
        ctx.s.engine.expecting = undefined;
        const id = pointOf(prev, s);
        if (!id) return offScale(prev);
        choose(ctx, frame, prev, id);
        return true;
      }
    }
    // "3,5", "3½", "antara 3 dan 4": between two points of the scale. Which one is asked, with both
    // labels (was "pick one of the options above"; "3,5" was read as two scores).
    const pair = betweenScores(text);
    if (pair) {
      const points = optionsOf(ctx, frame, step);
      const [lo, hi] = pair.map((n) => points.find((o) => Number(o.value ?? o.id) === n)).map((o) => o && ctx.m.t(o.label));
      if (!lo || !hi) return offScale(step);
      ctx.s.engine.failures = 0;
      say(ctx, ctx.m.t("skm.between", { low: pair[0], low_label: lo, high: pair[1], high_label: hi }));
      reprompt(ctx);
      return true;
    }
    // "4 4 3 3 4 4 3 4 4": a score for this question and each rating question after it, in order,
    // when there are as many as are left (else said so, nothing taken).
    const several = /^\s*\d(?:\s*[\s,;]\s*\d)+\s*[.!]?\s*$/.test(text) ? (text.match(/\d/g) ?? []).map(Number) : undefined;
    if (several) {
      const steps = flow(frame.flow).steps;
      const after = (st: Step): string | undefined => (st.type === "choose" ? st.next : undefined) ?? steps[steps.findIndex((x) => x.id === st.id) + 1]?.id;
      const left: Extract<Step, { type: "choose" }>[] = [];
      for (let st: Step | undefined = step; st?.type === "choose" && st.scale; ) {
        left.push(st);
        const next = after(st);
        st = next && next !== "end" ? steps.find((x) => x.id === next) : undefined;
      }
      ctx.s.engine.failures = 0;
      if (several.length !== left.length) {
        say(ctx, ctx.m.t("skm.several", { given: several.length, left: left.length }));
        reprompt(ctx);
        return true;
      }
      const ids = left.map((st, i) => pointOf(st, { n: several[i]! }));
      if (ids.some((id) => !id)) return offScale(step);
      left.forEach((st, i) => {
        const o = st.options.find((x) => x.id === ids[i])!;
        if (st.field) frame.slots[st.field] = o.value ?? o.id;
        frame.trail.push(frame.step);
        const next = o.next ?? after(st);
        if (next && next !== "end") frame.step = next;
      });
      ctx.s.engine.expecting = undefined;
      run(ctx);
      return true;
    }
    // "4 semua", "semuanya sangat baik 4": one score for this question and every rating after it.
    const all = !stars && saysAll(text) ? readScore(text, true) ?? allWord : undefined;
    if (all) {
      const id = pointOf(step, all);
      if (!id) return offScale(step);
      const steps = flow(frame.flow).steps;
      ctx.s.engine.failures = 0;
      for (let st = stepOf(frame); st?.type === "choose" && st.scale; st = stepOf(frame)) {
        const o = st.options.find((x) => x.id === id);
        if (!o) break;
        if (st.field) frame.slots[st.field] = o.value ?? o.id;
        frame.trail.push(frame.step);
        const next = o.next ?? st.next ?? steps[steps.findIndex((x) => x.id === frame.step) + 1]?.id;
        if (!next || next === "end") break;
        frame.step = next;
      }
      ctx.s.engine.expecting = undefined;
      run(ctx);
      return true;
    }
    const s = stars ? { n: stars } : readScore(text, false);
    if (!s) return false;
    const id = pointOf(step, s);
    if (!id) return offScale(step);
    choose(ctx, frame, step, id);
    return true;
  }

  /**
   * "kurang, antri lama", "3 - petugasnya ramah", "👍, tp antri lama": a score (a number, a scale word or
   * emoji) as the first clause and a remark after it. The score's option; the caller thanks the
   * remark. Undefined when the rest asks, complains to the channels, requests something, or holds
   * a figure ("3, 4", "3,5 lah"): those are read as before ("antri lama" was read as a processing-time
   * question and the rating asked again).
   */
  function scoreThenRemark(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "choose" }>, text: string): string | undefined {
    if (!step.scale || text.includes("?")) return undefined;
    const opts = optionsOf(ctx, frame, step);
    // "gratis kok jd sangat baik", "antri lama, jadi kurang": a remark, then the score drawn from it.
    const drawn = SCORE_DRAWN.exec(text)?.[1];
    const fromDrawn = drawn ? scoreIn(ctx, opts, drawn) : undefined;
    if (fromDrawn) return fromDrawn;
    // The remark after a comma, a dash, or a word giving why ("nilai 2 krn antrinya lama bgt").
    const parts = /^\s*([^,;.!]+?)\s*(?:[,;.!]+|\s[-–]\s|\s(?=(?:karena|krn|karna|soalnya|sebab|tapi|tp|tpi|cuma|cuman|cm)\s))\s*(\S.*?)\s*$/su.exec(text);
    if (!parts) return undefined;
    const [head, rest] = [parts[1]!, parts[2]!];
    // "3,5 lah", "3, 4": a figure after the comma is part of the score; after a word ("kurang, nunggu
    // 3 minggu") it is part of the remark.
    const scoreHead = readScore(head, false);
    if (!/\p{L}/u.test(rest) || /^\d/.test(rest) || (scoreHead && /\d/.test(rest)) || looksLikeQuestion(rest) || saysComplaint(rest) || REGISTRATION_IN_TEXT.test(rest)) return undefined;
    // Read alone, not about the permit talked of: "antri lama" is said of the visit, not a question
    // on the permit's time; a grumble ("antri lama bgt") is the remark itself.
    const u = understander.understand(rest);
    if (u.confidence >= patterns.confidence_threshold && NEW_REQUESTS.has(u.intent) && u.intent !== "complaint" && (u.intent !== "ask" || u.permit)) return undefined;
    return scoreIn(ctx, opts, head, scoreHead);
  }

  /** A score said alone in `head` (a number, the option's label, one of its words, an emoji): its option. */
  function scoreIn(ctx: Ctx, opts: Extract<Step, { type: "choose" }>["options"], head: string, score = readScore(head, false)): string | undefined {
    const s = score;
    if (s) return s.of === undefined ? opts.find((o) => Number(o.value ?? o.id) === s.n)?.id : undefined;
    // "baik, cuma antrinya agak lama", "sangat baik. makasih": the option's own label; not a no
    // ("tidak, lagi sibuk" stops the survey, below).
    const byLabel = yesOrNo(head) ? undefined : matchChoice(head, opts.map((o) => ({ id: o.id, label: ctx.m.t(o.label) })));
    if (byLabel) return byLabel;
    // The head one of the scale's words as a whole ("tidak, lagi sibuk" is no score: "tidak" is only part of "tidak puas").
    const f = foldText(head).replace(TRAILING_PARTICLES, "");
    return f ? alsoWords(ctx, opts).folded.find((x) => x.w === f)?.id : matchEmoji(ctx, opts, head);
  }

  /**
   * The one option whose label has a word of the message that no other label has ("lanjut" in
   * "Tidak, lanjut mengisi", "hapus" in "Ya, hapus isian"), when every such word points at it.
   */
  function ownWordOption(ctx: Ctx, frame: Frame, opts: Extract<Step, { type: "choose" }>["options"], text: string, said: "yes" | "no"): string | undefined {
    const v = lazyVars(ctx, frame);
    const labels = opts.map((o) => ({ id: o.id, words: new Set(foldText(ctx.m.t(o.label, v)).split(" ")) }));
    const ids = new Set<string>();
    for (const w of foldText(text).split(" ")) {
      // A word of the other kind inside what was said ("tidak" of "tidak keberatan, saya setuju") picks nothing.
      if (w.length < 3 || filler.has(w) || repairWords.get(w) === (said === "yes" ? "no" : "yes")) continue;
      const having = labels.filter((l) => l.words.has(w));
      if (having.length === 1) ids.add(having[0]!.id);
    }
    return ids.size === 1 ? [...ids][0] : undefined;
  }

  /**
   * A two-way question answered in the words of one of its buttons, with a yes or a no beside them
   * ("iya hapus aja" under "Ya, hapus data saya"; "iya, lanjut isi aja" under "Tidak, lanjut
   * mengisi"; "ya hubungkan" under "Ya, hubungkan ke petugas"): that button, when every word is a
   * yes or no word, filler, or a word of that one button's label ("dihapus" as "hapus", "isi" as
   * "mengisi"). A no before the yes button's words turns it down ("jangan hapus", "ga usah dihapus
   * kak", "gak jadi hapus"): the no button. A yes and a no both ("setuju tidak ya"): none. Read on
   * the first clause alone when the whole message says more ("jangan dihapus, saya lanjut"), else
   * on the last ("ga usah lanjut, sampaikan ke petugas aja"). Anything else ("ya tapi jangan dihapus
   * dulu"): none.
   */
  function ownWordsChoice(ctx: Ctx, frame: Frame, opts: Extract<Step, { type: "choose" }>["options"], text: string): string | undefined {
    if (opts.filter((o) => YES_OPTIONS.has(o.id)).length !== 1 || opts.filter((o) => NO_OPTIONS.has(o.id)).length !== 1) return undefined;
    const forms = wordForms;
    const labels = buttonWords(ctx, frame, opts);
    // "iya gpp hapus aja yg bidan, sy mau yg perawat" at "Hapus isian permohonan?": the words naming the
    // form's permit or the one meant instead (and "yg" before them) stand beside the answer.
    const beside = frame.flow === LEAVE_FLOW ? leavingPermitWords(ctx, frame) : undefined;
    const read = (part: string): string | undefined => {
      const said = yesNoWords(part);
      // A yes and a no both, also as a button's words ("setuju tidak ya", "tidak usah lanjut"): no answer.
      if (new Set(said.flatMap((t) => (t.said ? [t.said] : []))).size > 1) return undefined;
      let kind: "yes" | "no" | undefined;
      let owner: string | undefined;
      /** A no said before the first word of a button. */
      let negated = false;
      for (const t of said) {
        const having = labels.filter((l) => forms(t.word).some((f) => l.words.has(f)));
        // A yes or no word that is no button's own word, or a two-word one ("ga usah"): what is said.
        if (t.said && (t.pair || having.length !== 1)) {
          kind = t.said;
          continue;
        }
        if (filler.has(t.word) || SOFTENERS.has(t.word)) continue;
        if (beside?.has(t.word) && !having.length) continue;
        if (having.length !== 1 || (owner && owner !== having[0]!.id)) return undefined;
        if (!owner && kind === "no") negated = true;
        owner = having[0]!.id;
      }
      if (!owner) return undefined;
      if (negated && YES_OPTIONS.has(owner)) return opts.find((o) => NO_OPTIONS.has(o.id))!.id;
      if (kind === "no" && YES_OPTIONS.has(owner)) return undefined;
      return owner;
    };
    const whole = read(text);
    if (whole) return whole;
    // The first clause, else the last ("ga usah lanjut, sampaikan ke petugas aja").
    const clauses = text.split(/[,.!]+/).map((c) => c.trim()).filter(Boolean);
    if (clauses.length < 2) return undefined;
    const [first, last] = [read(clauses[0]!), read(clauses[clauses.length - 1]!)];
    // "lanjut, eh hapus aja deh": the two disagree; a change of mind said last decides ("hapus aja,
    // jangan dilanjut" says the first twice).
    if (first && last && first !== last && CHANGE_OF_MIND.test(foldText(clauses[clauses.length - 1]!))) return last;
    return first ?? last;
  }

  /** At "Hapus isian permohonan?": the words of the names of the form's permit and of the one meant instead, with "yg"/"yang". */
  function leavingPermitWords(ctx: Ctx, frame: Frame): Set<string> {
    const beneath = ctx.s.engine.stack[ctx.s.engine.stack.indexOf(frame) - 1];
    const ids = [frame.slots.apply, beneath?.slots.permit].filter((id): id is string => typeof id === "string");
    const words = new Set<string>();
    for (const p of ids.map((id) => kb.permit(id)).filter((p) => !!p)) for (const n of [p!.name, ...p!.aliases]) for (const w of foldedWords(n)) if (!GENERIC_PERMIT_WORDS.has(w)) words.add(w);
    if (words.size) for (const w of ["yg", "yang", "yng"]) words.add(w);
    return words;
  }
  /** Words of many permits' names that say nothing of which one ("izin", "surat"). */
  const GENERIC_PERMIT_WORDS = new Set(["izin", "ijin", "surat", "permohonan", "persetujuan", "dan", "atau", "di", "ke", "dari", "untuk"]);

  /** The words after a leading yes and filler ("iya tarik persetujuan": "tarik persetujuan"), when there are both. */
  function withoutLeadingYes(text: string): string | undefined {
    const said = yesNoWords(text);
    let i = 0;
    while (i < said.length && (said[i]!.kind === "yes" || (!said[i]!.kind && filler.has(said[i]!.word)))) i++;
    if (i === 0 || i === said.length || !said.slice(0, i).some((t) => t.kind === "yes")) return undefined;
    return said.slice(i).map((t) => t.word).join(" ");
  }

  /** "eh salah", "maaf salah pencet", "sorry keliru": the citizen owns a slip (filler aside), no answer to the question. */
  function ownsSlip(text: string): boolean {
    const words = foldedWords(text).filter((w) => !filler.has(w) && !SLIP_BESIDE.has(w));
    return words.length === 1 && (words[0] === "salah" || words[0] === "keliru");
  }
  /**
   * "eh maaf salah pencet, maksudnya setuju", "salah tekan kak": a slip owned (salah, keliru) with a
   * button named or a yes, and nothing else beside (filler, "maaf", "maksudnya").
   */
  function slipThenYes(text: string): boolean {
    const said = yesNoWords(text);
    if (!said.some((t) => t.word === "salah" || t.word === "keliru")) return false;
    if (!said.some((t) => (t.kind === "yes" && t.word !== "mau") || SLIP_BUTTON.has(t.word))) return false;
    return said.every((t) => t.word === "salah" || t.word === "keliru" || t.kind === "yes" || (!t.kind && (filler.has(t.word) || SLIP_BESIDE.has(t.word) || MEANT_WORDS.has(t.word))));
  }
  const SLIP_BUTTON = new Set(["pencet", "tekan", "klik", "pilih", "tombol", "pencetnya", "tekannya", "kepencet", "kepilih", "ketekan"]);
  const MEANT_WORDS = new Set(["maksudnya", "maksud", "mksdnya", "mksd", "maksudku", "harusnya", "seharusnya", "hrsnya", "yang", "yg", "mau", "mestinya"]);
  const SLIP_BESIDE = new Set(["maaf", "mohon", "sorry", "sori", "waduh", "aduh", "loh", "lho", "ketik", "tadi", "td", ...SLIP_BUTTON]);

  /** Only yes words, filler and the repair word asked about ("iya batal", "ya udah batal aja" after "batal"), with that word. */
  function repeatsRepair(text: string, kind: string): boolean {
    // Said in one word: "ga jadi batal" (a cancel of two words, "not after all") takes it back.
    const said = yesNoWords(text);
    return said.some((t) => t.kind === kind && !t.pair) && said.every((t) => (t.kind === kind && !t.pair) || t.kind === "yes" || (!t.kind && (filler.has(t.word) || SOFTENERS.has(t.word))));
  }

  /** A person asked for among other words ("please ask the staff", "minta tolong petugas aja"): a word or phrase of repair.human. */
  const mentionsStaff = (text: string): boolean => {
    const t = ` ${foldText(text)} `;
    return humanPhrases.some((p) => t.includes(` ${p} `));
  };

  /** Each option's label words as said now, with their roots (wordForms: "mengisi" also "isi"). */
  function buttonWords(ctx: Ctx, frame: Frame, opts: Extract<Step, { type: "choose" }>["options"]): { id: string; words: Set<string> }[] {
    const v = lazyVars(ctx, frame);
    return opts.map((o) => ({ id: o.id, words: new Set(foldedWords(ctx.m.t(o.label, v)).flatMap(wordForms)) }));
  }

  /** The yes and the no a message says, a two-word one ("ga usah", "gak jadi": a no) read as one. */
  function kindsSaid(text: string): Set<"yes" | "no"> {
    return new Set(yesNoWords(text).flatMap((t) => (t.said ? [t.said] : [])));
  }

  /** A message's folded words, a last letter typed again and again read as once where that gives a repair word or a word of one ("okee lanjutt", "gak usahh"). */
  const repairSpelling = memoize((text: string): readonly string[] =>
    foldedWords(text).map((w) => {
      if (repairSpelled.has(w)) return w;
      const short = w.replace(/(\p{L})\1+$/u, "$1");
      return repairSpelled.has(short) ? short : w;
    }), 1000);

  /**
   * A message's words, each with the repair word it is and the yes or no it says (a cancel is a
   * no); a yes, no or cancel of two to four words ("ga usah", "gak jadi", "tidak apa apa") is one,
   * by its first word (`pair`), the longest first ("tidak apa apa" is no "tidak").
   */
  const yesNoWords = memoize((text: string): readonly YesNoWord[] => {
    const words = repairSpelling(text);
    const out: YesNoWord[] = [];
    for (let i = 0; i < words.length; i++) {
      let k: RepairKind;
      let n = 1;
      // Joined only after a word that starts such a phrase: route reads every message this way.
      const longest = yesNoPhraseWords.get(words[i]!) ?? 0;
      for (let m = Math.min(longest, words.length - i); m >= 2 && !k; m--) {
        const phrase = repairWords.get(words.slice(i, i + m).join(" "));
        if (phrase === "yes" || phrase === "no" || phrase === "cancel") [k, n] = [phrase, m];
      }
      k ??= repairWords.get(words[i]!);
      const said = k === "yes" || k === "no" ? k : k === "cancel" ? "no" : undefined;
      out.push({ word: words[i]!, ...(k ? { kind: k } : {}), ...(said ? { said } : {}), pair: n > 1 });
      i += n - 1;
    }
    return out;
  }, 1000);


  /**
   * A word of one of the buttons' labels (four letters or more, no filler, no yes or no word) in the
   * message, or at a yes-or-no question a yes and a no both ("tidak usah lanjut"): said to this
   * question, whatever it means.
   */
  function namesOwnButtons(ctx: Ctx, frame: Frame, opts: Extract<Step, { type: "choose" }>["options"], text: string): boolean {
    const twoWay = opts.length === 2 && opts.some((o) => YES_OPTIONS.has(o.id)) && opts.some((o) => NO_OPTIONS.has(o.id));
    if (twoWay && kindsSaid(text).size > 1) return true;
    const words = new Set(buttonWords(ctx, frame, opts).flatMap((l) => [...l.words]).filter((w) => w.length >= 4 && !filler.has(w) && !repairWords.has(w)));
    return foldedWords(text).some((w) => wordForms(w).some((f) => words.has(f)));
  }

  // Per question: its options when Loket can take the permit's application, and when it cannot.
  // The same arrays each time, so that what is worked out from them (alsoWords) is kept.
  const optionSets = new WeakMap<object, { can: ChooseOptions; cannot: ChooseOptions }>();
  function optionsOf(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "choose" }>): ChooseOptions {
    let sets = optionSets.get(step);
    if (!sets) optionSets.set(step, (sets = { can: step.options, cannot: step.options.filter((o) => o.when !== "can_apply") }));
    const p = permitOf(ctx, frame);
    return p?.submission.loketCanApply && ctx.s.engine.context.waiting !== p.id ? sets.can : sets.cannot;
  }

  /** `flow.step:option`; `@permit` after it where the step's options are about a permit (about_permit). */
  const choiceId = (frame: Frame, step: Step, option: string) =>
    step.type === "choose" && step.about_permit && typeof frame.slots.permit === "string"
      ? `${frame.flow}.${step.id}:${option}@${frame.slots.permit}`
      : `${frame.flow}.${step.id}:${option}`;
  const CHOICE_ID = /^([^.:]+)\.([^:]+):([^@]+)(?:@(.+))?$/;

  /** The form question being asked: the one being corrected from the summary, else the next. */
  const formIndex = (frame: Frame, qs: FormQuestion[]) =>
    frame.slots._edit ? qs.findIndex((q) => q.id === frame.slots._edit) : Number(frame.slots._fi ?? 0);
  /** The document being asked for, likewise (summary items of documents are `doc:<id>`). */
  const uploadIndex = (frame: Frame, reqs: DocumentRequirement[]) =>
    frame.slots._edit ? reqs.findIndex((r) => `doc:${r.id}` === frame.slots._edit) : Number(frame.slots._ui ?? 0);

  /**
   * The question the citizen was asked, found again after a clerk's edit to the permit's form or
   * documents (then a restart): the place kept in the state may now hold another question, and
   * the answer would be stored under it (the size as the location). False when that question is
   * no longer asked (renamed or removed): the question now in its place is asked instead.
   */
  function realign(ctx: Ctx): boolean {
    const frame = top(ctx);
    const step = frame && stepOf(frame);
    const asked = ctx.s.engine.expecting?.field;
    if (!frame || !asked || frame.slots._edit) return true;
    // The place (`_fi` in a form, `_ui` in the documents) moved to where `asked` now stands.
    const placeIn = (list: readonly { id: string }[], current: number, slot: "_fi" | "_ui"): boolean => {
      if (list[current]?.id === asked) return true;
      const at = list.findIndex((x) => x.id === asked);
      if (at >= 0) frame.slots[slot] = at;
      return at >= 0;
    };
    if (step?.type === "form") {
      const qs = formQuestions(ctx, frame, step);
      return placeIn(qs, formIndex(frame, qs), "_fi");
    }
    if (step?.type === "uploads") {
      const reqs = requirementsOf(ctx, frame, step);
      return placeIn(reqs, uploadIndex(frame, reqs), "_ui");
    }
    return true;
  }

  function enter(ctx: Ctx, frame: Frame, step: Step): void {
    const v = lazyVars(ctx, frame);
    switch (step.type) {
      case "say": {
        // An application started as a renewal ("mau perpanjang izin reklame baliho sy"): what is known of
        // renewing this permit (knowledge/permits `renewal:`), or that staff will tell, said once with its first words.
        const renewal = frame.slots._kind === "perpanjangan" && !frame.slots._renewalTold ? renewalLine(ctx, frame) : undefined;
        if (renewal) frame.slots._renewalTold = true;
        say(ctx, renewal ? `${ctx.m.t(step.text, v)}\n${renewal}` : ctx.m.t(step.text, v));
        return goTo(ctx, frame, step.next);
      }
      case "ask": {
        if (frame.slots[step.field] !== undefined && frame.slots[step.field] !== "") return goTo(ctx, frame, step.next);
        // A number this conversation filed (`own_applications: skip`): the runtime answers it without the phone's digits.
        if (step.own_applications === "skip" && ownNumbers(frame).includes(String(frame.slots[ownField(frame)] ?? ""))) return goTo(ctx, frame, step.next);
        // Several applications filed here and no number given (`own_applications: offer`): one to pick (a button each).
        const pick = step.own_applications === "offer" ? ownPicks(ctx, frame, step) : [];
        if (pick.length) {
          // "yang kemarin sudah sampai mana?", "yang SIP gimana?": the words of the request pick one.
          const said = frame.slots._said as { text: string; permits: string[] } | undefined;
          delete frame.slots._said;
          const chosen = said ? ownPicked(ctx, frame, said.text, said.permits, true) : undefined;
          if (chosen) {
            frame.slots[step.field] = chosen;
            return goTo(ctx, frame, step.next);
          }
          // A lost number: each application of this conversation with its number, then the pick.
          if (frame.slots._lost) say(ctx, ownList(ctx, frame));
          delete frame.slots._lost;
          return ask(ctx, ctx.m.t("status.pick_own"), step.field, step.kind, pick);
        }
        // A number with another office's prefix ("SMG-2026-000123": a citizen of Semarang, or a number
        // from a neighbouring office's receipt): said before the digits are asked, which still are (a
        // number of an earlier prefix of this office, REGISTRATION_PREFIX changed, is found with them).
        if (step.reads === "phone_last4") sayOtherPrefix(ctx, frame, frame.slots[readingField(frame, "registration_number") ?? ""]);
        // The number this conversation filed is shown with the question.
        const own = step.own_applications === "offer" ? ctx.s.engine.context.application : undefined;
        if (own) return ask(ctx, `${ctx.m.t(step.prompt, v)}\n${ctx.m.t("status.own_number", { number: own })}`, step.field, step.kind);
        return ask(ctx, ctx.m.t(step.prompt, v), step.field, step.kind);
      }
      case "choose": {
        const opts = optionsOf(ctx, frame, step);
        // A rating question carries its survey's ref (as a document question its application's): the
        // channel remembers which sent message asked it, and an emoji reaction on that one is its score.
        // So does the survey's offer (fresh42): a 👍 put on "Bersediakah Bapak/Ibu…?" is a yes.
        const reactable = Boolean(step.scale) || isSurveyOffer(frame, step);
        if (reactable) frame.ref ??= newRef(ctx, frame);
        // The consent text as sent: its hash goes with the application (the shorter retry is no new text).
        if (!(step.retry_prompt && ctx.s.engine.failures > 0) && step.options.some((o) => o.consent)) {
          // The values as they were before this slot is set (the labels below read them too).
          const before = v();
          frame.slots._consent_text = textHash(ctx.m.t(step.prompt, before));
        }
        return ask(
          ctx,
          ctx.m.t(step.retry_prompt && ctx.s.engine.failures > 0 ? step.retry_prompt : step.prompt, v),
          step.field ?? step.id,
          "choice",
          opts.map((o) => ({ id: choiceId(frame, step, o.id), label: ctx.m.t(o.label, v) })),
          reactable ? frame.ref : undefined,
          Boolean(step.scale),
        );
      }
      case "choose_permit": {
        const chosen = frame.slots[step.field] as string | undefined;
        if (chosen && kb.permit(chosen)) return afterPermit(ctx, frame, step, chosen);
        const candidates = (frame.slots._candidates as string[] | undefined) ?? [];
        const choices = candidates.flatMap((id) => {
          const p = kb.permit(id);
          return p ? [{ id: choiceId(frame, step, id), label: p.name }] : [];
        });
        // One candidate is asked about by name, not as "one of these".
        const prompt = choices.length === 1 ? ctx.m.t("permit.is_it", { name: choices[0]!.label }) : ctx.m.t(candidates.length ? (frame.slots._shared ? "permit.which_of_more" : "permit.which_of") : step.prompt, v);
        return ask(ctx, prompt, step.field, choices.length ? "choice" : "text", choices);
      }
      case "answer": {
        // Which comes first, its own short message before the answer (which may be two: "sppl dulu atau nib dulu").
        const first = step.content === "permit" ? firstSaid(ctx, frame) : undefined;
        if (first) say(ctx, first);
        say(ctx, answerContent(ctx, frame, step.content));
        return goTo(ctx, frame, step.next);
      }
      case "branch": {
        const value = String(frame.slots[step.on] ?? "");
        const c = step.cases[value];
        if (c?.start) return startFlow(ctx, c.start, carry(frame), "replace");
        return goTo(ctx, frame, c?.next ?? step.default);
      }
      case "form": {
        const qs = formQuestions(ctx, frame, step);
        const index = formIndex(frame, qs);
        const q = qs[index];
        if (!q) {
          delete frame.slots._fi;
          delete frame.slots._prefilled;
          return goTo(ctx, frame, step.next);
        }
        // "Jenis permohonan" (new or renewal) the citizen already said: filled and told, not asked;
        // the next hop asks the question after it (seen again at the summary, where it can be changed).
        const kind = frame.slots[q.id] === undefined ? applicationKindAt(ctx, frame, q) : undefined;
        if (kind) {
          frame.slots[q.id] = kind.id;
          frame.slots._prefilled = [...new Set([...((frame.slots._prefilled as string[] | undefined) ?? []), q.id])];
          frame.slots._fi = index + 1;
          delete frame.slots._kind;
          say(ctx, ctx.m.t("form.prefilled", { fields: `${q.label} (${kind.label})` }));
          return;
        }
        const progress = ctx.m.t("form.progress", { i: index + 1, n: qs.length });
        const hint = q.required ? "" : `\n${ctx.m.t("form.optional_hint")}`;
        const choices = q.options?.map((o) => ({ id: choiceId(frame, step, `${q.id}.${o.id}`), label: o.label }));
        const skip = q.required ? [] : [{ id: choiceId(frame, step, "skip"), label: ctx.m.t("form.skip") }];
        const all = [...(choices ?? []), ...skip];
        return ask(ctx, `${progress}\n${ctx.m.t(`form.ask.${q.kind}`, { label: q.label, example: q.kind === "date" ? dateExample(q) : "" })}${hint}`, q.id, q.kind === "choice" ? "choice" : q.kind, all);
      }
      case "uploads": {
        const reqs = requirementsOf(ctx, frame, step);
        const index = uploadIndex(frame, reqs);
        const r = reqs[index];
        if (!r) {
          delete frame.slots._ui;
          return goTo(ctx, frame, step.next);
        }
        const text = ctx.m.t("upload.ask", {
          i: index + 1,
          n: reqs.length,
          name: r.name,
          kinds: r.accept.map((k) => k.toUpperCase()).join("/"),
          note: r.note ? ` (${r.note})` : "",
          mb: uploadLimitMb(ctx.s.channel),
        });
        const skip = r.required ? [] : [{ id: choiceId(frame, step, "skip"), label: ctx.m.t("upload.skip") }];
        // The application this question is of goes with it (a reply quoting it later is known as of
        // this one): an id of this frame, from the clock and where it stands (no hidden randomness).
        frame.ref ??= newRef(ctx, frame);
        return ask(ctx, r.required ? text : `${text}\n${ctx.m.t("upload.optional_hint")}`, r.id, "file", skip, frame.ref);
      }
      case "confirm": {
        if (frame.slots._picking) return ask(ctx, ctx.m.t("confirm.pick"), "edit", "text");
        if (askMissingField(ctx, frame, step.id)) return;
        return ask(ctx, `${ctx.m.t(step.prompt, v)}\n\n${summary(ctx, frame).map((it, i) => `${i + 1}. ${it.label}: ${it.value}`).join("\n")}\n\n${ctx.m.t("confirm.hint")}`, "confirm", "confirm", [
          { id: choiceId(frame, step, "yes"), label: ctx.m.t("confirm.yes") },
          { id: choiceId(frame, step, "edit"), label: ctx.m.t("confirm.edit") },
        ]);
      }
      case "action":
        ctx.call = effectOf(ctx, frame, step);
        ctx.waiting = true;
        return;
      case "end": {
        if (step.text) say(ctx, ctx.m.t(step.text, v));
        if (flow(frame.flow).once_within_days) keepDeclined(ctx, frame);
        // "sekalian PBG juga" said while filling this one in: now that it is sent, the other one.
        const also = step.id === "receipt" && typeof frame.slots._also === "string" ? kb.permit(frame.slots._also) : undefined;
        if (also) say(ctx, ctx.m.t("apply.also_next", { name: permitIn(also, ctx.m.lang).name, other: shortName(permitIn(also, ctx.m.lang)) }));
        return endFrame(ctx, step.quiet);
      }
    }
  }

  /**
   * A number with another office's prefix ("SMG-2026-000123"): said so (status.other_prefix), once
   * per check. {number}: the engine's slot of the number asked about (the flow's own field may be renamed).
   */
  function sayOtherPrefix(ctx: Ctx, frame: Frame, tried: unknown): void {
    const prefix = typeof tried === "string" && REGISTRATION_NUMBER_RE.test(tried) ? tried.slice(0, tried.indexOf("-")) : undefined;
    if (!prefix || prefix === kb.office.registrationPrefix) return;
    frame.slots.number ??= tried;
    frame.slots._prefixSaid = true;
    sayKey(ctx, "status.other_prefix", frame);
  }

  /** The registration numbers this conversation submitted (flows/status.yaml's own_applications), newest first. */
  const ownNumbers = (frame: Frame): string[] => ((frame.slots._own as OwnApplication[] | undefined) ?? []).map((a) => a.number);
  /** The field of the flow's question that offers this conversation's applications (`own_applications: offer`). */
  const ownField = (frame: Frame): string => {
    const offer = flow(frame.flow).steps.find((s) => s.type === "ask" && s.own_applications === "offer");
    return offer?.type === "ask" ? offer.field : "number";
  };

  /** The field of the flow's question that reads `what` (`reads:` in flows/status.yaml), if it has one. */
  const readingField = (frame: Frame, what: NonNullable<Extract<Step, { type: "ask" }>["reads"]>): string | undefined => readingFieldOf(frame.flow, what);
  function readingFieldOf(flowId: string, what: NonNullable<Extract<Step, { type: "ask" }>["reads"]>): string | undefined {
    const q = flow(flowId).steps.find((s) => s.type === "ask" && s.reads === what);
    return q?.type === "ask" ? q.field : undefined;
  }
  /**
   * Where a flow keeps the registration number and the phone's last four digits of a status check:
   * the fields of its questions marked `reads:` (flows/status.yaml's `number` and `last4`), else
   * those two names.
   */
  const statusFields = (flowId: string): { number: string; last4: string } => ({
    number: readingFieldOf(flowId, "registration_number") ?? "number",
    last4: readingFieldOf(flowId, "phone_last4") ?? "last4",
  });
  /**
   * The registration number the citizen names in this message, else the one of a status check
   * under way (its number given, the phone's digits not yet): "RBG-2026-000123 sudah sampai mana?"
   * then "petugas" at the digits' question. Written as the office writes it; undefined when none.
   */
  const numberNamed = (ctx: Ctx): string | undefined => {
    const inText = ctx.said ? REGISTRATION_IN_TEXT.exec(ctx.said) : null;
    if (inText) return `${inText[1]!.toUpperCase()}-${inText[2]}-${inText[3]}`;
    return numberChecked(ctx.s) ?? ctx.checking;
  };
  /** The registration number given to the newest status check on the stack, as the office writes it. */
  const numberChecked = (s: ConversationState): string | undefined => {
    for (const f of [...s.engine.stack].reverse()) {
      const field = readingFieldOf(f.flow, "registration_number");
      const given = field ? f.slots[field] : undefined;
      const m = typeof given === "string" ? (SPACED_NUMBER.exec(given) ?? REGISTRATION_IN_TEXT.exec(given)) : null;
      if (m) return `${m[1]!.toUpperCase()}-${m[2]}-${m[3]!.padStart(6, "0")}`;
    }
    return undefined;
  };
  /** A number (and the digits beside it) read out of a message, as slots of the flow `flowId`. */
  const statusSlots = (flowId: string, parts: { number?: string; last4?: string }): Slots => {
    const f = statusFields(flowId);
    return { ...(parts.number ? { [f.number]: parts.number } : {}), ...(parts.last4 ? { [f.last4]: parts.last4 } : {}) };
  };

  /**
   * The status check's choice of this conversation's applications, when it has several: a button
   * each, short enough for a phone's button row ("Izin reklame · 000002"): the permit's short
   * name and the number's tail, its serial (with the year too, or the whole number, when another
   * offered number has the same serial).
   */
  function ownPicks(ctx: Ctx, frame: Frame, step: Step): { id: string; label: string }[] {
    const own = ownOf(frame);
    if (own.length < 2) return [];
    const tail = (number: string, parts: number) => number.split("-").slice(-parts).join("-");
    const distinct = (number: string): string => {
      for (const parts of [1, 2]) if (own.filter((a) => tail(a.number, parts) === tail(number, parts)).length === 1) return tail(number, parts);
      return number;
    };
    return own.map((a) => {
      const day = sentDay(ctx, a);
      const label = ctx.m.t("status.pick_own_item", {
        number: a.number,
        number_tail: distinct(a.number),
        permit_label: ownPermitLabel(a),
        status_label: ownStatus(ctx, a),
        sent_day: day,
      });
      // A record without its day (a choice listed before Loket kept it): no empty part between the dots.
      return { id: choiceId(frame, step, a.number), label: day ? label : label.split("·").map((part) => part.trim()).filter(Boolean).join(" · ") };
    });
  }

  /** The conversation's own applications listed to pick from (newest first, at most OWN_PICKS). */
  const ownOf = (frame: Frame): OwnApplication[] => ((frame.slots._own as OwnApplication[] | undefined) ?? []).slice(0, OWN_PICKS);
  /** An own application's status as its label says it (a closed refusal as such). */
  const ownStatus = (ctx: Ctx, a: OwnApplication): string => ctx.m.t(a.closedRejected ? "status.label.done_rejected" : `status.label.${a.status}`);

  /** An own application's permit, by its short name with a capital ("Izin reklame"). */
  function ownPermitLabel(a: OwnApplication): string {
    const permit = kb.permit(a.permit);
    const name = permit ? shortName(permit) : a.permit;
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  /** The day (Asia/Jakarta) an own application was sent ("1 Desember"); empty for a record without the time. */
  function sentDay(ctx: Ctx, a: OwnApplication): string {
    if (!a.submittedAt) return "";
    const [, mo, d] = jakartaDate(new Date(a.submittedAt)).split("-");
    return ctx.m.t("status.sent_day", { day: Number(d), month: ctx.m.t(`answers.month.${Number(mo)}`) });
  }

  /** This conversation's applications, one line each with number, permit, day sent and status (a lost number). */
  function ownList(ctx: Ctx, frame: Frame): string {
    const own = ownOf(frame);
    const items = own.map((a) =>
      ctx.m.t("status.own_list_item", {
        number: a.number,
        permit_label: ownPermitLabel(a),
        sent_day: sentDay(ctx, a),
        status_label: ownStatus(ctx, a),
      }),
    );
    return ctx.m.t("status.own_list", { items: items.join("\n") });
  }

  /**
   * The one own application a citizen's words pick among several, by the day it was sent ("yang
   * kemarin", "tadi pagi", "minggu lalu", "bulan lalu", "tgl 1"), by its permit (`permits`: the
   * permits the message names) or, in the request itself (`request`: no list shown yet), by its
   * order ("yang pertama" the first sent, "yang terakhir" the newest). The words are a clerk's
   * (flows/patterns.yaml `own_pick`). None when the words fit none or several.
   */
  function ownPicked(ctx: Ctx, frame: Frame, text: string, permits: string[], request: boolean): string | undefined {
    const own = ownOf(frame);
    if (own.length < 2) return undefined;
    const today = jakartaDate(deps.now?.() ?? new Date());
    const daysAgo = (a: OwnApplication): number | undefined => (a.submittedAt ? Math.round((Date.parse(today) - Date.parse(jakartaDate(new Date(a.submittedAt)))) / 86_400_000) : undefined);
    const weekday = (iso: string): number => (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
    const one = (xs: OwnApplication[]): string | undefined => (xs.length === 1 ? xs[0]!.number : undefined);
    let byDay: ((n: number) => boolean) | undefined;
    if (ownPick.twoDaysAgo(text)) byDay = (n) => n === 2;
    else if (ownPick.lastWeek(text)) {
      const back = weekday(today);
      byDay = (n) => n > back && n <= back + 7;
    } else if (ownPick.lastMonth(text)) {
      const [y, m] = today.split("-").map(Number) as [number, number];
      const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
      return one(own.filter((a) => a.submittedAt && jakartaDate(new Date(a.submittedAt)).startsWith(prev)));
    } else if (ownPick.yesterday(text)) byDay = (n) => n === 1;
    else if (ownPick.today(text)) byDay = (n) => n === 0;
    if (byDay) return one(own.filter((a) => { const n = daysAgo(a); return n !== undefined && byDay!(n); }));
    const words = foldedWords(text);
    const k = words.findIndex((w, i) => ownPick.date.has(w) && /^\d{1,2}$/.test(words[i + 1] ?? ""));
    if (k >= 0) return one(own.filter((a) => a.submittedAt && Number(jakartaDate(new Date(a.submittedAt)).slice(8)) === Number(words[k + 1])));
    const named = own.filter((a) => permits.includes(a.permit));
    if (named.length === 1 && new Set(own.map((a) => a.permit)).size > 1) return named[0]!.number;
    if (request && ownPick.first(text)) return own[own.length - 1]!.number;
    if (request && ownPick.last(text)) return own[0]!.number;
    return undefined;
  }

  /** Slots that follow the citizen into the next flow (the permit being discussed, a handoff reason). */
  function carry(frame: Frame): Slots {
    const out: Slots = {};
    // `staff_only`: which staff-only request a case opened from its offer is about (staff see it).
    for (const k of ["permit", "reason", "aspect", "staff_only"]) if (frame.slots[k] !== undefined) out[k] = frame.slots[k];
    return out;
  }

  function afterPermit(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "choose_permit" }>, id: string): void {
    frame.slots[step.field] = id;
    // A permit chosen again after going back ("kembali") replaces the one the flow was started
    // with: starting over ("ulang") starts that permit's application, not the replaced one.
    const init = frame.slots._init as Slots | undefined;
    if (init && step.field in init) frame.slots._init = { ...init, [step.field]: id };
    delete frame.slots._candidates;
    delete frame.slots._shared;
    ctx.s.engine.context.permit = id;
    const p = kb.permit(id)!;
    if (step.oss_next && !p.submission.loketCanApply) return goTo(ctx, frame, step.oss_next);
    goTo(ctx, frame, step.next);
  }

  /** Which of two permits comes first (slot asked_first "permit:doc:others"): the one the other requires. */
  function firstSaid(ctx: Ctx, frame: Frame): string | undefined {
    return typeof frame.slots.asked_first === "string" ? firstLine(ctx, frame.slots.asked_first) : undefined;
  }
  /** The line that `asked` ("permit:doc:others", from requiredOfOther) comes first (answers.requirements.asked_together). */
  function firstLine(ctx: Ctx, asked: string): string | undefined {
    const [id, docId, others] = asked.split(":");
    const found = id ? kb.permit(id) : undefined;
    const p = found ? permitIn(found, ctx.m.lang) : undefined;
    const doc = p?.requirements.find((d) => d.id === docId);
    const before = (others ?? "").split(",").map((x) => kb.permit(x)).filter((x): x is Permit => !!x);
    if (!p || !doc || !before.length) return undefined;
    return ctx.m.t("answers.requirements.asked_together", { doc: doc.name, name: p.name, short: shortName(p), other: before.map(shortName).join("/") });
  }

  function answerContent(ctx: Ctx, frame: Frame, content: "permit" | "office" | "referral" | "list"): string {
    const s = frame.slots;
    if (content === "permit") {
      const p = permitOf(ctx, frame);
      if (!p) return ctx.m.t("answers.unknown_permit");
      const aspect = (s.aspect as PermitAspect | undefined) ?? "general";
      // The permit talked about now; the application this conversation filed stays known.
      talkedAbout(ctx, p.id, aspect);
      // "perpanjang SIP saya" and the kind of SIP only named next ("saya bidan"): still a renewal of it.
      if (s._kind === "perpanjangan") ctx.s.engine.context.renewing = p.id;
      // Asked by a foreign citizen or a foreign-owned company: the facts are written for Indonesians.
      const foreign = s.foreigner ? `\n\n${ctx.m.t("answers.foreigner")}` : "";
      const model = ctx.hint?.answer;
      // A model's checked answer to the free-form question comes first; without one, a document asked about by name.
      const askedDoc = !(model && aspect === "general") && typeof s.asked_doc === "string" && (aspect === "general" || aspect === "requirements") ? p.requirements.find((d) => d.id === s.asked_doc) : undefined;
      const together = typeof s.asked_together === "string" ? s.asked_together.split(",").map((id) => kb.permit(id)).filter((x): x is Permit => !!x) : [];
      if (askedDoc && together.length) return `${ctx.m.t("answers.requirements.asked_together", { doc: askedDoc.name, name: p.name, short: shortName(p), other: together.map(shortName).join("/") })}\n\n${answerPermit(kb, ctx.m, p.id, "requirements", [], today())}${foreign}`;
      // "rumah sy … dulu gk ngurus imb, skrg mau ngurus slf bisa langsung gk?": a lacking document that is
      // another permit of this office (the PBG / IMB of the SLF) is that permit, to get first.
      const lackedPermit = askedDoc && s.asked_lacking ? kb.permits.find((b) => b.id !== p.id && docNames(askedDoc, b)) : undefined;
      if (askedDoc && lackedPermit) return `${ctx.m.t("answers.requirements.asked_together", { doc: askedDoc.name, name: p.name, short: shortName(p), other: shortName(permitIn(lackedPermit, ctx.m.lang)) })}\n\n${answerPermit(kb, ctx.m, p.id, "requirements", [], today())}${foreign}`;
      if (askedDoc) {
        const note = requirementNote(p, askedDoc);
        const key = askedDoc.required && !askedDoc.when ? "answers.requirements.asked_required" : note ? "answers.requirements.asked_conditional" : "answers.requirements.asked_optional";
        // "kalo saya gak punya sertifikat?": whoever lacks it is told a person can say what may stand in for it.
        // Another agency's document (the NPWP, the KTP): where it is made instead.
        const elsewhere = s.asked_lacking ? referralOfDocument(kb, ctx.m, askedDoc) : undefined;
        const lacking = !s.asked_lacking ? "" : elsewhere ? `\n${ctx.m.t(askedDoc.required && !askedDoc.when ? "answers.requirements.lacking_elsewhere_required" : "answers.requirements.lacking_elsewhere", { doc: elsewhere.doc, agency: elsewhere.agency, where: elsewhere.where })}` : `\n${ctx.m.t("answers.requirements.lacking")}`;
        return `${ctx.m.t(key, { doc: askedDoc.name, name: p.name, note: note ?? "" })}${lacking}\n\n${answerPermit(kb, ctx.m, p.id, "requirements", [], today())}${foreign}`;
      }
      if (model && aspect === "general") return `${model.text}\n\n${ctx.m.t("answers.model_sources", { sources: model.sources.map((x) => sourceName(kb, x)).join(", ") })}${foreign}`;
      const more = typeof s.more_aspects === "string" && aspect !== "general" ? (s.more_aspects.split(",") as PermitAspect[]) : [];
      const also = typeof s.also_permit === "string" && s.also_permit !== p.id && kb.permit(s.also_permit) ? s.also_permit : undefined;
      // Filed at the office's counter and its address asked: the address after the place.
      const address = s.address_asked && p.submission.channel === "counter" ? `\n\n${answerOffice(kb, ctx.m, "address", officeOptions({}))}` : "";
      // "totalnya brp biayanya semua?": the permits behind this one, the same aspect, a line each.
      // (Of the overview or the procedure: the order, each with where it is filed.)
      const planOf = (slot: unknown): Permit[] => (typeof slot === "string" && slot ? slot.split(",").map((id) => permitSaid(ctx.m, id)).filter((x): x is Permit => !!x) : []);
      const plan = planOf(s.plan);
      const planNamed = planOf(s.plan_named);
      if (plan.length || planNamed.length) {
        const byAspect = aspect === "fee" || aspect === "duration";
        const lines = (ps: Permit[]) =>
          ps.map((b) => ctx.m.t("answers.plan.line", { short: shortName(b), text: byAspect ? firstSentence(aspectText(b, aspect)) : channelName(ctx.m, kb.office, b.submission.channel) })).join("\n");
        const parts = [answerPermit(kb, ctx.m, p.id, aspect, [], today())];
        if (plan.length) parts.push(ctx.m.t(`answers.plan.${byAspect ? aspect : "order"}`, { short: shortName(p), lines: lines(plan) }));
        if (planNamed.length) parts.push(ctx.m.t("answers.plan.named", { lines: lines(planNamed) }));
        if (byAspect) parts.push(ctx.m.t("answers.plan.no_total"));
        return parts.join("\n\n") + foreign;
      }
      // "mau buka usaha laundry, izinnya apa aja": the NIB, then that other permits depend on the business.
      const business = s.business_list === "yes" ? `\n\n${ctx.m.t("answers.list.business_more")}` : "";
      // "pbg brp hari jadinya? kalo lewat dr itu gmn": what to do once that time has passed.
      const late = s.late_if === "yes" && (aspect === "duration" || more.includes("duration")) ? `\n\n${ctx.m.t("answers.duration_late", { complaints: officeIn(kb.office, ctx.m.lang).complaints ?? "" })}` : "";
      // "msh bs daftar izin reklame lwt sini gk? kapan diprosesnya?" at night: when staff look at it (the office closed now).
      const whenProcessed = ctx.said !== undefined && WHEN_PROCESSED.test(foldText(ctx.said)) ? closedNow(ctx).replace(/^\n/, "\n\n") : "";
      const first = answerPermit(kb, ctx.m, p.id, aspect, more, today()) + late + address + business + whenProcessed;
      if (!also) return first + foreign;
      ctx.s.engine.context.pair = [p.id, also];
      // Each permit its own message: two lists of requirements in one would be a wall on a phone.
      say(ctx, first);
      return answerPermit(kb, ctx.m, also, aspect, more, today()) + foreign;
    }
    if (content === "office") {
      const aspect = s.aspect as string | undefined;
      // "jumat jg?" next is about the hours just given (route reads it).
      const office = officeAspect(aspect);
      ctx.s.engine.context.office = office;
      // "pengajuan di oss sy dikembalikan": corrected in OSS, not through Loket.
      if (office === "correction" && (s.system === "oss" || s.system === "simbg")) return answerCorrection(kb, ctx.m, undefined, s.system);
      // A free office question the rules could not read: the model's answer from the office's facts, checked against them.
      const model = ctx.hint?.answer;
      if (model && (office === "hours" || office === "address")) return `${model.text}\n\n${ctx.m.t("answers.model_sources", { sources: model.sources.map((x) => sourceName(kb, x)).join(", ") })}`;
      const hours = answerOffice(kb, ctx.m, office, officeOptions({ day: dayOfSlot(s.day), breaks: s.breaks === "yes", nowAsked: s.now_asked === "yes", queue: s.queue_asked === "yes", weekAsked: s.week_asked === "yes", atTime: typeof s.at_time === "string" ? s.at_time : undefined }));
      // "pas bulan puasa jam pelayanannya beda gk?": no Ramadan hours written yet (office.yaml special_hours); staff confirm.
      if (office === "hours" && ctx.said !== undefined && RAMADAN.test(foldText(ctx.said)) && !(kb.office.special ?? []).some((x) => x.to >= today() && RAMADAN.test(foldText(x.note ?? "")))) return `${hours}\n\n${ctx.m.t("answers.office.ramadan_unknown")}`;
      return hours;
    }
    if (content === "referral") {
      if (!s.referral) return ctx.m.t("answers.unknown_permit");
      // Several agencies named in one message: each its own answer, in the order said.
      const ids = [String(s.referral), ...(typeof s.more_referrals === "string" ? s.more_referrals.split(",") : [])];
      for (const id of ids.slice(0, -1)) say(ctx, answerReferral(kb, ctx.m, id));
      // "bisa diurus di MPP juga?" next is about that agency's service (route reads it).
      ctx.s.engine.context.referral = ids[ids.length - 1]!;
      return answerReferral(kb, ctx.m, ids[ids.length - 1]!);
    }
    // "yg nomer 3 syaratnya apa" next is about the third permit listed (route reads it).
    const category = typeof s.category === "string" ? s.category : undefined;
    ctx.s.engine.context.listed = category ?? true;
    return listPermits(kb, ctx.m, category ? { category } : {});
  }

  function summary(ctx: Ctx, frame: Frame): { key: string; label: string; value: string; kind?: FormQuestion["kind"] }[] {
    const items: { key: string; label: string; value: string; kind?: FormQuestion["kind"] }[] = [];
    const steps = flow(frame.flow).steps;
    for (const st of steps) {
      if (st.type === "form") {
        for (const q of formQuestions(ctx, frame, st)) {
          const raw = frame.slots[q.id];
          // A date as the citizen can check it ("12 Maret 2027"; "12/03/2027" is read day first), stored as ISO.
          const shown = q.kind === "date" && typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? formatDate(ctx.m, raw) : String(raw);
          const value = raw === undefined || raw === "" ? ctx.m.t("confirm.empty") : q.options?.find((o) => o.id === raw)?.label ?? shown;
          items.push({ key: q.id, label: q.label, value, kind: q.kind });
        }
      }
      if (st.type === "uploads") {
        const docs = (frame.slots.docs as Record<string, DocumentRef> | undefined) ?? {};
        for (const r of requirementsOf(ctx, frame, st)) {
          items.push({ key: `doc:${r.id}`, label: r.name, value: docs[r.id] ? ctx.m.t("confirm.doc_ok") : ctx.m.t("confirm.doc_missing") });
        }
      }
    }
    return items;
  }

  /**
   * At the summary (`confirmStep`): a required document not sent yet, because an answer changed
   * there calls for it ("Praktik mandiri" instead of "Di fasilitas kesehatan"), is asked for now,
   * and the summary comes back after it. True when it was.
   */
  function askMissingDocument(ctx: Ctx, frame: Frame, confirmStep: string, edited?: string): boolean {
    const docs = (frame.slots.docs as Record<string, DocumentRef> | undefined) ?? {};
    // An optional one too when the answer just changed is what it depends on (the floor plan after
    // "Praktik mandiri"): offered once, with "lewati".
    const wanted = (x: DocumentRequirement) => !docs[x.id] && (x.required || (edited !== undefined && x.when?.[edited] !== undefined));
    for (const st of flow(frame.flow).steps) {
      if (st.type !== "uploads") continue;
      const r = requirementsOf(ctx, frame, st).find(wanted);
      if (!r) continue;
      say(ctx, ctx.m.t("confirm.doc_needed", { name: r.name }));
      delete frame.slots._picking;
      frame.slots._edit = `doc:${r.id}`;
      frame.slots._return = confirmStep;
      frame.step = st.id;
      ctx.s.engine.expecting = undefined;
      return true;
    }
    return false;
  }

  /**
   * At the summary (`confirmStep`): a required question without an answer, one a clerk added to
   * the permit's form (or renamed) while this citizen was past it, Loket restarted since. Asked
   * now, and the summary comes back after it. True when it was.
   */
  function askMissingField(ctx: Ctx, frame: Frame, confirmStep: string): boolean {
    for (const st of flow(frame.flow).steps) {
      if (st.type !== "form") continue;
      const q = formQuestions(ctx, frame, st).find((x) => x.required && frame.slots[x.id] === undefined);
      if (!q) continue;
      delete frame.slots._picking;
      frame.slots._edit = q.id;
      frame.slots._return = confirmStep;
      frame.step = st.id;
      ctx.s.engine.expecting = undefined;
      return true;
    }
    return false;
  }

  /** The documents sent that the application still asks for (an answer changed at the summary can drop one). */
  function documentsAsked(ctx: Ctx, frame: Frame): Record<string, DocumentRef> {
    const docs = (frame.slots.docs as Record<string, DocumentRef> | undefined) ?? {};
    const asked = new Set<string>();
    for (const r of allRequirements(ctx, frame)) asked.add(r.id);
    return Object.fromEntries(Object.entries(docs).filter(([id]) => asked.has(id)));
  }

  function effectOf(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "action" }>): Effect {
    const s = frame.slots;
    switch (step.action) {
      case "submit_application": {
        const fields: Record<string, string> = {};
        let phoneField = "";
        for (const st of flow(frame.flow).steps) {
          if (st.type !== "form") continue;
          for (const q of formQuestions(ctx, frame, st)) {
            if (s[q.id] !== undefined && s[q.id] !== "") fields[q.id] = String(s[q.id]);
            if (q.kind === "phone" && !phoneField) phoneField = q.id;
          }
        }
        return {
          type: "submit_application",
          permit: String(s.permit),
          fields,
          documents: documentsAsked(ctx, frame),
          phoneField,
          ...(isConsent(s._consent) ? { consent: { at: s._consent.at, text: s._consent.text, ...(typeof s._consent.lang === "string" ? { lang: s._consent.lang } : {}) } } : {}),
        };
      }
      case "check_status": {
        const f = statusFields(frame.flow);
        return { type: "check_status", number: String(s[f.number] ?? ""), phoneLast4: String(s[f.last4] ?? "") };
      }
      case "own_applications": {
        const given = s[statusFields(frame.flow).number];
        return typeof given === "string" && given ? { type: "own_applications", number: given } : { type: "own_applications" };
      }
      case "open_case": {
        const reason = (step.reason ?? (s.reason as HandoffReason | undefined) ?? "citizen_asked") as HandoffReason;
        const e: Effect = { type: "open_case", reason, ...(step.request ? { request: step.request } : {}) };
        // A refund, a change to an application sent, an urgent date: staff see which.
        const kind = StaffOnlyKind.safeParse(s.staff_only);
        if (reason === "staff_only" && kind.success) e.staffOnly = kind.data;
        // Consent withdrawn in the middle of an application: the form it was given for goes too
        // (given back to the bot, the citizen is not asked on as if they still agreed).
        if (step.request === "withdraw_consent") ctx.s.engine.stack = ctx.s.engine.stack.filter((f) => f === frame || !isConsent(f.slots._consent));
        const permit = (s.permit as string | undefined) ?? ctx.s.engine.context.permit;
        if (permit) e.permit = permit;
        // The application the citizen is checking or names now (the runtime keeps it only if it
        // exists): staff change its status from the case without looking it up.
        const named = numberNamed(ctx);
        if (named) e.applicationNumber = named;
        return e;
      }
      case "record_survey": {
        const answers: Record<string, number> = {};
        for (const [k, v] of Object.entries(s)) if (/^u\d$/.test(k)) answers[k] = Number(v);
        const subject: { caseId?: string; applicationNumber?: string } = {};
        if (s.caseId) subject.caseId = String(s.caseId);
        if (s.applicationNumber) subject.applicationNumber = String(s.applicationNumber);
        return { type: "record_survey", answers, subject };
      }
      case "resubmit_documents":
        return { type: "resubmit_documents", number: String(s.number ?? ""), documents: (s.docs as Record<string, DocumentRef> | undefined) ?? {} };
      case "delete_my_data":
        return { type: "delete_my_data" };
    }
  }

  // ---- answering the current question -------------------------------------------------------

  /** A wrong answer: say why, ask again; after too many in a row, offer a person. */
  function failure(ctx: Ctx, frame: Frame, reasonKey: string, reasonVars: Record<string, string | number> = {}): void {
    // The message taken a moment ago, arriving again (a double tap, a resend on a slow connection:
    // the name at the NIK question, "cek status RBG-…" at the four digits): said so, and the question
    // asked now again; not refused as a wrong answer to it. "lewati" twice is two answers.
    if (ctx.repeated && !reasonKey.endsWith(".required")) {
      say(ctx, ctx.m.t("form.repeated"));
      return reprompt(ctx);
    }
    ctx.failed = true;
    ctx.s.engine.failures += 1;
    // A step with its own retry question (consent) says in it what to answer: the generic "pick
    // one of the options above" on top of it would say the same twice.
    const step = stepOf(frame);
    if (!(reasonKey === "field.choice.unknown" && step && "retry_prompt" in step && step.retry_prompt)) {
      say(ctx, ctx.m.t(reasonKey, { ...vars(ctx, frame), ...reasonVars }));
    }
    if (ctx.s.engine.failures >= patterns.max_failures) {
      ctx.s.engine.failures = 0;
      startFlow(ctx, "offer_human", { reason: "repeated_failure" }, "push");
    }
    reprompt(ctx);
  }

  /** A valid answer: store it, move on (or back to the summary when correcting), continue. */
  function accepted(ctx: Ctx, frame: Frame, field: string, value: unknown, next: () => void): void {
    ctx.s.engine.failures = 0;
    frame.slots[field] = value;
    if (frame.slots._return) {
      returnToConfirm(ctx, frame);
      // Back at the summary: a document the new answer calls for. Back at a later question (an
      // earlier answer fixed mid-form, fixedEarlier): the documents come in their turn.
      if (stepOf(frame)?.type === "confirm") askMissingDocument(ctx, frame, frame.step, field);
    } else next();
    run(ctx);
  }

  function returnToConfirm(ctx: Ctx, frame: Frame): void {
    const target = String(frame.slots._return);
    delete frame.slots._return;
    delete frame.slots._edit;
    frame.step = target;
    ctx.s.engine.expecting = undefined;
  }

  /** Tries to read `text` as a question asked in the middle of something else; answers it if so. */
  /** The text without the words of the permit's name and aliases ("perpanjangan sip" → "perpanjangan"). */
  function withoutPermitWords(text: string, permitId: string | undefined): string {
    const p = permitId ? kb.permit(permitId) : undefined;
    if (!p) return foldText(text);
    const own = new Set([p.name, ...p.aliases].flatMap((n) => foldText(n).split(" ")));
    return foldText(text)
      .split(" ")
      .filter((w) => !own.has(w))
      .join(" ");
  }

  /** How long a status shown stays the subject of "apa yg kurang?", "kok lama?" without a new look-up. */
  const CHECK_FRESH_MS = 60 * 60 * 1000;
  /** "apa yang salah sama website OSS, error terus?": about a system, not the application just checked. */
  const ABOUT_A_SYSTEM = /\b(?:website|web|situs|aplikasi|apk|app|error|eror|oss|simbg|sicantik|server)\b/;
  /** The writer's own ("sip sy", "izin saya", "izinku"). */
  const OWN_SAID = /\b(?:saya|sy|aku|ku|kami|izinku|ijinku|my|mine)\b/;
  /**
   * The message names a permit other than the one this form is for, as the one meant ("salah
   * pilih", "… aja"): not "KTP nya lagi dipinjem suami buat ngurus NIB" (a reason to wait).
   */
  function namesOtherPermit(frame: Frame, text: string): boolean {
    const named = understander.understand(text).permit;
    const t = foldText(text);
    return !!named && named !== frame.slots.permit && (MEANT_OTHER.test(t) || WANTED_INSTEAD.test(t) || /(?:aja|saja)/.test(t));
  }

  /** Most words (at least two) begin with a capital letter: a title or a name, not a sentence. */
  function titleCased(text: string): boolean {
    const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
    return words.length >= 2 && words.filter((w) => /^\P{L}*\p{Lu}/u.test(w)).length >= 0.6 * words.length;
  }

  /**
   * Written to the office, not an answer that names a subject: a question, "!", or the words of
   * someone speaking ("saya", "kok", "mau komplain", "min", "banget"). A research title in
   * sentence case ("Pengaruh penanganan keluhan terhadap kepuasan pasien") has none of them.
   */
  function saidToUs(text: string): boolean {
    return looksLikeQuestion(text) || /!/.test(text) || foldText(text).split(" ").some((w) => SPEAKING.has(w));
  }

  function digression(ctx: Ctx, frame: Frame | undefined, text: string, strict: boolean): boolean {
    // "lewati", "ya", "tidak" answer the question; they are never a question about a permit.
    if (repairWords.has(foldText(text))) return false;
    const permit = (frame?.slots.permit as string | undefined) ?? ctx.s.engine.context.permit;
    const questiony = looksLikeQuestion(text);
    // "survei kepuasan itu apa ya?" at a form question: answered, and the question asked again (at a
    // free-text question only as a question: "Musala Al-Ikhlas" may be the building's name).
    if (!strict || questiony) {
      if (topicInPassing(ctx, text)) return true;
    }
    const u = ctx.hint?.understanding ?? understander.understand(text, permit ? { permit } : {});
    // "ganti izin lain aja" in the middle of an application, no permit named: asked first (the
    // answers would go), then which permit. Not stored as the answer (it was, as a facility's name).
    if (frame?.flow === "apply" && !u.permit && u.intent !== "check_status" && wantsOtherPermit(text) && unsentAnswers(ctx)) {
      startFlow(ctx, LEAVE_FLOW, { repair: "cancel", _other_permit: true }, "push");
      run(ctx);
      return true;
    }
    // "bot bodoh" at the NIK question: frustration with Loket, not a complaint about the office (no
    // complaint channels): an apology and the offer of a person; the question stays beneath.
    if (
      (u.intent === "complaint" || u.intent === "out_of_scope" || u.confidence < patterns.confidence_threshold) &&
      !u.permit &&
      frustratedWithBot(text) &&
      // At a free-text question only said to Loket, or naming it ("bot bodoh": no billboard says that).
      !(strict && (titleCased(text) || !(saidToUs(text) || foldText(text).split(" ").some((w) => botWords.has(w))))) &&
      flows.byId.has("offer_human")
    ) {
      if (hasApology()) startFlow(ctx, "offer_human", { reason: "repeated_failure" }, "push", "sorry");
      else startFlow(ctx, "offer_human", { reason: "repeated_failure" }, "push");
      run(ctx);
      return true;
    }
    if (u.confidence < patterns.confidence_threshold) return false;
    // "nomor wa petugas berapa" in the middle of a form: the office's contacts, and the form goes on;
    // a person only when asked for ("petugas", as the contacts answer says).
    if (u.intent === "talk_to_staff" && !u.later && asksContact(text)) {
      say(ctx, answerOffice(kb, ctx.m, "contact", deps.now ? { now: deps.now } : {}));
      say(ctx, ctx.m.t("digression.resume"));
      reprompt(ctx);
      return true;
    }
    if (u.intent === "talk_to_staff") {
      startFlow(ctx, "handoff", { reason: "citizen_asked" }, "push");
      run(ctx);
      return true;
    }
    // A complaint in the middle of a form ("petugasnya tidak sopan, saya mau komplain"): where to
    // complain and the offer of a person, on top; the form's question stays beneath.
    // Not a title or a name at a text question, written in capitals word by word ("Analisis
    // Penanganan Keluhan Masyarakat …" as the research title, "Warung Kacau Balau").
    if (u.intent === "complaint" && flows.byId.has("complaint") && !(strict && (titleCased(text) || !saidToUs(text)))) {
      startFlow(ctx, "complaint", { reason: "complaint" }, "push");
      run(ctx);
      return true;
    }
    // The status of an application already filed, asked in the middle of something else ("cek
    // status RBG-2026-000123" at the name question): checked on top, then the question again.
    // A number alone is not enough: a form may ask for one ("Nomor PBG / IMB" of the SLF).
    const parts = statusParts(spokenPrefix(text));
    // "cek status" itself is enough where it cannot be the answer (the NIK or phone question), or
    // said as the command ("cek status dulu", in English "check status please"): the receipt and
    // status.later promise it any time.
    const statusCommand = !strict || /^\s*(?:(?:saya|aku|i)\s+)?(?:mau\s+|want\s+to\s+)?(?:cek|check)\s+(?:(?:the|my)\s+)?status(?:\s+(?:dulu|permohonan|saya|min|kak|ya|sebentar|please|first|now))*\s*[.!?]*\s*$/i.test(text);
    // The status check is the flow patterns.yaml's check_status goes to, whatever its name.
    const target = patterns.intents.check_status;
    if (target && frame?.flow !== target.flow && u.intent === "check_status" && (parts.number || questiony || statusCommand)) {
      if (parts.number) oneAtATime(ctx, text, parts.number);
      startFlow(ctx, target.flow, { ...target.slots, ...statusSlots(target.flow, parts), _aside: true }, "push", target.step);
      run(ctx);
      return true;
    }
    // Applying for another permit in the middle of this application ("gak jadi, mau daftar PBG
    // aja"): asked first, as for "batal" (the answers so far would go), then that request is taken.
    const formPermit = frame?.slots.permit as string | undefined;
    // "eh salah, maksud saya SIP perawat": the other permit named as what was meant, no question about it.
    // "eh ternyata rumah sy udh jadi, yg sy butuh slf bukan pbg": the form's permit ruled out beside the
    // other one, which is needed instead (its "butuh" read as its requirements).
    const formRuledOut = !!u.permit && !!formPermit && u.permit !== formPermit && rulesOutPermit(text, formPermit);
    const meant = !!u.permit && !!formPermit && u.permit !== formPermit && u.intent !== "apply" && (!u.aspect || u.aspect === "general" || (formRuledOut && u.aspect === "requirements")) && !/\?/.test(text) && (MEANT_OTHER.test(foldText(text)) || WANTED_INSTEAD.test(foldText(text)) || formRuledOut);
    if ((u.intent === "apply" || meant) && u.permit && formPermit && u.permit !== formPermit && unsentAnswers(ctx)) {
      // "sekalian PBG juga bisa?": both can be done, one after the other; the question whether to
      // delete this one follows, as for any other permit asked for.
      const current = kb.permit(formPermit);
      const other = kb.permit(u.permit);
      if (!meant && current && other && wantsAlsoPermit(text) && !other.submission.loketCanApply) {
        // "kalau spp-irt bisa daftar di sini juga?": a permit applied for through OSS, which Loket does
        // not take: said so (not "Bisa … ketik ajukan SPP-IRT"), and this application goes on.
        say(ctx, ctx.m.t("leave.both_oss", { current: shortName(permitIn(current, ctx.m.lang)), other: shortName(permitIn(other, ctx.m.lang)), permit_url: other.submission.url ?? "https://oss.go.id" }));
        reprompt(ctx);
        return true;
      }
      if (!meant && current && other && wantsAlsoPermit(text)) {
        say(ctx, ctx.m.t("leave.both", { current: permitIn(current, ctx.m.lang).name, other: shortName(permitIn(other, ctx.m.lang)) }));
        // Kept with this application: once it is sent, the citizen is reminded of the other one.
        frame!.slots._also = other.id;
      } else if (current && other) {
        // The question below says what would go; this line says for which permit (it did not).
        say(ctx, ctx.m.t("leave.switch", { current: shortName(permitIn(current, ctx.m.lang)), other: shortName(permitIn(other, ctx.m.lang)) }));
      }
      startFlow(ctx, LEAVE_FLOW, { repair: "cancel", request: text, ...(meant ? { apply: u.permit } : {}) }, "push");
      run(ctx);
      return true;
    }
    // Not "sekalian nanti pbg jg bisa?" (both wanted, asked: answered above, the form kept).
    if ((meant || (u.intent === "apply" && !!u.permit && !!formPermit && u.permit !== formPermit && !wantsAlsoPermit(text) && !/\?/.test(text))) && frame?.flow === "apply") {
      // Nothing answered yet: the meant permit's application at once ("eh salah min, sy mau ngajuin
      // pbg bukan reklame" at the first question was stored as the name).
      ctx.s.engine.stack = [];
      ctx.s.engine.expecting = undefined;
      startFlow(ctx, "apply", { permit: u.permit }, "reset");
      run(ctx);
      return true;
    }
    // Only a message that reads as a question (or names a permit outright) interrupts an answer.
    // The form's own permit named without asking anything of it ("dokter PNS di puskesmas" at the
    // SIP dokter's "Status kepegawaian": a profession) is an answer, not a wish for its overview.
    const ownPermitOnly = !!formPermit && u.permit === formPermit && (!u.aspect || u.aspect === "general");
    if (!questiony && (strict || !u.permit || ownPermitOnly)) return false;
    let answer: string | undefined;
    if (u.intent === "ask" && (u.permit ?? permit)) {
      answer = answerPermit(kb, ctx.m, (u.permit ?? permit)!, permitAspect(u, text), u.permit ? ((u.more ?? []) as PermitAspect[]) : [], today());
    } else if (u.intent === "office_info") {
      answer = answerOffice(kb, ctx.m, (u.aspect as OfficeAspect | null) ?? "hours", officeOptions({ text }));
    } else if (u.intent === "referral" && u.referral) {
      answer = answerReferral(kb, ctx.m, u.referral);
    } else if (u.intent === "list_permits") {
      answer = listPermits(kb, ctx.m);
    }
    if (!answer) return false;
    say(ctx, answer);
    // Further questions in the same message ("biayanya brp? trus kantor buka jam brp?") are answered
    // too; a request to act among them (a status check, a person) waits: the form goes on.
    for (const further of u.then ?? []) for (const answer of answersTo(ctx, further, text)) say(ctx, answer);
    say(ctx, ctx.m.t("digression.resume"));
    reprompt(ctx);
    return true;
  }

  function handleText(ctx: Ctx, text: string): void {
    const frame = top(ctx);
    const step = frame ? stepOf(frame) : undefined;
    if (!frame || !step) return route(ctx, text);
    if (!ctx.s.engine.expecting) {
      // A question left pending unseen: a flow on top of it (survey, handoff) ended quietly.
      if (!QUESTION_STEPS.has(step.type)) return route(ctx, text);
      run({ ...ctx, out: [], waiting: false }); // restores `expecting` without saying anything
      const pending = ctx.s.engine.expecting as EngineState["expecting"];
      if (pending?.kind === "text" || pending?.kind === "choice" || pending?.kind === "confirm") {
        // Free text could be anything: only a confident new request leaves; else ask again, visibly.
        const u = ctx.hint?.understanding ?? understander.understand(text, ctx.s.engine.context.permit ? { permit: ctx.s.engine.context.permit } : {});
        if (u.confidence >= patterns.confidence_threshold && NEW_REQUESTS.has(u.intent)) return route(ctx, text);
        say(ctx, ctx.m.t("digression.resume"));
        return reprompt(ctx);
      }
      // A typed answer (NIK, phone, number, date, e-mail) with nothing of one in it ("pelayanan
      // bagus" after the survey): not a try at the question, so no error about it; asked again, visibly.
      const typed = pending?.kind === "email" ? /@/.test(text) : pending && ["nik", "phone", "number", "date"].includes(pending.kind) ? /\d/.test(text) : true;
      if (!typed) {
        const u = ctx.hint?.understanding ?? understander.understand(text, ctx.s.engine.context.permit ? { permit: ctx.s.engine.context.permit } : {});
        if (u.confidence >= patterns.confidence_threshold && NEW_REQUESTS.has(u.intent)) return route(ctx, text);
        say(ctx, ctx.m.t("digression.resume"));
        return reprompt(ctx);
      }
    }
    switch (step.type) {
      case "ask": {
        // Corrected data staff asked for (flows/correction.yaml `data`): "salahnya apa?" is answered
        // with the staff's note; "ok", "siap", thanks or "nanti" ask for the data again (not passed on).
        if (frame.slots.kind === "data" && typeof frame.slots.number === "string") {
          // "oke siap, senin saya ke MPP": a visit announced, not the correction: thanked with the
          // office's hours, and the data may still be written here (the request stays).
          if (!/\d/.test(text) && ownTalk.visit(text) && !looksLikeQuestion(text)) {
            ctx.s.engine.failures = 0;
            say(ctx, ctx.m.t("status.own.visit", { number: frame.slots.number }));
            say(ctx, answerOffice(kb, ctx.m, "hours", officeOptions({ text })));
            return reprompt(ctx);
          }
          if (statusFollowUps.some((f) => f.kind !== "when" && f.says(text))) {
            ctx.s.engine.failures = 0;
            if (typeof frame.slots.note === "string" && frame.slots.note) say(ctx, ctx.m.t("status.note", { note: frame.slots.note }).trim());
            return reprompt(ctx);
          }
          if (!/\d/.test(text) && (yesOrNo(text) !== undefined || saysThanks(ctx, text) || saysLater(text))) {
            ctx.s.engine.failures = 0;
            return reprompt(ctx);
          }
        }
        if (step.own_applications === "offer") {
          // "2", "yang reklame" under the list of this conversation's applications (WhatsApp numbers it).
          const picks = ownPicks(ctx, frame, step);
          const picked = picks.length && !REGISTRATION_IN_TEXT.test(text) ? (matchChoice(text, picks) ?? matchChoiceWords(text, picks)) : undefined;
          if (picked) return accepted(ctx, frame, step.field, CHOICE_ID.exec(picked)![3]!, () => goTo(ctx, frame, step.next));
          // "yang kemarin", "yg minggu lalu" under the list: the day each was sent picks one.
          const byDay = picks.length && !REGISTRATION_IN_TEXT.test(text) ? ownPicked(ctx, frame, text, [], false) : undefined;
          if (byDay) return accepted(ctx, frame, step.field, byDay, () => goTo(ctx, frame, step.next));
        }
        if (step.reads === "registration_number") {
          // The number question answered with the number and the phone's last four digits together
          // ("RBG-2026-000123 7890"): both taken, the digits' question (`reads: phone_last4`) skipped.
          const parts = statusParts(spokenPrefix(text));
          if (parts.number) oneAtATime(ctx, text, parts.number);
          const digits = parts.last4 ? readingField(frame, "phone_last4") : undefined;
          if (parts.number && digits) {
            frame.slots[digits] = parts.last4!;
            return accepted(ctx, frame, step.field, parts.number, () => goTo(ctx, frame, step.next));
          }
          // The number in a sentence or with a full stop after it ("No. RBG-2026-000123",
          // "RBG-2026-000123.", "nomornya RBG-2026-000123 kak"): the number is what was asked.
          if (parts.number) return accepted(ctx, frame, step.field, parts.number, () => goTo(ctx, frame, step.next));
        }
        if (step.own_applications === "offer") {
          // "ya", "iya itu" under "Nomor registrasi terakhir di percakapan ini: …": that number.
          const own = ctx.s.engine.context.application;
          if (typeof own === "string" && yesOrNo(text) === "yes") return accepted(ctx, frame, step.field, own, () => goTo(ctx, frame, step.next));
        }
        if (step.reads === "registration_number") {
          // A number from SIMBG ("PBG-337101-15082026-01") or OSS (a 13-digit NIB): not Loket's, so
          // where its status is seen, instead of the format of Loket's numbers again.
          const outside = outsideSystem(text);
          if (outside) {
            say(ctx, ctx.m.t("status.elsewhere", { channel: channelName(ctx.m, kb.office, outside) }));
            if (frame.slots._aside) {
              leaveAside(ctx);
              return reprompt(ctx);
            }
            return endFrame(ctx, false);
          }
          // No number to give ("lupa nomornya", "nomor registrasinya hilang"): where it is written, and
          // staff, who can find the application; the check ends (a number typed later is checked).
          if (!frame.slots._aside && !/\d/.test(text) && saysNoNumber(text)) {
            sayKey(ctx, "status.no_number", frame);
            return endFrame(ctx, true);
          }
          // A check asked in the middle of a form, then not pursued ("lupa nomornya", "lanjut isi
          // formulir aja", or the form's own answer): back to the form, nothing lost.
          if (frame.slots._aside && !/[A-Za-z]{2,8}[-\s./]*\d{4}/.test(text)) {
            leaveAside(ctx);
            return /\d{8,}/.test(text) ? handleText(ctx, text) : reprompt(ctx);
          }
        }
        // "eh maaf salah ketik, yg bener RBG-2026-000001" asked for the digits: the number typed before
        // corrected; checked as if given at the number's question (its own application needs no digits).
        if (step.reads === "phone_last4") {
          const again = statusParts(spokenPrefix(text)).number;
          const numberStep = flow(frame.flow).steps.find((x) => x.type === "ask" && x.reads === "registration_number");
          if (again && numberStep && numberStep.type === "ask" && again !== frame.slots[numberStep.field]) {
            frame.step = numberStep.id;
            ctx.s.engine.expecting = undefined;
            return handleText(ctx, text);
          }
        }
        // The last four digits in a sentence: "hp saya 0812 3456 7890", "… 4 angka terakhir 6789".
        if (step.reads === "phone_last4" && !REGISTRATION_IN_TEXT.test(text)) {
          const cued = cuedLast4(text);
          // "78 90", "7 8 9 0": four digits with spaces between them.
          const spaced = /^\s*\d{1,3}(?:[ .-]\d{1,3})+\s*$/.test(text) && text.replace(/\D/g, "").length === 4 ? text.replace(/\D/g, "") : undefined;
          const last4 = cued ?? phoneLast4(text) ?? onlyFourDigits(text) ?? spaced;
          if (last4) return accepted(ctx, frame, step.field, last4, () => goTo(ctx, frame, step.next));
          // A NIK instead ("lupa no hp istri saya, pakai NIK aja ya 3317…"): not a key to the status, said so.
          const nik = digitRuns(text).some((run) => run.length === 16);
          if (nik && !frame.slots._aside) sayKey(ctx, "status.nik_not_key", frame);
          // The phone number forgotten or changed ("lupa no hp nya", "hp lama sudah hilang"): staff.
          if (!frame.slots._aside && (nik || !/\d/.test(text)) && (saysNoNumber(text) || /\b(?:ganti|sudah tidak aktif|udah ga aktif|mati)\b/i.test(text))) {
            sayKey(ctx, "status.no_phone", frame);
            return endFrame(ctx, true);
          }
          if (nik && !frame.slots._aside) return reprompt(ctx);
          // A check on top of a form, not pursued ("lupa, nanti saja"): back to the form.
          if (frame.slots._aside && !/\d/.test(text)) {
            leaveAside(ctx);
            return reprompt(ctx);
          }
        }
        // "ok makasih", "oke terima kasih bu": a goodbye with an "ok" in it, not a yes to the question.
        const okThanks = okCourtesy(text) && saysThanks(ctx, text);
        if (step.reads && !frame.slots._aside && !/\d/.test(text) && (!yesOrNo(text) || okThanks) && (clearRequest(ctx, text) || saysThanks(ctx, text))) {
          // "normalnya brp hari?" while the number is awaited ("pbg saya sudah jadi belum?" before it):
          // the processing time is part of the check, not a new request. Answered, and the check goes
          // on: the citizen is told Loket still needs the number (or the digits) and asked again.
          const permit = ctx.s.engine.context.permit;
          const u = ctx.hint?.understanding ?? understander.understand(text, permit ? { permit } : {});
          const about = u.intent === "ask" && u.aspect === "duration" ? (u.permit ?? permit) : undefined;
          if (about && kb.permit(about)) {
            say(ctx, answerPermit(kb, ctx.m, about, "duration", [], today()));
            talkedAbout(ctx, about, "duration");
            sayKey(ctx, step.reads === "phone_last4" ? "status.still_needed.phone_last4" : "status.still_needed.registration_number", frame);
            return reprompt(ctx);
          }
          // No permit named or talked about: the application's permit is not known until the number
          // and the digits match, and naming it before would tell a stranger which permit a number
          // is for. That it depends on the permit, that the status will say it (`_duration`), and
          // the check goes on.
          if (u.intent === "ask" && u.aspect === "duration" && !u.permit) {
            frame.slots._duration = true;
            say(ctx, ctx.m.t("status.duration_after_check"));
            sayKey(ctx, step.reads === "phone_last4" ? "status.still_needed.phone_last4" : "status.still_needed.registration_number", frame);
            return reprompt(ctx);
          }
          // "makasih min", "syarat pbg apa" instead of a number (a `reads` question): the check is dropped, the message taken.
          ctx.s.engine.stack.pop();
          ctx.s.engine.expecting = undefined;
          return route(ctx, text);
        }
        if (step.kind === "text" && digression(ctx, frame, text, true)) return;
        // "RBG 2026 123": the serial with its zeros (RBG-2026-000123). The year is a year: "RBG-000001"
        // (no year) is not RBG-0000-000001, it is asked again with the example.
        const given = step.reads === "registration_number" ? withSerialZeros(spokenPrefix(text), SPACED_NUMBER) : text;
        const raw = step.upper ? given.trim().toUpperCase() : given;
        let r = validateField(step.kind, raw, { ...(step.min !== undefined ? { min: step.min } : {}), ...(step.max !== undefined ? { max: step.max } : {}) });
        if (r.ok && step.pattern && !new RegExp(step.pattern, "u").test(r.value)) r = { ok: false, reason: step.pattern_reason ?? "field.text.pattern" };
        if (r.ok) return accepted(ctx, frame, step.field, r.value, () => goTo(ctx, frame, step.next));
        if (step.kind !== "text" && digression(ctx, frame, text, false)) return;
        return failure(ctx, frame, r.reason, { min: step.min ?? "", max: step.max ?? "", ...dateExamples(ctx, {}) });
      }
      case "choose": {
        const opts = optionsOf(ctx, frame, step);
        if (scoreAnswer(ctx, frame, step, text)) return;
        // A bare number after the numbered list of permits: the permit listed under it, unless it is
        // also the number of a button the channel showed numbered (WhatsApp's "1. Menu utama").
        const bare = ctx.s.engine.context.listed ? bareNumber(text) : undefined;
        if (bare && (!NUMBERED_CHOICE_CHANNELS.has(ctx.s.channel) || bare > opts.length) && listedPermitIds(kb, listedCategory(ctx))[bare - 1]) {
          ctx.s.engine.stack.pop();
          ctx.s.engine.expecting = undefined;
          return route(ctx, text);
        }
        // "9" where WhatsApp showed five numbered choices: no choice has that number; which ones do.
        const typed = NUMBERED_CHOICE_CHANNELS.has(ctx.s.channel) && !step.scale ? bareNumber(text) : undefined;
        if (typed !== undefined && typed > opts.length && !opts.some((o) => /^\d+$/.test(o.id))) return failure(ctx, frame, "choice.no_such_number", { n: opts.length });
        const v = lazyVars(ctx, frame);
        const labelled = opts.map((o) => ({ id: o.id, label: ctx.m.t(o.label, v) }));
        const afterYes = withoutLeadingYes(text);
        const id =
          matchChoice(text, labelled) ??
          matchAlso(ctx, opts, text) ??
          // "iya sy mau ngadu ke petugas aja": a yes before the yes option's own words (not "iya hapus"
          // before "jangan hapus", another option's words).
          (afterYes ? [matchAlso(ctx, opts, afterYes)].find((id) => id !== undefined && YES_OPTIONS.has(id)) : undefined) ??
          matchEmoji(ctx, opts, text) ??
          // "udh cukup makasih" at "Sudah cukup": the option's words without the courtesies around them.
          coreChoice(text, labelled) ??
          // "iya tarik persetujuan": a yes before an option's label is that option (not at a
          // yes-or-no question, whose buttons' own words are read by ownWordsChoice: "lanjut hapus").
          (afterYes && !opts.some((o) => YES_OPTIONS.has(o.id) || NO_OPTIONS.has(o.id)) ? matchChoice(afterYes, labelled) : undefined) ??
          // "I want a copy, please ask the staff" at a question with a button for staff: that button
          // (not at the menu, where such words are read as a request: "ada petugas yang minta uang").
          (step.free_text !== "route" && opts.some((o) => o.id === "staff") && mentionsStaff(text) && !kindsSaid(text).has("no") ? "staff" : undefined);
        if (id) {
          // "syarat?" picks "Tanya syarat/biaya izin" by its words and still asks about requirements.
          if (!/^\d/.test(text.trim()) && opts.find((o) => o.id === id)?.next === "which_permit") {
            const aspect = understander.understand(text).aspect;
            if (aspect && aspect !== "general" && (PERMIT_ASPECTS as readonly string[]).includes(aspect)) frame.slots.aspect = aspect;
          }
          return choose(ctx, frame, step, id);
        }
        const scored = scoreThenRemark(ctx, frame, step, text);
        if (scored) {
          if (step.comment) say(ctx, ctx.m.t(step.comment));
          return choose(ctx, frame, step, scored);
        }
        // "gak usah petugas, udah jelas kok" at an offer with a "that's all" button (the privacy
        // answer's): a no first is that button, not a word to act on (it opened a case for "petugas");
        // so is the matter settled ("that is all, thanks", "udah jelas"; longer only with thanks:
        // "oh gitu, oke udah jelas kak makasih banyak ya", not "udah jelas. sekarang saya mau daftar …").
        const doneOption = opts.find((o) => o.id === "done");
        if (doneOption && !opts.some((o) => YES_OPTIONS.has(o.id) || NO_OPTIONS.has(o.id)) && (yesNoWords(text)[0]?.said === "no" || settled(text) || (settledOnly(text) && !looksLikeQuestion(text) && saysThanks(ctx, text)))) return choose(ctx, frame, step, doneOption.id);
        // "ok lanjut", "iya lanjutkan" after a permit's answer whose buttons offer to apply here: a yes
        // with a word to go on takes that offer ("lanjut" alone asks what comes next: go_on, in route).
        if (step.about_permit && opts.some((o) => o.id === "apply") && yesGoesOn(text) && yesNoWords(text).some((t) => t.kind === "yes" && !GO_AHEAD.has(t.word))) return choose(ctx, frame, step, "apply");
        // "iya batal" asked whether to delete the answers after "batal": the same word again is a yes.
        // Said in parts at "delete the answers?", the last one decides: "gajadi batal, terusin" goes
        // on filling in, "gk jadi lanjut daftar, batal aja" deletes.
        if (frame.flow === LEAVE_FLOW && opts.some((o) => o.id === "no") && goesOnAtEnd(text)) return choose(ctx, frame, step, "no");
        if (typeof frame.slots.repair === "string" && opts.some((o) => o.id === "yes") && repeatsRepair(text, frame.slots.repair) && !goesOnAtEnd(text)) return choose(ctx, frame, step, "yes");
        // A yes or a no; at the consent question also a yes before a remark ("setuju, tapi saya ga
        // punya email"), unless the remark takes it back or asks ("ya, tapi jangan …", "…untuk apa?").
        // Never for other confirmations: "ya, tapi jangan dihapus dulu" must not erase anything.
        // "skip", "nanti aja", "ga mau" at a rating question: the survey is stopped, not asked again.
        // "skip aja ya, lagi sibuk": the skip first, then why.
        // "tidak, lagi sibuk": a no first, then why.
        const head = headClause(text);
        const stopsSurvey = (t: string) => saysLater(t) || saysStop(t) || onlyBusy(t);
        if (step.scale && !/\d/.test(text) && (isWord(text, "skip") || head?.kind === "skip" || yesOrNo(text) === "no" || stopsSurvey(text) || (head?.kind === "no" && stopsSurvey(head.rest)))) {
          ctx.s.engine.failures = 0;
          goTo(ctx, frame, step.scale.stop);
          return run(ctx);
        }
        // "nanti aja ya bu lg nyetir", "udh dulu ya min" at the survey's offer: declined (was "pick one of the options").
        if (isSurveyOffer(frame, step) && !/\d/.test(text.replace(/(?<=\p{L})2\b/gu, "")) && stopsSurvey(text) && !yesOrNo(text)) {
          const no = opts.find((o) => NO_OPTIONS.has(o.id));
          if (no) return choose(ctx, frame, step, no.id);
        }
        // "5 semua min, mantap pelayanannya" at the survey's offer, no form beneath: a score given
        // already is a yes (it was thanked as a remark and offered again); the questions follow.
        if (isSurveyOffer(frame, step) && !ctx.s.engine.stack.some((f) => f.flow === "apply") && !looksLikeQuestion(text) && !REGISTRATION_IN_TEXT.test(text)) {
          // The first clause only a score ("5 semua min"), not a figure in a remark ("lama bgt, 2 minggu baru jadi").
          const score = readScore(text.split(/[,;.!]/)[0]!, false);
          const yes = opts.find((o) => YES_OPTIONS.has(o.id));
          if (score && score.n >= 1 && score.n <= 10 && yes) return choose(ctx, frame, step, yes.id);
        }
        // "eh salah, sy mau cek status permohonan aja" at the consent: "salah" owns a slip, it is no
        // refusal; the request after it is taken as if said alone (a status check leaves the application).
        if (step.free_text === "request" && head?.rest && ownsSlip(head.said) && clearRequest(ctx, head.rest, true)) {
          ctx.hint = undefined;
          return handleText(ctx, head.rest);
        }
        const plain = yesOrNo(text) ?? (opts.some((o) => o.id === "agree") ? (yesBeforeRemark(text) ?? yesAfterRemark(text)) : undefined);
        // A yes word that is also one option's own word ("lanjut aja" under "Tidak, lanjut mengisi"):
        // that option, not the yes (which would have erased the answers).
        const own = plain ? ownWordOption(ctx, frame, opts, text, plain) : undefined;
        const inWords = plain ? undefined : ownWordsChoice(ctx, frame, opts, text);
        const beneath = ctx.s.engine.stack[ctx.s.engine.stack.length - 2];
        const nothingBeneath = step.free_text === "below" && (!beneath || beneath.flow === "menu");
        // "yaudah gk usah petugas, sy ajukan izin spanduknya skrg aja": the no option's words, then a
        // request after them, routed (as "gk usah. cek status aj" below).
        const afterNo = inWords && NO_OPTIONS.has(inWords) && (step.free_text === "route" || nothingBeneath) ? /^[^,.;!?]+[,.;!?]+\s*(\S[\s\S]*)$/.exec(text.trim())?.[1] : undefined;
        if (afterNo && clearRequest(ctx, afterNo, true)) {
          ctx.s.engine.stack.pop();
          ctx.s.engine.expecting = undefined;
          ctx.hint = undefined;
          return route(ctx, afterNo);
        }
        if (inWords) return choose(ctx, frame, step, inWords);
        const yn =
          plain ??
          // "gak usah, lanjut isi aja" at an offer: the no before the remark.
          (head?.kind === "no" && opts.some((o) => NO_OPTIONS.has(o.id)) ? "no" : undefined) ??
          // "gk setuju ah min, takut datanya kesebar" at the consent: the refusal before why.
          (opts.some((o) => o.id === "decline") && head && yesOrNo(head.said) === "no" ? "no" : undefined);
        if (own) return choose(ctx, frame, step, own);
        // "gk usah. cek status aj" at an offer of the menu's (a person after a complaint): the no, then
        // the request after it is routed (it got only the menu's prompt).
        // "oh gk usah, sy mau tanya syarat sppl aja" at the offer of a person with no form beneath: the same.
        if ((step.free_text === "route" || nothingBeneath) && head?.kind === "no" && head.rest && clearRequest(ctx, head.rest, true)) {
          ctx.s.engine.stack.pop();
          ctx.s.engine.expecting = undefined;
          // The message's understanding (the hint) is not the rest's.
          ctx.hint = undefined;
          return route(ctx, head.rest);
        }
        const answer = yn ? opts.filter((o) => (yn === "yes" ? YES_OPTIONS : NO_OPTIONS).has(o.id)) : [];
        if (answer.length === 1) return choose(ctx, frame, step, answer[0]!.id);
        // Words of this question's own buttons in a message it could not read ("lanjut hapus", "mau lanjut
        // isi tapi hapus foto ktp" under "Hapus isian permohonan?"): said to it, not an answer to the
        // question beneath (it was stored as the address): asked again.
        // "surveinya wajib gk min?" at the survey's offer: the survey asked about (its buttons' words
        // are in it), answered, and the offer again.
        if (isSurveyOffer(frame, step) && looksLikeQuestion(text) && topicInPassing(ctx, text)) return;
        if (step.free_text === "below" && namesOwnButtons(ctx, frame, opts, text)) return failure(ctx, frame, "field.choice.unknown");
        if (stepAside(ctx)) return handleText(ctx, text);
        if (step.free_text === "route") return route(ctx, text);
        // "pelayanannya lama bgt" at a survey question: feedback, thanked, and the question again;
        // a complaint ("petugasnya minta uang") still goes to the complaint channels below.
        if (step.comment && remark(ctx, text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t(step.comment));
          return reprompt(ctx);
        }
        // "eh, kantor buka sampai jam berapa?" at a survey question: answered in passing and the same
        // question asked again, not the survey dropped unsaid ("skip" still stops it). A status
        // check, a person or a complaint still leaves the survey, below.
        if (step.scale && answeredInPassing(ctx, frame, text) && digression(ctx, frame, text, false)) return;
        // `below` with nothing beneath (a survey offered with no form open) is `request`.
        if ((step.free_text === "request" || step.free_text === "below") && clearRequest(ctx, text) && !aboutThisPermit(ctx, frame, text)) {
          // Leaves this flow: the question beneath takes the message (a digression there), or it is routed.
          return leaveTop(ctx) ? handleText(ctx, text) : route(ctx, text);
        }
        if (digression(ctx, frame, text, false)) return;
        if (step.scale && !/\d{5}/.test(text)) {
          const words = foldText(text).split(" ").filter(Boolean);
          // "selamat pagi" at a rating question (back days later): greeted, the question again, how to stop.
          if (words.length && words.length <= 4 && words.every((w) => greetingWords.has(w))) {
            ctx.s.engine.failures = 0;
            say(ctx, ctx.m.t("skm.greeted"));
            return reprompt(ctx);
          }
          // "petugasnya lama balas, saya nunggu 3 hari": words about the service that are no score,
          // no question and no request (all taken above) are a remark: thanked, the question again.
          if (step.comment && words.filter((w) => /[a-z]/.test(w)).length >= 4) {
            ctx.s.engine.failures = 0;
            say(ctx, ctx.m.t(step.comment));
            return reprompt(ctx);
          }
        }
        // A NIK, a phone number or an e-mail sent at the consent question (skipping it): said plainly
        // that nothing is kept before consent and that the data is asked for after it.
        if (step.options.some((o) => o.consent) && PERSONAL_DATA.test(text)) return failure(ctx, frame, "consent.data_first");
        return failure(ctx, frame, "field.choice.unknown");
      }
      case "choose_permit": {
        const candidates = (frame.slots._candidates as string[] | undefined) ?? [];
        const picked = candidates.length ? matchChoice(text, candidates.map((id) => ({ id, label: kb.permit(id)?.name ?? id }))) : undefined;
        if (picked) return afterPermitAndRun(ctx, frame, step, picked);
        // "Apakah yang dimaksud X?" answered "iya".
        if (candidates.length === 1 && yesOrNo(text) === "yes") return afterPermitAndRun(ctx, frame, step, candidates[0]!);
        const u = understander.understand(text);
        const best = u.candidates[0];
        const second = u.candidates[1];
        const clear = u.permit && (!second || (best && second.score < best.score * 0.75));
        if (u.permit && clear && u.confidence >= patterns.confidence_threshold) {
          // A new question asked instead of picking ("izin apotek berlakunya berapa lama?"): its
          // aspect replaces the one the pending question was about.
          // Asked from the menu ("mau tanya", then "nib itu bayar gk"): its aspect is the one asked.
          if (u.intent === "ask" && u.aspect && u.aspect !== "general" && (frame.slots.aspect !== undefined || frame.flow === "menu")) {
            frame.slots.aspect = u.aspect;
            // "pkkpr nya bayar brp? brp hari jadi?": each aspect asked (only the fee was answered).
            if (u.more?.length) frame.slots.more_aspects = u.more.join(",");
            else delete frame.slots.more_aspects;
          }
          return afterPermitAndRun(ctx, frame, step, u.permit);
        }
        // "setuju", "ya": a word said to the bot, not a permit (nor a hint of "Persetujuan Bangunan
        // Gedung"); "SIP", also a yes word, is a word of permits' names and is read as one.
        if (!candidates.length && yesOrNo(text) && !foldText(text).split(" ").some(namesPermit)) return failure(ctx, frame, "permit.unknown");
        if (u.candidates.length) {
          // Asked again with the new candidates ("permit.which_of" already says we are not sure).
          frame.slots._candidates = offered(u.candidates);
          delete frame.slots._shared;
          return reprompt(ctx);
        }
        if (digression(ctx, frame, text, true)) return;
        return failure(ctx, frame, "permit.unknown");
      }
      case "form": {
        const qs = formQuestions(ctx, frame, step);
        const editing = frame.slots._edit as string | undefined;
        const index = formIndex(frame, qs);
        const q = qs[index]!;
        // Applying for a parent: "NIK siapa? saya atau bapak saya?" is a question (it was stored as the
        // name, or refused as no NIK): the applicant's details, how a representative applies, the question again.
        if (asksWhoseData(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, `${ctx.m.t("form.whose_data")}\n\n${answerRepresentation(kb, ctx.m, permitOf(ctx, frame)?.id)}`);
          return reprompt(ctx);
        }
        // "nib konter sy blm jadi kak, msh bs lanjut gk?" at any question: a document of this permit not
        // had yet, which is optional: it may be skipped when it is asked (it was read as a status check).
        // A required one is told below (lacksPaper, or the question's own help).
        const notHad = !editing && !/\d/.test(text) && looksLikeQuestion(text) && PAPER_NOT_YET.test(foldText(text)) && permitOf(ctx, frame) ? documentAskedOf(permitOf(ctx, frame)!, text, { asked: true }) : undefined;
        if (notHad && !notHad.required) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("form.paper_optional", { name: notHad.name }));
          return reprompt(ctx);
        }
        // "1" at the summary (the name asked), then "ganti alamatnya": another item is meant, not this answer.
        if (editing && otherItemNamed(ctx, frame, editing, text)) return;
        const several = ctx.hint?.prefill ?? labelledAnswers(text, qs, index);
        if (several && !editing && prefillForm(ctx, frame, qs, index, several)) return;
        // "eh nik saya salah ketik, yg bener 3317…" at a later question: that earlier answer is
        // changed at once, as at the summary, and the question stays (it was refused as a wrong phone
        // number, or stored as the address).
        if (!editing && index > 0 && fixedEarlier(ctx, frame, qs.slice(0, index), text)) return reprompt(ctx);
        // "Jl. Kartini No. 5", then "RT 02 RW 03", then "Desa Sumberjo, Kec. Rembang": an address sent
        // in pieces, as people chat. A piece right after the address completes it (it was stored as
        // the next answer, the shop's name); not at a question that is itself a place.
        const before = index > 0 && !editing ? qs[index - 1]! : undefined;
        const soFar = before ? frame.slots[before.id] : undefined;
        if (before && (before.holds === "address" || before.pin) && !q.pin && q.holds !== "address" && !/^(?:alamat|lokasi)\b/i.test(q.writtenLabel ?? q.label) && typeof soFar === "string" && soFar && ADDRESS_PIECE.test(text.trim())) {
          // The address itself sent again (a double tap): not added to itself.
          if (ctx.repeated) {
            say(ctx, ctx.m.t("form.repeated"));
            return reprompt(ctx);
          }
          const whole = checkAnswer(before, `${soFar.replace(/[\s,.]+$/, "")}, ${text.trim()}`);
          if (whole.ok) {
            ctx.s.engine.failures = 0;
            frame.slots[before.id] = whole.value;
            say(ctx, ctx.m.t("form.address_added", { label: before.label, value: whole.value }));
            return reprompt(ctx);
          }
        }
        // The skip button typed back ("lewati", or its number on WhatsApp's numbered list).
        const skip = { id: "__skip", label: ctx.m.t("form.skip") };
        // "gk punya email": the skip words beside the question's own words (its label, its kind's words).
        const labelWords = new Set([q.label, ...(patterns.summary_edit.field_words[q.kind] ?? [])].flatMap((w) => foldText(w).split(" ")));
        // "-" (or "–", ".") is how a form is left empty on paper: at an optional question, the skip.
        if (!q.required && (EMPTY_MARK.test(text) || isWord(text, "skip", labelWords) || (q.kind !== "number" && matchChoice(text, [...(q.options ?? []), skip]) === skip.id))) {
          return acceptForm(ctx, frame, qs, index, "");
        }
        // "email wajib gk? sy gk punya email": whether it must be answered, asked of a question that
        // need not be (it was the office's contacts, for "email"): that it may be skipped, and how. So is
        // not having it, asked about ("SAYA GAK PUNYA EMAIL, KALAU PAKAI EMAIL ANAK SAYA BOLEH TIDAK?").
        if (!q.required && (OPTIONAL_ASKED.test(foldText(text)) || lacksDocument(text)) && (looksLikeQuestion(text) || text.split(/[?.!,]/).some((part) => isWord(part, "skip", labelWords))) && foldedWords(text).some((w) => labelWords.has(w))) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("form.optional_asked", { label: q.label }));
          return reprompt(ctx);
        }
        if (q.required && (isWord(text, "skip") || EMPTY_MARK.test(text)) && !saysLater(text)) {
          // Refused once already (as for a required document): what the citizen can do instead, not
          // the same refusal again, nor another misunderstanding counted towards offering a person.
          if (frame.slots._skipTried === `field:${q.id}`) {
            say(ctx, ctx.m.t("form.required_again", { label: q.label }));
            return reprompt(ctx);
          }
          frame.slots._skipTried = `field:${q.id}`;
          return failure(ctx, frame, "form.required", { label: q.label });
        }
        // "mau tanya dong", "boleh nanya dulu?": a question announced, not the answer (it was stored
        // as the applicant's name). The question is invited; the form waits at the same question. Before
        // the greeting: "mau tanya dulu kak" at the NIK was greeted as "halo kak" and the form went on.
        if (announcesQuestion(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("form.ask_first"));
          return;
        }
        // "halo min", "selamat pagi" (back after a while): greeted, and the question again; not a name
        // (it was stored as one) nor a wrong NIK. At a free-text question only greeting words: a name
        // written as a name ("Selamat Riyadi") or a shop's ("warung sore hari") is the answer.
        if (text.split(/\s+/).length <= 4 && !/\d/.test(text) && (q.kind !== "text" || (!titleCased(text) && foldText(text).split(" ").every((w) => greetingWords.has(w))))) {
          const u = ctx.hint?.understanding ?? understander.understand(text);
          // A thanks only in greeting_words' thanks words ("makasih min 🙏"): "SIP pertama" may read as one.
          const onlyCourtesy = okCourtesy(text);
          if ((u.intent === "greeting" || (u.intent === "thanks" && onlyCourtesy)) && u.confidence >= patterns.confidence_threshold) {
            ctx.s.engine.failures = 0;
            say(ctx, ctx.m.t(u.intent === "thanks" ? "form.thanked" : "form.greeted"));
            return reprompt(ctx);
          }
        }
        // "pagi min, mau lanjut yg kemarin" (back the next day): the form resumed at its question (it
        // was stored as the address). Only greeting words and words of going on.
        if (!/\d/.test(text) && resumesForm(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("digression.resume"));
          return reprompt(ctx);
        }
        // "maaf min baru bales, td lg di sawah" (back after a while): an apology for the wait, no
        // answer (it was stored as the billboard's size); the answers kept, and the question again.
        if (LATE_REPLY.test(foldText(text))) {
          // "maaf baru bales, ukurannya 3x1 meter": the answer after the apology, when it has a digit
          // or begins with the question's own word (the whole message was stored as the size).
          const after = afterLateReply(text);
          // At a choice, a number or a date, the rest when it is a valid answer ("…, yg tetap").
          if (after && (/\d/.test(after) || withoutLead(q, after) !== after || (q.kind !== "text" && checkAnswer(q, after).ok))) return handleText(ctx, after);
        }
        if (!/\d/.test(text) && LATE_REPLY.test(foldText(text))) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("form.late_reply"));
          return reprompt(ctx);
        }
        // "tadi sampe mana ya" (back after a while): the question again with its step; it was a status check.
        // "pagi min, lanjut yg kemarin" (back the next day, at a free-text question too): only
        // patterns.yaml `resume` with greetings, filler and softeners around it.
        if (asksWhereWeWere(text) || resumesAlone(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("digression.resume"));
          return reprompt(ctx);
        }
        if (!/\d/.test(text) && asksFilledSoFar(text)) return filledSoFar(ctx, frame);
        // "nanti lanjut besok, mau cari KK dulu", "sekedap, tak golek KTP riyin", "nanti dulu, lg
        // nyetir": nothing is lost and the question waits (it was a wrong NIK or an unknown option).
        // At a free-text question only with "lanjut" (a billboard's text may say "besok"), or a moment
        // asked to do something first ("bentar ya min sy tanya dosen dulu"). Not with
        // another permit named ("eh bentar min sy salah pilih, … sip bidan aja": that permit instead).
        if (!/\d/.test(text) && saysLater(text) && !(q.kind === "nik" && asksNikHelp(text)) && !(q.kind === "date" && relativeDate(text, today())) && (q.kind !== "text" || /\b(?:lanjut|lanjutkan|lanjutin|lanjutnya|dilanjut|dilanjutkan|dilanjutin|continue)\b/.test(foldText(text)) || waitsAMoment(text) || onlyLater(text)) && !namesOtherPermit(frame, text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("form.later"));
          return reprompt(ctx);
        }
        // "nomor STR itu apa?", "yayasannya masih proses akta": about the question, answered from the
        // field's about:/hint: and asked again; a free-text answer would have stored the words (a
        // question typed at another kind of question is read after its answer is tried, below).
        const helpAsked = q.kind === "text" ? fieldHelpAsked(q, text, permitOf(ctx, frame)?.id) : undefined;
        if (helpAsked) return fieldHelp(ctx, q, helpAsked);
        // "alamat yg mana? ktp atau domisili?" at the applicant's address: this question's address, and
        // the other one the form asks later (the shop's, the practice's); then the question again.
        if (q.holds === "address" && !/\d/.test(text) && asksWhichAddress(text)) {
          ctx.s.engine.failures = 0;
          const later = qs.slice(index + 1).find((o) => o.holds !== "address" && /^(?:alamat|lokasi|address|location)\b/i.test(o.label));
          say(ctx, ctx.m.t("form.which_address", { label: q.label, later: later ? ctx.m.t("form.which_address_later", { label: later.label }) : "" }));
          return reprompt(ctx);
        }
        // "sama dgn alamat ktp" at the practice's (or shop's) address: the applicant's address given
        // before, stored as this answer (the words were stored and shown at the summary).
        if (q.kind === "text" && q.holds !== "address" && q.id !== "alamat" && /^(?:alamat|lokasi|address|location)\b/i.test(q.writtenLabel ?? q.label) && SAME_ADDRESS.test(foldText(text))) {
          const home = qs.slice(0, index).find((o) => o.holds === "address" || (!o.holds && o.id === "alamat"));
          const given = home ? frame.slots[home.id] : undefined;
          if (typeof given === "string" && given) return acceptForm(ctx, frame, qs, index, given);
        }
        // "nama sesuai ktp atau nama toko?" at the applicant's name: the person's, and a business's name asked later.
        if ((q.holds === "name" || (!q.holds && q.id === "nama")) && !/\d/.test(text) && asksWhichName(text)) {
          ctx.s.engine.failures = 0;
          const later = qs.slice(index + 1).find((o) => o.holds !== "name" && /^(?:nama|name)\b/i.test(o.label));
          say(ctx, ctx.m.t("form.which_name", { label: q.label, later: later ? ctx.m.t("form.which_address_later", { label: later.label }) : "" }));
          return reprompt(ctx);
        }
        // "belum ada sertifikat tanah" at the building's location, "nomor NIB saya belum punya" at the STR:
        // a paper not at hand, not this question's answer (an address stored, a format refused).
        if (q.kind === "text" && lacksPaper(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("form.paper_not_yet"));
          return reprompt(ctx);
        }
        if (q.kind === "text" && looksLikeQuestion(text) && topicInPassing(ctx, text)) return;
        // "KBLI itu apa ya?" at the STR question: a term this question is not about, nor a permit.
        const term = q.kind === "text" ? otherTermAsked(q, text, permitOf(ctx, frame)?.id) : undefined;
        if (term) return otherTerm(ctx, q, term);
        if (q.kind === "text" && digression(ctx, frame, text, true)) return;
        // "oke", "lanjut", "ya": a word said to the bot, not a name or an address.
        if (q.kind === "text" && yesOrNo(text)) return failure(ctx, frame, "form.need_answer", { label: q.label });
        // "ini ktp saya" typed after (or before) a photo sent on its own: words about a file, not a
        // name or an address (a caption saying so is already not an answer). Pointing words only: a
        // shop named "Fotokopi Berkah" or a name "Sim Lie Hwa" is the answer.
        if (q.kind === "text" && POINTS_AT_FILE.test(text) && onlyNamesTheFile(text)) return failure(ctx, frame, "form.need_answer", { label: q.label });
        // A free-text answer is taken as written, so one that cannot be one is refused: a question
        // ("nomornya nyusul bisa?", "apa pilihannya" at the name), a number without a digit ("oh gt, ok lanjut" as the STR
        // number), a name or an address without a letter. A field's own `pattern` decides instead.
        const orSkip = q.required ? "" : ctx.m.t("form.or_skip");
        // "pas foto nya yg 4x6 background merah ato biru?" at the name: a question about one of the
        // application's documents (it was refused as a name with digits): that it is asked for
        // later, its note, staff for the rest, and the question again.
        const docAsked = permitOf(ctx, frame) && /\?\s*$/.test(text) ? documentAskedOf(permitOf(ctx, frame)!, text) : undefined;
        if (docAsked) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("form.doc_question", { doc: docAsked.name, note: docNote(permitOf(ctx, frame)!, docAsked), label: q.label, skip: orSkip }));
          return reprompt(ctx);
        }
        if (q.kind === "text" && asksLoket(text, /^nama\b/i.test(q.writtenLabel ?? q.label))) {
          return failure(ctx, frame, "form.question", { label: q.label, skip: orSkip });
        }
        if (q.kind === "text" && !q.pattern) {
          const numberLike = /^(?:nomor|no\.?)\s/i.test(q.writtenLabel ?? q.label);
          if (numberLike && !/\d/.test(text)) return failure(ctx, frame, "field.text.digits", { label: q.label, skip: orSkip });
          // A name or an address has letters; a map point or a size ("-6.70, 111.34", "4 × 6") need not.
          // Said of numbers only: an emoji alone ("🤗") is "belum terbaca" (checkAnswer), not "bukan hanya angka".
          if (/^(?:nama|alamat)\b/i.test(q.writtenLabel ?? q.label) && !/\p{L}/u.test(text) && /\d/.test(text)) return failure(ctx, frame, "field.text.letters", { label: q.label });
        }
        // "ini no KK saya 3317…": the family card's number is not the NIK (it was taken as one).
        if (q.kind === "nik" && namesKkNumber(text)) return failure(ctx, frame, "field.nik.kk", { label: q.label });
        // "oh oke. Jl. Kartini No. 3" (after an answer in between): the acknowledgement before a
        // name or an address is no part of it (it was stored with it).
        const answer = q.kind === "text" && (q.holds || /^(?:nama|alamat|lokasi)\b/i.test(q.writtenLabel ?? q.label)) ? withoutAck(text) : text;
        // "0812345 eh salah 08123456789": the answer after the citizen's own correction, when valid.
        const fixed = selfCorrected(answer);
        const corrected = fixed !== undefined ? checkAnswer(q, fixed) : undefined;
        if (corrected?.ok) return acceptForm(ctx, frame, qs, index, corrected.value);
        // "min STR udh keluar, ini nomornya 3121100224998877", "ini nomornya 3121…" at "Nomor STR": the
        // one number in the words (it was refused as too long, or stored with the words).
        if (q.kind === "text" && !q.pattern && /^(?:nomor|no\.?)\s/i.test(q.writtenLabel ?? q.label)) {
          const numbers = text.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter((w) => (w.match(/\d/g) ?? []).length >= 5);
          const alone = numbers.length === 1 && !/\d/.test(text.replace(numbers[0]!, "")) ? checkAnswer(q, numbers[0]!) : undefined;
          if (alone?.ok && numbers[0] !== text.trim()) return acceptForm(ctx, frame, qs, index, alone.value);
        }
        // "baliho buat pengajian akbar cuma 2 minggu itu masuk yg mana min?" at a choice: which option
        // it falls under, asked; the one option whose other words (its also:) the message says is
        // named, and the question asked again for the citizen to pick it (it got the permit's overview).
        if (q.kind === "choice" && q.options && looksLikeQuestion(text) && WHICH_ASKED.test(foldText(text))) {
          const fits = matchChoiceAlso(text, q.options);
          const option = fits ? q.options.find((o) => o.id === fits) : undefined;
          if (option) {
            ctx.s.engine.failures = 0;
            say(ctx, ctx.m.t("form.choice_fits", { option: option.label }));
            return reprompt(ctx);
          }
        }
        const r = checkAnswer(q, answer);
        if (r.ok) return acceptForm(ctx, frame, qs, index, r.value);
        // "jadi gini min, balihonya itu nanti ukurannya 4 x 6 meter, dipasang di depan toko sy" at a
        // size question (length × width): the one size in the words, when the whole is too long.
        if (q.kind === "text" && !q.pattern && r.reason === "field.text.long" && /×/.test(q.writtenLabel ?? q.label)) {
          const sizes = [...text.matchAll(SIZE_IN_TEXT)];
          const alone = sizes.length === 1 ? checkAnswer(q, sizes[0]![0].trim()) : undefined;
          if (alone?.ok) return acceptForm(ctx, frame, qs, index, alone.value);
        }
        // "wa ku ganti, iki nomer anyar 0896 1234 5678", "nik sy 3317…": the one number in the message
        // (no other digit in it), when it is a valid answer; it was refused for the words around it.
        if (q.kind === "phone" || q.kind === "nik") {
          // Not digits glued to a letter ("0812-3456-789O", an O for the last 0): a number one short.
          const runs = (text.match(DIGIT_RUN) ?? []).filter((x) => x.replace(/\D/g, "").length >= 8);
          const inner = runs.length === 1 && !/\d/.test(text.replace(runs[0]!, "")) ? checkAnswer(q, runs[0]!) : undefined;
          if (inner?.ok) return acceptForm(ctx, frame, qs, index, inner.value);
          // "0812 3456 7890 (wa) atau 0856-1234-5678": two phone numbers; the first valid one is
          // taken, as a clerk writes the first down, and the citizen is told which (it was refused).
          const first = q.kind === "phone" && runs.length >= 2 ? runs.map((x) => ({ x, r: checkAnswer(q, x) })).find((c) => c.r.ok) : undefined;
          if (first?.r.ok) {
            say(ctx, ctx.m.t("field.phone.first", { phone: first.x.trim() }));
            return acceptForm(ctx, frame, qs, index, first.r.value);
          }
        }
        // "oh ya udh, yg klinik lama sy lepas, jd ini yg ke 3": a story, then the answer drawn from it
        // ("jadi …", "berarti …") as its last clause, at a number or a choice: that answer (the story
        // named a clinic and was answered as a question about the clinic's permit).
        // "…, jadi ini yg ke 2 ya?": a "ya?" after it only checks it is right.
        const checked = text.replace(/\s*\b(?:ya|kan)\s*\?+\s*$/i, "");
        if ((q.kind === "number" || q.kind === "choice") && !checked.includes("?")) {
          const drawn = DRAWN_ANSWER.exec(checked)?.[1];
          const r2 = drawn ? checkAnswer(q, drawn) : undefined;
          if (r2?.ok) return acceptForm(ctx, frame, qs, index, r2.value);
        }
        // An option said with the permit's own name ("perpanjangan sip" at "Jenis permohonan" of
        // the SIP): the option, not a question about the permit's validity.
        if (q.kind === "choice") {
          const bare = withoutPermitWords(text, frame.slots.permit as string | undefined);
          const again = bare && bare !== foldText(text) ? checkAnswer(q, bare) : undefined;
          if (again?.ok) return acceptForm(ctx, frame, qs, index, again.value);
        }
        // "nomor ini aja", "pakai no wa ini": on WhatsApp the number writing is known (<digits>@c.us,
        // not a private @lid); elsewhere Loket cannot see it, so it is asked for in digits.
        if (q.kind === "phone" && !/\d/.test(text) && saysThisNumber(text) && !saysNotThisNumber(text)) {
          const jid = ctx.s.channel === "whatsapp" ? (ctx.s.address ?? deliveryOf(ctx.s.conversationId)?.address) : undefined;
          const own = /^(\d{8,15})@c\.us$/.exec(jid ?? "")?.[1];
          const mine = own ? checkAnswer(q, `+${own}`) : undefined;
          if (mine?.ok) {
            say(ctx, ctx.m.t("field.phone.this_number", { phone: mine.value }));
            return acceptForm(ctx, frame, qs, index, mine.value);
          }
          return failure(ctx, frame, "field.phone.unseen", { label: q.label });
        }
        // "lupa nik", "ktp ketinggalan", "nik itu apa?", "belum punya ktp": where the NIK is written,
        // that the form waits, and staff for whoever has none; not a question about the permit.
        // Not "bu maaf syaratnya apa td? sy lupa": the requirements asked again, answered below (its "lupa" is not the NIK's).
        const requirementsAgain = /\b(?:syarat|syaratnya|persyaratan|persyaratannya|requirements)\b/.test(foldText(text));
        if (q.kind === "nik" && !/\d/.test(text) && asksNikHelp(text) && !requirementsAgain) return failure(ctx, frame, "field.nik.help", { label: q.label });
        // "luas bangunan itu luas tanah atau lantai?", "kira2 boleh?" at a number or a choice: not an
        // answer (tried above), a question about the question.
        const helpOther = q.kind !== "text" ? fieldHelpAsked(q, text, permitOf(ctx, frame)?.id) : undefined;
        if (helpOther) return fieldHelp(ctx, q, helpOther);
        if (q.kind !== "text" && topicInPassing(ctx, text)) return;
        const termOther = q.kind !== "text" ? otherTermAsked(q, text, permitOf(ctx, frame)?.id) : undefined;
        if (termOther) return otherTerm(ctx, q, termOther);
        // "saya tidak tahu", "kurang tau" at a question that must be answered: where the answer is
        // found (the field's hint), that the answers are kept, and staff; not "answer with a number".
        if (q.required && !/\d/.test(text) && foldText(text).split(" ").length <= 8 && saysDontKnow(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("form.dont_know", { label: q.label, hint: q.hint ? `${q.hint} ` : "" }));
          return reprompt(ctx);
        }
        if (q.kind !== "text" && digression(ctx, frame, text, false)) return;
        // "str saya masih proses, boleh tetap daftar?" at the phone (or NIK, e-mail, date, number)
        // question: a question Loket could not answer, not a mistyped answer ("Nomor HP hanya berisi
        // angka"); said as at a free-text question, with the question again.
        // A sentence of three words or more ending in "?" is one too ("dihitung per sisi atau per tiang?").
        if (q.kind !== "choice" && !/\d/.test(text) && (asksLoket(text, false) || (/\?\s*$/.test(text) && foldText(text).split(" ").length >= 3))) {
          return failure(ctx, frame, "form.question", { label: q.label, skip: orSkip });
        }
        // "331701170890001": how many digits were typed, so the citizen sees which way it is off.
        const digits = text.replace(/\D/g, "").length;
        if (q.kind === "nik" && r.reason === "field.nik.length" && digits > 0) return failure(ctx, frame, "field.nik.count", { label: q.label, count: digits });
        // "33170115059000011 mas": one long number beside words is the NIK typed with the wrong count, not letters in it.
        const runs = text.match(DIGIT_RUN) ?? [];
        if (q.kind === "nik" && r.reason === "field.nik.digits" && runs.length === 1 && digits >= 12 && digits !== 16 && runs[0]!.replace(/\D/g, "").length === digits) {
          return failure(ctx, frame, "field.nik.count", { label: q.label, count: digits });
        }
        return failure(ctx, frame, r.reason, { min: q.min ?? "", max: q.max ?? "", label: q.label, ...dateExamples(ctx, q) });
      }
      case "uploads": {
        const reqs = requirementsOf(ctx, frame, step);
        const index = uploadIndex(frame, reqs);
        const r = reqs[index];
        // An optional document "not yet" had ("belum bayar pak" at the tax receipt "bila sudah dibayar",
        // Javanese "dereng bayar", "blm ada"): skipped, as "lewati" is.
        // "ktp nya lewati dulu ya, blm discan": the skip said of this document, in a part of its own.
        const docWords = r ? new Set([...foldedWords(r.name), "dulu", "dl", "ya", "yah"]) : undefined;
        // Of an optional one too: "gk ada nib min, ini bukan usaha" at "NIB (bila reklame untuk usaha)";
        // not asked whether it is needed ("nib blm punya kak, wajib gk?": answered that it is optional).
        if (r && !r.required && (isWord(text, "skip") || matchChoice(text, [{ id: "skip", label: ctx.m.t("upload.skip") }]) === "skip" || notYetHad(text) || (!looksLikeQuestion(text) && text.split(/[,.!]/).some((part) => isWord(part, "skip", docWords))))) {
          skipUpload(frame, r.id);
          return nextUpload(ctx, frame, index);
        }
        if (r?.required && (isWord(text, "skip") || text.split(/[,.!]/).some((part) => isWord(part, "skip", docWords))) && !saysLater(text)) {
          // Refused once already: the same refusal again would leave the citizen stuck; what they can do
          // instead (send it, later with nothing lost, staff, cancel), not counted as another misunderstanding.
          if (frame.slots._skipTried === r.id) {
            say(ctx, ctx.m.t("upload.required_again", { name: r.name }));
            return reprompt(ctx);
          }
          frame.slots._skipTried = r.id;
          return failure(ctx, frame, "upload.required", { name: r.name });
        }
        // "waduh salah kirim pak" after a document was taken: the next file replaces that one.
        const wrong = !frame.slots._edit && !/\d/.test(text) && saysSentWrong(text) ? lastSent(frame, reqs, index) : undefined;
        if (wrong) {
          ctx.s.engine.failures = 0;
          frame.slots._replace = wrong.id;
          // Waiting as at the document asked (its id: the place is found again by it), for the replacement.
          return ask(ctx, ctx.m.t("upload.send_replacement", { name: wrong.name }), r?.id ?? wrong.id, "file", [], frame.ref);
        }
        if (asksWhereWeWere(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("digression.resume"));
          return reprompt(ctx);
        }
        if (asksFilledSoFar(text)) return filledSoFar(ctx, frame);
        // "ktp sy atau ktp bapak sy? sy anaknya" at the owner's KTP: the applicant's, the document again.
        // So is "ktp yg mana sih" at the applicant's KTP: which one, named by this document's own word
        // (asked again by staff, the documents they asked for and their note: below).
        const correcting = typeof frame.slots.number === "string" && Array.isArray(frame.slots.documents);
        const whichOne = r ? asksWhichOfDocument(r.name, text) : false;
        if (r && (asksWhoseData(text) || (whichOne && !correcting))) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("upload.whose_document", { name: r.name }));
          return reprompt(ctx);
        }
        // "semua berkas sudah saya gabung jadi 1 pdf … boleh kirim sekaligus?": one at a time, this one now.
        if (r && !frame.slots._edit && ALL_IN_ONE.test(foldText(text))) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("upload.one_by_one", { name: r.name }));
          return reprompt(ctx);
        }
        // "gk punya scan STR nya, foto pake hp boleh gk?", "sy gk punya scanner pak, gmn dong": how the
        // file may be made (a phone photo, or a PDF made on the phone), not the document lacking.
        // Not original or copy asked ("harus scan asli atau fotokopi?": asksDocumentForm, below).
        if (r && !frame.slots._edit && PHOTO_INSTEAD.test(foldText(text)) && !/\b(?:asli|aslinya|fotokopi|fotocopy|fc|legalisir|dilegalisir)\b/.test(foldText(text)) && (looksLikeQuestion(text) || lacksDocument(text))) {
          ctx.s.engine.failures = 0;
          const photo = r.accept.includes("jpg") || r.accept.includes("png");
          say(ctx, ctx.m.t(photo ? "upload.photo_ok" : "upload.pdf_without_scanner", { name: r.name }));
          return reprompt(ctx);
        }
        // "saya belum punya surat dari pemilik lahan, gimana?", "blm ada pak surat sewanya", "dereng bayar" at a document
        // that cannot be skipped: that it is needed, that nothing is lost, and staff (it was answered
        // with the permit's procedure, or told that text is no file).
        if (r?.required && !frame.slots._edit && (lacksDocument(text) || notYetHad(text))) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("upload.not_at_hand", { name: r.name }));
          return reprompt(ctx);
        }
        // "no hp saya salah, yg bener 0857…" while a document is asked: changed, the document asked again.
        if (!frame.slots._edit && fixedEarlier(ctx, frame, formStepQuestions(ctx, frame), text)) return reprompt(ctx);
        // "oke siap", "nanti sy kirim", "bentar ya fotonya belum ada": fine, the document can come later.
        if (yesOrNo(text) === "yes" || saysLater(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("upload.later"));
          return reprompt(ctx);
        }
        // "apa yg kurang?" while staff's documents are asked for again (flows/correction.yaml): the
        // documents asked for and the staff's note, then the document question again. So is "ktp yg
        // mana sih" (which one they mean).
        if (correcting && (whichOne || statusFollowUps.some((f) => f.kind !== "when" && f.says(text)))) {
          const asked = requirementsOf(ctx, frame, step).map((r) => r.name);
          say(ctx, ctx.m.t("upload.correction_asked", { number: String(frame.slots.number), documents: asked.join(", ") }) + (typeof frame.slots.note === "string" && frame.slots.note ? ctx.m.t("status.note", { note: frame.slots.note }) : ""));
          return reprompt(ctx);
        }
        // "dokumen apa lagi yg kurang?": the documents not sent yet (this one first), those that may be
        // skipped apart, then the question again.
        if (!frame.slots._edit && asksDocumentsLeft(text)) {
          ctx.s.engine.failures = 0;
          const sent = (frame.slots.docs as Record<string, DocumentRef> | undefined) ?? {};
          const left = reqs.slice(index).filter((x) => !sent[x.id]);
          const needed = left.filter((x) => x.required).map((x) => x.name);
          const optional = left.filter((x) => !x.required).map((x) => x.name);
          if (needed.length) say(ctx, ctx.m.t("upload.still_needed", { documents: needed.join("; ") }));
          if (optional.length) say(ctx, ctx.m.t("upload.still_needed_optional", { documents: optional.join("; ") }));
          return reprompt(ctx);
        }
        // A link (Google Drive, a website) typed instead of the file: not opened; the file itself is
        // asked for (the link stays in the transcript for staff).
        if (/\bhttps?:\/\/\S+|\b(?:drive|docs)\.google\.com\/\S*|\b(?:dropbox\.com|onedrive\.live\.com|1drv\.ms|wetransfer\.com)\S*/i.test(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("upload.link"));
          return reprompt(ctx);
        }
        // "halo", "selamat pagi" (back after a while, or after "nanti saya kirim"), "saya mau lanjut
        // kirim proposal": greeted or resumed at the document asked, not told that text is no file.
        if (!/\d/.test(text) && !looksLikeQuestion(text)) {
          const u = text.split(/\s+/).length <= 4 ? (ctx.hint?.understanding ?? understander.understand(text)) : undefined;
          if (u?.intent === "greeting" && u.confidence >= patterns.confidence_threshold) {
            ctx.s.engine.failures = 0;
            say(ctx, ctx.m.t("form.greeted"));
            return reprompt(ctx);
          }
          if (/\b(?:lanjut|lanjutkan|lanjutin|melanjutkan|continue)\b/.test(foldText(text))) {
            ctx.s.engine.failures = 0;
            say(ctx, ctx.m.t("digression.resume"));
            return reprompt(ctx);
          }
        }
        // "pas fotonya ukuran brp? latar merah ya?": a document of this application named in a question
        // gets what its name and note say (size, background), then the document asked again.
        const named = looksLikeQuestion(text) && permitOf(ctx, frame) ? documentAskedOf(permitOf(ctx, frame)!, text) : undefined;
        if (named) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("upload.doc_named", { doc: named.name, note: docNote(permitOf(ctx, frame)!, named) }));
          return reprompt(ctx);
        }
        // "pbg itu harus scan asli atau fotokopi?": how the file must be made, which the knowledge
        // does not say; not the permit's overview (nor the NIB's, "fotokopi" naming a business).
        if (looksLikeQuestion(text) && asksDocumentForm(text)) {
          ctx.s.engine.failures = 0;
          say(ctx, ctx.m.t("upload.question"));
          return reprompt(ctx);
        }
        if (digression(ctx, frame, text, false)) return;
        // A question about the document ("apakah ijazah harus dilegalisir?") is not a failed upload:
        // say it cannot be answered here, and how to ask staff.
        if (looksLikeQuestion(text)) {
          say(ctx, ctx.m.t("upload.question"));
          return reprompt(ctx);
        }
        return failure(ctx, frame, "upload.need_file");
      }
      case "confirm":
        return confirmText(ctx, frame, step, text);
      default:
        return route(ctx, text);
    }
  }

  /**
   * Several answers in one message ("nama saya Budi, NIK 3317…, HP 0812…"), as found by a
   * language model: each is validated exactly as if typed; the form goes on at the first field
   * still open, and the citizen sees everything again at the summary. Only when the model found
   * a valid answer to the question being asked: otherwise the message is that answer, as
   * without a model (a long name is not an address because a model said so).
   */
  function prefillForm(ctx: Ctx, frame: Frame, qs: FormQuestion[], from: number, values: Record<string, string>): boolean {
    const found: { q: FormQuestion; value: string }[] = [];
    for (const [i, q] of qs.entries()) {
      const raw = values[q.id];
      if (i < from || raw === undefined || (i > from && frame.slots[q.id] !== undefined)) continue;
      // "gk ada email": "-", as on paper, leaves a question that need not be answered empty.
      if (!q.required && EMPTY_MARK.test(raw)) {
        found.push({ q, value: "" });
        continue;
      }
      const r = checkAnswer(q, raw);
      if (r.ok) found.push({ q, value: r.value });
    }
    if (found[0]?.q !== qs[from] || found.length < 2) return false;
    for (const { q, value } of found) frame.slots[q.id] = value;
    // Remembered so that the form does not ask them again when it moves on (acceptForm).
    frame.slots._prefilled = [...new Set([...((frame.slots._prefilled as string[] | undefined) ?? []), ...found.map((f) => f.q.id)])];
    const filled = found.filter((f) => f.value !== "").map((f) => f.q.label);
    let next = from;
    while (next < qs.length && frame.slots[qs[next]!.id] !== undefined) next++;
    frame.slots._fi = next;
    ctx.s.engine.failures = 0;
    say(ctx, ctx.m.t("form.prefilled", { fields: filled.join(", ") }));
    run(ctx);
    return true;
  }

  /**
   * Several answers in one message told by their labels, without a model: "nama saya Siti, NIK
   * 3317…, hp 0812…", "Siti Aminah, nik 3317…, wa 0812…, alamat Jl. …" (what comes before the first
   * label answers the question asked). Each part runs to the next label; prefillForm validates them.
   */
  function labelledAnswers(text: string, qs: FormQuestion[], from: number): Record<string, string> | undefined {
    // A label with no question of its kind in the form ("email" in a form without one) still ends the part before it.
    const marks = [...text.matchAll(ANSWER_LABEL)].map((m) => ({ at: m.index!, end: m.index! + m[0].length, id: qs.find(LABELLED[m.slice(1).findIndex(Boolean)]!)?.id }));
    if (!marks.length) return undefined;
    const values: Record<string, string> = {};
    // "data diri saya: Siti Aminah, NIK …": the words announcing the data are not the first answer.
    const head = text.slice(0, marks[0]!.at).replace(/[\s,;]+$/, "").replace(/^[^\d:]{1,40}:\s*(?=[\p{L}\p{N}])/u, "");
    if (/[\p{L}\p{N}]/u.test(head) && qs[from]) values[qs[from]!.id] = head;
    // "hp 0812… gk ada email, alamat …": the words before a label that say it has no answer end the
    // part before them, and leave that label's question empty ("-"); so does "email gk ada" itself.
    const none = new Set<number>();
    marks.forEach((m, i) => {
      let part = text
        .slice(m.end, marks[i + 1]?.at ?? text.length)
        .replace(/^[\s:=-]*(?:(?:adalah|yaitu)\s+)?/i, "")
        .replace(/[\s,;]+(?:dan|and)?[\s,;]*$/i, "");
      const noneNext = marks[i + 1] ? noneBeforeLabel(part) : undefined;
      if (noneNext !== undefined) {
        part = part.slice(0, noneNext).replace(/[\s,;]+$/, "");
        none.add(i + 1);
      }
      if (none.has(i) && !/[\p{L}\p{N}]/u.test(part)) part = "-";
      if (noneAlone(part)) part = "-";
      if (m.id !== undefined && values[m.id] === undefined && part) values[m.id] = part;
    });
    return values;
  }

  /** The form questions still open at the current step (for the runtime's form filling). */
  function openFields(state: ConversationState): FormQuestion[] {
    const frame = state.engine.stack[state.engine.stack.length - 1];
    const step = frame ? flows.byId.get(frame.flow)?.steps.find((x) => x.id === frame.step) : undefined;
    if (!frame || step?.type !== "form" || frame.slots._edit) return [];
    const ctx: Ctx = { s: state, m: base, out: [], waiting: false };
    return formQuestions(ctx, frame, step).slice(Number(frame.slots._fi ?? 0));
  }

  function afterPermitAndRun(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "choose_permit" }>, id: string): void {
    ctx.s.engine.failures = 0;
    afterPermit(ctx, frame, step, id);
    run(ctx);
  }

  /**
   * Stores the answer to question `index` and moves to the next question, past those a model's
   * prefill already answered (they are seen again at the summary, where they can be changed).
   * Fields filled by answering and then going back ("kembali") are asked again, as before.
   */
  function acceptForm(ctx: Ctx, frame: Frame, qs: FormQuestion[], index: number, value: string): void {
    accepted(ctx, frame, qs[index]!.id, value, () => {
      const prefilled = (frame.slots._prefilled as string[] | undefined) ?? [];
      let next = index + 1;
      while (next < qs.length && prefilled.includes(qs[next]!.id) && frame.slots[qs[next]!.id] !== undefined) next++;
      frame.slots._fi = next;
    });
  }

  /** A form answer checked as its question asks, typed or found by a model: kind, bounds, options, pattern. */
  /**
   * "nama saya Siti Aminah", "alamat saya Jl. Pemuda 12", "saya Siti Aminah": the words before the
   * answer that repeat the question are not part of it (the first word of its label, or "saya"
   * before a name). In Javanese and Sundanese too: "nami kulo Siti", "nami abdi Siti", "jenengku
   * Siti", "alamat kulo Jl. Pemuda 12", "alamatku …". Sundanese "abdi" only after "nami": alone,
   * or after "nama", it may be the name itself (Abdi Nugroho).
   */
  const leads = new Map<string, RegExp | null>();
  const SELF_WORDS = "saya|aku|sy|kami|kulo|kula|kawula";
  /** Whom a citizen applies for, said before the name ("nama bapak saya …"). */
  const RELATIVES = "bapak|bpk|ayah|bapa|papa|papah|ibu|bu|mama|mamah|emak|suami|istri|isteri|anak|orang\\s*tua|ortu|mertua|kakak|kakek|nenek|adik|adek|paman|bibi|om|tante";
  /** A label's first Indonesian word, as an English answer names it ("alamat": "my home address is …"). */
  const EN_LEADS: Record<string, string> = { nama: "(?:full\\s+)?name", alamat: "(?:home\\s+)?address" };
  /**
   * A number's field named before its digits: "STR nya 1912…", "nomor STR saya: 1912…", "no. STR
   * 1912…" at "Nomor STR" (the field's word after "Nomor"); only where digits follow, so an answer
   * that is all words keeps them.
   */
  const numberLeads = new Map<string, RegExp | null>();
  function withoutNumberLead(label: string, raw: string): string | undefined {
    let lead = numberLeads.get(label);
    if (lead === undefined) {
      const named = /^(?:nomor|nomer|no)\.?\s+([\p{L}]{2,})/iu.exec(label)?.[1];
      lead = named
        ? new RegExp(`^\\s*(?:(?:nomor|nomer|no)\\.?\\s*)?${named}(?:\\s*-?\\s*nya|ku)?(?:\\s+(?:${SELF_WORDS}))?\\s*(?:adalah|yaitu|:|=|-)?\\s*(?=\\d)`, "iu")
        : null;
      numberLeads.set(label, lead);
    }
    if (!lead || !lead.test(raw)) return undefined;
    return raw.replace(lead, "");
  }
  function withoutLead(q: FormQuestion, raw: string): string {
    if (q.kind !== "text") return raw;
    // The label as written (Indonesian): an English first word ("Research title") begins many answers.
    const label = q.writtenLabel ?? q.label;
    const digits = withoutNumberLead(label, raw);
    if (digits !== undefined) return digits;
    let lead = leads.get(label);
    if (lead === undefined) {
      // The applicant's name and address asked in English ("Applicant's full name"): as "nama", "alamat".
      const first = q.holds === "name" ? "nama" : q.holds === "address" ? "alamat" : foldText(label).split(" ")[0] ?? "";
      const named =
        first === "nama"
          ? `|nami\\s+(?:${SELF_WORDS}|abdi|simkuring|kuring)|jeneng(?:ku|e|ne)?(?:\\s+(?:${SELF_WORDS}))?`
          : "";
      // Applying for a relative: "Nama bapak saya Sutrisno", "nama lengkap ibuku: Sri" (before "nama" alone).
      const relative = first === "nama" ? `nama(?:\\s+lengkap)?\\s+(?:${RELATIVES})(?:nya|ku|\\s+(?:${SELF_WORDS}))|` : "";
      // Halfway through an Indonesian form, in English: "my address is Jl. …", "my full name is Siti".
      const english = EN_LEADS[first] ? `|my\\s+${EN_LEADS[first]}(?:\\s+is)?` : "";
      lead =
        first.length < 4
          ? null
          : new RegExp(`^\\s*(?:(?:${relative}${first}(?:nya|ku)?(?:\\s+(?:${SELF_WORDS}))?${named}${english})\\s*(?:adalah|yaitu|itu|inggih\\s+punika|:|=|-)?${first === "nama" ? "|saya|aku|kulo|kula|i\\s+am|i'm" : ""})\\s+(?=\\S)`, "i");
      leads.set(label, lead);
    }
    if (!lead) return raw;
    const stripped = raw.replace(lead, "");
    return stripped.trim().length >= 2 ? stripped : raw;
  }

  /**
   * The example a date question shows ({example} of form.ask.date), a date it takes: the 17th of
   * the month after its earliest day ("from today on": next month's), of August last year before
   * a latest day, else this year's. A fixed "17-08-2026" was refused as past from 18 August 2026.
   */
  function dateExample(q: Pick<FormQuestion, "notBefore" | "notAfter">): string {
    const today = jakartaDate(deps.now?.() ?? new Date());
    const bound = (b: string) => (b === "today" ? today : b);
    let [year, month] = [Number(today.slice(0, 4)), 8];
    if (q.notBefore) {
      const from = bound(q.notBefore);
      [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7)) + 1];
      if (month > 12) [year, month] = [year + 1, 1];
    } else if (q.notAfter) year = Number(bound(q.notAfter).slice(0, 4)) - 1;
    return `17-${String(month).padStart(2, "0")}-${year}`;
  }

  /** {example} and {example_words} of field.date.format: the date question's example, in digits and in words. */
  function dateExamples(ctx: Ctx, q: Pick<FormQuestion, "notBefore" | "notAfter">): { example: string; example_words: string } {
    const example = dateExample(q);
    return { example, example_words: formatDate(ctx.m, example.split("-").reverse().join("-")) };
  }

  /** The office's date (YYYY-MM-DD) now. */
  function today(): string {
    return jakartaDate(deps.now?.() ?? new Date());
  }

  function checkAnswer(q: FormQuestion, input: string): FieldResult {
    const raw = withoutLead(q, input);
    // "besok", "mulai lusa", "kemarin": that day; the question's bounds then judge it.
    const relative = q.kind === "date" ? relativeDate(raw, today()) : undefined;
    if (relative) return checkAnswer(q, relative);
    // "panjangnya tiga meter lebarnya satu meter" at "Ukuran reklame (panjang × lebar, meter)": 3 × 1 m.
    const size = q.kind === "text" && SIZE_LABEL.test(q.writtenLabel ?? q.label) ? sizeSaid(raw) : undefined;
    if (size && size !== raw) return checkAnswer(q, size);
    const r = validateField(q.kind, raw, {
      ...(q.min !== undefined ? { min: q.min } : {}),
      ...(q.max !== undefined ? { max: q.max } : {}),
      ...(q.options ? { options: q.options } : {}),
      // The label as written (Indonesian) names the unit asked for: "Lama penelitian (hari)".
      label: q.writtenLabel ?? q.label,
    });
    if (r.ok && q.pattern && !new RegExp(q.pattern, "u").test(r.value)) return { ok: false, reason: q.patternReason ?? "field.text.pattern" };
    // "lantai bawah 90 meter, atas 60, jadi totalnya sekitar 150an" at a number: the total said.
    if (!r.ok && q.kind === "number" && r.reason === "field.number.format") {
      const total = TOTAL_SAID.exec(raw)?.[1] ?? totalAtEnd(raw);
      if (total) return checkAnswer(q, total);
      // "jumlah lantai 2, luas 150" at "Luas total lantai bangunan": the number labelled with the question's own words.
      const labelled = labelledNumber(q.writtenLabel ?? q.label, raw);
      if (labelled) return checkAnswer(q, labelled);
      // "tanahnya 10x15 meter" at an area in m²: the one length × width in the words.
      const sides = raw.match(/\d+(?:[.,]\d+)?\s*[x×]\s*\d+(?:[.,]\d+)?/gi) ?? [];
      if (sides.length === 1 && sides[0]!.trim() !== raw.trim()) return checkAnswer(q, sides[0]!);
    }
    if (!r.ok && r.reason === "field.date.format") {
      // A period ("1 Desember s/d 28 Februari 2027") at a date question: its first day.
      const range = DATE_RANGE.exec(raw.trim());
      const start = range && /\d/.test(range[2]!) ? checkAnswer(q, range[1]!) : undefined;
      if (start?.ok) return start;
      // "lanjut kak, mulai tgl 4 januari 2027": the one date in the words (it was refused as no date).
      // Not in a question ("prosesnya brp lama ya? penelitian sy mulai tgl 11 januari": asked first).
      const dates = looksLikeQuestion(raw) ? [] : (raw.match(DATE_IN_TEXT) ?? []);
      const one = dates.length === 1 && dates[0]!.trim() !== raw.trim() ? checkAnswer(q, dates[0]!) : undefined;
      if (one && (one.ok || one.reason !== "field.date.format")) return one;
    }
    if (!r.ok && r.reason === "field.date.format" && q.notBefore === "today") {
      // "5 Januari", "15/12" for a date from today on: the nearest such day. This year's when it is
      // to come, or passed less than half a year ago ("28 November" on the 30th is a day just gone,
      // refused as before today, not silently a year later); else next year's.
      const today = jakartaDate(deps.now?.() ?? new Date());
      const year = Number(today.slice(0, 4));
      const dated = (y: number) => validateField("date", `${raw.trim().replace(/[.,]+$/, "")} ${y}`);
      const thisYear = dated(year);
      if (thisYear.ok && (thisYear.value >= today || Date.parse(today) - Date.parse(thisYear.value) < 183 * 86_400_000)) return checkAnswer(q, thisYear.value);
      const nextYear = dated(year + 1);
      if (nextYear.ok) return checkAnswer(q, nextYear.value);
    }
    if (r.ok && q.kind === "date" && (q.notBefore || q.notAfter)) {
      const today = jakartaDate(deps.now?.() ?? new Date());
      const bound = (b: string) => (b === "today" ? today : b);
      if (q.notBefore && r.value < bound(q.notBefore)) return { ok: false, reason: q.notBefore === "today" ? "field.date.past" : "field.date.too_early" };
      if (q.notAfter && r.value > bound(q.notAfter)) return { ok: false, reason: q.notAfter === "today" ? "field.date.future" : "field.date.too_late" };
    }
    return r;
  }

  /** An optional document skipped goes, if one was sent: a file filed under it by mistake can be taken back at the summary. */
  function skipUpload(frame: Frame, id: string): void {
    const docs = frame.slots.docs as Record<string, DocumentRef> | undefined;
    if (!docs?.[id]) return;
    const rest = { ...docs };
    delete rest[id];
    frame.slots.docs = rest;
  }

  /** The document sent last before the one asked (`index`): what "salah kirim" points at. */
  function lastSent(frame: Frame, reqs: DocumentRequirement[], index: number): DocumentRequirement | undefined {
    const docs = (frame.slots.docs as Record<string, DocumentRef> | undefined) ?? {};
    for (let i = Math.min(index, reqs.length) - 1; i >= 0; i--) if (docs[reqs[i]!.id]) return reqs[i];
    return undefined;
  }

  /** See the `album_rest` event: the first file's document named (pages of it are replaced with "salah kirim"), the question asked again. */
  function handleAlbumRest(ctx: Ctx): void {
    const frame = top(ctx);
    const step = frame ? stepOf(frame) : undefined;
    const filed = frame && step?.type === "uploads" ? lastSent(frame, requirementsOf(ctx, frame, step), uploadIndex(frame, requirementsOf(ctx, frame, step))) : undefined;
    if (!filed) {
      say(ctx, ctx.m.t("upload.album_page"));
      return;
    }
    say(ctx, ctx.m.t("upload.album_rest", { name: filed.name }));
    reprompt(ctx);
  }

  function nextUpload(ctx: Ctx, frame: Frame, index: number): void {
    ctx.s.engine.failures = 0;
    if (frame.slots._return) returnToConfirm(ctx, frame);
    else frame.slots._ui = index + 1;
    run(ctx);
  }

  function choose(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "choose" }>, optionId: string): void {
    const o = step.options.find((x) => x.id === optionId)!;
    ctx.s.engine.failures = 0;
    if (frame.flow === LEAVE_FLOW && optionId === "yes") {
      ctx.s.engine.stack.pop();
      const request = frame.slots.request;
      const meant = frame.slots.apply;
      if (typeof meant === "string" && kb.permit(meant)) {
        // The permit the citizen meant ("maksud saya SIP perawat"): its application, from the start.
        say(ctx, ctx.m.t("repair.cancelled"));
        ctx.s.engine.stack = [];
        ctx.s.engine.expecting = undefined;
        startFlow(ctx, "apply", { permit: meant }, "reset");
        return run(ctx);
      }
      if (frame.slots._other_permit === true) {
        // "ganti izin lain aja": this one goes, and which permit is asked.
        say(ctx, ctx.m.t("repair.cancelled"));
        ctx.s.engine.stack = [];
        ctx.s.engine.expecting = undefined;
        startFlow(ctx, "apply", {}, "reset");
        return run(ctx);
      }
      if (typeof request === "string") {
        // Another application was asked for: this one goes, that request is taken as a new one.
        say(ctx, ctx.m.t("repair.cancelled"));
        ctx.s.engine.stack = [];
        ctx.s.engine.expecting = undefined;
        return route(ctx, request);
      }
      // Confirmed: do what the citizen asked for ("batal", "menu", "ulang") on the form underneath.
      // The permit of answers deleted is kept, so that "lanjutkan yang tadi" is told they are gone.
      const under = top(ctx);
      if (frame.slots.repair !== "restart" && typeof under?.slots.permit === "string") ctx.s.engine.context.dropped = under.slots.permit;
      return applyRepair(ctx, frame.slots.repair as "menu" | "cancel" | "restart");
    }
    if (step.field) frame.slots[step.field] = o.value ?? o.id;
    if (o.consent) {
      const shown = typeof frame.slots._consent_text === "string" ? frame.slots._consent_text : textHash(ctx.m.t(step.prompt, lazyVars(ctx, frame)));
      frame.slots._consent = { at: (deps.now?.() ?? new Date()).toISOString(), text: shown, lang: ctx.s.lang ?? "id" };
    }
    // "Tidak setuju" at an application's consent: the next message may own a slip ("eh maaf salah
    // pencet, maksudnya setuju"), and the application is taken up again (route, consentSlip).
    if (frame.flow === "apply" && step.options.some((x) => x.consent) && !o.consent && typeof frame.slots.permit === "string") (ctx.s.engine.extra ??= {}).consentDeclined = frame.slots.permit;
    if (o.start) startFlow(ctx, o.start, carry(frame), frame.flow === "menu" ? "reset" : "replace");
    else goTo(ctx, frame, o.next ?? step.next);
    run(ctx);
  }

  /** "Ya" at the summary (typed, tapped, or "ga ada yg salah"): on to submit, unless a required document is still missing. */
  function confirmed(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "confirm" }>): void {
    ctx.s.engine.failures = 0;
    delete frame.slots._picking;
    if (!askMissingField(ctx, frame, step.id) && !askMissingDocument(ctx, frame, step.id)) goTo(ctx, frame, step.next);
    run(ctx);
  }

  /**
   * A yes first, then a remark with no no-word, question, later, word of wrongness or digit ("iya sudah
   * benar semua kak mohon segera diproses ya soalnya …"): the yes.
   */
  function yesThenReason(text: string): boolean {
    const rest = withoutLeadingYes(text);
    if (!rest || /\d/.test(text) || looksLikeQuestion(text) || saysLater(rest)) return false;
    const padded = ` ${foldText(rest)} `;
    // Not "iya tapi alamatnya kurang RT", "ya, harusnya jenisnya tetap": a change after all.
    if (/ (?:tapi|tp|namun|kecuali|cuma|cuman|hanya|but|except) /.test(padded) || summaryCorrect.some((p) => padded.includes(` ${p} `))) return false;
    return !yesNoWords(rest).some((t) => t.said === "no" || (t.kind && t.kind !== "yes")) && !foldedWords(rest).some((w) => summaryWrong.has(w));
  }
  const summaryCorrect = patterns.summary_edit.correct.map(foldText).filter(Boolean);

  function confirmText(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "confirm" }>, text: string): void {
    const items = summary(ctx, frame);
    const folded = foldText(text);
    // "sudah", "udah semua kak" under "Bila sudah benar, ketik ya": only filler elsewhere, a yes here.
    const words = folded.split(" ").filter(Boolean);
    const yes = yesOrNo(text) === "yes" || (words.some((w) => DONE.has(w)) && words.every((w) => filler.has(w)));
    if (!frame.slots._picking && (yes || folded === foldText(ctx.m.t("confirm.yes")))) return confirmed(ctx, frame, step);
    // Asked which item to change, a yes ("ok", "sudah benar"): nothing to change, the summary again.
    // Asked which document a file sent at the summary is for (fileAtSummary), a yes: sent without it.
    if (frame.slots._held && yes) {
      delete frame.slots._held;
      delete frame.slots._picking;
      return confirmed(ctx, frame, step);
    }
    if (frame.slots._picking && yes) {
      delete frame.slots._picking;
      ctx.s.engine.failures = 0;
      return reprompt(ctx);
    }
    const m = /^(?:ubah|ganti|edit|koreksi|perbaiki)?\s*(?:no|nomor)?\s*(\d{1,2})$/.exec(folded);
    const index = m ? Number(m[1]) - 1 : -1;
    if (index >= 0 && index < items.length) return editItem(ctx, frame, step, items[index]!.key);
    // "no 6 judulnya typo min": the item's number, then words of what is wrong with it; not when those
    // words name another item or give the new value (read in words below).
    // "no 2 salah min, nik sy 3317…": with the new value of that item, changed at once (below).
    const numbered = /^(?:(?:ubah|ganti|edit|koreksi|perbaiki)\s+)?(?:no|nomor|nmr)\s*(\d{1,2})\s+(\S.*)$/.exec(folded);
    const item = numbered && !/\?/.test(text) ? items[Number(numbered[1]) - 1] : undefined;
    const restOfNumbered = item ? text.replace(/^[^\d]*\d{1,2}\s*/, "") : "";
    const alsoSaid = item ? readSummaryEdit(restOfNumbered, items, true) : undefined;
    /** The words name that same item ("no 6 judulnya …"), with or without its new value. */
    const sameItem = alsoSaid && "key" in alsoSaid && alsoSaid.key === item!.key ? alsoSaid : undefined;
    if (item && !/\d/.test(numbered![2]!) && (!alsoSaid || "ambiguous" in alsoSaid || (sameItem && sameItem.value === undefined))) return editItem(ctx, frame, step, item.key);
    // "no 2 salah min, nik sy 3317…": the one number in the words, when it is a valid answer there.
    if (item && sameItem && sameItem.value === undefined) {
      const q = formStepQuestions(ctx, frame).find((x) => x.id === item.key);
      const runs = restOfNumbered.match(DIGIT_RUN) ?? [];
      const r = q && runs.length === 1 ? checkAnswer(q, runs[0]!) : undefined;
      if (q && r?.ok) return changeItem(ctx, frame, step, q, r.value);
    }
    // In words: "ubah alamat", "no hp nya salah, yg bener 0857…" (changed at once), "alamat saya
    // keliru"; after "ubah", the item's name alone. A question ("apakah KTP harus diganti?") is not one.
    // An item named by its label ("SIP ke berapa salah, …"): the label's question word asks nothing.
    // A no first ("jangan, saya mau ubah alamat"): the change after it.
    const head = headClause(text);
    // "gak, kirim aja", "tidak, sudah benar kok": nothing wrong, send.
    const restSaid = head?.kind === "no" && head.rest ? coreWords(head.rest) : "";
    if (restSaid && !frame.slots._picking && yesOrNo(restSaid) === "yes") return confirmed(ctx, frame, step);
    const said = sameItem?.value !== undefined ? restOfNumbered : head?.kind === "no" && head.rest ? head.rest : text;
    const unlabelled = items.reduce((t, it) => {
      const label = foldText(it.label.replace(/\([^)]*\)/g, " "));
      return label ? t.replace(` ${label} `, " ") : t;
    }, ` ${foldText(said)} `);
    const asks = /\?/.test(said) || unlabelled.split(" ").some((w) => questionWords.has(w));
    if (!asks && !frame.slots._picking && severalEdits(ctx, frame, step, said, items)) return;
    const edit = asks ? undefined : readSummaryEdit(said, items, Boolean(frame.slots._picking));
    // "jenisnya salah, itu neon box permanen", "sy skrg udh PPPK kak bukan honorer lg": a choice's new
    // answer in words, where no item was read surely.
    const chosen = !asks && (!edit || "ambiguous" in edit) ? choiceSaid(ctx, frame, said) : undefined;
    if (chosen) return changeItem(ctx, frame, step, chosen.q, chosen.value);
    if (edit && "ambiguous" in edit) {
      // Asked which already: an unclear answer again counts, so a person is offered in the end.
      if (frame.slots._picking) return failure(ctx, frame, "confirm.bad_pick", { n: items.length });
      frame.slots._picking = true;
      return reprompt(ctx);
    }
    // "hp nya ga salah kok, kirim aja", "gak ada yg salah": all is right.
    if (edit && "confirm" in edit) return confirmed(ctx, frame, step);
    if (edit) {
      const q = edit.value === undefined ? undefined : formStepQuestions(ctx, frame).find((x) => x.id === edit.key);
      if (q && edit.value !== undefined) {
        const r = checkAnswer(q, edit.value);
        if (r.ok) return changeItem(ctx, frame, step, q, r.value);
        say(ctx, ctx.m.t(r.reason, { ...vars(ctx, frame), min: q.min ?? "", max: q.max ?? "", label: q.label, ...dateExamples(ctx, q) }));
      }
      return editItem(ctx, frame, step, edit.key);
    }
    // "ubah", the edit choice's label, or a no ("tidak", "salah"): ask which item to change.
    if (/^(ubah|ganti|edit|koreksi|perbaiki)$/.test(folded) || folded === foldText(ctx.m.t("confirm.edit")) || (!frame.slots._picking && yesOrNo(text) === "no")) {
      frame.slots._picking = true;
      return reprompt(ctx);
    }
    // "iya sudah benar semua kak mohon segera diproses ya soalnya mau dipasang minggu depan": a yes,
    // then why it is wanted soon; nothing after it refuses, asks, puts off, says a thing is wrong or gives a number.
    if (!frame.slots._picking && yesThenReason(text)) return confirmed(ctx, frame, step);
    if (digression(ctx, frame, text, false)) return;
    return failure(ctx, frame, frame.slots._picking ? "confirm.bad_pick" : "confirm.unclear", { n: items.length });
  }

  /**
   * A choice question's new answer said in words at the summary: the one choice question whose
   * options take the words (its label's words, words of wrongness, filler and what follows "bukan",
   * the old answer, set aside), to an option other than its answer; with that question's label word
   * or a word of wrongness said ("jenisnya salah, itu neon box permanen": Reklame tetap).
   */
  function choiceSaid(ctx: Ctx, frame: Frame, text: string, among?: FormQuestion[]): { q: FormQuestion; value: string } | undefined {
    const words = foldText(text).split(" ").filter(Boolean);
    const bare = (w: string) => (w.length > 4 && w.endsWith("nya") ? w.slice(0, -3) : w);
    const wrongSaid = words.some((w) => summaryWrong.has(w));
    // The old answer after "bukan" ("bukan honorer lg") is not the new one.
    const cut = words.indexOf("bukan");
    const found: { q: FormQuestion; value: string }[] = [];
    for (const q of among ?? formStepQuestions(ctx, frame)) {
      if (q.kind !== "choice" || !q.options?.length) continue;
      const own = new Set(foldText(q.writtenLabel ?? q.label).split(" ").filter((w) => w.length >= 4));
      const named = words.some((w) => own.has(bare(w)));
      if (!named && !wrongSaid) continue;
      const kept = (cut > 0 ? words.slice(0, cut) : words).filter((w) => !own.has(bare(w)) && !summaryWrong.has(w) && !filler.has(w));
      if (!kept.length) continue;
      const r = checkAnswer(q, kept.join(" "));
      if (r.ok && r.value !== frame.slots[q.id]) found.push({ q, value: r.value });
    }
    return found.length === 1 ? found[0] : undefined;
  }

  /** An item of the summary changed to a valid value: said so, and the summary again. */
  function changeItem(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "confirm" }>, q: FormQuestion, value: string): void {
    ctx.s.engine.failures = 0;
    delete frame.slots._picking;
    frame.slots[q.id] = value;
    say(ctx, ctx.m.t("confirm.changed", { label: q.label }));
    askMissingDocument(ctx, frame, step.id, q.id);
    ctx.s.engine.expecting = undefined;
    run(ctx);
  }

  /**
   * "nama optik salah, yang benar Optik Terang Jaya, no hp salah, yang benar 0857…" at the summary:
   * each correction changed (the first value swallowed the second before). Only when every part
   * names a different question with a new value; a part whose value is refused is said and asked
   * again, the others kept. True when handled.
   */
  function severalEdits(ctx: Ctx, frame: Frame, step: Extract<Step, { type: "confirm" }>, text: string, items: ReturnType<typeof summary>): boolean {
    const parts = splitCorrections(text);
    if (parts.length < 2) return false;
    const qs = formStepQuestions(ctx, frame);
    const edits = parts.map((p) => {
      const e = readSummaryEdit(p, items);
      const q = e && "key" in e && e.value !== undefined ? qs.find((x) => x.id === e.key) : undefined;
      return q && e && "value" in e && e.value !== undefined ? { q, value: e.value } : undefined;
    });
    if (edits.some((e) => !e) || new Set(edits.map((e) => e!.q.id)).size !== edits.length) return false;
    ctx.s.engine.failures = 0;
    delete frame.slots._picking;
    const changed: string[] = [];
    for (const { q, value } of edits as { q: FormQuestion; value: string }[]) {
      const r = checkAnswer(q, value);
      if (!r.ok) {
        if (changed.length) say(ctx, ctx.m.t("confirm.changed", { label: changed.join("*, *") }));
        say(ctx, ctx.m.t(r.reason, { ...vars(ctx, frame), min: q.min ?? "", max: q.max ?? "", label: q.label, ...dateExamples(ctx, q) }));
        editItem(ctx, frame, step, q.id);
        return true;
      }
      frame.slots[q.id] = r.value;
      changed.push(q.label);
      askMissingDocument(ctx, frame, step.id, q.id);
    }
    say(ctx, ctx.m.t("confirm.changed", { label: changed.join("*, *") }));
    ctx.s.engine.expecting = undefined;
    run(ctx);
    return true;
  }

  /**
   * An answer given earlier corrected in words at a later question ("eh nik saya salah ketik, yg
   * bener 3317…"), read as at the summary: with a valid new value it is changed and said so. True
   * when changed; the caller asks its question again.
   */
  function fixedEarlier(ctx: Ctx, frame: Frame, asked: FormQuestion[], text: string): boolean {
    if (looksLikeQuestion(text)) return false;
    if (figuresFixed(ctx, frame, asked, text)) return true;
    const earlier = asked.filter((x) => typeof frame.slots[x.id] === "string" && frame.slots[x.id] !== "");
    const edit = earlier.length ? readSummaryEdit(text, earlier.map((x) => ({ key: x.id, label: x.label, kind: x.kind, value: String(frame.slots[x.id]) }))) : undefined;
    if (!edit || !("key" in edit)) return choiceFixed(ctx, frame, earlier, text);
    const q = earlier.find((x) => x.id === edit.key);
    // "eh salah, NIK nya 3317…" (no "yang benar"): the one NIK, phone number or e-mail written in it.
    const value = edit.value ?? (q ? valueOfKind(q.kind, text) : undefined);
    // "nik saya tadi salah ketik" (no new value, a few words): that question again, then back here.
    if (value === undefined) {
      const st = /\d/.test(text) || text.trim().split(/\s+/).length > 8 ? undefined : flow(frame.flow).steps.find((x) => x.type === "form" && formQuestions(ctx, frame, x).some((y) => y.id === edit.key));
      if (!st) return false;
      ctx.s.engine.failures = 0;
      frame.slots._edit = edit.key;
      frame.slots._return = frame.step;
      frame.step = st.id;
      ctx.s.engine.expecting = undefined;
      return true;
    }
    const r = q ? checkAnswer(q, value) : undefined;
    if (!q || !r?.ok) return false;
    ctx.s.engine.failures = 0;
    frame.slots[q.id] = r.value;
    say(ctx, ctx.m.t("confirm.changed_to", { label: q.label, value: String(r.value) }));
    return true;
  }

  /** Words owning a mistake (not "bukan", "ganti": a free-text answer may hold them): an earlier answer mid-form is being corrected. */
  const SAYS_MISTAKE = new Set(["salah", "keliru", "ralat", "typo", "ketuker", "ketukar", "tertukar", "kebalik", "terbalik", "koreksi", "wrong", "mistake"]);
  /**
   * An earlier button's answer corrected in words, with a word of wrongness ("eh salah pencet kak,
   * harusnya yg spanduk sementara bukan yg tetap" after "Reklame tetap"): the one earlier choice
   * question another of whose options the words take (choiceSaid) is changed, said with the option's label.
   */
  function choiceFixed(ctx: Ctx, frame: Frame, earlier: FormQuestion[], text: string): boolean {
    if (!foldedWords(text).some((w) => SAYS_MISTAKE.has(w))) return false;
    const chosen = choiceSaid(ctx, frame, text, earlier);
    if (!chosen) return false;
    ctx.s.engine.failures = 0;
    frame.slots[chosen.q.id] = chosen.value;
    const label = chosen.q.options?.find((o) => o.id === chosen.value)?.label ?? chosen.value;
    say(ctx, ctx.m.t("confirm.changed_to", { label: chosen.q.label, value: label }));
    return true;
  }

  /**
   * Two or more earlier figures corrected at once, each named before its figure ("eh kebalik min,
   * luas bangunan 120 luas tanahnya 300"), with a word of wrongness: each changed, said so. Every
   * figure must name a different number question and be a valid answer to it; true when changed.
   */
  function figuresFixed(ctx: Ctx, frame: Frame, asked: FormQuestion[], text: string): boolean {
    const numbers = asked.filter((x) => x.kind === "number" && frame.slots[x.id] !== undefined && frame.slots[x.id] !== "");
    const pieces = [...text.matchAll(/([^\d]*?)(?<![\p{L}\d.,])(\d+(?:[.,]\d+)?)(?![\p{L}\d])/gu)];
    if (numbers.length < 2 || pieces.length < 2 || !foldedWords(text).some((w) => SAYS_MISTAKE.has(w))) return false;
    const items = numbers.map((x) => ({ key: x.id, label: x.label, kind: x.kind, value: String(frame.slots[x.id]) }));
    const found: { q: FormQuestion; value: string }[] = [];
    for (const m of pieces) {
      // The words since the last comma name the figure's question ("…, luas bangunan 120").
      const words = m[1]!.split(/[,;]/).at(-1)!.trim();
      const edit = words ? readSummaryEdit(`${words} salah`, items) : undefined;
      const q = edit && "key" in edit ? numbers.find((x) => x.id === edit.key) : undefined;
      const r = q ? checkAnswer(q, m[2]!) : undefined;
      if (!q || !r?.ok || found.some((f) => f.q.id === q.id)) return false;
      found.push({ q, value: r.value });
    }
    ctx.s.engine.failures = 0;
    for (const { q, value } of found) {
      frame.slots[q.id] = value;
      say(ctx, ctx.m.t("confirm.changed_to", { label: q.label, value: String(value) }));
    }
    return true;
  }

  /**
   * Changing one item picked at the summary, the citizen names another in words ("ganti alamatnya",
   * "no hp nya salah, yg bener 0857…"): read as said at the summary (that item asked, or changed at
   * once), not stored as this item's answer. Only one clear other item; a question is not one. True when handled.
   */
  function otherItemNamed(ctx: Ctx, frame: Frame, editing: string, text: string): boolean {
    if (looksLikeQuestion(text)) return false;
    const edit = readSummaryEdit(text, summary(ctx, frame));
    if (!edit || !("key" in edit) || edit.key === editing) return false;
    const back = flow(frame.flow).steps.find((st) => st.id === frame.slots._return);
    if (back?.type !== "confirm") return false;
    returnToConfirm(ctx, frame);
    confirmText(ctx, frame, back, text);
    return true;
  }

  /** Every question of the flow's form steps. */
  function formStepQuestions(ctx: Ctx, frame: Frame): FormQuestion[] {
    return flow(frame.flow).steps.flatMap((st) => (st.type === "form" ? formQuestions(ctx, frame, st) : []));
  }

  function editItem(ctx: Ctx, frame: Frame, step: Step, key: string): void {
    delete frame.slots._picking;
    // The document a file held at the summary is for (fileAtSummary): filed there, the summary again.
    const held = frame.slots._held as DocumentRef | undefined;
    delete frame.slots._held;
    if (held && key.startsWith("doc:")) {
      const r = allRequirements(ctx, frame).find((x) => `doc:${x.id}` === key);
      if (r) return fileForDocument(ctx, frame, r, held);
    }
    const steps = flow(frame.flow).steps;
    const target = steps.find((s) => (key.startsWith("doc:") ? s.type === "uploads" : s.type === "form"));
    if (!target) return reprompt(ctx);
    frame.slots._edit = key;
    frame.slots._return = step.id;
    frame.step = target.id;
    ctx.s.engine.expecting = undefined;
    run(ctx);
  }

  /**
   * A button under an older answer about another permit ("Ajukan izin ini" under SIP bidan, tapped
   * after asking about PBG), while the conversation is still in the same flow: taken as it was
   * shown, for its own permit. Elsewhere (in an application) it stays a stale tap.
   */
  function olderPermitChoice(ctx: Ctx, frame: Frame, id: string): boolean {
    const m = CHOICE_ID.exec(id);
    if (!m?.[4] || m[1] !== frame.flow || !kb.permit(m[4])) return false;
    const st = flow(frame.flow).steps.find((x) => x.id === m[2]);
    if (st?.type !== "choose" || !st.about_permit) return false;
    if (!optionsOf(ctx, { ...frame, slots: { ...frame.slots, permit: m[4] } }, st).some((o) => o.id === m[3])) return false;
    frame.slots.permit = m[4];
    frame.step = st.id;
    ctx.s.engine.context.permit = m[4];
    choose(ctx, frame, st, m[3]!);
    return true;
  }

  /**
   * "Ya, kirim" tapped again under the summary of an application already sent (the web page slow, the
   * button tapped after the receipt came): it is sent, with its number (it was only "pilihan itu sudah
   * tidak berlaku", read as if it was not); a question under way is asked again.
   */
  function sentSummaryTapped(ctx: Ctx, id: string): boolean {
    const m = CHOICE_ID.exec(id);
    const { application: sent, applied: sentFor } = ctx.s.engine.context;
    if (!m || m[3] !== "yes" || !sent || !sentFor || !flows.byId.has(m[1]!)) return false;
    const steps = flow(m[1]!).steps;
    if (steps.find((x) => x.id === m[2])?.type !== "confirm" || !steps.some((x) => x.type === "action" && x.action === "submit_application")) return false;
    say(ctx, ctx.m.t("apply.already_sent", { number: sent, permit_name: kb.permit(sentFor)?.name ?? sentFor }));
    if (ctx.s.engine.expecting && top(ctx)) reprompt(ctx);
    return true;
  }

  /** The option a button's id names (flow, step and option), if its flow still has it. */
  function optionOf(id: string): Extract<Step, { type: "choose" }>["options"][number] | undefined {
    const m = CHOICE_ID.exec(id);
    if (!m || !flows.byId.has(m[1]!)) return undefined;
    const st = flow(m[1]!).steps.find((x) => x.id === m[2]);
    return st?.type === "choose" ? st.options.find((o) => o.id === m[3]) : undefined;
  }

  function handleChoice(ctx: Ctx, id: string): void {
    const frame = top(ctx);
    const step = frame ? stepOf(frame) : undefined;
    const valid = ctx.s.engine.expecting?.choices ?? [];
    if (frame && !valid.includes(id) && olderPermitChoice(ctx, frame, id)) return;
    if (!valid.includes(id) && sentSummaryTapped(ctx, id)) return;
    // An older "Bicara dengan petugas" (the greeting's, scrolled back to at the NIK question): what
    // typing "petugas" there does, a person; it was only "pilihan itu sudah tidak berlaku" and the NIK again.
    if (!valid.includes(id) && optionOf(id)?.start === "handoff") return applyRepair(ctx, "human");
    if (!frame || !step || !valid.includes(id)) {
      say(ctx, ctx.m.t("choice.stale"));
      return reprompt(ctx);
    }
    const option = CHOICE_ID.exec(id)?.[3] ?? id.slice(id.indexOf(":") + 1);
    switch (step.type) {
      case "choose":
        return choose(ctx, frame, step, option);
      case "choose_permit":
        return afterPermitAndRun(ctx, frame, step, option);
      case "ask":
        // One of this conversation's applications, picked at the status check's number question.
        if (step.own_applications === "offer" && ownNumbers(frame).includes(option)) return accepted(ctx, frame, step.field, option, () => goTo(ctx, frame, step.next));
        return reprompt(ctx);
      case "form": {
        const qs = formQuestions(ctx, frame, step);
        const index = formIndex(frame, qs);
        const q = qs[index]!;
        if (option === "skip") return acceptForm(ctx, frame, qs, index, "");
        return acceptForm(ctx, frame, qs, index, option.slice(q.id.length + 1));
      }
      case "uploads": {
        const reqs = requirementsOf(ctx, frame, step);
        const index = uploadIndex(frame, reqs);
        const r = reqs[index];
        if (r && !r.required) skipUpload(frame, r.id);
        return nextUpload(ctx, frame, index);
      }
      case "confirm":
        if (option === "yes") return confirmed(ctx, frame, step);
        frame.slots._picking = true;
        return reprompt(ctx);
      default:
        return reprompt(ctx);
    }
  }

  function handleFile(ctx: Ctx, result: Extract<EngineEvent, { type: "file" }>["result"], caption?: string, quoted?: { doc: string; form?: string }): void {
    const frame = top(ctx);
    const step = frame ? stepOf(frame) : undefined;
    if (!frame || step?.type !== "uploads") {
      if (stepAside(ctx)) return handleFile(ctx, result, caption, quoted);
      // At the summary of documents sent ("Bila keliru, … menggantinya di ringkasan"): how to replace one.
      const withUploads = Boolean(frame) && flow(frame!.flow).steps.some((st) => st.type === "uploads");
      const atSummary = withUploads && step?.type === "confirm";
      if (atSummary && result.ok && !(caption && /\?/.test(caption))) return fileAtSummary(ctx, frame!, result.document, caption);
      // In a form whose documents come later (a KTP photo at the NIK question): not "no documents
      // needed", which reads as if the permit needed none, but that they are asked after the data.
      const beforeUploads = withUploads && step?.type === "form";
      // With no application going on (a KTP photo at the greeting or the menu): not kept, and which permit.
      // With words that are a message ("mau urus sip bidan, ini ktp saya"), which permit is not asked:
      // the words are answered next, so only that the file waits until the documents are asked.
      const noApplication = !frame || frame.flow === "menu";
      // "ini lokasinya pak" with a photo at the location question: the photo labelled, no answer in words.
      const qs = beforeUploads ? formQuestions(ctx, frame!, step) : [];
      const asked = qs.length ? qs[formIndex(frame!, qs)] : undefined;
      // "ini ktp sy min, buat daftar izin": the file shown (another agency's document named), not a
      // question about that agency's service; which permit is asked.
      const shown = noApplication && Boolean(caption) && SHOWS_FILE.test(caption!) && understander.understand(caption!).intent === "referral";
      // "ini ktp sy, mau daftar sip": the file shown, then a request naming a permit after it: the request
      // is the message (not "buat daftar izin": which permit is asked, below).
      const afterShown = shown ? /^[^,.;!?]+[,.;!?]+\s*(\S[\s\S]*)$/.exec(caption!.trim())?.[1] : undefined;
      if (afterShown && clearRequest(ctx, afterShown, true) && foldedWords(afterShown).some((w) => !NAMING_NONE.has(w) && (permitAliasWords.get(w) ?? 99) <= 6)) {
        say(ctx, ctx.m.t("upload.not_yet"));
        ctx.hint = undefined;
        return handleText(ctx, afterShown);
      }
      const wordsFollow = Boolean(caption) && !shown && captionIsMessage(caption!) && !(asked && pointsAtAsked(caption!, asked.label));
      // "berkas imb rumah sy min" on the photos: which permit they are for is said; it is talked about
      // next ("trs gmn" gets its steps), and how to apply for it or ask its requirements.
      const meant = noApplication && caption && !shown && !wordsFollow ? understander.understand(caption) : undefined;
      const forPermit = meant?.permit && meant.confidence >= patterns.confidence_threshold ? kb.permit(meant.permit) : undefined;
      if (forPermit) {
        say(ctx, ctx.m.t("upload.no_application_permit", { name: shortName(permitIn(forPermit, ctx.m.lang)) }));
        talkedAbout(ctx, forPermit.id, "general");
        return reprompt(ctx);
      }
      say(ctx, ctx.m.t(atSummary ? "upload.at_summary" : beforeUploads || (noApplication && wordsFollow) ? "upload.not_yet" : noApplication ? "upload.no_application" : "upload.not_now"));
      // "mau urus sip bidan, ini ktp saya" written with a photo: the words are still a message.
      // Not words that only say what the file is ("ini ktp saya"): no answer, nor a question.
      if (wordsFollow) return handleText(ctx, caption!);
      // Which permit was asked: "izin reklame min, mau pasang baliho" next starts it (route).
      if (noApplication) ctx.s.engine.context.applyAsked = true;
      return reprompt(ctx);
    }
    const reqs = requirementsOf(ctx, frame, step);
    const index = uploadIndex(frame, reqs);
    const asked = reqs[index];
    if (!asked) return reprompt(ctx);
    // Sent as a reply to (quoting) an earlier question of these documents ("scrolled up, replied to
    // the KTP question with the KTP photo" while the KK is asked): filed under the one quoted, and
    // the pending one asked again. Not while one is being replaced from the summary (that one is
    // what is asked), nor for a question not reached yet.
    // A replacement announced ("salah kirim", typed before the file or written with it): the
    // document sent last, not the one pending.
    const announced = typeof frame.slots._replace === "string" ? reqs.find((x) => x.id === frame.slots._replace) : undefined;
    delete frame.slots._replace;
    const replacing = !frame.slots._edit ? (announced ?? (caption && saysSentWrong(caption) ? lastSent(frame, reqs, index) : undefined)) : undefined;
    if (replacing && result.ok && replacing.accept.includes(KIND_OF_MIME[result.document.mime])) {
      frame.slots.docs = { ...((frame.slots.docs as Record<string, DocumentRef> | undefined) ?? {}), [replacing.id]: result.document };
      ctx.s.engine.failures = 0;
      say(ctx, ctx.m.t("upload.replaced", { name: replacing.name }));
      return reprompt(ctx);
    }
    const at = quoted && !frame.slots._edit ? reqs.findIndex((x) => x.id === quoted.doc) : -1;
    const r = at >= 0 && at < index ? reqs[at]! : asked;
    // A question of an earlier application (submitted, cancelled, or another one): its document
    // is this one's too when this form asks it and has reached it (the KTP is a KTP); otherwise
    // the file goes to the one pending, with a word that says so (not silently: it may be the
    // earlier application's document, which this one does not ask for).
    const earlier = Boolean(quoted?.form) && quoted!.form !== frame.ref && !frame.slots._edit && !(at >= 0 && at <= index);
    const kinds = r.accept.map((k) => k.toUpperCase()).join("/");
    if (!result.ok) {
      const refusal = uploadRefusal(result, kinds);
      return failure(ctx, frame, refusal.key, refusal.vars);
    }
    const sent = (frame.slots.docs as Record<string, DocumentRef> | undefined) ?? {};
    // The very file just taken for the document before the one asked, sent again (a double tap, or
    // "sudah masuk belum? ini saya kirim lagi"): said to be received already, and the one asked is
    // asked again; it is not filed as that one. Unless its words name the one asked ("ini juga
    // untuk surat pernyataan keabsahan": one PDF holding both): then it is filed, with the
    // same_file note below. Taken later, after another document, the same file is filed with that
    // note too (a KTP scan that also serves as the STR).
    const before = r === asked && index > 0 && !frame.slots._edit ? reqs[index - 1]! : undefined;
    if (before && sent[before.id]?.sha256 === result.document.sha256 && !(caption && documentNamedByWord(caption, reqs)?.id === asked.id)) {
      say(ctx, ctx.m.t("upload.already_received", { name: before.name }));
      // Where words can go with a file, how to have the same file count for the one asked too.
      if (CAPTIONED_FILE_CHANNELS.has(ctx.s.channel)) say(ctx, ctx.m.t("upload.already_received_also", { next: asked.name }));
      return reprompt(ctx);
    }
    if (!r.accept.includes(KIND_OF_MIME[result.document.mime])) {
      // A good file of the wrong kind for this document: which kind this one needs, by its name.
      if (result.document.mime === "application/pdf") return failure(ctx, frame, "upload.pdf_not_photo", { name: r.name, kinds });
      if (r.accept.every((k) => k === "pdf")) return failure(ctx, frame, "upload.photo_not_pdf", { name: r.name });
      return failure(ctx, frame, "upload.bad_type", { kinds });
    }
    const docs = { ...sent, [r.id]: result.document };
    frame.slots.docs = docs;
    // Filed under the quoted question: which one it went to is said, and whether it took the place
    // of a file sent for it before (the citizen pointed at that question: the newer file is meant).
    const replaced = r !== asked && sent[r.id] !== undefined && sent[r.id]!.sha256 !== result.document.sha256;
    say(ctx, ctx.m.t(r === asked ? "upload.received" : replaced ? "upload.quoted_replaced" : "upload.quoted_received", { name: r.name }));
    // The same file as another document (a KTP scan sent again as the STR): taken (one PDF may
    // hold both), with a word on how to replace it if it was a slip.
    const twin = Object.keys(sent).find((id) => id !== r.id && sent[id]!.sha256 === result.document.sha256);
    if (twin) say(ctx, ctx.m.t("upload.same_file", { other: reqs.find((x) => x.id === twin)?.name ?? twin }));
    // Labelled as another document of the form ("ini NIB saya" while the KTP is asked): attached
    // as asked, with a word that says so and how to replace it if the label was right.
    const named = caption ? documentNamed(caption, reqs) : undefined;
    if (named && named.id !== r.id) say(ctx, ctx.m.t("upload.caption_other", { named: named.name, filed: r.name }));
    else if (earlier) say(ctx, ctx.m.t("upload.quoted_earlier", { filed: r.name }));
    if (r !== asked) {
      ctx.s.engine.failures = 0;
      return reprompt(ctx);
    }
    // "ini desain spanduknya kak. btw izin reklame ini bayar gk? brp?" with the design: filed, and the
    // question in its words answered as typed at the next document's question, which then comes again
    // (it was dropped). Not a remark on the file itself ("sudah jelas belum?"): no clear question.
    const question = caption && !frame.slots._return && index + 1 < reqs.length ? questionBeside(caption) : undefined;
    if (question && answeredInPassing(ctx, frame, question)) {
      ctx.s.engine.failures = 0;
      frame.slots._ui = index + 1;
      return handleText(ctx, question);
    }
    nextUpload(ctx, frame, index);
  }

  /** The words of a caption after those that only say what the file is ("ini desain spanduknya kak."), when they ask something. */
  function questionBeside(caption: string): string | undefined {
    // "ini nib, brp lama prosesnya?": the label before a comma too.
    const parts = caption.split(/(?<=[?!.,;])\s+/).filter((x) => /\p{L}/u.test(x));
    while (parts.length > 1 && onlyNamesTheFile(parts[0]!)) parts.shift();
    const rest = parts.join(" ").trim();
    return rest && looksLikeQuestion(rest) && !onlyNamesTheFile(rest) ? rest : undefined;
  }

  /**
   * A file sent at the summary, after every question ("ini proposal yang benar" with a PDF): it is
   * for the document its words are about (`documentMentioned`), taken in place of the one sent (or
   * as the one skipped), said so, and the summary comes again. Words naming none, or none at all:
   * the file is held (`_held`) and the citizen asked which document it is, by the summary's
   * numbers or name (`editItem` then files it). A file of a kind the document does not take is
   * refused as at its question.
   */
  function fileAtSummary(ctx: Ctx, frame: Frame, document: DocumentRef, caption?: string): void {
    const reqs = allRequirements(ctx, frame);
    const named = caption ? documentMentioned(caption, reqs) : undefined;
    if (named) return fileForDocument(ctx, frame, named, document);
    frame.slots._held = document;
    frame.slots._picking = true;
    const items = summary(ctx, frame);
    const docs = items.flatMap((it, i) => (it.key.startsWith("doc:") ? [`${i + 1}. ${it.label}`] : []));
    ask(ctx, ctx.m.t("upload.which_document", { documents: docs.join("\n") }), "edit", "text");
  }

  /** `document` filed as `r` from the summary (fileAtSummary, a held file's document picked): said so, and the summary again. */
  function fileForDocument(ctx: Ctx, frame: Frame, r: DocumentRequirement, document: DocumentRef): void {
    delete frame.slots._held;
    delete frame.slots._picking;
    const kinds = r.accept.map((k) => k.toUpperCase()).join("/");
    if (!r.accept.includes(KIND_OF_MIME[document.mime])) {
      // As at the document's own question (failure()): the conversation's values beside the reason's.
      const v = vars(ctx, frame);
      if (document.mime === "application/pdf") say(ctx, ctx.m.t("upload.pdf_not_photo", { ...v, name: r.name, kinds }));
      else if (r.accept.every((k) => k === "pdf")) say(ctx, ctx.m.t("upload.photo_not_pdf", { ...v, name: r.name }));
      else say(ctx, ctx.m.t("upload.bad_type", { ...v, kinds }));
      ctx.s.engine.expecting = undefined;
      return reprompt(ctx);
    }
    const sent = (frame.slots.docs as Record<string, DocumentRef> | undefined) ?? {};
    frame.slots.docs = { ...sent, [r.id]: document };
    ctx.s.engine.failures = 0;
    say(ctx, ctx.m.t(sent[r.id] ? "upload.replaced" : "upload.received", { name: r.name }));
    ctx.s.engine.expecting = undefined;
    reprompt(ctx);
  }

  /**
   * A place shared on a map. At a form question that takes one (`pin: true`: the building's
   * location, the shop's address) it is the answer, stored readable (name and address when the app
   * gave them, the point, a map link) and said back; anywhere else what a pin is for is said, and
   * the question asked again.
   */
  function handleLocation(ctx: Ctx, place: Place): void {
    const frame = top(ctx);
    const step = frame ? stepOf(frame) : undefined;
    if (frame && step?.type === "form") {
      const qs = formQuestions(ctx, frame, step);
      const index = formIndex(frame, qs);
      const q = qs[index];
      if (q?.pin && q.kind === "text") {
        const value = placeText(place, q.max ?? 300);
        say(ctx, ctx.m.t("location.taken", { label: q.label, value }));
        return acceptForm(ctx, frame, qs, index, value);
      }
    }
    if (stepAside(ctx)) return handleLocation(ctx, place);
    say(ctx, ctx.m.t("location.not_asked"));
    reprompt(ctx);
  }

  /**
   * A contact card's number (WhatsApp's vCard, Telegram's "share my phone number") sent while a
   * form asks a phone: taken as if typed, and said back (it may be someone else's card). A number
   * the question does not take (a landline) gets the question's own reason, as typed. Elsewhere:
   * false, the card is refused as before.
   */
  function handleContactPhone(ctx: Ctx, phone: string): boolean {
    const frame = top(ctx);
    const step = frame ? stepOf(frame) : undefined;
    if (!frame || step?.type !== "form") return false;
    const qs = formQuestions(ctx, frame, step);
    const index = formIndex(frame, qs);
    const q = qs[index];
    if (q?.kind !== "phone") return false;
    const r = checkAnswer(q, phone);
    if (!r.ok) {
      handleText(ctx, phone);
      return true;
    }
    say(ctx, ctx.m.t("contact_card.taken", { label: q.label, value: r.value }));
    acceptForm(ctx, frame, qs, index, r.value);
    return true;
  }

  function handleResult(ctx: Ctx, result: EffectResult): void {
    const frame = top(ctx);
    const step = frame ? stepOf(frame) : undefined;
    if (!frame || step?.type !== "action") return reprompt(ctx);
    const s = frame.slots;
    let ok = true;
    switch (result.type) {
      case "submit_application":
        s.number = result.number;
        ctx.s.engine.context.application = result.number;
        if (typeof s.permit === "string") ctx.s.engine.context.applied = s.permit;
        else delete ctx.s.engine.context.applied;
        break;
      case "own_applications":
        s._own = result.applications;
        // "status permohonan saya" from the conversation that filed only one: that one, as the
        // engine's `number` (ACTION_SLOTS) and as the answer to the flow's number question.
        if (!s[ownField(frame)] && result.applications.length === 1) {
          s.number = result.applications[0]!.number;
          s[ownField(frame)] = s.number;
        }
        break;
      case "check_status":
        ok = result.found;
        delete ctx.s.engine.context.checked;
        if (result.found || result.locked) delete ctx.s.engine.context.statusTried;
        else {
          const tried = s[statusFields(frame.flow).number];
          if (typeof tried === "string") ctx.s.engine.context.statusTried = tried;
        }
        if (!result.found && result.locked) {
          say(ctx, ctx.m.t("status.locked"));
          return endFrame(ctx, false);
        }
        // "cek status rgb 2026 000001 hp 7890": another prefix with the digits given at once (the
        // digits' question, which says it, skipped): said before "not found".
        if (!result.found && !s._prefixSaid) sayOtherPrefix(ctx, frame, s[statusFields(frame.flow).number]);
        if (result.found) {
          s.number = result.number;
          ctx.s.engine.context.application = result.number;
          ctx.s.engine.context.applied = result.permit;
          s.status_label = result.closedRejected ? ctx.m.t("status.label.done_rejected") : ctx.m.t(`status.label.${result.status}`);
          s.status_note = result.note ? ctx.m.t("status.note", { note: result.note }) : "";
          if (result.resubmittedAt) s.status_note += ctx.m.t("status.resubmitted", { date: formatDate(ctx.m, jakartaDate(new Date(result.resubmittedAt))) });
          // What happens next (documents asked for are asked by the correction flow itself; done is the end).
          const next = result.status === "needs_correction" ? (result.dataCorrection ? result.status : undefined) : result.status === "done" ? undefined : result.status;
          // The permit as this citizen reads it (its English processing time in an English chat).
          const said = permitSaid(ctx.m, result.permit);
          if (next) s.status_note += ctx.m.t(`status.next.${next}`, { permit_duration: said?.duration.text ?? "-" });
          // Checked out of office hours ("diprosesnya kapan? ini kan malem minggu"): when staff next look at it.
          // So are corrections sent and waiting ("kpn diperiksa lg min?" on a Saturday night).
          if (next === "received" || next === "verified" || (result.status === "needs_correction" && result.resubmittedAt)) s.status_note += closedNow(ctx);
          // Asked before the application was found (status.duration_after_check): its permit's
          // processing time, unless what happens next already says it.
          if (s._duration && next !== "received" && next !== "verified" && said) {
            s.status_note += ctx.m.t("status.duration", { permit_label: said.name, permit_duration: said.duration.text });
          }
          delete s._duration;
          if (result.expectedBy) s.status_note += ctx.m.t(result.overdue ? "status.overdue" : "status.expected", { weekday: ctx.m.t(`answers.day.${weekdayOf(result.expectedBy)}`), date: formatDate(ctx.m, result.expectedBy) });
          // Asked about this conversation's own application (ownApplicationTalk): what the question needs beyond the status.
          const follow = s._follow;
          delete s._follow;
          const issuedOf = kb.permit(result.permit);
          const open = result.status !== "needs_correction" && result.status !== "done" && result.status !== "rejected";
          if (follow === "late" && open && result.expectedBy && !result.overdue) s.status_note += ctx.m.t("status.own.late");
          // No day expected (the permit's time is not known here): sorry, and a person to ask.
          if (follow === "late" && open && !result.expectedBy) s.status_note += ctx.m.t("status.own.late_unknown");
          // "udh ya min, trs brp lama lg?" after sending the corrections: no day is expected until staff
          // check them; the permit's processing time says how long it takes from then.
          if (follow === "late" && result.status === "needs_correction" && result.resubmittedAt && !next && said) {
            s.status_note += ctx.m.t("status.duration", { permit_label: said.name, permit_duration: said.duration.text });
          }
          // "berkas reklame sy ada yg kurang gk?" while it waits: nothing asked for by staff yet.
          if ((follow === "send_more" || follow === "missing") && open) s.status_note += ctx.m.t("status.own.send_more");
          const handedOver = issuedOf ? permitIn(issuedOf, ctx.m.lang).submission.issued : undefined;
          if (follow === "issued" && result.status === "done" && !result.closedRejected && issuedOf) {
            s.status_note += ctx.m.t("status.own.issued", { issued: handedOver ?? ctx.m.t("answers.issued.unknown") });
          }
          // "nanti izinnya dikirim ke sini apa hrs ambil ke kantor?" while it is in process: how it will be handed over.
          if (follow === "issued" && open && handedOver) s.status_note += ctx.m.t("status.own.issued_later", { issued: handedOver });
          // The office's date and words ("30 November 2026"), not the UTC date of the ISO time.
          s.updated = formatDate(ctx.m, jakartaDate(new Date(result.updatedAt)));
          s.permit_label = kb.permit(result.permit)?.name ?? result.permit;
          // "kapan selesai?", "kenapa lama?" after the answer are about this application's permit.
          if (kb.permit(result.permit)) ctx.s.engine.context.permit = result.permit;
          // "apa yg kurang?", "kenapa ditolak?" after the answer: about this application (statusFollowUp).
          ctx.s.engine.context.checked = {
            number: result.number,
            permit: result.permit,
            status: result.status,
            ...(result.note ? { note: result.note } : {}),
            ...(result.closedRejected ? { closedRejected: true } : {}),
            ...(result.dataCorrection ? { dataCorrection: true } : {}),
            ...(result.resubmittedAt ? { resubmittedAt: result.resubmittedAt } : {}),
            ...(result.expectedBy ? { expectedBy: result.expectedBy } : {}),
            ...(result.overdue ? { overdue: true } : {}),
            at: (deps.now?.() ?? new Date()).toISOString(),
          };
        }
        break;
      case "open_case":
        s.queue = result.queuePosition;
        say(
          ctx,
          result.officeOpen
            ? ctx.m.t("handoff.queued_open", { position: result.queuePosition })
            : ctx.m.t("handoff.queued_closed", {
                position: result.queuePosition,
                next_opening: result.nextOpening ? (result.nextOpeningTomorrow ? ctx.m.t("handoff.tomorrow", { when: result.nextOpening }) : result.nextOpening) : ctx.m.t("handoff.next_working_day"),
              }),
        );
        if (result.expectedWaitMinutes !== undefined) say(ctx, ctx.m.t("handoff.expected_wait", { minutes: result.expectedWaitMinutes }));
        break;
      case "record_survey":
      case "resubmit_documents":
        ok = result.ok;
        break;
      case "delete_my_data":
        s.kept = result.kept.join(", ");
        if (result.kept.length) say(ctx, ctx.m.t("delete.kept", { numbers: s.kept as string }));
        break;
    }
    goTo(ctx, frame, ok ? step.next : step.fail ?? step.next);
    run(ctx);
  }

  // ---- routing a new request ----------------------------------------------------------------

  /** The permit and aspect just answered, for the follow-up ("biayanya?"); the last application's number kept. */
  function talkedAbout(ctx: Ctx, permit: string, aspect: string): void {
    const { application, applied, checked, renewing, pair } = ctx.s.engine.context;
    // A renewal said of this permit ("mau perpanjang sip perawat") is remembered while it is talked
    // about: "Ajukan izin ini" after it is a renewal (applicationKindAt).
    const renews = (ctx.said !== undefined && applicationKindSaid(ctx.said) === "perpanjangan") || renewing === permit;
    // The application just checked stays the subject while its permit is talked about ("kenapa lama?");
    // so do two permits answered side by side while one of them is ("yg satunya?", "kalo yg pertama?").
    // Another permit than the one just talked about ("syarat sppl?", then "kalo ukl upl?"): the two are
    // a pair, so "yg pertama tadi bayar gk?" and "dua2nya daftarnya dmn?" can point at them (inContext).
    // Not after two answered side by side ("biaya pbg sama slf", then SIPA): "yg pertama" is then neither.
    const before = ctx.s.engine.context.permit;
    const kept = pair?.includes(permit) ? pair : !pair && before && before !== permit ? ([before, permit] as [string, string]) : undefined;
    ctx.s.engine.context = { ...(application ? { application } : {}), ...(applied ? { applied } : {}), ...(checked && checked.permit === permit ? { checked } : {}), permit, aspect, ...(renews ? { renewing: permit } : {}), ...(kept ? { pair: kept } : {}), ...(ctx.notFor === permit ? { notFor: permit } : {}), ...(ctx.s.engine.context.waiting === permit ? { waiting: permit } : {}) };
  }

  /**
   * The option of a new/renewal question (options `baru` and `perpanjangan`, as "Jenis permohonan"
   * of the SIPs and the SLF) the citizen already said: in the message that started the application
   * ("ya mau daftar perpanjangan"), or, for a renewal, while talking about the permit before it
   * ("mau perpanjang sip perawat", then "Ajukan izin ini").
   */
  function applicationKindAt(ctx: Ctx, frame: Frame, q: FormQuestion): { id: string; label: string } | undefined {
    if (q.kind !== "choice" || !q.options) return undefined;
    const ids = q.options.map((o) => o.id);
    if (!ids.includes("baru") || !ids.includes("perpanjangan")) return undefined;
    const permit = frame.slots.permit;
    const id = (frame.slots._kind as string | undefined) ?? (permit !== undefined && ctx.s.engine.context.renewing === permit ? "perpanjangan" : undefined);
    return q.options.find((o) => o.id === id);
  }

  /**
   * This conversation's own application (the number it filed or checked, engine context) talked
   * about days later (patterns.yaml `own_application`), no form open and no number typed: how it
   * is answered. A permit named in the message makes it a question about that permit instead
   * ("nib yg sudah terbit ambilnya dimana?"), except a visit announced.
   */
  /** Another permit than the one this conversation applied for was answered last: "msh lama gk prosesnya?" asks its time. */
  const talkingOfAnother = (ctx: Ctx): boolean => !!ctx.s.engine.context.permit && ctx.s.engine.context.permit !== ctx.s.engine.context.applied;
  function ownApplicationTalk(ctx: Ctx, text: string): "late" | "send_more" | "issued" | "visit" | "no_visit" | "missing" | "status" | undefined {
    if (!ctx.s.engine.context.application || REGISTRATION_IN_TEXT.test(text) || ctx.s.engine.stack.some((f) => f.flow === "apply")) return undefined;
    if (ownTalk.visit(text) && !looksLikeQuestion(text)) return "visit";
    // The follow-ups about its status said ("kenapa ditolak?", "ada yg kurang?", "trs skrg gmn?"), each matched once.
    const asked = statusFollowUps.filter((f) => (f.kind === "why_rejected" || f.kind === "missing" || f.kind === "what_next") && f.says(text)).map((f) => f.kind);
    // "wah disetujui. kpn bisa diambil min": when it can be collected asks how it is handed over (beside
    // its status), not only when it is done.
    const issued = asksIssued(text) && ownTalk.issued(text);
    const kind = ownTalk.sendMore(text)
      ? "send_more"
      : // "skrg jam 3, msh keburu gk ke mpp?": a trip to the office timed, not the application (the office's hours).
        ownTalk.late(text) || (!issued && statusFollowUps.some((f) => f.kind === "when" && f.says(text)) && !talkingOfAnother(ctx) && !OFFICE_NAMED.test(foldText(text)) && !timeAsked(text))
        ? "late"
        : // "izinnya nanti bentuknya kertas atau file pdf?": the form it comes in is asked as where it is collected.
          issued || (asksIssuedForm(text) && ownTalk.issued(text))
          ? "issued"
          : // "ini beneran udh masuk kan min? takut gk kekirim", "bukti pengajuannya mana ya?": its status.
            ownTalk.received(text)
            ? "status"
          : // "sy hrs dtg ke kantor gk buat nyerahin berkasnya?", "perlu bawa berkas aslinya ke kantor gk?":
            // the documents came with the application here; staff say in this chat if originals are needed.
            looksLikeQuestion(text) && topicsSaid(text).some((t) => t.name === "no_visit")
            ? "no_visit"
          : // "kenapa ditolak?", "apa yang kurang?" after a notice from staff (no status shown
            // here yet): its status, with the staff's note.
            // "trs skrg gmn min?" right after the number: what happens to it now, from its status.
            asked.length && !ABOUT_A_SYSTEM.test(foldText(text))
            ? asked.includes("missing") ? "missing" : "status"
            : undefined;
    // "sipttk sy gmn min" days after applying for it: that application, how it stands.
    if (!kind) return ownPermitHow(ctx, text) ? "status" : undefined;
    const u = understander.understand(text);
    // "saya mau komplain, sudah 2 minggu tidak ada kabar": a complaint said outright goes to the
    // complaint channels and a person, not the status again.
    if (u.intent === "complaint" && COMPLAINT_SAID.test(foldText(text))) return undefined;
    // "lho kok ditolak … sy mau protes, sambungin ke petugas": a person asked for outright.
    if (u.intent === "talk_to_staff" && u.confidence >= patterns.confidence_threshold) return undefined;
    // "min td udh kekirim blm sih? sy daftar lg aja ya izin spanduknya": applying again for a permit
    // named, whose start says this chat has applied already (apply.again).
    if (ownTalk.received(text) && u.intent === "apply" && u.permit) return undefined;
    // "bu sip sy udh diverifikasi kan? brp lama lg kira2 terbit?": the permit applied for, said to be
    // one's own, is that application.
    return !u.permit || (u.permit === ctx.s.engine.context.applied && OWN_SAID.test(foldText(text))) ? kind : undefined;
  }

  /** A short "<the permit applied for> saya gimana" ("sipttk sy gmn min"), nothing else asked of it. */
  function ownPermitHow(ctx: Ctx, text: string): boolean {
    const applied = ctx.s.engine.context.applied;
    const folded = foldText(text);
    if (!applied || !OWN_HOW.test(folded) || SOMEONE_ELSES.test(folded) || foldedWords(text).length > 6) return false;
    const u = understander.understand(text);
    return u.permit === applied && (!u.aspect || u.aspect === "general" || u.aspect === "procedure") && !u.more?.length;
  }

  /**
   * Right after a status answer, a question about that application (patterns.yaml
   * `status_follow_up`): "apa yg kurang?", "kenapa ditolak?", "terus saya harus gimana?", "kapan
   * jadinya?". Answered from its status and the staff's note; undefined when the message is none.
   */
  function statusFollowUp(ctx: Ctx, c: StatusChecked, text: string, u: Understanding): string | undefined {
    // "pajak reklame nya brp hari lagi harus dibayar?": a fee's day asked, not when the application is done.
    const kind = statusFollowUps.find((f) => f.says(text) && !(f.kind === "when" && u.aspect === "fee"))?.kind;
    if (!kind) return undefined;
    const m = ctx.m;
    const p = permitSaid(m, c.permit);
    const status_label = c.closedRejected ? m.t("status.label.done_rejected") : m.t(`status.label.${c.status}`);
    const refused = c.status === "rejected" || !!c.closedRejected;
    const why = () => (c.note ? m.t("status.follow.why_rejected", { number: c.number, note: c.note }) : m.t("status.follow.why_rejected_no_note", { number: c.number }));
    // What the citizen does now: the correction asked for, or what the office does next.
    const next = (): string => {
      if (c.status === "needs_correction" && c.resubmittedAt) return m.t("status.resubmitted", { date: formatDate(m, jakartaDate(new Date(c.resubmittedAt))) });
      if (c.status === "needs_correction" && !c.dataCorrection) return m.t("status.follow.send_documents");
      if (c.status === "done") return m.t(c.closedRejected ? "status.follow.done_rejected" : "status.follow.done");
      return m.t(`status.next.${c.status}`, { permit_duration: p?.duration.text ?? "-" });
    };
    switch (kind) {
      case "why_rejected":
        return refused ? why() : m.t("status.follow.not_rejected", { number: c.number, status_label });
      case "missing":
        if (refused) return why();
        if (c.status !== "needs_correction") {
          // "menunggu pemeriksaan tu maksudnya gmn?": the status's own words asked about: what it
          // means, what happens next; not that nothing is missing.
          const said = new Set(foldedWords(text));
          if (foldText(status_label).split(" ").some((w) => w.length >= 5 && said.has(w))) return m.t("status.follow.next", { number: c.number, status_label, next: next() });
          return m.t("status.follow.missing_none", { number: c.number, status_label });
        }
        return c.note ? m.t("status.follow.missing", { number: c.number, note: c.note, next: next() }) : m.t("status.follow.missing_no_note", { number: c.number, next: next() });
      case "what_next":
        return m.t("status.follow.next", { number: c.number, status_label, next: next() });
      case "when": {
        if (refused) return why();
        if (c.status === "done") return m.t("status.follow.next", { number: c.number, status_label, next: next() });
        // Without an expected day the processing time (in the reply already) is the answer; what
        // happens next would say it again.
        const expected = c.expectedBy ? m.t(c.overdue ? "status.overdue" : "status.expected", { weekday: m.t(`answers.day.${weekdayOf(c.expectedBy)}`), date: formatDate(m, c.expectedBy) }) : "";
        return m.t("status.follow.when", { number: c.number, permit_label: p?.name ?? c.permit, permit_duration: p?.duration.text ?? "-", status_label, expected });
      }
    }
  }

  /**
   * Several questions in one message (`Understanding.then`): every question answered, in the order
   * asked, each answer its own message; a status check, an application, a person or a complaint
   * comes after the answers. Says every answer but the one to route as usual, which it returns: the
   * request to act, or else the last question (its answer offers what next, as for one question).
   */
  function answerFirst(ctx: Ctx, u: Understanding, text: string): Understanding {
    // Read unsure (and no model sure of it either): handled as one unclear message, as before.
    if (u.then?.length && u.confidence < patterns.confidence_threshold) {
      const { then: _, ...one } = u;
      return one;
    }
    // "… pentas seni desa, sm pasang spanduk. izinnya apa aja?": the service of another agency named
    // beside the permit is answered after it, as a question of its own.
    const beside: Understanding[] = u.besideReferral && kb.referrals.some((r) => r.id === u.besideReferral) && !(u.then ?? []).some((x) => x.referral === u.besideReferral) ? [{ intent: "referral", permit: null, aspect: null, confidence: Math.max(u.confidence, 0.85), candidates: [], referral: u.besideReferral }] : [];
    if (!u.then?.length && !beside.length) return u;
    const all = [u, ...(u.then ?? []), ...beside];
    // "sppl dulu atau nib dulu sih min": each permit its own question; which comes first is said before them.
    const asked = all.filter((x) => x.intent === "ask" && x.permit);
    const firstOf = asked.length > 1 && asksFirst(text) ? requiredOfOther({ ...u, candidates: asked.flatMap((x) => [{ permit: x.permit!, score: NAMED_SCORE }, ...x.candidates]) }) : undefined;
    const line = firstOf ? firstLine(ctx, `${firstOf.permit}:${firstOf.doc}:${firstOf.other}`) : undefined;
    if (line) {
      say(ctx, line);
      ctx.firstSaid = true;
    }
    const acts = (x: Understanding) => x.intent === "check_status" || x.intent === "apply" || x.intent === "talk_to_staff" || x.intent === "complaint";
    const answers = all.filter((x) => !acts(x));
    // A status question and a person asked for plainly ("RBG-… sudah sampai mana? saya mau bicara
    // petugas"): the person, whose case carries the number; the phone's digits are not asked.
    const person = all.find((x) => x.intent === "talk_to_staff" && !x.later);
    const first = all.find(acts);
    // Which permits of a business described in a part of its own ("mau buka usaha laundry …, izin apa
    // aja ya? trs limbahnya perlu izin lingkungan gk?"): said in turn, the other question routed.
    const describedList = (x: Understanding) => x.intent === "list_permits" && !!x.describedBusiness;
    const routed = (first?.intent === "check_status" && person ? person : first) ?? answers.filter((x) => !describedList(x)).at(-1) ?? answers[answers.length - 1]!;
    // "mau bangun perumahan … pkkpr dulu apa pbg dulu?": a permit answered beside another (alsoPermit)
    // on the same aspect is not answered again on its own.
    const besideAnother = (a: Understanding) => all.some((x) => x !== a && x.alsoPermit === a.permit && (x.aspect ?? "general") === (a.aspect ?? "general"));
    for (const a of answers) {
      if (a === routed || besideAnother(a)) continue;
      for (const answer of answersTo(ctx, a, text)) say(ctx, answer);
      // The permit talked about now ("biayanya?" next is about it), as the answer step does.
      if (a.intent === "ask" && a.permit && kb.permit(a.permit)) talkedAbout(ctx, a.permit, a.aspect ?? "general");
    }
    // "mpp rembang itu sebelah mana ya? … mau ngurus izin reklame baliho. parkir mobil ada gk disana":
    // an office topic asked in a sentence of its own that names no permit, among several questions: answered too.
    for (const t of topicSentences(text)) answerTopic(ctx, t, text);
    const { then: _, ...one } = routed;
    return one;
  }

  /** The answer(s) to one of several questions: a permit's aspects (a second permit its own message), or the office. */
  function answersTo(ctx: Ctx, u: Understanding, text: string): string[] {
    if (u.intent === "office_info") return [answerOffice(kb, ctx.m, officeAspect(u.aspect), officeOptions({ text }))];
    if (u.intent === "referral" && u.referral) {
      (ctx.referred ??= new Set()).add(u.referral);
      return [answerReferral(kb, ctx.m, u.referral)];
    }
    // Which permits, of a business only described: its permit (the NIB), and that others depend on the business.
    const business = kb.language?.kindOfBusiness?.permit;
    if (u.intent === "list_permits" && u.describedBusiness && business && kb.permit(business)) return [`${answerPermit(kb, ctx.m, business, "general", [], today())}\n\n${ctx.m.t("answers.list.business_more")}`];
    const p = u.permit ? kb.permit(u.permit) : undefined;
    if (u.intent !== "ask" || !p) return [];
    const aspect = permitAspect(u, text);
    const more = (u.more ?? []) as PermitAspect[];
    const also = u.alsoPermit && u.alsoPermit !== p.id && kb.permit(u.alsoPermit) ? u.alsoPermit : undefined;
    return [answerPermit(kb, ctx.m, p.id, aspect, more, today()), ...(also ? [answerPermit(kb, ctx.m, also, aspect, more, today())] : [])];
  }

  /**
   * More registration numbers than the one checked in the same message: each needs its own check
   * (its own phone digits), so the citizen is told which one is checked now and which to send after.
   */
  function oneAtATime(ctx: Ctx, text: string, checked: string): void {
    const others = registrationNumbers(spokenPrefix(text)).filter((n) => n !== checked);
    if (others.length) say(ctx, ctx.m.t("status.one_at_a_time", { number: checked, others: others.join(", ") }));
  }

  /**
   * "yg no 3 itu maksudnya apa?", "nomer 2 itu wajib gk?" right after a permit's requirements: the
   * document listed under that number, named instead of its number (it was another permit, the list
   * again, or "belum memahami"). Not a number of the citizen's own questions asking a time or a fee
   * ("yg no 3 td gmn min, brp hari?"). A document that names another permit ("Informasi KRK / KKPR",
   * "STR dan SIP dokter penanggung jawab") is answered as that permit; the talk stays on the permit
   * whose list it is ("brp lama" next is the clinic's).
   */
  function route(ctx: Ctx, text: string): void {
    // "eh maaf salah pencet, maksudnya setuju" right after "Tidak setuju" at an application's consent:
    // that application again, from its consent (it was the permit's overview).
    if (ctx.consentDeclined && kb.permit(ctx.consentDeclined) && slipThenYes(text)) {
      ctx.hint = undefined;
      startFlow(ctx, "apply", { permit: ctx.consentDeclined }, "reset");
      return run(ctx);
    }
    const listedOf = ctx.s.engine.context.aspect === "requirements" && ctx.s.engine.context.permit ? kb.permit(ctx.s.engine.context.permit) : undefined;
    const byNumber = listedOf ? documentByNumber(listedOf, text) : undefined;
    if (!listedOf || !byNumber || !DOCUMENT_ASPECTS.has(understander.understand(text, { permit: listedOf.id }).aspect ?? "general")) return routeText(ctx, text);
    ctx.hint = undefined;
    const other = understander.understand(byNumber, { permit: listedOf.id }).permit;
    routeText(ctx, byNumber);
    if (other && other !== listedOf.id) ctx.s.engine.context = { ...ctx.s.engine.context, permit: listedOf.id, aspect: "requirements" };
  }

  function routeText(ctx: Ctx, text: string): void {
    // A follow-up read against the answer before it, then several questions answered in turn.
    // A plan for later closed with thanks is that thanks (plansThenThanks); a permit named beside
    // what it does not cover is another agency's (coveredElsewhere).
    const read = ctx.hint?.understanding ?? understander.understand(text, ctx.s.engine.context.permit ? { permit: ctx.s.engine.context.permit } : {});
    let first: Understanding = plansThenThanks(text) ?? coveredElsewhere(text, answerFirst(ctx, inContext(ctx, text, read), text));
    // "tlg jelasin lg ya min" right after a permit's answer: that permit again, its overview (it was
    // "belum memahami").
    const talked = ctx.s.engine.context.permit;
    if (talked && kb.permit(talked) && notUnderstood(first) && EXPLAIN_AGAIN.test(foldText(text))) first = { ...first, intent: "ask", permit: talked, aspect: "general", confidence: 0.9, candidates: [] };
    // "PBG SY UDH SEBULAN BLM JADI. SEBENERNYA BRP HARI SIH???", "ngurus sipa kok suwe tenan, sakjane
    // piro dino to?": one's own permit waiting, and how long such a permit takes asked, with no number
    // given: that permit's processing time (it was only asked for the registration number, or not
    // understood). Not the time left ("brp hari lagi"), which only the application's status says.
    const ownWait = first.intent === "check_status" && !REGISTRATION_IN_TEXT.test(text) && (first.candidates[0]?.score ?? 0) >= NAMED_SCORE ? first.candidates[0]!.permit : undefined;
    delete ctx.s.engine.context.waiting;
    if (ownWait && kb.permit(ownWait) && asksHowLong(text)) {
      first = { ...first, intent: "ask", permit: ownWait, aspect: "duration", confidence: 0.9 };
      // Applied for already: the answer's buttons offer no application of it.
      ctx.s.engine.context.waiting = ownWait;
    }
    // "itu aja?", "itu aja bu?" right after a permit's requirements: yes, and the list again (it was
    // read as a goodbye, "itu saja").
    const thatAll = talked && kb.permit(talked) && ctx.s.engine.context.aspect === "requirements" && /\?/.test(text) && asksThatIsAll(text);
    if (thatAll) {
      say(ctx, ctx.m.t("answers.requirements.that_is_all", { name: permitIn(kb.permit(talked)!, ctx.m.lang).name }));
      first = { ...first, intent: "ask", permit: talked, aspect: "requirements", confidence: 0.9, candidates: [] };
    }
    // Asked which permit to apply for (a file sent with no application): one named, nothing asked of
    // it ("izin reklame min, mau pasang baliho"), is applied for (it was answered with its overview).
    let u: Understanding = ctx.applyAsked && first.intent === "ask" && first.permit && (!first.aspect || first.aspect === "general") && !looksLikeQuestion(text) ? { ...first, intent: "apply" } : first;
    // "mau bangun rumah di cepu, kab blora. pbg nya lwt sini?": the place is another regency's, whose
    // office handles it (it was told to apply here). The permit is kept for what is asked next.
    const region = u.permit && (u.intent === "ask" || u.intent === "apply") ? regionElsewhere(text) : undefined;
    if (region) {
      talkedAbout(ctx, u.permit!, "general");
      // "bln dpn pindah ikut suami ke blora. sipb sy … bs dipake disana?": what a move means for the permit first.
      const changes = permitChangesSaid(text) ? answerChanges(kb, ctx.m, u.permit!) : undefined;
      if (changes) say(ctx, changes);
      say(ctx, ctx.m.t("elsewhere", { region }));
      return;
    }
    // "ruang refraksinya minimal brp meter?" after the optical shop: the sentence of its file that says it.
    const detail = detailAsked(ctx, text, read, u);
    // What was answered just before (the office's topic is forgotten below): "ok, tanya yg lain ya" is invited after it.
    const { permit: talkedOf, office: officeTold, checked: statusTold } = ctx.s.engine.context;
    delete ctx.s.engine.context.listed;
    delete ctx.s.engine.context.office;
    if (detail) {
      say(ctx, detail);
      return;
    }
    // "surat keterangan tempat praktik utk SIP bidan itu mintanya ke siapa?": where a document of the
    // permit comes from, which its name says ("dari pimpinan fasilitas …"); not the permit's overview.
    // Not when the requirements (or another aspect) are asked ("syarat pbg apa? ktp pemohon fotokopi di mana?").
    // Nor beside a refusal ("data pemohon izin reklame di jl pemuda itu siapa ya? sy mau tau nama
    // pemiliknya": another's data, not the land owner's consent of the billboard's requirements).
    const sourcedOf = u.intent === "ask" && u.permit && kb.permit(u.permit) && (!u.aspect || u.aspect === "general" || u.aspect === "where") && !u.more?.length && !topicsSaid(text).some((t) => refusedTopics.has(t.name)) ? kb.permit(u.permit) : undefined;
    // "pas fotonya ukuran brp?" right after a permit's answer, not read as anything: that permit's document.
    const talkedPermit = !sourcedOf && talkedOf && notUnderstood(u) && looksLikeQuestion(text) ? kb.permit(talkedOf) : undefined;
    // "surat pengantarnya dr mana kak?": where a document comes from, asked of it (sourceAsked) first.
    const sourced = sourcedOf ? sourceAsked(ctx, sourcedOf, text) : talkedPermit ? (sourceAsked(ctx, talkedPermit, text) ?? documentAskedOf(talkedPermit, text)) : undefined;
    if (sourced) {
      const p = (sourcedOf ?? talkedPermit)!;
      talkedAbout(ctx, p.id, "requirements");
      say(ctx, ctx.m.t("answers.document_source", { doc: sourced.name, permit: permitIn(p, ctx.m.lang).name, note: docNote(p, sourced) }));
      return;
    }
    // "sy produksi abon ikan, mau urus pirt": what the permit cannot be had for, said first (knowledge not_for).
    const notFor = notForSaid(ctx, text, read, u);
    if (notFor) {
      ctx.notFor = notFor.id;
      say(ctx, notFor.text);
      if (notFor.alone) return;
    }
    // "lanjutkan yang tadi" after an application's answers were deleted ("batal", confirmed): said
    // plainly that it is gone, and how to start it again, not "belum memahami".
    const dropped = ctx.s.engine.context.dropped;
    const droppedPermit = dropped ? kb.permit(dropped) : undefined;
    if (droppedPermit && !u.permit && u.intent !== "apply" && !/\d/.test(text) && asksToResume(text)) {
      delete ctx.s.engine.context.dropped;
      const p = permitIn(droppedPermit, ctx.m.lang);
      say(ctx, ctx.m.t("repair.dropped", { name: p.name, other: shortName(p) }));
      return;
    }
    // Right after a status answer: "apa yg kurang?", "kenapa ditolak?" are about that application.
    // One checked more than an hour ago is looked up again (below: ownApplicationTalk), not answered
    // from then: staff may have moved it on, and its expected day may have passed.
    const checkedAt = ctx.s.engine.context.checked?.at;
    if (checkedAt && (deps.now?.() ?? new Date()).getTime() - Date.parse(checkedAt) > CHECK_FRESH_MS) delete ctx.s.engine.context.checked;
    const checked = ctx.s.engine.context.checked;
    if (checked && !REGISTRATION_IN_TEXT.test(text) && !(u.permit && u.permit !== checked.permit) && !ABOUT_A_SYSTEM.test(foldText(text))) {
      const followUp = statusFollowUp(ctx, checked, text, u);
      if (followUp) {
        say(ctx, followUp);
        return;
      }
    }
    // "nanti yg diisi data sy ato data klien?" right after how a representative applies: the applicant's.
    if ((officeTold === "representation" || ctx.s.engine.context.aspect === "representation") && asksWhoseData(text)) {
      say(ctx, ctx.m.t("form.whose_data"));
      return;
    }
    // "warung sy pindah ke pamotan, nib nya hrs bikin baru?": a change to the permit held (its file's `changes`).
    const changed = permitChanged(ctx, text, u);
    if (changed) {
      say(ctx, changed);
      return;
    }
    // "klo kkpr udh keluar, trs ngurus apa lg?": what comes once that permit is issued (its file's `after`).
    const after = afterIssued(ctx, text, u);
    if (after) {
      say(ctx, after);
      return;
    }
    // "usaha batik saya kan ada limbah pewarna, perlu dokumen lingkungan apa ya": the kind asked, none named.
    const kind = kindAsked(ctx, text, u);
    // "dokumen lingkungannya sppl atau ukl-upl?": which of two permits, each by what it is for.
    const either = kind?.text ?? eitherPermit(ctx, text, u);
    if (either) {
      say(ctx, either);
      // "wajib UKL-UPL ato cukup SPPL? ato malah AMDAL?": another agency's document named as a third
      // choice, whose note weighs the permits answered (AMDAL: by the activity and its scale, on OSS).
      const weighed = kind ? kb.permit(kind.first) : u.permit ? kb.permit(u.permit) : undefined;
      for (const id of weighed ? referralsBeside(text, "").slice(0, 1) : []) {
        const r = kb.referrals.find((x) => x.id === id);
        if (r?.note && foldText(r.note).includes(foldText(shortName(weighed!)))) say(ctx, answerReferral(kb, ctx.m, id));
      }
      return;
    }
    // "Apakah bisa diurus di MPP juga?" right after another agency's service (izin keramaian): where
    // that service is obtained, not where each of the office's permits is filed. Short, naming nothing.
    // "ngurusnya dmn? hrs diperpanjang gk" right after "str itu apa?" (the SIP answered before it):
    // the service answered last (a permit's answer forgets it: talkedAbout), when the message names
    // no permit of its own (the permit it was read with is only the one talked about before).
    const referred = ctx.s.engine.context.referral;
    const namesNoPermit = !u.permit || (u.permit === ctx.s.engine.context.permit && !understander.understand(text).permit);
    if (referred && namesNoPermit && u.intent === "ask" && !u.referral && (u.aspect === "where" || u.aspect === "procedure" || u.aspect === "validity") && foldedWords(text).length <= 10 && kb.referrals.some((r) => r.id === referred)) {
      say(ctx, answerReferral(kb, ctx.m, referred));
      return;
    }
    // "syaratnya apa aja", "biayanya brp pak" right after it, or its agency's phone or hours ("nomor
    // telpon polresnya brp", "gerainya buka jam brp"): not in Loket, where to ask (it asked which
    // permit, or gave this office's contacts). "itu satu gedung sama kantor ini?": where it is, again.
    if (referred && namesNoPermit && !u.referral && foldedWords(text).length <= 10 && kb.referrals.some((r) => r.id === referred)) {
      const place = referralPlaceWords(kb, referred);
      const namesPlace = foldedWords(text).some((w) => place.has(w) || place.has(withoutNya(w)));
      if ((u.intent === "ask" && !u.permit && (u.aspect === "requirements" || u.aspect === "fee" || u.aspect === "duration")) || (u.intent === "office_info" && namesPlace && (u.aspect === "contact" || u.aspect === "hours"))) {
        say(ctx, answerReferralDetails(kb, ctx.m, referred));
        return;
      }
      if (namesPlace && looksLikeQuestion(text) && (u.intent === "out_of_scope" || u.confidence < patterns.confidence_threshold)) {
        say(ctx, answerReferral(kb, ctx.m, referred));
        return;
      }
    }
    // "kok lama banget", "mau kirim susulan", "SK nya sudah jadi?", "besok saya ke kantor": about the
    // application this conversation filed, answered from it (its status, no number or digits asked).
    const own = ownApplicationTalk(ctx, text);
    if (own === "visit") {
      say(ctx, ctx.m.t("status.own.visit", { number: ctx.s.engine.context.application! }));
      say(ctx, answerOffice(kb, ctx.m, "hours", officeOptions({ text })));
      return;
    }
    if (own === "no_visit") {
      say(ctx, ctx.m.t("status.own.no_visit", { number: ctx.s.engine.context.application! }));
      return;
    }
    if (own) {
      startFlow(ctx, patterns.intents.check_status?.flow ?? "status", { _follow: own }, "reset");
      return run(ctx);
    }
    // "SKM itu apa", "petugasnya minta uang", "ada parkir di mpp?": the office's topic, then the
    // menu's buttons (a person offered; for money asked for, as a complaint).
    const topic = officeTopicAsked(ctx, text, u);
    // "eh gapapa deh, saya isi surveinya sekarang" after declining it: the survey, from its first
    // question; a question about it ("survei kepuasan itu apa?") is answered.
    // "min surveynya yg tadi bisa diisi skrg?": asked as a question, still a wish to fill it in.
    if (topic === "survey" && (!looksLikeQuestion(text) || FILL_NOW.test(foldText(text))) && WANTS_TO_FILL.test(foldText(text)) && resumeDeclined(ctx, "survey")) return;
    // "mau kasih rating bintang 5 dmn?": the survey declined lately, offered again.
    if (topic === "rating" && resumeDeclined(ctx, "survey")) return;
    // "ngurus izin harus dateng ke kantor ga atau semua online": what Loket takes needs no visit,
    // then where each permit is filed and which one is meant (the where question's own answer).
    const noVisitThenWhere = topic === "no_visit" && u.intent === "ask" && u.aspect === "where";
    if (topic === "no_visit") answerTopic(ctx, topic, text);
    if (topic && !noVisitThenWhere) {
      // "kantore wonten pundi nggih bu? parkir mobil saged mboten?": the office's address (or hours)
      // asked in a sentence of its own beside the topic's: that answer first (only the parking was).
      // Each once: one answered already as a question of its own in this message is not said again.
      for (const other of topic !== "bribe" ? officeAskedBeside(text) : []) {
        const answer = answerOffice(kb, ctx.m, other, officeOptions({ text }));
        const head = answer.split("\n")[0]!;
        if (!ctx.out.some((o) => o.type === "text" && o.text.startsWith(head))) say(ctx, answer);
      }
      // "bikin nib bayar brp? ada yg nawarin bs bikinin 150rb": the permit's fact asked plainly first,
      // then the refusal (it was the refusal alone). Read less surely, when asked as a question ("…
      // katanya bayar 500rb lwt calo … nib itu bayar gk sih bu?").
      // "ada yg nawarin bikinin nib 300rb, ambil gk ya?", "ada calo nawarin urus sip bidan 1 juta": a
      // sum offered for a permit named is answered with its official fee first, whatever else was
      // asked of it (or nothing: it was the refusal alone).
      const lead = u.candidates[0];
      const offeredFor = topic === "bribe" && SUM_NAMED.test(text) ? (u.permit ?? (lead && lead.score >= NAMED_SCORE ? lead.permit : undefined)) : undefined;
      // "… ngaku dr dpmptsp, katanya izin reklame sy mau terbit tp hrs transfer 750rb … ini bener gk?": a
      // message received asked about (understanding.yaml forward_asked), not the permit's own fact.
      const folded = ` ${foldText(text)} `;
      // Nor the payment's answer that the scam's own "hrs transfer" reads as.
      const forwardAsked = forwardAskedPhrases.some((p) => folded.includes(` ${p} `)) && topicsSaid(text).some((t) => t.name === "hoax");
      const factAsked = !forwardAsked && (refusedTopics.has(topic) || (besidePermitTopics.has(topic) && u.aspect !== "where") || topic === "working_days") && u.intent === "ask" && u.permit && u.aspect && u.aspect !== "general" && (u.confidence >= 0.9 || (u.confidence >= patterns.confidence_threshold && looksLikeQuestion(text)));
      if (offeredFor && !(factAsked && u.aspect === "fee")) for (const a of answersTo(ctx, { ...u, intent: "ask", permit: offeredFor, aspect: "fee" }, text)) say(ctx, a);
      if (factAsked) for (const a of answersTo(ctx, u, text)) say(ctx, a);
      // (Beside a service topic, "where" is where that is done: "mau kasih rating bintang 5 dmn?".)
      // The permit answered is the one a follow-up asks about ("kalo sy gk bs online, ada yg bantuin?").
      if (factAsked || offeredFor) ctx.s.engine.context.permit = (factAsked ? u.permit : offeredFor) ?? undefined;
      const answered = topicsToAnswer(topic, text).filter((t) => t !== "no_visit" && !(forwardAsked && t === "payment"));
      for (const t of answered) answerTopic(ctx, t, text, u.permit);
      // "mau daftar pbg …, dokumennya bs dikirim nyusul gk?": the service's answer, then that permit's
      // buttons (apply, ask something else), as after its own answer.
      const named = u.permit ?? (lead && lead.score >= NAMED_SCORE ? lead.permit : undefined);
      const besideOf = besidePermitTopics.has(topic) && !forwardAsked && !factAsked && u.aspect !== "where" && named && kb.permit(named) ? named : undefined;
      if (besideOf) ctx.s.engine.context.permit = besideOf;
      if (answered.includes("bribe")) startFlow(ctx, "menu", { reason: "complaint" }, "reset", "complaint_offer");
      else if (besideOf) startFlow(ctx, "menu", { permit: besideOf }, "reset", "followup");
      else startFlow(ctx, "menu", {}, "reset", "more");
      return run(ctx);
    }
    // "harus fotokopi?", "fotokopi ktp boleh?" naming no permit: how documents are sent through Loket,
    // and staff for paper copies; not a permit ("fotokopi" as a business is the NIB's) nor the KTP's office.
    if (!u.permit && looksLikeQuestion(text) && asksDocumentForm(text) && !asksPlace(text)) {
      say(ctx, ctx.m.t("upload.copies_question"));
      return;
    }
    const slots: Slots = {};
    let intent = u.intent;
    // "mau buka usaha laundry, izinnya apa aja": which permits, of a business only described (read
    // as understanding.yaml kind_of_business's permit, and nothing else): that permit (the NIB),
    // with a line that others depend on the business, not the office's whole list of permits.
    const business = kb.language?.kindOfBusiness?.permit;
    // "mau bikin bengkel kapal kayu, izin apa aja yg perlu": the same line beside its requirements, read
    // so when a kind of business is one of that permit's keywords ("bengkel"); not when the permit is named.
    const listedAsRequirements = intent === "ask" && u.permit === business && u.aspect === "requirements" && !u.more?.length && WHICH_PERMITS.test(foldText(text)) && !permitNamedOutright(business, text);
    if ((listedAsRequirements || (intent === "list_permits" && u.describedBusiness)) && business && kb.permit(business) && u.candidates[0]?.permit === business && (u.candidates[1]?.score ?? 0) < 1 && !categoryNamed(kb, text)) {
      intent = "ask";
      // Read as its requirements: the documents stay ("Izin apa saja yang diperlukan?" of a catering business), the line beside them.
      u = { ...u, intent: "ask", permit: business, aspect: listedAsRequirements ? "requirements" : asksOnlyHowMuch(text) ? "fee" : "general", confidence: Math.max(u.confidence, 0.75), candidates: [u.candidates[0]] };
      slots.business_list = "yes";
    }
    // "sy blm punya str, bs ngajuin sip perawat?", "STR nya blm keluar. bs ngajuin sip perawat dulu gk
    // sambil nunggu str?": a required document said to be lacking, asked whether one may go on: that
    // document (needed, and where it is made), not the application started nor the processing time.
    let lackingDoc: DocumentRequirement | undefined;
    if ((intent === "apply" || (intent === "ask" && FILING_ASKED.test(foldText(text)))) && u.permit && u.confidence >= patterns.confidence_threshold && looksLikeQuestion(text) && requirementLacking(text)) {
      // The document named in the part that says it is lacking ("sy blm punya str").
      const clause = text.split(/[,.;!?\n]+/).find((c) => requirementLacking(c));
      const doc = clause ? documentAskedOf(kb.permit(u.permit)!, clause, { asked: true }) : undefined;
      if (doc?.required && !doc.when) {
        lackingDoc = doc;
        intent = "ask";
        u = { ...u, intent: "ask", aspect: "requirements" };
      }
    }
    // "🙏" alone as the very first message (nothing on the stack, nothing said of): a polite hello, not thanks.
    if (intent === "thanks" && !/[\p{L}\d]/u.test(text) && !ctx.s.engine.stack.length && !officeTold && !Object.keys(ctx.s.engine.context).length && !ctx.s.handoff) intent = "greeting";
    // "RBG-2026-1234": the office's own prefix with a short serial is its number with the zeros.
    // The number and digits read, put in the status check's fields (statusSlots) once it is known to start.
    let status: { number?: string; last4?: string } = {};
    const parts = statusParts(withSerialZeros(spokenPrefix(text), shortNumber));
    // Not when a person is asked for beside it (answerFirst): the case carries the number.
    if (parts.number && u.intent !== "talk_to_staff") {
      intent = "check_status";
      status = parts;
      oneAtATime(ctx, text, parts.number);
    }
    // The last digits typed again right after a check that did not match ("eh salah, 7891"): the
    // same number checked with them. Only digits and a few words: a form answer is no retry.
    const tried = ctx.s.engine.context.statusTried;
    delete ctx.s.engine.context.statusTried;
    // Not a registration number typed again ("RBG-2026-1234"): that is checked as a number.
    const retry = !parts.number && tried && !/[A-Za-z]{2,8}[-\s./]*\d{4}/.test(text) && text.replace(/[\d\s+().-]/g, "").length <= 20 ? (phoneLast4(text) ?? /(?:^|\D)(\d{4})\s*$/.exec(text)?.[1]) : undefined;
    // "lupa nomornya" right after a check that found nothing: where the number is, and staff.
    if (tried && !parts.number && !/\d/.test(text) && saysNoNumber(text)) {
      sayKey(ctx, /\b(?:hp|telp|telepon|wa|whatsapp|phone)\b/i.test(text) ? "status.no_phone" : "status.no_number");
      return;
    }
    // "lupa nomor pendaftaran", "nomor pendaftarannya hilang" (however unsure the reading): in the
    // conversation that filed an application, its status (which shows the number); elsewhere where
    // the number is written, and staff: nothing of anyone's application is shown without it.
    // "bisa cek status pake NIK aja gk? sy lupa no registrasinya. NIK 3317…": a NIK is no key to the
    // status (said so), and the number lost is answered as without it.
    const nikGiven = /\d/.test(text) && digitRuns(text).every((run) => run.length === 16);
    const lostNumber = u.intent === "check_status" && !parts.number && (!/\d/.test(text) || nikGiven) && saysNoNumber(text);
    if (lostNumber && !ctx.s.engine.context.application) {
      if (nikGiven) sayKey(ctx, "status.nik_not_key");
      sayKey(ctx, "status.no_number");
      return;
    }
    // "min cek status izin sy pake nik bisa? 3317…": a NIK is no key to the status (said so), then
    // the registration number is asked for as usual.
    if (u.intent === "check_status" && !parts.number && nikGiven && /(?:^|[^\w-])\d{16}(?![\w-])/.test(text) && !retry && !ctx.s.engine.context.application) sayKey(ctx, "status.nik_not_key");
    if (retry) {
      intent = "check_status";
      status = { number: tried!, last4: retry };
    }
    // "kalau yang PBG-337101-15082026-01 sudah sampai mana?": a SIMBG or OSS number (no Loket number
    // beside it) is no Loket application; where its status is seen, as at the number question.
    const outside = intent === "check_status" && !status.number ? outsideNumber(text) : undefined;
    if (outside) {
      say(ctx, ctx.m.t("status.elsewhere", { channel: channelName(ctx.m, kb.office, outside) }));
      return;
    }
    // "sudah daftar oss tapi nib nya belum keluar": a permit filed outside Loket (OSS, SIMBG) has
    // no Loket registration number; where its status is seen, instead of asking for one.
    const named = intent === "check_status" && !status.number && u.candidates[0] && u.candidates[0].score >= 2 ? kb.permit(u.candidates[0].permit) : undefined;
    // "pbg saya sudah jadi belum?": its number is asked for; "normalnya brp hari?" next is about PBG.
    if (named && named.submission.loketCanApply) talkedAbout(ctx, named.id, "general");
    if (named && !named.submission.loketCanApply) {
      say(ctx, ctx.m.t("status.elsewhere", { channel: channelName(ctx.m, kb.office, named.submission.channel) }));
      intent = "ask";
      slots.permit = named.id;
      slots.aspect = "where";
    }
    if (u.permit) slots.permit = u.permit;
    if (u.aspect) slots.aspect = intent === "ask" ? permitAspect(u, text) : u.aspect;
    // "besok buka?", "tgl 25 buka?": the day asked, answered first (answerOffice).
    const day = intent === "office_info" ? dayAsked(text, today(), kb.office.holidays) : undefined;
    if (day) slots.day = daySlot(day);
    if (intent === "office_info" && breakAsked(text)) slots.breaks = "yes";
    if (intent === "office_info" && nowAsked(text)) slots.now_asked = "yes";
    if (intent === "office_info" && day && weekHoursAsked(text, today(), kb.office.holidays)) slots.week_asked = "yes";
    // "antrian terakhir jam berapa?", "jam 3 masih bisa ambil nomor?": the queue and the time asked.
    if (intent === "office_info" && queueAsked(text)) slots.queue_asked = "yes";
    const at = intent === "office_info" ? timeAsked(text) : undefined;
    if (at) slots.at_time = at;
    // "alamat kantor dan jam bukanya?", "kantornya dmn ya / buka jam brp": the address and the hours
    // both asked; the other one first (it was dropped).
    if (intent === "office_info" && (u.aspect === "hours" || u.aspect === "address")) {
      for (const other of officeAlsoAsked(text, u.aspect)) {
        const answer = answerOffice(kb, ctx.m, other, officeOptions({ text }));
        // Not twice: answered already as one of several questions ("gerainya di lantai brp ya min? buka jam brp").
        if (!ctx.out.some((x) => x.type === "text" && x.text === answer)) say(ctx, answer);
      }
    }
    if (u.more?.length) slots.more_aspects = u.more.join(",");
    if (intent === "ask" && (u.aspect === "duration" || u.more?.includes("duration")) && LATE_IF.test(foldText(text))) slots.late_if = "yes";
    // "pasang papan nama toko …, perlu izin gk ya? trs bayar brp": whether it is needed, beside facts
    // the overview holds (fee, time, place, validity): the overview, which says all of them (it got the fee alone).
    if (intent === "ask" && u.permit && u.aspect && OVERVIEW_ASPECTS.has(u.aspect) && (u.more ?? []).every((a) => OVERVIEW_ASPECTS.has(a)) && NEED_ASKED.test(foldText(text))) {
      slots.aspect = "general";
      delete slots.more_aspects;
    }
    if (u.alsoPermit) slots.also_permit = u.alsoPermit;
    // "bikin nib perlu npwp ga kak": a document of the permit's list asked about by name. "KTP nya semua
    // anggota atau gmn?": "atau gmn" ends a question (or what?), it asks no steps.
    const orHow = u.aspect === "procedure" && OR_HOW.test(foldText(text));
    const askedPermit = intent === "ask" && u.permit && (!u.aspect || u.aspect === "general" || u.aspect === "requirements" || orHow) ? kb.permit(u.permit) : undefined;
    // A document of the list just shown, by a word of its own ("label nya harus udh jadi?"), when nothing
    // else names one; not one alternative of a document ("perlu ukl-upl gk?": the list, which shows them).
    const ofList = askedPermit && ctx.s.engine.context.aspect === "requirements" && ctx.s.engine.context.permit === askedPermit.id && looksLikeQuestion(text) && !requirementAsked(askedPermit, text, { alternative: true }) ? askedPermit : undefined;
    const askedDoc = askedPermit ? (requirementAsked(askedPermit, text) ?? requirementForSituation(askedPermit, text) ?? (ofList ? listedDocumentAsked(ofList, text) : undefined) ?? (orHow ? documentAskedOf(askedPermit, text) : undefined)) : undefined;
    // "ktp sama npwp aja cukup?": the whole list answers whether they are enough (not "✅ Ya, NPWP …").
    if (askedDoc && !asksSufficiency(text)) slots.asked_doc = askedDoc.id;
    // "perlu akta gk?" of "Akta pendirian / NIB": one of a document's alternatives, asked: the list, which shows them.
    else if (askedPermit && (!u.aspect || u.aspect === "general") && requirementAsked(askedPermit, text, { alternative: true })) slots.aspect = "requirements";
    if (askedDoc && requirementLacking(text)) slots.asked_lacking = true;
    if (askedDoc && orHow) slots.aspect = "requirements";
    if (lackingDoc && !askedDoc) {
      slots.asked_doc = lackingDoc.id;
      slots.asked_lacking = true;
    }
    // "I am a foreign researcher, what permit do I need?": the answer says a foreigner's route may differ.
    if (intent === "ask" && u.permit && saysForeigner(text)) slots.foreigner = true;
    // "kantor buat ngurus izin spanduk dmn sih alamatnya?": the office's address after the permit's place.
    if (intent === "ask" && u.permit && (u.aspect === "where" || u.more?.includes("where")) && asksAddress(text)) slots.address_asked = true;
    // "kalau PIRT-nya?" right after "NIB bayar ga?": the other permit, the same aspect.
    const before = ctx.s.engine.context;
    // "kalo bidan gmn?" after SIPP's requirements: "gimana" is "what about", not "how to apply".
    // "terus gimana?" alone (go_on) asks what comes next: the procedure itself.
    const howAbout = u.aspect === "procedure" && !goesOn(text) && !/\b(?:cara|caranya|alur|langkah|prosedur|tahap|mekanisme|urus|ngurus|mengurus|daftar|bikin|buat|membuat|ajukan|mengajukan)\b/i.test(text);
    if (!askedDoc && intent === "ask" && u.permit && (!u.aspect || u.aspect === "general" || howAbout) && before.aspect && before.aspect !== "general" && (isFollowUp(text) || CORRECTED.test(foldText(text))) && !roundTheClock(text)) slots.aspect = before.aspect;
    else if (ctx.hint?.answer && intent === "ask") slots.aspect = "general";
    if (u.referral) slots.referral = u.referral;
    // "kena tilang, ambil sim nya dmn": the tilang answered already among several questions is not said again.
    const besides = u.referral && intent === "referral" ? referralsBeside(text, u.referral).filter((id) => !ctx.referred?.has(id)) : [];
    if (besides.length) slots.more_referrals = besides.join(",");
    // "which health permits are there?", "izin kesehatan apa saja": only that category's permits.
    const category = intent === "list_permits" ? categoryNamed(kb, text) : undefined;
    if (category) slots.category = category;
    slots._intent = intent;
    // A registration number typed is sure, whatever its prefix ("tolong cek RGB-2026-000001": told
    // the office's numbers start with RBG-; it was "belum memahami").
    // "izin klinik sm pbg nya bs diurus barengan gk?": two permits named, one a document the other
    // requires: that one must be issued first (answers.requirements.asked_together), then the list.
    const together = intent === "ask" && saysTogether(text) ? requiredOfOther(u) : undefined;
    if (together) {
      slots.permit = together.permit;
      slots.aspect = "requirements";
      slots.asked_doc = together.doc;
      slots.asked_together = together.other;
      delete slots.also_permit;
    }
    // "mau buka apotek, totalnya berapa biayanya semua izin? nib, izin apotek dll", "buka klinik dari
    // nol, semua izinnya brp lama sampai bisa buka?": the fee or time of the permit and of each permit
    // behind it, one line each (answers.plan), and no total made up.
    // "we plan to build a homestay … which permits do we need and in what order?": the permits behind
    // it in order, each with where it is filed (answers.plan.order), after the permit's answer.
    const ordered = !together && intent === "ask" && !!u.permit && kb.permit(u.permit) && (!u.aspect || u.aspect === "general" || u.aspect === "procedure") && asksOrder(text);
    const wholeOf = intent === "ask" && !together && u.permit && kb.permit(u.permit) && ((u.aspect === "fee" || u.aspect === "duration") ? asksAllPermits(text) : ordered) ? u.permit : undefined;
    const plan = wholeOf ? permitsBehind(wholeOf, [u.alsoPermit, ...u.candidates.filter((c) => c.score >= NAMED_SCORE).map((c) => c.permit)].filter((x): x is string => !!x)) : undefined;
    const planned = !!plan && plan.behind.length + plan.named.length > 0;
    if (planned) {
      slots.permit = wholeOf;
      slots.plan = plan.behind.join(",");
      slots.plan_named = plan.named.join(",");
      delete slots.also_permit;
    }
    // "min hrs nib dulu baru pirt ya?", "sppl dulu atau nib dulu": which of two permits comes first,
    // where one is a document the other requires: said before the answer (answers.requirements.asked_together).
    const firstAsked = !together && !planned && !ctx.firstSaid && intent === "ask" && asksFirst(text) ? requiredOfOther(u) : undefined;
    if (firstAsked) slots.asked_first = `${firstAsked.permit}:${firstAsked.doc}:${firstAsked.other}`;
    const unsure = !together && !planned && !firstAsked && !retry && !lostNumber && !status.number && u.confidence < patterns.confidence_threshold;
    if ((intent === "ask" || intent === "apply") && (!u.permit || (unsure && u.candidates.length > 1))) {
      if (!u.permit && !u.candidates.length && intent === "ask") {
        // A question with no permit in it: about the permit we were talking about, if any.
        const current = ctx.s.engine.context.permit;
        if (current && u.aspect) slots.permit = current;
      }
      // "bisa diwakilkan?", "berkas dikembalikan, perbaikannya gmn": the same answer for every permit
      // (office.yaml's representation, how Loket's correction works), so no permit is asked for.
      if (!slots.permit && intent === "ask" && (u.aspect === "representation" || u.aspect === "correction")) {
        const system = u.aspect === "correction" ? outsideSystem(text) : undefined;
        if (system) slots.system = system;
        startFlow(ctx, "menu", slots, "reset", "office_answer");
        return run(ctx);
      }
      if (!slots.permit || unsure) {
        // "ngurus izin bayar ga?": which permits are free, then which one they mean.
        if (!slots.permit && !u.candidates.length && intent === "ask" && u.aspect === "fee") say(ctx, feeOverview(kb, ctx.m));
        if (!slots.permit && !u.candidates.length && intent === "ask" && u.aspect === "where") say(ctx, whereOverview(kb, ctx.m));
        delete slots.permit;
        if (u.candidates.length) slots._candidates = offered(u.candidates);
        // "berapa lama SIP berlaku?": the answer every candidate shares, before which one is meant.
        const shared = intent === "ask" && u.candidates.length ? sharedAspectAnswer(kb, ctx.m, slots._candidates as string[], u.aspect) : undefined;
        if (shared) {
          say(ctx, shared);
          // The question that follows asks for anything else, not "not sure which one".
          slots._shared = true;
        }
        // "mau ajukan izin": asked by the application's own question ("… ajukan?"), not the menu's ("… tanyakan?").
        if (intent === "apply") startFlow(ctx, "apply", slots, "reset");
        else startFlow(ctx, "menu", slots, "reset", "which_permit");
        return run(ctx);
      }
    }
    // "ya" again after the application was sent, nothing asked since: it is sent, with its number
    // (it was "belum memahami" and the menu).
    const { application: sent, applied: sentFor } = ctx.s.engine.context;
    if (unsure && !ctx.s.engine.expecting && sent && sentFor && ctx.s.engine.context.permit === sentFor && yesOrNo(text) === "yes" && foldText(text).split(" ").length <= 3) {
      say(ctx, ctx.m.t("apply.already_sent", { number: sent, permit_name: kb.permit(sentFor)?.name ?? sentFor }));
      return;
    }
    // "iya" to "Ada lagi yang ingin ditanyakan?" after a permit's answer: the question invited, the
    // permit kept (it was "belum memahami" and the menu).
    if (unsure && ctx.s.engine.context.permit && kb.permit(ctx.s.engine.context.permit) && yesOrNo(text) === "yes" && foldText(text).split(" ").length <= 3) {
      const about = kb.permit(ctx.s.engine.context.permit)!;
      // The menu's buttons under the answer are no longer what is asked: the question is.
      ctx.s.engine.expecting = undefined;
      say(ctx, ctx.m.t("ask.invite_about", { name: permitIn(about, ctx.m.lang).name }));
      return;
    }
    if (unsure && intent !== "ask" && intent !== "apply") intent = "out_of_scope";
    // "nomor wa petugas berapa", "minta no wa admin dong": a contact asked for, not a person now: the
    // office's contacts (knowledge/office.yaml) and the button to be connected here; no case unasked.
    if (intent === "talk_to_staff" && !u.later && asksContact(text)) {
      intent = "office_info";
      slots.aspect = "contact";
      slots._intent = intent;
    }
    // "bot bodoh", "kok ga nyambung sih", "ga ngerti ya?": frustration with Loket itself, not a
    // complaint about the office: an apology and the offer of a person, over the menu. It counts as
    // a failure to understand: the one that reaches max_failures is offered as that rule offers
    // (reason low_confidence); before, staff read that the bot failed (repeated_failure).
    if ((intent === "complaint" || intent === "out_of_scope") && !u.permit && frustratedWithBot(text) && flows.byId.has("offer_human")) {
      const rule = ctx.s.engine.failures + 1 >= patterns.max_failures;
      ctx.s.engine.failures = 0;
      startFlow(ctx, "menu", {}, "reset", "menu");
      if (hasApology()) startFlow(ctx, "offer_human", { reason: rule ? "low_confidence" : "repeated_failure" }, "push", "sorry");
      else startFlow(ctx, "offer_human", { reason: rule ? "low_confidence" : "repeated_failure" }, "push");
      return run(ctx);
    }
    if (intent === "out_of_scope") ctx.s.engine.failures += 1;
    else ctx.s.engine.failures = 0;
    // A person asked for later or first, after questions in the same message ("biaya pbg brp? klo
    // mahal sy mau konsultasi dulu sama petugas"): offered with a button; no case opened unasked.
    if (intent === "talk_to_staff" && u.later && flows.byId.get("offer_human")?.steps.some((s) => s.id === "later")) {
      startFlow(ctx, "offer_human", { reason: "citizen_asked" }, "reset", "later");
      return run(ctx);
    }
    // "pak sy mau tanya langsung ke petugas soal sip bidan sy yg mau pindah tempat praktik": the permit
    // named outright is what the talk is about; a question left to the bot after it (given back
    // unanswered: "trus sip yg lama gmn pak?") is read of it.
    const staffAbout = intent === "talk_to_staff" && !u.permit ? u.candidates[0] : undefined;
    if (staffAbout && staffAbout.score >= NAMED_SCORE && u.candidates.every((c, i) => !i || c.score < staffAbout.score) && kb.permit(staffAbout.permit)) talkedAbout(ctx, staffAbout.permit, "general");
    // "ok, lanjut tanya yg lain ya", "boleh tanya lagi?" after an answer: the question invited, not the welcome again.
    if ((intent === "greeting" || intent === "thanks") && (talkedOf || officeTold || statusTold) && announcesQuestion(text)) {
      say(ctx, ctx.m.t("ask.invite"));
      return;
    }
    // "izin", "perizinan" alone: which permit is meant, asked (it was "belum memahami"). Not "izin min"
    // ("excuse me", a greeting).
    if (intent === "out_of_scope" && /^(?:izin|ijin|perizinan|permit|licence|license)$/.test(foldedWords(text).join(" ")) && flow("menu").steps.some((st) => st.id === "which_permit")) {
      ctx.s.engine.failures = 0;
      startFlow(ctx, "menu", {}, "reset", "which_permit");
      return run(ctx);
    }
    const target = patterns.intents[intent] ?? patterns.intents.out_of_scope!;
    Object.assign(slots, target.slots ?? {}, statusSlots(target.flow, status));
    if (intent === "out_of_scope" && ctx.s.engine.failures >= patterns.max_failures) {
      ctx.s.engine.failures = 0;
      // Over the menu, so that "Tidak, lanjutkan" comes back to it.
      startFlow(ctx, "menu", {}, "reset", "menu");
      startFlow(ctx, "offer_human", { reason: "low_confidence" }, "push");
      return run(ctx);
    }
    // The permit this conversation already applied for, asked again (a second tap, or a new one meant):
    // its number said before the consent, which can be declined.
    const { application: filed, applied } = ctx.s.engine.context;
    if (intent === "apply" && filed && applied && slots.permit === applied) say(ctx, ctx.m.t("apply.again", { number: filed, permit_name: kb.permit(applied)?.name ?? applied }));
    // "dok umum mau urus SIP, pas fotonya ukuran brp?": the document asked of is answered from its
    // name and note before the form starts (the question was dropped).
    // Only for a permit Loket takes (an OSS permit's documents are not asked here).
    const applying = intent === "apply" && typeof slots.permit === "string" ? kb.permit(slots.permit) : undefined;
    const docFirst = applying?.submission.loketCanApply ? documentAskedOf(applying, text) : undefined;
    if (docFirst) {
      say(ctx, ctx.m.t("apply.doc_first", { doc: docFirst.name, note: docNote(applying!, docFirst) }));
    }
    // A check without a number: its words may pick one of several own applications ("yang kemarin",
    // "yang SIP"); a lost number lists them all (see the `ask` step's `own_applications: offer`).
    if (intent === "check_status" && !status.number) {
      slots._said = { text, permits: u.candidates.map((c) => c.permit) };
      if (lostNumber) slots._lost = true;
    }
    // "min cuaca hari ini gmn ya", "ceritain lelucon dong": plainly about something else, not a
    // message Loket failed to read: said so, with what Loket does (menu step off_topic).
    const offTopic = intent === "out_of_scope" && !unsure && u.intent === "out_of_scope" && target.flow === "menu" && flow("menu").steps.some((st) => st.id === "off_topic");
    if (offTopic) startFlow(ctx, "menu", slots, "reset", "off_topic");
    else startFlow(ctx, target.flow, slots, "reset", target.step);
    run(ctx);
    // A status check said in a complaint ("RBG-… sudah 3 minggu belum jadi, lambat sekali!"): the
    // complaint is heard too, once the check has come to rest (see the end of `step`).
    if (intent === "check_status" && (u.intent === "complaint" || u.complaint) && flows.byId.has("complaint")) (ctx.s.engine.extra ??= {}).complaintAfterCheck = true;
  }

  /**
   * A figure asked of the permit just talked about that its file states in a sentence of its own
   * (knowledge/detail.ts): "maksimal boleh berapa tempat?" after SIP dokter, "nilai lulus PKP nya
   * brp?" after SPP-IRT, "klo buka 24 jam hrs brp apoteker?" after the pharmacy. Read alone, the
   * message was not understood; or it was read as a question about that permit's documents or in
   * general, and the sentence shares a number asked or three words with it (the document's answer
   * would not say the figure). Undefined otherwise: the message goes its usual way.
   */
  function detailAsked(ctx: Ctx, text: string, read: Understanding, u: Understanding): string | undefined {
    const before = ctx.s.engine.context;
    if (before.dropped) return undefined;
    const folded = foldText(text);
    // "kbli jualan baju online apa?" first: the code asked of the permit named (its file says what it is).
    // "kbli homestay brp ya kak? mau daftar oss bingung milihnya": asked beside a wish to apply on OSS, still the code.
    const codeFirst = !before.permit && KBLI_ASKED.test(folded) && (u.intent === "ask" || (u.intent === "apply" && looksLikeQuestion(text))) && !!u.permit && !u.more?.length && (!u.aspect || u.aspect === "general" || u.aspect === "where");
    const talked = codeFirst ? u.permit : before.permit;
    if (!talked) return undefined;
    const counted = FIGURE_COUNTED.test(folded);
    // "kalau usaha kecil jg hrs ngurus itu?" after the PKKPR: what its file says of micro and small businesses.
    const small = SMALL_BUSINESS.test(folded);
    if (!(counted || FIGURE_LIMIT.test(folded) || codeFirst || small) || REGISTRATION_IN_TEXT.test(text)) return undefined;
    // Right after a status, "brp hari lagi …" is about that application (statusFollowUp), not a figure of the file.
    if (before.checked && statusFollowUps.some((f) => f.says(text))) return undefined;
    const current = kb.permit(talked);
    if (!current) return undefined;
    // Another permit named, unless the follow-up's reading kept this one, or only hinted by a word
    // the sentence found shares ("apoteker" hints SIPA; after the pharmacy, "klo 24 jam minimal brp apoteker?").
    const hintedOther = !!read.permit && read.permit !== current.id && u.permit !== current.id;
    if (hintedOther && (read.candidates[0]?.score ?? 0) >= NAMED_SCORE) return undefined;
    const unread = notUnderstood(read);
    const about = (x: Understanding) => x.intent === "ask" && (!x.permit || x.permit === current.id);
    // "apotek 24 jam syaratnya minimal apa aja?": its requirements, asked with "minimal" but no number asked.
    const ofDocuments = [read, u].some((x) => about(x) && x.aspect === "requirements");
    const inGeneral = [read, u].some((x) => about(x) && (!x.aspect || x.aspect === "general"));
    // "KBLI nya diisi dimana ya?" after NIB: the code asked of, whatever else the message reads as (one aspect).
    const code = KBLI_ASKED.test(folded) && !u.more?.length && u.aspect !== "fee";
    if (!unread && !hintedOther && !inGeneral && !(ofDocuments && counted) && !code && !small) return undefined;
    // The sentence of its text (or where it is filed) that speaks of them.
    const ofSmall = small && !hintedOther ? (() => {
      const shown = permitIn(current, ctx.m.lang);
      return [shown.body, shown.submission.note ?? ""].flatMap((t) => t.replace(/\s+/g, " ").split(/(?<=[.!?])\s+/)).find((x) => SMALL_BUSINESS.test(foldText(x)));
    })() : undefined;
    if (ofSmall) return answerDetail(kb, ctx.m, current.id, ofSmall);
    if (small && !(counted || FIGURE_LIMIT.test(folded) || codeFirst)) return undefined;
    const found = detailIn(permitIn(current, ctx.m.lang), text);
    if (!found || (code && !unread && !inGeneral && !KBLI_ASKED.test(foldText(found.sentence)))) return undefined;
    // Read as something else, the sentence must share more than a word: a number asked, or three words.
    const strong = found.shared >= 3 || (found.shared >= 2 && found.numbers >= 1);
    if ((hintedOther || (ofDocuments && !inGeneral)) && !strong) return undefined;
    if (inGeneral && !unread && found.shared < 2) return undefined;
    return answerDetail(kb, ctx.m, current.id, found.sentence);
  }

  /**
   * Something about a permit held that changes (patterns.yaml `permit_changes`: moving, another owner,
   * closing, building more), asked of the permit the message names, or of the one just answered when
   * it names none: its file's `changes`. Not when its requirements, fee or place are asked ("syarat
   * pbg renovasi apa?" keeps the requirements), nor for a permit whose file has no `changes`.
   */
  function permitChanged(ctx: Ctx, text: string, u: Understanding): string | undefined {
    if (!permitChangesSaid(text) || u.more?.length) return undefined;
    // "mau ajukan pbg buat nambah lantai rumah": filing asked outright, for a permit filed here (a
    // form of its own), starts it; the change is why ("daftar nib lagi", filed on OSS, still gets the changes).
    // Read surely only: "bs gk ngajuin sip ke 4?" (a fourth SIP, read unsurely) is still a change.
    if (u.intent === "apply" && u.permit && u.confidence >= patterns.confidence_threshold && (kb.permit(u.permit)?.form.length ?? 0) > 0 && FILING_ASKED.test(foldText(text))) return undefined;
    // The requirements read from "perlu bikin sip lg gk?" (no word of documents) are no list asked.
    const listAsked = u.aspect === "requirements" && REQUIREMENTS_SAID.test(foldText(text));
    const asked = u.permit && (u.intent === "ask" || u.intent === "apply") && (!u.aspect || AFTER_ASPECTS.has(u.aspect) || (u.aspect === "requirements" && !listAsked));
    const id = asked ? u.permit : !u.permit && (u.intent === "ask" || notUnderstood(u)) ? ctx.s.engine.context.permit : undefined;
    const answer = id ? answerChanges(kb, ctx.m, id) : undefined;
    if (answer && id) talkedAbout(ctx, id, "general");
    return answer;
  }

  /**
   * What to arrange once a permit is issued (patterns.yaml `after_issued`), asked of the permit the
   * message names, or of the one just answered when it names none: its file's `after`. Not beside
   * another aspect asked ("syaratnya apa, trus ngurus apa lagi" keeps its requirements), nor for a
   * permit whose file has no `after`.
   */
  function afterIssued(ctx: Ctx, text: string, u: Understanding): string | undefined {
    // Not "selain nib urus apa lagi?" (what else besides), nor a complaint ("ngapain lagi sih lama banget").
    const folded = foldText(text);
    if (!afterIssuedSaid(text) || u.more?.length || NOT_AFTER.test(folded) || ownTalk.late(text)) return undefined;
    const unread = notUnderstood(u);
    // "habis itu ngapain?" reads "habis" as the validity; "nib sy udh jadi, trus ngurus apa?" as a status check.
    const asked = u.permit && (u.intent === "ask" || u.intent === "apply") && (!u.aspect || AFTER_ASPECTS.has(u.aspect));
    // Not "pbg sy udh jadi blm, trus ngapain?": whether it is done is asked first (the status);
    // "udh boleh buka blm?" asks whether it may open.
    // Named, or told as held ("pbg sy udh terbit, bangunan udh selesai": damped, still ahead).
    const [lead, next] = u.candidates;
    const named = u.intent === "check_status" && !DONE_YET.test(folded) && lead && (lead.score >= NAMED_SCORE || (lead.score >= 2 && lead.score > (next?.score ?? 0))) ? lead.permit : undefined;
    const id = asked ? u.permit : named ?? (unread || (!u.permit && u.intent === "ask") ? ctx.s.engine.context.permit : undefined);
    const answer = id ? answerAfter(kb, ctx.m, id) : undefined;
    if (answer && id) talkedAbout(ctx, id, "general");
    return answer;
  }

  /**
   * "usaha batik saya kan ada limbah pewarna, perlu dokumen lingkungan apa ya": a document of a kind
   * asked (patterns.yaml kind_document_asked), none of its permits named: the two permits of the
   * category its words name (SPPL, UKL-UPL), each by what it is for, as "sppl atau ukl-upl?". Not when
   * one of them, or a permit of another kind, is named, nor a fact asked ("biaya dokumen lingkungan").
   */
  function kindAsked(ctx: Ctx, text: string, u: Understanding): { text: string; first: string } | undefined {
    if (u.intent !== "ask" || u.more?.length || (u.aspect && u.aspect !== "requirements" && u.aspect !== "general") || !asksKindDocument(text)) return undefined;
    const key = categoryNamed(kb, text);
    if (!key) return undefined;
    const first = (c: string | undefined) => (c ? foldText(c).split(" ")[0]!.replace(/s$/, "") : "");
    const ids = kb.permits.filter((p) => first(p.category) === key || first(p.categoryEn) === key).map((p) => p.id);
    if (ids.length !== 2) return undefined;
    // A permit named (by a name or an alias): its own answer ("dokumen lingkungannya cukup sppl?");
    // a keyword only ("usaha" of the NIB) names none.
    if (u.candidates.some((c) => c.score >= NAMED_SCORE)) return undefined;
    // After a permit's answer, a document of its own ("syarat pbg", then "perlu dokumen lingkungan gk?"): that line.
    const talked = ctx.s.engine.context.permit ? kb.permit(ctx.s.engine.context.permit) : undefined;
    if (talked?.requirements.some((d) => foldText(d.name).split(" ").includes(key))) return undefined;
    const answer = answerEither(kb, ctx.m, [ids[0]!, ids[1]!]);
    if (!answer) return undefined;
    talkedAbout(ctx, ids[0]!, "general");
    return { text: answer, first: ids[0]! };
  }

  /**
   * "dokumen lingkungannya sppl atau ukl-upl?", "pbg atau slf dulu?", "sipa atau sipttk?": two
   * permits of one category named on either side of "atau" (or, vs): each one's first sentence
   * (what it is for); a fee, time or validity asked ("biaya sppl atau ukl-upl brp?"): each one's.
   * The one the rest of the message fits, else the first named, is talked about after it ("bayar
   * gk?"). Not "syarat pbg dan slf" (both, answered elsewhere).
   */
  function eitherPermit(ctx: Ctx, text: string, u: Understanding): string | undefined {
    // "biaya sppl atau ukl-upl brp?": a fact of each (both answers, one after the other).
    const factOfEach = !!u.aspect && EITHER_FACTS.has(u.aspect);
    if (u.intent !== "ask" || u.more?.length || (u.aspect && !EITHER_ASPECTS.has(u.aspect) && !factOfEach)) return undefined;
    const [a, b] = u.candidates;
    // Both named (checked below by their names around the "atau"); one said as "cukup sppl aja" weighs less.
    if (!a || !b || a.score < 2 || b.score < 2 || (u.candidates[2]?.score ?? 0) >= NAMED_SCORE) return undefined;
    if (kb.permit(a.permit)?.category !== kb.permit(b.permit)?.category || !EITHER_WORD.test(foldText(text))) return undefined;
    const folded = ` ${foldText(text)} `;
    const namesOf = (id: string) => [id, ...(kb.permit(id)?.aliases ?? [])].map((n) => ` ${foldText(n)} `);
    // The "atau" between the two: "sppl atau ukl-upl", not "kalau blm ada imb atau pbg, bisa urus slf?"
    // (two names of one permit, the other asked of apart).
    const joined = namesOf(a.permit).some((x) => namesOf(b.permit).some((y) => EITHER_BETWEEN.some((w) => folded.includes(`${x}${w}${y.slice(1)}`) || folded.includes(`${y}${w}${x.slice(1)}`))));
    if (!joined) return undefined;
    // In the order the message names them ("imb atau slf?": PBG first).
    const at = (id: string) => Math.min(...namesOf(id).map((n) => folded.indexOf(n)).filter((i) => i >= 0), Infinity);
    const [first, second] = at(b.permit) < at(a.permit) ? [b.permit, a.permit] : [a.permit, b.permit];
    if (factOfEach) {
      talkedAbout(ctx, first, u.aspect!);
      return `${answerPermit(kb, ctx.m, first, u.aspect as PermitAspect)}\n\n${answerPermit(kb, ctx.m, second, u.aspect as PermitAspect)}`;
    }
    const answer = answerEither(kb, ctx.m, [first, second]);
    if (!answer) return undefined;
    // Talked about after it: the one the rest of the message points to ("sy lulusan D3 farmasi, …
    // sipa atau sipttk?": SIPTTK; "klo renovasi rumah perlu imb atau slf?": PBG), else the first named.
    let rest = folded;
    for (const id of [first, second]) for (const n of [id, ...(kb.permit(id)?.aliases ?? [])]) rest = rest.split(` ${foldText(n)} `).join(" ");
    const fits = understander.understand(rest).candidates.find((c) => c.permit === first || c.permit === second)?.permit;
    talkedAbout(ctx, fits ?? first, "general");
    return answer;
  }

  /**
   * A product or case the permit asked about cannot be had for, named in the message (the permit
   * file's `not_for`): "sy produksi abon ikan, mau urus pirt" is told that processed fish needs
   * BPOM's izin edar, then answered as asked. A message not understood otherwise, asked after that
   * permit's answer ("kalau abon ikan bisa?"), gets that alone (`alone`).
   */
  function notForSaid(ctx: Ctx, text: string, read: Understanding, u: Understanding): { id: string; text: string; alone: boolean } | undefined {
    const unread = notUnderstood(u);
    const id = u.permit && (u.intent === "ask" || u.intent === "apply") ? u.permit : unread && looksLikeQuestion(text) ? ctx.s.engine.context.permit : undefined;
    const folded = ` ${foldText(text)} `;
    // "krupuk bawang aja tanpa ikan": a product said to be left out is not named.
    const names = (words: readonly string[]) => words.some((w) => folded.includes(` ${foldText(w)} `) && !WITHOUT_BEFORE.test(folded.slice(0, folded.indexOf(` ${foldText(w)} `) + 1)));
    // "mau buka usaha jual ikan asin kering dikemas gt, izin apa aja yg perlu ya" (no permit read): a
    // packaged product of a permit's not_for, that permit's warning before the answer (the NIB).
    if (!id && !u.permit && saysPackaged(text)) {
      const packaged = kb.permits.find((x) => x.notFor && names(x.notFor.words));
      return packaged ? { id: packaged.id, text: permitIn(packaged, ctx.m.lang).notFor!.text, alone: false } : undefined;
    }
    const p = id ? kb.permit(id) : undefined;
    if (!p?.notFor) return undefined;
    if (!names(p.notFor.words)) return undefined;
    // "klo bakso sapi gmn kak?" after SPP-IRT's answer names no permit (read alone): that is the
    // answer ("mau urus pirt" gets both). Read only here: a product of not_for was named.
    return { id: p.id, text: permitIn(p, ctx.m.lang).notFor!.text, alone: !read.permit || !understander.understand(text).permit };
  }

  /**
   * A follow-up read against the answer just given (what the understander, which sees one message,
   * cannot know): "yg nomer 3 syaratnya apa" after the list of permits is the third permit listed;
   * "npwp wajib?" after NIB's answer asks about a document NIB lists (it was the tax office's
   * referral), "harus punya nib dulu?" after SPP-IRT whether SPP-IRT needs NIB; "20 hari itu
   * dihitung dari kapan?" repeats a number of the answer just given; "kalau musala kecil juga?", a
   * follow-up naming nothing known, and "kalo ruko?" after SLF's validity, a follow-up naming only a
   * kind of building of the same category, are about the same permit and aspect.
   */
  function inContext(ctx: Ctx, text: string, u: Understanding): Understanding {
    const before = ctx.s.engine.context;
    const asked = (permit: string, aspect: Aspect | null): Understanding => ({ ...u, intent: "ask", permit, aspect, confidence: 0.9, candidates: [{ permit, score: 3 }], more: [] });
    const nth = before.listed ? (ordinalIn(text) ?? bareNumber(text)) : undefined;
    const listed = nth ? listedPermitIds(kb, listedCategory(ctx))[nth - 1] : undefined;
    // "yg 5 brp?": the fee of the fifth.
    if (listed) return asked(listed, u.aspect ?? (asksOnlyHowMuch(text) ? "fee" : "general"));
    // "label nya harus udh jadi?", "proposal nya harus pdf?" right after a permit's requirements,
    // naming no permit (it was "belum memahami"): a document of that list, asked about.
    const listOf = before.aspect === "requirements" && before.permit && !u.permit && notUnderstood(u) && looksLikeQuestion(text) ? kb.permit(before.permit) : undefined;
    if (listOf && listedDocumentAsked(listOf, text)) return asked(listOf.id, "requirements");
    // "trs yg kedua brp lama?", "yg satunya?" after two permits answered side by side: that one of
    // the two, not a permit the message names itself.
    const pair = before.pair && before.pair.includes(before.permit ?? "") && !u.alsoPermit && (!u.permit || u.permit === before.permit) ? before.pair : undefined;
    const ofPair = pair ? (OTHER_OF_TWO.test(foldText(text)) ? (pair[0] === before.permit ? 2 : 1) : ordinalIn(text)) : undefined;
    if (pair && (ofPair === 1 || ofPair === 2)) return asked(pair[ofPair - 1]!, u.aspect && u.aspect !== "general" ? u.aspect : asksOnlyHowMuch(text) ? "fee" : "general");
    // "dua2nya daftarnya dmn?" after the clinic, then the lab: both, one after the other.
    if (pair && saysBothOfTwo(text) && u.aspect && u.aspect !== "general") return { ...asked(pair[0]!, u.aspect), alsoPermit: pair[1]! };
    // Not read on its own (a day, "brp?" alone): about the answer before.
    const unreadAlone = notUnderstood(u);
    // "trs ngurusnya dmn" after SPP-IRT's warning that yoghurt cannot have one: where the agency
    // that covers it (the referral whose instead_of names the permit: BPOM) is, not SPP-IRT's place.
    const covering = before.notFor && (!u.permit || u.permit === before.notFor) && (u.intent === "ask" || unreadAlone) && (u.aspect === "where" || u.aspect === "procedure") && !understander.understand(text).permit ? notCovered.find((r) => r.permits.has(before.notFor!)) : undefined;
    if (covering) return { ...u, intent: "referral", referral: covering.id, permit: null, aspect: null, confidence: 0.85, candidates: [], more: [] };
    // "jumat jg?", "sabtu?" after the office hours: the hours again.
    if (before.office === "hours" && unreadAlone && namesOnlyADay(text)) return { ...u, intent: "office_info", permit: null, aspect: "hours", confidence: 0.9, candidates: [], more: [] };
    // "mau penelitian bareng …, ktp nya semua dikumpulin atau cukup 1?": another agency's document
    // (the KTP's) asked about as a requirement of the permit named beside it: that permit's
    // requirement, not the referral (the permit talked about before is read below).
    const beside = u.intent === "referral" && u.candidates[0] ? kb.permit(u.candidates[0].permit) : undefined;
    if (beside && beside.id !== before.permit && requirementAsked(beside, text)) return asked(beside.id, "requirements");
    const current = before.permit ? kb.permit(before.permit) : undefined;
    if (!current || u.intent === "check_status" || u.intent === "talk_to_staff" || u.intent === "complaint" || u.intent === "list_permits") return u;
    // "kalo mau buka 24 jam gmn" after the pharmacy's answer: the business's own hours, which its
    // permit's text speaks of ("Apotek 24 jam minimal memiliki 2 apoteker"), not the office's.
    if (u.intent === "office_info" && u.aspect === "hours" && roundTheClock(text) && roundTheClock(current.body)) return asked(current.id, "general");
    // "brp?", "sabaraha?" after a permit's answer: its fee.
    if (unreadAlone && asksOnlyHowMuch(text)) return asked(current.id, "fee");
    // "lanjut", "terus gimana?" alone after a permit's answer: what comes next, how to apply (after
    // that, where).
    if (!before.dropped && ((unreadAlone && goesOn(text)) || yesGoesOn(text))) return asked(current.id, before.aspect === "procedure" ? "where" : "procedure");
    const otherNamed = u.permit && u.permit !== current.id;
    const plain = !u.aspect || u.aspect === "general";
    // A document of the permit talked about, asked whether it is needed (not one of another
    // permit named with it: "bikin nib perlu npwp ga" is NIB's, whatever was talked about).
    const otherDoc = otherNamed && u.intent === "ask" && plain ? requirementAsked(kb.permit(u.permit!)!, text) : undefined;
    // Not another agency's document named outright as one alternative of a requirement ("towernya 42
    // meter, perlu amdal gk?" after PBG, of "Dokumen lingkungan (SPPL / UKL-UPL / AMDAL)"): that
    // agency's answer says when it is needed and when another alternative is.
    const onlyAlternative = u.intent === "referral" && !requirementAsked(current, text);
    if (!otherDoc && !onlyAlternative && (u.intent !== "ask" || !u.permit || (otherNamed && plain)) && requirementAsked(current, text, { alternative: true })) return asked(current.id, "requirements");
    // "tanah msh atas nama ortu, bisa?" after PBG: the document that situation needs.
    if (!u.permit && (u.intent === "out_of_scope" || plain) && requirementForSituation(current, text)) return asked(current.id, "requirements");
    const aspect = before.aspect as Aspect | undefined;
    if (!aspect || aspect === "general") return u;
    if (!otherNamed && plain) {
      const number = /(\d+)\s*(hari|tahun|thn|bulan|bln|minggu|jam|day|days|year|years|month|months)\b/i.exec(text);
      // Against the answer as given in either language: "5 years?" after the English "5 years.", "5 tahun?" after "5 tahun.".
      const said = number ? [current, permitIn(current, "en")].map((p) => aspectText(p, aspect)).join("\n") : "";
      if (number && new RegExp(`\\b${number[1]}\\s*${number[2]!.slice(0, 3)}`, "i").test(said)) return asked(current.id, aspect);
    }
    if (!isFollowUp(text) || foldText(text).split(" ").length > 8) return u;
    // Not a question offering the permits it hints at ("kalo yg dokter?" after SIPB's fee: which one).
    const unread = u.intent === "out_of_scope" || (u.confidence < patterns.confidence_threshold && !u.candidates.length);
    if (!u.permit && unread) return asked(current.id, aspect);
    // Another permit of the same category only hinted by a word that is one of this permit's own
    // form options ("ruko" is PBG's keyword, and a building function SLF's form asks about): still
    // this permit. "kalau buka apotek sendiri?" after SIPA (whose form offers "Apotek") is the
    // pharmacy's permit, of another category.
    if (otherNamed && plain && (u.candidates[0]?.score ?? 0) < NAMED_SCORE && kb.permit(u.permit!)?.category === current.category && optionWordsOf(current).size) {
      const own = optionWordsOf(current);
      if (foldText(text).split(" ").some((w) => w.length >= 4 && own.has(w))) return asked(current.id, aspect);
    }
    return u;
  }

  /** The words of a permit's form options ("Usaha (toko, ruko, gudang, kantor)"), made once per permit. */
  const optionWords = new Map<string, Set<string>>();
  function optionWordsOf(p: Permit): Set<string> {
    let words = optionWords.get(p.id);
    if (!words) {
      words = new Set(p.form.flatMap((q) => q.options ?? []).flatMap((o) => foldText(o.label).split(" ")).filter((w) => w.length >= 4));
      optionWords.set(p.id, words);
    }
    return words;
  }

  /**
   * The button text of a choice id `<flow>.<step>:<option>`, from the flow and knowledge files
   * (Indonesian): an option of a choose step, skip/yes/edit, a permit, a permit form field's option.
   * Labels that need the conversation's values (`{permit}`) are not rendered.
   */
  function choiceLabel(id: string): string | undefined {
    const m = CHOICE_ID.exec(id);
    if (!m) return undefined;
    const [, flowId, stepId, option] = m as unknown as [string, string, string, string];
    const step = flows.byId.get(flowId)?.steps.find((x) => x.id === stepId);
    if (!step) return undefined;
    const fill = (key: string) => {
      const text = base.t(key);
      return /\{\w+\}/.test(text) ? undefined : text;
    };
    if (step.type === "choose") {
      const o = step.options.find((x) => x.id === option);
      if (o) return fill(o.label);
    }
    // One of the conversation's applications picked at the status check: its number.
    if (step.type === "ask" && REGISTRATION_NUMBER_RE.test(option)) return option;
    if (option === "skip") return fill(step.type === "uploads" ? "upload.skip" : "form.skip");
    if (step.type === "confirm" && (option === "yes" || option === "edit")) return fill(`confirm.${option}`);
    const permit = kb.permit(option);
    if (permit) return permit.name;
    const dot = option.indexOf(".");
    if (dot > 0) {
      const [field, value] = [option.slice(0, dot), option.slice(dot + 1)];
      for (const p of kb.permits) {
        const label = p.form.find((f) => f.id === field)?.options?.find((o) => o.id === value)?.label;
        if (label) return label;
      }
    }
    return undefined;
  }

  // ---- repair words -------------------------------------------------------------------------

  /**
   * A question about the citizen's own personal data ("data saya dipakai buat apa?", "saya tarik
   * persetujuan saya"), answered wherever they are. Not as the answer to a free-text question
   * unless it reads as a question, speaks of "saya"/"my", or is a phrase alone ("data pribadi",
   * "privacy": what the consent text tells to type) (a research title "Perlindungan Data
   * Pribadi …" is an answer; "saya tarik persetujuan saya" at the name question is no name), not at the
   * summary ("NIK saya salah" changes the NIK there), not inside that answer itself unless asked.
   */
  function privacyQuestion(ctx: Ctx, text: string): boolean {
    if (!flows.byId.has(PRIVACY_FLOW) || !asksPrivacy(text) || isOptionLabel(ctx, text)) return false;
    const frame = top(ctx);
    // Inside that answer itself only a question asks again ("data saya apa aja yang kalian simpan?"
    // at its buttons; it was "pick one of the options").
    if ((frame?.flow === PRIVACY_FLOW && !looksLikeQuestion(text)) || frame?.slots._edit || frame?.slots._picking) return false;
    const kind = ctx.s.engine.expecting?.kind;
    if (kind === "confirm") return false;
    // "data diri saya: Siti Aminah, NIK 3317…": the data given, not asked about.
    if (kind && !looksLikeQuestion(text) && GIVES_DATA.test(text)) return false;
    return kind !== "text" || looksLikeQuestion(text) || FIRST_PERSON.test(text) || privacyPhrases.has(foldText(text));
  }

  /**
   * A request only staff can carry out (patterns.yaml `staff_only`): which kind, or undefined. Not
   * at the summary (a correction there is the summary's), a document question, inside the offer
   * itself, nor as the answer to a free-text question unless it reads as a question or speaks of "saya".
   */
  function staffOnlyRequest(ctx: Ctx, text: string): StaffOnlyKind | undefined {
    if (!flows.byId.has(STAFF_ONLY_FLOW)) return undefined;
    const frame = top(ctx);
    // "kena denda gk pak", "jd skrg sy hrs gmn, msh bs ngurus?" right after the answer on a building put up
    // without a PBG: the same answer again (it was the fee overview, or "belum memahami").
    if (frame?.flow === STAFF_ONLY_FLOW && frame.slots.staff_only === "built" && ctx.s.engine.expecting?.field === "offer" && BUILT_AGAIN.test(foldText(text))) return "built";
    if (frame?.flow === STAFF_ONLY_FLOW || frame?.slots._edit || frame?.slots._picking) return undefined;
    // At the personal-data answer's choices "minta salinan" is a copy of one's data (its staff option);
    // a permit named is still a permit's copy ("izin sy hilang").
    if (frame?.flow === PRIVACY_FLOW && !/\b(?:izin|ijin|izinnya|sk|sertifikat|nib|pbg|sip|slf|permit|license|licence)\b/.test(foldText(text))) return undefined;
    const kind = ctx.s.engine.expecting?.kind;
    if (kind === "confirm" || kind === "file") return undefined;
    if (kind === "text" && !looksLikeQuestion(text) && !FIRST_PERSON.test(text)) return undefined;
    // "eh maaf salah ketik, yg bener RBG-2026-000001": the number typed before corrected (a status
    // check), not the application's data.
    if (MISTYPED.test(foldText(text)) && REGISTRATION_IN_TEXT.test(text)) return undefined;
    // "batalkan permohonan" while an application's form is open leaves that form ("batal"); an
    // application said to be sent already is withdrawn by staff.
    const inForm = ctx.s.engine.stack.some((f) => f.flow === "apply");
    const request = staffOnlyKinds.refund(text)
      ? "refund"
      : staffOnlyKinds.withdraw(text) && (staffOnlyKinds.sent(text) || !inForm)
        ? "withdraw"
        : staffOnlyKinds.change(text) && (staffOnlyKinds.sent(text) || (!inForm && !!ctx.s.engine.context.application && ownTalk.about(text)))
        ? "change"
        : staffOnlyKinds.reissue(text)
        ? "reissue"
        // "rumah sy udah terlanjur bangun tp blm ada pbg, gmn ya": not when the SLF is what is asked
        // ("ruko sy udh jadi tp gk pny imb. bs langsung bikin slf aja?": the SLF's answer says what it needs).
        : staffOnlyKinds.built(text) && !/\bslf\b/.test(foldText(text))
        ? "built"
        : staffOnlyKinds.urgent(text)
          ? "urgent"
          : staffOnlyKinds.pressing(text)
            ? "pressing"
            : undefined;
    // "batal" right after the receipt, nothing open: the application just sent, which only staff withdraw.
    // Not a second application given up ("oh udh masuk. gk jadi daftar lg"): nothing to withdraw.
    if (!request && !frame && ctx.s.engine.context.application && repairKind(text, undefined, false) === "cancel" && !foldedWords(text).some((w) => w === "lagi" || w === "lg")) return "withdraw";
    // Checked last: it renders every option's label, and almost no message is a staff-only request.
    return request && !isOptionLabel(ctx, text) ? request : undefined;
  }

  /**
   * offer_human can be started at `step` over what is under way: the flow has the step, and neither an
   * offer, a staff-only answer, an edit or a pick is open, nor the summary or a document question.
   */
  function offerCanStart(ctx: Ctx, step: string): boolean {
    if (!flows.byId.get("offer_human")?.steps.some((s) => s.id === step)) return false;
    const frame = top(ctx);
    if (frame?.flow === "offer_human" || frame?.flow === STAFF_ONLY_FLOW || frame?.slots._edit || frame?.slots._picking) return false;
    const kind = ctx.s.engine.expecting?.kind;
    return kind !== "confirm" && kind !== "file";
  }

  /**
   * A call asked for (patterns.yaml `call_back`), where it can be one: as `staffOnlyRequest` (not at
   * the summary, a document question, inside an offer of a person, nor as a free-text answer unless
   * it reads as a question or speaks of "saya").
   */
  function callRequest(ctx: Ctx, text: string): boolean {
    if (!offerCanStart(ctx, "call")) return false;
    if (ctx.s.engine.expecting?.kind === "text" && !looksLikeQuestion(text) && !FIRST_PERSON.test(text)) return false;
    // "nomor telepon saya ya 0812…": a number given (the phone word belongs to "nomor telepon"), no call asked.
    if (NUMBER_OF_PHONE.test(foldText(text))) return false;
    // "sy tuli, gk bs ditelpon. chat aja ya min": a call ruled out, no call asked.
    if (CALL_RULED_OUT.test(foldText(text))) return false;
    return asksCall(text) && !isOptionLabel(ctx, text);
  }

  /** A person wanted to talk with about something ("mau tanya soal", "mau nanya ttg"), beside "anyone there". */
  const ANYONE_TO_ASK = /\b(?:mau|ingin|pengen|pingin|perlu) (?:tanya|nanya|konsultasi|ngobrol)\b/;

  /**
   * "malem min, msh ada org gk?", "jam segini ada yg bales gk sih" with no request for a person under way
   * (patterns.yaml `anyone_there`; in the queue, `still_there` is the runtime's): where an offer can start,
   * not as a form's answer, and asking nothing else (a greeting, or nothing understood). A greeting
   * alone ("halo ada orang?") only while the office is closed: open, the welcome answers it.
   */
  function anyoneThere(ctx: Ctx, text: string): boolean {
    const again = top(ctx)?.flow === "offer_human" && top(ctx)?.step === "there";
    if (!(again || offerCanStart(ctx, "there")) || ctx.s.engine.expecting?.kind === "text" || !asksAnyoneThere(text) || isOptionLabel(ctx, text)) return false;
    const u = understander.understand(text, {});
    if (u.intent === "greeting") return !isOpen(kb.office, deps.now?.() ?? new Date());
    // "hari ini natal ada petugas yg jaga gk? sy mau tanya soal sip perawat sy": a permit named with no
    // fact of it asked is what the person would be asked about; whether anyone is there comes first.
    if (u.intent === "ask" && u.permit && (!u.aspect || u.aspect === "general") && ANYONE_TO_ASK.test(foldText(text))) return true;
    return notUnderstood(u);
  }

  /** When staff answer, for offer.there: today until closing, or from the next opening. */
  function staffNow(ctx: Ctx): string {
    const at = deps.now?.() ?? new Date();
    const closes = closesAt(kb.office, at);
    if (closes) return ctx.m.t("offer.there_open", { until: ctx.m.lang === "id" ? jakartaTime(closes).replace(":", ".") : jakartaTime(closes) });
    const opens = nextOpening(kb.office, at);
    const next_opening = opens ? phraseJakarta(opens, ctx.m.lang) : ctx.m.t("handoff.next_working_day");
    // On a holiday of office.yaml: its name ("Hari ini kantor libur (Hari Raya Natal)").
    const holiday = kb.office.holidays.find((h) => h.date === jakartaDate(at));
    return holiday ? ctx.m.t("offer.there_holiday", { holiday: holiday.name, next_opening }) : ctx.m.t("offer.there_closed", { next_opening });
  }

  /** Whether Loket is a person asked (patterns.yaml `bot_asked`), where a call could be asked (`callRequest`), and as a question. */
  function botAsked(ctx: Ctx, text: string): boolean {
    if (!offerCanStart(ctx, "bot")) return false;
    return asksIfBot(text) && (looksLikeQuestion(text) || /\b(?:ya|yah|kah|bukan|sih)\s*$/.test(foldText(text))) && !isOptionLabel(ctx, text);
  }

  /**
   * How the citizen will hear of the outcome ("nanti dikabari ga kalau izinnya selesai?",
   * patterns.yaml `notify_asked`), where a question can be asked as `callRequest` allows one.
   */
  function notifyQuestion(ctx: Ctx, text: string): boolean {
    if (!flows.byId.has(NOTIFY_FLOW)) return false;
    const frame = top(ctx);
    if (frame?.slots._edit || frame?.slots._picking) return false;
    const kind = ctx.s.engine.expecting?.kind;
    if (kind === "text" && !looksLikeQuestion(text) && !FIRST_PERSON.test(text)) return false;
    // A forwarded chain message ("… hubungi Bapak Hendra di nomor WA …"): the warning (route), not how Loket notifies.
    if (topicsSaid(text).some((t) => refusedTopics.has(t.name))) return false;
    if (!toldWord(text) || !outcomeWord(text)) return false;
    // In a story of several sentences, both in one ("… PBG nya udh keluar. … kontraktor sy susah
    // dihubungi. jd sy perlu ngurus apa?" asks no such thing).
    const sentences = text.split(/[.!?\n]+/).filter((x) => /\p{L}/u.test(x));
    if (sentences.length > 2 && !sentences.some((x) => toldWord(x) && outcomeWord(x))) return false;
    return !isOptionLabel(ctx, text);
  }

  function repair(ctx: Ctx, text: string): boolean {
    // Not an option of the question typed out whole ("Ya, hapus data saya", as WhatsApp lists the options as text).
    const command = commandIn(text);
    if (command && flows.byId.has(command) && !isOptionLabel(ctx, text)) {
      // "hapus semua data sy termasuk permohonan reklame td, sy gk jadi pasang": the application sent
      // stays with the office, and only staff withdraw it; said before the deletion is confirmed.
      const mine = ctx.s.engine.context.application;
      if (mine && command === "delete_data" && APPLICATION_WORD.test(foldText(text)) && GIVEN_UP.test(foldText(text)) && flows.byId.has(STAFF_ONLY_FLOW)) {
        say(ctx, ctx.m.t("staff_only.own_application", { number: mine }));
        say(ctx, ctx.m.t("staff_only.withdraw"));
      }
      startFlow(ctx, command, {}, "push");
      run(ctx);
      return true;
    }
    if (!command && privacyQuestion(ctx, text)) {
      // Asked again at the answer's own buttons: the answer again in its place, not one over another.
      if (top(ctx)?.flow === PRIVACY_FLOW) ctx.s.engine.stack.pop();
      startFlow(ctx, PRIVACY_FLOW, {}, "push");
      run(ctx);
      return true;
    }
    // "kalau sudah jadi saya ditelepon?": a message here at each status change; the question beneath
    // is asked again (over the menu when nothing is beneath). Before the call asked for, which it reads as.
    if (!command && notifyQuestion(ctx, text)) {
      if (!top(ctx)) startFlow(ctx, "menu", {}, "reset", "menu");
      startFlow(ctx, NOTIFY_FLOW, {}, "push");
      run(ctx);
      return true;
    }
    // "bisa telepon saya?", "minta ditelpon aja min": no call promised (nor a case opened unasked):
    // said so, the office's contacts, and a person here offered; the question beneath stays.
    if (!command && callRequest(ctx, text)) {
      if (!top(ctx)) startFlow(ctx, "menu", {}, "reset", "menu");
      startFlow(ctx, "offer_human", { reason: "citizen_asked", aspect: "contact" }, "push", "call");
      run(ctx);
      return true;
    }
    // "malem min, msh ada org gk?": the automatic assistant answers now, and when staff do; a person offered.
    if (!command && anyoneThere(ctx, text)) {
      // Asked again at its own offer ("jam segini ada yg bales gk sih"): said again, fresh.
      if (top(ctx)?.flow === "offer_human") ctx.s.engine.stack.pop();
      if (!top(ctx)) startFlow(ctx, "menu", {}, "reset", "menu");
      startFlow(ctx, "offer_human", { reason: "citizen_asked", staff_now: staffNow(ctx) }, "push", "there");
      run(ctx);
      return true;
    }
    // "ini orang beneran apa bot ya?": the automatic assistant, and a person offered (no case opened unasked).
    if (!command && botAsked(ctx, text)) {
      if (!top(ctx)) startFlow(ctx, "menu", {}, "reset", "menu");
      startFlow(ctx, "offer_human", { reason: "citizen_asked" }, "push", "bot");
      run(ctx);
      return true;
    }
    const staffOnly = command ? undefined : staffOnlyRequest(ctx, text);
    if (staffOnly) {
      // Over the menu when nothing is beneath, so that "Tidak, lanjutkan" comes back to it (as offer_human).
      if (!top(ctx)) startFlow(ctx, "menu", {}, "reset", "menu");
      // A change or a withdrawal of the application this conversation filed: which one it is (staff see it with the case).
      const mine = ctx.s.engine.context.application;
      if (mine && (staffOnly === "change" || staffOnly === "withdraw") && !ctx.s.engine.stack.some((f) => f.flow === "apply") && !REGISTRATION_IN_TEXT.test(text)) say(ctx, ctx.m.t("staff_only.own_application", { number: mine }));
      if (top(ctx)?.flow === STAFF_ONLY_FLOW) ctx.s.engine.stack.pop();
      startFlow(ctx, STAFF_ONLY_FLOW, { staff_only: staffOnly, reason: "staff_only" }, "push");
      run(ctx);
      return true;
    }
    const kind = repairKind(text, undefined, ctx.s.engine.expecting?.kind === "text");
    if (!kind || kind === "skip" || kind === "yes" || kind === "no") return false;
    // An option of the question typed out whole ("Tidak jadi", as WhatsApp lists the options as
    // text) is that option, whatever repair word it also is.
    if (isOptionLabel(ctx, text)) return false;
    // "batal" / "gak jadi" while changing one item from the summary (or choosing which): back to
    // the summary as it was, not "delete the whole application?".
    const editing = top(ctx);
    if (kind === "cancel" && editing && (editing.slots._edit || editing.slots._picking)) {
      if (editing.slots._edit) returnToConfirm(ctx, editing);
      delete editing.slots._picking;
      ctx.s.engine.expecting = undefined;
      reprompt(ctx);
      return true;
    }
    // "batal" / "kembali" in a status check asked in the middle of a form: only the check goes.
    if ((kind === "cancel" || kind === "back") && top(ctx)?.slots._aside && ctx.s.engine.stack.length > 1) {
      leaveAside(ctx);
      reprompt(ctx);
      return true;
    }
    // While "delete the answers?" is asked, any repair word answers it: the same word again confirms.
    // Not "eh ga jadi, lanjut aja", "gajadi batal, terusin": the cancel taken back.
    const leaving = top(ctx)?.flow === LEAVE_FLOW;
    if (leaving && kind === "cancel" && goesOnAtEnd(text)) {
      // As "Tidak, lanjut mengisi": the question underneath again, nothing stored from this message.
      ctx.s.engine.stack.pop();
      ctx.s.engine.expecting = undefined;
      reprompt(ctx);
      return true;
    }
    // "eh gk jd deh, ga usah" asked to confirm something (deleting the data, a person): its no.
    const asked = top(ctx);
    const askedStep = asked ? stepOf(asked) : undefined;
    const noOption = !leaving && kind === "cancel" && askedStep?.type === "choose" && !unsentAnswers(ctx) ? askedStep.options.find((o) => NO_OPTIONS.has(o.id)) : undefined;
    const afterCancel = noOption ? cancelRest(text) : undefined;
    if (asked && askedStep?.type === "choose" && noOption && (!afterCancel || yesOrNo(afterCancel) === "no")) return (choose(ctx, asked, askedStep, noOption.id), true);
    if (leaving) {
      ctx.s.engine.stack.pop();
      ctx.s.engine.expecting = undefined;
    } else {
      // "kembali", "ulang", "bantuan" are about the question an offer covers, not the offer.
      if (kind === "back" || kind === "restart" || kind === "help") stepAside(ctx);
      if ((kind === "menu" || kind === "cancel" || kind === "restart") && unsentAnswers(ctx)) {
        // "gak jadi, mau daftar PBG aja": the permit switched to is named in the question, and
        // taken once the answers go (the words after the cancel were dropped).
        const rest = kind === "cancel" ? cancelRest(text) : undefined;
        const formPermit = [...ctx.s.engine.stack].reverse().find((f) => f.flow === "apply")?.slots.permit as string | undefined;
        const u = rest ? understander.understand(rest, {}) : undefined;
        const current = formPermit ? kb.permit(formPermit) : undefined;
        const other = u?.permit && u.intent === "apply" && u.permit !== formPermit ? kb.permit(u.permit) : undefined;
        if (rest && current && other) {
          say(ctx, ctx.m.t("leave.switch", { current: shortName(permitIn(current, ctx.m.lang)), other: shortName(permitIn(other, ctx.m.lang)) }));
          startFlow(ctx, LEAVE_FLOW, { repair: kind, request: rest }, "push");
          run(ctx);
          return true;
        }
        startFlow(ctx, LEAVE_FLOW, { repair: kind }, "push");
        run(ctx);
        return true;
      }
      // "eh gajadi, sy tanya jam buka aja": what was going on is dropped, and the words after the
      // cancel are the next request (no answers of a form are at stake here: asked about above).
      const rest = kind === "cancel" ? cancelRest(text) : undefined;
      if (rest) {
        const frame = top(ctx);
        if (frame && frame.flow !== "menu") say(ctx, ctx.m.t("repair.cancelled"));
        ctx.s.engine.stack = [];
        ctx.s.engine.expecting = undefined;
        route(ctx, rest);
        return true;
      }
    }
    applyRepair(ctx, kind);
    return true;
  }

  /** Out of office hours: when the office opens again, as a line after a status's next step; "" while it is open. */
  function closedNow(ctx: Ctx): string {
    const at = deps.now?.() ?? new Date();
    if (isOpen(kb.office, at)) return "";
    const opens = nextOpening(kb.office, at);
    return opens ? ctx.m.t("status.closed_now", { next_opening: phraseJakarta(opens, ctx.m.lang) }) : "";
  }

  /** Drops a check done on top of a form (`_aside`); the form's question comes next. */
  function leaveAside(ctx: Ctx): void {
    ctx.s.engine.stack.pop();
    ctx.s.engine.expecting = undefined;
    ctx.s.engine.failures = 0;
    say(ctx, ctx.m.t("status.later"));
  }

  /** True when a flow on the stack holds answers or documents not yet sent (an application being filled in). */
  function unsentAnswers(ctx: Ctx): boolean {
    return ctx.s.engine.stack.some((f) => {
      if (f.flow === "menu") return false;
      const steps = flow(f.flow).steps;
      if (!steps.some((st) => st.type === "form" || st.type === "uploads")) return false;
      const docs = f.slots.docs as Record<string, unknown> | undefined;
      if (docs && Object.keys(docs).length) return true;
      const initial = (f.slots._init as Slots | undefined) ?? {};
      return Object.keys(f.slots).some((k) => !k.startsWith("_") && k !== "docs" && !(k in initial) && f.slots[k] !== "");
    });
  }

  function applyRepair(ctx: Ctx, kind: Exclude<keyof typeof patterns.repair, "skip" | "yes" | "no">): void {
    const frame = top(ctx);
    switch (kind) {
      case "menu":
        startFlow(ctx, "menu", {}, "reset", "menu");
        break;
      case "cancel":
        if (frame && frame.flow !== "menu") say(ctx, ctx.m.t("repair.cancelled"));
        startFlow(ctx, "menu", {}, "reset", "menu");
        break;
      case "human":
        startFlow(ctx, "handoff", { reason: "citizen_asked" }, "push");
        break;
      case "help":
        say(ctx, ctx.m.t("repair.help"));
        if (!frame) startFlow(ctx, "menu", {}, "reset", "menu");
        break;
      case "restart":
        if (!frame || frame.flow === "menu") startFlow(ctx, "menu", {}, "reset", "menu");
        else {
          const init = (frame.slots._init as Slots | undefined) ?? {};
          startFlow(ctx, frame.flow, init, "replace");
          say(ctx, ctx.m.t("repair.restarted"));
        }
        break;
      case "back":
        if (back(ctx)) break;
        // "kembali" after an answer, no form open: back to that permit's topics, or to the menu.
        if (frame?.flow === "menu") {
          if (frame.step === "followup" && typeof frame.slots.permit === "string") goTo(ctx, frame, "topic");
          else startFlow(ctx, "menu", {}, "reset", "menu");
        } else say(ctx, ctx.m.t("repair.cannot_back"));
        break;
    }
    ctx.s.engine.failures = 0;
    reprompt(ctx);
  }

  /** Whether `text` is the whole label of an option of the choice question being asked. */
  function isOptionLabel(ctx: Ctx, text: string): boolean {
    const frame = top(ctx);
    const step = frame && stepOf(frame);
    if (!frame || step?.type !== "choose") return false;
    const folded = foldText(text);
    const v = lazyVars(ctx, frame);
    return optionsOf(ctx, frame, step).some((o) => foldText(ctx.m.t(o.label, v)) === folded);
  }

  /** Whether `word` (folded) is a whole word of a permit's name or aliases ("sip", "pbg", "reklame"). */
  /**
   * The permit's document a clause asks the source of: "… mintanya ke siapa?", "rekomendasi kecamatan
   * itu ngurusnya dmn?". Where it is done counts only in a clause naming no permit ("pbg ngurus di
   * mana? sy udh pny sertifikat tanah" asks where the PBG is filed).
   */
  function sourceAsked(ctx: Ctx, p: Permit, text: string): DocumentRequirement | undefined {
    const names = [p.id.replace(/-/g, " "), p.name, ...p.aliases].map(foldText).filter(Boolean);
    const clauses = text.split(/[?.!,;\n]+/);
    for (const [i, clause] of clauses.entries()) {
      const f = foldText(clause);
      const who = asksSource(clause);
      if (!who && !(asksSourcePlace(clause) && !names.some((n) => ` ${f} `.includes(` ${n} `)))) continue;
      // "surat pengantarnya dari siapa? kampus atau kesbangpol?": the clause after names it too.
      const d = documentAskedOf(p, who ? `${clause} ${clauses[i + 1] ?? ""}` : clause, { asked: true });
      // Another agency's document ("ktp pemohon dapetnya dari mana?") is that agency's (the referral).
      if (d && !referralOfDocument(kb, ctx.m, d)) return d;
    }
    return undefined;
  }

  function namesPermit(word: string): boolean {
    return kb.permits.some((p) => [p.name, ...p.aliases].some((n) => foldText(n).split(" ").includes(word)));
  }

  /**
   * A flow offered once in a while (the survey) ending with none of its rating questions answered
   * (declined at its offer, or stopped before the first score): what it was about (its case or
   * application), so that the citizen who changes their mind gets it after all (`resumeDeclined`).
   */
  function keepDeclined(ctx: Ctx, frame: Frame): void {
    const extra = (ctx.s.engine.extra ??= {});
    const rated = flow(frame.flow).steps.some((st) => st.type === "choose" && st.scale && st.field && frame.slots[st.field] !== undefined);
    const about = Object.fromEntries(Object.entries(frame.slots).filter(([k, x]) => !k.startsWith("_") && typeof x === "string"));
    if (rated) delete extra[`declined:${frame.flow}`];
    else extra[`declined:${frame.flow}`] = JSON.stringify({ at: (deps.now?.() ?? new Date()).toISOString(), about });
  }

  /** The flow declined within its `once_within_days` started again at its first rating question; false when none was. */
  function resumeDeclined(ctx: Ctx, id: string): boolean {
    const extra = ctx.s.engine.extra;
    const kept = extra?.[`declined:${id}`];
    const days = flows.byId.get(id)?.once_within_days;
    if (typeof kept !== "string" || !days || ctx.s.engine.stack.some((f) => f.flow === id)) return false;
    const { at, about } = JSON.parse(kept) as { at: string; about: Record<string, string> };
    delete extra![`declined:${id}`];
    if (!withinDays(at, days)) return false;
    const first = flow(id).steps.find((st) => st.type === "choose" && st.scale);
    if (!first) return false;
    startFlow(ctx, id, about, "push");
    goTo(ctx, top(ctx)!, first.id);
    run(ctx);
    return true;
  }

  /** A flow with `once_within_days` (the survey) already started in this conversation within those days. */
  function offeredLately(ctx: Ctx, id: string): boolean {
    const days = flow(id).once_within_days;
    const last = ctx.s.engine.extra?.[`offered:${id}`];
    return Boolean(days) && typeof last === "string" && withinDays(last, days!);
  }

  /** An ISO time no more than `days` days before now (and not after it). */
  function withinDays(at: string, days: number): boolean {
    const since = (deps.now?.() ?? new Date()).getTime() - Date.parse(at);
    return since >= 0 && since < days * 86_400_000;
  }

  /** One question back: within a form or the uploads, or to the previous question step. */
  function back(ctx: Ctx): boolean {
    const frame = top(ctx);
    if (!frame) return false;
    const s = frame.slots;
    delete s._picking;
    if (s._edit) {
      returnToConfirm(ctx, frame);
      return true;
    }
    const step = stepOf(frame);
    if (step?.type === "form" && Number(s._fi ?? 0) > 0) {
      s._fi = Number(s._fi) - 1;
      return true;
    }
    if (step?.type === "uploads" && Number(s._ui ?? 0) > 0) {
      s._ui = Number(s._ui) - 1;
      return true;
    }
    const steps = flow(frame.flow).steps;
    while (frame.trail.length) {
      const prev = frame.trail.pop()!;
      const st = steps.find((x) => x.id === prev);
      if (!st || st.type === "say" || st.type === "answer" || st.type === "branch" || st.type === "action") continue;
      frame.step = prev;
      if (st.type === "ask") delete s[st.field];
      if (st.type === "choose_permit") delete s[st.field];
      if (st.type === "form") {
        const n = formQuestions(ctx, frame, st).length;
        s._fi = Math.max(0, n - 1);
      }
      if (st.type === "uploads") s._ui = Math.max(0, requirementsOf(ctx, frame, st).length - 1);
      ctx.s.engine.expecting = undefined;
      return true;
    }
    return false;
  }

  // ---- the step -----------------------------------------------------------------------------

  return {
    warm: () => {
      for (const m of matchers) m.warm();
    },
    openFields,
    commandOf: commandIn,
    choiceLabel,
    repairOf: (text) => repairKind(text),
    cancelRest,
    asksStillThere: (text) => asksStillThere(text),
    asksHours: (text) => {
      const u = understander.understand(text);
      return u.intent === "office_info" && u.aspect === "hours" && u.confidence >= patterns.confidence_threshold;
    },
    backToBotRest,
    // A complaint said in so many words ("mau komplain kemana"), not impatience ("lama bgt sih, petugasnya pd tidur ya??").
    asksComplaint: (text) => {
      if (!COMPLAINT_SAID.test(foldText(text))) return false;
      const u = understander.understand(text);
      return u.intent === "complaint" && u.confidence >= patterns.confidence_threshold;
    },
    languageOf: (state, text) => languageFor(state, text).lang,
    takesFile: (state) => state.engine.stack.some((f) => flows.byId.has(f.flow) && stepOf(f)?.type === "uploads"),
    initialState(conversationId, channel, address) {
      const at = (deps.now ?? (() => new Date()))().toISOString();
      return {
        v: CONVERSATION_STATE_VERSION,
        conversationId,
        channel,
        ...(address ? { address } : {}),
        lang: "id",
        engine: { stack: [], context: {}, failures: 0 },
        createdAt: at,
        updatedAt: at,
      };
    },

    step(state, event, opts) {
      // A state handed over is this step's own: copying it (~10% of a step) would be wasted.
      let s = opts?.owned ? state : cloneData(state);
      let restarted = false;
      if (s.v !== CONVERSATION_STATE_VERSION || !s.engine || !Array.isArray(s.engine.stack)) {
        // A state saved by another version: start afresh at the menu rather than guess.
        s = { ...this.initialState(state.conversationId, state.channel, state.address), createdAt: state.createdAt ?? s.createdAt };
        restarted = true;
      }
      // A flow removed from flows/ since the state was saved: drop its frames.
      s.engine.stack = s.engine.stack.filter((f) => flows.byId.has(f.flow));
      // A clerk's edit since the state was saved (knowledge/ and flows/ are read at start-up). A
      // permit file removed: a flow that asks its questions, documents or facts cannot go on (a
      // correction of a filed application asks for named documents and still can).
      const permitGone = (f: Frame) => typeof f.slots.permit === "string" && !kb.permit(f.slots.permit) && usesPermitFacts(flow(f.flow));
      const gone = s.engine.stack.some(permitGone);
      if (gone) s.engine.stack = s.engine.stack.filter((f) => !permitGone(f));
      // A permit moved to OSS (loket_can_apply: false) while this citizen was filling in its
      // application: Loket no longer takes it, so the application stops (nothing is filed) and the
      // citizen is told where it is filed now, with the link.
      const movedOut = (f: Frame) => {
        const p = typeof f.slots.permit === "string" ? kb.permit(f.slots.permit) : undefined;
        return !!p && !p.submission.loketCanApply && takesApplication(flow(f.flow)) && f.step !== flow(f.flow).steps[0]!.id && isApplying(flow(f.flow), f.step);
      };
      const outside = s.engine.stack.find(movedOut);
      const outsidePermit = outside ? kb.permit(outside.slots.permit as string) : undefined;
      if (outside) s.engine.stack = s.engine.stack.filter((f) => !movedOut(f));
      if (s.engine.context.permit && !kb.permit(s.engine.context.permit)) delete s.engine.context.permit;
      // A step renamed or removed: its flow starts again from the top with every answer kept (a
      // question already answered is passed over), rather than ending it without a word.
      const topBefore = s.engine.stack[s.engine.stack.length - 1];
      let moved: Frame | undefined;
      for (const f of s.engine.stack) {
        const steps = flow(f.flow).steps;
        if (steps.some((x) => x.id === f.step)) continue;
        f.trail = [];
        // The menu holds no answers: back at its question, where the message is read as usual.
        if (f.flow === "menu") f.step = "menu";
        else {
          f.step = steps[0]!.id;
          // The highest such frame.
          moved = f;
        }
      }
      // A question that steps aside (the offer of a person, a complaint's) above the flow that
      // moved: its free text was for the question beneath, which is no longer there. It goes too,
      // and the citizen is told as when that flow is on top (else the answer was dropped unsaid).
      if (moved && moved !== topBefore) {
        const at = s.engine.stack.indexOf(moved);
        const stepsAside = s.engine.stack.slice(at + 1).every((f) => {
          const st = flow(f.flow).steps.find((x) => x.id === f.step);
          return st?.type === "choose" && st.free_text === "below";
        });
        if (stepsAside) s.engine.stack.length = at + 1;
      }
      // Only the top frame's question is the one asked; a flow beneath that moved is asked again when reached.
      const topMoved = moved !== undefined && moved === s.engine.stack[s.engine.stack.length - 1];
      if (gone || topMoved || outside) s.engine.expecting = undefined;
      // The citizen's language: Loket answers in it when messages/<lang>/ has it (see language.ts).
      let asked = false;
      /** A language asked for beside other words (read below: a request alone when they ask nothing). */
      let requested = false;
      if (event.type === "text") {
        const { lang, named, requested: besides } = languageFor(s, event.text);
        s.lang = lang;
        asked = named;
        requested = Boolean(besides);
      }
      const ctx: Ctx = { s, m: deps.messages.get(s.lang) ?? base, out: [], waiting: false };
      // Asked which permit to apply for: that question is the next message's only (route reads it).
      if (s.engine.context.applyAsked) {
        if (event.type === "text") ctx.applyAsked = true;
        delete s.engine.context.applyAsked;
      }
      // The consent just declined: that one is the next message's only (route reads it).
      if (typeof s.engine.extra?.consentDeclined === "string") {
        if (event.type === "text") ctx.consentDeclined = s.engine.extra.consentDeclined;
        delete s.engine.extra.consentDeclined;
      }
      if (event.type === "text") {
        ctx.said = event.text;
        const checking = s.engine.stack.length ? numberChecked(s) : undefined;
        if (checking) ctx.checking = checking;
      }
      if (event.type === "text" && (event.understanding || event.answer || event.prefill)) {
        ctx.hint = {
          ...(event.understanding ? { understanding: event.understanding } : {}),
          ...(event.answer ? { answer: event.answer } : {}),
          ...(event.prefill ? { prefill: event.prefill } : {}),
        };
      }
      if (restarted && event.type !== "start") say(ctx, ctx.m.t("state.restarted"));
      // The message answered a question that is no longer there: said, and the question asked now.
      // A video's caption is read as a message too (it answers the question asked).
      const input = event.type === "text" || event.type === "choice" || event.type === "file" || event.type === "location" || (event.type === "unsupported" && Boolean(event.caption));
      if (input && outsidePermit) {
        const p = permitIn(outsidePermit, ctx.m.lang);
        say(ctx, ctx.m.t("state.permit_moved", { permit_label: p.name, channel: channelName(ctx.m, kb.office, p.submission.channel), url: p.submission.url ?? "" }));
        ctx.s.engine.context.permit = outsidePermit.id;
        reprompt(ctx);
        const result: StepResult = { state: ctx.s, replies: ctx.out };
        if (ctx.call) result.call = ctx.call;
        return result;
      }
      if (input && (gone || topMoved || !realign(ctx))) {
        say(ctx, ctx.m.t(gone ? "state.permit_gone" : "state.flow_changed"));
        reprompt(ctx);
        const result: StepResult = { state: ctx.s, replies: ctx.out };
        if (ctx.call) result.call = ctx.call;
        return result;
      }
      /** The hash of the citizen's text, folded (a text event's, when compared): kept below to spot the same text sent again. */
      let said: string | undefined;
      /** A typed question (a name, an address, four digits) was waiting for this event. */
      const typedBefore = typingAnswer(ctx.s);
      switch (event.type) {
        case "start":
          // Telegram's /start (the first entry of its command menu) is "menu": in the middle of an
          // application it asks before the answers go, and /start again confirms, as "menu" does.
          if (top(ctx)?.flow === LEAVE_FLOW || unsentAnswers(ctx)) repair(ctx, "menu");
          else {
            startFlow(ctx, "menu", {}, "reset");
            run(ctx);
          }
          break;
        case "resume": {
          // "makasih pak", "ok siap bu", "oh gitu ya pak, siap", "sudah paham": a closing word said to staff wants no answer from the bot.
          const typed = event.unanswered ? withPlainDashes(event.unanswered.trim()) : "";
          const pending = typed && !(okCourtesy(typed) || saysThanks(ctx, typed) || acknowledges(typed) || settled(typed)) ? typed : "";
          // A question staff left unanswered, with no form to go on with: the bot answers it now,
          // unless the answer is to ask for a person again (staff just gave the conversation back).
          if (pending && !ctx.s.engine.stack.some((f) => f.flow !== "menu")) {
            const before = structuredClone(ctx.s);
            const said = ctx.out.length;
            say(ctx, ctx.m.t("handoff.unanswered_answered"));
            if (!repair(ctx, pending)) handleText(ctx, pending);
            if (ctx.call?.type !== "open_case") break;
            ctx.s = before;
            ctx.out.length = said;
            delete ctx.call;
            ctx.waiting = false;
          }
          say(ctx, ctx.m.t("handoff.resumed"));
          if (pending) say(ctx, ctx.m.t("handoff.unanswered"));
          // A document sent to staff went to staff, not into the form: asked for here again.
          const frame = top(ctx);
          if (event.filesSent && frame && stepOf(frame)?.type === "uploads") say(ctx, ctx.m.t("handoff.files_again"));
          reprompt(ctx);
          break;
        }
          break;
        case "trigger": {
          const slots = event.slots ?? {};
          const { replaces } = event;
          if (replaces) ctx.s.engine.stack = ctx.s.engine.stack.filter((f) => isFrameOf(f, event.flow, slots) || !isFrameOf(f, event.flow, replaces));
          // Corrected documents asked for after a handoff in which the citizen sent staff a file:
          // that file is not in the application (as at a form's documents, "resume" above).
          const filesAgain = event.filesSent && flow(event.flow).steps.some((st) => st.type === "uploads");
          // Not twice: the same flow for the same thing (a survey for anything) already under way is asked again instead.
          if (ctx.s.engine.stack.some((f) => isFrameOf(f, event.flow, slots) || (ONE_AT_A_TIME.has(event.flow) && f.flow === event.flow))) {
            if (filesAgain) say(ctx, ctx.m.t("handoff.files_again"));
            reprompt(ctx);
          } else if (offeredLately(ctx, event.flow)) {
            // Answered or declined a few days ago (the application done, then a case about it closed): not asked again.
            if (ctx.s.engine.stack.length) reprompt(ctx);
            else ctx.waiting = true;
          } else {
            if (flow(event.flow).once_within_days) (ctx.s.engine.extra ??= {})[`offered:${event.flow}`] = (deps.now?.() ?? new Date()).toISOString();
            if (filesAgain) say(ctx, ctx.m.t("handoff.files_again"));
            startFlow(ctx, event.flow, event.slots ?? {}, "push");
            run(ctx);
          }
          break;
        }
        case "withdraw": {
          const e = ctx.s.engine;
          const wasAsking = e.stack.length > 0 && isFrameOf(e.stack[e.stack.length - 1]!, event.flow, event.slots);
          e.stack = e.stack.filter((f) => !isFrameOf(f, event.flow, event.slots));
          if (wasAsking && e.stack.length) reprompt(ctx);
          else {
            if (wasAsking) e.expecting = undefined;
            ctx.waiting = true;
          }
          break;
        }
        case "result":
          handleResult(ctx, event.result);
          break;
        case "unsupported":
          // A 👍 or 🙏 put on the receipt or a "sama-sama" (nothing asked): thanks, not an answer; no apology.
          if (event.kind === "reaction" && !top(ctx)) break;
          // An emoji put on the survey's rating question pending (or on the one just answered): its score.
          if (event.reaction?.asked && reactionScore(ctx, event.reaction.emoji, event.reaction.asked)) break;
          // A contact card shared at the phone question: its number is the answer.
          if (event.phone && handleContactPhone(ctx, event.phone)) break;
          // Too long to read: said so, and the question that was pending again (the citizen is not lost).
          if (event.kind === "too_long") {
            say(ctx, ctx.m.t("message_too_long", { max: event.max ?? 0 }));
            if (top(ctx)) reprompt(ctx);
            break;
          }
          say(ctx, unsupportedText(ctx.m, event.kind));
          // "syarat reklame apa?" written on a video: the words are still a message, as with a file.
          if (event.caption && captionIsMessage(event.caption)) {
            handleText(ctx, event.caption);
            break;
          }
          reprompt(ctx);
          break;
        case "file":
          handleFile(ctx, event.result, event.caption, event.quoted);
          break;
        case "location":
          handleLocation(ctx, event.place);
          break;
        case "album_rest":
          handleAlbumRest(ctx);
          break;
        case "choice":
          handleChoice(ctx, event.id);
          break;
        case "text": {
          const text = withPlainDashes(event.text.trim());
          if (!text) {
            reprompt(ctx);
            break;
          }
          // Compared only with a text kept at a question (below): the fold and hash are not paid otherwise.
          const kept = ctx.s.engine.extra?.said;
          if (kept !== undefined) {
            said = textHash(foldText(text));
            ctx.repeated = kept === said && !repairKind(text);
          }
          // A language asked for beside words that ask nothing the understander knows: the request
          // alone ("can you answer in english please? my husband is from Australia and he reads this",
          // "bisa pakai bahasa indonesia saja? suami saya kurang paham bahasa inggris").
          if (requested && !asked) {
            const u = ctx.hint?.understanding ?? understander.understand(text, ctx.s.engine.context.permit ? { permit: ctx.s.engine.context.permit } : {});
            asked = u.intent === "out_of_scope" && !u.permit && !u.aspect && !u.candidates.length;
          }
          if (asked) {
            // "english please": said, and the question asked again in that language. Right after a
            // permit's answer ("sorry, can you answer in English please?"), that answer again in it.
            say(ctx, ctx.m.t("language.switched"));
            const { permit, aspect } = ctx.s.engine.context;
            if (permit && aspect && kb.permit(permit) && !ctx.s.engine.stack.some((f) => f.flow === "apply") && top(ctx)?.flow === "menu") {
              for (const a of answersTo(ctx, { intent: "ask", permit, aspect: aspect as Aspect, confidence: 1, candidates: [] }, text)) say(ctx, a);
            }
            reprompt(ctx);
          } else if (!repair(ctx, text)) handleText(ctx, text);
          break;
        }
      }
      // The complaint said with a status check: where to complain and the offer of a person, once the
      // check has its answer or asks its question (that question stays beneath the offer); over the
      // menu when nothing is beneath, so that "Tidak, lanjutkan" comes back to it.
      if (!ctx.call && ctx.s.engine.extra?.complaintAfterCheck) {
        delete ctx.s.engine.extra.complaintAfterCheck;
        if (!top(ctx)) startFlow(ctx, "menu", {}, "reset", "menu");
        startFlow(ctx, "complaint", { reason: "complaint" }, "push");
        ctx.waiting = false;
        run(ctx);
      }
      // The citizen's last text, as taken, kept when it answered a typed question or a typed question
      // waits now (or may, once the effect called returns: "cek status RBG-…" asks its four digits
      // after the lookup): a copy of it sent again is caught there (`failure`: the name at the NIK
      // question, the address at the choice after it; an address sent in pieces). From one choice to
      // the next (a question asked at the menu, a follow-up offered) a copy is read again as the
      // message it is. Any other input of theirs ends it. Not kept otherwise: the state written every
      // turn stays as small as before.
      if (event.type === "text" && !ctx.failed && (typedBefore || typingAnswer(ctx.s) || ctx.call) && event.text.trim()) (ctx.s.engine.extra ??= {}).said = said ?? textHash(foldText(withPlainDashes(event.text.trim())));
      else if (ctx.s.engine.extra?.said && (input || event.type === "resume" || event.type === "start")) delete ctx.s.engine.extra.said;
      oneCaveat(ctx);
      const result: StepResult = { state: ctx.s, replies: ctx.out };
      if (ctx.call) result.call = ctx.call;
      return result;
    },
  };
}

const caveatsOf = new WeakMap<Messages, string[]>();

/** A total named among several numbers ("jadi totalnya ya sekitar 150 an"): the number after it, the last said ("100 atau 120" is no total). */
const TOTAL_SAID = /\b(?:total|totalnya|semuanya|keseluruhan|in total|altogether)\b(?:\s+[^\s\d]+){0,3}?\s+(\d[\d.,]*)(?![\s\S]*\d)/i;

/** A figure asked: how many, how much ("brp meter", "maksimal boleh berapa tempat"), or a code ("kbli nya apa"). */
const KBLI_ASKED = /\bkbli\w*\b/;
/** A document's note as the messages place it after its name (" _khusus …_."), or "" without one. */
function docNote(p: Permit, d: DocumentRequirement): string {
  const note = requirementNote(p, d);
  return note ? ` _${note}_.` : "";
}
/** "sipttk *sy gmn* min": one's own (permit), how is it. */
const OWN_HOW = /(?:\b(?:saya|sy|aku|ku|gw|gue|kulo)|\w{3,}ku)\s+(?:gimana|gmn|gmna|bagaimana|gimna|piye|pripun|kumaha|gmana)\b/;
/** Someone else's ("sipttk temen sy gmn"): not this chat's own application. */
const SOMEONE_ELSES = /\b(?:temen|teman|tmn|kawan|adik|adek|kakak|kakaknya|istri|suami|anak|ortu|orang|saudara|tetangga|keluarga|friend|wife|husband)\b/;
/**
 * Not what comes after the permit: what else besides ("selain nib urus apa lagi?"), what comes
 * before ("sblm ngurus pbg"), one expired ("sppl sy udh habis, trus ngurus apa?": its renewal), or
 * a wait ("udh 3 minggu nunggu pkkpr gk kluar2").
 */
const NOT_AFTER = new RegExp(
  [
    // Not "sblm dipake" (before it is used: after it is issued, "pbg udh terbit, … trs ngurus apa lg sblm dipake?").
    "\\b(?:selain|besides|other than|apart from)\\b|\\b(?:sebelum|sblm|before)\\b(?!\\s+(?:dipakai|dipake|digunakan|dioperasikan|beroperasi|dibuka|buka|dihuni|ditempati|using|opening|(?:we|i)\\s+(?:use|open|move)))",
    "\\b(?:sudah|udah|udh|sdh|dah|telah|mau|hampir)\\s+(?:habis|abis|kadaluarsa|kedaluwarsa|expired|berakhir|mati)\\b",
    "\\b(?:habis|abis)\\s+masa\\b|\\b(?:kadaluarsa|kedaluwarsa|expired)\\b",
    "\\b(?:nunggu|menunggu|nungguin)\\b|\\b(?:gk|gak|ga|tidak|tdk|belum|blm|nggak|ngga)\\s+(?:keluar|kluar|jadi|terbit)",
  ].join("|"),
);
/** "di rembang apa di kudus?": a place asked as one of two. */
const EITHER_OR: ReadonlySet<string> = new Set(["apa", "atau", "ato", "or", "opo", "utawa"]);
/** Whether it is done, asked: "udh jadi blm", "blm keluar". */
const DONE_YET = /\b(?:jadi|terbit|keluar|kluar|selesai|dadi|metu)\s+(?:belum|blm|blom|durung|dereng)\b|\b(?:belum|blm|blom|durung|dereng)\s+(?:jadi|terbit|keluar|kluar|selesai|dadi|metu)\b/;
/** The aspects a question of what comes after a permit may be read as ("habis itu" is also "expired"). */
const AFTER_ASPECTS: ReadonlySet<string> = new Set(["general", "duration", "validity", "procedure"]);
/** Micro and small businesses named ("usaha kecil", "umkm", "mikro"). */
const SMALL_BUSINESS = /\b(?:usaha\s+(?:kecil|mikro)|umkm|umk|mikro|micro|small business(?:es)?)\b/;
/** "… atau gmn?" at a question's end: or what? (no steps asked). */
const OR_HOW = /\b(?:atau|ato|apa)\s+(?:gmn|gimana|bagaimana|gmana)\s*$/;
/** An application named ("permohonan reklame td"), and it given up ("sy gk jadi pasang", "batalin"). */
const APPLICATION_WORD = /\b(?:permohonan|pengajuan|pendaftaran|permohonannya|pengajuannya)\b/;
const GIVEN_UP = /\b(?:(?:gk|ga|gak|nggak|ngga|tidak|tdk|g)\s+(?:jadi|jd)|gajadi|batal|batalkan|batalin|dibatalkan|dibatalin|cabut|dicabut)\b/;
/** Words of permits' aliases that name none ("buat daftar izin"). */
const NAMING_NONE: ReadonlySet<string> = new Set(["izin", "ijin", "daftar", "urus", "bikin", "buat", "surat"]);
/** Which option something falls under, asked ("masuk yg mana", "termasuk apa"). */
const WHICH_ASKED = /\b(?:(?:yg|yang) mana|masuk (?:mana|apa|yg|yang)|termasuk (?:apa|mana|yg|yang)|kategori (?:apa|mana)|jenis (?:apa|mana)|which (?:one|type|kind))\b/;
/** The facts a permit's overview says (📍 💰 ⏱️ 📅). */
const OVERVIEW_ASPECTS: ReadonlySet<string> = new Set(["fee", "duration", "where", "validity"]);
/** Whether a permit is needed, asked ("perlu izin gk ya?", "wajib ada izin tidak"). */
const NEED_ASKED = /\b(?:perlu|harus|hrs|wajib|butuh|kudu)\s+(?:(?:ada|pakai|pake|punya|pny)\s+)?(?:izin|ijin)\s+(?:gk|ga|gak|nggak|ngga|enggak|tidak|tdk|ndak|kah|nggk|engga)\b/;
/** Words of documents' names that are also the form's ("alamat usahanya" is no "Alamat email"). */
const FORM_WORDS: ReadonlySet<string> = new Set(["alamat", "nama", "nomor", "tanggal", "lokasi", "jenis", "data"]);

/** A document of the permit's list asked about by a word of its own name that is no form's word ("label nya harus udh jadi?"). */
function listedDocumentAsked(p: Permit, text: string): DocumentRequirement | undefined {
  const doc = documentAskedOf(p, text, { asked: true });
  if (!doc) return undefined;
  const said = new Set(foldedWords(text).map(withoutNya));
  return foldedWords(doc.name).some((w) => w.length >= 4 && !FORM_WORDS.has(w) && said.has(w)) ? doc : undefined;
}

/** What may be asked of a document listed ("itu apa", "dapetnya dr mana", "wajib gk"). */
const DOCUMENT_ASPECTS: ReadonlySet<string> = new Set(["general", "requirements", "where"]);
/** "yg no 3", "nomer 2", "item 4": a document of a list by its number (not "no hp", "nomor registrasi"). */
const LIST_NUMBER = /(?<![\p{L}\p{N}])(?:(?:yg|yang)\s+)?(?:no\.?|nomor|nomer|nmr|number|item)\s*(\d{1,2})(?![\p{L}\p{N}])/iu;

/** The message with "yg no 3" put as the name of the permit's third document, or undefined when it names none. */
function documentByNumber(p: Permit, text: string): string | undefined {
  const m = LIST_NUMBER.exec(text);
  const doc = m ? p.requirements[Number(m[1]) - 1] : undefined;
  return doc && m ? `${text.slice(0, m.index)}${doc.name}${text.slice(m.index + m[0].length)}` : undefined;
}

/** Words that ask for a permit's list of documents ("syarat pbg renovasi apa?"). */
const REQUIREMENTS_SAID = /\b(?:syarat|syaratnya|syarate|persyaratan|persyaratannya|dokumen|dokumennya|berkas|berkasnya|bawa apa|apa aja|apa saja|perlu apa|butuh apa|(?:apa|yg|yang) (?:perlu|harus|hrs) (?:disiapkan|dibawa|disiapin)|requirements?|documents?|what do (?:i|we) need|what should (?:i|we) bring)\b/;
const FIGURE_COUNTED = /\b(?:berapa|brp|brapa|pira|how (?:many|much|big|large|small)|kbli\w*|kode\w*)\b/;
/** A limit named: at least, at most ("what is the minimum size of the refraction room?"). */
const FIGURE_LIMIT = /\b(?:minimal|minimum|maksimal|maksimum|maks|max|paling (?:sedikit|banyak|luas|kecil|besar)|at (?:least|most))\b/;

/** Open round the clock: "24 jam", "24 hours". */
const roundTheClock = (text: string): boolean => /\b24\s*(?:jam|hours?)\b/i.test(text);

/** patterns.yaml field_help's kinds of question about a form question. */
type FieldHelpKind = "what" | "where" | "not_yet" | "approximate" | "acceptable";

/**
 * "jam buka kapan dan syarat SIP apa?": two answers, each saying its facts are still to be
 * confirmed. The citizen reads it once, with the last answer that says it; the others lose theirs.
 */
function oneCaveat(ctx: Ctx): void {
  if (ctx.out.length === 0) return;
  // The caveats an answer may end with, per language (messages read again are another object).
  let caveats = caveatsOf.get(ctx.m);
  if (!caveats) caveatsOf.set(ctx.m, (caveats = [ctx.m.t("answers.confirm"), ctx.m.t("answers.confirm_hours")]));
  const has = (text: string) => caveats.some((c) => text.includes(c));
  const said = ctx.out.map((o) => has(o.text));
  const last = said.lastIndexOf(true);
  if (last < 0) return;
  ctx.out = ctx.out.map((o, i) => {
    if (!said[i]) return o;
    let text = o.text;
    // The last answer keeps its last caveat; every other one is taken out with the blank line before it.
    const keep = i === last ? Math.max(...caveats.map((c) => text.lastIndexOf(c))) : -1;
    for (const c of caveats) {
      let at = text.indexOf(c);
      while (at >= 0) {
        if (at === keep) {
          at = text.indexOf(c, at + c.length);
          continue;
        }
        const start = text.slice(0, at).endsWith("\n\n") ? at - 2 : at;
        text = text.slice(0, start) + text.slice(at + c.length);
        at = text.indexOf(c, start);
      }
    }
    return text === o.text ? o : { ...o, text };
  });
}

/** A flow that collects an application for Loket to file: it asks the permit's own questions or documents. */
function takesApplication(f: Flow): boolean {
  return f.steps.some((s) => (s.type === "form" && s.permit_fields) || (s.type === "uploads" && s.from === "permit"));
}

/**
 * Whether `step` of an application flow comes at or after the point where the application is being
 * taken (the first form or upload step, or later): before it the citizen is still choosing, and
 * a permit filed on OSS is told so by the flow itself (`oss_next`).
 */
function isApplying(f: Flow, step: string): boolean {
  const first = f.steps.findIndex((s) => s.type === "form" || s.type === "uploads" || s.type === "confirm");
  const at = f.steps.findIndex((s) => s.id === step);
  return first >= 0 && at >= first;
}

/** Whether a flow asks a permit's own questions or documents, or says its facts (not only a filed application's). */
function usesPermitFacts(f: Flow): boolean {
  return f.steps.some(
    (s) =>
      s.type === "choose_permit" ||
      (s.type === "form" && s.permit_fields) ||
      (s.type === "uploads" && s.from === "permit") ||
      (s.type === "answer" && s.content === "permit") ||
      (s.type === "choose" && s.about_permit),
  );
}

/**
 * The permits offered when unsure: the best three, and those tied with the third ("syarat sip":
 * every practice permit named SIP scores the same, and a choice of three of them left the rest out).
 */
function offered(candidates: { permit: string; score: number }[]): string[] {
  const third = candidates[2]?.score;
  return candidates.filter((c, i) => i < 3 || (c.score === third && i < 7)).map((c) => c.permit);
}

/**
 * A deep copy of plain JSON-like data (what a conversation state is: it is stored as JSON).
 * About ten times faster than structuredClone, which serialises and deserialises.
 */
export function cloneData<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(cloneData) as T;
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = cloneData((value as Record<string, unknown>)[k]);
  return out as T;
}
