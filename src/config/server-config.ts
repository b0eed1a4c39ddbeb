// The keys of an ltelicense server configuration (seed 000 §5.2), checked and
// typed: what `licutil serve --config` runs on. Paths are resolved relative to
// the configuration file's directory. Unknown keys are warned about by name
// (with the nearest known key when one is close) and otherwise ignored, so a
// file shared with a newer ltelicense still starts.
import path from 'node:path';
import { parseHostPort, type HostPort } from './address.js';
import { formatDiagnostic, type ConfigDiagnostic, type ConfigDiagnosticCode, type SourcePos } from './diagnostics.js';
import { emptyLogOptions, parseLogOptions, type LogOptions } from './log-options.js';
import type { ConfigLocations } from './merge.js';
import { describeValue, hasKey, isConfigObject, typeOf, type ConfigObject, type ConfigValue } from './values.js';

export const DEFAULT_BIND_PORT = 9050;
export const DEFAULT_COM_PORT = 9006;
export const DEFAULT_COM_NAME = 'LICENSE';
export const DEFAULT_COM_LOG_COUNT = 8192;
export const COM_LOG_COUNT_MIN = 4096;
export const COM_LOG_COUNT_MAX = 2097152;

export interface LicenseSource {
  /** a license file or a directory read recursively, resolved against the configuration file's directory */
  path: string;
  /** as written in the file */
  written: string;
  /** only clients with the same tag get these licenses */
  tag?: string;
}

export interface ComSsl {
  certificate: string;
  key: string;
  peerVerify: boolean;
  ca?: string;
}

export interface ComAuth {
  /** exactly one of password and passfile is set */
  password?: string;
  /** a file holding the password in plain text (read by the server: see readComPassword) */
  passfile?: string;
  unsecure: boolean;
}

export interface ServerConfig {
  configFile: string;
  /** where components connect; undefined when the file does not say */
  bindAddr?: HostPort;
  licenses: LicenseSource[];
  /** the WebSocket remote API; undefined: no remote API */
  comAddr?: HostPort;
  comName: string;
  comSsl?: ComSsl;
  comAuth?: ComAuth;
  /** com_log_lock, or the older com_logs_lock */
  comLogLock: boolean;
  comLogUs: boolean;
  comLogCount: number;
  logFilename?: string;
  logOptions: LogOptions;
  logSync: boolean;
  /** licutil's own: requests one client address may have waiting (serve --queue-per-client) */
  queuePerClient?: number;
  /** licutil's own: descriptors kept free of waiting requests (serve --fd-headroom) */
  fdHeadroom?: number;
  /** licutil's own: seconds a waiting request's long-poll is held before it is answered with a ticket (serve --poll-timeout) */
  pollTimeout?: number;
}

export interface InterpretResult {
  config: ServerConfig;
  /** `file:line:column: warning: ...` */
  warnings: string[];
  errors: ConfigDiagnostic[];
  /** errors and warnings together, in key order */
  diagnostics: ConfigDiagnostic[];
}

export const KNOWN_KEYS = [
  'bind_addr', 'licenses', 'com_addr', 'com_name', 'com_ssl_certificate', 'com_ssl_key', 'com_ssl_peer_verify',
  'com_ssl_ca', 'com_auth', 'com_log_lock', 'com_logs_lock', 'com_log_us', 'com_log_count', 'log_filename',
  'log_options', 'log_sync', 'queue_per_client', 'fd_headroom', 'poll_timeout',
] as const;

