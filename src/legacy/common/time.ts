// Wall-clock times of lmstat/rlmstat text. The vendor tools print the server's
// local time with no zone and usually no year ("start Fri 10/20 16:40"), so a
// reader must be told the zone and infer the year from a reference date; a
// writer prints in a zone it is given, so the same instant always reads back.
// Pure: zones are IANA names resolved through Intl, never the process's TZ.

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (an IANA name such as "Europe/Paris", or "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf((parts.weekday ?? 'Sun') as (typeof WEEKDAYS)[number]),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
export function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallTime(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant a wall-clock time names in a zone (the earlier one when a clock change repeats it). */
export function fromWallTime(
  w: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour ?? 0, w.minute ?? 0, w.second ?? 0);
  // The zone's offset half a day either side covers any clock change near the time.
  const halfDay = 12 * 3_600_000;
  const candidates = [guess - offsetMs(guess - halfDay, timeZone), guess - offsetMs(guess + halfDay, timeZone)];
  const exact = candidates.filter((t) => offsetMs(t, timeZone) === guess - t).sort((a, b) => a - b);
  // A time that falls in a gap (spring forward) has no exact instant: use the earlier offset.
  return new Date(exact[0] ?? candidates[0] ?? guess);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** lmstat/rlmstat dates have no year: the latest year that puts month/day on or before the reference (29 February: a leap year). */
function inferYear(month: number, day: number, ref: { year: number; month: number; day: number }): number {
  let year = month > ref.month || (month === ref.month && day > ref.day) ? ref.year - 1 : ref.year;
  if (month === 2 && day === 29) while (!isLeap(year)) year--;
  return year;
}

/**
 * The year of "start Mon 3/11 13:16" when the text has no date of its own: the
 * latest year, on or before the reference, in which that day is that weekday
 * (a weekday repeats on a date within 11 years, 28 for 29 February); the
 * reference's rule when none is (a weekday the tool did not print in English).
 */
function yearOfWeekday(month: number, day: number, weekday: string, ref: { year: number; month: number; day: number }): number {
  const wd = WEEKDAYS.findIndex((w) => w.toLowerCase() === weekday.toLowerCase());
  const latest = inferYear(month, day, ref);
  if (wd < 0) return latest;
  for (let y = latest; y > latest - 29; y--) {
    const d = new Date(Date.UTC(y, month - 1, day));
    if (d.getUTCMonth() === month - 1 && d.getUTCDay() === wd) return y;
  }
  return latest;
}

/** "31-dec-2018" for an expiry instant (the end of the expiry day, as the server keeps it); "permanent" for null. */
export function formatExpiryDate(expires: string | null, timeZone: string): string {
  if (expires === null) return 'permanent';
  const t = Date.parse(expires);
  if (Number.isNaN(t)) return expires;
  // The server's instant is the first moment after the expiry day, so step back into the day.
  const w = wallTime(new Date(t - 1), timeZone);
  return `${w.day}-${MONTHS[w.month - 1]}-${w.year}`;
}

/**
 * The instant an expiry date as the vendor tools print it ends, or null when it
 * never does: "permanent", "permanent(no expiration date)", and any date in year
 * 0 ("1-jan-0", "01-jan-0000") are FlexNet's and RLM's ways to say permanent.
 * Returns undefined for text that is not a date.
 */
export function parseExpiryDate(text: string, timeZone: string): string | null | undefined {
  const s = text.trim().toLowerCase();
  if (s.startsWith('permanent') || s === 'uncounted') return null;
  const m = /^(\d{1,2})-([a-z]{3})-(\d{1,4})$/.exec(s);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1;
  let year = Number(m[3]);
  if (month === 0) return undefined;
  if (year === 0) return null;
  if (year < 100) year += year < 70 ? 2000 : 1900;
  const day = Number(m[1]);
  // The end of the day: midnight at the start of the next one.
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return fromWallTime({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, timeZone).toISOString();
}

/** "Fri 10/20 16:40" as lmstat prints a checkout's start. */
export function formatLmstatStart(iso: string, timeZone: string): string {
  const w = wallTime(new Date(iso), timeZone);
  return `${WEEKDAYS[w.weekday]} ${w.month}/${w.day} ${w.hour}:${String(w.minute).padStart(2, '0')}`;
}

/** "10/20 16:40" (zero-padded) as rlmstat prints a checkout's start. */
export function formatRlmstatStart(iso: string, timeZone: string): string {
  const w = wallTime(new Date(iso), timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(w.month)}/${p(w.day)} ${p(w.hour)}:${p(w.minute)}`;
}

/**
 * A month/day hour:minute with no year, placed in the latest year not after
 * the reference (with `weekday`, the latest such year that day is that weekday), as ISO.
 */
export function isoFromMonthDay(
  md: { month: number; day: number; hour: number; minute: number; weekday?: string },
  ref: { year: number; month: number; day: number } | null,
  timeZone: string,
): string {
  if (!ref) return '';
  const year = md.weekday !== undefined ? yearOfWeekday(md.month, md.day, md.weekday, ref) : inferYear(md.month, md.day, ref);
  return fromWallTime({ year, month: md.month, day: md.day, hour: md.hour, minute: md.minute }, timeZone).toISOString();
}
