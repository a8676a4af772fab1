import { z } from "zod";

/**
 * zod schemas for the files under knowledge/, in the snake_case a clerk writes. Each schema
 * carries the sentence a clerk reads when a value is wrong; src/knowledge/load.ts turns zod
 * issues into `file:line: message` and adds cross-file checks (ids, duplicates).
 */

const text = (what: string) => z.string({ error: `${what} must be text` }).trim().min(1, { error: `${what} must not be empty` });
/** A block of `text:` and its English `en:` (a permit file's `after`, `changes`); `what` says what the text tells. */
const textBlock = (key: string, what: string) =>
  z
    .object({
      text: text(`${key}.text`),
      // What a citizen writing in English reads instead of `text`.
      en: text(`${key}.en`).optional(),
    }, { error: `${key} must be a block with text: (${what}), e.g. ${key}: { text: ... }` })
    .strict()
    .optional();
const textList = (what: string) => z.array(text(what), { error: `${what} must be a list (lines starting with "- ")` });

/**
 * What to write for a fee amount written as on a price list ("Rp 50.000", "50.000,00") or read by
 * YAML as a small number (`50.000` is 50): the whole rupiah, when the digits say it.
 */
function amountMessage(input: unknown): string {
  const said = 'amount must be whole rupiah written without "Rp", dots or commas, or "gratis"';
  let rupiah: number | undefined;
  if (typeof input === "number" && input > 0 && input < 1000) rupiah = Math.round(input * 1000);
  if (typeof input === "string") {
    // "75rb", "75 ribu", "1,5 juta", "2 jt": a number and a word for thousands or millions.
    const scaled = /^\s*(?:rp\.?\s*)?(\d+(?:[.,]\d+)?)\s*(rb|ribu|k|jt|juta)\b/i.exec(input);
    const digits = input.replace(/[,.]\d{2}$/, "").replace(/\D/g, "");
    if (scaled) rupiah = Math.round(Number(scaled[1]!.replace(",", ".")) * (/^(?:jt|juta)$/i.test(scaled[2]!) ? 1_000_000 : 1000));
    else if (digits) rupiah = Number(digits);
    else if (/gratis|free|tidak|nol/i.test(input)) return `${said}: write amount: gratis`;
  }
  return rupiah ? `${said}: write amount: ${rupiah} (for Rp ${rupiah.toLocaleString("id-ID")})` : `${said} (amount: 50000 for Rp 50.000)`;
}