/** licutil's own keys for the queue's limits (issue 14), with their ranges. */
const QUEUE_KEYS = [
  ['queue_per_client', 'queuePerClient', 1, 1_000_000],
  ['fd_headroom', 'fdHeadroom', 0, 1_000_000],
  ['poll_timeout', 'pollTimeout', 1, 3600],
] as const;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** Reads keys of one object, reporting at the line where each was set. */
class Checker {
  readonly diagnostics: ConfigDiagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly dir: string,
    private readonly locations: ConfigLocations | undefined,
  ) {}

  private where(obj: object, key: string | number): SourcePos {
    return this.locations?.get(obj, key) ?? { file: this.file, line: 0, column: 0 };
  }

  report(obj: object, key: string | number, name: string, severity: 'error' | 'warning', code: ConfigDiagnosticCode, message: string, hint?: string): void {
    const d: ConfigDiagnostic = { ...this.where(obj, key), severity, code, message, key: name };
    if (hint !== undefined) d.hint = hint;
    this.diagnostics.push(d);
  }

  private wrongType(obj: object, key: string | number, name: string, want: string, v: ConfigValue): undefined {
    this.report(obj, key, name, 'error', 'CFG_TYPE', `${name} must be ${want}, not ${typeOf(v)} ${describeValue(v)}`);
    return undefined;
  }

  string(obj: ConfigObject | ConfigValue[], key: string | number, name: string, allowEmpty = false): string | undefined {
    const v = (obj as Record<string | number, ConfigValue | undefined>)[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.wrongType(obj, key, name, 'a string', v);
    if (!allowEmpty && v === '') {
      this.report(obj, key, name, 'error', 'CFG_VALUE', `${name} must not be empty`);
      return undefined;
    }
    return v;
  }

  /** "The numbers 0 and 1 are accepted as synonyms for the boolean values false and true." */
  boolean(obj: ConfigObject, key: string, name: string): boolean | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    return this.wrongType(obj, key, name, 'a boolean (true, false, 0 or 1)', v);
  }

  path(obj: ConfigObject | ConfigValue[], key: string | number, name: string): { path: string; written: string } | undefined {
    const s = this.string(obj, key, name);
    if (s === undefined) return undefined;
    if (s.startsWith('~')) this.report(obj, key, name, 'warning', 'CFG_VALUE', `${name}: '~' is not expanded to a home directory`, 'write the full path');
    return { path: path.isAbsolute(s) ? path.normalize(s) : path.join(this.dir, s), written: s };
  }

  address(obj: ConfigObject, key: string, defaultPort: number): HostPort | undefined {
    const s = this.string(obj, key, key);
    if (s === undefined) return undefined;
    const r = parseHostPort(s, defaultPort);
    if (r.ok) return r.value;
    this.report(obj, key, key, 'error', 'CFG_VALUE', `${key}: ${r.error}`, r.hint ?? `address[:port], as "[::]:${defaultPort}" or "192.168.1.20:${defaultPort}"`);
    return undefined;
  }

  wholeNumber(obj: ConfigObject, key: string, min: number, max: number): number | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number') return this.wrongType(obj, key, key, `a whole number from ${min} to ${max}`, v);
    if (!Number.isInteger(v) || v < min || v > max) {
      this.report(obj, key, key, 'error', 'CFG_RANGE', `${key} must be a whole number from ${min} to ${max}, not ${describeValue(v)}`);
      return undefined;
    }
    return v;
  }

  unknownKeys(obj: ConfigObject, known: readonly string[], prefix: string): void {
    for (const k of Object.keys(obj)) {
      if (known.includes(k)) continue;
      const near = nearestKey(k, known);
      this.report(obj, k, prefix + k, 'warning', 'CFG_UNKNOWN_KEY', `unknown key ${prefix}${k} is ignored`, near ? `did you mean ${prefix}${near}?` : undefined);
    }
  }
}

