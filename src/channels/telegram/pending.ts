import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Outbound } from "../../domain/message.js";
import type { Store } from "../../store/port.js";

/**
 * Pushes for Telegram citizens made on an instance without the Telegram channel (long polling
 * runs on one instance only): a staff reply from the console behind the load balancer, a status
 * notice. They go over the bus, which nobody hears while the Telegram instance restarts, so the
 * instance that makes one stores it first (createTelegramKeeper, RuntimeDeps.keepRemote); the
 * Telegram instance sends what it hears over the bus and what it finds stored (catchUp: at its
 * start, then every 30 s for what is older than 15 s), each once: whoever claims a row in the
 * store (an expiring counter) sends it, then deletes it. In webhook mode every instance has the
 * channel and sends its own pushes: nothing is stored.
 */
const COLLECTION = "telegram_pending";
/** A push older than this is not sent any more (out of its context), only removed. */
const MAX_AGE_MS = 24 * 3_600_000;
/** What the periodic catch-up leaves alone: the bus is delivering it now. */
const GRACE_MS = 15_000;

interface Row {
  v: 1;
  at: string;
  conversationId: string;
  address?: string;
  replies: Outbound[];
  from?: "bot" | "staff" | "system";
}

const isRow = (r: unknown): r is Row & { id: string } => {
  const x = r as Partial<Row & { id: string }> | null;
  return x?.v === 1 && typeof x.id === "string" && typeof x.conversationId === "string" && typeof x.at === "string" && Array.isArray(x.replies);
};

/** Stores a push for the Telegram instance; its id travels with it over the bus (`keptAs`). */
export function createTelegramKeeper(store: Store, opts: { now?: () => Date } = {}): (to: { conversationId: string; address?: string | undefined }, replies: Outbound[]) => Promise<string | undefined> {
  const now = opts.now ?? (() => new Date());
  return async (to, replies) => {
    if (!replies.length) return undefined;
    const id = randomUUID();
    await store.put(COLLECTION, id, { v: 1, id, at: now().toISOString(), conversationId: to.conversationId, ...(to.address ? { address: to.address } : {}), replies } satisfies Row & { id: string });
    return id;
  };
}

export interface TelegramPending {
  /** Sends a stored push heard over the bus, unless it was sent already. */
  sendKept(id: string, send: () => Promise<void>): Promise<void>;
  /** Sends what is stored (at the start: everything; later: what the bus did not deliver). */
  catchUp(all?: boolean): Promise<number>;
  stop(): void;
}

export function createTelegramPending(deps: {
  store: Store;
  logger: Logger;
  send: (conversationId: string, address: string | undefined, replies: Outbound[]) => Promise<void>;
  now?: () => Date;
  everyMs?: number;
}): TelegramPending {
  const { store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const claim = async (id: string) => (await store.nextSequence(`${COLLECTION}:${id}`, { expireMs: MAX_AGE_MS + GRACE_MS })) === 1;
  const done = (id: string) => store.put(COLLECTION, id, null);
  let timer: NodeJS.Timeout | undefined;
  const pending: TelegramPending = {
    async sendKept(id, send) {
      if (!(await claim(id))) return;
      // Dropped since it was stored (the conversation was erased): not sent.
      if (!(await store.get(COLLECTION, id).catch(() => true))) return;
      try {
        await send();
      } finally {
        await done(id).catch(() => undefined);
      }
    },
    async catchUp(all = false) {
      const t = now().getTime();
      const rows = (await store.list<unknown>(COLLECTION)).filter(isRow).sort((a, b) => a.at.localeCompare(b.at));
      let sent = 0;
      for (const r of rows) {
        const age = t - Date.parse(r.at);
        if (!(age < MAX_AGE_MS)) {
          await done(r.id);
          continue;
        }
        if (!all && age < GRACE_MS) continue;
        if (!(await claim(r.id))) continue;
        try {
          await deps.send(r.conversationId, r.address, r.replies);
          sent++;
        } catch (err) {
          logger.warn({ err: { message: (err as Error).message }, conversationId: r.conversationId }, "stored telegram push not sent");
        }
        await done(r.id);
      }
      if (sent) logger.info({ pushes: sent }, "telegram: sent pushes stored while this instance was away");
      return sent;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  timer = setInterval(() => void pending.catchUp().catch((err: unknown) => logger.warn({ err: { message: (err as Error).message } }, "telegram catch-up failed")), deps.everyMs ?? 30_000);
  timer.unref();
  return pending;
}

/** Removes pushes too old to send (retention; where Telegram is no longer enabled). */
export async function dropStaleTelegramPending(store: Store, now: Date): Promise<number> {
  let dropped = 0;
  for (const r of (await store.list<unknown>(COLLECTION)).filter(isRow)) {
    if (now.getTime() - Date.parse(r.at) < MAX_AGE_MS) continue;
    await store.put(COLLECTION, r.id, null);
    dropped++;
  }
  return dropped;
}

/**
 * Removes every stored push of a conversation, whatever its age: for "hapus data saya" and the
 * retention sweep (what staff wrote to the citizen is part of the conversation). Returns how many.
 */
export async function dropTelegramPendingOf(store: Store, conversationId: string): Promise<number> {
  let dropped = 0;
  for (const r of (await store.list<unknown>(COLLECTION)).filter(isRow)) {
    if (r.conversationId !== conversationId) continue;
    await store.put(COLLECTION, r.id, null);
    dropped++;
  }
  return dropped;
}
