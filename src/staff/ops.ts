import { randomUUID } from "node:crypto";
import { byOpened, estimateWait, waitingInOrder } from "../domain/queue.js";
import type { Logger } from "pino";
import { deliveryOf, type ConversationState, type HandoffState } from "../domain/conversation.js";
import type { Outbound } from "../domain/message.js";
import { correctionPending, correctionTrigger, privacyRequestOf, type Application, type ApplicationStatus, type HandoffCase, type TranscriptEntry } from "../domain/records.js";
import { isOpen } from "../domain/hours.js";
import { permitIn } from "../knowledge/in-language.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { applicationsOf } from "../runtime/applications.js";
import { live } from "../runtime/runtime.js";
import { recentCases } from "../store/recent-cases.js";
import type { Mutation, Runtime, StaffEvent } from "../runtime/port.js";
import type { Store } from "../store/port.js";
import type { Messages } from "../text/messages.js";
import { applicationVersion, canMoveTo, STATUS_TRANSITIONS } from "./applications.js";
import { auditPut } from "./audit.js";
import { caseNeedOf, type NeedDeps } from "./need.js";
import type { StaffAccount, StaffRole } from "./auth.js";

/**
 * What staff do to conversations and applications. Every operation runs through
 * `runtime.mutate` so the case record, the conversation state, the audit entry and the
 * citizen's notice are committed together under the conversation's lock, and the case is
 * re-read under that lock (two staff pressing "Ambil" at once: one wins, one gets `conflict`).
 * Used by the HTTP console and the Telegram staff group alike.
 */

/** Who acts. `by` in audit and transcript is the username. */
export interface StaffActor {
  username: string;
  role: StaffRole;
  /** What citizens are told ("Petugas Budi ..."); default: the username. */
  displayName?: string;
  /** Where the action came from (audit detail), e.g. "telegram". Default: console. */
  via?: string;
}

/** `stale`: the application changed since the version the staff member acted on (another staff member's change). */
export type OpError = "not_found" | "conflict" | "invalid" | "note_required" | "stale";
export type OpFailure = { ok: false; error: OpError; message: string; current?: ApplicationVersion };

/** An application's status as it is now, for a staff member whose screen showed an older one. */
export interface ApplicationVersion {
  status: ApplicationStatus;
  /** `applicationVersion()`: grows with every entry of the application's history. */
  version: number;
  /** Who made the last change, and when. */
  by?: string;
  at?: string;
}

export type OpResult<T extends object = object> = ({ ok: true } & T) | OpFailure;

export interface StaffOpsDeps {
  runtime: Runtime;
  store: Store;
  /** All languages; the citizen's `state.lang` picks one, Indonesian otherwise. */
  messages: Map<string, Messages>;
  logger: Logger;
  /** HANDOFF_IDLE_MINUTES: a held case without a staff reply this long goes back to the queue. */
  idleMinutes: number;
  /** For document names in correction notices and checking requested document ids. */
  knowledge?: KnowledgeBase;
  now?: () => Date;
  newId?: () => string;
  /** Longest staff reply accepted. Default 4000. */
  maxReplyChars?: number;
  /** What a citizen's line means (the understander in use), for `need`: a request for a person or a greeting says nothing of it. */
  understand?: NeedDeps["understand"];
  /** Form field ids to their labels in use, for `need` ("sampai Nomor HP/WhatsApp aktif"). */
  fieldLabels?: () => Record<string, string>;
}

export interface QueueEntry {
  case: HandoffCase;
  /** 1 = next in line; only for waiting cases. */
  position?: number;
  /** Minutes since the case was opened. */
  waitingMinutes: number;
}