export function interpretServerConfig(value: ConfigObject, configFile: string, locations?: ConfigLocations): InterpretResult {
  const c = new Checker(configFile, path.dirname(configFile), locations);
  const config: ServerConfig = {
    configFile,
    licenses: [],
    comName: DEFAULT_COM_NAME,
    comLogLock: false,
    comLogUs: false,
    comLogCount: DEFAULT_COM_LOG_COUNT,
    logOptions: emptyLogOptions(),
    logSync: false,
  };
  c.unknownKeys(value, KNOWN_KEYS, '');

  const bind = c.address(value, 'bind_addr', DEFAULT_BIND_PORT);
  if (bind) config.bindAddr = bind;
  config.licenses = licensesOf(c, value);
  const com = c.address(value, 'com_addr', DEFAULT_COM_PORT);
  if (com) config.comAddr = com;
  config.comName = c.string(value, 'com_name', 'com_name') ?? DEFAULT_COM_NAME;
  const ssl = sslOf(c, value);
  if (ssl) config.comSsl = ssl;
  const auth = authOf(c, value);
  if (auth) config.comAuth = auth;
  if (!config.comAddr) {
    for (const k of ['com_auth', 'com_ssl_certificate'] as const) {
      if (hasKey(value, k)) c.report(value, k, k, 'warning', 'CFG_VALUE', `${k} has no effect without com_addr (the remote API is off)`);
    }
  }

  const lock = c.boolean(value, 'com_log_lock', 'com_log_lock');
  const oldLock = c.boolean(value, 'com_logs_lock', 'com_logs_lock');
  if (lock !== undefined && oldLock !== undefined && lock !== oldLock) {
    c.report(value, 'com_logs_lock', 'com_logs_lock', 'warning', 'CFG_VALUE', 'com_logs_lock (the old name of com_log_lock) disagrees with com_log_lock; com_log_lock is used');
  }
  config.comLogLock = lock ?? oldLock ?? false;
  config.comLogUs = c.boolean(value, 'com_log_us', 'com_log_us') ?? false;
  config.comLogCount = logCountOf(c, value);

  const logFile = c.path(value, 'log_filename', 'log_filename');
  if (logFile) config.logFilename = logFile.path;
  const opts = c.string(value, 'log_options', 'log_options', true);
  if (opts !== undefined) {
    const r = parseLogOptions(opts, undefined, path.dirname(configFile));
    config.logOptions = r.options;
    for (const e of r.errors) c.report(value, 'log_options', 'log_options', 'error', 'CFG_VALUE', `log_options: ${e}`);
    for (const w of r.warnings) c.report(value, 'log_options', 'log_options', 'warning', 'CFG_VALUE', `log_options: ${w}`);
  }
  config.logSync = c.boolean(value, 'log_sync', 'log_sync') ?? false;
  for (const [key, field, min, max] of QUEUE_KEYS) {
    const n = c.wholeNumber(value, key, min, max);
    if (n !== undefined) config[field] = n;
  }

  // in file order, so the first one listed is the first one to fix
  const diagnostics = [...c.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    config,
    warnings: diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic),
    errors: diagnostics.filter((d) => d.severity === 'error'),
    diagnostics,
  };
}

function licensesOf(c: Checker, value: ConfigObject): LicenseSource[] {
  const list = value.licenses;
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    c.report(value, 'licenses', 'licenses', 'error', 'CFG_TYPE', `licenses must be an array, not ${typeOf(list)} ${describeValue(list)}`, 'licenses: [ "/root/.amarisoft/floating/" ]');
    return [];
  }
  const out: LicenseSource[] = [];
  list.forEach((entry, i) => {
    const name = `licenses[${i}]`;
    if (typeof entry === 'string') {
      const p = c.path(list, i, name);
      if (p) out.push(p);
    } else if (isConfigObject(entry)) {
      c.unknownKeys(entry, ['file', 'tag'], `${name}.`);
      if (!hasKey(entry, 'file')) {
        c.report(list, i, name, 'error', 'CFG_MISSING', `${name} has no file`, '{ file: "/path/to/licenses", tag: "eNB600" }');
        return;
      }
      const p = c.path(entry, 'file', `${name}.file`);
      const tag = c.string(entry, 'tag', `${name}.tag`);
      if (p) out.push(tag === undefined ? p : { ...p, tag });
    } else {
      c.report(list, i, name, 'error', 'CFG_TYPE', `${name} must be a path string or an object { file, tag }, not ${typeOf(entry)} ${describeValue(entry)}`);
    }
  });
  return out;
}

