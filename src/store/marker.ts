import type { Collection, Store } from "./port.js";

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
