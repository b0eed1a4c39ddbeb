// The one road from a license-environment spec (or the environment itself) and
// the user's settings to servers and a client. `connect()`, every CLI command
// that talks to a server and lmdiag's network diagnosis come through here, so
// TLS (LICUTIL_TLS, LICUTIL_TLS_CA), the admin token (LICUTIL_ADMIN_TOKEN, a
// token file), timeouts (--timeout, RLM_CONNECT_TIMEOUT), which servers may see
// the token, and the "no server" message are decided once.
import { readFileSync } from 'node:fs';
import { resolveLicenseEnvironment } from '../licenv/resolve.js';
import { nodeFsView } from '../licenv/node-fs.js';
import type { LicenseSource, Resolution } from '../licenv/types.js';
import { LicutilError } from '../protocol/errors.js';
import { serverGroupsOf } from './address.js';
import type { LicenseClient } from './client.js';
import { createClient } from './create.js';
import { noServerError } from './failure.js';
import type { ClientOptions, ServerGroup, TlsOptions } from './types.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** What the user said about how to talk to servers; each unset one falls back to the environment. */
export interface RoadSettings {
  /** seconds: connect timeout, and (from the CLI's --timeout) the answer timeout too */
  timeoutSeconds?: number | undefined;
  connectTimeoutMs?: number | undefined;
  requestTimeoutMs?: number | undefined;
  /** the token itself (library option); else adminTokenFile; else LICUTIL_ADMIN_TOKEN */
  adminToken?: string | undefined;
  /** a file holding the token (--admin-token-file) */
  adminTokenFile?: string | undefined;
  /** true/an object: https; else LICUTIL_TLS=1 or LICUTIL_TLS_CA=FILE */
  tls?: boolean | TlsOptions | undefined;
  /** send the admin token over plain HTTP to a host that is not this machine (--allow-plain-token) */
  allowPlainToken?: boolean | undefined;
  transport?: ClientOptions['transport'];
}

export interface RoadInput {
  /** -c values, or the spec given to connect(); when given, the only sources */
  specs?: string[] | undefined;
  env: Env;
  cwd: string;
  platform: NodeJS.Platform;
  /** directory of the licutil binary (`*.lic` beside it) */
  binDir: string;
  isv?: string | undefined;
  dialect?: 'rlm' | 'flexlm' | undefined;
  settings?: RoadSettings | undefined;
  /** who checks out, for the client (library options) */
  identity?: Pick<ClientOptions, 'user' | 'host' | 'pid'> | undefined;
}

/** The server groups of one license file, directory or literal source (host-lines.ts, loaded when needed). */
export type HostLineReader = (source: LicenseSource, dialect: 'rlm' | 'flexlm' | undefined, tls: boolean) => ServerGroup[];

export interface Road {
  resolution: Resolution;
  /** every server, in the order they are tried */
  groups: ServerGroup[];
  /** the settings every client of this road is built with */
  options: ClientOptions;
}

export interface OpenedClient extends Road {
  client: LicenseClient;
}

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
}

/** Seconds (fractions allowed, > 0, at most a day) → milliseconds; `what` names the source in the error. */
export function secondsToMs(text: string, what: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 86_400) {
    throw new LicutilError('LICUTIL_E_USAGE', `${what} is ${JSON.stringify(text)}, not a number of seconds`, 'give a positive number of seconds, e.g. 10 or 2.5');
  }
  return Math.round(n * 1000);
}

const YES = new Set(['1', 'true', 'yes', 'on']);

/** LICUTIL_TLS=1 speaks https; LICUTIL_TLS_CA=FILE speaks https and also trusts that CA (a private or self-signed server). */
export function tlsFromEnv(env: Env): TlsOptions | undefined {
  const caFile = env.LICUTIL_TLS_CA?.trim();
  if (caFile) {
    try {
      return { ca: readFileSync(caFile, 'utf8') };
    } catch (e) {
      throw new LicutilError('LICUTIL_E_FILE', `LICUTIL_TLS_CA: cannot read ${caFile} (${errorCode(e)})`, 'point LICUTIL_TLS_CA at the PEM certificate of the CA that signed the server certificate');
    }
  }
  return YES.has(env.LICUTIL_TLS?.trim().toLowerCase() ?? '') ? {} : undefined;
}

/** The token of a token file: trimmed; a missing, unreadable or empty file is the same error on every road. */
export function readTokenFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LicutilError('LICUTIL_E_FILE', `cannot read the admin token file ${file} (${errorCode(e)})`, 'check --admin-token-file and its permissions');
  }
  const token = text.trim();
  if (token === '') throw new LicutilError('LICUTIL_E_CONFIG', `the admin token file ${file} is empty`, "put the token the server was started with (its --admin-token-file) in the file");
  return token;
}

