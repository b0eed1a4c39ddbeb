// `licutil serve --config FILE`: the ltelicense configuration (seed 000 §5)
// joined to the command line, which wins wherever both say something:
//
//   bind_addr  → --bind / --port     (a bind_addr without a port: 9050, the seed's default)
//   licenses   → FILE|DIR arguments and -c (named on the command line: the file's are not used)
//   log_options, log_filename, log_sync → the debug log (-v / -q set the license layer's level)
//   com_*      → the WebSocket remote API
//   queue_per_client, fd_headroom, poll_timeout (licutil's own) → --queue-per-client, --fd-headroom, --poll-timeout
//
// Pure: the configuration comes in already read and interpreted.
import type { ServerConfig } from '../../config/index.js';
import { formatHostPort } from '../../config/index.js';
import type { FilterLevel } from '../adapters/logging/log-buffer.js';
import { cloneSettings, DEFAULT_LEVEL, defaultSettings, type LogSettings } from '../adapters/logging/settings.js';
import type { LicenseGroupSource } from './startup-io.js';

const DEFAULT_BIND = '0.0.0.0';
/** com_log_count when there is no configuration */
const DEFAULT_LOG_COUNT = 8192;

export interface ServeFlags {
  paths: readonly string[];
  port?: number | undefined;
  bind?: string | undefined;
  /** -v / -q; undefined when neither was given */
  logLevel?: FilterLevel | undefined;
  queuePerClient?: number | undefined;
  fdHeadroom?: number | undefined;
  pollTimeout?: number | undefined;
}

/** The queue's limits: each from the command line, else the configuration, else undefined (the server's default). */
export interface QueueSettings {
  perClient?: number;
  fdHeadroom?: number;
  /** seconds */
  pollTimeout?: number;
}

export interface RemoteApiSettings {
  host: string;
  port: number;
  /** com_name */
  name: string;
  ssl?: { certificate: string; key: string; ca?: string; peerVerify: boolean };
  auth?: { password?: string; passfile?: string; unsecure: boolean };
}

interface LogPlan {
  settings: LogSettings;
  /** log_filename, absolute */
  file?: string;
  sync: boolean;
  /** com_log_count */
  count: number;
  locked: boolean;
  microseconds: boolean;
}

export interface EffectiveServe {
  bind: string;
  /** undefined: the port of the HOST line, else 5053 (licutil's own rule) */
  port?: number;
  /** where the port came from, for the debug log */
  portOrigin?: string;
  /** license files named on the command line (or none: the license environment)... */
  paths: string[];
  /** ...or, when the configuration names them and the command line does not, its licenses with their tags */
  groups?: LicenseGroupSource[];
  remote?: RemoteApiSettings;
  log: LogPlan;
  queue: QueueSettings;
}

/** The log settings of a configuration, with the level of -v / -q on top. */
function logPlanOf(cfg: ServerConfig | null, level: FilterLevel | undefined): LogPlan {
  const settings = cfg ? cloneSettings(cfg.logOptions) : defaultSettings();
  // the level in force is shown (config_get, the monitor's log) even when the file sets none
  settings.layers.license = { level: level ?? DEFAULT_LEVEL, ...settings.layers.license, ...(level !== undefined ? { level } : {}) };
  const plan: LogPlan = {
    settings,
    sync: cfg?.logSync ?? false,
    count: cfg?.comLogCount ?? DEFAULT_LOG_COUNT,
    locked: cfg?.comLogLock ?? false,
    microseconds: cfg?.comLogUs ?? false,
  };
  if (cfg?.logFilename !== undefined) plan.file = cfg.logFilename;
  return plan;
}

function remoteOf(cfg: ServerConfig | null): RemoteApiSettings | undefined {
  if (!cfg?.comAddr) return undefined;
  const r: RemoteApiSettings = { host: cfg.comAddr.host, port: cfg.comAddr.port, name: cfg.comName };
  if (cfg.comSsl) {
    r.ssl = { certificate: cfg.comSsl.certificate, key: cfg.comSsl.key, peerVerify: cfg.comSsl.peerVerify };
    if (cfg.comSsl.ca !== undefined) r.ssl.ca = cfg.comSsl.ca;
  }
  if (cfg.comAuth) {
    r.auth = { unsecure: cfg.comAuth.unsecure };
    if (cfg.comAuth.password !== undefined) r.auth.password = cfg.comAuth.password;
    if (cfg.comAuth.passfile !== undefined) r.auth.passfile = cfg.comAuth.passfile;
  }
  return r;
}

