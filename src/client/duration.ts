// DURATION as the checkout options take it: a number of seconds, or a number
// with a unit — 30, 30s, 5m, 1h, 1.5h, 1h30m, 2d.
import { LicutilError } from '../protocol/errors.js';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in a DURATION; throws a usage error naming `option` for anything else. */
export function parseDuration(text: string, option: string): number {
  const t = text.trim().toLowerCase();
  const parts = /^(?:\d+(?:\.\d+)?[smhd]?)+$/.test(t) ? [...t.matchAll(/(\d+(?:\.\d+)?)([smhd]?)/g)] : [];
  // a bare number is only allowed alone: "1h30" would be ambiguous
  const ok = parts.length > 0 && (parts.length === 1 || parts.every((p) => p[2] !== ''));
  if (!ok) {
    throw new LicutilError('LICUTIL_E_USAGE', `${option} ${JSON.stringify(text)} is not a duration`, 'write seconds or a number with a unit: 30, 30s, 5m, 1h, 1h30m');
  }
  let total = 0;
  for (const p of parts) total += Number(p[1]) * (UNIT[p[2] ?? ''] ?? 1);
  return total;
}
