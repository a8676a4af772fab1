import type { Logger } from "pino";
import type { HandoffCase } from "../domain/records.js";
import { StoreError } from "../errors.js";
import type { Bus, FileStore, Store } from "../store/port.js";
import { announceErased, deleteUnneeded, documentHolders, eraseConversation, forgetCaseHolders } from "./documents.js";
import { dropOutboxRows } from "../channels/whatsapp/journal.js";
import { dropStaleTelegramPending } from "../channels/telegram/pending.js";
import { createSessions } from "../staff/auth.js";
import { pruneRecentCases } from "../store/recent-cases.js";

export interface RetentionDeps {
  store: Store;
  files: FileStore;
  logger: Logger;
  /** Where erasures are announced (the Telegram staff group deletes the cases' topics). */
  bus?: Bus;
  retentionDays: number;
  now?: () => Date;
}

/**
 * Erases what the office no longer needs (UU 27/2022: delete when the purpose is met and the
 * retention period has passed): the transcript, state and loose documents of every conversation
 * that has been quiet for `retentionDays` (its newest message older than that) and whose handoff
 * cases, if any, were all closed (or given back to the bot) that long ago. A conversation without any case (questions only,
 * or an application abandoned halfway with its KTP already sent) goes the same way. Submitted
 * applications stay, with their documents, and so does a document another conversation also
 * holds (documents.ts). Logs counts only.
 */
export async function sweepRetention(deps: RetentionDeps): Promise<{ conversations: number; documents: number }> {
  const now = (deps.now ?? (() => new Date()))().getTime();
  const cutoff = now - deps.retentionDays * 86_400_000;
  // WhatsApp texts a crash left and no run sent within a day (WhatsApp since disabled, say).
  const outbox = await dropOutboxRows(deps.store, { now: new Date(now) });
  if (outbox) deps.logger.info({ batches: outbox }, "retention: dropped WhatsApp texts left unsent for over a day");
  const telegram = await dropStaleTelegramPending(deps.store, new Date(now));
  if (telegram) deps.logger.info({ pushes: telegram }, "retention: dropped Telegram pushes left unsent for over a day");
  // Staff sessions whose cookie was never used again after they expired (a lookup drops the others).
  const sessions = await createSessions({ store: deps.store, now: () => new Date(now) }).sweep();
  if (sessions) deps.logger.info({ sessions }, "retention: dropped expired staff sessions");
  const aged = await pruneRecentCases(deps.store, new Date(now));
  if (aged) deps.logger.info({ cases: aged }, "retention: handoff cases finished over 7 days ago left the recent ones");
  // Uploads a crash left half-written (an hour is far longer than any write takes).
  const temp = await deps.files.dropStaleTemp(now - 3_600_000);
  if (temp) deps.logger.info({ files: temp }, "retention: removed uploads a crash left half-written");
  const unused = await dropUnusedWebTokens(deps.store, now);
  // Every instance forgets the token too (one that checked it for an open page would take the
  // conversation the others refuse).
  await announceErased(deps, unused);
  if (unused.length) deps.logger.info({ tokens: unused.length }, "retention: dropped web conversations opened and never used");
  const idle = await deps.store.idleConversations(new Date(cutoff));
  if (!idle.length) return { conversations: 0, documents: 0 };
  // Conversations with a case still open, or finished (closed, or given back to the bot) too recently, stay.
  const finished = (c: HandoffCase) => (c.status === "closed" || c.status === "returned") && Date.parse(c.updatedAt) < cutoff;
  const held = new Set((await deps.store.list<HandoffCase>("cases")).filter((c) => !finished(c)).map((c) => c.conversationId));
  const holders = await documentHolders(deps.store);
  let conversations = 0;
  const candidates: string[] = [];
  const erased: string[] = [];
  for (const conversationId of idle) {
    if (held.has(conversationId)) continue;
    // Under the conversation's lock, read again just before erasing: a citizen who writes during
    // the sweep (on any instance) keeps the conversation, and what that message starts (a form, a
    // place in the staff queue) is not erased right after it; another instance's sweep erasing
    // the same conversation at the same time finds nothing left.
    const turn = await deps.store.begin(conversationId).catch((err: unknown) => {
      // Busy past the lock wait: in use, so not idle.
      if (err instanceof StoreError && err.code === "LOCK_TIMEOUT") return undefined;
      throw err;
    });
    if (!turn) continue;
    try {
      const state = turn.state;
      if (state?.handoff || (state && !(Date.parse(state.updatedAt) < cutoff))) continue;
      const transcript = await deps.store.transcript(conversationId);
      const last = transcript[transcript.length - 1];
      if (!last || !(Date.parse(last.at) < cutoff)) continue;
      candidates.push(...(await eraseConversation(deps, conversationId, transcript, holders)));
      erased.push(conversationId);
      conversations++;
    } finally {
      await turn.release();
    }
  }
  await announceErased(deps, erased);
  await forgetCaseHolders(deps.store, erased);
  // Files go at the end, after reading afresh who needs them (see deleteUnneeded).
  const documents = await deleteUnneeded(deps, candidates, (deps.now ?? (() => new Date()))().getTime() - SWEEP_GRACE_MS);
  if (conversations) deps.logger.info({ conversations, documents, retentionDays: deps.retentionDays }, "retention: erased old conversations");
  return { conversations, documents };
}

/** A web conversation opened this long ago without a message is dropped (its page, if open, starts a new one). */
const UNUSED_WEB_MS = 86_400_000;

/**
 * Web conversations opened (POST /api/conversations needs no token) and never used: nothing else
 * removes their tokens, and a script opening them in a loop would grow the store without bound.
 * Used ones have a state, or (state expired) a transcript, and go with retention as usual.
 * Tokens made before 2026-11-30 do not name their conversation and are left alone.
 */
async function dropUnusedWebTokens(store: Store, now: number): Promise<string[]> {
  const dropped: string[] = [];
  for (const t of await store.list<{ createdAt?: string; conversationId?: string }>("web_tokens")) {
    const id = t.conversationId;
    if (!id || !(Date.parse(t.createdAt ?? "") < now - UNUSED_WEB_MS)) continue;
    if (await store.peekState(id)) continue;
    if ((await store.transcript(id)).length) continue;
    await store.put("web_tokens", id, null);
    dropped.push(id);
  }
  return dropped;
}

/** A file written this recently is left to the next sweep (an upload of the same content may not have committed yet). */
const SWEEP_GRACE_MS = 60_000;

/** Runs the sweep now and then every `everyMs` (default daily). Returns a stop function. */
export function startRetention(deps: RetentionDeps, everyMs = 86_400_000): () => void {
  const run = () => void sweepRetention(deps).catch((err) => deps.logger.warn({ err: { message: (err as Error).message } }, "retention sweep failed"));
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
