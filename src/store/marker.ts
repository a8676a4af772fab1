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