function timeoutsOf(s: RoadSettings, env: Env): Pick<ClientOptions, 'connectTimeoutMs' | 'requestTimeoutMs'> {
  if (s.timeoutSeconds !== undefined) {
    const ms = secondsToMs(String(s.timeoutSeconds), '--timeout');
    // --timeout also bounds the answer: a server that accepts but never answers is reported as such
    return { connectTimeoutMs: ms, requestTimeoutMs: s.requestTimeoutMs ?? ms };
  }
  const fromEnv = env.RLM_CONNECT_TIMEOUT;
  const connect = s.connectTimeoutMs ?? (fromEnv !== undefined && fromEnv.trim() !== '' ? secondsToMs(fromEnv, 'RLM_CONNECT_TIMEOUT') : undefined);
  return { connectTimeoutMs: connect, requestTimeoutMs: s.requestTimeoutMs };
}

/** The client settings of a road: TLS, token, timeouts, stack, identity. */
export function roadOptions(input: Pick<RoadInput, 'env' | 'isv' | 'settings' | 'identity'>): ClientOptions {
  const s = input.settings ?? {};
  const tls = s.tls === true ? {} : s.tls === false ? undefined : (s.tls ?? tlsFromEnv(input.env));
  const envToken = input.env.LICUTIL_ADMIN_TOKEN?.trim();
  const adminToken = s.adminToken ?? (s.adminTokenFile !== undefined ? readTokenFile(s.adminTokenFile) : envToken || undefined);
  return {
    ...input.identity,
    ...timeoutsOf(s, input.env),
    adminToken,
    tls,
    allowPlainToken: s.allowPlainToken,
    transport: s.transport,
    isv: input.isv,
  };
}

export function resolveFor(input: RoadInput): Resolution {
  return resolveLicenseEnvironment({
    env: input.env,
    specs: input.specs,
    isv: input.isv,
    dialect: input.dialect,
    cwd: input.cwd,
    platform: input.platform,
    binDir: input.binDir,
    fs: nodeFsView,
  });
}

/**
 * The servers of a resolution. `port@host` elements are named by the user (-c,
 * a license variable) and may be sent the admin token; servers found in HOST
 * lines of license files never are (a `*.lic` planted in a checkout could
 * name any host).
 */
export function groupsOf(resolution: Resolution, readHostLines: HostLineReader | null, dialect: RoadInput['dialect'], tls: boolean): ServerGroup[] {
  return serverGroupsOf(resolution, readHostLines ? (s) => readHostLines(s, dialect, tls) : null, tls);
}

/** The road, with license files read by `readHostLines` (null: files name no server). */
export function roadWith(input: RoadInput, readHostLines: HostLineReader | null): Road {
  const options = roadOptions(input);
  const resolution = resolveFor(input);
  return { resolution, groups: groupsOf(resolution, readHostLines, input.dialect, Boolean(options.tls)), options };
}

/** The road; the license-file reader is loaded only when a source is a file. */
export async function road(input: RoadInput): Promise<Road> {
  const options = roadOptions(input);
  const resolution = resolveFor(input);
  const hasFiles = resolution.sources.some((s) => s.kind !== 'server');
  const reader: HostLineReader | null = hasFiles ? await hostLineReader() : null;
  return { resolution, groups: groupsOf(resolution, reader, input.dialect, Boolean(options.tls)), options };
}

export async function hostLineReader(): Promise<HostLineReader> {
  const { hostLineGroups } = await import('./host-lines.js');
  return (s, dialect, tls) => hostLineGroups(s, (p) => readFileSync(p), dialect, tls);
}

/**
 * A client over the servers of the road. Throws LICUTIL_E_NO_SOURCE when the
 * environment names none (`what`: "ask for status", "stop", ...).
 */
export async function openClient(input: RoadInput, what: string): Promise<OpenedClient> {
  const r = await road(input);
  if (r.groups.length === 0) throw noServerError(what, r.resolution);
  return { ...r, client: createClient(r.groups, r.options) };
}

/** A client over servers the user named one by one (HANDLE@PORT@HOST), with the road's settings. */
export function clientOver(groups: ServerGroup[], input: Pick<RoadInput, 'env' | 'isv' | 'settings' | 'identity'>): LicenseClient {
  return createClient(groups, roadOptions(input));
}