const isoDate = z
  .string({ error: "must be a date written as YYYY-MM-DD (in quotes is fine)" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written as YYYY-MM-DD, e.g. 2026-11-28", abort: true })
  .refine((s) => isRealDate(s), { error: "is not a real calendar date" });

export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const slug = (what: string) =>
  z.string({ error: `${what} must be text` }).regex(/^[a-z0-9]+(?:[_-][a-z0-9]+)*$/, {
    error: `${what} must be lowercase letters, digits, "-" or "_" (e.g. surat_permohonan)`,
  });

// "PDF", "JPG" (as the file names show them) are the kinds they name.
export const FileKindSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.enum(["pdf", "jpg", "png"], { error: 'accepted file kinds are pdf, jpg and png (write jpg for JPEG images)' }),
);

export const RequirementSchema = z
  .object({
    id: slug("id"),
    name: text("name"),
    accept: z.array(FileKindSchema, { error: "accept must be a list such as [pdf, jpg, png]" }).min(1, { error: "accept must list at least one file kind (pdf, jpg, png)" }),
    required: z.boolean({ error: "required must be true or false" }),
    note: text("note").optional(),
    // What a citizen writing in English reads instead of `name` / `note` (same document, in English).
    name_en: text("name_en").optional(),
    note_en: text("note_en").optional(),
    // Asked only when a choice question of the permit's form got one of the options named
    // (`when: { jenis_praktik: mandiri }`, `when: { jenis_permohonan: [baru, perpanjangan] }`), or
    // a number question an answer that compares so (`when: { jumlah_lantai: ">1" }`).
    when: z
      .record(
        slug("a field id in when"),
        z.union([
          z.string({ error: "when gives an option id or a comparison such as \">1\"" }).regex(/^(?:[a-z0-9]+(?:[_-][a-z0-9]+)*|(?:>=|<=|>|<)\s*\d+(?:\.\d+)?)$/, {
            error: 'when gives an option id (lowercase) or, for a number question, a comparison such as ">1" (quoted)',
          }),
          z.array(slug("an option id in when")).min(1, { error: "when lists at least one option" }),
        ]),
        { error: "when must be a form question and its option, e.g. when: { jenis_praktik: mandiri }" },
      )
      .optional(),
  })
  .strict();

export const FieldSchema = z
  .object({
    id: slug("id"),
    label: text("label"),
    // What a citizen writing in English reads instead of `label` (and `about_en`, `hint_en` below).
    label_en: text("label_en").optional(),
    kind: z.enum(["text", "nik", "phone", "email", "date", "number", "choice"], {
      error: "kind must be one of text, nik, phone, email, date, number, choice",
    }),
    required: z.boolean({ error: "required must be true or false" }),
    min: z.number({ error: "min must be a number" }).optional(),
    max: z.number({ error: "max must be a number" }).optional(),
    options: z
      .array(
        z
          .object({
            id: slug("option id"),
            label: text("option label"),
            label_en: text("option label_en").optional(),
            // Other words that answer the option ("punya sendiri", "ngontrak"): never shown.
            also: z.array(text("also"), { error: "also must be a list of words, e.g. also: [sewa, ngontrak]" }).optional(),
            // The same in English, for citizens writing in English ("rented", "my parents' land").
            also_en: z.array(text("also_en"), { error: "also_en must be a list of words, e.g. also_en: [rented, leased]" }).optional(),
          })
          .strict(),
        { error: "options must be a list of { id, label }" },
      )
      .optional(),
    // Read to a citizen who asks at this question: where its answer is written (`hint`), what
    // it means (`about`). Short, one message each (src/knowledge/load.ts holds them to 300 characters).
    hint: text("hint").optional(),
    about: text("about").optional(),
    hint_en: text("hint_en").optional(),
    about_en: text("about_en").optional(),
    // A date question's bounds: "today" (the office's date when the citizen answers) or a date.
    not_before: z.union([z.literal("today"), isoDate]).optional(),
    not_after: z.union([z.literal("today"), isoDate]).optional(),
    // A place shared on a map (WhatsApp/Telegram location) answers this question.
    pin: z.boolean({ error: "pin must be true or false" }).optional(),
  })
  .strict();

export const PermitFrontSchema = z
  .object({
    id: slug("id"),
    name: text("name"),
    // A short English gloss after the official name, and the category in English, for citizens writing in English.
    name_en: text("name_en").optional(),
    aliases: textList("aliases").default([]),
    keywords: textList("keywords").default([]),
    category: text("category"),
    category_en: text("category_en").optional(),
    submission: z
      .object({
        channel: z.enum(["oss", "simbg", "sicantik", "counter"], { error: "channel must be one of oss, simbg, sicantik, counter" }),
        url: z.url({ protocol: /^https?$/, error: "url must be a full web address starting with https:// (or http://)" }).optional(),
        loket_can_apply: z.boolean({ error: "loket_can_apply must be true or false (false for OSS-only permits)" }),
        note: text("note").optional(),
        issued: text("issued").optional(),
        // What a citizen writing in English reads instead of `note` / `issued`.
        note_en: text("note_en").optional(),
        issued_en: text("issued_en").optional(),
      })
      .strict()
      // Loket's words for a permit it does not take send the citizen to OSS, with its link.
      .refine((s) => s.loket_can_apply || (s.channel === "oss" && s.url !== undefined), {
        error: "loket_can_apply: false is for permits citizens file themselves on OSS: it needs channel: oss and the OSS url",
        path: ["loket_can_apply"],
      }),
    requirements: z.array(RequirementSchema, { error: 'requirements must be a list of documents, one block each: a line "- id: ktp", then "name:", "accept:" and "required:" lines under it (docs/knowledge.md, section 3)' }).min(1, { error: 'list at least one document here, one block each: a line "- id: ktp", then "name: KTP", "accept: [pdf, jpg, png]" and "required: true" lines under it (docs/knowledge.md, section 3); at least one must be required of every applicant' }),
    form: z.array(FieldSchema, { error: 'form must be a list of questions, one block each: a line "- id: …", then "label:", "kind:" and "required:" lines under it (docs/knowledge.md, section 3), or form: [] when there are none' }),
    fee: z
      .object({
        text: text("fee.text"),
        // What a citizen writing in English reads instead of `text` (same facts, in English).
        en: text("fee.en").optional(),
        // Clerks write thousands with dots: YAML reads "50.000" as 50, so an amount under Rp 1,000 (no permit costs that) is refused.
        amount: z
          .union([z.number().nonnegative(), z.literal("gratis")], { error: (iss) => amountMessage(iss.input) })
          .refine((a) => a === "gratis" || a === 0 || (Number.isInteger(a) && a >= 1000), { error: (iss) => amountMessage(iss.input) })
          .optional(),
      })
      .strict(),
    duration: z
      .object({
        text: text("duration.text"),
        // What a citizen writing in English reads instead of `text` (same facts, in English).
        en: text("duration.en").optional(),
        working_days: z.number({ error: "working_days must be a whole number" }).int({ error: "working_days must be a whole number" }).nonnegative({ error: "working_days must be 0 or more" }).optional(),
      })
      .strict(),
    validity: text("validity"),
    // Whether and how the permit is renewed (docs/knowledge.md, section 2). Left out where the
    // reference does not say: a renewal question is then told to ask staff (messages answers.validity.renewal_unknown).
    renewal: z
      .object({
        renewable: z.boolean({ error: "renewal.renewable must be true (the permit is renewed before it expires) or false (it does not expire: nothing to renew); leave renewal out when this is not known" }),
        text: text("renewal.text"),
        // What a citizen writing in English reads instead of `text`.
        en: text("renewal.en").optional(),
      }, { error: "renewal must be a block with renewable: true or false and text: (how it is renewed), e.g. renewal: { renewable: true, text: ... }" })
      .strict()
      .optional(),
    // What the permit cannot be had for (docs/knowledge.md, section 2): a question about it naming one
    // of `words` is told `text` first ("abon ikan" and SPP-IRT: processed fish needs BPOM's izin edar).
    not_for: z
      .object({
        words: textList("not_for.words").min(1, { error: "not_for.words must name at least one word or phrase, e.g. words: [ikan, daging]" }),
        text: text("not_for.text"),
        // What a citizen writing in English reads instead of `text`.
        en: text("not_for.en").optional(),
      }, { error: "not_for must be a block with words: [ … ] and text: (what to say), e.g. not_for: { words: [ikan], text: ... }" })
      .strict()
      .optional(),
    // What comes after the permit is issued (docs/knowledge.md, section 2): "klo kkpr udh keluar, trs
    // ngurus apa lg?" is told `text` (the environmental approval, then the PBG).
    after: textBlock("after", "what to arrange once the permit is issued"),
    // What to do when something about the permit held changes (docs/knowledge.md, section 2): moving,
    // another owner or name, closing, building more ("warung sy pindah, nib nya hrs baru?").
    changes: textBlock("changes", "what to do when the place, the owner or the business changes"),
    legal_basis: textList("legal_basis").min(1, { error: "legal_basis must name at least one regulation" }),
    procedure: textList("procedure").min(1, { error: "procedure must have at least one step" }),
    // What a citizen writing in English reads instead of `validity`, `legal_basis`, `procedure`
    // and the text under the front matter (`body_en`); the lists line for line (load.ts checks).
    validity_en: text("validity_en").optional(),
    legal_basis_en: textList("legal_basis_en").optional(),
    procedure_en: textList("procedure_en").optional(),
    body_en: text("body_en").optional(),
    reviewed: isoDate,
    needs_confirmation: z.boolean({ error: "needs_confirmation must be true or false" }),
  })
  .strict();
export type PermitFront = z.infer<typeof PermitFrontSchema>;

const hhmm = z.string({ error: 'times must be written "HH:MM" in quotes' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'times must be written "HH:MM", e.g. "08:00"' });
const interval = z.object({ open: hhmm, close: hhmm }).strict();
const day = z.array(interval, { error: 'a day is a list like [{ open: "08:00", close: "15:30" }] or [] when closed' });

const week = z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }).partial().strict();
/** A `special_hours` entry's `hours` for one `date`: a day as in the week (`[]` = closed). */
export const SpecialDaySchema = day;
/** A `special_hours` period's `hours`: a week (a day not written is closed); `[]` (closed throughout) is read by load.ts. */
export const SpecialWeekSchema = week;
const specialEntry = z
  .object({
    date: isoDate.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    hours: z.unknown().optional(),
    note: text("note").optional(),
    note_en: text("note_en").optional(),
    address: text("address").optional(),
    address_en: text("address_en").optional(),
    // A time "HH:MM" (or, for a period, per day: mon: "13:30" …); checked by load.ts against the entry's hours.
    last_queue: z.unknown().optional(),
  })
  .strict();
