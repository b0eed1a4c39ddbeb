// The per-user lines of `lmutil lmstat -a`:
//
//   user host display (vVERSION) (server/port handle), start Day M/D H:MM[, N licenses][, PID: n][  (linger: ...)]
//   user host display [VERSION] (vVERSION) (server/port handle) queued for N license[s]
//
// lmstat separates the first three fields by single spaces and quotes none of
// them, so a user name with spaces ("John Doe") or a display full of odd bytes
// makes the split ambiguous. The rules below are the ones the real samples need;
// they are written down in `splitWho` so a surprise can be traced.

export interface UsageRow {
  kind: 'usage';
  user: string;
  host: string;
  display: string;
  /** vendor-defined text after the display ("feature=x", "MSCONE:ADAMS_View"); "" when none */
  vendor_data: string;
  version: string;
  served_by: string;
  handle: string;
  start: { weekday: string; month: number; day: number; hour: number; minute: number; text: string };
  count: number;
  pid: number | null;
  linger: { seconds: number; text: string } | null;
  /** text after the start time that none of the known suffixes explain */
  rest: string;
}

export interface QueuedRow {
  kind: 'queued';
  user: string;
  host: string;
  display: string;
  vendor_data: string;
  version: string;
  served_by: string;
  handle: string;
  count: number;
}

const USAGE =
  /^\s*(.+?) \(v([^()\s]*)\) \(([^()\s]+)(?: ([^()\s]+))?\), start (\w{3}) (\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2})(.*)$/;
const QUEUED = /^\s*(.+?) \(v([^()\s]*)\) \(([^()\s]+)(?: ([^()\s]+))?\) queued for (\d+) licenses?\s*$/;

// Characters of user and host names as systems allow them, and of displays
// such as ":0.0", "/dev/pts/3" or "feature=x"; anything else marks the garbage
// some clients send as a display.
const PLAIN = /^[\w.\-/:=@+~#%]+$/;
const HOSTLIKE = /^[A-Za-z0-9][\w.-]*$/;

// Text a vendor's client adds after the display: "feature=test_feature",
// "MSCONE:ADAMS_View". An X display ("host:0.0", ":1") also holds a colon, so
// a word that ends in :N[.N] is a display, never vendor data.
const VENDOR_WORD = /^[^=:\s]+[=:]\S/;
const X_DISPLAY = /^[\w.-]*:\d+(\.\d+)?$/;

interface Who {
  user: string;
  host: string;
  display: string;
  vendor_data: string;
}

/**
 * "user host display [vendor data]": the vendor's words start at the first
 * word after the third that looks like `key=value` or `PRODUCT:feature`; the
 * words before them are split by `splitWho`.
 */
export function splitRow(words: string[]): Who {
  const at = words.findIndex((w, i) => i >= 3 && VENDOR_WORD.test(w) && !X_DISPLAY.test(w));
  if (at < 0) return { ...splitWho(words), vendor_data: '' };
  return { ...splitWho(words.slice(0, at)), vendor_data: words.slice(at).join(' ') };
}

/**
 * Split "user host display" when spaces make it ambiguous:
 * - 1, 2 or 3 words: user, host, display in that order (display may be missing);
 * - a run of odd-looking words at the end is the display, the word before it the
 *   host and everything before that the user ("John Doe John_D <garbage>");
 * - the last two words equal (Windows sends the host as display): those are host
 *   and display, the rest the user ("John Smith SERVER1 SERVER1");
 * - otherwise the first word is the user, the second the host and the rest the
 *   display.
 */
function splitWho(words: string[]): { user: string; host: string; display: string } {
  const n = words.length;
  if (n <= 3) return { user: words[0] ?? '', host: words[1] ?? '', display: words[2] ?? '' };
  let odd = n;
  while (odd > 0 && !PLAIN.test(words[odd - 1] ?? '')) odd--;
  if (odd < n && odd >= 2 && HOSTLIKE.test(words[odd - 1] ?? '')) {
    return { user: words.slice(0, odd - 1).join(' '), host: words[odd - 1] ?? '', display: words.slice(odd).join(' ') };
  }
  const last = words[n - 1] ?? '';
  const before = words[n - 2] ?? '';
  if (last.toLowerCase() === before.toLowerCase()) {
    return { user: words.slice(0, n - 2).join(' '), host: before, display: last };
  }
  return { user: words[0] ?? '', host: words[1] ?? '', display: words.slice(2).join(' ') };
}

function parseTail(tail: string): Pick<UsageRow, 'count' | 'pid' | 'linger' | 'rest'> {
  let rest = tail;
  let count = 1;
  let pid: number | null = null;
  let linger: UsageRow['linger'] = null;
  rest = rest.replace(/,\s*(\d+) licenses?\b/, (_m, n: string) => {
    count = Number(n);
    return '';
  });
  rest = rest.replace(/,\s*PID:\s*(\d+)/, (_m, n: string) => {
    pid = Number(n);
    return '';
  });
  rest = rest.replace(/\(linger:\s*([^)]*)\)/, (_m, t: string) => {
    const first = /\d+/.exec(t);
    linger = { seconds: first ? Number(first[0]) : 0, text: t.trim() };
    return '';
  });
  return { count, pid, linger, rest: rest.trim() };
}

export function parseUsageRow(line: string): UsageRow | null {
  const m = USAGE.exec(line);
  if (!m) return null;
  const [, who = '', version = '', served = '', handle = '', weekday = '', mo = '', d = '', h = '', mi = '', tail = ''] = m;
  const start = {
    weekday,
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    text: `${weekday} ${mo}/${d} ${h}:${mi}`,
  };
  if (start.month < 1 || start.month > 12 || start.day < 1 || start.day > 31 || start.hour > 23 || start.minute > 59) return null;
  return { kind: 'usage', ...splitRow(who.trim().split(/\s+/)), version, served_by: served, handle, start, ...parseTail(tail) };
}

export function parseQueuedRow(line: string): QueuedRow | null {
  const m = QUEUED.exec(line);
  if (!m) return null;
  const [, who = '', version = '', served = '', handle = '', n = '1'] = m;
  const words = who.trim().split(/\s+/);
  // Some lmstat versions repeat the requested version before "(vX)" on queued lines.
  if (words.length > 3 && words[words.length - 1] === version) words.pop();
  return { kind: 'queued', ...splitRow(words), version, served_by: served, handle, count: Number(n) };
}
