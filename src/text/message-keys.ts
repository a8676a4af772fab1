/**
 * Every messages key the code says (besides the keys flows/*.yaml name), with the placeholders
 * the code fills in it. `npm run check` and start-up hold messages/<lang>/*.yaml to this list: a
 * key missing (the citizen would read "answers.confirm"), a key nobody says (a misspelt
 * "answers.fee.titel"), and a `{placeholder}` the message is not given (`{duration}` where Loket
 * passes `{permit_duration}`) are refused at their file:line.
 *
 * A developer who makes the code say a new key, or pass a new placeholder, adds it here:
 * test/text/message-keys.test.ts reads src/ (every key literal, every `${…}` key, every call that
 * says a message and what it passes) and fails until this list matches the code.
 */

export interface MessageUse {
  /** The placeholders the code fills in this message. */
  readonly vars: readonly string[];
  /**
   * Said with the conversation's values too (the engine's `vars()`): CONVERSATION_VARS, the slots
   * the engine keeps (ENGINE_SLOTS), and the slots of the flows (ask fields, form field ids, the
   * permits' own form fields).
   */
  readonly conversation?: boolean;
  /**
   * Always said from messages/id, whatever the citizen's language: staff read it, or a channel or
   * the runtime says it before the conversation is looked at. Another language needs no copy.
   */
  readonly indonesian?: boolean;
}

/** Values every message said in a conversation gets (src/engine/engine.ts, `vars()`). */
export const CONVERSATION_VARS: readonly string[] = ["office", "registration_prefix", "example_number", "processors", "office_complaints", "retention_days", "permit_name", "permit_short", "permit_url", "permit_duration", "permit_where"];

/**
 * Slots the engine itself puts in a flow's frame, beside the flow's own questions: the routed
 * request (`number`, `permit`, `aspect`, …; a status check's digits go to the questions marked
 * `reads:`), what an action answered (`status_label`, `kept`, …), what starts a flow (`reason`,
 * the staff's `caseId`, …). Only text and numbers are filled (documents are not).
 */
export const ENGINE_SLOTS: readonly string[] = [
  "number", "permit", "aspect", "more_aspects", "also_permit", "asked_doc", "asked_lacking", "foreigner", "category", "referral", "system",
  "reason", "repair", "request", "caseId", "applicationNumber", "staff_only", "note",
  // A correction staff asked for with data only, no document (records.ts correctionTrigger): "data".
  "kind",
  "status_label", "status_note", "updated", "permit_label", "queue", "kept",
  // The day an office question asks about ("besok buka?"): "2027-01-12" (day-asked.ts daySlot).
  "day", "breaks", "now_asked",
  // The queue number and a time of day asked ("jam 3 masih bisa ambil nomor?"): "yes", "15:00".
  "queue_asked", "at_time",
];

/**
 * Keys the code builds from a value (`answers.channel.${channel}`): the shape, `*` for each
 * `${…}`, and every key it can become. The test holds each list to the code's own values.
 */
