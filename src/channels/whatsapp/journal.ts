import type { Store } from "../../store/port.js";
import type { Outbound } from "../../domain/message.js";
import type { OutboxJournal, PendingBatch } from "./outbox.js";

const COLLECTION = "whatsapp_outbox";
/**
 * Texts older than this are not sent after a restart (a reply a day late, out of its context,
 * confuses more than it helps), and are removed: they hold a phone number and what Loket said.
 * The retention sweep removes them too, where WhatsApp is no longer enabled (runtime/retention.ts).
 */
const OUTBOX_MAX_AGE_MS = 24 * 3_600_000;

/** One queued batch as stored. `start` and `n` order batches: the process's start, then its count. */
interface Row extends PendingBatch {
  v: 1;
  start: number;
  n: number;
  /** When it was queued (ISO), for an operator reading the store. */
  at: string;
}

const isRow = (r: unknown): r is Row => {
  const x = r as Partial<Row> | null;
  return (
    x?.v === 1 &&
    Number.isInteger(x.start) &&
    Number.isInteger(x.n) &&
    typeof x.chatId === "string" &&
    typeof x.conversationId === "string" &&
    Array.isArray(x.texts) &&
    x.texts.length > 0 &&
    x.texts.every((t) => typeof t === "string")
  );
};

const idOf = (r: { start: number; n: number }): string => `${r.start}.${r.n}`;
/** A row's `asks` when they fit its texts (a row without them, or from another version, has none). */
const asksOf = (r: { texts: string[]; asks?: unknown }): (string | null)[] | undefined =>
  Array.isArray(r.asks) && r.asks.length === r.texts.length && r.asks.every((a) => a === null || typeof a === "string") ? (r.asks as (string | null)[]) : undefined;
const batchOf = (r: Row): PendingBatch => {
  const asks = asksOf(r);
  return { chatId: r.chatId, conversationId: r.conversationId, texts: r.texts, ...(asks ? { asks } : {}) };
};

/** The chat a conversation's texts go to: the address its channel gave, or the id's own JID. */
export const whatsAppChatId = (conversationId: string, address?: string): string => address ?? conversationId.replace(/^whatsapp:/, "");

/**
 * The stored batches, split by age: the fresh ones in the order queued (by time first, since
 * another instance's rows carry its own start number, which says nothing of when beside this
 * process's; then by start and count), and those older than OUTBOX_MAX_AGE_MS. Rows of another
 * shape (written by a later version) are in neither: left as they are, not sent.
 */
async function readRows(store: Store, now: Date): Promise<{ fresh: Row[]; stale: Row[] }> {
  const cutoff = now.getTime() - OUTBOX_MAX_AGE_MS;
  const rows = (await store.list<unknown>(COLLECTION)).filter(isRow);
  const fresh = rows.filter((r) => Date.parse(r.at) >= cutoff).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.start - b.start || a.n - b.n);
  return { fresh, stale: rows.filter((r) => !(Date.parse(r.at) >= cutoff)) };
}

/**
 * The WhatsApp outbox's journal in the configured store (SQLite, Redis, memory in tests), as
 * records of the `whatsapp_outbox` collection: no store method of its own. Only the instance
 * running WhatsApp (WHATSAPP_ENABLED=1, the one holding the session) creates it and sends from
 * it; other instances on Redis only add their pushes to it (createWhatsAppKeeper), and the web and
 * Telegram paths never touch it. Ids are (a number each process takes from the store's counter,
 * then its own count); a start sends what it finds by time queued, then id. Costs per batch: one
 * write when queued, then one per text sent (the last one a delete).
 *
 * @example
 * createOutbox({ ..., journal: createStoreJournal(store), resumeWhen: firstReady })
 */
