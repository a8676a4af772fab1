import { jakartaDate } from "../domain/hours.js";
import type { Application, HandoffCase } from "../domain/records.js";
import type { Store } from "../store/port.js";
import { ikmReport } from "./skm.js";

/**
 * The office's counts for a period (a day, a month), for its periodic report: applications per
 * permit, handoffs to staff and how long citizens waited for a first staff reply, SKM answers.
 * Counts and permit names only: no citizen's name, number, conversation, case id or staff name.
 *
 * ```
 * GET /staff/api/report?from=2026-12-01&to=2026-12-31
 * ```
 */
export interface OfficeReport {
  /** Inclusive `YYYY-MM-DD`, Asia/Jakarta. */
  from: string;
  to: string;
  /** Submitted in the period (by `submittedAt`), per permit, most first. */
  applications: { total: number; byPermit: { permit: string; name: string; count: number }[] };
  /**
   * Cases opened in the period: `served` had a staff reply; `closed` / `returned` ended so
   * (closed by staff, or given back to the bot, or left by the citizen before anyone took it);
   * `open` still waiting or held now. `medianFirstReplyMinutes`: median minutes from opening to
   * the first staff reply among served cases (null when none; cases opened before 2026-12-02 did
   * not record it).
   */
  handoffs: { opened: number; served: number; closed: number; returned: number; open: number; medianFirstReplyMinutes: number | null };
  /** SKM surveys answered in the period, and the IKM they give (null with none). */
  skm: { responses: number; ikm: number | null; grade: string | null };
}

const inPeriod = (iso: string, p: { from: string; to: string }): boolean => {
  const d = jakartaDate(new Date(iso));
  return d >= p.from && d <= p.to;
};

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

export async function officeReport(store: Store, period: { from: string; to: string }, permitName: (id: string) => string | undefined = () => undefined): Promise<OfficeReport> {
  const [applications, cases, ikm] = await Promise.all([store.list<Application>("applications"), store.list<HandoffCase>("cases"), ikmReport(store, period)]);
  const perPermit = new Map<string, number>();
  let total = 0;
  for (const a of applications) {
    if (!a.submittedAt || !inPeriod(a.submittedAt, period)) continue;
    total++;
    perPermit.set(a.permit, (perPermit.get(a.permit) ?? 0) + 1);
  }
  const byPermit = [...perPermit]
    .map(([permit, count]) => ({ permit, name: permitName(permit) ?? permit, count }))
    .sort((a, b) => b.count - a.count || a.permit.localeCompare(b.permit));
  const opened = cases.filter((c) => inPeriod(c.openedAt, period));
  const waits = opened.filter((c) => c.firstStaffReplyAt).map((c) => (Date.parse(c.firstStaffReplyAt!) - Date.parse(c.openedAt)) / 60_000);
  return {
    from: period.from,
    to: period.to,
    applications: { total, byPermit },
    handoffs: {
      opened: opened.length,
      served: opened.filter((c) => c.firstStaffReplyAt).length,
      closed: opened.filter((c) => c.status === "closed").length,
      returned: opened.filter((c) => c.status === "returned").length,
      open: opened.filter((c) => c.status === "waiting" || c.status === "held").length,
      medianFirstReplyMinutes: median(waits),
    },
    skm: { responses: ikm.respondents, ikm: ikm.ikm, grade: ikm.grade },
  };
}
