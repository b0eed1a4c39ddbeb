// log_options (seed 000 §5.2): a comma-separated list of assignments, applied in
// order, so "all.level=debug,license.level=info" leaves license at info. The
// same syntax serves the monitor's `log` command, so a list can be applied on
// top of the current options (`base`). Layers this server does not have are
// warned about and ignored, since configuration files are often shared with
// other Amarisoft components whose layers (phy, rrc, ...) mean nothing here.
import path from 'node:path';

export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug'];
/** "Available layers are: license" */
export const LOG_LAYERS = ['license'] as const;

export interface LayerLogOptions {
  level?: LogLevel;
  /** at most this many bytes of data are dumped in hexadecimal */
  max_size?: number;
  payload?: boolean;
  key?: boolean;
  crypto?: boolean;
}

export type LogRotate = { kind: 'now' } | { kind: 'size'; bytes: number } | { kind: 'count'; count: number };

export interface LogOptions {
  layers: Record<string, LayerLogOptions>;
  /** how the log file writes times: seconds since start, time of day (default), or date and time */
  time?: 'sec' | 'short' | 'full';
  timeUs?: boolean;
  /** file=cut: close the log file and start a new one (acted on once) */
  cut?: boolean;
  rotate?: LogRotate;
  /** file.path: where rotated files go */
  path?: string;
  /** append to the log file instead of truncating it when it is opened */
  append?: boolean;
  /** every assignment accepted, in order, as written */
  assignments: Array<{ key: string; value: string }>;
}

export interface LogOptionsResult {
  options: LogOptions;
  errors: string[];
  warnings: string[];
}

export function emptyLogOptions(): LogOptions {
  return { layers: Object.fromEntries(LOG_LAYERS.map((l) => [l, {}])), assignments: [] };
}

function flag(v: string): boolean | null {
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return null;
}

const MULT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const COUNT_MULT: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9 };

/** "Size is an integer and can be followed by K, M or G": binary for bytes, decimal for counts. */
function sized(v: string, mult: Record<string, number>): number | null {
  const m = /^(\d+)([KMG]?)$/i.exec(v);
  if (!m) return null;
  const n = Number(m[1]) * (mult[(m[2] ?? '').toUpperCase()] ?? 1);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function cloneOptions(o: LogOptions): LogOptions {
  const layers: Record<string, LayerLogOptions> = {};
  for (const [k, v] of Object.entries(o.layers)) layers[k] = { ...v };
  const out: LogOptions = { ...o, layers, assignments: [...o.assignments] };
  if (o.rotate) out.rotate = { ...o.rotate };
  return out;
}

/**
 * Parses `text` on top of `base` (default: nothing set). `baseDir` resolves a
 * relative file.path (the configuration file's directory).
 */
export function parseLogOptions(text: string, base?: LogOptions, baseDir?: string): LogOptionsResult {
  const options = base ? cloneOptions(base) : emptyLogOptions();
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) {
      errors.push(`"${item}" is not an assignment (name=value)`);
      continue;
    }
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    const problem = apply(options, key, value, baseDir);
    if (problem === null) options.assignments.push({ key, value });
    else if ('warning' in problem) warnings.push(problem.warning);
    else errors.push(problem.error);
  }
  return { options, errors, warnings };
}

type Problem = { error: string } | { warning: string } | null;

function apply(o: LogOptions, key: string, value: string, baseDir: string | undefined): Problem {
  const bad = (expected: string): Problem => ({ error: `${key}=${value}: expected ${expected}` });
  switch (key) {
    case 'time':
      if (value !== 'sec' && value !== 'short' && value !== 'full') return bad('sec, short or full');
      o.time = value;
      return null;
    case 'time.us': {
      const f = flag(value);
      if (f === null) return bad('0 or 1');
      o.timeUs = f;
      return null;
    }
    case 'append': {
      const f = flag(value);
      if (f === null) return bad('0 or 1');
      o.append = f;
      return null;
    }
    case 'file':
      if (value !== 'cut') return bad('cut');
      o.cut = true;
      return null;
    case 'file.rotate': {
      if (value === 'now') {
        o.rotate = { kind: 'now' };
        return null;
      }
      if (value.startsWith('#')) {
        const count = sized(value.slice(1), COUNT_MULT);
        if (count === null) return bad('now, a size (10M) or #count (#1000) greater than 0');
        o.rotate = { kind: 'count', count };
        return null;
      }
      const bytes = sized(value, MULT);
      if (bytes === null) return bad('now, a size (10M) or #count (#1000) greater than 0');
      o.rotate = { kind: 'size', bytes };
      return null;
    }
    case 'file.path':
      if (value === '') return bad('a directory');
      o.path = baseDir !== undefined && !path.isAbsolute(value) ? path.join(baseDir, value) : value;
      return null;
  }
  const dot = key.lastIndexOf('.');
  if (dot <= 0) return { warning: `unknown log option "${key}" is ignored` };
  const layer = key.slice(0, dot);
  const field = key.slice(dot + 1);
  const targets = layer === 'all' ? [...LOG_LAYERS] : (LOG_LAYERS as readonly string[]).includes(layer) ? [layer] : null;
  if (targets === null) return { warning: `log layer "${layer}" is not a layer of this server (${LOG_LAYERS.join(', ')}, all); ${key} is ignored` };
  let set: (l: LayerLogOptions) => void;
  if (field === 'level') {
    if (!(LOG_LEVELS as readonly string[]).includes(value)) return bad(LOG_LEVELS.join(', '));
    set = (l) => (l.level = value as LogLevel);
  } else if (field === 'max_size') {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) return bad('a number of bytes (0 or more)');
    set = (l) => (l.max_size = Number(value));
  } else if (field === 'payload' || field === 'key' || field === 'crypto') {
    const f = flag(value);
    if (f === null) return bad('0 or 1');
    set = (l) => (l[field] = f);
  } else {
    return { warning: `unknown log option "${key}" is ignored (a layer takes level, max_size, payload, key, crypto)` };
  }
  for (const t of targets) set((o.layers[t] ??= {}));
  return null;
}

/** Back to the log_options notation: one assignment per setting, layers first. */
export function formatLogOptions(o: LogOptions): string {
  const out: string[] = [];
  for (const [layer, l] of Object.entries(o.layers)) {
    if (l.level !== undefined) out.push(`${layer}.level=${l.level}`);
    if (l.max_size !== undefined) out.push(`${layer}.max_size=${l.max_size}`);
    for (const f of ['payload', 'key', 'crypto'] as const) if (l[f] !== undefined) out.push(`${layer}.${f}=${l[f] ? 1 : 0}`);
  }
  if (o.time !== undefined) out.push(`time=${o.time}`);
  if (o.timeUs !== undefined) out.push(`time.us=${o.timeUs ? 1 : 0}`);
  if (o.rotate) out.push(`file.rotate=${o.rotate.kind === 'now' ? 'now' : o.rotate.kind === 'size' ? o.rotate.bytes : `#${o.rotate.count}`}`);
  if (o.path !== undefined) out.push(`file.path=${o.path}`);
  if (o.append !== undefined) out.push(`append=${o.append ? 1 : 0}`);
  return out.join(',');
}
