import { ChannelName } from "./message.js";

/** Bumped whenever the saved shape changes; older states are migrated or restarted, never crash. */
export const CONVERSATION_STATE_VERSION = 1;

/**
 * One active flow on the engine's stack. `slots` hold the answers collected so far
 * (form fields, chosen permit, uploaded documents as DocumentRef objects).
 */
export interface Frame {
  flow: string;
  step: string;
  slots: Record<string, unknown>;
  /** Step ids visited in this frame, for `kembali` (back one step). */
  trail: string[];
  /**
   * A random id given when this frame first asks for a document: its document questions carry it
   * (`Outbound.expects.form`), so a document sent as a reply quoting one is known to be of this
   * application or of an earlier one (src/runtime/document-requests.ts).
   */
  ref?: string;
}

/** An application's status as a status check just showed it (src/engine: follow-up questions about it). */
export interface StatusChecked {
  number: string;
  permit: string;
  status: string;
  note?: string;
  closedRejected?: boolean;
  dataCorrection?: boolean;
  resubmittedAt?: string;
  expectedBy?: string;
  overdue?: boolean;
  /** When it was checked (ISO): a check more than an hour old is not followed up (its status and "overdue" may have moved on). */
  at?: string;
}

/** What the engine keeps between messages. Owned by src/engine; others treat it as opaque. */
export interface EngineState {
  stack: Frame[];
  /** Topic of the conversation: last permit discussed and aspect asked; the application last submitted or checked (for staff). */
  /** `statusTried`: the registration number of a status check that did not match, for a retry of the digits alone. */
  /** `listed`: the last answer was the numbered list of permits ("yg nomer 3" points into it); a category: only that category's part of it. */
  /** `office`: the office aspect just answered ("jumat jg?" after the hours asks the hours again). */
  /** `checked`: the application whose status was just shown, for "apa yg kurang?", "kenapa ditolak?" after it. */
  /** `applied`: the permit of `application` (applying for it again from here is pointed out). */
  /** `renewing`: the permit talked about was said to be renewed ("mau perpanjang sip perawat"): an application for it is a renewal. */
  /** `applyAsked`: the last reply asked which permit to apply for (a file sent first); only the next message reads it. */
  /** `pair`: the two permits just answered side by side ("syarat nib sama pirt"): "yg kedua brp lama?" is about the second. */
  /** `dropped`: the permit of an application whose answers the citizen had deleted ("batal", confirmed): "lanjutkan yang tadi" is told it is gone. */
  /** `waiting`: the permit the citizen just said they are waiting for ("PBG SY UDH SEBULAN BLM JADI"): its answer offers no "apply". */
  context: { permit?: string; waiting?: string; aspect?: string; application?: string; applied?: string; statusTried?: string; listed?: boolean | string; office?: string; checked?: StatusChecked; renewing?: string; dropped?: string; pair?: [string, string]; applyAsked?: boolean; notFor?: string; referral?: string };
  /** Failed understandings/validations in a row; at 3 a person is offered. */
  failures: number;
  /** What the last question waits for; `choices` are the ids valid for it (stale taps are refused). */
  expecting?: { field: string; kind: string; choices?: string[] };
  /** Free-form engine extras (must stay JSON-serialisable). */
  extra?: Record<string, unknown>;
}

/** While set, citizen messages go to staff and the engine does not answer. Owned by the runtime. */
export interface HandoffState {
  caseId: string;
  status: "waiting" | "held";
  heldBy?: string;
  /** The citizen sent a document to staff: it is not filed in the form, so the bot asks for it again after. */
  filesSent?: boolean;
  /**
   * The office opening (ISO) the waiting citizen was last told staff answer from ("di luar jam
   * layanan … mulai Rabu 08.00"): told once per closed stretch, not at every message.
   */
  closedNoticeFor?: string;
  /**
   * The waiting citizen was told where they stand (their first message while waiting, "petugas" again,
   * or the closed-office notice): the next messages go to staff in silence. Set by the idle requeue too:
   * a citizen a staff member already served is not told about the queue at their next message.
   */
  toldWaiting?: boolean;
}

/** Everything saved per conversation between two messages. Must stay small (Redis: <= 4 KB idle). */
export interface ConversationState {
  v: number;
  conversationId: string;
  channel: ChannelName;
  /** Where pushes go on the channel (chat id, JID). */
  address?: string;
  lang: string;
  engine: EngineState;
  handoff?: HandoffState;
  /** "hapus data saya" asked while staff held the conversation: asked again (to confirm) when the bot takes over. */
  deleteRequested?: boolean;
  /** The album (Inbound.fileGroup) last received: its other files are not filed as further documents. */
  fileGroup?: string;
  /**
   * What became of that album so far: `taken` (a file of it was filed; the others get one notice),
   * `told` (that notice was given: the others are silent), `refused` (its files so far were refused:
   * said once, a further refused one is silent), `unwanted` (nothing asked for a file: said once).
   * Absent with a fileGroup (states before 2026-11-30): taken.
   */
  fileGroupState?: "taken" | "told" | "refused" | "unwanted";
  createdAt: string;
  updatedAt: string;
}

/**
 * Where a conversation's messages go, from its id alone (`telegram:<chat id>`, `whatsapp:<jid>`,
 * `web:<uuid>`): for a status notice after the conversation's state expired or the citizen had it
 * erased, when the application still stands. Null for an id no channel made.
 */
export function deliveryOf(conversationId: string): { channel: ChannelName; address?: string } | null {
  const at = conversationId.indexOf(":");
  const channel = ChannelName.safeParse(conversationId.slice(0, at));
  if (at < 0 || !channel.success) return null;
  const rest = conversationId.slice(at + 1);
  if (!rest) return null;
  return channel.data === "telegram" || channel.data === "whatsapp" ? { channel: channel.data, address: rest } : { channel: channel.data };
}
