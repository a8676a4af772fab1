/**
 * Entries that expire `ms` after they were added unless taken first, with one timer for all of
 * them: adding and taking cost a Map entry, not a timer each (a Telegram turn's place among its
 * conversation's deliveries, Runtime.inOrder). Entries expire in the order they were added, each at
 * its own time (the timer is set for the oldest); the timer does not keep the process alive.
 */
export interface Expiring<K, V> {
  add(key: K, value: V): void;
  /** The entry's value, removed; undefined when it was never added, already taken or expired. */
  take(key: K): V | undefined;
  readonly size: number;
}

export function expiring<K, V>(ms: number, expire: (value: V, key: K) => void): Expiring<K, V> {
  const entries = new Map<K, { value: V; at: number }>();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = undefined;
    for (const { at } of entries.values()) {
      timer = setTimeout(fire, Math.max(0, at + ms - Date.now()));
      timer.unref();
      return;
    }
  };
  const fire = () => {
    const now = Date.now();
    for (const [key, entry] of entries) {
      if (entry.at + ms > now) break;
      entries.delete(key);
      expire(entry.value, key);
    }
    arm();
  };
  return {
    add(key, value) {
      entries.delete(key);
      entries.set(key, { value, at: Date.now() });
      if (!timer) arm();
    },
    take(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      return entry.value;
    },
    get size() {
      return entries.size;
    },
  };
}
