// How a log entry reads in the log file (seed 000 §5.2 log_options time=,
// time.us=). Pure: the start of the process and the time zone are parameters.
import type { LogEntry } from './log-buffer.js';
import type { LogSettings } from './settings.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * `time=sec`: seconds since the server started; `short` (the default): time of
 * day; `full`: date and time. `time.us=1` gives microseconds instead of
 * milliseconds. `tzOffsetMinutes` is minutes west of UTC (Date#getTimezoneOffset).
 */
export function formatLogTime(timestampUs: number, settings: LogSettings, startUs: number, tzOffsetMinutes: number): string {
  const us = settings.timeUs === true;
  if (settings.time === 'sec') {
    const s = Math.max(0, timestampUs - startUs) / 1e6;
    return s.toFixed(us ? 6 : 3);
  }
  const local = new Date(Math.floor(timestampUs / 1000) - tzOffsetMinutes * 60_000);
  const frac = us ? pad(Math.floor(timestampUs) % 1_000_000, 6) : pad(local.getUTCMilliseconds(), 3);
  const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${frac}`;
  if (settings.time === 'full') return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${clock}`;
  return clock;
}

/** `TIME [LAYER] LEVEL text`; further lines of a multi-line entry are indented under the first. */
export function formatLogLine(e: LogEntry, settings: LogSettings, startUs: number, tzOffsetMinutes: number): string {
  const head = `${formatLogTime(e.timestampUs, settings, startUs, tzOffsetMinutes)} [${e.layer.toUpperCase()}] ${e.level.toUpperCase()}${e.dir ? ` ${e.dir}` : ''}${
    e.ueId !== undefined ? ` ue_id=${e.ueId}` : ''
  }`;
  const [first = '', ...rest] = e.data;
  return [`${head} ${first}`, ...rest.map((l) => `    ${l}`)].join('\n') + '\n';
}

/** A rotated file's name: `NAME.YYYYMMDD-HHMMSS` in local time. */
export function rotatedName(base: string, wallMs: number, tzOffsetMinutes: number): string {
  const d = new Date(wallMs - tzOffsetMinutes * 60_000);
  return `${base}.${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}
