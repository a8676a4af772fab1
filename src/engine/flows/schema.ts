import { z } from "zod";

/**
 * The flow file format (flows/*.yaml). A flow is a list of steps; each step has an `id`, a
 * `type`, and goes on to `next` (default: the step below it; `end` finishes the flow).
 * Texts are keys of messages/<lang>/*.yaml, so wording is changed in one place.
 */
const StepId = z.string().regex(/^[a-z][a-z0-9_]*$/, "step ids are lower_snake_case, e.g. ask_name");
const Key = z.string().min(1, "a messages key, e.g. apply.ask_name");
const Next = StepId.optional();

/** A regular expression a clerk wrote: refused at load (with its file and line) when it does not compile. */
const Regex = (flags: string) =>
  z.string().refine((src) => {
    try {
      new RegExp(src, flags);
      return true;
    } catch {
      return false;
    }
  }, "not a valid regular expression");

const FieldDef = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "field ids are lower_snake_case"),
    label: Key,
    kind: z.enum(["text", "nik", "phone", "email", "date", "number", "choice"]),
    required: z.boolean().default(true),
    min: z.number().optional(),
    max: z.number().optional(),
    hint: Key.optional(),
    /** A regular expression (Unicode: `\\p{L}` is any letter) the answer must match, with the reason key when not. */
    pattern: Regex("u").optional(),
    pattern_reason: Key.optional(),
    /** A place shared on a map (a location pin) answers this question: a text field for a location or an address. */
    pin: z.boolean().optional(),
    /**
     * What of the applicant a text question holds, whatever its id: `name` (staff find and list
     * applications by it) or `address`; both read from a message labelling several answers
     * ("nama …, alamat …"). Without it, the field `nama` holds the name and `alamat` the address.
     * A NIK, a phone and an e-mail are known by their kind.
     */
    holds: z.enum(["name", "address"]).optional(),
  })
  .strict()
  .refine((f) => !f.pin || f.kind === "text", { message: "pin: true is for text questions (a location or an address)", path: ["pin"] })
  .refine((f) => !f.holds || f.kind === "text", { message: "holds: is for a text question (kind: text): a NIK, a phone and an e-mail are known by their kind", path: ["holds"] })
  // A flow's form question has no options (only a permit's own question has them): citizens could answer nothing.
  .refine((f) => f.kind !== "choice", {
    message:
      "a question in a flow's form cannot offer choices (it has no options): ask it as a step of its own (type: choose, with options, as the consent step of flows/apply.yaml), or, for one permit, as that permit's own question (kind: choice with options) in knowledge/permits/<id>.md; or write kind: text here",
    path: ["kind"],
  });

const Option = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]+$/, "option ids are short lowercase words, e.g. yes"),
    label: Key,
    next: Next,
    /** Start another flow instead (replaces this one). */
    start: z.string().optional(),
    /** Show only when the condition holds (`can_apply`: the permit in `permit` is taken by Loket). */
    when: z.enum(["can_apply"]).optional(),
    /** A value stored in the step's field instead of the option id (survey scores). */
    value: z.union([z.string(), z.number()]).optional(),
    /**
     * Other words that answer with this option, never shown: a messages key holding them
     * comma-separated ("sangat puas, puas sekali" for "Sangat baik" in the survey).
     */
    also: Key.optional(),
    /**
     * Picking this option is the citizen's consent (UU 27/2022): its time, the channel and a hash
     * of the question's text as shown go with the application the flow submits.
     */
    consent: z.boolean().optional(),
  })
  .strict();

const base = { id: StepId, next: Next };

