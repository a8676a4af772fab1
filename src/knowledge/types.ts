/**
 * The shape of the knowledge base after loading and validation.
 * Files: knowledge/permits/<id>.md (YAML front matter + markdown body),
 * knowledge/office.yaml, knowledge/referrals.yaml.
 */

export type FileKind = "pdf" | "jpg" | "png";

export interface DocumentRequirement {
  /** Stable id within the permit, e.g. `ktp`, `denah`. */
  id: string;
  /** What the citizen reads, e.g. "Scan KTP pemohon". */
  name: string;
  accept: FileKind[];
  /** Optional documents can be skipped with "lewati". */
  required: boolean;
  /** When it applies, e.g. "jika bangunan lebih dari 1 lantai". */
  note?: string;
  /** `name` and `note` in English, said to citizens writing in English (see permitIn). */
  nameEn?: string;
  noteEn?: string;
  /**
   * Asked for in an application only when each named choice question of the permit's form was
   * answered with one of the options listed (field id -> option ids). Without it: always.
   */
  when?: Record<string, string[]>;
}

/** Whether a requirement applies to an application with these answers (see `when`). */
export function requirementApplies(r: DocumentRequirement, answers: Record<string, unknown>): boolean {
  if (!r.when) return true;
  for (const [field, options] of Object.entries(r.when)) {
    const answer = answers[field];
    if (typeof answer !== "string" || !options.some((o) => meets(answer, o))) return false;
  }
  return true;
}

/** An answer against one `when` entry: the option id, or a comparison of a number (">1", ">=2"). */
function meets(answer: string, condition: string): boolean {
  const m = /^(>=|<=|>|<)\s*(\d+(?:\.\d+)?)$/.exec(condition);
  if (!m) return answer === condition;
  const a = Number(answer);
  const b = Number(m[2]);
  if (!Number.isFinite(a)) return false;
  return m[1] === ">" ? a > b : m[1] === ">=" ? a >= b : m[1] === "<" ? a < b : a <= b;
}

export type FieldKind = "text" | "nik" | "phone" | "email" | "date" | "number" | "choice";

export interface FormField {
  id: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** text: length bounds; number: value bounds. */
  min?: number;
  max?: number;
  /** `also`: other words that answer the option ("punya sendiri" for "Tanah milik sendiri"), never shown. */
  options?: { id: string; label: string; labelEn?: string; also?: string[]; alsoEn?: string[] }[];
  /** Where the answer is written ("Luas tanah tertulis di sertifikat tanah …"): said when the citizen asks where, or does not know. */
  hint?: string;
  /** What the question means ("STR (Surat Tanda Registrasi) adalah …"): said when the citizen asks what it is, or has none yet. */
  about?: string;
  /** `label`, `about` and `hint` in English, said to citizens writing in English (see permitIn). */
  labelEn?: string;
  aboutEn?: string;
  hintEn?: string;
  /** date: earliest / latest answer, `today` or YYYY-MM-DD. */
  notBefore?: string;
  notAfter?: string;
  /** A place shared on a map (a location pin) answers it (`pin: true`: a location or an address). */
  pin?: boolean;
}

export type SubmissionChannel = "oss" | "simbg" | "sicantik" | "counter";

