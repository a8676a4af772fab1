import type { ConversationState } from "../domain/conversation.js";
import type { DocumentRef, Outbound } from "../domain/message.js";
import type { ApplicationStatus, HandoffReason } from "../domain/records.js";

/** What happened, as the engine sees it. */
export type EngineEvent =
  /** A new conversation (or /start): greet and show the main menu. */
  | { type: "start" }
  | { type: "text"; text: string }
  | { type: "choice"; id: string }
  /** An upload after the runtime checked (by bytes) and stored it. */
  | { type: "file"; result: { ok: true; document: DocumentRef } | { ok: false; reason: "type" | "size" | "empty"; limitBytes?: number } }
  | { type: "unsupported"; kind: string }
  /** Staff gave the conversation back to the bot: re-ask where it was. */
  | { type: "resume" }
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
    }
  | { type: "check_status"; number: string; phoneLast4: string }
  | { type: "open_case"; reason: HandoffReason; note?: string; permit?: string; applicationNumber?: string };

export type EffectResult =
  | { type: "submit_application"; number: string }
  | {
      type: "check_status";
      found: false;
    }
  | {
      type: "check_status";
      found: true;
      number: string;
      permit: string;
      status: ApplicationStatus;
      note?: string;
      updatedAt: string;
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