export interface StaffOps {
  take(caseId: string, actor: StaffActor): Promise<OpResult<{ case: HandoffCase }>>;
  /**
   * `requestId`: the sender's id for this reply (the console makes one per message); the same id
   * again (a request sent again after its answer was lost) sends nothing and answers with the case.
   */
  reply(caseId: string, actor: StaffActor, text: string, opts?: { requestId?: string }): Promise<OpResult<{ case: HandoffCase }>>;
  /** Gives the conversation back to the bot, which resumes where it was (form answers kept). */
  giveBack(caseId: string, actor: StaffActor): Promise<OpResult<{ case: HandoffCase }>>;
  /**
   * Marks a "privacy" case's request (UU 27/2022: a copy, a correction, consent withdrawn, processing
   * stopped) done: who and when are recorded on the case and audited, and the citizen is told.
   * Open or already closed (the chat may end before the request is carried out); a case held by
   * someone else only by its holder or an admin. Done twice: `conflict`.
   */
  completePrivacy(caseId: string, actor: StaffActor): Promise<OpResult<{ case: HandoffCase }>>;
  /**
   * Adds an internal note to a case, in any status (a supervisor may note a closed case): staff read it
   * in the case, the citizen never does. Audited without its text. Empty or over `NOTE_MAX_CHARS`: `invalid`.
   */
  note(caseId: string, actor: StaffActor, text: string): Promise<OpResult<{ case: HandoffCase }>>;
  /** Ends the case; the citizen is offered the SKM survey unless `survey: false`. */
  close(caseId: string, actor: StaffActor, opts?: { survey?: boolean }): Promise<OpResult<{ case: HandoffCase }>>;
  changeStatus(
    number: string,
    actor: StaffActor,
    change: {
      status: ApplicationStatus;
      note?: string;
      documents?: string[];
      /**
       * The version (`applicationVersion`) the staff member saw. Checked under the conversation's
       * lock, which every write of an application takes: from another version the change is refused
       * (`stale`), so two staff acting on one screen's worth of news do not both notify the citizen.
       */
      version?: number;
      /**
       * When the staff member last saw the application, for a channel that shows no version (a
       * Telegram command's send time): a change someone else made after it is refused (`stale`).
       */
      seenAt?: string;
    },
  ): Promise<OpResult<{ application: Application; notified: boolean }>>;
  /** Open cases: waiting ones in queue order first, then held ones. */
  queue(): Promise<QueueEntry[]>;
  /**
   * What the case's citizen needs, for the queue row and the group's new topic ("Perlu: …",
   * src/staff/need.ts); `until`: from the lines written by then only (`caseNeedOf`); `tail`: reads
   * the transcript's end (the queue's, shared with its last words), instead of the store.
   */
  need(c: HandoffCase, opts?: { until?: string; tail?: Store["transcriptTail"] }): Promise<string | undefined>;
  /** Expected minutes until a case at `position` is taken, from recent pick-up times; null without enough history. */
  expectedWait(position: number): Promise<number | null>;
  /** Puts silent held cases, and those held by an account since disabled, back in the queue; returns their ids. */
  sweepIdle(): Promise<string[]>;
}

const MINUTE = 60_000;
/** The longest internal note on a case. */
export const NOTE_MAX_CHARS = 2000;
/** Statuses the citizen is told only with a reason. */
export const NOTE_REQUIRED: ReadonlySet<ApplicationStatus> = new Set(["needs_correction", "rejected"]);
const NOT_FOUND = { ok: false, error: "not_found", message: "no such case" } as const;