export interface Permit {
  id: string;
  name: string;
  /** Old names, abbreviations, spellings: IMB, SIUP, "izin praktik fisioterapi". */
  aliases: string[];
  /** Professions and everyday descriptions that point to this permit. */
  keywords: string[];
  category: string;
  /** A short English gloss of `name` ("midwife practice permit") and `category` in English, shown to citizens writing in English. */
  nameEn?: string;
  categoryEn?: string;
  submission: {
    channel: SubmissionChannel;
    url?: string;
    /** False for OSS-only permits: Loket guides, it does not take the application. */
    loketCanApply: boolean;
    note?: string;
    /** How the finished permit reaches the citizen ("diunduh dari akun OSS"); unset: the office confirms. */
    issued?: string;
    /** `note` and `issued` in English (see permitIn). */
    noteEn?: string;
    issuedEn?: string;
  };
  requirements: DocumentRequirement[];
  form: FormField[];
  /** `en`: the same fact in English, said to citizens writing in English (else `text`). */
  fee: { text: string; en?: string; amount?: number | "gratis" };
  duration: { text: string; en?: string; workingDays?: number };
  validity: string;
  /**
   * Whether and how the permit is renewed (`renewable: false`: it does not expire); unset where the
   * reference does not say. The understander reads "mau perpanjang …" of a renewable (or unknown) one as
   * an application, of one that does not expire as a question about its validity.
   */
  renewal?: { renewable: boolean; text: string; en?: string };
  /** What it cannot be had for: a question naming one of `words` (folded) is told `text` first (`en` in English). */
  notFor?: { words: string[]; text: string; en?: string };
  /** What to arrange once it is issued ("trs ngurus apa lg?"), `en` in English. */
  after?: { text: string; en?: string };
  /** What to do when the place, the owner or the business changes ("pindah", "ganti pemilik", "tutup"), `en` in English. */
  changes?: { text: string; en?: string };
  legalBasis: string[];
  procedure: string[];
  /** `validity`, `legalBasis` (line for line), `procedure` (step for step) and `body` in English (see permitIn). */
  validityEn?: string;
  legalBasisEn?: string[];
  procedureEn?: string[];
  bodyEn?: string;
  /** Date (YYYY-MM-DD) a staff member last reviewed the file. */
  reviewed: string;
  /** True when facts are typical/unverified: answers add that the office will confirm. */
  needsConfirmation: boolean;
  /** Markdown body (extra explanation, shown on "general" questions). */
  body: string;
  /** Relative path of the file, cited as the answer's source. */
  source: string;
}

export interface OpeningHours {
  open: string; // "08:00"
  close: string; // "15:30"
}

