import type { ConversationState } from "../domain/conversation.js";
import { DocumentRef } from "../domain/message.js";
import { CHOICE_LINE_PREFIX, privacyRequestOf, type Application, type ConsentRecord, type HandoffCase, type PrivacyRequest, type TranscriptEntry } from "../domain/records.js";
import { applicationsOf } from "../runtime/applications.js";
import { isErasedConversation } from "../runtime/documents.js";
import type { Store } from "../store/port.js";
import type { Messages } from "../text/messages.js";
import { applicationVersion, STATUS_TRANSITIONS } from "./applications.js";

/**
 * What the console shows of a case: the case, its transcript, the applications of that
 * conversation, and, when the handoff interrupted a form, the answers given so far. Documents
 * appear with the console URL that downloads them (staff sessions only).
 */

/** A form the citizen was filling in when the handoff happened (top frame of the engine's stack). */
export interface FormSnapshot {
  flow: string;
  step: string;
  answers: Record<string, string>;
  documents: Record<string, DocumentRef>;
}

export interface DocumentLink extends DocumentRef {
  url: string;
}

/** A "privacy" case's request as staff see it: due 72 hours after it was made, `overdue` once past that and not done. */
export type PrivacyView = PrivacyRequest & { overdue: boolean };

export function privacyView(c: HandoffCase, now: Date): PrivacyView | undefined {
  const r = privacyRequestOf(c);
  return r ? { ...r, overdue: !r.doneAt && now.getTime() > Date.parse(r.dueAt) } : undefined;
}

/**
 * A case as the staff API lists it: with its personal-data request's due time, when it carries one,
 * and `label`, why it was opened as staff read it (`caseLabel`), so the console writes no label of its own.
 */
export type CaseRow = Omit<HandoffCase, "privacy" | "notes"> & { privacy?: PrivacyView; label?: string };

export const caseRow = (c: HandoffCase, now: Date, label?: CaseLabel): CaseRow => {
  // Notes are read in the case (`CaseDetail.notes`), not carried by every row of a list.
  const { privacy: _stored, notes: _notes, ...rest } = c;
  const privacy = privacyView(c, now);
  const row: CaseRow = privacy ? { ...rest, privacy } : rest;
  if (label) row.label = label(c);
  return row;
};

/** How much of the citizen's last words a queue row carries: enough to tell cases apart, not the conversation. */
export const LAST_WORDS_MAX_CHARS = 160;

/**
 * The citizen's last line with text in a transcript (a document alone is not one, nor a button
 * tapped: "[pilihan] Ya, hubungkan ke petugas" says nothing of what they need), or undefined:
 * the line `lastCitizenWords` cuts, with its time (the Telegram group masks numbers in what was
 * written to the bot before the case).
 */
export function lastCitizenLine(transcript: readonly TranscriptEntry[]): TranscriptEntry | undefined {
  for (let i = transcript.length - 1; i >= 0; i--) {
    const e = transcript[i]!;
    if (e.from === "citizen" && !e.document && e.text.trim() && !e.text.startsWith(CHOICE_LINE_PREFIX)) return e;
  }
  return undefined;
}

/** A citizen's words as the queue shows them: whitespace folded, cut at `max` (`LAST_WORDS_MAX_CHARS`) with "…". */
export function shortWords(text: string, max: number = LAST_WORDS_MAX_CHARS): string {
  const folded = text.replace(/\s+/g, " ").trim();
  return folded.length > max ? `${folded.slice(0, max - 1).trimEnd()}…` : folded;
}

/**
 * Runs of 6 or more digits (a NIK, a phone number) and e-mail addresses, masked: "3317••••••••0002".
 * What the group's topic replays of what was written to the bot, and the queue's "Perlu: …" line.
 */
