/**
 * `compute` remembered per key (an `undefined` result too). Bounded: when `max` keys are kept the
 * memory is emptied and starts again. The keys met in practice are few (choice labels, message
 * templates, the messages citizens repeat); the bound only guards against unbounded input.
 * `clear()` forgets everything, for a `compute` that reads something that changed.
 */
export function memoize<V, K = string>(compute: (key: K) => V, max: number): ((key: K) => V) & { clear(): void } {
  const seen = new Map<K, V>();
  return Object.assign(
    (key: K): V => {
      // One lookup for a value remembered; `has` only to tell a remembered `undefined` from none.
      const hit = seen.get(key);
      if (hit !== undefined || seen.has(key)) return hit as V;
      const v = compute(key);
      if (seen.size >= max) seen.clear();
      seen.set(key, v);
      return v;
    },
    { clear: () => seen.clear() },
  );
}

/** Sets `key` as the newest entry of an insertion-ordered map, dropping the oldest beyond `max`. */
export function setNewest<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

/**
 * `read` shared by callers that come while it runs, without serving anyone data read before they
 * came: the first caller starts a read; callers during it share one further read, started when it
 * ends. N callers at once (every open staff console refreshing on the same event) cost two reads,
 * not N, and each gets what was stored when it asked or later.
 */
export function coalesced<T>(read: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const p = read().finally(() => {
      if (current === p) current = null;
    });
    current = p;
    return p;
  };
  return () => {
    if (!current) return start();
    if (!next) {
      next = current.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        next = null;
        return start();
      });
    }
    return next;
  };
}
