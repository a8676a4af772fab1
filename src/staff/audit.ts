import type { Put, Store } from "../store/port.js";
import { jakartaDate } from "../domain/hours.js";

/**
 * Every staff action, recorded for admins (who, what, when, on which case or application).
 * Entries hold ids and usernames only: never a citizen's text, name, NIK or file.
 */
export type AuditAction =
  | "login"
  | "login_failed"
  | "logout"
  /** A staff member changed their own password in the console (`password_failed`: the old one was wrong). */
  | "password"
  | "password_failed"
  | "take"
  | "reply"
  | "return"
  | "close"
  | "requeue"
  | "status"
  | "view"
  | "download"
  /** A personal-data request (a "privacy" case) marked done. */
  | "privacy_done"
  | "note"
  /** knowledge/ read again (the console's button); detail: the version taken or "refused". */
  | "knowledge_reload";

/** Collection `audit`; the key starts with the time so keys sort chronologically. */
export interface AuditEntry {
  id: string;
  at: string;
  /** Staff username, `telegram:<user id>` for the staff group, or `system`. */
  by: string;
  action: AuditAction;
  caseId?: string;
  applicationNumber?: string;
  /** Non-personal detail: the new status, a document requirement id, the channel of the action. */
  detail?: string;
}

/** An audit entry as a Put, so it commits atomically with the change it records. */
export function auditPut(
  at: Date,
  newId: () => string,
  e: Omit<AuditEntry, "id" | "at">,
): Put {
  const iso = at.toISOString();
  const id = `${iso}_${newId()}`;
  const entry: AuditEntry = { id, at: iso, ...e };
  return { collection: "audit", key: id, value: entry };
}

/** Writes an entry outside a conversation turn (logins, downloads). */
export async function audit(store: Store, at: Date, newId: () => string, e: Omit<AuditEntry, "id" | "at">): Promise<void> {
  const p = auditPut(at, newId, e);
  await store.put(p.collection, p.key, p.value);
}

/** Newest first, optionally filtered (`from`/`to`: inclusive `YYYY-MM-DD`, Asia/Jakarta). */
export async function listAudit(
  store: Store,
  filter: { by?: string; action?: string; from?: string; to?: string; limit?: number } = {},
): Promise<AuditEntry[]> {
  const all = await store.list<AuditEntry>("audit");
  return all
    .filter(
      (e) =>
        (!filter.by || e.by === filter.by) &&
        (!filter.action || e.action === filter.action) &&
        (!filter.from || jakartaDate(new Date(e.at)) >= filter.from) &&
        (!filter.to || jakartaDate(new Date(e.at)) <= filter.to),
    )
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, filter.limit ?? 500);
}
