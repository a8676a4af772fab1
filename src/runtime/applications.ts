import type { Logger } from "pino";
import type { Application } from "../domain/records.js";
import { storeMarker, writeUnderLock } from "../store/marker.js";
import type { Put, Store } from "../store/port.js";

/**
 * Which applications each conversation submitted (collection `conversation_applications`, key =
 * conversation id), so that a conversation's own applications are read one by one instead of
 * reading every application the office ever had (a province's years of them) on a citizen's turn
 * or a staff member's case view.
 *
 * The index is written in the same commit as the application (under the conversation's lock).
 * Applications submitted before it existed are added once, at start-up (`backfillApplicationIndex`);
 * until that has finished (the record `READY_KEY`), readers fall back to reading them all.
 */
export interface ConversationApplications {
  numbers: string[];
}

/** Not a conversation id (those start with their channel, `web:`, `telegram:`, `whatsapp:`). */
export const READY_KEY = "__ready__";

const indexed = storeMarker("conversation_applications", READY_KEY);
const indexReady = (store: Store) => indexed.isSet(store);

/** The applications `conversationId` submitted, oldest first. */
export async function applicationsOf(store: Store, conversationId: string): Promise<Application[]> {
  // Until the index is ready, an entry may hold only what was submitted since the upgrade: all are read.
  if (!(await indexReady(store))) {
    return (await store.list<Application>("applications")).filter((a) => a.conversationId === conversationId);
  }
  const entry = await store.get<ConversationApplications>("conversation_applications", conversationId);
  const apps = await Promise.all((entry?.numbers ?? []).map((n) => store.get<Application>("applications", n)));
  return apps.filter((a): a is Application => a !== null && a.conversationId === conversationId);
}

/** The index write that goes into the commit submitting `number` (read under the conversation's lock). */
export async function indexPut(store: Store, conversationId: string, number: string): Promise<Put> {
  const entry = await store.get<ConversationApplications>("conversation_applications", conversationId);
  const numbers = entry?.numbers.includes(number) ? entry.numbers : [...(entry?.numbers ?? []), number];
  return { collection: "conversation_applications", key: conversationId, value: { numbers } satisfies ConversationApplications };
}

/**
 * Adds the applications submitted before the index existed, each conversation under its lock (a
 * citizen submitting meanwhile keeps theirs: entries are merged), then marks the index ready.
 * Runs once per store: later starts find the mark and return at once. Several instances starting
 * together each do the same merge, which is harmless. Returns how many conversations it indexed.
 */
export async function backfillApplicationIndex(store: Store, logger?: Logger): Promise<number> {
  if (await indexReady(store)) return 0;
  const byConversation = new Map<string, string[]>();
  for (const app of await store.list<Application>("applications")) {
    const list = byConversation.get(app.conversationId);
    if (list) list.push(app.number);
    else byConversation.set(app.conversationId, [app.number]);
  }
  for (const [conversationId, numbers] of byConversation) {
    await writeUnderLock(store, conversationId, async () => {
      const entry = await store.get<ConversationApplications>("conversation_applications", conversationId);
      const merged = [...new Set([...numbers, ...(entry?.numbers ?? [])])];
      return [{ collection: "conversation_applications", key: conversationId, value: { numbers: merged } }];
    });
  }
  await indexed.set(store, new Date());
  if (byConversation.size) logger?.info({ conversations: byConversation.size }, "applications indexed by conversation");
  return byConversation.size;
}
