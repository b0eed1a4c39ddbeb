// Hours and days of the report's time series, in the zone the report is read
// in (an administrator's "Monday" is a local day). The zone's offset is looked
// up once per UTC hour, not once per event.
import { offsetMs, wallTime } from '../legacy/common/time.js';

export type Bucket = 'hour' | 'day';

const HOUR = 3_600_000;

export interface Bucketer {
  readonly size: Bucket;
  /** the instant the bucket holding `t` starts */
  start(t: number): number;
  /** the instant the next bucket starts */
  next(start: number): number;
  /** "2026-03-04" or "2026-03-04 14:00", local */
  label(start: number): string;
}

export function bucketer(size: Bucket, timeZone: string): Bucketer {
  const offsets = new Map<number, number>();
  const offset = (t: number): number => {
    const h = Math.floor(t / HOUR);
    let o = offsets.get(h);
    if (o === undefined) {
      if (offsets.size > 100_000) offsets.clear();
      o = offsetMs(h * HOUR, timeZone);
      offsets.set(h, o);
    }
    return o;
  };
  const start = (t: number): number => {
    const o = offset(t);
    const local = t + o;
    const unit = size === 'hour' ? HOUR : 24 * HOUR;
    const floored = local - (((local % unit) + unit) % unit);
    // across a clock change the local start maps back with the offset of its own moment
    return floored - offset(floored - o);
  };
  return {
    size,
    start,
    next(s) {
      // a day may be 23 or 25 hours: step past it and find the start again
      return start(s + (size === 'hour' ? HOUR : 26 * HOUR));
    },
    label(s) {
      const w = wallTime(new Date(s), timeZone);
      const p = (n: number) => String(n).padStart(2, '0');
      const day = `${w.year}-${p(w.month)}-${p(w.day)}`;
      return size === 'hour' ? `${day} ${p(w.hour)}:00` : day;
    },
  };
}