export function masked(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, "[e-mail]")
    .replace(/\+?\d[\d .-]{4,}\d/g, (m) => {
      const digits = m.replace(/\D/g, "");
      return digits.length < 6 ? m : `${digits.slice(0, 2)}${"•".repeat(digits.length - 4)}${digits.slice(-2)}`;
    });
}

/**
 * What the citizen last wrote in a conversation (its last text of theirs, cut at
 * `LAST_WORDS_MAX_CHARS` with "…"), for the queue: staff choosing the next case read what each
 * citizen asked without opening it. Undefined when they wrote nothing yet (a document only).
 */
export function lastCitizenWords(transcript: readonly TranscriptEntry[]): string | undefined {
  const line = lastCitizenLine(transcript);
  return line && shortWords(line.text);
}

/** How many of a transcript's newest entries each look for the citizen's last words reads: few first (usually enough), then more. */
const LAST_WORDS_READS = [16, 256, Number.MAX_SAFE_INTEGER] as const;

/**
 * `lastCitizenWords` of a stored conversation, read from the end of its transcript
 * (`Store.transcriptTail`): the staff queue asks it for every open case at every refresh, so a long
 * conversation costs a few lines, not all of them. Only when the newest entries hold no citizen text
 * (staff wrote many replies since) are more read.
 */
export async function lastCitizenWordsOf(store: Pick<Store, "transcriptTail">, conversationId: string): Promise<string | undefined> {
  for (const count of LAST_WORDS_READS) {
    const tail = await store.transcriptTail(conversationId, count);
    const said = lastCitizenWords(tail);
    if (said !== undefined || tail.length < count) return said;
  }
  return undefined;
}

/** Why a case was opened as staff read it; see `caseLabel`. */
export type CaseLabel = (c: HandoffCase) => string;

/**
 * Why a case was opened, with which staff-only request it is ("Hanya bisa diurus petugas:
 * Pengembalian biaya"), from messages/<lang>/staff.yaml (`staff_notice.reason.*`,
 * `staff_notice.reason_kind`, `staff_notice.staff_only.*`): the one place a clerk edits them, read by
 * the Telegram topic and the console alike. No personal data.
 */
export function caseLabel(messages: Pick<Messages, "t">): CaseLabel {
  return (c) => {
    const reason = messages.t(`staff_notice.reason.${c.reason}`);
    return c.reason === "staff_only" && c.staffOnly ? messages.t("staff_notice.reason_kind", { reason, kind: messages.t(`staff_notice.staff_only.${c.staffOnly}`) }) : reason;
  };
}

/** An application as staff read it: `consent` null when none was recorded (submitted before 2026-12-01). */
export type ApplicationView = Omit<Application, "consent"> & {
  consent: ConsentRecord | null;
  version: number;
  next: readonly string[];
  documentLinks: Record<string, DocumentLink>;
};

export interface CaseDetail {
  case: CaseRow;
  position?: number;
  transcript: (TranscriptEntry & { documentUrl?: string })[];
  /** `version`: what a status change sends back, so a change from a stale screen is refused (ops.ts). */
  applications: ApplicationView[];
  form?: FormSnapshot;
  /** The citizen's language when it is not Indonesian (`en`): staff then reply in it. */
  language?: string;
  /**
   * The conversation was erased (the citizen's request under UU PDP, or its retention ran out): the
   * case stays as the office's record, with no transcript and no way back to the citizen.
   */
  erased?: boolean;
  /** Staff's internal notes on the case, oldest first (never shown to the citizen). */
  notes: { by: string; at: string; text: string }[];
  /** The same citizen's earlier cases (the conversation's), newest first: who served them, when. */
  earlierCases?: { id: string; status: HandoffCase["status"]; openedAt: string; updatedAt: string; heldBy?: string; label?: string }[];
}

const TRANSCRIPT_LIMIT = 300;

/**
 * Reads the top frame's slots: strings and numbers are answers, DocumentRef-shaped values are
 * uploads; one level of nesting (e.g. `fields: {...}`) is looked into. The engine owns the slot
 * layout, so this only reads what looks like data and ignores the rest.
 */