function sslOf(c: Checker, value: ConfigObject): ComSsl | undefined {
  const cert = c.path(value, 'com_ssl_certificate', 'com_ssl_certificate');
  const key = c.path(value, 'com_ssl_key', 'com_ssl_key');
  const peerVerify = c.boolean(value, 'com_ssl_peer_verify', 'com_ssl_peer_verify');
  const ca = c.path(value, 'com_ssl_ca', 'com_ssl_ca');
  if (!cert) {
    for (const k of ['com_ssl_key', 'com_ssl_peer_verify', 'com_ssl_ca']) {
      if (hasKey(value, k) && !hasKey(value, 'com_ssl_certificate')) c.report(value, k, k, 'warning', 'CFG_VALUE', `${k} is ignored without com_ssl_certificate`);
    }
    return undefined;
  }
  if (!key) {
    if (!hasKey(value, 'com_ssl_key')) c.report(value, 'com_ssl_certificate', 'com_ssl_key', 'error', 'CFG_MISSING', 'com_ssl_key is mandatory when com_ssl_certificate is set');
    return undefined;
  }
  const out: ComSsl = { certificate: cert.path, key: key.path, peerVerify: peerVerify ?? false };
  if (ca) out.ca = ca.path;
  return out;
}

function authOf(c: Checker, value: ConfigObject): ComAuth | undefined {
  const a = value.com_auth;
  if (a === undefined) return undefined;
  if (!isConfigObject(a)) {
    c.report(value, 'com_auth', 'com_auth', 'error', 'CFG_TYPE', `com_auth must be an object, not ${typeOf(a)} ${describeValue(a)}`, 'com_auth: { password: "..." } or { passfile: "..." }');
    return undefined;
  }
  c.unknownKeys(a, ['password', 'passfile', 'unsecure'], 'com_auth.');
  const password = c.string(a, 'password', 'com_auth.password');
  const passfile = c.path(a, 'passfile', 'com_auth.passfile');
  const unsecure = c.boolean(a, 'unsecure', 'com_auth.unsecure') ?? false;
  if (password !== undefined) {
    if (passfile) c.report(a, 'passfile', 'com_auth.passfile', 'warning', 'CFG_VALUE', 'com_auth has both password and passfile; password is used');
    return { password, unsecure };
  }
  if (passfile) return { passfile: passfile.path, unsecure };
  if (!hasKey(a, 'password') && !hasKey(a, 'passfile')) {
    c.report(value, 'com_auth', 'com_auth', 'error', 'CFG_MISSING', 'com_auth needs password or passfile');
  }
  return undefined;
}

function logCountOf(c: Checker, value: ConfigObject): number {
  const v = value.com_log_count;
  if (v === undefined) return DEFAULT_COM_LOG_COUNT;
  const range = `between ${COM_LOG_COUNT_MIN} and ${COM_LOG_COUNT_MAX}`;
  if (typeof v !== 'number') {
    c.report(value, 'com_log_count', 'com_log_count', 'error', 'CFG_TYPE', `com_log_count must be a number ${range}, not ${typeOf(v)} ${describeValue(v)}`);
  } else if (!Number.isInteger(v) || v < COM_LOG_COUNT_MIN || v > COM_LOG_COUNT_MAX) {
    c.report(value, 'com_log_count', 'com_log_count', 'error', 'CFG_RANGE', `com_log_count must be a whole number ${range}, not ${describeValue(v)}`);
  } else {
    return v;
  }
  return DEFAULT_COM_LOG_COUNT;
}

/** The remote API password: com_auth.password, or the first line of com_auth.passfile read with `read`. */
export function readComPassword(auth: ComAuth, read: (file: string) => string): string {
  if (auth.password !== undefined) return auth.password;
  const text = read(auth.passfile ?? '');
  return text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
}
