import { createHash } from "node:crypto";

/**
 * Recent message ids of one conversation (dedupe), kept beside its state by the Redis and SQLite
 * stores as digests: WhatsApp ids run to 60+ bytes, 32 of them would not fit an idle
 * conversation's budget. Redis keeps 12-character sha256 digests (`dedupeMember`).
 */
export const dedupeMember = (key: string): string => createHash("sha256").update(key).digest("base64url").slice(0, 12);

/** Ids remembered per conversation by default (the newest ones). */
export const DEDUPE_WINDOW = 32;

/**
 * A 64-bit digest of a message id for the SQLite window, 14 characters: two 32-bit multiplicative
 * hashes, each mixed and written in base 36. Not cryptographic (nothing here is secret; a clash
 * needs two ids of one conversation among its last 32 to agree on 64 bits), but about ten times
 * cheaper than a sha256 through node:crypto (~15 us a message under load).
 */
export function windowMember(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return mix(a).toString(36).padStart(7, "0") + mix(b).toString(36).padStart(7, "0");
}
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const MEMBER = 14;

/**
 * The SQLite form of the window: `<windowMember><time in base 36>` entries separated by spaces,
 * newest last. True when `member` is in it and was seen at or after `since` (ms).
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
  let out = `${window} ${entry}`;
  let entries = 1;
  for (let i = out.indexOf(" "); i >= 0; i = out.indexOf(" ", i + 1)) entries++;
  for (; entries > max; entries--) out = out.slice(out.indexOf(" ") + 1);
  return out;
}
