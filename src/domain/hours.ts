import type { Office, OpeningHours, SpecialHours } from "../knowledge/types.js";
import type { Application, ApplicationStatus } from "./records.js";
import { memoize } from "./memo.js";

/** Asia/Jakarta is UTC+7 all year (no daylight saving). */
const OFFSET_MS = 7 * 3_600_000;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

interface Local {
  date: string; // YYYY-MM-DD in Jakarta
  day: (typeof DAYS)[number];
  minutes: number; // minutes since local midnight
}

/**
 * Jakarta's date, weekday and minute of a moment, by the minute since the epoch (the offset is
 * whole hours, so the minute decides all three): every answer about the office asks it of the
 * same few minutes (now, the next fortnight's midnights), and making a Date and its ISO text each
 * time was ~1.5% of a web message's CPU. Returned objects are shared: never changed.
 */
const localOfMinute = memoize((minute: number): Local => {
  const shifted = new Date(minute * 60_000 + OFFSET_MS);
  return {
    date: shifted.toISOString().slice(0, 10),
    day: DAYS[shifted.getUTCDay()]!,
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}, 1_000);
const local = (d: Date): Local => localOfMinute(Math.floor(d.getTime() / 60_000));

/** The date (YYYY-MM-DD) in Asia/Jakarta at `d`. */
export const jakartaDate = (d: Date): string => local(d).date;
/** The time of day (HH:MM) in Asia/Jakarta at `d`. */
export function jakartaTime(d: Date): string {
  const { minutes } = local(d);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * "08:00" as minutes since midnight. The times are the office's (knowledge/office.yaml), a few:
 * each is split once, not at every "jam buka?" and every check of whether the office is open.
 */
const toMinutes = memoize((hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}, 1_000);

const isHoliday = (office: Office, date: string): boolean => office.holidays.some((h) => h.date === date);

/**
 * The `special_hours` entry for a date (`YYYY-MM-DD`): a one-day entry before a period that holds
 * the date (a closure in Ramadan is closed). The loader refuses two of either kind on one date.
 */
export function specialOn(office: Office, date: string): SpecialHours | undefined {
  let period: SpecialHours | undefined;
  for (const s of office.special ?? []) {
    if (date < s.from || date > s.to) continue;
    if (s.oneDay) return s;
    period ??= s;
  }
  return period;
}

/**
 * Where the office serves on a date: a `special_hours` entry's `address` (a day's, else a period's
 * that holds the date: a temporary building), else the usual one. Messages' `{address}` (office
 * topics, the counter's wording) say this, so a move is never answered with the old building.
 */
export function addressOn(office: Office, date: string): string {
  const here = specialOn(office, date);
  if (here?.address) return here.address;
  return (office.special ?? []).find((s) => s.address && s.from <= date && date <= s.to)?.address ?? office.address;
}

/**
 * The office's intervals on a date: none on a holiday; else a `special_hours` day's or period's
 * (a day of the period's week not written is closed); else the week's. A special entry without
 * hours (only a note or an address) keeps the week's.
 */
export function hoursOn(office: Office, date: string): readonly OpeningHours[] {
  if (isHoliday(office, date)) return [];
  const s = specialOn(office, date);
  if (s?.day) return s.day;
  if (s?.week) return s.week[weekdayOf(date)] ?? [];
  return office.hours[weekdayOf(date)] ?? [];
}

/**
 * The day `days` working days after `date` (both `YYYY-MM-DD` in Asia/Jakarta): working days are
 * Monday to Friday, not on the office's holidays nor on a day `special_hours` closes (a one-off
 * closure; knowledge/office.yaml), as "5 hari kerja" counts them; `date` itself is not counted. An
 * extra Saturday service is no working day, and shorter hours (Ramadan) still make one.
 */
export function addWorkingDays(office: Office, date: string, days: number): string {
  let holidays = holidaySets.get(office);
  if (!holidays) holidaySets.set(office, (holidays = closedDays(office)));
  let t = Date.parse(`${date}T00:00:00Z`);
  // 1 January 1970 was a Thursday.
  for (let left = days; left > 0; ) {
    t += 86_400_000;
    const day = (Math.floor(t / 86_400_000) + 4) % 7;
    if (day !== 0 && day !== 6 && !holidays.has(t)) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}
/** An office's holidays and the days `special_hours` closes, as UTC midnights, made once per loaded knowledge. */
const holidaySets = new WeakMap<Office, Set<number>>();
function closedDays(office: Office): Set<number> {
  const days = new Set(office.holidays.map((h) => Date.parse(`${h.date}T00:00:00Z`)));
  for (const s of office.special ?? []) {
    if (!s.day && !s.week) continue;
    for (let t = Date.parse(`${s.from}T00:00:00Z`), end = Date.parse(`${s.to}T00:00:00Z`); t <= end; t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (hoursOn(office, date).length === 0) days.add(t);
    }
  }
  return days;
}

/** The weekday of a `YYYY-MM-DD` date ("mon"), as office.yaml names them. */
export const weekdayOf = (date: string): (typeof DAYS)[number] => DAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;

/** Is the office serving now (weekday hours in Asia/Jakarta, holidays closed, special hours and days)? */
export function isOpen(office: Office, at: Date): boolean {
  const l = local(at);
  return hoursOn(office, l.date).some((h) => l.minutes >= toMinutes(h.open) && l.minutes < toMinutes(h.close));
}

/** When the opening hours `at` falls in end (the office closes, or breaks for Friday prayers); undefined when it is closed. */
export function closesAt(office: Office, at: Date): Date | undefined {
  const l = local(at);
  const h = hoursOn(office, l.date).find((iv) => l.minutes >= toMinutes(iv.open) && l.minutes < toMinutes(iv.close));
  if (!h) return undefined;
  const midnightUtc = Date.parse(`${l.date}T00:00:00Z`) - OFFSET_MS;
  return new Date(midnightUtc + toMinutes(h.close) * 60_000);
}

/** The next moment the office opens after `at` (within two weeks), or undefined if it never does. */
export function nextOpening(office: Office, at: Date): Date | undefined {
  const start = local(at);
  const midnightUtc = Date.parse(`${start.date}T00:00:00Z`) - OFFSET_MS; // local midnight as a UTC instant
  for (let dayOffset = 0; dayOffset < 15; dayOffset++) {
    const dayStart = midnightUtc + dayOffset * 86_400_000;
    const l = local(new Date(dayStart));
    const intervals = [...hoursOn(office, l.date)].sort((a, b) => toMinutes(a.open) - toMinutes(b.open));
    for (const h of intervals) {
      const opens = dayStart + toMinutes(h.open) * 60_000;
      if (opens > at.getTime()) return new Date(opens);
    }
  }
  return undefined;
}

/** Made once per language: building an Intl formatter costs ~130 µs, using one ~20 µs. */
const jakartaPhrases = new Map<string, Intl.DateTimeFormat>();
/** The last phrase made per language: every "is the office open?" answer until the next opening names the same moment. */
const lastPhrases = new Map<string, { at: number; text: string }>();

/**
 * "Selasa, 1 Desember pukul 08.00 WIB", or in the conversation's language ("en": "Tuesday 1
 * December at 08:00 WIB") — day and month names come from the platform's locale data.
 */
export function phraseJakarta(d: Date, lang = "id"): string {
  const locale = lang === "id" ? "id-ID" : lang === "en" ? "en-GB" : lang;
  let format = jakartaPhrases.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: "Asia/Jakarta",
      weekday: "long",
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    });
    jakartaPhrases.set(locale, format);
  }
  const at = d.getTime();
  let last = lastPhrases.get(locale);
  if (last?.at !== at) lastPhrases.set(locale, (last = { at, text: `${format.format(d)} WIB` }));
  return last.text;
}


/** Statuses whose processing time still runs: decided (approved) but not yet issued counts too. */
const IN_PROGRESS: ReadonlySet<ApplicationStatus> = new Set(["received", "verified", "approved"]);

/**
 * When an application in progress should be done (`YYYY-MM-DD`, Asia/Jakarta): the permit's
 * working days counted from the submission or, when staff asked for a correction, from the first
 * status after the last correction (the day the application was complete). Undefined while the
 * office waits for the citizen, once decided, or when the permit gives no working days (or 0: OSS
 * issues at once).
 */
export function expectedCompletion(office: Office, app: Application, workingDays: number | undefined): string | undefined {
  if (!workingDays || !IN_PROGRESS.has(app.status)) return undefined;
  const lastCorrection = app.history.findLastIndex((h) => h.status === "needs_correction");
  const start = lastCorrection < 0 ? app.submittedAt : app.history[lastCorrection + 1]?.at;
  if (!start) return undefined;
  return addWorkingDays(office, jakartaDate(new Date(start)), workingDays);
}