/** office.yaml `special_hours`: each entry `date` (one day) or `from`/`to` (a period), with `hours`, `note`, `address`. */
export const SpecialListSchema = z.array(specialEntry, { error: 'special_hours must be a list of entries, each starting with "- date:" (one day) or "- from:" (a period)' });
export type SpecialEntry = z.infer<typeof specialEntry>;
/** Shapes for the loader's hints ("did you mean", times): `special_hours[n].hours` read as a week. */
export const SpecialHintSchema = z.object({ special_hours: z.array(specialEntry.extend({ hours: week })) });

export const OfficeSchema = z
  .object({
    name: text("name"),
    short_name: text("short_name"),
    address: text("address"),
    timezone: z.literal("Asia/Jakarta", { error: "timezone must be Asia/Jakarta" }),
    hours: week,
    // The last queue number of a day ("15:00", or per weekday): optional; checked against the week in load.ts.
    last_queue: z.union([hhmm, z.object({ mon: hhmm, tue: hhmm, wed: hhmm, thu: hhmm, fri: hhmm, sat: hhmm, sun: hhmm }).partial().strict()], {
      error: 'last_queue is a time "HH:MM" for every open day, or per day: mon: "15:00" …',
    }).optional(),
    holidays: z.array(z.object({ date: isoDate, name: text("name") }).strict(), { error: "holidays must be a list of { date, name }" }),
    // Dated exceptions to the week: load.ts checks them (SpecialListSchema), so that their slips are said with the others'.
    special_hours: z.unknown().optional(),
    contacts: z
      .object({ phone: text("phone").optional(), whatsapp: text("whatsapp").optional(), email: z.email({ error: "email must be an e-mail address" }).optional(), website: z.url({ protocol: /^https?$/, error: "website must be a full web address starting with https:// (or http://)" }).optional() })
      .strict(),
    registration_prefix: z.string({ error: "registration_prefix must be text" }).regex(/^[A-Z]{2,8}$/, { error: "registration_prefix must be 2–8 capital letters, e.g. RBG" }),
    complaints: text("complaints").optional(),
    // The building's facilities (parking, toilets, a prayer room), for office_topics.facilities.
    facilities: text("facilities").optional(),
    // What a citizen writing in English reads instead of complaints / facilities (as a permit's fee.en).
    complaints_en: text("complaints_en").optional(),
    address_en: text("address_en").optional(),
    facilities_en: text("facilities_en").optional(),
    // Applying through someone else (a power of attorney): what the representative brings, and
    // notes for some permits only (the practitioner's own appearance for an SIP).
    representation: z
      .object({
        text: text("representation.text"),
        text_en: text("representation.text_en").optional(),
        notes: z
          .array(
            z
              .object({
                permits: z.array(slug("a permit id in permits"), { error: "permits must be a list of permit ids, e.g. [sip-dokter, sip-bidan]" }).min(1, { error: "permits must name at least one permit" }),
                text: text("text"),
                text_en: text("text_en").optional(),
              })
              .strict(),
            { error: "notes must be a list of { permits: [...], text: ... }" },
          )
          .optional(),
      }, { error: "representation must hold text: (and optionally notes:), indented under it" })
      .strict()
      .optional(),
    needs_confirmation: z.boolean({ error: "needs_confirmation must be true or false" }).optional(),
  })
  .strict();

