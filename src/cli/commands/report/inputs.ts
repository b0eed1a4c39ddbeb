// What `licutil report` reads besides the logs: the --since/--until times and
// the licenses issued according to -c license sources.
import { LicutilError } from '../../../protocol/errors.js';
import { fromWallTime } from '../../../legacy/common/time.js';
import { licensesOfAll } from '../../../licmodel/index.js';
import type { CliContext } from '../../common/command.js';
import { loadLicenses } from '../../common/licenses.js';
import type { ReportArgs } from './args.js';

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
const LOCAL = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?$/;

/**
 * `2026-03-01` (the start of that day in the zone; for --until, its end),
 * `2026-03-01T08:00[:ss]` (wall-clock time in the zone), or an ISO time with
 * its own zone (`...Z`, `...+01:00`).
 */
export function parseWhen(text: string, flag: string, timeZone: string, endOfDay: boolean): number {
  const d = DATE.exec(text);
  if (d) {
    const day = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + (endOfDay ? 1 : 0)));
    return fromWallTime({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, timeZone).getTime() - (endOfDay ? 1 : 0);
  }
  const l = LOCAL.exec(text);
  if (l) {
    return fromWallTime({ year: Number(l[1]), month: Number(l[2]), day: Number(l[3]), hour: Number(l[4]), minute: Number(l[5]), second: Number(l[6] ?? 0) }, timeZone).getTime();
  }
  const t = Date.parse(text);
  if (/\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:?\d\d)$/.test(text) && !Number.isNaN(t)) return t;
  throw new LicutilError('LICUTIL_E_USAGE', `${flag} ${JSON.stringify(text)}: not a date`, 'use 2026-03-01, 2026-03-01T08:00 (in --tz) or 2026-03-01T08:00:00Z');
}

/** Licenses issued per product in the -c license files (counted licenses only). */
export function issuedFromLicenses(args: ReportArgs, ctx: CliContext): Map<string, number> {
  const loaded = loadLicenses(args, ctx);
  const out = new Map<string, number>();
  for (const l of licensesOfAll(loaded.documents)) {
    if (typeof l.count === 'number' && l.count > 0) out.set(l.product, (out.get(l.product) ?? 0) + l.count);
  }
  return out;
}
