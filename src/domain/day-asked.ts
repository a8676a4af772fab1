import { foldText, MONTHS } from "./fields.js";
import { memoize } from "./memo.js";

/**
 * The day a question about the office is about ("besok buka?", "hari sabtu buka gak", "tgl 25
 * buka?", "minggu depan senin buka jam berapa", "is the office open tomorrow?", "pas libur natal
 * kantor tutup?"), as dates in Asia/Jakarta, so the hours answer can say that day first. Pure:
 * `today` is the Jakarta date of the conversation's clock (`YYYY-MM-DD`).
 */
export interface DayAsked {
  /** First and last day (`YYYY-MM-DD`); one day when equal. */
  from: string;
  to: string;
}

/** A day asked kept as text in a flow's slot: "2027-01-12", or "2026-12-24/2026-12-25". */
export const daySlot = (d: DayAsked): string => (d.from === d.to ? d.from : `${d.from}/${d.to}`);
/** The day of `daySlot`'s text, or undefined for anything else. */
export function dayOfSlot(v: unknown): DayAsked | undefined {
  const m = typeof v === "string" ? /^(\d{4}-\d{2}-\d{2})(?:\/(\d{4}-\d{2}-\d{2}))?$/.exec(v) : null;
  return m ? { from: m[1]!, to: m[2] ?? m[1]! } : undefined;
}