export function createStaffOps(deps: StaffOpsDeps): StaffOps {
  const { runtime, store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  const maxReply = deps.maxReplyChars ?? 4000;
  // The Indonesian messages in use now: a reload of messages/ (src/app.ts) replaces them.
  const staffMessages = live(() => deps.messages.get("id")!);
  const msgs = (state: ConversationState | null): Messages => deps.messages.get(state?.lang ?? "id") ?? staffMessages;
  /**
   * A notice said with `m`, marked with its language when not Indonesian (as the engine's replies
   * are): the web page and the channels put their own words around it in that language (fresh42).
   */
  const said = (m: Messages, body: string): Outbound => ({ type: "text", text: body, ...(m.lang !== "id" ? { lang: m.lang } : {}) });
  const text = (m: Messages, key: string, vars?: Record<string, string | number | undefined>): Outbound => said(m, m.t(key, vars));
  const nameOf = (a: StaffActor): string => a.displayName ?? a.username;
  const auditOf = (at: Date, a: StaffActor, action: Parameters<typeof auditPut>[2]["action"], ids: { caseId?: string; applicationNumber?: string; detail?: string }) =>
    auditPut(at, newId, { by: a.username, action, ...ids, ...(a.via && !ids.detail ? { detail: a.via } : {}) });

  type CaseStep<T extends object, P> = (c: HandoffCase, state: ConversationState | null, at: Date, read: P) => { outcome: OpResult<T>; mutation?: Mutation };

  /**
   * Runs `step` on the case's freshly read record under its conversation's lock; `read`, when
   * given, is read under the lock too (an application's status that a status change, which takes
   * the same lock, could be moving).
   */
  async function onCase<T extends object, P = undefined>(
    caseId: string,
    step: CaseStep<T, P>,
    read?: (c: HandoffCase) => Promise<P>,
    repeat?: { dedupeKey: string; outcome: (c: HandoffCase) => OpResult<T> },
  ): Promise<OpResult<T>> {
    const first = await store.get<HandoffCase>("cases", caseId);
    if (!first) return NOT_FOUND;
    let outcome: OpResult<T> = NOT_FOUND;
    const done = await runtime.mutate(
      first.conversationId,
      async (state) => {
        const c = await store.get<HandoffCase>("cases", caseId);
        if (!c) return {};
        const r = step(c, state, now(), (read ? await read(c) : undefined) as P);
        outcome = r.outcome;
        return r.mutation ?? {};
      },
      repeat ? { dedupeKey: repeat.dedupeKey } : undefined,
    );
    if (done.duplicate && repeat) {
      const c = await store.get<HandoffCase>("cases", caseId);
      return c ? repeat.outcome(c) : NOT_FOUND;
    }
    return outcome;
  }

  /**
   * The correction flow to start for a case's conversation when the bot takes over again: an
   * application of that conversation waiting for corrected documents that staff named while the
   * conversation was with them (the bot could not ask then).
   */
  async function pendingCorrection(conversationId: string): Promise<Mutation["engineEvent"] | undefined> {
    const pending = correctionPending(await applicationsOf(store, conversationId), conversationId);
    return pending ? correctionTrigger(pending) : undefined;
  }

  /** The state with this case's handoff replaced (or removed), when the state is about this case. */
  function withHandoff(state: ConversationState | null, c: HandoffCase, handoff: HandoffState | null): ConversationState | undefined {
    if (!state) return undefined;
    if (state.handoff && state.handoff.caseId !== c.id) return undefined;
    if (handoff === null) {
      if (!state.handoff) return undefined;
      const { handoff: _dropped, ...rest } = state;
      return rest;
    }
    // Documents the citizen sent to staff stay noted when the case is taken or requeued: the bot says they are not filed when it takes over.
    return { ...state, handoff: state.handoff?.filesSent ? { ...handoff, filesSent: true } : handoff };
  }

  /**
   * The state once the handoff ends, and what the bot must take up first now that it speaks
   * again: a deletion the citizen asked for meanwhile, else the correction staff asked for.
   */
  function afterHandoff(
    state: ConversationState | null,
    c: HandoffCase,
    correction: Mutation["engineEvent"] | undefined,
  ): { next: ConversationState | undefined; first: Mutation["engineEvent"] | undefined } {
    const next = withHandoff(state, c, null);
    // A file the citizen sent staff meanwhile is not among the corrected documents: the flow says so.
    if (!next?.deleteRequested) return { next, first: correction?.type === "trigger" && state?.handoff?.filesSent ? { ...correction, filesSent: true } : correction };
    const { deleteRequested: _asked, ...rest } = next;
    return { next: rest, first: { type: "trigger", flow: "delete_data" } };
  }

  /**
   * What the citizen wrote during the case after the last thing staff or the bot told them (the
   * newest such text), when there is one: given back to the bot, it is not left unanswered.
   */
  function unansweredText(transcript: readonly TranscriptEntry[], c: HandoffCase): string | undefined {
    const same = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    let last: string | undefined;
    /** What the citizen wrote before staff (or the bot) last answered: the same text sent again (a resend on a slow line) was answered. */
    const seen = new Set<string>();
    let since: string[] = [];
    for (const e of transcript) {
      if (e.at < c.openedAt || e.internal) continue;
      if (e.from === "staff" || e.from === "bot") {
        last = undefined;
        for (const t of since) seen.add(t);
        since = [];
      } else if (e.from === "citizen" && !e.document && e.text.trim()) {
        last = e.text;
        since.push(same(e.text));
      }
    }
    return last !== undefined && seen.has(same(last)) ? undefined : last;
  }

  /** Who may act on an open case: anyone while waiting; the holder (or an admin) while held. */
  function mayAct(c: HandoffCase, a: StaffActor): OpFailure | null {
    if (c.status === "closed" || c.status === "returned") return { ok: false, error: "conflict", message: `case is ${c.status}` };
    if (c.status === "held" && c.heldBy !== a.username && a.role !== "admin") {
      return { ok: false, error: "conflict", message: `case is held by ${c.heldBy}` };
    }
    return null;
  }

  function held(c: HandoffCase, a: StaffActor, iso: string): HandoffCase {
    const { lastHeldBy: _before, ...rest } = c;
    return { ...rest, status: "held", heldBy: a.username, announcedHolder: a.username, takenAt: iso, firstTakenAt: c.firstTakenAt ?? iso, updatedAt: iso };
  }

  /** "Petugas {name} sekarang melayani", unless the citizen was told so last (the case was requeued while silent). */
  const takenNotice = (c: HandoffCase, a: StaffActor, m: Messages): Outbound[] =>
    c.announcedHolder === a.username ? [] : [text(m, "staff.taken", { name: nameOf(a) })];

  const ops: StaffOps = {
    take(caseId, actor) {
      return onCase<{ case: HandoffCase }>(caseId, (c, state, at) => {
        if (c.status === "held" && c.heldBy === actor.username) return { outcome: { ok: true, case: c } };
        if (c.status !== "waiting" && !(c.status === "held" && actor.role === "admin")) {
          return { outcome: { ok: false, error: "conflict", message: c.status === "held" ? `case is held by ${c.heldBy}` : `case is ${c.status}` } };
        }
        const iso = at.toISOString();
        const updated = held(c, actor, iso);
        const next = withHandoff(state, c, { caseId: c.id, status: "held", heldBy: actor.username });
        return {
          outcome: { ok: true, case: updated },
          mutation: {
            ...(next ? { state: next } : {}),
            puts: [{ collection: "cases", key: c.id, value: updated }, auditOf(at, actor, "take", { caseId: c.id })],
            push: takenNotice(c, actor, msgs(state)),
            staffEvents: [{ type: "case_updated", caseId: c.id, by: actor.username }],
          },
        };
      });
    },

    reply(caseId, actor, raw, opts = {}) {
      const body = raw.trim();
      if (!body || body.length > maxReply) {
        return Promise.resolve({ ok: false, error: "invalid", message: `reply must be 1-${maxReply} characters` });
      }
      return onCase<{ case: HandoffCase }>(caseId, (c, state, at) => {
        const refused = mayAct(c, actor);
        if (refused) return { outcome: refused };
        const iso = at.toISOString();
        const m = msgs(state);
        const push: Outbound[] = [];
        const events: StaffEvent[] = [];
        const puts = [];
        let updated = c;
        let next: ConversationState | undefined;
        if (c.status === "waiting" || c.heldBy !== actor.username) {
          // Replying to a waiting case takes it: the citizen learns who is answering first.
          updated = held(c, actor, iso);
          next = withHandoff(state, c, { caseId: c.id, status: "held", heldBy: actor.username });
          push.push(...takenNotice(c, actor, m));
          puts.push(auditOf(at, actor, "take", { caseId: c.id }));
          events.push({ type: "case_updated", caseId: c.id });
        }
        updated = { ...updated, lastStaffReplyAt: iso, firstStaffReplyAt: c.firstStaffReplyAt ?? iso, updatedAt: iso };
        push.push(text(m, "staff.reply", { name: nameOf(actor), text: body }));
        events.push({ type: "case_message", caseId: c.id, from: "staff", text: body, by: actor.username, ...(actor.via ? { via: actor.via } : {}) });
        puts.push({ collection: "cases" as const, key: c.id, value: updated }, auditOf(at, actor, "reply", { caseId: c.id }));
        return {
          outcome: { ok: true, case: updated },
          mutation: { ...(next ? { state: next } : {}), puts, push, pushFrom: "staff", pushBy: actor.username, staffEvents: events },
        };
      }, undefined, opts.requestId ? { dedupeKey: `staff-reply:${actor.username}:${opts.requestId}`, outcome: (c) => ({ ok: true, case: c }) } : undefined);
    },

    note(caseId, actor, raw) {
      const body = raw.trim();
      if (!body || body.length > NOTE_MAX_CHARS) return Promise.resolve({ ok: false, error: "invalid", message: `note must be 1-${NOTE_MAX_CHARS} characters` });
      return onCase<{ case: HandoffCase }>(caseId, (c, _state, at) => {
        const iso = at.toISOString();
        const updated: HandoffCase = { ...c, notes: [...(c.notes ?? []), { by: actor.username, at: iso, text: body }] };
        return {
          outcome: { ok: true, case: updated },
          mutation: {
            puts: [{ collection: "cases", key: c.id, value: updated }, auditOf(at, actor, "note", { caseId: c.id })],
            staffEvents: [
              { type: "case_updated", caseId: c.id, by: actor.username },
              // Staff following the case in its Telegram topic read the note there too (marked internal).
              { type: "case_note", caseId: c.id, by: actor.username, text: body, ...(actor.via ? { via: actor.via } : {}) },
            ],
          },
        };
      });
    },

    async giveBack(caseId, actor) {
      type Before = { correction: Mutation["engineEvent"] | undefined; unanswered: string | undefined };
      return onCase<{ case: HandoffCase }, Before>(caseId, (c, state, at, { correction, unanswered }) => {
        const refused = mayAct(c, actor);
        if (refused) return { outcome: refused };
        const iso = at.toISOString();
        const updated: HandoffCase = { ...c, status: "returned", updatedAt: iso };
        const { next, first } = afterHandoff(state, c, correction);
        const resume = { type: "resume" as const, ...(state?.handoff?.filesSent ? { filesSent: true } : {}), ...(unanswered ? { unanswered } : {}) };
        return {
          outcome: { ok: true, case: updated },
          mutation: {
            // A deletion the citizen asked for, or a correction staff asked for, during the handoff starts now (the bot was silent then).
            ...(next ? { state: next, engineEvent: first ?? resume } : {}),
            puts: [{ collection: "cases", key: c.id, value: updated }, auditOf(at, actor, "return", { caseId: c.id })],
            push: [text(msgs(state), "staff.returned")],
            staffEvents: [{ type: "case_updated", caseId: c.id, by: actor.username }],
          },
        };
      }, async (c) => ({ correction: await pendingCorrection(c.conversationId), unanswered: unansweredText(await store.transcript(c.conversationId), c) }));
    },

    completePrivacy(caseId, actor) {
      return onCase<{ case: HandoffCase }>(caseId, (c, state, at) => {
        const request = privacyRequestOf(c);
        if (!request) return { outcome: { ok: false, error: "invalid", message: "not a personal-data (privacy) case" } };
        if (request.doneAt) return { outcome: { ok: false, error: "conflict", message: `request already done by ${request.doneBy ?? "-"}` } };
        if (c.status === "held" && c.heldBy !== actor.username && actor.role !== "admin") {
          return { outcome: { ok: false, error: "conflict", message: `case is held by ${c.heldBy}` } };
        }
        const iso = at.toISOString();
        const updated: HandoffCase = { ...c, privacy: { ...request, doneAt: iso, doneBy: actor.username }, updatedAt: iso };
        return {
          outcome: { ok: true, case: updated },
          mutation: {
            puts: [{ collection: "cases", key: c.id, value: updated }, auditOf(at, actor, "privacy_done", { caseId: c.id })],
            push: [text(msgs(state), "staff.privacy_done")],
            staffEvents: [{ type: "case_updated", caseId: c.id, by: actor.username, privacyDone: true }],
          },
        };
      });
    },

    async close(caseId, actor, opts = {}) {
      return onCase<{ case: HandoffCase }, Mutation["engineEvent"]>(caseId, (c, state, at, correction) => {
        const refused = mayAct(c, actor);
        if (refused) return { outcome: refused };
        const iso = at.toISOString();
        const updated: HandoffCase = { ...c, status: "closed", updatedAt: iso };
        const { next, first } = afterHandoff(state, c, correction);
        // Nobody served a case closed from the queue (a slip in the wrong topic, spam): no survey
        // about a service not given, and the citizen is told how to ask again.
        const served = Boolean(c.firstTakenAt);
        const survey = opts.survey !== false && next && served;
        return {
          outcome: { ok: true, case: updated },
          mutation: {
            ...(next ? { state: next } : {}),
            // A deletion the citizen asked for comes first, then a correction asked for during the
            // handoff; the survey is offered again when the application is done.
            ...(next && first ? { engineEvent: first } : survey ? { engineEvent: { type: "trigger", flow: "survey", slots: { caseId: c.id } } } : {}),
            puts: [{ collection: "cases", key: c.id, value: updated }, auditOf(at, actor, "close", { caseId: c.id })],
            push: [text(msgs(state), served ? "staff.closed" : "staff.closed_unserved")],
            staffEvents: [{ type: "case_updated", caseId: c.id, by: actor.username }],
          },
        };
      }, (c) => pendingCorrection(c.conversationId));
    },

    async changeStatus(number, actor, change) {
      const first = await store.get<Application>("applications", number);
      if (!first) return { ok: false, error: "not_found", message: "no such application" };
      const note = change.note?.trim().slice(0, 1000);
      // The citizen must know why (docs/staff.md): the console's form and the group's /status alike.
      if (!note && NOTE_REQUIRED.has(change.status)) return { ok: false, error: "note_required", message: "a note is required for needs_correction and rejected: tell the citizen why" };
      const documents = [...new Set(change.documents ?? [])];
      if (documents.length && change.status !== "needs_correction") {
        return { ok: false, error: "invalid", message: "documents are only named for needs_correction" };
      }
      const permit = deps.knowledge?.permit(first.permit);
      const unknown = permit ? documents.filter((d) => !permit.requirements.some((r) => r.id === d)) : documents.filter((d) => !/^[\w-]{1,64}$/.test(d));
      if (unknown.length) return { ok: false, error: "invalid", message: `unknown document ids: ${unknown.join(", ")}` };

      let outcome: OpResult<{ application: Application; notified: boolean }> = { ok: false, error: "not_found", message: "no such application" };
      const pushed = await runtime.mutate(first.conversationId, async (state) => {
        const app = await store.get<Application>("applications", number);
        if (!app) return {};
        const last = app.history[app.history.length - 1];
        const changedSince = change.seenAt !== undefined && last !== undefined && last.by !== actor.username && last.at > change.seenAt;
        if ((change.version !== undefined && change.version !== applicationVersion(app)) || changedSince) {
          outcome = {
            ok: false,
            error: "stale",
            message: `the application changed since ${change.version !== undefined ? `version ${change.version}` : change.seenAt}: it is now ${app.status} (version ${applicationVersion(app)})`,
            current: { status: app.status, version: applicationVersion(app), ...(last ? { by: last.by, at: last.at } : {}) },
          };
          return {};
        }
        if (!canMoveTo(app.status, change.status)) {
          const allowed = STATUS_TRANSITIONS[app.status].join(", ") || "none";
          outcome = { ok: false, error: "conflict", message: `cannot go from ${app.status} to ${change.status} (allowed: ${allowed})` };
          return {};
        }
        const at = now();
        const iso = at.toISOString();
        const updated: Application = {
          ...app,
          status: change.status,
          history: [
            ...app.history,
            { status: change.status, at: iso, by: actor.username, ...(note ? { note } : {}), ...(change.status === "needs_correction" && documents.length ? { documents } : {}) },
          ],
          updatedAt: iso,
        };
        const m = msgs(state);
        // A refused application's file closed is no good news: it is not announced as a permit done.
        const named = { number, permit_name: permit?.name ?? app.permit };
        const lines = [change.status === "done" && app.status === "rejected" ? m.t("staff.status.done_rejected", named) : m.t(`staff.status.${change.status}`, named)];
        if (note) lines.push(m.t("staff.status_note", { note }));
        // While staff hold the conversation the bot is silent, so no flow is started now; a correction
        // is named in the notice instead and the survey follows when the case is closed.
        const inHandoff = Boolean(state?.handoff);
        let engineEvent: Mutation["engineEvent"];
        // Reachable: the conversation's state, or (expired, erased) its id says where it is.
        const reachable = Boolean(state) || deliveryOf(app.conversationId) !== null;
        if (reachable && !inHandoff && change.status === "needs_correction" && (documents.length || (state && !state.engine.stack.some((f) => f.flow === "apply")))) {
          // Asked again with other documents: this request replaces the earlier one. Data only (no
          // document): the citizen's next message is the correction, passed to staff as a case (not
          // while a form is being filled in, whose answers it would take: the notice says to type
          // *petugas* then).
          engineEvent = correctionTrigger({ number, permit: app.permit, documents, ...(note ? { note } : {}) });
        } else if (state && !inHandoff && change.status === "done") {
          engineEvent = { type: "trigger", flow: "survey", slots: { applicationNumber: number } };
        } else if (state && app.status === "needs_correction" && (change.status !== "needs_correction" || !documents.length)) {
          // Moved on, or asked again for data only: a document request still being asked for is no longer wanted.
          engineEvent = { type: "withdraw", flow: "correction", slots: { number } };
        }
        if (documents.length && !engineEvent) {
          // The documents' names in the citizen's language (name_en for English).
          const told = permit ? permitIn(permit, m.lang) : undefined;
          const names = documents.map((d) => told?.requirements.find((r) => r.id === d)?.name ?? d);
          lines.push(m.t("staff.status_documents", { documents: names.join(", ") }));
        }
        // A correction of data (no document to send) or a refusal: how to answer, unless staff are already there.
        if (!inHandoff && ((change.status === "needs_correction" && !documents.length && !engineEvent) || change.status === "rejected")) {
          lines.push(m.t(`staff.status_reply.${change.status}`));
        }
        outcome = { ok: true, application: updated, notified: reachable };
        return {
          puts: [
            { collection: "applications", key: number, value: updated },
            auditOf(at, actor, "status", { applicationNumber: number, detail: change.status }),
          ],
          push: [said(m, lines.join("\n"))],
          ...(engineEvent ? { engineEvent } : {}),
          staffEvents: [
            { type: "application_updated", number },
            // Staff following the citizen's case (an open console view, its Telegram topic) see the notice too.
            ...(state?.handoff ? [{ type: "case_message" as const, caseId: state.handoff.caseId, from: "system" as const, text: lines.join("\n"), ...(actor.via ? { via: actor.via } : {}) }] : []),
          ],
        };
      });
      // Saved, but the citizen's channel refused the notice (blocked bot): staff must not read "told".
      // (Set in the callback: read through a cast, TypeScript keeps the narrowing of the first value.)
      const result = outcome as OpResult<{ application: Application; notified: boolean }>;
      return result.ok && pushed.undelivered ? { ...result, notified: false } : result;
    },

    async queue() {
      const t = now().getTime();
      const open = (await recentCases(store)).filter((c) => c.status === "waiting" || c.status === "held");
      const waiting = waitingInOrder(open);
      const held = open.filter((c) => c.status === "held").sort(byOpened);
      const minutes = (c: HandoffCase) => Math.max(0, Math.floor((t - Date.parse(c.openedAt)) / MINUTE));
      return [
        ...waiting.map((c, i) => ({ case: c, position: i + 1, waitingMinutes: minutes(c) })),
        ...held.map((c) => ({ case: c, waitingMinutes: minutes(c) })),
      ];
    },

    need(c, opts = {}) {
      const needDeps: NeedDeps = {
        messages: staffMessages,
        permitName: (id) => deps.knowledge?.permit(id)?.name,
        ...(deps.understand ? { understand: deps.understand } : {}),
        ...(deps.fieldLabels ? { fieldLabels: deps.fieldLabels } : {}),
      };
      return caseNeedOf(opts.tail ? { peekState: (id) => store.peekState(id), transcriptTail: opts.tail } : store, c, needDeps, opts.until);
    },

    async expectedWait(position) {
      return estimateWait(await recentCases(store), position, now());
    },

    async sweepIdle() {
      const t = now().getTime();
      const limit = deps.idleMinutes * MINUTE;
      // A holder whose account was disabled (or removed) since taking the case cannot answer: the
      // case goes back to the queue at once, and the citizen is told another officer will come.
      const accounts = await store.list<StaffAccount>("staff");
      const away = new Set(accounts.filter((a) => a.disabled).map((a) => a.username));
      const known = new Set(accounts.map((a) => a.username));
      const unavailable = (c: HandoffCase) => c.status === "held" && c.heldBy !== undefined && (away.has(c.heldBy) || !known.has(c.heldBy));
      const idle = (c: HandoffCase) =>
        c.status === "held" && t - Date.parse(laterOf(c.takenAt ?? c.updatedAt, c.lastStaffReplyAt)) >= limit;
      const requeued: string[] = [];
      for (const c0 of (await recentCases(store)).filter((c) => idle(c) || unavailable(c))) {
        const r = await onCase<object>(c0.id, (c, state, at) => {
          const gone = unavailable(c);
          if (!gone && !idle(c)) return { outcome: { ok: false, error: "conflict", message: "no longer idle" } };
          const iso = at.toISOString();
          const { heldBy, takenAt: _t, announcedHolder, ...rest } = c;
          // The citizen was told the holder left: whoever takes the case next announces themselves.
          const updated: HandoffCase = { ...rest, ...(announcedHolder && !gone ? { announcedHolder } : {}), ...(heldBy ? { lastHeldBy: heldBy } : {}), status: "waiting", updatedAt: iso };
          // Silent because the office closed (the holder went home): staff reading it the next morning are told so.
          const closed = deps.knowledge ? !isOpen(deps.knowledge.office, at) : false;
          // Served already: the citizen's next message is not met with the queue notice of a case nobody answered yet.
          const next = withHandoff(state, c, { caseId: c.id, status: "waiting", toldWaiting: true });
          const notice = gone
            ? staffMessages.t("staff_notice.requeued_unavailable", { name: heldBy ?? "-" })
            : staffMessages.t(closed ? "staff_notice.requeued_closed" : "staff_notice.requeued", { name: heldBy ?? "-", minutes: deps.idleMinutes });
          return {
            outcome: { ok: true },
            mutation: {
              ...(next ? { state: next } : {}),
              puts: [
                { collection: "cases", key: c.id, value: updated },
                auditPut(at, newId, { by: "system", action: "requeue", caseId: c.id, ...(heldBy ? { detail: heldBy } : {}) }),
              ],
              ...(gone && state ? { push: [text(msgs(state), "staff.requeued_unavailable")] } : {}),
              transcript: [{ at: iso, from: "system", text: notice, internal: true }],
              staffEvents: [
                { type: "case_updated", caseId: c.id },
                { type: "case_message", caseId: c.id, from: "system", text: notice },
              ],
            },
          };
        }).catch((err: unknown) => {
          logger.warn({ err, caseId: c0.id }, "idle case not requeued");
          return null;
        });
        if (r?.ok) requeued.push(c0.id);
      }
      if (requeued.length) logger.info({ count: requeued.length }, "idle held cases back in the queue");
      return requeued;
    },
  };
  return ops;
}

const laterOf = (a: string, b: string | undefined): string => (b && b > a ? b : a);

export { estimateWait };

/**
 * Runs `sweepIdle` every `everyMs` (default one minute). Returns a stop function.
 * The timer is unref'd so it never keeps the process alive.
 */
export function startIdleSweeper(ops: Pick<StaffOps, "sweepIdle">, opts: { everyMs?: number; logger?: Logger } = {}): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    ops
      .sweepIdle()
      .catch((err: unknown) => opts.logger?.warn({ err }, "idle sweep failed"))
      .finally(() => {
        running = false;
      });
  }, opts.everyMs ?? MINUTE);
  timer.unref();
  return () => clearInterval(timer);
}
