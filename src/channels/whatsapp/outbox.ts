import type { Logger } from "pino";
import { LoketError } from "../../errors.js";
import type { AskedDocument } from "../../runtime/document-requests.js";
import { describe } from "./connection.js";

/**
 * Runs tasks one after another per key, different keys concurrently. Used for per-chat
 * ordering of inbound handling and of outbound sends.
 */
export function keyedSerial(): { run<T>(key: string, task: () => Promise<T>): Promise<T>; idle(): Promise<void> } {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const prev = tails.get(key) ?? Promise.resolve();
      const result = prev.then(task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size) await Promise.all([...tails.values()]);
    },
  };
}

export interface TokenBucket {
  /** Resolves when a token is free; callers are served first come, first served. */
  take(): Promise<void>;
}

/** A global token bucket: `burst` sends at once, then `perSecond` on average. */
export function createTokenBucket(opts: {
  perSecond: number;
  burst: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}): TokenBucket {
  let tokens = opts.burst;
  let at = opts.now();
  let queue: Promise<void> = Promise.resolve();
  const refill = (): void => {
    const t = opts.now();
    tokens = Math.min(opts.burst, tokens + ((t - at) / 1000) * opts.perSecond);
    at = t;
  };
  return {
    take() {
      const turn = queue.then(async () => {
        refill();
        while (tokens < 1) {
          await opts.sleep(Math.max(1, Math.ceil(((1 - tokens) / opts.perSecond) * 1000)));
          refill();
        }
        tokens -= 1;
      });
      queue = turn;
      return turn;
    },
  };
}

export interface OutboxOptions {
  send(chatId: string, text: string): Promise<unknown>;
  logger: Logger;
  /** Global sends per second (WHATSAPP_SEND_PER_SECOND). */
  perSecond: number;
  /** Sends allowed back to back before pacing starts. Default: max(1, ceil(perSecond)). */
  burst?: number;
  /** Attempts per message (first try included), waiting `initialMs` doubling to `maxMs` between. */
  retry?: { attempts?: number; initialMs?: number; maxMs?: number };
  /**
   * Whether the session can send now. While it cannot (WhatsApp Web reconnecting, a new QR to
   * scan), texts wait for it instead of using up their attempts, up to `maxWaitMs` (default 30 min).
   */
  connected?: () => boolean;
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Keeps queued texts until they are sent, so a crash does not lose them (journal.ts). Without one they live in memory only. */
  journal?: OutboxJournal;
  /**
   * Called after a text that asks for a document (`PendingBatch.asks`) was sent, with what `send`
   * resolved to (whatsapp-web.js's sent `Message`): its id is remembered for a document quoting it.
   * A failure is logged; the text counts as sent.
   */
  onAskSent?(batch: PendingBatch, asked: AskedDocument, sent: unknown): Promise<void>;
  /**
   * Texts a previous process left in the journal are tried once this resolves (the session's first
   * `ready`): tried while the browser starts, they would use up their attempts. Default: at once.
   */
  resumeWhen?: Promise<unknown>;
}

/** Texts for one chat still to send, as the journal keeps them. */
export interface PendingBatch {
  chatId: string;
  conversationId: string;
  texts: string[];
  /**
   * Beside each text, the document it asks for (a document question: the requirement with its
   * application, AskedDocument; a bare requirement in batches queued before 2026-12-01), else
   * null. Absent: none asks.
   */
  asks?: (AskedDocument | null)[];
}

/**
 * Where the outbox keeps what it has not sent yet. A batch is added when queued (its first text is
 * sent only once that write is done), shortened after each text sent, and removed when all of it
 * was sent or given up. A write that fails is logged; the texts are still sent from memory.
 */
export interface OutboxJournal {
  /** Called once, before anything is added: the batches a previous process left, oldest first. */
  open(): Promise<{ id: string; batch: PendingBatch }[]>;
  /** Keeps a batch; ids order batches across processes as they were added. */
  add(batch: PendingBatch): { id: string; written: Promise<void> };
  /** What is left of a batch; null removes it. */
  update(id: string, batch: PendingBatch | null): Promise<void>;
  /** Takes over a batch another instance stored under `id` (createWhatsAppKeeper): updated from now on as if added here. */
  adopt(id: string): void;
  /** The batches stored now (any instance's), in the order queued; for a rescan. */
  pending?(): Promise<{ id: string; batch: PendingBatch }[]>;
  /**
   * Whether the batch is still stored: false once it was dropped ("hapus data saya", retention,
   * on any instance), and what is left of it is then not sent. Asked just before each text goes.
   */
  has?(id: string): Promise<boolean>;
}

