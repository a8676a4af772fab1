import { createHash } from "node:crypto";
import type { Collection, Put, Store } from "./port.js";

/**
 * A one-off job's mark in a store (an index built, copies made): a record under a key no real
 * record has. Once seen set, it is remembered per store object, so readers ask the store once.
 */
export function storeMarker(collection: Collection, key = "__ready__"): { isSet(store: Store): Promise<boolean>; set(store: Store, at: Date): Promise<void> } {
  const seen = new WeakSet<Store>();
  return {
    async isSet(store) {
      if (seen.has(store)) return true;
      if (!(await store.get(collection, key))) return false;
      seen.add(store);
      return true;
    },
    async set(store, at) {
      await store.put(collection, key, { at: at.toISOString() });
      seen.add(store);
    },
  };
}

/**
 * Writes what `puts` returns, read under the conversation's lock (a one-off job's write beside
 * live turns: a staff action or a submission meanwhile is not undone by what was read before).
 */
export async function writeUnderLock(store: Store, conversationId: string, puts: () => Promise<Put[]>): Promise<void> {
  const turn = await store.begin(conversationId);
  try {
    await turn.commit({ puts: await puts() });
  } catch (err) {
    await turn.release();
    throw err;
  }
}

/**
 * Whether this instance is the first, among instances on one store, to claim `content` under
 * `name` within a minute: instances that reload together (a Telegram command menu after a reload
 * of messages/) let one of them make the call. Keyed by the content's digest, so a second, different
 * change is claimed afresh.
 */
export async function firstToClaim(store: Store, name: string, content: string): Promise<boolean> {
  const digest = createHash("sha256").update(content).digest("hex").slice(0, 16);
  return (await store.nextSequence(`${name}:${digest}`, { expireMs: 60_000 })) === 1;
}
