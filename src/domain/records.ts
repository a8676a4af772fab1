import { z } from "zod";
import { ChannelName, Choice, DocumentRef, ExpectKind } from "./message.js";

/** Application lifecycle, in the order an office moves through it. */
export const ApplicationStatus = z.enum([
  "received",
  "verified",
  "needs_correction",
  "approved",
  "rejected",
  "done",
]);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export const StatusChange = z.object({
  status: ApplicationStatus,
  at: z.string(),
  by: z.string(),
  note: z.string().optional(),
  /** For `needs_correction`: the requirement ids staff asked to be sent again. */
  documents: z.array(z.string()).optional(),
});
export type StatusChange = z.infer<typeof StatusChange>;

/**
 * The citizen's consent to the application's personal data being processed (UU 27/2022 Pasal 22:
 * consent is recorded): when it was given, on which channel, and which consent text was shown
 * (`text`: the first 12 hex digits of the sha256 of the exact text sent, so an edited text gives
 * another value). Applications submitted before 2026-12-01 have none: "not recorded".
 */
export const ConsentRecord = z.object({
  at: z.string(),
  channel: ChannelName,
  text: z.string(),
  /** The language the text was shown in (`id`, `en`). */
  lang: z.string().optional(),
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

/** A submitted application. Never expires. */
export const Application = z.object({
  number: z.string(),
  permit: z.string(),
  conversationId: z.string(),
  channel: ChannelName,
  fields: z.record(z.string(), z.string()),
  /** Document requirement id -> stored document. */
  documents: z.record(z.string(), DocumentRef),
  /** Last four digits of the applicant's phone, for status checks. */
  phoneLast4: z.string().regex(/^\d{4}$/),
  status: ApplicationStatus,
  history: z.array(StatusChange),
  submittedAt: z.string(),
  updatedAt: z.string(),
  /** The consent given before the applicant's data was asked; absent: not recorded (older applications). */
  consent: ConsentRecord.optional(),
  /** When the citizen withdrew their consent (flows/privacy.yaml), and the privacy case that carries the request. */
  consentWithdrawn: z.object({ at: z.string(), caseId: z.string().optional() }).optional(),
});
export type Application = z.infer<typeof Application>;

export const HandoffReason = z.enum([
  "citizen_asked",
  "repeated_failure",
  "flow",
  "complaint",
  "low_confidence",
  /** The citizen's rights over their personal data (UU 27/2022): a copy, a correction, consent withdrawn, processing stopped. */
  "privacy",
  /** A request only staff can carry out (flows/staff_only.yaml: a refund, a change to an application sent, an urgent date), accepted by the citizen. */
  "staff_only",
]);
export type HandoffReason = z.infer<typeof HandoffReason>;

/**
 * Which request only staff can carry out a "staff_only" case is about (flows/staff_only.yaml):
 * money paid back, a change to an application already sent, a date Loket cannot promise, or
 * urgency said before what it is about. Shown to staff beside the reason.
 */
export const StaffOnlyKind = z.enum(["refund", "change", "urgent", "pressing", "withdraw", "reissue", "built"]);
export type StaffOnlyKind = z.infer<typeof StaffOnlyKind>;

/** What a citizen asked of their personal data on a "privacy" case, when Loket knows it. */
export const PrivacyRequestKind = z.enum(["withdraw_consent"]);
export type PrivacyRequestKind = z.infer<typeof PrivacyRequestKind>;

/**
 * A request under UU 27/2022 carried by a "privacy" case: due 3×24 hours after it was made
 * (withdrawal of consent and restriction must be acted on by then; the office answers a copy, a
 * correction or a deletion in the same time), and done when staff mark it so.
 */
export const PrivacyRequest = z.object({
  dueAt: z.string(),
  kind: PrivacyRequestKind.optional(),
  doneAt: z.string().optional(),
  doneBy: z.string().optional(),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

/** 3×24 hours (UU 27/2022: withdrawal of consent, restriction of processing). */
export const PRIVACY_DUE_MS = 72 * 3_600_000;

/**
 * A privacy case's request: the one stored with it, or for a case opened before requests were
 * (2026-12-01) one due 72 hours after it was opened. Undefined for other cases.
 */
export function privacyRequestOf(c: Pick<HandoffCase, "reason" | "openedAt" | "privacy">): PrivacyRequest | undefined {
  if (c.reason !== "privacy") return undefined;
  return c.privacy ?? { dueAt: new Date(Date.parse(c.openedAt) + PRIVACY_DUE_MS).toISOString() };
}

export const CaseStatus = z.enum(["waiting", "held", "returned", "closed"]);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** A handoff to a person. Never expires. */
export const HandoffCase = z.object({
  id: z.string(),
  conversationId: z.string(),
  channel: ChannelName,
  reason: HandoffReason,
  /** A "staff_only" case: which request (absent for cases opened before 2026-12-01 and other reasons). */
  staffOnly: StaffOnlyKind.optional(),
  note: z.string().optional(),
  permit: z.string().optional(),
  applicationNumber: z.string().optional(),
  status: CaseStatus,
  heldBy: z.string().optional(),
  openedAt: z.string(),
  updatedAt: z.string(),
  /** When the holder last replied; used to put silent held cases back in the queue. */
  lastStaffReplyAt: z.string().optional(),
  /** When staff first replied to the citizen: openedAt -> firstStaffReplyAt is the wait the office's report counts. */
  firstStaffReplyAt: z.string().optional(),
  /**
   * Staff's internal notes on the case (`POST /staff/api/cases/:id/notes`): read by the next officer
   * and the supervisor, never sent to the citizen. Dropped when the citizen's conversation is erased.
   */
  notes: z.array(z.object({ by: z.string(), at: z.string(), text: z.string() })).optional(),
  /**
   * Who held the case before it went back to the queue by itself (silent past HANDOFF_IDLE_MINUTES,
   * as when its holder went home at closing time, or their account disabled): the queue shows it the
   * next morning. Cleared when someone takes the case.
   */
  lastHeldBy: z.string().optional(),
  /** When the current holder took the case (idle clock starts here). */
  takenAt: z.string().optional(),
  /**
   * The staff member the citizen was last told serves them ("Petugas Budi sekarang melayani"); kept
   * when a silent case goes back to the queue (the citizen is not told), so the same member taking
   * it again does not announce themselves twice.
   */
  announcedHolder: z.string().optional(),
  /** When staff first took the case; openedAt -> firstTakenAt is the wait the queue estimate learns from. */
  firstTakenAt: z.string().optional(),
  /** The case's topic in the Telegram staff group (TELEGRAM_STAFF_CHAT_ID), when one was opened. */
  staffThreadId: z.number().int().optional(),
  /**
   * The case's events (their `seq`, PublishedStaffEvent) up to this one came before its topic's
   * opening was posted: what of them the topic shows is in that opening (its replay), so they are
   * not posted again. Written with `staffThreadId`.
   */
  staffTopicSeq: z.number().int().optional(),
  /** Its number in the order cases were opened (a store sequence): places cases opened at the same moment. */
  ticket: z.number().int().optional(),
  /** For a "privacy" case: the request's due time and, once staff marked it done, who and when (`privacyRequestOf`). */
  privacy: PrivacyRequest.optional(),
});
export type HandoffCase = z.infer<typeof HandoffCase>;

/**
 * How a citizen's tap on a button starts its transcript line ("[pilihan] Ya, hubungkan ke
 * petugas"): staff read the label; what the citizen last *wrote* (the queue, a new topic) skips it.
 */
export const CHOICE_LINE_PREFIX = "[pilihan] ";

/** One line of a conversation's transcript. Never expires (until retention/deletion). */
export const TranscriptEntry = z.object({
  at: z.string(),
  from: z.enum(["citizen", "bot", "staff", "system"]),
  text: z.string(),
  /** Staff username for `from: "staff"`. */
  by: z.string().optional(),
  document: DocumentRef.optional(),
  /** A note for staff that the citizen was not sent (a case back in the queue): not in the citizen's history. */
  internal: z.boolean().optional(),
  /** A bot question's buttons and expected input, as sent: a web page opened again shows a pending question with them. */
  choices: z.array(Choice).optional(),
  expects: z.object({ field: z.string(), kind: ExpectKind }).optional(),
  /** A line said in another language than Indonesian (`en`): a web page opened again marks it, so a screen reader reads it in that language. */
  lang: z.string().optional(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

/**
 * Registration number: `<PREFIX>-<YEAR>-<6-digit sequence>`, e.g. `RBG-2026-000123`.
 * The sequence comes from the store's counter and is never reused.
 */
/**
 * The documents staff asked a conversation to send again that it has not sent yet: the newest
 * entry of an application in `needs_correction` names them (a citizen's resubmission is newer).
 */
export function correctionPending(apps: readonly Application[], conversationId: string): { number: string; permit: string; documents: string[]; note?: string } | undefined {
  for (const app of apps) {
    if (app.conversationId !== conversationId || app.status !== "needs_correction") continue;
    const last = app.history[app.history.length - 1];
    const documents = last?.documents;
    if (documents?.length) return { number: app.number, permit: app.permit, documents, ...(last?.note ? { note: last.note } : {}) };
  }
  return undefined;
}

/**
 * The engine event that asks for those documents (flows/correction.yaml), or with none for the
 * corrected data: a newer request for the same application replaces an earlier one still on the
 * conversation's stack.
 */
export function correctionTrigger(p: { number: string; permit: string; documents: string[]; note?: string }): { type: "trigger"; flow: string; slots: Record<string, unknown>; replaces: Record<string, unknown> } {
  // The staff's note goes with it: "apa yg kurang?" at the document question is answered with it.
  // Data only, no document: the correction is written here and goes to staff (a change to an application sent).
  const data = !p.documents.length;
  return {
    type: "trigger",
    flow: "correction",
    slots: { number: p.number, permit: p.permit, documents: p.documents, note: p.note, kind: data ? "data" : undefined, staff_only: data ? "change" : undefined },
    replaces: { number: p.number },
  };
}

export function formatRegistrationNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, "0")}`;
}

/**
 * A number typed with the letter O for a zero ("RBG-2026-00o123", "2o26"), as a phone keyboard's
 * row of letters sits just under its digits: each O in a run of digits and O's with a digit in
 * it, read as 0. Same length as the text, so positions found in it hold in the text.
 */
export function zerosForOs(text: string): string {
  return /\d[oO]|[oO]\d/.test(text) ? text.replace(/(?<![\p{L}\p{N}])[\dOo]*\d[\dOo]*(?![\p{L}\p{N}])/gu, (run) => run.replace(/[oO]/g, "0")) : text;
}

export const REGISTRATION_NUMBER_RE = /^[A-Z]{2,8}-\d{4}-\d{6}$/;
