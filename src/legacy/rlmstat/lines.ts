// The lines of `rlmutil rlmstat` text the reader knows, and the two time
// layouts RLM prints (durations "99d 11:08:25" and C's ctime()).
export const RE = {
  settingPath: /^Setting license file path to (.*)$/,
  tool: /^(rlmutil|rlmstat) (v\S+)\s*$/,
  banner: /^rlmutil - /,
  copyright: /^Copyright \(C\) .*Reprise Software/i,
  rlmStatus: /^rlm status on (\S+) \(port (\d+)\), up (.+?)\s*$/,
  rlmVersion: /^rlm software version v(\S+)/,
  commVersion: /^(?:\S+ )?comm version: /,
  startup: /^Startup time: (.+?)\s*$/,
  statistics: /^(Todays|Recent) Statistics \(([^)]*)\), init time: (.+?)\s*$/,
  statsHead: /^Recent Stats\s+Todays Stats\s+Total Stats\s*$/,
  statsTimes: /^(?:(?:\d+d )?\d+:\d\d:\d\d\s*)+$/,
  statsRow: /^(Messages|Connections|Checkouts|Denials|Removals):\s+\d/,
  isvTable: /^-+ ISV servers -+$/,
  isvHead: /^Name\s+Port\s+Running\s+Restarts\s*$/i,
  isvRow: /^(\S+)\s+(\d+)\s+(Yes|No)\s+(\d+)\s*$/i,
  rule: /^-{4,}$/,
  isvStatus: /^(\S+) ISV server status on (\S+) \(port (\d+)\), up (.+?)\s*$/,
  isvVersion: /^(\S+) software version v(\S+)/,
  isvLog: /^(\S+) (?:Debug|Report) log filename: /,
  poolsOn: /^(\S+) license pool status on (\S+) \(port (\d+)\)\s*$/,
  usageOn: /^(\S+) license usage status on (\S+) \(port (\d+)\)\s*$/,
  queueOn: /^(\S+) license queue status on (\S+) \(port (\d+)\)\s*$/,
  poolHead: /^(\S+) v(\S+?)(?:, pool: (\d+))?\s*$/,
  poolCounts: /^count: (\S+), # reservations: (\d+), inuse: (\d+), exp: (\S+)\s*$/,
  poolMore: /^obsolete: (\d+), min_remove: (-?\d+), total checkouts: (\d+)\s*$/,
  usage: /^(\S+) v(\S+): (.+)@(\S+) (\d+)\/(\d+) at (\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2})\s+\(handle: ([^)\s]+)\)(.*)$/,
  queued: /^(\S+) v(\S+): (.+)@(\S+) (\d+) queued since (\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2})\s+\(position: (\d+)\)\s*$/,
  tokenBased: /^Token-based license\s*$/i,
  connectError: /^Error connecting to "(\S+)" server\s*$/,
  attempted: /^Connection attempted to host: "([^"]*)" on port (\d+)\s*$/,
};

/** "99d 11:08:25" or "00:03:51" → seconds */
export function uptimeSeconds(text: string): number {
  const m = /^(?:(\d+)d )?(\d+):(\d\d):(\d\d)$/.exec(text.trim());
  if (!m) return 0;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3_600 + Number(m[3]) * 60 + Number(m[4]);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue Oct 19 01:40:13 2021" (C's ctime, server local time) → wall time parts */
export function ctimeParts(text: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } | null {
  const m = /^\w{3} (\w{3})\s+(\d{1,2}) (\d{1,2}):(\d\d):(\d\d) (\d{4})$/.exec(text.trim());
  if (!m) return null;
  const month = MONTH_NAMES.indexOf(m[1] ?? '') + 1;
  if (month === 0) return null;
  return { year: Number(m[6]), month, day: Number(m[2]), hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5]) };
}
