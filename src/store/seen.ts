import { createHash } from "node:crypto";

/**
 * Recent message ids of one conversation (dedupe), kept beside its state by the Redis and SQLite
 * stores. Ids are stored as 12-character digests: WhatsApp ids run to 60+ bytes, 32 of them would
 * not fit an idle conversation's budget.
 */
export const dedupeMember = (key: string): string => createHash("sha256").update(key).digest("base64url").slice(0, 12);

/** Ids remembered per conversation by default (the newest ones). */
export const DEDUPE_WINDOW = 32;

const MEMBER = 12;

/**
 * The SQLite form of the window: `<member><time in base 36>` entries separated by spaces, newest
 * last. True when `member` is in it and was seen at or after `since` (ms).
 */
export function windowHas(window: string | null | undefined, member: string, since: number): boolean {
  if (!window) return false;
  for (let i = window.indexOf(member); i >= 0; i = window.indexOf(member, i + 1)) {
    if (i > 0 && window[i - 1] !== " ") continue;
    const end = window.indexOf(" ", i);
    if (parseInt(window.slice(i + MEMBER, end < 0 ? undefined : end), 36) >= since) return true;
  }
  return false;
}

/** The window with `member` added at `at`, keeping the newest `max` entries. */
export function windowAdd(window: string | null | undefined, member: string, at: number, max = DEDUPE_WINDOW): string {
  const entry = member + at.toString(36);
  if (!window) return entry;
  const entries = window.split(" ");
  entries.push(entry);
  return entries.slice(Math.max(0, entries.length - max)).join(" ");
}