export const StepSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("say"), text: Key }).strict(),
  z
    .object({
      ...base,
      type: z.literal("ask"),
      field: z.string().regex(/^[a-z][a-z0-9_]*$/),
      kind: z.enum(["text", "nik", "phone", "email", "date", "number"]),
      prompt: Key,
      min: z.number().optional(),
      max: z.number().optional(),
      /** A regular expression (Unicode, as in forms) the answer must match (after trimming), with the reason key when not. */
      pattern: Regex("u").optional(),
      pattern_reason: Key.optional(),
      upper: z.boolean().optional(),
      /**
       * This conversation's own applications (an `own_applications` action earlier in the flow):
       * `offer` on the question for the registration number offers them (several: a button each;
       * the conversation's last number is shown with the question and "ya" takes it); `skip` on a
       * question after it (the phone's digits) skips it when that number is one of them.
       */
      own_applications: z.enum(["offer", "skip"]).optional(),
      /**
       * What the question reads out of a citizen's message besides its pattern (flows/status.yaml):
       * `registration_number` the number in a sentence, spaced or with a short serial, the phone's
       * last four digits beside it (filling the `phone_last4` question), a SIMBG/OSS number
       * (status.elsewhere), "lupa nomornya" (status.no_number); `phone_last4` the last four digits
       * in a sentence or a phone number, "lupa no hp" (status.no_phone). At both a thanks or a
       * clear request without digits leaves the flow, and a check put on top of a form and not
       * pursued goes back to the form. One question per value in a flow, `kind: text`. The
       * `check_status` action looks up the values of these two questions, whatever their fields are called.
       */
      reads: z.enum(["registration_number", "phone_last4"]).optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal("choose"),
      prompt: Key,
      field: z.string().optional(),
      options: z.array(Option).min(1, "a choose step needs at least one option"),
      /**
       * What a message that is no option does: `retry` (default) asks again; `route` is understood
       * as a new request; `below` steps aside for the question underneath (an offer put on top of
       * a form: the citizen may just answer the form), the same for a file and for "kembali"
       * (with nothing beneath, as `request`);
       * `request`: asked again, unless it is a clear new request ("cek status"), which leaves this
       * flow for the question beneath or, with none, is handled as a new request (the survey).
       */
      free_text: z.enum(["route", "retry", "below", "request"]).default("retry"),
      /**
       * The options are about the permit being discussed ("Biaya", "Ajukan izin ini"): each
       * button keeps the permit it was shown with, so a button under an older answer (Telegram
       * keeps them) acts on that answer's permit, not on the one discussed since.
       */
      about_permit: z.boolean().default(false),
      /** A shorter question for asking again after an answer that was no option (a long consent text is not sent twice). */
      retry_prompt: Key.optional(),
      /**
       * A remark about the service typed instead of an option ("pelayanannya lama bgt" at a survey
       * question): thanked with this text and the question asked again; a complaint (patterns
       * `survey.complaint`) and a clear request still leave as `free_text` says.
       */
      comment: Key.optional(),
      /**
       * The options are the points of a rating scale (their numeric `value`s, the survey's 1-4): a
       * score is also read in words around a number ("nilai 3", "4 bintang", "3 dari 4"); a number
       * off the scale ("8 dari 10", "5") gets `out_of_range` and the question again; "eh salah,
       * maksud saya 4" changes the previous question's score when that is a scale too; the skip
       * words ("skip", "nanti aja", "ga mau") go to `stop`.
       */
      scale: z.object({ out_of_range: Key, stop: StepId }).strict().optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal("choose_permit"),
      prompt: Key,
      field: z.string().default("permit"),
      /** Where to go when Loket does not take this permit's application (OSS-only). */
      oss_next: StepId.optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal("answer"),
      /** What to answer: a permit aspect (slots `permit`, `aspect`), the office, a referral, the permit list. */
      content: z.enum(["permit", "office", "referral", "list"]),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal("branch"),
      /** Slot to look at. */
      on: z.string(),
      cases: z.record(z.string(), z.object({ next: Next, start: z.string().optional() }).strict()),
      default: StepId,
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal("form"),
      fields: z.array(FieldDef).default([]),
      /** Also ask the permit's own form fields (knowledge file `form:`), after these. */
      permit_fields: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal("uploads"),
      /** `permit`: every document of the permit; `slot`: the requirement ids listed in slot `documents`. */
      from: z.enum(["permit", "slot"]).default("permit"),
    })
    .strict(),
  z.object({ ...base, type: z.literal("confirm"), prompt: Key }).strict(),
  z
    .object({
      ...base,
      type: z.literal("action"),
      /**
       * `check_status` only in the status check's flow (patterns.yaml's `intents: check_status`),
       * which has a `reads: registration_number` question (load.ts, statusFlowIssues).
       */
      action: z.enum(["submit_application", "check_status", "own_applications", "open_case", "record_survey", "resubmit_documents", "delete_my_data"]),
      /** For open_case: why (citizen_asked, repeated_failure, flow, complaint, low_confidence, privacy, staff_only); default: slot `reason`. */
      reason: z.enum(["citizen_asked", "repeated_failure", "flow", "complaint", "low_confidence", "privacy", "staff_only"]).optional(),
      /** For open_case with reason privacy: what is asked (`withdraw_consent`: recorded on the conversation's applications too). */
      request: z.enum(["withdraw_consent"]).optional(),
      /** Where to go when the action's answer is negative (status not found, ...). */
      fail: StepId.optional(),
    })
    .strict(),
  z
    .object({
      id: StepId,
      type: z.literal("end"),
      text: Key.optional(),
      /** Do not ask the interrupted question below again (e.g. after a handoff: staff take over). */
      quiet: z.boolean().default(false),
    })
    .strict(),
]);
export type Step = z.infer<typeof StepSchema>;
export type FieldDef = z.infer<typeof FieldDef>;

