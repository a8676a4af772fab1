/**
 * In-process FIFO mutex per key, for the single-process adapters (memory, SQLite).
 * Waiters are served in arrival order; a waiter that times out leaves the queue.
 */
export class KeyedMutex {
  private readonly queues = new Map<string, { resolve: () => void; timer?: NodeJS.Timeout }[]>();
  private readonly held = new Set<string>();

  /** Resolves when the lock is ours; rejects with `onTimeout()` after `waitMs`. */
  acquire(key: string, waitMs: number, onTimeout: () => Error): Promise<void> {
    if (!this.held.has(key)) {
      this.held.add(key);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      this.queues.set(key, queue);
      const waiter: { resolve: () => void; timer?: NodeJS.Timeout } = { resolve };
      waiter.timer = setTimeout(() => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        if (!queue.length) this.queues.delete(key);
        reject(onTimeout());
      }, waitMs);
      queue.push(waiter);
    });
  }

  release(key: string): void {
    const queue = this.queues.get(key);
    const next = queue?.shift();
    if (queue && !queue.length) this.queues.delete(key);
    if (next) {
      clearTimeout(next.timer);
      next.resolve(); // ownership passes directly to the next waiter
    } else {
      this.held.delete(key);
    }
  }
}