export function effectiveServe(flags: ServeFlags, cfg: ServerConfig | null): EffectiveServe {
  const out: EffectiveServe = { bind: flags.bind ?? cfg?.bindAddr?.host ?? DEFAULT_BIND, paths: [...flags.paths], log: logPlanOf(cfg, flags.logLevel), queue: {} };
  const perClient = flags.queuePerClient ?? cfg?.queuePerClient;
  const fdHeadroom = flags.fdHeadroom ?? cfg?.fdHeadroom;
  const pollTimeout = flags.pollTimeout ?? cfg?.pollTimeout;
  if (perClient !== undefined) out.queue.perClient = perClient;
  if (fdHeadroom !== undefined) out.queue.fdHeadroom = fdHeadroom;
  if (pollTimeout !== undefined) out.queue.pollTimeout = pollTimeout;
  if (flags.port !== undefined) {
    out.port = flags.port;
    out.portOrigin = '--port';
  } else if (cfg?.bindAddr) {
    out.port = cfg.bindAddr.port;
    out.portOrigin = `bind_addr ${formatHostPort(cfg.bindAddr)}${cfg.bindAddr.explicitPort ? '' : ' (the default port of bind_addr)'} in ${cfg.configFile}`;
  }
  if (flags.paths.length === 0 && cfg && cfg.licenses.length > 0) {
    out.groups = cfg.licenses.map((l) => (l.tag === undefined ? { path: l.path } : { path: l.path, tag: l.tag }));
  }
  const remote = remoteOf(cfg);
  if (remote) out.remote = remote;
  return out;
}

/** The effective settings as `--check-config --json` shows them (passwords hidden). */
export function effectiveToJson(e: EffectiveServe): Record<string, unknown> {
  const out: Record<string, unknown> = { bind: e.bind, port: e.port ?? null };
  if (e.groups) out.licenses = e.groups.map((g) => (g.tag === undefined ? { file: g.path } : { file: g.path, tag: g.tag }));
  // null: the configuration names no licenses, so the license environment is served
  else out.licenses = e.paths.length > 0 ? e.paths.map((p) => ({ file: p })) : null;
  if (e.remote) {
    const r: Record<string, unknown> = { addr: formatHostPort({ host: e.remote.host, port: e.remote.port, explicitPort: true }), name: e.remote.name };
    if (e.remote.ssl) r.ssl = e.remote.ssl;
    if (e.remote.auth) r.auth = { ...(e.remote.auth.passfile !== undefined ? { passfile: e.remote.auth.passfile } : { password: HIDDEN }), unsecure: e.remote.auth.unsecure };
    out.remote_api = r;
  } else {
    out.remote_api = null;
  }
  out.queue = { per_client: e.queue.perClient ?? null, fd_headroom: e.queue.fdHeadroom ?? null, poll_timeout: e.queue.pollTimeout ?? null };
  out.log = {
    file: e.log.file ?? null,
    sync: e.log.sync,
    count: e.log.count,
    locked: e.log.locked,
    microseconds: e.log.microseconds,
    layers: e.log.settings.layers,
    ...(e.log.settings.time !== undefined ? { time: e.log.settings.time } : {}),
    ...(e.log.settings.rotate !== undefined ? { rotate: e.log.settings.rotate } : {}),
    ...(e.log.settings.path !== undefined ? { path: e.log.settings.path } : {}),
    ...(e.log.settings.append !== undefined ? { append: e.log.settings.append } : {}),
  };
  return out;
}

const HIDDEN = '(hidden)';

/** The merged configuration with com_auth.password hidden, so it can go to a CI log. */
export function redactConfig(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const auth = (json as Record<string, unknown>).com_auth;
  if (typeof auth !== 'object' || auth === null || Array.isArray(auth) || !Object.hasOwn(auth, 'password')) return json;
  return { ...json, com_auth: { ...auth, password: HIDDEN } };
}
