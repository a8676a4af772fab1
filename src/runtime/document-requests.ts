import type { Outbound } from "../domain/message.js";
import type { Store } from "../store/port.js";

/**
 * Which of Loket's sent messages asked for which document (collection `document_requests`, key =
 * conversation id), so that a document sent as a reply quoting one of them ("scrolls up, replies
 * to the KTP question with the KTP photo") is filed under that requirement, not under the one
 * pending. Written by a channel once its platform gave the sent message's id (WhatsApp's stanza id
 * `Message.id.id`, Telegram's `message_id`); read when a document quotes a message. WhatsApp
 * records from before 2026-12-01 hold the whole `Message.id._serialized`
 * (`<fromMe>_<chat>_<stanza>`), matched by its last part.
 * The survey's rating questions are kept here too (`q`: the question's field, `form`: the survey's
 * `Frame.ref`), so an emoji reaction put on one is taken as its score (skm3, 2026-12-03); only the
 * last QUESTIONS_KEPT of them (the pending one and the one before, whose score a changed reaction
 * replaces). No personal data: message ids, field ids and random refs.
 * Bounded: a conversation keeps its last REQUESTS_KEPT requests; erased with the conversation
 * (documents.ts `eraseConversation`). In the store, so it holds after a restart and on every
 * instance (Redis).
 */
export interface DocumentRequests {
  v: 1;
  /**
   * Oldest first: the sent message's id on its channel, the requirement it asked for and the
   * application (the engine's `Frame.ref`) it was asked in (absent in records before 2026-12-01):
   * a reply quoting a question of an earlier application is not filed in the current one as if
   * asked there.
   */
  asks: ({ m: string; doc: string; form?: string } | { m: string; q: string; form?: string })[];
}

export const REQUESTS_KEPT = 20;
/** Rating questions kept among them: the one pending and the one answered just before it. */
export const QUESTIONS_KEPT = 2;
const COLLECTION = "document_requests";

/**
 * The document a question asks for: the requirement's id, and `@` with its application's ref (the
 * engine's `Frame.ref`) when it has one (`ktp@Xy3…`; a bare `ktp` from before 2026-12-01, or with
 * no application). One string, as channels carry it beside a text until it is sent (Telegram's
 * rendered message, WhatsApp's stored queue), so stored queues keep that form; read back by
 * `rememberDocumentRequest`. Requirement ids hold no `@` (knowledge schema: `a-z0-9_-`).
 */
export type AskedDocument = string;

/** What a reply asks for, if it is a document question (see AskedDocument). */
export const askedDocument = (reply: Outbound): AskedDocument | undefined =>
  reply.expects?.kind === "file" ? (reply.expects.form ? `${reply.expects.field}@${reply.expects.form}` : reply.expects.field) : undefined;

/**
 * What a reply asks that a later message may point back to: a document (AskedDocument), or a survey
 * rating question or its offer (`?` + its field + `@` + the survey's ref: the engine gives those
 * `expects.form`, no other choice has one). Requirement ids never start with `?`.
 */
export const askedOf = (reply: Outbound): AskedDocument | undefined =>
  askedDocument(reply) ?? (reply.expects?.kind === "choice" && reply.expects.form ? `?${reply.expects.field}@${reply.expects.form}` : undefined);

/** An AskedDocument as the requirement and its application's ref. */
const readAskedDocument = (asked: AskedDocument): { doc: string; form?: string } => {
  const at = asked.indexOf("@");
  return at < 0 ? { doc: asked } : { doc: asked.slice(0, at), form: asked.slice(at + 1) };
};

const isRecord = (x: unknown): x is DocumentRequests =>
  (x as Partial<DocumentRequests> | null)?.v === 1 &&
  Array.isArray((x as DocumentRequests).asks) &&
  (x as DocumentRequests).asks.every((a) => typeof a?.m === "string" && (typeof (a as { doc?: unknown }).doc === "string" || typeof (a as { q?: unknown }).q === "string") && (a.form === undefined || typeof a.form === "string"));

const isDocument = (a: DocumentRequests["asks"][number]): a is { m: string; doc: string; form?: string } => "doc" in a;

/**
 * Remembers that `messageId`, sent in `conversationId`, asked for `asked` (the requirement, with
 * its application's ref when it has one). The channel
 * sends one chat's messages in order, so the read-then-write is not raced by its own requests.
 * Not for a conversation erased meanwhile ("hapus data saya" while the question was on its way):
 * nothing would erase the record again (retention goes by transcripts).
 */
export async function rememberDocumentRequest(store: Store, conversationId: string, messageId: string, asked: AskedDocument): Promise<void> {
  if (!(await store.peekState(conversationId))) return;
  const had = await store.get<unknown>(COLLECTION, conversationId);
  let asks = (isRecord(had) ? had.asks : []).filter((a) => a.m !== messageId);
  if (asked.startsWith("?")) {
    const { doc: q, form } = readAskedDocument(asked.slice(1));
    asks.push({ m: messageId, q, ...(form ? { form } : {}) });
    const questions = asks.filter((a) => !isDocument(a));
    const dropped = new Set(questions.slice(0, Math.max(0, questions.length - QUESTIONS_KEPT)));
    asks = asks.filter((a) => !dropped.has(a));
  } else asks.push({ m: messageId, ...readAskedDocument(asked) });
  await store.put(COLLECTION, conversationId, { v: 1, asks: asks.slice(-REQUESTS_KEPT) } satisfies DocumentRequests);
}

/**
 * The requirement the quoted message asked for and the application it was asked in (when known),
 * if it was one of Loket's document questions still remembered.
 */
export async function documentRequestQuoted(store: Store, conversationId: string, messageId: string): Promise<{ doc: string; form?: string } | undefined> {
  const had = await store.get<unknown>(COLLECTION, conversationId);
  const ask = isRecord(had) ? had.asks.filter(isDocument).findLast((a) => a.m === messageId || a.m.endsWith(`_${messageId}`)) : undefined;
  return ask ? { doc: ask.doc, ...(ask.form ? { form: ask.form } : {}) } : undefined;
}

/** The survey rating question (its field and the survey's ref) the message `messageId` asked, if still remembered. */
export async function questionAsked(store: Store, conversationId: string, messageId: string): Promise<{ field: string; form?: string } | undefined> {
  const had = await store.get<unknown>(COLLECTION, conversationId);
  const ask = isRecord(had) ? had.asks.findLast((a) => a.m === messageId) : undefined;
  return ask && !isDocument(ask) ? { field: ask.q, ...(ask.form ? { form: ask.form } : {}) } : undefined;
}

/** Forgets a conversation's requests (it is erased). */
export const forgetDocumentRequests = (store: Store, conversationId: string): Promise<void> => store.put(COLLECTION, conversationId, null);
