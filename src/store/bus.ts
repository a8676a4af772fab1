import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import type { Bus } from "./port.js";

/** In-process publish/subscribe (one instance). */
export function createMemoryBus(): Bus {
  const em = new EventEmitter();
  em.setMaxListeners(0);
  return {
    async publish(topic, payload) {
      // Copy as JSON, like the Redis bus, so subscribers never share objects with publishers.
      em.emit(topic, JSON.parse(JSON.stringify(payload)));
    },
    subscribe(topic, handler) {
      em.on(topic, handler);
      return () => em.off(topic, handler);
    },
    async close() {
      em.removeAllListeners();
    },
  };
}

/**
 * Publish/subscribe across instances on Redis. `sub` is a dedicated connection (Redis puts a
 * subscribing connection in a mode where it can do nothing else); both are handed in.
 */
export function createRedisBus(pub: Redis, sub: Redis, opts: { prefix?: string } = {}): Bus {
  const prefix = opts.prefix ?? "loket:bus:";
  const local = createMemoryBus();
  const counts = new Map<string, number>();
  // A SUBSCRIBE sent while Redis is away is lost (ioredis re-subscribes only what succeeded): ask again on every (re)connect.
  // And one sent while the connection is opening goes out before ioredis's ready check, which it
  // then refuses in subscriber mode, dropping the connection (ioredis #2037): so (un)subscribe only
  // on a ready connection and leave the rest to this handler.
  // Topics left while the connection was not ready: ioredis re-subscribes them on reconnect.
  const left = new Set<string>();
  // A connection that was ready and is ready again was away: what was published meanwhile is lost.
  const gapListeners = new Set<() => void>();
  let wasReady = sub.status === "ready";
  sub.on("ready", () => {
    if (wasReady) queueMicrotask(() => gapListeners.forEach((l) => l()));
    wasReady = true;
    if (counts.size) void sub.subscribe(...[...counts.keys()].map((t) => prefix + t)).catch(() => undefined);
    // After ioredis's own re-subscribing of the topics it knew (it emits "ready" a tick later, after
    // re-subscribing; the microtask keeps that order should it ever emit first).
    // A topic stays in `left` until Redis confirms the unsubscribe: a connection that drops again
    // first would have ioredis re-subscribe it on the next reconnect.
    queueMicrotask(() => {
      const stale = [...left].filter((t) => !counts.has(t));
      if (!stale.length) return left.clear();
      void sub.unsubscribe(...stale.map((t) => prefix + t)).then(
        () => stale.forEach((t) => left.delete(t)),
        () => undefined,
      );
    });
  });
  sub.on("message", (channel: string, message: string) => {
    if (!channel.startsWith(prefix)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch {
      return;
    }
    void local.publish(channel.slice(prefix.length), payload);
  });
  return {
    async publish(topic, payload) {
      await pub.publish(prefix + topic, JSON.stringify(payload));
    },
    subscribe(topic, handler) {
      const n = counts.get(topic) ?? 0;
      counts.set(topic, n + 1);
      left.delete(topic);
      if (n === 0 && sub.status === "ready") void sub.subscribe(prefix + topic).catch(() => undefined);
      const off = local.subscribe(topic, handler);
      return () => {
        off();
        const remaining = (counts.get(topic) ?? 1) - 1;
        if (remaining <= 0) {
          counts.delete(topic);
          // "ready" may be a connection already dropping (Redis stopping): an unsubscribe that fails
          // leaves the topic in ioredis's list, re-subscribed at the reconnect, so it is left for then.
          if (sub.status === "ready")
            void sub.unsubscribe(prefix + topic).catch(() => {
              if (!counts.has(topic)) left.add(topic);
            });
          else left.add(topic);
        } else counts.set(topic, remaining);
      };
    },
    onGap(listener) {
      gapListeners.add(listener);
      return () => gapListeners.delete(listener);
    },
    async close() {
      gapListeners.clear();
      await local.close();
    },
  };
}
