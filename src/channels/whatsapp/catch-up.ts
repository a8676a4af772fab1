import { isIndividualChat } from "./inbound.js";
import type { WaChat, WaClient, WaMessage } from "./types.js";

/**
 * Bounds of the catch-up after a (re)connect. The defaults answer what a citizen sent during a
 * restart or an outage of some hours, and never a chat left unread for days.
 */
export interface CatchUpOptions {
  /**
   * Unread messages older than this are left unanswered (default 24 h): a reply out of the blue
   * to something asked days ago confuses more than it helps (WhatsApp's own business API allows
   * free replies only within 24 h of the citizen's last message, for the same reason).
   */
  maxAgeMs?: number;
  /**
   * At most this many of a chat's newest unread messages (default 10). Keep it within the
   * per-citizen burst (RATE_LIMIT_BURST): taken at once, more would meet the rate limit.
   */
  perChat?: number;
  /** At most this many chats per catch-up, the most recently active first (default 100). */
  maxChats?: number;
  /** Listing chats and fetching their messages is given up after this long (default 60 s). */
  timeoutMs?: number;
}

/** What one catch-up found, for the log: counts only, never who or what. */
export interface CatchUpCounts {
  /** Private chats with unread messages that were read. */
  chats: number;
  /** Messages handed to the inbound path. */
  messages: number;
  /** Unread messages left alone as older than `maxAgeMs` (chats whose last activity is older count once each). */
  old: number;
  /** Unread messages beyond `perChat` (the oldest of a chat), not fetched. */
  overLimit: number;
  /** Chats with unread messages beyond `maxChats`, not read. */
  chatsLeft: number;
  /** Chats whose messages could not be fetched. */
  failed: number;
}

const DAY_MS = 86_400_000;
/**
 * A chat active this recently is read even with nothing unread: a reply sent marks the whole chat
 * seen, so a message that arrived just before it and was not handled yet (a photo still
 * downloading when the process died) is no longer unread. Its last RECENT_MESSAGES are read; those
 * already handled are dropped by the runtime's dedupe.
 */
const RECENT_MS = 10 * 60_000;
const RECENT_MESSAGES = 3;
/** Chats fetched at the same time: each fetch is one round trip into the browser. */
const PARALLEL = 4;

/**
 * The unread messages of private chats (groups, status broadcasts and channels left out), per
 * chat oldest first, without the account's own messages. whatsapp-web.js does not emit `message`
 * for what WhatsApp Web synced while the client was offline, so this is the only way to see it.
 * Sending to a chat marks it seen, so a chat Loket answered is not unread any more: chats active in
 * the last minutes are read too (RECENT_MS).
 */
export async function unreadMessages(client: WaClient, opts: CatchUpOptions & { now: () => Date }): Promise<{ chats: WaMessage[][]; counts: CatchUpCounts }> {
  const since = (opts.now().getTime() - (opts.maxAgeMs ?? DAY_MS)) / 1000;
  const perChat = Math.max(1, opts.perChat ?? 10);
  const counts: CatchUpCounts = { chats: 0, messages: 0, old: 0, overLimit: 0, chatsLeft: 0, failed: 0 };
  const unread: WaChat[] = [];
  const recentSince = (opts.now().getTime() - RECENT_MS) / 1000;
  const recent = (chat: WaChat) => !(chat.unreadCount > 0) && typeof chat.timestamp === "number" && chat.timestamp >= recentSince;
  for (const chat of await client.getChats()) {
    if (!chat || chat.isGroup || !(chat.unreadCount > 0 || recent(chat)) || !isIndividualChat(chat.id?._serialized ?? "")) continue;
    // Nothing happened in the chat since the bound: its unread messages are all older.
    if (typeof chat.timestamp === "number" && chat.timestamp < since) counts.old++;
    else unread.push(chat);
  }
  unread.sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
  const picked = unread.slice(0, Math.max(0, opts.maxChats ?? 100));
  counts.chatsLeft = unread.length - picked.length;

  const chats: WaMessage[][] = [];
  let next = 0;
  async function worker(): Promise<void> {
    for (let i = next++; i < picked.length; i = next++) {
      const chat = picked[i]!;
      const limit = recent(chat) ? Math.min(RECENT_MESSAGES, perChat) : Math.min(chat.unreadCount, perChat);
      if (!recent(chat)) counts.overLimit += chat.unreadCount - limit;
      let msgs: WaMessage[];
      try {
        msgs = await chat.fetchMessages({ limit, fromMe: false });
      } catch {
        counts.failed++;
        continue;
      }
      const fresh: WaMessage[] = [];
      for (const m of msgs ?? []) {
        if (!m?.id?._serialized || m.fromMe) continue;
        if (typeof m.timestamp !== "number" || m.timestamp < since) counts.old++;
        else fresh.push(m);
      }
      // Oldest first. Stable, but messages of the same second may already have been swapped:
      // whatsapp-web.js sorts what it fetched by second with a comparator that is not stable for ties.
      fresh.sort((a, b) => a.timestamp! - b.timestamp!);
      const mine = fresh.slice(-limit);
      if (!mine.length) continue;
      counts.chats++;
      counts.messages += mine.length;
      chats[i] = mine;
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, picked.length) }, worker));
  return { chats: chats.filter(Boolean), counts };
}