export interface Outbox {
  /**
   * Queues texts for one chat, sent in order after everything queued before for that chat.
   * Rejects with CHANNEL_FAILED when a text could not be sent after all retries; the rest of
   * that batch is then dropped (sending it out of context would confuse the citizen).
   */
  enqueue(chatId: string, texts: string[], conversationId: string, keptAs?: string, asks?: (string | null)[]): Promise<void>;
  /**
   * Takes over what other instances stored whose bus message never came (this instance's Redis
   * connection dropped at that moment): every stored batch this process has not queued. Returns
   * how many.
   */
  rescan(): Promise<number>;
  /** Resolves when every queued text was sent or given up on. */
  idle(): Promise<void>;
  /**
   * Stops sending (the process is stopping): the text being sent is finished, the others are left
   * unsent, and those in the journal stay there for the next start.
   */
  close(): void;
}

/** Thrown inside the outbox when it was closed: the text is left for the next start, not given up. */
class OutboxClosed extends Error {}
/** Thrown inside the outbox when the batch was dropped from the journal meanwhile: the rest is not sent. */
class BatchDropped extends Error {}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Outbound pacing: per-chat order, a global rate (so the number is not flagged), bounded retries.
 * With a journal, what is queued survives a crash: on creation the batches a previous process
 * left are queued first (each chat's in order), before anything queued by this one.
 */
export function createOutbox(opts: OutboxOptions): Outbox {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const attempts = opts.retry?.attempts ?? 5;
  const initialMs = opts.retry?.initialMs ?? 1_000;
  const maxMs = opts.retry?.maxMs ?? 15_000;
  const bucket = createTokenBucket({ perSecond: opts.perSecond, burst: opts.burst ?? Math.max(1, Math.ceil(opts.perSecond)), now, sleep });
  const chats = keyedSerial();

  const connected = opts.connected ?? (() => true);
  const maxWaitMs = opts.maxWaitMs ?? 30 * 60_000;

  let closed = false;
  let onClose!: () => void;
  const whenClosed = new Promise<void>((r) => (onClose = r));

  /** Waits while the session is down; false when it stayed down past `maxWaitMs`. */
  async function untilConnected(): Promise<boolean> {
    const since = now();
    while (!connected()) {
      if (closed) throw new OutboxClosed();
      if (now() - since >= maxWaitMs) return false;
      await sleep(1_000);
      // A sleep that resolves at once (tests inject one) must still let timers and I/O run: the
      // session becoming ready, or the channel stopping, is what ends this wait.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return true;
  }

  async function sendOne(chatId: string, text: string, conversationId: string, stillStored?: () => Promise<boolean>): Promise<unknown> {
    for (let i = 1; ; i++) {
      if (closed) throw new OutboxClosed();
      if (!(await untilConnected())) {
        throw new LoketError("CHANNEL_FAILED", `WhatsApp was not connected for ${Math.round(maxWaitMs / 60_000)} min`, { conversationId, attempts: i - 1 });
      }
      await bucket.take();
      // Dropped while it waited (the conversation was erased): not sent. A journal that cannot be read sends it.
      if (stillStored && !(await stillStored().catch(() => true))) throw new BatchDropped();
      try {
        return await opts.send(chatId, text);
      } catch (err) {
        const reason = describe(err);
        // Failing because the session went down meanwhile: wait for it, this try does not count.
        if (!connected()) {
          i--;
          continue;
        }
        if (i >= attempts) {
          throw new LoketError("CHANNEL_FAILED", `WhatsApp send failed after ${i} attempts: ${reason}`, { conversationId, attempts: i }, { cause: err });
        }
        opts.logger.warn({ conversationId, attempt: i, reason }, "whatsapp send failed, retrying");
        await sleep(Math.min(maxMs, initialMs * 2 ** (i - 1)));
      }
    }
  }

  let journal = opts.journal;
  /** A journal write failing never stops a text: it is logged, and the text sent from memory. */
  async function note(id: string, batch: PendingBatch | null, conversationId: string): Promise<void> {
    await journal?.update(id, batch).catch((err: unknown) => {
      opts.logger.warn({ conversationId, reason: describe(err) }, "whatsapp outbox: the stored queue was not updated (a text may be sent twice after a restart)");
    });
  }

  /** Sends a batch in order; with a journal id, keeps the journal in step. */
  async function sendBatch(batch: PendingBatch, id: string | undefined): Promise<void> {
    const { chatId, texts, conversationId } = batch;
    const has = journal?.has?.bind(journal);
    const stillStored = id && has ? () => has(id) : undefined;
    for (let i = 0; i < texts.length; i++) {
      let sent: unknown;
      try {
        sent = await sendOne(chatId, texts[i]!, conversationId, stillStored);
      } catch (err) {
        if (err instanceof OutboxClosed) return; // left in the journal for the next start
        if (err instanceof BatchDropped) return; // gone from the journal: nothing to update
        if (id) await note(id, null, conversationId); // given up: the rest of the batch is dropped too
        throw err;
      }
      const asked = batch.asks?.[i];
      if (asked && opts.onAskSent) {
        await opts.onAskSent(batch, asked, sent).catch((err: unknown) => {
          opts.logger.warn({ conversationId, reason: describe(err) }, "whatsapp: a document question was sent, but its message id was not stored (a reply quoting it is filed as the pending document)");
        });
      }
      if (id) await note(id, i + 1 < texts.length ? { ...batch, texts: texts.slice(i + 1), ...(batch.asks ? { asks: batch.asks.slice(i + 1) } : {}) } : null, conversationId);
    }
  }

  /**
   * Batches another instance stored (journal ids) that this process has queued: the bus message for
   * one may arrive after the start already found it in the store. Bounded: the oldest go first.
   */
  const taken = new Set<string>();
  const take = (id: string): boolean => {
    if (taken.has(id)) return false;
    taken.add(id);
    if (taken.size > 10_000) taken.delete(taken.values().next().value!);
    return true;
  };

  /** A batch another instance stored under `id`: sent and kept in step under that id, once. */
  function adoptNow(batch: PendingBatch, id: string): Promise<void> {
    if (!take(id)) return Promise.resolve();
    // The stored queue could not be read at start: sent from memory, and the other instance's row
    // removed after, or the next start would send it again.
    if (!journal) return enqueueNow(batch).finally(() => opts.journal?.update(id, null).catch(() => undefined));
    journal.adopt(id);
    return chats.run(batch.chatId, () => sendBatch(batch, id));
  }

  function enqueueNow(batch: PendingBatch): Promise<void> {
    const kept = batch.texts.length ? journal?.add(batch) : undefined;
    if (kept) take(kept.id); // its own: never taken over by a rescan
    return chats.run(batch.chatId, async () => {
      let id = kept?.id;
      await kept?.written.catch((err: unknown) => {
        id = undefined;
        opts.logger.warn({ conversationId: batch.conversationId, reason: describe(err) }, "whatsapp outbox: a queued text was not stored (it is sent from memory)");
      });
      await sendBatch(batch, id);
    });
  }

  /** Every enqueue passes here, in call order, so nothing queued by this process goes before the leftovers. */
  const opened: Promise<void> = !journal
    ? Promise.resolve()
    : journal.open().then(
        (left) => {
          let texts = 0;
          for (const { id, batch } of left) {
            texts += batch.texts.length;
            take(id);
            chats
              .run(batch.chatId, async () => {
                await Promise.race([opts.resumeWhen, whenClosed]);
                await sendBatch(batch, id);
              })
              .catch((err: unknown) => {
                opts.logger.error({ conversationId: batch.conversationId, reason: describe(err) }, "whatsapp reply not delivered");
              });
          }
          if (left.length) opts.logger.info({ batches: left.length, texts }, "whatsapp outbox: texts left by the previous run are queued again");
        },
        (err: unknown) => {
          journal = undefined;
          opts.logger.warn({ reason: describe(err) }, "whatsapp outbox: the stored queue could not be read; texts queued until the next restart live in memory only");
        },
      );

  return {
    enqueue(chatId, texts, conversationId, keptAs, asks) {
      const batch: PendingBatch = { chatId, conversationId, texts, ...(asks?.some(Boolean) ? { asks } : {}) };
      if (keptAs) return opts.journal ? opened.then(() => adoptNow(batch, keptAs)) : enqueueNow(batch);
      return opts.journal ? opened.then(() => enqueueNow(batch)) : enqueueNow(batch);
    },
    async rescan() {
      await opened;
      if (!journal?.pending || closed) return 0;
      let n = 0;
      for (const { id, batch } of await journal.pending()) {
        if (taken.has(id)) continue;
        n++;
        adoptNow(batch, id).catch((err: unknown) => {
          opts.logger.error({ conversationId: batch.conversationId, reason: describe(err) }, "whatsapp reply not delivered");
        });
      }
      return n;
    },
    async idle() {
      await opened;
      await chats.idle();
    },
    close() {
      closed = true;
      onClose();
    },
  };
}
