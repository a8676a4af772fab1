import { randomUUID } from "node:crypto";
import { dropOutboxRows } from "../channels/whatsapp/journal.js";
import { dropTelegramPendingOf } from "../channels/telegram/pending.js";
import { forgetDocumentRequests } from "./document-requests.js";
import type { Application, HandoffCase, TranscriptEntry } from "../domain/records.js";
import type { Bus, FileStore, Put, Store } from "../store/port.js";
import { STAFF_TOPIC, type StaffEvent } from "./port.js";

/**
 * Documents are stored once per content (sha256), so the same KTP sent from two conversations
 * (WhatsApp and the web chat, say) is one file. Erasing one conversation must not take the file
 * from the other, nor from any submitted application. Each upload therefore leaves a record in
 * `document_refs`, key `<sha256>:<conversationId>`, written in the same commit as the transcript
 * line that shows the document; erasing a conversation drops its records, and a file goes only
 * when no other conversation holds it and no application lists it.
 */
export interface DocumentHolding {
  sha256: string;
  conversationId: string;
  at: string;
}

/** The record an upload leaves, part of the turn's batch. */
export const documentRefPut = (conversationId: string, sha256: string, at: string): Put => ({
  collection: "document_refs",
  key: `${sha256}:${conversationId}`,
  value: { sha256, conversationId, at } satisfies DocumentHolding,
});

/** Who still needs which document, read once before erasing one or many conversations. */
export interface DocumentHolders {
  /** True when a conversation other than `conversationId`, or any application, needs `sha256`. */
  neededElsewhere(sha256: string, conversationId: string): boolean;
  /** The documents `conversationId` holds according to its records. */
  heldBy(conversationId: string): string[];
  /** Forgets what `conversationId` held, once it is erased. */
  forget(conversationId: string): void;
}

export async function documentHolders(store: Store): Promise<DocumentHolders> {
  const [refs, applications] = await Promise.all([store.list<DocumentHolding>("document_refs"), store.list<Application>("applications")]);
  const listed = new Set(applications.flatMap((a) => Object.values(a.documents).map((d) => d.sha256)));
  const holders = new Map<string, Set<string>>();
  const held = new Map<string, string[]>();
  for (const r of refs) {
    let set = holders.get(r.sha256);
    if (!set) holders.set(r.sha256, (set = new Set()));
    set.add(r.conversationId);
    const mine = held.get(r.conversationId);
    if (mine) mine.push(r.sha256);
    else held.set(r.conversationId, [r.sha256]);
  }
  return {
    neededElsewhere(sha256, conversationId) {
      if (listed.has(sha256)) return true;
      for (const id of holders.get(sha256) ?? []) if (id !== conversationId) return true;
      return false;
    },
    heldBy: (conversationId) => held.get(conversationId) ?? [],
    forget(conversationId) {
      for (const sha of held.get(conversationId) ?? []) holders.get(sha)?.delete(conversationId);
      held.delete(conversationId);
    },
  };
}

/**
 * Erases a conversation (state, transcript, recent ids) and its document records. Returns the
 * documents it held that nothing else needed when `holders` was read: candidates for
 * `deleteUnneeded`, which reads again before deleting. Uploads from before document records
 * existed are known from the transcript only.
 */
export async function eraseConversation(
  deps: { store: Store },
  conversationId: string,
  transcript: TranscriptEntry[],
  holders: DocumentHolders,
): Promise<string[]> {
  const shas = new Set([...transcript.flatMap((l) => (l.document ? [l.document.sha256] : [])), ...holders.heldBy(conversationId)]);
  await deps.store.deleteConversation(conversationId);
  // WhatsApp texts still queued for it (they may hold what the citizen told): not sent.
  if (conversationId.startsWith("whatsapp:")) await dropOutboxRows(deps.store, { now: new Date(), conversationId });
  // Likewise pushes stored for the Telegram instance while it was away.
  if (conversationId.startsWith("telegram:")) await dropTelegramPendingOf(deps.store, conversationId);
  // Which of Loket's messages asked for which document (their ids on the citizen's channel).
  await forgetDocumentRequests(deps.store, conversationId);
  // A web conversation's token goes with it: the page that held it starts a new conversation.
  if (conversationId.startsWith("web:")) await deps.store.put("web_tokens", conversationId, null);
  const candidates: string[] = [];
  for (const sha of shas) {
    if (!holders.neededElsewhere(sha, conversationId)) candidates.push(sha);
    await deps.store.put("document_refs", `${sha}:${conversationId}`, null);
  }
  holders.forget(conversationId);
  return candidates;
}

