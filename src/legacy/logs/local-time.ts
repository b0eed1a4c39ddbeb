// Vendor logs print the server's wall-clock time with no zone. Converting
// through Intl for every line would cost more than reading the line, so the
// instant of each wall-clock hour is kept: minutes and seconds are added to it.
// Pure: the zone is an input (an IANA name), never the process's TZ.
import { fromWallTime } from '../common/time.js';

interface LocalClock {
  /** the instant (ms) of a wall-clock time in the clock's zone; month 1-12 */
  instant(year: number, month: number, day: number, hour: number, minute: number, second: number, ms?: number): number;
}

export function localClock(timeZone: string): LocalClock {
  const hours = new Map<number, number>();
  return {
    instant(year, month, day, hour, minute, second, ms = 0) {
      const key = ((year * 13 + month) * 32 + day) * 24 + hour;
      let base = hours.get(key);
      if (base === undefined) {
        if (hours.size > 50_000) hours.clear();
        base = fromWallTime({ year, month, day, hour }, timeZone).getTime();
        hours.set(key, base);
      }
      return base + minute * 60_000 + second * 1000 + ms;
    },
  };
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar day after (or before, with -1) a date. */
export function addDays(d: CivilDate, n: number): CivilDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