export const KEY_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  "answers.channel.*": ["oss", "simbg", "sicantik", "counter"].map((c) => `answers.channel.${c}`),
  "answers.day.*": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => `answers.day.${d}`),
  // A fact several permits share (src/knowledge/answer.ts sharedAspectAnswer).
  "answers.shared.*": ["fee", "duration", "validity"].map((a) => `answers.shared.${a}`),
  "answers.month.*": Array.from({ length: 12 }, (_, i) => `answers.month.${i + 1}`),
  "answers.office.*": ["phone", "whatsapp", "email", "website"].map((c) => `answers.office.${c}`),
  // A day asked about, named from today (src/knowledge/answer.ts dayName).
  "answers.office.day_*": ["today", "tomorrow", "after_tomorrow"].map((c) => `answers.office.day_${c}`),
  "answers.requirements.**": ["line", "optional", "line_any", "optional_any"].map((k) => `answers.requirements.${k}`),
  "confirm.*": ["confirm.yes", "confirm.edit"],
  "form.ask.*": ["text", "nik", "phone", "email", "date", "number", "choice"].map((k) => `form.ask.${k}`),
  "status.label.*": ["received", "verified", "needs_correction", "approved", "rejected", "done"].map((s) => `status.label.${s}`),
  "staff.status.*": ["received", "verified", "needs_correction", "approved", "rejected", "done"].map((s) => `staff.status.${s}`),
  // The status check's next step (src/engine/engine.ts): none after done.
  // The office topics of flows/patterns.yaml office_topics (src/engine/engine.ts answerTopic).
  "topic.*": ["survey", "bribe", "accessibility", "facilities", "holiday", "payment", "officials"].map((k) => `topic.${k}`),
  "status.next.*": ["received", "verified", "needs_correction", "approved", "rejected"].map((s) => `status.next.${s}`),
  // Said only after a correction without documents or a refusal (src/staff/ops.ts).
  "staff.status_reply.*": ["staff.status_reply.needs_correction", "staff.status_reply.rejected"],
  // A citizen writing in another language (src/staff/telegram-group.ts): one line per language Loket speaks besides Indonesian.
  "staff_notice.language.*": ["staff_notice.language.en"],
  "staff_notice.staff_only.*": ["refund", "change", "urgent", "pressing", "withdraw", "reissue"].map((k) => `staff_notice.staff_only.${k}`),
  "staff_notice.reason.*": ["citizen_asked", "repeated_failure", "flow", "complaint", "low_confidence", "privacy", "staff_only"].map((r) => `staff_notice.reason.${r}`),
  "telegram.commands.*": ["start", "menu", "batal", "petugas", "bantuan"].map((c) => `telegram.commands.${c}`),
  // The kind a channel reports (any word): the code asks `has()` first and says "other" without it.
  "unsupported_kind.*": ["unsupported_kind.other"],
};

/**
 * Keys that may be there or not, any name under these: the code looks for them itself.
 * `unsupported_kind.<kind>`: a word for each kind of message a channel reports ("voice"), else
 * `unsupported_kind.other`. `field.label.<field id>`: the staff console labels an application's
 * field with it (src/staff/index.ts).
 */
export const OPTIONAL_KEY_PREFIXES: readonly string[] = ["unsupported_kind.", "field.label."];

/**
 * Values one language gives and another may leave out without a warning: the English
 * "Apply for {permit_short}" names the permit because the English reader's answer title is the
 * Indonesian name; the Indonesian "Ajukan izin ini" follows an answer already in its words.
 */
export const LANGUAGE_OWN_PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  "followup.apply": ["permit_short"],
};

/** Messages that are useless to a citizen without these: the registration number above all. */
export const REQUIRED_PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  "apply.receipt": ["number"],
  "status.found": ["number"],
  "delete.kept": ["numbers"],
  "correction.intro": ["number"],
  "correction.thanks": ["number"],
  "staff.status.received": ["number"],
  "staff.status.verified": ["number"],
  "staff.status.needs_correction": ["number"],
  "staff.status.approved": ["number"],
  "staff.status.rejected": ["number"],
  "staff.status.done": ["number"],
  "staff.status.done_rejected": ["number"],
};

/** `{ key: "a b" }`: each key with its placeholders (space-separated), all with the same `opts`. */
function said(opts: Omit<MessageUse, "vars">, table: Record<string, string>): Record<string, MessageUse> {
  const out: Record<string, MessageUse> = {};
  for (const [key, vars] of Object.entries(table)) out[key] = { ...opts, vars: vars.split(" ").filter(Boolean) };
  return out;
}

/** Same placeholders for every key of a family. */
const family = (shape: string, vars: string) => Object.fromEntries(KEY_FAMILIES[shape]!.map((k) => [k, vars]));