/** How far ahead of today a day is, when the answer names it so ("besok"): 0, 1 or 2. */
export function daysAhead(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** 0 = Sunday, as Date#getUTCDay. "minggu" is Sunday unless it is "the week" (handled below). */
const WEEKDAYS: Record<string, number> = {
  senin: 1, monday: 1, selasa: 2, tuesday: 2, rabu: 3, wednesday: 3, kamis: 4, thursday: 4,
  jumat: 5, jumatan: 5, friday: 5, sabtu: 6, setu: 6, saturday: 6, minggu: 0, ahad: 0, sunday: 0,
};
/** Words after "minggu" that make it "the week", not Sunday ("minggu depan", "minggu ini"). */
const WEEK_AFTER = new Set(["depan", "ini", "lalu", "kemarin", "ke", "lagi", "besok", "dpn"]);
/** A holiday asked by a name citizens use: the words its name in office.yaml holds (folded). */
const HOLIDAY_WORDS: [RegExp, string][] = [
  [/\b(?:natal|natalan|christmas)\b/, "natal"],
  [/\b(?:lebaran|idul fitri|idulfitri|iedul fitri|eid al fitr|eid)\b/, "idul fitri"],
  [/\b(?:idul adha|iduladha|kurban|qurban|eid al adha)\b/, "idul adha"],
  [/\b(?:imlek|chinese new year)\b/, "imlek"],
  [/\bnyepi\b/, "nyepi"],
  [/\b(?:waisak|vesak)\b/, "waisak"],
  [/\b(?:paskah|easter)\b/, "paskah"],
  [/\b(?:agustusan|17an|independence day|hut ri)\b/, "kemerdekaan"],
  [/\b(?:maulid|muludan)\b/, "maulid"],
  [/\b(?:isra miraj|isra mikraj|isra mi raj)\b/, "isra"],
];

const DAY_MS = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const plus = (date: string, days: number): string => iso(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
/** A real calendar date or undefined ("2027-02-30"). */
function dateOf(y: number, m: number, d: number): string | undefined {
  const s = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return iso(Date.parse(`${s}T00:00:00Z`)) === s ? s : undefined;
}

/**
 * The day (or holiday) `text` asks about, or undefined when it names none ("jam buka?"). A weekday
 * is its next one from today (today included); "minggu depan senin", "senin depan", "next monday":
 * the one of the coming week. A day of the month without a month ("tgl 25") is this month's, or the
 * next month's once it has passed. `holidays` (office.yaml) answer a holiday asked by name.
 */
export function dayAsked(text: string, today: string, holidays: readonly { date: string; name: string }[] = NO_HOLIDAYS): DayAsked | undefined {
  // The same message asked the same day gets the same answer: remembered per office's holidays
  // (knowledge loaded again makes a new list), by day and text. Every office question and every
  // hours answer read it (~1% of a web message's CPU). Returned objects are shared: never changed.
  let memo = dayAskedMemos.get(holidays);
  if (!memo) dayAskedMemos.set(holidays, (memo = memoize((key: string) => dayAskedOf(key.slice(key.indexOf("\n") + 1), key.slice(0, key.indexOf("\n")), holidays), 2_000)));
  return memo(`${today}\n${text}`);
}
const NO_HOLIDAYS: readonly { date: string; name: string }[] = [];
const dayAskedMemos = new WeakMap<readonly { date: string; name: string }[], (key: string) => DayAsked | undefined>();
function dayAskedOf(asked: string, today: string, holidays: readonly { date: string; name: string }[]): DayAsked | undefined {
  // A day in a clause that asks goes before one told beside it ("sy kerja senin-jumat pak, sabtu ada
  // pelayanan gk?": Saturday); a question naming no day leaves the whole message to say it.
  const questions = asked.match(/[^,.;!?\n]*\?/g);
  if (questions && questions.join("").trim() !== asked.trim()) {
    for (const [i, q] of questions.entries()) {
      const day = /\p{L}/u.test(q) ? dayAskedOf(q, today, holidays) : undefined;
      if (!day) continue;
      // "kamis tgl 24 buka smp jam brp? jumatnya libur kan": another day asked after it (a later question,
      // or the words after the last "?" asking of the office), up to three days on: both, as a range.
      const after = [...questions.slice(i + 1), asked.slice(asked.lastIndexOf("?") + 1)].filter((x) => ASKS_OF_DAY.test(` ${foldText(x)} `));
      for (const a of after) {
        // A weekday named after it is the one following it ("jumatnya": that Thursday's Friday).
        const next = dayAskedOf(a, RELATIVE_DAY.test(` ${foldText(a)} `) ? today : plus(day.to, 1), holidays);
        if (next && next.from > day.to && daysAhead(next.from, day.to) <= 3) return { from: day.from, to: next.to };
      }
      return day;
    }
  }
  const text = spelledOut(asked);
  const t = ` ${foldText(text).replace(/\bjum at\b/g, "jumat")} `;
  const one = (date: string): DayAsked => ({ from: date, to: date });
  if (/ (?:lusa|day after tomorrow) /.test(t)) return one(plus(today, 2));
  // Javanese "sesuk", "mbenjang"; Sundanese "isukan"; Javanese "dina iki", "dinten niki"; Sundanese "dinten ieu".
  if (/ (?:besok|besuk|esok|sesuk|mbesuk|mbenjang|benjang|isukan|tomorrow) /.test(t)) return one(plus(today, 1));
  if (/ (?:hari ini|dina iki|dino iki|dinten niki|dinten menika|dinten puniki|dinten ieu|today) /.test(t)) return one(today);
  const date = writtenDate(text, today) ?? dateIn(t, today);
  if (date) return one(date);
  // "weekend buka?", "sabtu minggu buka?", "akhir pekan": the coming Saturday and Sunday (from today on one of them).
  if (WEEKEND.test(t)) return { from: plus(today, Math.min((6 - weekday(today) + 7) % 7, weekday(today) === 0 ? 0 : 7)), to: plus(today, (7 - weekday(today)) % 7) };
  const words = t.trim().split(" ");
  const nextWeek = / (?:minggu|pekan) (?:depan|dpn) | next week /.test(t);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // "jumatnya libur kan": a weekday with "-nya" (that week's Friday).
    const day = WEEKDAYS[w] ?? (w.endsWith("nya") ? WEEKDAYS[w.slice(0, -3)] : undefined);
    if (day === undefined) continue;
    if (w === "minggu" && (WEEK_AFTER.has(words[i + 1] ?? "") || words[i - 1] === "se")) continue;
    const ahead = (day - weekday(today) + 7) % 7;
    let date = plus(today, ahead);
    // "minggu depan kamis", "next thursday": the coming week's, not this week's (Monday to Sunday) nor today.
    if ((nextWeek || words[i - 1] === "next") && (ahead === 0 || (weekday(today) || 7) + ahead <= 7)) date = plus(date, 7);
    // "kamis depan" said on Monday is this Thursday, as people speak; said on Wednesday or
    // Thursday (today or tomorrow, "besok") it is the week after. The answer names the date.
    else if ((words[i + 1] === "depan" || words[i + 1] === "dpn") && ahead < 2) date = plus(date, 7);
    // "senin-kamis", "senin sampai kamis", "dari selasa ke jumat", "monday to thursday": from this
    // day to the first of the other on or after it.
    const last = rangeEnd(text, words, i);
    if (last !== undefined) return { from: date, to: plus(date, (last - day + 7) % 7) };
    return one(date);
  }
  return weekOrMonth(t, today) ?? holidayIn(t, today, holidays);
}

/** Short names of weekdays, read only as the two ends of a range written with a dash ("sen-jum", "mon-fri"). */
const SHORT_DAYS: Record<string, string> = {
  sen: "senin", sel: "selasa", rab: "rabu", kam: "kamis", jum: "jumat", sab: "sabtu", min: "minggu", ming: "minggu",
  mon: "monday", tue: "tuesday", tues: "tuesday", wed: "wednesday", thu: "thursday", thur: "thursday", thurs: "thursday", fri: "friday", sat: "saturday", sun: "sunday",
};
/**
 * The text with "jum'at" (an apostrophe inside a day's name) written "jumat", and a range of short
 * names ("sen-jum", "senin-jum", "mon-fri") spelled out ("senin-jumat"); a short name alone is left
 * as it is ("min" is how people call the admin).
 */
function spelledOut(text: string): string {
  const joined = text.replace(/(\p{L})['’‘`](?=\p{L})/gu, "$1");
  return joined.replace(/(?<![\p{L}\p{N}])(\p{L}+)(\s*[-–—]\s*)(\p{L}+)(?![\p{L}\p{N}])/gu, (whole, a: string, dash: string, b: string) => {
    const [x, y] = [a.toLowerCase(), b.toLowerCase()];
    const full = (w: string) => (WEEKDAYS[w] !== undefined ? w : SHORT_DAYS[w]);
    const [fx, fy] = [full(x), full(y)];
    return fx && fy && (fx !== x || fy !== y) ? `${fx}${dash}${fy}` : whole;
  });
}

/** Words between two weekdays that make them a range: "senin sampai kamis", "selasa s/d jumat", "monday to thursday". */
const RANGE_WORDS = new Set(["sampai", "sampe", "sampei", "smp", "smpai", "hingga", "ke", "sd", "to", "through", "thru", "until", "till"]);

/**
 * The weekday (0 = Sunday) that ends a range starting at `words[i]`, or undefined: "A sampai B",
 * "A s/d B" (folded "a s d b"), "A ke hari B", or "A-B" / "A – B" written with a dash in `text`.
 */
function rangeEnd(text: string, words: readonly string[], i: number): number | undefined {
  let j = i + 1;
  if (words[j] === "s" && words[j + 1] === "d") j += 2;
  else if (RANGE_WORDS.has(words[j] ?? "")) j++;
  else {
    const dashed = new RegExp(`\\b${words[i]}\\s*[-–—]\\s*(?:hari\\s+)?(\\p{L}+)`, "iu").exec(text);
    const end = dashed ? WEEKDAYS[dashed[1]!.toLowerCase()] : undefined;
    return end;
  }
  if (words[j] === "hari" || words[j] === "dengan") j++;
  return WEEKDAYS[words[j] ?? ""];
}

/** Days named from today ("besok", "lusa", "hari ini"). */
const RELATIVE_DAY = / (?:besok|besuk|lusa|hari ini|today|tomorrow|sesuk) /;
/** Words that ask of the office on a day ("libur kan", "buka?", "tutup gk", "jam brp"). */
const ASKS_OF_DAY = / (?:libur|buka|tutup|masuk|pelayanan|layanan|jam|open|closed) /;

/** The weekend asked as a whole (Indonesian and English): not "sabtu" or "minggu" alone. */
const WEEKEND = / (?:weekend|week end|akhir pekan|akhir minggu|sabtu (?:dan |atau |sama |ama |dan hari |atau hari )?(?:minggu|ahad)|sabtu ahad|saturday (?:and|or) sunday) /;

/**
 * "minggu ini buka sampai kapan?" (today to Sunday), "minggu depan" with no day named (next Monday
 * to Sunday), "bulan ini" (today to the month's end), "bulan depan ada libur?" (next month).
 */
function weekOrMonth(t: string, today: string): DayAsked | undefined {
  const sunday = plus(today, (7 - weekday(today)) % 7);
  if (/ (?:minggu|pekan) ini | this week /.test(t)) return { from: today, to: sunday };
  if (/ (?:minggu|pekan) (?:depan|dpn) | next week /.test(t)) return { from: plus(sunday, 1), to: plus(sunday, 7) };
  const [y, m] = today.split("-").map(Number) as [number, number];
  const lastOf = (yy: number, mm: number) => iso(Date.UTC(yy, mm, 0));
  if (/ bulan ini | this month /.test(t)) return { from: today, to: lastOf(y, m) };
  if (/ bulan (?:depan|dpn) | next month /.test(t)) {
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    return { from: `${ny}-${String(nm).padStart(2, "0")}-01`, to: lastOf(ny, nm) };
  }
  return undefined;
}

/**
 * A date written with numbers, day first: "2/12", "24/12", "02-12-2026", "2.12.2026" (a dot only
 * with the year: "08.00" is a time). Global: the understanding reads each as "tanggal …".
 */
export const WRITTEN_DATE = /(?<![\p{L}\p{N}/.:-])(\d{1,2})(?:([/-])(0?[1-9]|1[0-2])(?:\2(\d{4}|\d{2}))?|\.(0?[1-9]|1[0-2])\.(\d{4}))(?![\p{L}\p{N}/:-]|\.\d)/gu;

/**
 * A date written with numbers in the raw text: "2/12", "24/12", "02-12-2026", "2.12.2026" (a dot
 * only with the year: "08.00" is a time). Day first, as Indonesians write; without a year, the
 * next such date from today.
 */
function writtenDate(text: string, today: string): string | undefined {
  const m = new RegExp(WRITTEN_DATE.source, "u").exec(text);
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[3] ?? m[5]);
  const y = m[4] ?? m[6];
  if (y) return dateOf(y.length === 2 ? 2000 + Number(y) : Number(y), month, day);
  const year = Number(today.slice(0, 4));
  const here = dateOf(year, month, day);
  return here && here >= today ? here : dateOf(year + 1, month, day);
}

/** "tgl 25", "tanggal 17 agustus", "25 desember", "december 25", "25/12", "on the 25th". */
function dateIn(t: string, today: string): string | undefined {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const month = (w: string | undefined) => (w ? MONTHS[w] : undefined);
  const pick = (day: number, mon: number | undefined, year?: number): string | undefined => {
    if (mon) {
      if (year) return dateOf(year, mon, day);
      const here = dateOf(y, mon, day);
      return here && here >= today ? here : dateOf(y + 1, mon, day);
    }
    const here = day >= d ? dateOf(y, m, day) : undefined;
    return here ?? (m === 12 ? dateOf(y + 1, 1, day) : dateOf(y, m + 1, day));
  };
  const named = / (?:tgl|tanggal|tg|tang|date|the) (\d{1,2})(?:st|nd|rd|th)? (?:(\p{L}+) (?:(\d{4}) )?)?/u.exec(t);
  if (named) return pick(Number(named[1]), month(named[2]), named[3] ? Number(named[3]) : undefined);
  const dayMonth = / (\d{1,2}) (\p{L}+) (?:(\d{4}) )?/u.exec(t);
  if (dayMonth && month(dayMonth[2])) return pick(Number(dayMonth[1]), month(dayMonth[2]), dayMonth[3] ? Number(dayMonth[3]) : undefined);
  const monthDay = / (\p{L}+) (\d{1,2})(?:st|nd|rd|th)? /u.exec(t);
  if (monthDay && month(monthDay[1]) && /^[a-z]{5,}$/.test(monthDay[1]!)) return pick(Number(monthDay[2]), month(monthDay[1]));
  return undefined;
}

/** The next holiday named in `t` (on or after today), with the holidays right after it of the same name (Idul Fitri's two days, Christmas's cuti bersama before it). */
function holidayIn(t: string, today: string, holidays: readonly { date: string; name: string }[]): DayAsked | undefined {
  const key = HOLIDAY_WORDS.find(([re]) => re.test(t))?.[1];
  if (!key) return undefined;
  const named = holidays.filter((h) => h.date >= today && foldText(h.name).includes(key)).map((h) => h.date).sort();
  if (!named.length) return undefined;
  let from = named[0]!;
  let to = from;
  while (named.includes(plus(to, 1))) to = plus(to, 1);
  while (named.includes(plus(from, -1)) && plus(from, -1) >= today) from = plus(from, -1);
  return { from, to };
}