export function createStoreJournal(store: Store, opts: { now?: () => Date; onStale?: (batches: number) => void } = {}): OutboxJournal {
  const now = opts.now ?? (() => new Date());
  let start = 0;
  let n = 0;
  const rows = new Map<string, Omit<Row, keyof PendingBatch>>();
  const put = (id: string, batch: PendingBatch | null) => {
    const head = rows.get(id);
    if (!batch || !head) {
      rows.delete(id);
      return store.put(COLLECTION, id, null);
    }
    const asks = asksOf(batch);
    return store.put(COLLECTION, id, { ...head, chatId: batch.chatId, conversationId: batch.conversationId, texts: batch.texts, ...(asks ? { asks } : {}) } satisfies Row);
  };
  return {
    async open() {
      start = await store.nextSequence("whatsapp-outbox-start");
      const { fresh, stale } = await readRows(store, now());
      for (const r of stale) await store.put(COLLECTION, idOf(r), null);
      if (stale.length) opts.onStale?.(stale.length);
      return fresh.map((r) => {
        const id = idOf(r);
        rows.set(id, { v: 1, start: r.start, n: r.n, at: r.at });
        return { id, batch: batchOf(r) };
      });
    },
    add(batch) {
      const head = { v: 1 as const, start, n: ++n, at: now().toISOString() };
      const id = idOf(head);
      rows.set(id, head);
      const written = put(id, batch).catch((err: unknown) => {
        rows.delete(id);
        throw err;
      });
      return { id, written };
    },
    async update(id, batch) {
      // What is left of a batch dropped while a text of it was being sent ("hapus data saya",
      // retention, on any instance) is not written back: it would be sent after the erasure.
      if (batch && !(await store.get(COLLECTION, id))) {
        rows.delete(id);
        return;
      }
      return put(id, batch);
    },
    async pending() {
      return (await readRows(store, now())).fresh.map((r) => ({ id: idOf(r), batch: batchOf(r) }));
    },
    async has(id) {
      if (await store.get(COLLECTION, id)) return true;
      rows.delete(id); // dropped: a later update must not write it back
      return false;
    },
    adopt(id) {
      const [s, k] = id.split(".").map(Number);
      if (!rows.has(id) && Number.isInteger(s) && Number.isInteger(k)) rows.set(id, { v: 1, start: s!, n: k!, at: now().toISOString() });
    },
  };
}

/**
 * For the instances without the WhatsApp session (several on Redis): what they send to a WhatsApp
 * citizen over the bus (a staff reply, a status notice) is stored first as a batch of the outbox,
 * rendered as the WhatsApp instance would, under an id of the same kind (its own number from the
 * store's counter, then its count). The WhatsApp instance takes it over when the bus message comes
 * (OutboxJournal.adopt), or finds it at its next start if it was away: pub/sub keeps nothing.
 */
export function createWhatsAppKeeper(
  store: Store,
  render: (replies: Outbound[]) => { texts: string[]; asks?: (string | null)[] },
  opts: { now?: () => Date } = {},
): (to: { conversationId: string; address?: string | undefined }, replies: Outbound[]) => Promise<string | undefined> {
  const now = opts.now ?? (() => new Date());
  let start: Promise<number> | undefined;
  let n = 0;
  return async (to, replies) => {
    const { texts, asks } = render(replies);
    if (!texts.length) return undefined;
    // A counter read that fails is tried again at the next push, not remembered as failed.
    start ??= store.nextSequence("whatsapp-outbox-start").catch((err: unknown) => {
      start = undefined;
      throw err;
    });
    const row: Row = { v: 1, start: await start, n: ++n, at: now().toISOString(), chatId: whatsAppChatId(to.conversationId, to.address), conversationId: to.conversationId, texts, ...(asks?.some(Boolean) ? { asks } : {}) };
    const id = idOf(row);
    await store.put(COLLECTION, id, row);
    return id;
  };
}

/**
 * Removes stored WhatsApp texts older than OUTBOX_MAX_AGE_MS, or (with `conversationId`) every
 * text of that conversation, whatever its age: for the retention sweep and for "hapus data saya",
 * on any instance (WhatsApp need not be enabled there). Returns how many batches went.
 */
export async function dropOutboxRows(store: Store, opts: { now: Date; conversationId?: string }): Promise<number> {
  const { fresh, stale } = await readRows(store, opts.now);
  const gone = opts.conversationId ? [...fresh, ...stale].filter((r) => r.conversationId === opts.conversationId) : stale;
  for (const r of gone) await store.put(COLLECTION, idOf(r), null);
  return gone.length;
}