export const CODE_MESSAGES: Readonly<Record<string, MessageUse>> = {
  // Answers from knowledge/ (src/knowledge/answer.ts, src/engine/engine.ts).
  ...said({}, {
    "answers.confirm": "",
    "answers.confirm_hours": "",
    "answers.date": "day month year",
    "answers.day.and": "a b",
    "answers.day.range": "from to",
    ...family("answers.day.*", ""),
    ...family("answers.month.*", ""),
    ...family("answers.channel.*", "office address"),
    "answers.duration.title": "name",
    // A figure of a permit's own text (src/knowledge/answer.ts answerDetail).
    "answers.detail.title": "name",
    "answers.after.title": "name",
    "answers.either.title": "a b",
    "answers.either.ask": "a",
    "answers.fee.title": "name",
    "answers.fee_overview.title": "office",
    "answers.fee_overview.free": "names",
    "answers.fee_overview.other": "names",
    "answers.general.title": "name",
    "answers.general.where": "channel",
    "answers.general.fee": "fee",
    "answers.general.duration": "duration",
    "answers.general.validity": "validity",
    "answers.general.more": "",
    "answers.kinds_separator": "",
    "answers.legal.title": "name",
    "answers.legal.line": "law",
    "answers.representation.title": "",
    "answers.representation.title_permit": "name",
    "answers.representation.missing": "",
    "answers.correction.title": "",
    "answers.correction.loket": "",
    "answers.correction.status": "prefix",
    "answers.correction.data": "",
    "answers.correction.elsewhere": "name channel url",
    "answers.correction.elsewhere_too": "name channel url",
    "answers.correction.system": "channel url",
    "answers.correction.system_staff": "channel",
    "answers.list.title": "office",
    "answers.list.line": "n name",
    "answers.list.line_oss": "n name",
    "answers.list.glossed": "name gloss",
    "answers.list.footer": "",
    "answers.list.none": "",
    "answers.model_sources": "sources",
    "answers.office.hours_title": "name",
    "answers.office.hours_line": "days times",
    "answers.office.hours_closed": "days",
    "answers.office.hours_holidays": "",
    "answers.office.now_open": "close",
    "answers.office.now_open_break": "close reopen",
    "answers.office.now_break": "reopen",
    "answers.office.now_closed": "name next_opening",
    "answers.office.now_holiday": "name next_opening",
    "answers.office.next_holiday": "date name",
    "answers.office.address_title": "name",
    "answers.office.special_period_title": "from to detail",
    "answers.office.special_days_title": "",
    "answers.office.day_open": "date times detail place",
    "answers.office.day_closed": "date detail next_opening",
    "answers.office.day_place": "address",
    "answers.office.day_place_line": "date address",
    "answers.office.day_range": "from to",
    "answers.office.range_title": "date",
    "answers.office.range_special_title": "date",
    "answers.office.range_none": "date",
    "answers.office.range_day_open": "date times detail place",
    "answers.office.range_day_closed": "date detail",
    "answers.office.week_pointer": "",
    "answers.office.queue_last": "date last close",
    "answers.office.queue_unknown": "date close",
    "answers.office.at_time_queue_yes": "date time last",
    "answers.office.at_time_queue_no": "date time last",
    "answers.office.at_time_open": "date time close",
    "answers.office.at_time_before": "date open times",
    "answers.office.at_time_closed": "date time times",
    "answers.office.at_time_break": "date time reopen",
    "answers.office.breaks": "breaks",
    "answers.office.no_breaks": "",
    "answers.office.day_relative": "rel date",
    ...family("answers.office.day_*", ""),
    "answers.office.special_day_open": "date times detail",
    "answers.office.special_day_closed": "date detail",
    "answers.office.special_usual_hours": "",
    "answers.office.special_closed": "",
    "answers.office.special_period_line": "from to times detail",
    "answers.office.special_period_note": "from to detail",
    "answers.office.address_special": "to detail",
    "answers.office.address_today": "detail",
    "answers.office.address_usual": "address",
    "answers.office.address_soon": "from to detail address",
    "answers.office.address_soon_day": "date detail address",
    "answers.office.contact_title": "name",
    ...family("answers.office.*", "value"),
    "answers.office.contact_staff": "",
    "answers.office.contact_missing": "",
    "answers.office.complaints_title": "",
    "answers.office.staff": "name",
    "answers.procedure.title": "name",
    "answers.procedure.line": "n step",
    "answers.referral.text": "name office agency",
    "answers.referral.where": "where",
    "answers.requirements.title": "name",
    "answers.requirements.intro": "kinds",
    ...family("answers.requirements.**", "n name kinds"),
    "answers.requirements.note": "note",
    "answers.requirements.asked_required": "doc name note",
    "answers.requirements.asked_conditional": "doc name note",
    "answers.requirements.asked_optional": "doc name note",
    "answers.requirements.lacking": "",
    "answers.requirements.lacking_elsewhere": "doc agency where",
    "answers.foreigner": "",
    "answers.source": "office name source reviewed",
    "answers.time_range": "open close",
    "answers.unknown_permit": "",
    "answers.validity.title": "name",
    "answers.validity.renewal_unknown": "",
    ...family("answers.shared.*", "names"),
    "answers.where.title": "name",
    "answers.where.channel": "channel",
    "answers.where.url": "url",
    "answers.where.loket_can_apply": "",
    "answers.where.loket_guides": "",
    "answers.issued.title": "name",
    "answers.issued.unknown": "",
    "answers.issued.told_here": "",
    "answers.where_overview.title": "",
    "answers.where_overview.line": "channel names",
  }),
  // The engine's own words around the flows (src/engine/engine.ts, src/engine/refusals.ts).
  ...said({}, {
    "choice.stale": "",
    "confirm.changed": "label",
    "confirm.changed_to": "label value",
    "confirm.doc_missing": "",
    "confirm.doc_needed": "name",
    "confirm.doc_ok": "",
    "confirm.edit": "",
    "confirm.empty": "",
    "confirm.hint": "",
    "confirm.pick": "",
    "confirm.yes": "",
    "consent.via_model": "model_host",
    "consent.via_model_local": "",
    "consent.via_telegram_group": "",
    "delete.kept": "numbers",
    "digression.resume": "",
    // {example}: a date the question takes, for the date question (src/engine/engine.ts dateExample).
    ...family("form.ask.*", "label example"),
    "field.phone.this_number": "phone",
    "field.phone.first": "phone",
    "form.ask_first": "",
    // "ok, lanjut tanya yg lain ya" after an answer: another question invited (engine.ts route).
    "ask.invite": "",
    "form.dont_know": "label hint",
    "form.doc_question": "doc note label skip",
    // A question about a permit's form question (engine.ts fieldHelp): the field's about:/hint:.
    "form.field_about": "label help",
    "form.other_term": "term label",
    ...family("topic.*", "address facilities office"),
    "topic.facilities_missing": "",
    "form.field_approximate": "label hint",
    "form.field_not_yet": "label about",
    // "belum ada sertifikat tanah" at a free-text question about something else: nothing lost, documents come after.
    "form.paper_not_yet": "",
    "form.whose_data": "",
    "form.field_where": "label help",
    // "alamat yg mana? ktp atau domisili?" at the applicant's address.
    "form.which_address": "label later",
    "form.which_address_later": "label",
    "form.address_added": "label value",
    "form.greeted": "",
    // The survey (src/engine/engine.ts): a greeting at a rating question, an emoji reaction on one that is no score.
    "skm.greeted": "",
    "skm.reaction_unclear": "",
    // Several scores in one message ("4 4 3 3"), not as many as the rating questions left.
    "skm.several": "given left",
    "skm.between": "low low_label high high_label",
    "form.later": "",
    "form.optional_hint": "",
    "form.or_skip": "",
    "form.prefilled": "fields",
    "form.progress": "i n",
    "form.repeated": "",
    "form.skip": "",
    "form.thanked": "",
    "handoff.expected_wait": "minutes",
    "handoff.files_again": "",
    "handoff.next_working_day": "",
    "handoff.queued_closed": "position next_opening",
    // The next opening when it is tomorrow, in handoff.queued_closed's {next_opening} (src/engine/engine.ts, open_case).
    "handoff.tomorrow": "when",
    "handoff.queued_open": "position",
    "handoff.resumed": "",
    "handoff.unanswered": "",
    "handoff.unanswered_answered": "",
    "language.switched": "",
    "permit.is_it": "name",
    "repair.cancelled": "",
    // "lanjutkan yang tadi" after an application's answers were deleted.
    "repair.dropped": "name other",
    "repair.cannot_back": "",
    "repair.help": "",
    "repair.restarted": "",
    "state.flow_changed": "",
    "state.permit_gone": "",
    "state.permit_moved": "permit_label channel url",
    "state.restarted": "",
    "status.elsewhere": "channel",
    ...family("status.label.*", ""),
    // "done" after "rejected": the file is closed, the permit was not granted.
    "status.label.done_rejected": "",
    ...family("status.next.*", "permit_duration"),
    "status.later": "",
    "status.locked": "",
    "status.note": "note",
    "status.one_at_a_time": "number others",
    "status.own_number": "number",
    // A conversation's own applications to pick from (src/engine/engine.ts, ownPicks).
    "status.pick_own": "",
    "status.pick_own_item": "number number_tail permit_label status_label sent_day",
    // The day an application was sent, on its pick button and in the list of a lost number (ownPicks, ownList).
    "status.sent_day": "day month",
    // "nomor pendaftaran saya hilang" in a conversation that filed several: each of its applications, one line each.
    "status.own_list": "items",
    "status.own_list_item": "number permit_label sent_day status_label",
    "status.resubmitted": "date",
    "status.expected": "weekday date",
    // The processing time asked before the application is found: said once it is (src/engine/engine.ts, check_status).
    "status.duration_after_check": "",
    "status.duration": "permit_label permit_duration",
    // Right after a status answer, a question about that application (src/engine/engine.ts, statusFollowUp).
    "status.follow.missing_none": "number status_label",
    "status.follow.missing": "number note next",
    "status.follow.missing_no_note": "number next",
    "status.follow.why_rejected": "number note",
    "status.follow.why_rejected_no_note": "number",
    "status.follow.not_rejected": "number status_label",
    "status.follow.next": "number status_label next",
    "status.follow.when": "number permit_label permit_duration status_label expected",
    "status.follow.send_documents": "",
    "status.own.send_more": "",
    "status.own.late": "",
    "status.own.issued": "issued",
    "status.own.visit": "number",
    "apply.again": "number permit_name",
    "staff_only.own_application": "number",
    "status.follow.done": "",
    "status.follow.done_rejected": "",
    "status.overdue": "weekday date",
    "location.not_asked": "",
    "location.taken": "label value",
    "contact_card.taken": "label value",
    "leave.both": "current other",
    "leave.both_oss": "current other permit_url",
    "leave.switch": "current other",
    "apply.also_next": "name other",
    "unsupported": "kind",
    "unsupported_kind.other": "",
    "upload.ask": "i n name kinds note mb",
    "upload.at_summary": "",
    "upload.bad_type": "kinds",
    "upload.empty": "",
    "upload.heic": "",
    "upload.later": "",
    "upload.not_at_hand": "name",
    // "lewati" again at a required document: what the citizen can do instead.
    "upload.required_again": "name",
    "form.required_again": "label",
    "upload.not_now": "",
    "upload.not_yet": "",
    "upload.send_replacement": "name",
    "upload.replaced": "name",
    "upload.optional_hint": "",
    "upload.question": "",
    "upload.correction_asked": "number documents",
    "upload.received": "name",
    "upload.quoted_received": "name",
    "upload.quoted_replaced": "name",
    "upload.same_file": "other",
    // The file just taken for the document before sent again (src/engine/engine.ts, handleFile); the hint on channels with captions.
    "upload.already_received": "name",
    "upload.already_received_also": "next",
    "upload.caption_other": "named filed",
    "upload.quoted_earlier": "filed",
    "upload.skip": "",
    "upload.too_big": "mb",
    "upload.too_big_size": "mb size size_en",
    "upload.album_rest": "name",
    "upload.word": "kinds",
    "upload.archive": "kinds",
    "upload.copies_question": "",
    "upload.no_application": "",
    "upload.link": "",
    "upload.still_needed": "documents",
    "upload.still_needed_optional": "documents",
    // A file at the summary whose words name no document: which one (src/engine/engine.ts, fileAtSummary).
    "upload.which_document": "documents",
  }),
  // A wrong answer, said with the conversation's values (the engine's `failure()`).
  ...said({ conversation: true }, {
    "confirm.bad_pick": "n",
    "confirm.unclear": "n",
    "consent.data_first": "",
    "field.choice.unknown": "",
    "field.text.digits": "label skip",
    "field.text.letters": "label",
    "field.nik.help": "label",
    "field.nik.kk": "label",
    "field.nik.count": "label count",
    "field.phone.unseen": "label",
    "form.need_answer": "label",
    "form.question": "label skip",
    "form.required": "label",
    "permit.unknown": "",
    "permit.which_of": "",
    "permit.which_of_more": "",
    // No number to give at the status check (said with sayKey, the conversation's values).
    "status.no_number": "",
    "status.no_phone": "",
    // A NIK given at the last-four question: not a key to the status.
    "status.nik_not_key": "",
    // A number with another office's prefix, before the phone's digits are asked ({number}: the slot, as typed).
    "status.other_prefix": "",
    // A processing time asked while the check waits for its number or digits: the check goes on.
    "status.still_needed.registration_number": "",
    "status.still_needed.phone_last4": "",
    "upload.need_file": "",
    "upload.required": "name",
    "upload.photo_not_pdf": "name",
    "upload.pdf_not_photo": "name kinds",
  }),
  // An answer's check failed (src/domain/fields.ts). A flow's ask step passes {min} {max}.
  ...said({ conversation: true }, {
    // {example} {example_words}: a date the question takes (src/engine/engine.ts dateExamples).
    "field.date.format": "min max example example_words",
    "field.date.invalid": "min max",
    "field.email.format": "min max",
    "field.email.typo": "min max",
    "field.nik.date": "min max",
    "field.nik.digits": "min max",
    "field.nik.length": "min max",
    "field.nik.province": "min max",
    "field.nik.serial": "min max",
    "field.number.format": "min max",
    "field.number.max": "min max",
    "field.number.min": "min max",
    "field.phone.format": "min max",
    "field.phone.length": "min max",
    "field.phone.mobile": "min max",
    "field.text.long": "min max",
    "field.text.pattern": "min max",
    "field.text.short": "min max",
    "field.text.unreadable": "min max",
  }),
  // Checks only a form question makes (its label known): {label} too.
  ...said({ conversation: true }, {
    "field.date.future": "min max label",
    "field.date.past": "min max label",
    "field.date.too_early": "min max label",
    "field.date.too_late": "min max label",
    "field.number.area": "min max label",
    "field.number.unit": "min max label",
  }),
  // What the citizen reads when staff act (src/staff/ops.ts), in the citizen's language.
  ...said({}, {
    "staff.closed": "",
    "staff.closed_unserved": "",
    "staff.privacy_done": "",
    "staff.reply": "name text",
    "staff.requeued_unavailable": "",
    "staff.returned": "",
    ...family("staff.status.*", "number permit_name"),
    "staff.status.done_rejected": "number permit_name",
    "staff.status_documents": "documents",
    "staff.status_note": "note",
    ...family("staff.status_reply.*", ""),
    "staff.taken": "name",
  }),
  // The web chat page's own words (src/channels/web/page-texts.ts), each language's put in the page;
  // the page fills the placeholders it is given as themselves.
  ...said({}, {
    "webpage.who_bot": "",
    "webpage.who_me": "",
    "webpage.who_notice": "",
    "webpage.who_staff": "",
    "webpage.conversation": "",
    "webpage.message_box": "",
    "webpage.send": "",
    "webpage.attach": "",
    "webpage.end": "",
    "webpage.end_title": "",
    "webpage.type_message": "",
    "webpage.type_answer": "",
    "webpage.file_hint": "",
    "webpage.document": "",
    "webpage.cancel_upload": "",
    "webpage.sending": "",
    "webpage.sent": "",
    "webpage.uploading": "percent",
    "webpage.text_after": "",
    "webpage.docs_after": "names",
    "webpage.document_sent": "",
    "webpage.upload_cancelled": "",
    "webpage.upload_too_late": "",
    "webpage.upload_offline": "",
    "webpage.upload_stalled": "",
    "webpage.upload_failed": "",
    "webpage.send_again": "name",
    "webpage.reconnected": "button",
    "webpage.offline": "",
    "webpage.retrying": "",
    "webpage.cannot_connect": "",
    "webpage.too_many": "",
    "webpage.too_long": "",
    "webpage.send_failed": "",
    "webpage.resumed": "",
    "webpage.resumed_empty": "",
    "webpage.not_sent": "names",
    "webpage.choice_after": "label",
    "webpage.choice_stale": "label",
    "webpage.one_at_a_time": "",
    "webpage.end_confirm": "",
    "webpage.end_yes": "",
    "webpage.end_no": "",
    "webpage.ended": "",
    "webpage.refused_heic": "name",
    "webpage.refused_empty": "name",
    "webpage.refused_type": "name",
    "webpage.refused_size": "name size max",
    "webpage.subtitle": "",
    "webpage.title": "",
    "webpage.noscript": "",
    "webpage.paste_split": "",
    "webpage.end_after": "",
  }),
  // Said in the conversation's language: the runtime's notices (src/runtime/runtime.ts), WhatsApp's
  // hint under choices (src/channels/whatsapp/format.ts), the channels' own notices.
  ...said({}, {
    // Said before the conversation is read, in the language it was last seen in (src/runtime/runtime.ts).
    "internal_error": "",
    "message_too_long": "max",
    "rate_limited": "",
    "service_unavailable": "",
    "handoff.delete_later": "",
    "handoff.delete_later_cancelled": "",
    "handoff.left_queue": "",
    "handoff.still_waiting": "position",
    "handoff.still_waiting_closed": "position next_opening",
    "handoff.still_with_staff": "",
    "upload.album_page": "",
    "whatsapp.choice_hint": "",
    "whatsapp.scale_hint": "",
    // A channel's own notices outside a turn (runtime.channelNotice, src/channels/).
    "telegram.edited": "",
    "telegram.file_failed": "",
    // A Telegram update taken long ago, sent again, whose answer is no longer kept (src/runtime/runtime.ts lateAnswer).
    "telegram.received_earlier": "",
    // Telegram's command menu, registered once per language (src/channels/telegram/start.ts).
    ...family("telegram.commands.*", ""),
    "whatsapp.call": "",
    "whatsapp.edited": "",
    "whatsapp.media_unavailable": "",
    "whatsapp.media_slow": "",
    "whatsapp.revoked": "",
    "whatsapp.view_once": "",
  }),
  // Said by the channels in Indonesian (src/channels/).
  ...said({ indonesian: true }, {
    // Before a conversation exists (src/channels/web/routes.ts): no language known yet.
    "web.too_many_conversations": "",
    "web.too_many_uploads": "",
    "whatsapp.qr_help": "",
    "whatsapp.qr_title": "",
  }),
  // What staff read (src/staff/telegram-group.ts, the console's transcript), in Indonesian.
  ...said({ indonesian: true }, {
    "staff_notice.anonymous": "",
    "staff_notice.citizen_said": "text",
    "staff_notice.last_words": "text",
    // What the citizen needs (src/staff/need.ts), with what was asked of the permit in the menu's words.
    "staff_notice.need": "text",
    "staff_notice.need_form_at": "field",
    "staff_notice.need_form": "",
    "staff_notice.need_number": "number",
    "aspect.requirements": "",
    "aspect.fee": "",
    "aspect.duration": "",
    "aspect.procedure": "",
    "aspect.where": "",
    "aspect.validity": "",
    "aspect.legal": "",
    "staff_notice.replay_earlier": "count",
    "staff_notice.citizen_document": "",
    "staff_notice.closed": "by",
    "staff_notice.closed_already": "",
    "staff_notice.closed_not_sent": "",
    "staff_notice.returned_already": "",
    "staff_notice.returned_not_sent": "",
    "staff_notice.command.ambil": "",
    "staff_notice.command.kembalikan": "",
    "staff_notice.command.selesai": "",
    "staff_notice.bot_said": "text",
    "staff_notice.command.status": "",
    "staff_notice.command.pdp_selesai": "",
    "staff_notice.command.catatan": "",
    "staff_notice.command.antrean": "",
    "staff_notice.queue_title": "time waiting held",
    "staff_notice.queue_empty": "time",
    "staff_notice.queue_waiting": "position topic minutes link",
    "staff_notice.queue_held": "topic by link",
    "staff_notice.queue_no_topic": "",
    "staff_notice.queue_more": "count",
    "staff_notice.note": "by text",
    "staff_notice.note_saved": "by",
    "staff_notice.note_usage": "",
    "staff_notice.note_too_long": "max",
    "staff_notice.commands": "",
    "staff_notice.delete_requested": "",
    "staff_notice.web_opened": "",
    "staff_notice.disabled": "username",
    "staff_notice.edit_not_sent": "",
    "staff_notice.held_by_other": "by",
    "staff_notice.left_queue": "",
    "staff_notice.requeued_unavailable": "name",
    "staff_notice.not_done": "",
    "staff_notice.not_held": "",
    "staff_notice.not_linked": "id",
    "staff_notice.outside_topic": "",
    "staff_notice.privacy_already_done": "time by",
    "staff_notice.privacy_done": "time by",
    "staff_notice.privacy_due": "kind due",
    "staff_notice.privacy_kind.request": "",
    "staff_notice.privacy_kind.withdraw_consent": "",
    "staff_notice.privacy_not_privacy": "",
    "staff_notice.privacy_overdue": "kind due",
    "staff_notice.privacy_reminder": "kind due hours",
    "staff_notice.privacy_reminder_general": "topic opened kind due hours",
    "staff_notice.privacy_reminder_no_topic": "topic opened kind due hours",
    "staff_notice.privacy_done_general": "topic opened time by",
    "staff_notice.closed_general": "topic opened by",
    "staff_notice.returned_general": "topic opened by",
    "staff_notice.notice_general": "topic opened notice",
    "staff_notice.privacy_due_general": "topic opened kind due",
    "staff_notice.privacy_overdue_general": "topic opened kind due",
    ...family("staff_notice.reason.*", ""),
    "staff_notice.reason_kind": "reason kind",
    ...family("staff_notice.staff_only.*", ""),
    "staff_notice.reply_too_long": "",
    "staff_notice.status_unknown": "word",
    "staff_notice.status_did_you_mean": "word suggestion example",
    "staff_notice.status_bad_number": "word",
    "staff_notice.requeued": "name minutes",
    "staff_notice.requeued_closed": "name minutes",
    "staff_notice.returned": "by",
    "staff_notice.staff_said": "by text",
    "staff_notice.status_changed": "number status_label",
    "staff_notice.status_changed_unreached": "number status_label",
    "staff_notice.status_conflict": "number status_label allowed",
    "staff_notice.status_stale": "number status_label by time",
    "staff_notice.status_no_number": "",
    "staff_notice.status_note_required": "number status_label word",
    "staff_notice.status_not_found": "number status_label allowed",
    "staff_notice.status_usage": "",
    "staff_notice.status_documents_asked": "documents",
    "staff_notice.status_documents_unknown": "documents number permit valid example",
    "staff_notice.status_documents_correction_only": "example",
    "staff_notice.status_documents_empty": "number",
    "staff_notice.taken": "by",
    "staff_notice.text_only": "",
    "staff_notice.undelivered": "channel",
    ...family("staff_notice.language.*", ""),
    "staff_notice.topic_summary": "reason channel permit application position",
    "staff_notice.topic_title": "reason channel time",
  }),
};