/** The field ids that hold the applicant's name and address when no field of the form says `holds:`. */
const HOLDS_BY_DEFAULT = { name: "nama", address: "alamat" } as const;

/**
 * What each field of a form holds of the applicant (`holds:`, or by default the field `nama` the
 * name and `alamat` the address, unless another field of the form says it holds that).
 */
export function formHolds(fields: readonly FieldDef[]): Map<string, "name" | "address"> {
  const out = new Map<string, "name" | "address">();
  for (const f of fields) if (f.holds) out.set(f.id, f.holds);
  const said = new Set(out.values());
  for (const [holds, id] of Object.entries(HOLDS_BY_DEFAULT) as ["name" | "address", string][]) {
    if (!said.has(holds) && !out.has(id) && fields.some((f) => f.id === id && f.kind === "text")) out.set(id, holds);
  }
  return out;
}
export type ChooseStep = Extract<Step, { type: "choose" }>;

export const FlowSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "flow ids are lower_snake_case and match the file name"),
    description: z.string().optional(),
    /**
     * A flow started from outside (the survey) is not started again within this many days of the
     * last time it was: a citizen who answered or declined is not asked again at the next closed case.
     */
    once_within_days: z.number().int().positive().optional(),
    steps: z.array(StepSchema).min(1, "a flow needs at least one step"),
  })
  .strict();
export type Flow = z.infer<typeof FlowSchema>;

/** The office topics Loket ships with (patterns.yaml office_topics), each answered by its message `topic.<name>`; any other name is the office's own. */
export const SHIPPED_TOPIC_NAMES = ["survey", "bribe", "accessibility", "facilities", "holiday", "payment", "officials", "verify", "forgery", "others_data", "hoax", "no_visit", "religion", "official", "working_days", "rating", "file_size", "send_later", "company_applicant", "app", "no_internet", "voice_message"] as const;
export const SHIPPED_TOPICS: ReadonlySet<string> = new Set(SHIPPED_TOPIC_NAMES);

/** flows/patterns.yaml: repair words and where each understood intent goes. */
/**
 * A phrase list (domain/phrases.ts `phraseMatcher`): entries searched as whole words, a word
 * written "a/b" meaning either. One schema for all of them, so that the check at load
 * (load.ts `phraseListIssues`) finds every such list by its shape (`phraseListPaths`), a list
 * added later included.
 */
const PhraseList = z.array(z.string()).default([]);
/** A message made of one of `words` and nothing but `beside` around it (engine.ts `onlyWords`). */
const WordSet = z.object({ words: z.array(z.string()).default([]), beside: z.array(z.string()).default([]) }).strict().default({ words: [], beside: [] });