/**
 * Deletes the candidate documents that still nothing needs, read afresh now: while a long sweep
 * ran, another conversation (on this instance or another) may have sent the same file and
 * submitted it. `writtenBefore` (ms since epoch): a file written later is kept too, for an upload
 * whose turn has stored the file but not yet committed its record (the sweep keeps files of its
 * last minute; a citizen's own "hapus data saya" passes none, its records were read just now).
 * Returns how many went.
 */
export async function deleteUnneeded(deps: { store: Store; files: FileStore }, candidates: Iterable<string>, writtenBefore?: number): Promise<number> {
  const shas = [...new Set(candidates)];
  if (!shas.length) return 0;
  const holders = await documentHolders(deps.store);
  let deleted = 0;
  for (const sha of shas) {
    if (holders.neededElsewhere(sha, "")) continue;
    if (await deps.files.delete(sha, writtenBefore === undefined ? undefined : { writtenBefore })) deleted++;
  }
  return deleted;
}

/**
 * Tells the staff side that conversations were erased, naming their handoff cases, so that copies
 * of what the citizen wrote kept outside the store (the Telegram staff group's topics) are deleted
 * too. Best effort: the bus may be away; the group's copies then stay until staff delete them.
 */
export async function announceErased(deps: { store: Store; bus?: Bus | undefined }, conversationIds: string[]): Promise<void> {
  if (!deps.bus || !conversationIds.length) return;
  const ids = new Set(conversationIds);
  const cases = (await deps.store.list<HandoffCase>("cases")).filter((c) => ids.has(c.conversationId));
  for (const conversationId of ids) {
    const caseIds = cases.filter((c) => c.conversationId === conversationId).map((c) => c.id);
    // Web conversations are announced without cases too: every instance forgets its token.
    if (!caseIds.length && !conversationId.startsWith("web:")) continue;
    const event: StaffEvent = { type: "conversation_erased", conversationId, caseIds };
    await deps.bus.publish(STAFF_TOPIC, { ...event, id: randomUUID() }).catch(() => undefined);
  }
}

const ERASED_PREFIX = "erased:";
/** Whether a case's conversation id is the pseudonym its conversation got when erased (`forgetCaseHolders`). */
export const isErasedConversation = (conversationId: string): boolean => conversationId.startsWith(ERASED_PREFIX);

/**
 * The handoff cases of erased conversations stay (the office's record of the service given, which
 * the queue's wait estimate and the SKM survey's subject use), but no longer say whose they were:
 * a WhatsApp conversation id is the citizen's phone number, a Telegram one their user id. Each
 * erased conversation's cases get one random `erased:` id instead. Call after announceErased,
 * which finds the cases by the conversation's id. Only finished cases (an erased conversation has
 * no other).
 */
export async function forgetCaseHolders(store: Store, conversationIds: string[]): Promise<void> {
  if (!conversationIds.length) return;
  const ids = new Set(conversationIds);
  const pseudonyms = new Map<string, string>();
  for (const c of await store.list<HandoffCase>("cases")) {
    if (!ids.has(c.conversationId) || (c.status !== "closed" && c.status !== "returned")) continue;
    let pseudonym = pseudonyms.get(c.conversationId);
    if (!pseudonym) pseudonyms.set(c.conversationId, (pseudonym = `${ERASED_PREFIX}${randomUUID()}`));
    // Staff's notes are about the citizen: they go with the conversation.
    const { notes: _notes, ...kept } = c;
    await store.put("cases", c.id, { ...kept, conversationId: pseudonym } satisfies HandoffCase);
  }
}
