import type { Application, ApplicationStatus } from "../domain/records.js";
import { expectedCompletion, jakartaDate } from "../domain/hours.js";
import type { Office } from "../knowledge/types.js";

/**
 * Which status may follow which. The office moves an application
 * received -> verified -> (needs_correction ->) approved | rejected -> done; a correction can be
 * asked for again, and after the citizen resends documents staff verify again.
 */
export const STATUS_TRANSITIONS: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  received: ["verified", "needs_correction", "rejected"],
  verified: ["needs_correction", "approved", "rejected"],
  needs_correction: ["verified", "needs_correction", "rejected"],
  approved: ["done"],
  rejected: ["done"],
  done: [],
};

export function canMoveTo(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/**
 * An application's version: its history's length. Every status change and every resubmission of
 * documents adds an entry, so a staff member who acts on version 2 acts on what they saw.
 */
export function applicationVersion(app: Application): number {
  return app.history.length;
}

/**
 * Field ids that held the applicant's name in applications stored before (flows/apply.yaml
 * ships `nama`): looked at after the ids the flows name now (`holds: name`, load.ts
 * `applicantFieldIds`), so an application kept from before a field was renamed keeps its name.
 */
export const NAME_FIELDS = ["nama", "nama_lengkap", "nama_pemohon", "name"];

/** The applicant's name: the first of `nameFields` (the flows' name fields) filled, else of NAME_FIELDS. */
export function applicantName(app: Application, nameFields: readonly string[] = NAME_FIELDS): string | undefined {
  for (const f of [...nameFields, ...NAME_FIELDS]) if (app.fields[f]) return app.fields[f];
  return undefined;
}

export interface ApplicationFilter {
  status?: string;
  permit?: string;
  /** Inclusive `YYYY-MM-DD` (Asia/Jakarta) on the submission date. */
  from?: string;
  to?: string;
  /** Case-insensitive text in the applicant's name or the registration number. */
  q?: string;
}

/** Letters and digits only, lower case: "rbg 2026 000123", "RBG2026000123" and "RBG-2026-000123" are one number. */
export const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/** The applications matching `f`, newest first; `nameFields` as applicantName's. */
export function filterApplications(apps: Application[], f: ApplicationFilter, nameFields?: readonly string[]): Application[] {
  const q = f.q?.trim().toLowerCase();
  // A number typed with spaces or without dashes (read off a phone, a letter) still finds it.
  const qNumber = q ? compact(q) : "";
  return apps
    .filter((a) => {
      if (f.status && a.status !== f.status) return false;
      if (f.permit && a.permit !== f.permit) return false;
      const day = jakartaDate(new Date(a.submittedAt));
      if (f.from && day < f.from) return false;
      if (f.to && day > f.to) return false;
      if (q && !a.number.toLowerCase().includes(q) && !(qNumber && compact(a.number).includes(qNumber)) && !(applicantName(a, nameFields) ?? "").toLowerCase().includes(q)) return false;
      return true;
    })
    .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : a.number < b.number ? 1 : -1));
}

/**
 * A registration number as staff or a tool typed it ("rbg 2026 000123", "rbg-2026-000123",
 * "RBG2026000123") in the form it is stored under (RBG-2026-000123); anything else as given.
 */
export function registrationNumberOf(typed: string): string {
  const m = /^([a-z]{2,8})(\d{4})(\d{6})$/.exec(compact(typed));
  return m ? `${m[1]!.toUpperCase()}-${m[2]}-${m[3]}` : typed;
}

/** `number` contains what staff typed (`q`), however it was written: "rbg 2026 000123" finds RBG-2026-000123. */
export function numberMatches(number: string, q: string): boolean {
  const typed = compact(q);
  return typed.length > 0 && compact(number).includes(typed);
}

/**
 * When the office should be done with an application (`YYYY-MM-DD`, Asia/Jakarta): the permit's
 * `duration.working_days` counted as the citizen's status check counts them (`expectedCompletion`),
 * and whether that day has passed. None once decided, while waiting for the citizen's correction,
 * or for a permit without working days.
 */
export type Due = { due: string; overdue: boolean };
export type DueOf = (a: Application) => Due | undefined;

export function dueOf(office: Office, workingDays: (permit: string) => number | undefined, now: () => Date): DueOf {
  return (a) => {
    const due = expectedCompletion(office, a, workingDays(a.permit));
    return due ? { due, overdue: jakartaDate(now()) > due } : undefined;
  };
}

/** The list "by due date": the applications the office still owes, soonest due (so overdue) first, then the rest newest first. */
export function byDue(apps: Application[], due: DueOf): Application[] {
  const owed = apps.map((a) => ({ a, d: due(a) })).filter((x): x is { a: Application; d: Due } => x.d !== undefined);
  owed.sort((x, y) => (x.d.due !== y.d.due ? (x.d.due < y.d.due ? -1 : 1) : x.a.submittedAt < y.a.submittedAt ? -1 : 1));
  const rest = apps.filter((a) => due(a) === undefined);
  return [...owed.map((x) => x.a), ...rest];
}

/** What the list shows per row: enough to pick one, without every field. */
export function applicationRow(a: Application, nameFields?: readonly string[], due?: DueOf): {
  number: string;
  permit: string;
  status: ApplicationStatus;
  name?: string;
  channel: string;
  submittedAt: string;
  updatedAt: string;
  /** The day the office should be done (the permit's working days), and whether it has passed. */
  due?: string;
  overdue?: boolean;
} {
  const name = applicantName(a, nameFields);
  const d = due?.(a);
  return {
    number: a.number,
    permit: a.permit,
    status: a.status,
    ...(name ? { name } : {}),
    channel: a.channel,
    submittedAt: a.submittedAt,
    updatedAt: a.updatedAt,
    ...(d ? { due: d.due, overdue: d.overdue } : {}),
  };
}