export const PatternsSchema = z
  .object({
    repair: z
      .object({
        cancel: z.array(z.string()).min(1),
        back: z.array(z.string()).min(1),
        restart: z.array(z.string()).min(1),
        menu: z.array(z.string()).min(1),
        human: z.array(z.string()).min(1),
        help: z.array(z.string()).min(1),
        skip: z.array(z.string()).min(1),
        yes: z.array(z.string()).min(1),
        no: z.array(z.string()).min(1),
      })
      .strict(),
    /**
     * Words that may stand beside a yes or a no without changing it ("ya sudah benar semua",
     * "ok kirim kak"): a message of yes/no words and these is read as the yes or the no.
     */
    filler: z.array(z.string()).default([]),
    /**
     * Words that may stand beside a request for a person ("admin tolong", "mohon cs"): a message of
     * one of `repair.human`'s words, these and filler asks for a person at any step, as the word alone.
     */
    human_beside: z.array(z.string()).default([]),
    /** Words that make a free-text answer a question (with "?"): only then is it answered as a digression. */
    question_words: z.array(z.string()).default([]),
    /**
     * Words a follow-up starts with ("kalau PIRT-nya?" after a question about NIB's fee): a
     * question naming another permit but no aspect keeps the aspect asked about before.
     */
    follow_up: z.array(z.string()).default([]),
    /** After a permit's answer, a message asking only "how much" ("brp?"): its fee. */
    how_much: z.array(z.string()).default([]),
    /** After the office hours, a short message naming only a day ("jumat jg?"): the hours again. */
    office_days: z.array(z.string()).default([]),
    /**
     * A correction typed at the summary ("no hp nya salah, yg bener 0857…"): `correct` marks where
     * the right value starts, `wrong` says something is wrong, `field_words` are words citizens use
     * for a kind of question (phone, nik, email…) beside the words of its label, `same_as` a word said
     * for one word of a label ("klinik" for "fasilitas").
     */
    summary_edit: z
      .object({
        correct: z.array(z.string()).default([]),
        wrong: z.array(z.string()).default([]),
        field_words: z.partialRecord(z.enum(["text", "nik", "phone", "email", "date", "number", "choice"]), z.array(z.string())).default({}),
        /** A word citizens say for a word of a label ("nama kliniknya salah" for "Nama fasilitas"): klinik: fasilitas. */
        same_as: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .default({ correct: [], wrong: [], field_words: {}, same_as: {} }),
    /** Words saying a document will come later ("nanti saya kirim", "bentar, belum ada"): no failure, the question stays. */
    later: z.array(z.string()).default([]),
    /**
     * Phrase lists read at one kind of question (a word written "a/b" means either; a two-word
     * phrase also matches written as one word). `no_number`: at a status check's number or phone
     * question, the citizen has none to give. `nik_help`: at the NIK question, the citizen lacks it
     * or asks what it is. `this_number` / `not_this_number`: at the phone question, "this number"
     * and what turns it down. `no_number_not_before`: words after which a `no_number` phrase is about
     * something else ("belum ada kabar": no news yet, a status asked).
     */
    no_number: PhraseList,
    no_number_not_before: PhraseList,
    nik_help: PhraseList,
    /** At the applicant's address question: which address is meant ("alamat yg mana? ktp atau domisili?"). */
    which_address: PhraseList,
    /** At the applicant's name question: whose name is meant ("nama sesuai ktp atau nama toko?"). */
    which_name: PhraseList,
    /** After an application's answers were deleted: the citizen asks to go on with it ("lanjutkan yang tadi"). */
    resume: PhraseList,
    /** Alone right after a permit's answer: what comes next ("lanjut", "terus gimana?"): its procedure, then where. */
    go_on: PhraseList,
    /**
     * In a question about a permit: the asker is a foreign citizen or a foreign-owned company ("I am a
     * foreign researcher", "WNA", "PT PMA"). The answer (written for Indonesian citizens) then says
     * the route may differ for them and that staff can tell them which applies (answers.foreigner).
     */
    foreigner: PhraseList,
    /** At a form question that must be answered: the citizen does not know the answer ("saya tidak tahu"). */
    dont_know: PhraseList,
    /**
     * At a permit's form question, a question about the question itself, answered from the
     * field's `about:`/`hint:` (knowledge/permits/*.md) and the same question asked again: `what`
     * it means ("nomor STR itu apa?"), `where` the answer is written ("no PBG liat dimana?"), the
     * citizen has it `not_yet` ("STR saya masih proses"), an `approximate` answer ("kira2 boleh?").
     * The message names the question by a word of its label other than `label_skip` ("nama",
     * "nomor"), or is short and has only `beside` words (or filler) beside the phrase ("itu apa
     * ya kak?"). `label_skip` and `beside` are read as written.
     */
    field_help: z
      .object({
        what: PhraseList,
        where: PhraseList,
        not_yet: PhraseList,
        approximate: PhraseList,
        acceptable: PhraseList,
        label_skip: z.array(z.string()).default([]),
        beside: z.array(z.string()).default([]),
      })
      .strict()
      .default({ what: [], where: [], not_yet: [], approximate: [], acceptable: [], label_skip: [], beside: [] }),
    this_number: PhraseList,
    not_this_number: PhraseList,
    /**
     * A question about the citizen's own personal data (what is kept, why, who sees it, a copy,
     * correction, withdrawing consent, stopping processing): answered by flows/privacy.yaml
     * wherever the citizen is, except as the answer to a free-text question or at the summary.
     */
    privacy: PhraseList,
    /**
     * A request only staff can carry out, offered a person by flows/staff_only.yaml: `refund`,
     * `change` said with `sent` (a change to an application already sent), `urgent`; `pressing`: a
     * message of urgency only ("urgent bgt", "penting bgt tolong"), one of `pressing.words` and
     * nothing but `pressing.beside` around it.
     */
    staff_only: z
      .object({
        refund: PhraseList,
        change: PhraseList,
        sent: PhraseList,
        urgent: PhraseList,
        pressing: WordSet,
        /** An application already sent to be cancelled (with `sent`, or outside an application's form). */
        withdraw: PhraseList,
        /** A copy or a replacement of an issued permit that was lost or damaged. */
        reissue: PhraseList,
        /** A building already put up without a PBG/IMB: one of `done` and one of `without` in a message. */
        built: z.object({ done: PhraseList, without: PhraseList }).strict().default({ done: [], without: [] }),
      })
      .strict()
      .default({ refund: [], change: [], sent: [], urgent: [], pressing: { words: [], beside: [] }, withdraw: [], reissue: [], built: { done: [], without: [] } }),
    /**
     * Questions about the office and the service that no permit answers, each answered by its
     * message `topic.<name>` (messages/<lang>/answers.yaml) with the office's facts
     * (knowledge/office.yaml): the SKM survey, money asked by an officer or a broker, access for
     * disabled applicants, the building's facilities, holidays, how a levy is paid, who heads the office,
     * whether a permit shown is genuine, a fake or backdated permit, other people's data, a chain message asking money, whether one must come in, a religious ruling, whether this chat is the office's own, what a working
     * day is, a rating of the service, the largest file, documents sent later, a company as the applicant, an app to install,
     * no internet or no skill with it.
     */
    office_topics: z
      .object(Object.fromEntries(SHIPPED_TOPIC_NAMES.map((k) => [k, PhraseList])) as Record<(typeof SHIPPED_TOPIC_NAMES)[number], typeof PhraseList>)
      // The office's own topics ("ramadan: [...]"), each answered by its message topic.<name>.
      .catchall(z.array(z.string()))
      .default(Object.fromEntries(SHIPPED_TOPIC_NAMES.map((k) => [k, [] as string[]])) as Record<(typeof SHIPPED_TOPIC_NAMES)[number], string[]>),
    /**
     * The office topics that refuse, warn or check ("pbg aspal", "daftar ulang nib 250rb", "izin pbg nya
     * asli gk"): answered even when the message names a permit, each one said in a message answered
     * (`bribe` last, with its offer of a person). Names of office_topics, shipped or the office's own.
     */
    refused_topics: z.array(z.string()).default([]),
    /**
     * Office topics about the service itself answered even when the message names a permit ("file
     * gambar baliho sy 15mb, maksimal brp mb?", "mau daftar pbg, gambarnya bs dikirim nyusul?"): the
     * topic's answer, with the permit's fact after it when one is asked plainly. Names of office_topics.
     */
    beside_permit_topics: z.array(z.string()).default([]),
    /**
     * Words of the office's own building said beside an office topic ("is there a toilet in the
     * building?", "toilet di gedung mpp"): the place asked about, not a permit (PBG's and SLF's
     * names hold "building"/"gedung").
     */
    office_topic_places: PhraseList.default([]),
    /**
     * Someone other than the writer ("tetangga", "orang lain", "pesaing"): beside a NIK-shaped number
     * ("cek nik 3317… ini udh punya izin? itu tetangga sy"), another person's data asked for (office topic `others_data`).
     */
    someone_else: PhraseList,
    /** A contact asked for rather than a person ("nomor wa petugas berapa"): the office's contacts and the staff button. */
    contact_asked: PhraseList,
    /** The office's address asked beside where a counter permit is applied for ("… izin spanduk dmn sih alamatnya?"): that address after the place. */
    address_asked: PhraseList,
    /** A call asked for ("bisa telepon saya?", "minta ditelpon aja min"): Loket cannot phone; the contacts and a person here offered. */
    call_back: PhraseList,
    /**
     * How the citizen hears of the outcome ("kalau sudah jadi saya ditelepon?"): one of `told` and
     * one of `outcome` in a message; answered by flows/notify.yaml, before `call_back`.
     */
    notify_asked: z.object({ told: PhraseList, outcome: PhraseList }).strict().default({ told: [], outcome: [] }),
    /** Waiting for staff, "halo? masih ada orang?": where the citizen stands in the queue, not silence. */
    still_there: PhraseList,
    /** With no request for a person under way, "malem min, msh ada org gk?": the assistant answers now; when staff do (offer_human step there). */
    anyone_there: PhraseList,
    /** Waiting in the queue, a part going back to the bot ("yaudah sm bot aja deh"): the request withdrawn, the rest answered. */
    back_to_bot: PhraseList,
    /** "ini orang beneran apa bot?": Loket says it is the automatic assistant and offers a person (offer_human step bot). */
    bot_asked: PhraseList,
    /** After a cancel, the matter settled ("ga jadi, udah ketemu jawabannya"): the cancel alone. */
    settled: PhraseList,
    /**
     * Frustration with Loket itself ("bot bodoh", "kok ga nyambung sih"): one of `phrases`, in a
     * message that names one of `bot`, or has at most `max_words` words and none of `staff`.
     */
    bot_frustration: z
      .object({ phrases: PhraseList, bot: z.array(z.string()).default([]), staff: z.array(z.string()).default([]), max_words: z.number().int().min(1).default(5) })
      .strict()
      .default({ phrases: [], bot: [], staff: [], max_words: 5 }),
    /** The words a message that only greets or thanks is made of ("halo min", "makasih kak"), read at a form's free-text question. */
    greeting_words: z.array(z.string()).default([]),
    ok_words: z.array(z.string()).default([]),
    ack_words: z.array(z.string()).default([]),
    /** At a form or document question, "tadi sampe mana ya": the question again, not a status check. */
    where_were_we: PhraseList,
    /** At a form or document question, "liat yg udh sy isi": the answers given so far, then the question again. */
    filled_so_far: PhraseList,
    /** Words before a registration number without its prefix that are not its prefix ("cek status 2026-000001"). */
    number_words: z.array(z.string()).default([]),
    /**
     * Right after a permit's requirements, a question that is only "itu aja?" (one of `phrases`, with
     * nothing but `beside` words around it: "jadi itu aja ya kak?"): yes, the list Loket holds, and the
     * list again (`answers.requirements.that_is_all`), not a goodbye.
     */
    that_is_all: z.object({ phrases: PhraseList, beside: z.array(z.string()).default([]) }).strict().default({ phrases: [], beside: [] }),
    /**
     * "brp hari sih?" beside one's own permit waiting ("PBG SY UDH SEBULAN BLM JADI …"): how long such
     * a permit takes, answered with its processing time; not when a word of `not_before` follows
     * ("brp hari lagi?", the time left, which only the application's status says).
     */
    how_long_asked: z.object({ phrases: PhraseList, not_before: z.array(z.string()).default([]) }).strict().default({ phrases: [], not_before: [] }),
    /**
     * After two permits asked one after the other, "dua2nya daftarnya dmn?": the question asked of
     * both, one after the other.
     */
    both_of_two: PhraseList,
    /**
     * All of an applicant's data in one message, "hp 0812… gk ada email, alamat …": one of these just
     * before a label says that label has no answer (left empty, "-"), and so does a part that is only one.
     */
    none_given: PhraseList,
    /**
     * The survey's score questions (choose steps with `scale`): words around a score ("nilai 3",
     * "4 bintang": `before`, `after`), between a score and its scale ("3 dari 4": `of`, also "/"),
     * phrases that change the previous score ("eh salah, maksud saya 4": `corrects`), and those
     * that make a remark a complaint for the complaint channels (`complaint`: "minta uang", "lapor"),
     * and those giving one score for every rating question left (`all`: "4 semua"); the survey stopped
     * halfway (`stop`: "udah cukup", "lagi sibuk"), unless a word of `stop_not_before` follows ("sudah cukup baik").
     */
    survey: z
      .object({
        before: z.array(z.string()).default([]),
        after: z.array(z.string()).default([]),
        of: z.array(z.string()).default([]),
        corrects: PhraseList,
        complaint: PhraseList,
        all: PhraseList,
        stop: PhraseList,
        stop_not_before: z.array(z.string()).default([]),
      })
      .strict()
      .default({ before: [], after: [], of: [], corrects: [], complaint: [], all: [], stop: [], stop_not_before: [] }),
    /** At a document question, a question with one of these is about the file's form ("scan asli atau fotokopi?"), not a permit. */
    document_form: PhraseList,
    /**
     * A question with a `document_form` word that looks for a place ("tempat fotokopi yg buka
     * minggu?"): not a question about copies of documents (engine.ts `asksPlace`).
     */
    place_asked: PhraseList,
    /**
     * A document of a kind asked, none of its permits named ("usaha batik saya kan ada limbah pewarna,
     * perlu dokumen lingkungan apa ya"): the permits of the category the words name, when two, each
     * by what it is for (engine.ts `kindAsked`), as "sppl atau ukl-upl?".
     */
    kind_document_asked: PhraseList,
    /**
     * A packaged product ("ikan asin kering dikemas"): beside a product of a permit's `not_for`, in a
     * message that reads no permit, that permit's warning (engine.ts `notForSaid`).
     */
    packaged_product: PhraseList,
    /**
     * Where a permit's document comes from ("surat keterangan tempat praktik mintanya ke siapa?",
     * "rekomendasi kecamatan itu ngurusnya dmn?"): `who` words ask its source; `where` words ask
     * where it is had, counted only in a clause that names no permit (engine.ts `sourceAsked`).
     */
    document_source: z.object({ who: PhraseList, where: PhraseList }).strict().default({ who: [], where: [] }),
    /**
     * A "where" question about the finished permit ("sip yg udh jadi diambil di mana?"): answered
     * with how an issued permit reaches the citizen (the permit's `submission.issued`), not the place to apply.
     */
    issued_asked: PhraseList,
    /**
     * Two permits asked of as done at the same time ("izin klinik sm pbg bs diurus barengan?"): where
     * one is a document the other requires, it must be issued first; then the other's requirements.
     */
    together_asked: PhraseList,
    /**
     * Two permits asked of as which comes first ("hrs nib dulu baru pirt ya?", "sppl dulu atau nib
     * dulu"): where one is a document the other requires, that is said first (engine.ts `asksFirst`).
     */
    first_asked: PhraseList,
    /**
     * The fee or time of all the permits a plan needs ("totalnya brp biayanya semua?", "semua izinnya
     * brp lama sampai bisa buka?"): the permit's, then a line for each permit its requirements are.
     */
    all_permits_asked: PhraseList,
    /** The order of the permits a plan needs ("which permits do we need and in what order?"): the permits behind it, in order, each with where it is filed. */
    order_asked: PhraseList,
    /** How the finished permit is signed and handed over ("ttd basah ato tte?"): its `submission.issued`, asked as where, how or plainly. */
    issued_form: PhraseList,
    /** At a document question, "dokumen apa lagi yg kurang?": the documents not sent yet are named. */
    documents_left: PhraseList,
    /** At a document question, the file sent before was the wrong one ("salah kirim, ini yg benar"): the next file replaces it. */
    sent_wrong: PhraseList,
    /** In an application, wanting another permit without naming it ("ganti izin lain aja"): asked first, then which permit. */
    other_permit: PhraseList,
    /** In an application, another permit asked for as well ("sekalian PBG juga"): told both can be done, this one first. */
    also_permit: PhraseList,
    /**
     * At a form question, "NIK siapa? saya atau bapak saya?": whose details to give (one of `data`
     * and one of `who`, asked). Answered (the applicant's; office.yaml `representation`), asked again.
     */
    whose_data: z.object({ data: PhraseList, who: PhraseList }).strict().default({ data: [], who: [] }),
    /**
     * A message that only announces a question ("maaf mau tanya dulu kak"): one of `words` and
     * nothing but `beside` around it. The form waits and the question is invited.
     */
    announces_question: WordSet,
    /**
     * Right after a status answer, a question about that application: what is lacking (`missing`),
     * why it was refused (`why_rejected`), what to do now (`what_next`), when it is done or why it
     * takes long (`when`). Answered from the status and the staff's note just shown.
     */
    status_follow_up: z
      .object({ missing: PhraseList, why_rejected: PhraseList, what_next: PhraseList, when: PhraseList })
      .strict()
      .default({ missing: [], why_rejected: [], what_next: [], when: [] }),
    /**
     * In a conversation that has filed an application (and no form open), what the citizen says about
     * it later: it takes long (`late`), a document offered afterwards (`send_more`), the finished
     * permit's pick-up asked (`issued`, beside `issued_asked`), a visit announced after a notice
     * (`visit`), words tying a change (`staff_only.change`) to what was sent (`about`), and whether it
     * was received or where its proof is (`received`).
     */
    own_application: z
      .object({ late: PhraseList, send_more: PhraseList, issued: PhraseList, visit: PhraseList, about: PhraseList, received: PhraseList })
      .strict()
      .default({ late: [], send_more: [], issued: [], visit: [], about: [], received: [] }),
    /**
     * Which of several own applications the citizen means (engine.ts `ownPicked`): by the day it was
     * sent (`two_days_ago`, `last_week`, `last_month`, `yesterday`, `today`, read in that order), by a
     * day of the month after one of `date` (single words: "tgl 1"), or by its order (`first`, `last`).
     */
    own_pick: z
      .object({
        two_days_ago: PhraseList,
        last_week: PhraseList,
        last_month: PhraseList,
        yesterday: PhraseList,
        today: PhraseList,
        date: z.array(z.string()).default([]),
        first: PhraseList,
        last: PhraseList,
      })
      .strict()
      .default({ two_days_ago: [], last_week: [], last_month: [], yesterday: [], today: [], date: [], first: [], last: [] }),
    /**
     * What to arrange once a permit is issued, asked of it ("klo kkpr udh keluar, trs ngurus apa lg?"):
     * answered with the permit file's `after` (when it has one).
     */
    after_issued: PhraseList,
    /**
     * Something about a permit held changes, asked of it ("warung sy pindah, nib nya hrs baru?",
     * "mau tambah lantai 2"): answered with the permit file's `changes` (when it has one).
     */
    permit_changes: PhraseList,
    /**
     * A place outside the office's regency named as where the permit's thing is ("bangun rumah di
     * cepu", "praktik di klinik di kudus"): `places` maps a folded place name to its regency; an
     * `activities` word said shortly before the place word makes it the permit's place. The office
     * serves its own regency only, so the citizen is sent to that regency's office.
     */
    elsewhere: z
      .object({ places: z.record(z.string(), z.string()).default({}), activities: z.array(z.string()).default([]), place_words: z.array(z.string()).default([]), home: z.array(z.string()).default([]) })
      .strict()
      .default({ places: {}, activities: [], place_words: [], home: [] }),
    /** Whole messages that start a flow directly, e.g. `delete_data: [hapus data saya]`. */
    commands: z.record(z.string(), z.array(z.string())).default({}),
    intents: z.record(
      z.string(),
      z
        .object({ flow: z.string(), step: StepId.optional(), slots: z.record(z.string(), z.string()).optional() })
        .strict(),
    ),
    /** Below this confidence the bot asks instead of guessing. */
    confidence_threshold: z.number().min(0).max(1).default(0.5),
    /** Failed answers in a row before a person is offered. */
    max_failures: z.number().int().min(1).default(3),
  })
  .strict();
export type Patterns = z.infer<typeof PatternsSchema>;

/**
 * Where the phrase lists are in flows/patterns.yaml (`["status_follow_up", "when"]`…): every key
 * whose schema is `PhraseList`, in nested blocks too. Word sets and plain word lists are not.
 */
export function phraseListPaths(schema: z.ZodType = PatternsSchema): string[][] {
  const out: string[][] = [];
  const walk = (s: z.ZodType, path: string[]): void => {
    if (s === PhraseList) return void out.push(path);
    let def = s._zod.def as { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
    while ((def.type === "default" || def.type === "optional" || def.type === "prefault") && def.innerType) def = def.innerType._zod.def as typeof def;
    if (def.type === "object" && def.shape) for (const [k, v] of Object.entries(def.shape)) walk(v, [...path, k]);
  };
  walk(schema, []);
  return out;
}

export interface Flows {
  byId: Map<string, Flow>;
  patterns: Patterns;
}
