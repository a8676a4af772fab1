import type { Outbound } from "../domain/message.js";
import type { Store } from "../store/port.js";

/**
 * Which of Loket's sent messages asked for which document (collection `document_requests`, key =
 * conversation id), so that a document sent as a reply quoting one of them ("scrolls up, replies
 * to the KTP question with the KTP photo") is filed under that requirement, not under the one
 * pending. Written by a channel once its platform gave the sent message's id (WhatsApp's
 * `Message.id._serialized`, Telegram's `message_id`); read when a document quotes a message.
 * Bounded: a conversation keeps its last REQUESTS_KEPT requests; erased with the conversation
 * (documents.ts `eraseConversation`). In the store, so it holds after a restart and on every
 * instance (Redis).
 */
export interface DocumentRequests {
  v: 1;
  /** Oldest first: the sent message's id on its channel, and the requirement it asked for. */
  asks: { m: string; doc: string }[];
}

export const REQUESTS_KEPT = 20;
const COLLECTION = "document_requests";

/** The requirement a reply asks for (a document question's `expects`), if it asks for one. */
export const documentAsked = (reply: Outbound): string | undefined => (reply.expects?.kind === "file" ? reply.expects.field : undefined);

const isRecord = (x: unknown): x is DocumentRequests =>
  (x as Partial<DocumentRequests> | null)?.v === 1 && Array.isArray((x as DocumentRequests).asks) && (x as DocumentRequests).asks.every((a) => typeof a?.m === "string" && typeof a.doc === "string");

/**
 * Remembers that `messageId`, sent in `conversationId`, asked for `requirement`. The channel
 * sends one chat's messages in order, so the read-then-write is not raced by its own requests.
 * Not for a conversation erased meanwhile ("hapus data saya" while the question was on its way):
 * nothing would erase the record again (retention goes by transcripts).
 */
export async function rememberDocumentRequest(store: Store, conversationId: string, messageId: string, requirement: string): Promise<void> {
  if (!(await store.peekState(conversationId))) return;
  const had = await store.get<unknown>(COLLECTION, conversationId);
  const asks = (isRecord(had) ? had.asks : []).filter((a) => a.m !== messageId);
  asks.push({ m: messageId, doc: requirement });
  await store.put(COLLECTION, conversationId, { v: 1, asks: asks.slice(-REQUESTS_KEPT) } satisfies DocumentRequests);
}

/** The requirement the quoted message asked for, if it was one of Loket's document questions still remembered. */
export async function documentRequestQuoted(store: Store, conversationId: string, messageId: string): Promise<string | undefined> {
  const had = await store.get<unknown>(COLLECTION, conversationId);
  return isRecord(had) ? had.asks.findLast((a) => a.m === messageId)?.doc : undefined;
}

/** Forgets a conversation's requests (it is erased). */
export const forgetDocumentRequests = (store: Store, conversationId: string): Promise<void> => store.put(COLLECTION, conversationId, null);