export const ReferralSchema = z
  .object({
    id: slug("id"),
    name: text("name"),
    aliases: textList("aliases").min(1, { error: "aliases must list at least one word people use" }),
    agency: text("agency"),
    where: text("where"),
    where_en: text("where_en").optional(),
    note: text("note").optional(),
    note_en: text("note_en").optional(),
    /** Permits (ids) that do not cover what this referral's aliases name: the two named together are the referral's ("nugget … cukup pirt?"). */
    instead_of: z.array(slug("instead_of")).optional(),
    /** Answered beside a permit the same message asks which permits it needs ("pentas seni, sm pasang spanduk. izinnya apa aja?"). */
    answered_beside: z.boolean().optional(),
  })
  .strict();
export const ReferralsSchema = z.array(ReferralSchema, { error: "referrals.yaml must be a list of referrals (lines starting with \"- id:\")" });

const cues = z.record(
  z.string(),
  z.number({ error: "a cue's weight must be a number, e.g. 1 (clear) or 0.5 (a hint)" }).positive({ error: "a cue's weight must be above 0" }).max(3, { error: "a cue's weight must be at most 3" }),
  { error: "a cue list is lines of `word: weight`" },
);

export const UnderstandingSchema = z
  .object({
    spelling: z.record(z.string(), z.string({ error: "a spelling entry maps a word to text (put numbers in quotes)" }), { error: "spelling must be lines of `typed: normal`" }),
    number_letters: z.record(z.string().regex(/^\d$/, { error: "number_letters keys are single digits" }), z.string().regex(/^[a-z]$/, { error: "number_letters values are single letters" })),
    letter_names: z.record(z.string().regex(/^[a-z]{2,4}$/, { error: "letter_names keys are a letter's spoken name, e.g. pe" }), z.string().regex(/^[a-z]$/, { error: "letter_names values are single letters" })).optional(),
    suffixes: textList("suffixes"),
    roots: textList("roots"),
    known_words: textList("known_words"),
    place_words: textList("place_words"),
    role_words: textList("role_words").optional(),
    joiners: textList("joiners").optional(),
    contrasts: textList("contrasts").optional(),
    returning: textList("returning").optional(),
    joined_with: textList("joined_with").optional(),
    question_words: textList("question_words").optional(),
    background_words: textList("background_words").optional(),
    identity_words: textList("identity_words").optional(),
    background_after: textList("background_after").optional(),
    compare_words: textList("compare_words").optional(),
    request_words: textList("request_words").optional(),
    at_once: textList("at_once").optional(),
    later: textList("later").optional(),
    forwarded: textList("forwarded").optional(),
    forward_asked: textList("forward_asked").optional(),
    kind_of_business: z.object({ permit: z.string(), words: textList("words"), not_kinds: textList("not_kinds").optional(), not_after: textList("not_after").optional(), generic_names: textList("generic_names").optional() }).strict().optional(),
    possessive: z
      .object({ markers: textList("markers"), owners: z.record(z.string(), z.string({ error: "an owner maps a typed word to its normal form" }), { error: "owners must be lines of `typed: normal`" }) })
      .strict()
      .optional(),
    kept_beside: z.record(z.string(), textList("kept_beside")).optional(),
    doctor_title: z.object({ words: textList("words"), before: textList("before"), after: textList("after") }).strict().optional(),
    required_for: z.object({ needs: textList("needs"), purpose: textList("purpose"), things: textList("things").optional(), activities: textList("activities").optional(), held: textList("held").optional(), places: textList("places").optional() }).strict().optional(),
    referral_asked: z.object({ sought: textList("sought"), as_document: textList("as_document") }).strict().optional(),
    amount_asked: z.object({ words: textList("words"), trailing: textList("trailing"), counts: textList("counts").optional(), counted: textList("counted").optional() }).strict().optional(),
    languages: z
      .record(z.string().regex(/^[a-z]{2}$/, { error: "a language is a two-letter code such as en" }), z.object({ words: textList("words").optional(), courtesy: textList("courtesy").optional(), loanwords: textList("loanwords").optional(), names: textList("names").optional(), requests: textList("requests").optional() }).strict(), {
        error: "languages must be lines of `<code>:` with `words:` and `names:` lists under them",
      })
      .optional(),
    intents: z
      .object({
        apply: cues,
        check_status: cues,
        talk_to_staff: cues,
        complaint: cues,
        list_permits: cues,
        greeting: cues,
        thanks: cues,
        out_of_scope: cues,
      })
      .partial()
      .strict(),
    aspects: z
      .object({ requirements: cues, fee: cues, duration: cues, procedure: cues, validity: cues, where: cues, legal: cues, representation: cues, correction: cues, general: cues })
      .partial()
      .strict(),
    office: z.object({ hours: cues, address: cues, contact: cues, staff: cues, mention: cues }).partial().strict(),
  })
  .strict();
