// License dates (seed 002, "exp-date", "start=", "issued=", "exptime="). The
// clock and the time zone are always inputs: `now` is an instant, and the local
// calendar day is computed from it with an offset in minutes west of UTC (the
// sign convention of Date#getTimezoneOffset), so tests never depend on the
// machine they run on.

export type LicenseDate = { kind: 'permanent' } | { kind: 'date'; year: number; month: number; day: number };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.toLowerCase()) + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Two-digit years (`1-jan-09` in the reference's own literal-license example)
 * are read as 2000–2069 / 1970–1999, the window FlexLM tools use. Year 0 in any
 * spelling (`0`, `00`, `0000`) is the reference's "non-expiring" year.
 */
function fullYear(digits: string): number {
  const n = Number(digits);
  if (digits.length <= 2 && n !== 0) return n < 70 ? 2000 + n : 1900 + n;
  return n;
}

/** The dialect whose date forms a reading accepts; `any` accepts the forms of both. */
type DateDialect = 'rlm' | 'flexlm' | 'any';

/**
 * What the one date reader made of a text: the date, or why it is none, in
 * words a person can act on (the license file reader puts them in its
 * diagnostics, so the reader and the model can never disagree on a date).
 */
type DateReading =
  | { ok: true; date: LicenseDate }
  | { ok: false; /** null when the text is in no date form at all */ problem: string | null; hint: string };

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WRITE_A_DATE = 'Write it as dd-mmm-yyyy (e.g. 31-dec-2026), yyyy-mm-dd (2026-12-31) or permanent.';
// the date is covered by the signature, so only the vendor can correct it
const ASK_VENDOR = 'Ask the vendor for a corrected license; the date is covered by the signature.';

const notADate = (problem: string | null, hint = WRITE_A_DATE): DateReading => ({ ok: false, problem, hint });

function build(year: number, month: number, day: number): DateReading {
  if (month < 1 || month > 12) return notADate(`there is no month ${month}`);
  // "any date with a year of 0 is also non-expiring, e.g. 1-jan-0"
  if (year === 0) return { ok: true, date: { kind: 'permanent' } };
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return notADate(`${MONTH_NAMES[month - 1] ?? ''} ${year} has ${last} days`, ASK_VENDOR);
  }
  return { ok: true, date: { kind: 'date', year, month, day } };
}

function named(monthName: string, year: string, day: string): DateReading {
  const month = monthIndex(monthName);
  if (month === 0) return notADate(`"${monthName}" is not a month (jan, feb, ... dec)`);
  return build(fullYear(year), month, Number(day));
}

/**
 * The one reader of license dates: the license file reader reports what it
 * says, and the model reads dates with it. Forms: `dd-mmm-yyyy` (1- or 2-digit
 * day, month name in any case), `yyyy-mm-dd`, `permanent`, any date with year
 * 0, and two FlexLM forms real files carry, the bare `0` and `mmm-dd-yyyy`
 * (`jan-01-0`), which an RLM file may not use.
 */
export function readLicenseDate(text: string, dialect: DateDialect = 'any'): DateReading {
  const t = text.trim();
  if (/^permanent$/i.test(t)) return { ok: true, date: { kind: 'permanent' } };
  let m = /^(\d{1,2})-([a-z]{3})-(\d{1,4})$/i.exec(t);
  if (m !== null) return named(m[2] ?? '', m[3] ?? '', m[1] ?? '');
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m !== null) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  const flexlmForm = t === '0' || /^[a-z]{3}-\d{1,2}-\d{1,4}$/i.test(t);
  if (flexlmForm && dialect === 'rlm') return notADate('that is a FlexLM form, not one of an RLM file');
  if (t === '0') return { ok: true, date: { kind: 'permanent' } };
  m = /^([a-z]{3})-(\d{1,2})-(\d{1,4})$/i.exec(t);
  if (m !== null) return named(m[1] ?? '', m[3] ?? '', m[2] ?? '');
  return notADate(null);
}

