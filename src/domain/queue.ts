import type { HandoffCase } from "./records.js";

const MINUTE = 60_000;

/** Oldest first: the order staff take cases in. */
export const byOpened = (a: HandoffCase, b: HandoffCase): number => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0);

/** The waiting cases in queue order (position 1 first). */
export const waitingInOrder = (cases: HandoffCase[]): HandoffCase[] => cases.filter((c) => c.status === "waiting").sort(byOpened);

/**
 * An honest wait estimate: the median time recent cases waited before staff first took them
 * (last 20 taken in 30 days, ignoring waits over 4 hours, which are out-of-hours cases), times
 * the position. With fewer than 3 such cases Loket does not guess: null.
 */
export function estimateWait(cases: HandoffCase[], position: number, now: Date): number | null {
  // The last week's: the cases Loket keeps at hand (src/store/recent-cases.ts).
  const since = now.getTime() - 7 * 24 * 60 * MINUTE;
  const waits = cases
    .filter((c) => c.firstTakenAt && Date.parse(c.firstTakenAt) >= since)
    .sort((a, b) => (a.firstTakenAt! < b.firstTakenAt! ? 1 : -1))
    .map((c) => (Date.parse(c.firstTakenAt!) - Date.parse(c.openedAt)) / MINUTE)
    .filter((m) => m >= 0 && m <= 240)
    .slice(0, 20)
    .sort((a, b) => a - b);
  if (waits.length < 3) return null;
  const mid = Math.floor(waits.length / 2);
  const median = waits.length % 2 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2;
  return Math.max(1, Math.ceil(median * Math.max(1, position)));
}

