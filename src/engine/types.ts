import type { ConversationState } from "../domain/conversation.js";
import type { DocumentRef, Outbound } from "../domain/message.js";
import type { Place } from "../domain/place.js";
import type { ApplicationStatus, HandoffReason, PrivacyRequestKind, StaffOnlyKind } from "../domain/records.js";
import type { Understanding } from "./understand/types.js";

/** What happened, as the engine sees it. */
export type EngineEvent =
  /** A new conversation (or /start): greet and show the main menu. */
  | { type: "start" }
  | {
      type: "text";
      text: string;
      /** Understanding computed before the step (the language model's, when the rules were unsure). */
      understanding?: Understanding;
      /** A free-form answer a language model composed from the knowledge files and the checker accepted. */
      answer?: { text: string; sources: string[] };
      /** Form fields a language model found in a long message (validated again as if typed). */
      prefill?: Record<string, string>;
    }
  | { type: "choice"; id: string }
  /** An upload after the runtime checked (by bytes) and stored it. */
  /** `caption`: what the citizen wrote with the file (taken as a message when no document is asked for). */
  /**
   * `quoted`: the requirement asked for by the message the file was sent as a reply to, and the
   * application (`Frame.ref`) that question was of, when known (src/runtime/document-requests.ts).
   */
  | { type: "file"; result: { ok: true; document: DocumentRef } | { ok: false; reason: "type" | "size" | "empty"; limitBytes?: number; sizeBytes?: number; heic?: true; container?: "word" | "zip" }; caption?: string; quoted?: { doc: string; form?: string } }
  /**
   * A further file of an album whose first file was taken (the runtime does not pass the file on:
   * filed as the next documents, pages of one would be misfiled): which document the first went to,
   * how to send all its pages instead, and the question again.
   */
  | { type: "album_rest" }
  /** A place shared on a map: the answer to a form question that takes a pin, else explained. */
  | { type: "location"; place: Place }
  /** `caption`: what the citizen wrote with it (a video's caption), still taken as a message. */
  /** `phone`: a contact card's number (Inbound.contactPhone), the answer to a phone question. */
  /** `kind: "too_long"`: a text over `max` characters (MESSAGE_MAX_CHARS), its words not passed on. */
  /**
   * `reaction` (kind "reaction"): the emoji, and the survey rating question the reacted message
   * asked (its field and the survey's `Frame.ref`; src/runtime/document-requests.ts), when known.
   */
  | { type: "unsupported"; kind: string; caption?: string; phone?: string; max?: number; reaction?: { emoji: string; asked?: { field: string; form?: string } } }
  /** Staff gave the conversation back to the bot: re-ask where it was. */
  /**
   * `filesSent`: the citizen sent documents to staff meanwhile (not filed in the form).
   * `unanswered`: the citizen's last message, written after staff last replied (given back with it
   * unanswered): with no form to go on with, the bot answers it; else the citizen is told.
   */
  | { type: "resume"; filesSent?: boolean; unanswered?: string }
  /**
   * Something outside the conversation starts a flow: the SKM survey after a case is closed
   * or an application is done, a correction request from staff. The current frame is kept below it.
   * `replaces`: frames of the same flow whose slots match it go first (staff asked again for other
   * documents of the same application: the earlier request is no longer wanted).
   */
  /** `filesSent`: the citizen sent staff a document during the handoff that ends now (not filed: said so when the flow asks for documents). */
  | { type: "trigger"; flow: string; slots?: Record<string, unknown>; replaces?: Record<string, unknown>; filesSent?: boolean }
  /**
   * Something outside the conversation takes back a flow it started (a correction no longer
   * wanted: staff moved the application on): its frames whose slots match go; if the question
   * being asked was one of them, the one beneath is asked again.
   */
  | { type: "withdraw"; flow: string; slots: Record<string, unknown> }
  /** The result of the effect the previous step asked the runtime to `call`. */
  | { type: "result"; result: EffectResult };