/** The date a text names, or null when it names none (see readLicenseDate). */
export function parseLicenseDate(s: string, dialect: DateDialect = 'any'): LicenseDate | null {
  const r = readLicenseDate(s, dialect);
  return r.ok ? r.date : null;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function formatIsoDate(d: LicenseDate): string {
  return d.kind === 'permanent' ? 'permanent' : `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** `YYYY-MM-DD`, `permanent`, or `invalid` for text that is not a license date. */
export function isoOf(s: string, dialect: DateDialect = 'any'): string {
  const d = parseLicenseDate(s, dialect);
  return d === null ? 'invalid' : formatIsoDate(d);
}

/** Orders dates; `permanent` comes after every calendar date. */
export function compareDates(a: LicenseDate, b: LicenseDate): -1 | 0 | 1 {
  if (a.kind === 'permanent' || b.kind === 'permanent') {
    if (a.kind === b.kind) return 0;
    return a.kind === 'permanent' ? 1 : -1;
  }
  const ka = a.year * 10000 + a.month * 100 + a.day;
  const kb = b.year * 10000 + b.month * 100 + b.day;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** minutes since local midnight */
  minutes: number;
}

/** The wall-clock date and time at `now` in a zone `tzOffsetMinutes` west of UTC. */
function localTime(now: Date, tzOffsetMinutes: number): LocalTime {
  const local = new Date(now.getTime() - tzOffsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

function today(now: Date, tz: number): { date: LicenseDate; minutes: number } {
  const t = localTime(now, tz);
  return { date: { kind: 'date', year: t.year, month: t.month, day: t.day }, minutes: t.minutes };
}

/** `exptime=hh:mm` as minutes after midnight, or null when it is not a time of day. */
export function parseExptime(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (m === null) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

function asDate(d: LicenseDate | string): LicenseDate | null {
  return typeof d === 'string' ? parseLicenseDate(d) : d;
}

/**
 * Seed 002: "The license expires at midnight on the date specified, in other
 * words, it is valid for the entire day of the expiration date", or, with
 * `exptime=hh:mm`, "at this time on the expiration date rather than at
 * midnight". An unreadable date counts as expired: a license whose end cannot
 * be told is not granted.
 */
export function isExpired(
  expires: LicenseDate | string,
  exptime: string | number | null,
  now: Date,
  tzOffsetMinutes: number,
): boolean {
  const d = asDate(expires);
  if (d === null) return true;
  if (d.kind === 'permanent') return false;
  const t = today(now, tzOffsetMinutes);
  const c = compareDates(t.date, d);
  if (c !== 0) return c > 0;
  const cutoff = typeof exptime === 'string' ? parseExptime(exptime) : exptime;
  return cutoff !== null && t.minutes >= cutoff;
}

/**
 * Seed 002 "start=": "the license cannot be used before the specified date".
 * No start date means started. An unreadable start date counts as not started.
 */
export function isStarted(start: LicenseDate | string | null, now: Date, tzOffsetMinutes: number): boolean {
  if (start === null) return true;
  const d = asDate(start);
  if (d === null) return false;
  if (d.kind === 'permanent') return true;
  return compareDates(today(now, tzOffsetMinutes).date, d) >= 0;
}

/**
 * The instant a license stops being valid (the end of its expiry day, or its
 * exptime, in the given zone), or null for a license that never expires. The
 * server uses it to stop granting a pool member at the right moment.
 */
export function expiryInstant(
  expires: LicenseDate | string,
  exptime: string | number | null,
  tzOffsetMinutes: number,
): Date | null {
  const d = asDate(expires);
  if (d === null) return new Date(0);
  if (d.kind === 'permanent') return null;
  const cutoff = (typeof exptime === 'string' ? parseExptime(exptime) : exptime) ?? 24 * 60;
  const localMidnightUtc = Date.UTC(d.year, d.month - 1, d.day);
  return new Date(localMidnightUtc + (cutoff + tzOffsetMinutes) * 60_000);
}

/** Whole local calendar days from today to `d` (0 = today, negative = past); null when permanent. */
export function daysUntil(d: LicenseDate | string, now: Date, tzOffsetMinutes: number): number | null {
  const x = asDate(d);
  if (x === null || x.kind === 'permanent') return null;
  const t = localTime(now, tzOffsetMinutes);
  return Math.round((Date.UTC(x.year, x.month - 1, x.day) - Date.UTC(t.year, t.month - 1, t.day)) / 86_400_000);
}