/** Flows that hold no citizen's answers: the snapshot looks beneath them (a form under a handoff). */
const NOT_FORMS = new Set(["menu", "handoff", "offer_human", "leave_form"]);

export function formSnapshot(state: ConversationState | null): FormSnapshot | undefined {
  const frame = [...(state?.engine.stack ?? [])].reverse().find((f) => !NOT_FORMS.has(f.flow));
  if (!frame) return undefined;
  const answers: Record<string, string> = {};
  const documents: Record<string, DocumentRef> = {};
  const visit = (key: string, v: unknown, depth: number): void => {
    if (key.startsWith("_")) return; // the engine's own bookkeeping (position, initial slots, intent)
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") answers[key] = String(v);
    else if (v && typeof v === "object" && !Array.isArray(v)) {
      const doc = DocumentRef.safeParse(v);
      if (doc.success) documents[key] = doc.data;
      else if (depth === 0) for (const [k, child] of Object.entries(v)) visit(k, child, 1);
    }
  };
  for (const [k, v] of Object.entries(frame.slots)) visit(k, v, 0);
  if (!Object.keys(answers).length && !Object.keys(documents).length) return undefined;
  return { flow: frame.flow, step: frame.step, answers, documents };
}

export function applicationView(app: Application, base: string): ApplicationView {
  const documentLinks: Record<string, DocumentLink> = {};
  for (const [id, d] of Object.entries(app.documents)) {
    documentLinks[id] = { ...d, url: `${base}/applications/${encodeURIComponent(app.number)}/documents/${encodeURIComponent(id)}` };
  }
  return { ...app, consent: app.consent ?? null, version: applicationVersion(app), next: STATUS_TRANSITIONS[app.status], documentLinks };
}

/** `base` is the API root, e.g. `/staff/api`. */
export async function caseDetail(store: Store, c: HandoffCase, position: number | undefined, base: string, now: Date = new Date(), label?: CaseLabel): Promise<CaseDetail> {
  const [transcript, state, own, named] = await Promise.all([
    store.transcript(c.conversationId),
    store.peekState(c.conversationId),
    applicationsOf(store, c.conversationId),
    c.applicationNumber ? store.get<Application>("applications", c.applicationNumber) : null,
  ]);
  const mine = [...own, ...(named && !own.some((a) => a.number === named.number) ? [named] : [])]
    .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1));
  const caseBase = `${base}/cases/${encodeURIComponent(c.id)}/documents/`;
  const detail: CaseDetail = {
    case: caseRow(c, now, label),
    transcript: transcript.slice(-TRANSCRIPT_LIMIT).map((e) => (e.document ? { ...e, documentUrl: caseBase + e.document.sha256 } : e)),
    applications: mine.map((a) => applicationView(a, base)),
    notes: c.notes ?? [],
  };
  if (position !== undefined) detail.position = position;
  // Only while the case is open: afterwards the state belongs to whatever the citizen does next.
  const form = c.status === "waiting" || c.status === "held" ? formSnapshot(state) : undefined;
  if (form) detail.form = form;
  if (state?.lang && state.lang !== "id") detail.language = state.lang;
  if (isErasedConversation(c.conversationId)) detail.erased = true;
  return detail;
}

/**
 * The documents staff may download from a case: uploads in its transcript (the runtime records
 * every accepted upload there, form uploads included) and in its conversation's applications.
 */
export async function caseDocument(store: Store, c: HandoffCase, sha256: string): Promise<DocumentRef | null> {
  const fromTranscript = (await store.transcript(c.conversationId)).find((e) => e.document?.sha256 === sha256)?.document;
  if (fromTranscript) return fromTranscript;
  for (const a of await applicationsOf(store, c.conversationId)) {
    const d = Object.values(a.documents).find((x) => x.sha256 === sha256);
    if (d) return d;
  }
  return null;
}