/** Effects the runtime performs. */
export type Effect =
  | {
      type: "submit_application";
      permit: string;
      fields: Record<string, string>;
      documents: Record<string, DocumentRef>;
      /** Field id holding the phone number (its last 4 digits guard status checks). */
      phoneField: string;
      /** The consent given in this flow (an option with `consent: true`): when, and the hash of the text shown. */
      consent?: { at: string; text: string; lang?: string };
    }
  /**
   * `phoneLast4` guards a number another conversation filed; the conversation that submitted it
   * (same channel and chat, or the same web token) is answered without it.
   */
  | { type: "check_status"; number: string; phoneLast4: string }
  /**
   * The applications this conversation submitted (a status check without a number, its own
   * numbers); `number`: the one asked about, listed when this conversation submitted it.
   */
  | { type: "own_applications"; number?: string }
  | { type: "open_case"; reason: HandoffReason; staffOnly?: StaffOnlyKind; note?: string; permit?: string; applicationNumber?: string; request?: PrivacyRequestKind }
  /** SKM answers: element id (u1..u9) -> 1..4, with what was surveyed. */
  | { type: "record_survey"; answers: Record<string, number>; subject: { caseId?: string; applicationNumber?: string } }
  /** Documents re-sent after staff asked for a correction. */
  | { type: "resubmit_documents"; number: string; documents: Record<string, DocumentRef> }
  /** "hapus data saya": erase what the office need not keep. */
  | { type: "delete_my_data" };

export type EffectResult =
  | { type: "record_survey"; ok: boolean }
  | { type: "resubmit_documents"; ok: boolean }
  /** `kept`: registration numbers of submitted applications the office must keep. */
  | { type: "delete_my_data"; kept: string[] }
  | { type: "submit_application"; number: string }
  /** Newest first: what a citizen needs to pick one (never another conversation's); `submittedAt` an ISO time. */
  | { type: "own_applications"; applications: { number: string; permit: string; status: ApplicationStatus; closedRejected?: boolean; submittedAt?: string }[] }
  | {
      type: "check_status";
      found: false;
      /** Too many wrong last digits for this number lately: checks of it are paused. */
      locked?: boolean;
    }
  | {
      type: "check_status";
      found: true;
      number: string;
      permit: string;
      status: ApplicationStatus;
      note?: string;
      updatedAt: string;
      /** Still "needs correction", but the citizen has sent the corrected documents since (ISO time). */
      resubmittedAt?: string;
      /**
       * Still being processed: the expected completion day (`YYYY-MM-DD`, Asia/Jakarta), the
       * permit's working days after the submission or after staff verified it once corrected;
       * `overdue` once that day has passed.
       */
      expectedBy?: string;
      overdue?: boolean;
      /** "done" after "rejected": the file is closed, the permit was not granted. */
      closedRejected?: boolean;
      /** "needs correction" of data (staff named no document): the citizen writes it to staff. */
      dataCorrection?: boolean;
    }
  | {
      type: "open_case";
      caseId: string;
      /** 1 = next in line. */
      queuePosition: number;
      /** Is the office open now (Asia/Jakarta, holidays)? */
      officeOpen: boolean;
      /** When closed: when staff will answer, already phrased for citizens ("Senin, 08.00 WIB"). */
      nextOpening?: string;
      /** The next opening is tomorrow (Asia/Jakarta): said so ("besok, Kamis, …"). */
      nextOpeningTomorrow?: boolean;
      /** An honest estimate from recent cases (minutes), absent when there is too little history. */
      expectedWaitMinutes?: number;
    };

/**
 * The result of one pure engine step. If `call` is set, the runtime performs it and
 * calls `step` again with `{ type: "result" }`; replies of both steps are sent in order.
 */
export interface StepResult {
  state: ConversationState;
  replies: Outbound[];
  call?: Effect;
}