export interface Office {
  name: string;
  shortName: string;
  address: string;
  timezone: "Asia/Jakarta";
  /** Weekday (mon..sun) -> opening intervals; missing or empty = closed. */
  hours: Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", OpeningHours[]>>;
  holidays: { date: string; name: string }[];
  /**
   * The last queue number of each weekday ("HH:MM", office.yaml `last_queue`, written once for every
   * open day or per day): many offices stop giving numbers before they close. A day without one:
   * the answers say the closing time and that the last queue may be earlier, never a time.
   */
  lastQueue?: Partial<Record<Weekday, string>>;
  /**
   * Dated exceptions to the week (office.yaml `special_hours`), by date: a period (Ramadan hours,
   * a month in a temporary building) or one day (a closure, a half day, an extra Saturday service).
   * A holiday stays closed; a one-day entry wins over a period. Optional: offices cached or built
   * before it have none.
   */
  special?: SpecialHours[];
  contacts: { phone?: string; whatsapp?: string; email?: string; website?: string };
  /** Registration number prefix, e.g. RBG. */
  registrationPrefix: string;
  complaints?: string;
  /** The building's facilities (parking, toilets, a prayer room): what a citizen is told when asking. */
  facilities?: string;
  /** `address`, `complaints` and `facilities` in English (office.yaml `address_en`, `complaints_en`, `facilities_en`). */
  addressEn?: string;
  complaintsEn?: string;
  facilitiesEn?: string;
  /**
   * Applying through someone else: what a representative brings (surat kuasa), and notes that
   * apply to some permits only. Absent: Loket has no answer and offers staff.
   */
  representation?: { text: string; textEn?: string; notes: { permits: string[]; text: string; textEn?: string }[] };
  /** True while hours/contacts are unverified: answers add that staff will confirm (added, optional). */
  needsConfirmation?: boolean;
  source: string;
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** One entry of office.yaml `special_hours`: `from` = `to` for one day. */
export interface SpecialHours {
  from: string;
  to: string;
  /** True when written with `date:` (one day), false for a period (`from`/`to`). */
  oneDay: boolean;
  /** One day: its intervals ([] = closed). */
  day?: OpeningHours[];
  /** A period: its week (a missing day = closed; {} = closed the whole period). */
  week?: Partial<Record<Weekday, OpeningHours[]>>;
  /** Without `day` or `week` the usual hours apply (only the note or the address change). */
  note?: string;
  noteEn?: string;
  address?: string;
  addressEn?: string;
  /** The last queue number on its days, by weekday (`last_queue` of the entry); instead of the week's. */
  lastQueue?: Partial<Record<Weekday, string>>;
}

export interface Referral {
  id: string;
  name: string;
  aliases: string[];
  agency: string;
  where: string;
  /** `where` in English, for a citizen writing in English (the Indonesian one without it). */
  whereEn?: string;
  note?: string;
  noteEn?: string;
  /**
   * Permits that do not cover what the aliases name (referrals.yaml `instead_of`): a message naming
   * one of them and an alias ("nugget ayam frozen, cukup pirt aja?") is answered with this referral.
   */
  insteadOf?: string[];
  /**
   * Answered beside a permit when a message names both and asks what it needs (referrals.yaml
   * `answered_beside`): "karang taruna mau ngadain pentas seni, sm pasang 5 spanduk. izinnya apa
   * aja?" gets the billboard permit, then this service (the police's izin keramaian).
   */
  answeredBeside?: boolean;
}

export interface KnowledgeBase {
  permits: Permit[];
  office: Office;
  referrals: Referral[];
  permit(id: string): Permit | undefined;
  /** knowledge/understanding.yaml, when present (added for the understander; optional). */
  language?: LanguageKnowledge;
}

/** A validation problem, printed as `file:line: message`. */
export interface KnowledgeIssue {
  file: string;
  line: number;
  message: string;
}

/** Cue list: a word or phrase (`*` = up to three words in between) -> weight. */
export type CueList = Record<string, number>;

/** Intents whose cue words live in knowledge/understanding.yaml. */
export type CueIntent =
  | "apply"
  | "check_status"
  | "talk_to_staff"
  | "complaint"
  | "list_permits"
  | "greeting"
  | "thanks"
  | "out_of_scope";

/**
 * Language knowledge from knowledge/understanding.yaml: how citizens write (spelling,
 * abbreviations, Javanese), root words for the stemmer, and cue words for intents and
 * aspects. Kept as data so a clerk who adds a word has taught the bot.
 */
export interface LanguageKnowledge {
  /** One typed word -> its normal form (may be several words). */
  spelling: Record<string, string>;
  /** Digit typed for a letter (s4ya) -> the letter. */
  numberLetters: Record<string, string>;
  /** A letter's spoken name (pe, es, ka) -> the letter: dictated acronyms ("pe be ge" -> pbg). */
  letterNames?: Record<string, string>;
  /** Extra word endings removed like "-nya" (Javanese -e, -ne, -ipun). */
  suffixes: string[];
  roots: string[];
  /** Ordinary words typo tolerance must never "correct". */
  knownWords: string[];
  /** Words after which a permit word names a place/purpose (di, untuk). */
  placeWords: string[];
  /** Words of a role in an organisation after which a permit word names the writer's workplace (admin klinik, karyawan apotek). */
  roleWords?: string[];
  /** Words joining two questions in one message, or two permits asked about together (dan, trus, sama). */
  joiners: string[];
  /**
   * Words after which a clause turns to something else (tapi, namun): where a question inside a
   * long clause without commas ends ("ngurusnya dimana … lewat oss tapi saya gak paham oss itu apa").
   */
  contrasts?: string[];
  /**
   * Words going back to a permit talked about before ("ok. *balik ke* yg bidan tadi, berlaku brp
   * lama?" after SIP perawat): the permit named in that part is what the parts after it ask about.
   */
  returning?: string[];
  /** Words before which a joiner means "with", not a second question ("ngobrol sama petugas"). */
  joinedWith?: string[];
  /** Words that make part of a message a question (apa, berapa, bisa). */
  questionWords: string[];
  /** Words shortly before a permit that make it background when another is named (bukan, sudah punya). */
  backgroundWords: string[];
  /** Words right before a permit's word that make it who the writer is ("sy apoteker"): background when another is named. */
  identityWords?: string[];
  /** Words right after a permit that make it background when another is named ("PBG terbit 2023", "nib sudah punya"). */
  backgroundAfter: string[];
  /** Words asking how two permits differ ("bedanya sppl sama ukl-upl?"): both permits' overviews. */
  compareWords?: string[];
  /** Words right before a permit's name that ask for it to be made (mau bikin sip, tolong buatkan nib). */
  requestWords: string[];
  /**
   * Words that make a wish to apply, told after a question in the same message, a request to do it
   * now ("syarat sip bidan apa? mau daftar *sekalian*"), not the situation ("apoteker kami mau ngajuin").
   */
  atOnce?: string[];
  /**
   * Words that make a wish for a person, told after a question in the same message, one for later
   * or first ("klo mahal sy mau konsultasi *dulu* sama petugas", "*nanti* sy mau tanya petugas"):
   * a person is offered, no case opened unasked.
   */
  later?: string[];
  /**
   * The header a pasted forward starts with ("*Diteruskan*", "Forwarded"): the lines after it, up to
   * an empty line, are another chat's text, read only for the permit it names; the citizen's own
   * words after it say what is asked.
   */
  forwarded?: string[];
  /**
   * How the citizen's own line starts when it follows a forward with no empty line between ("ini
   * bener gk min? …", "min ini beneran? …"): the forward ends there, and that line is their own.
   */
  forwardAsked?: string[];
  /**
   * A business described rather than a permit named ("usaha laundry", "jasa cuci sepatu"): a word
   * of these, with no permit named, points to `permit` (NIB: every business starts there). A
   * `genericNames` phrase ("izin usaha") beside a permit for one kind of business ("buka apotek,
   * izin usahanya…") is that permit's, not `permit`'s.
   */
  kindOfBusiness?: { permit: string; words: string[]; notKinds: string[]; notAfter?: string[]; genericNames: string[] };
  /**
   * A word of needing said of something before the permit it is for ("denah wajib nggak buat pbg"):
   * a requirement. `things`: what a permit may require ("npwp", "str", "penyuluhan"), asked after
   * the permit and a word of needing ("bikin nib perlu npwp ga"): a requirement too. `activities`:
   * words of opening or filing for ("buka", "urus") before a permit: another permit needed after them
   * ("buka apotek perlu sipa gk?") asks what the first requires.
   */
  requiredFor?: { needs: string[]; purpose: string[]; things?: string[]; activities?: string[]; held?: string[]; places?: string[] };
  /**
   * "How much" asked of a permit with nothing measured after it ("pbg rumah brp ya", "sip bidan
   * berapa kak"): its fee. `words` as written after spelling, `trailing` the only words that may follow;
   * not with one of `counts` ("maksimal") nor a number before one of `counted` ("di 2 apotek"): how many.
   */
  /** understanding.yaml `referral_asked`: another agency's service asked for, or one of its documents spoken of. */
  referralAsked?: { sought: string[]; asDocument: string[] };
  amountAsked?: { words: string[]; trailing: string[]; counts?: string[]; counted?: string[] };
  /**
   * "Owner marker thing" said for "thing owner" (Manado "kita pe berkas", Papua "sa pu izin", Ambon
   * "beta pung izin": my file, my permit): the markers, and the owners read as they mean there.
   */
  possessive: { markers: string[]; owners: Record<string, string> };
  /** A word of the spelling list kept as typed right beside one of its words ("izin SMP", "SMP swasta": the school, not "sampai"). */
  keptBeside?: Record<string, string[]>;
  /**
   * "dr" is "dari" (from) in the spelling list, and also the doctor's title: read as "dokter" right before
   * a word of `before` ("dr gigi", "sy dr umum") or right after a word of `after` at the message's end or
   * before a question word ("biaya sip dr brp?"). "sip perawat dr rs lama" keeps "dari".
   */
  doctorTitle?: { words: string[]; before: string[]; after: string[] };
  /**
   * Per language code: its everyday words (to tell a message is in it), its courtesies (not enough
   * alone), English words Indonesians use too (count for neither), its names ("english") and the
   * requests for it that count inside a form too ("english please"). See language.ts.
   */
  languages: Record<string, { words?: string[]; courtesy?: string[]; loanwords?: string[]; names?: string[]; requests?: string[] }>;
  intents: Partial<Record<CueIntent, CueList>>;
  aspects: Partial<Record<"requirements" | "fee" | "duration" | "procedure" | "validity" | "where" | "legal" | "representation" | "correction" | "general", CueList>>;
  office: Partial<Record<"hours" | "address" | "contact" | "staff" | "mention", CueList>>;
  source: string;
}
