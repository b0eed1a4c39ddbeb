// A client for the servers of the license environment as the CLI sees it (-c,
// the variables, HOST lines of license files), with the network settings a
// command line gives: --timeout, RLM_CONNECT_TIMEOUT, the admin token. Shared by
// every network command (checkout, checkin, heartbeat, stat, reread, remove,
// down, lmdiag). The license-file reader is loaded only when a source is a file.
import { readFileSync } from 'node:fs';
import { resolveLicenseEnvironment } from '../licenv/resolve.js';
import { nodeFsView } from '../licenv/node-fs.js';
import type { LicenseSource, Resolution } from '../licenv/types.js';
import { LicutilError } from '../protocol/errors.js';
import { serverGroupsOf } from './address.js';
import type { LicenseClient } from './client.js';
import { createClient } from './create.js';
import { secondsToMs, settingsFromEnv } from './settings.js';
import type { ClientOptions, ServerGroup } from './types.js';

export interface EnvironmentClientInput {
  /** -c values; when given, the only sources */
  specs?: string[] | undefined;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  platform: NodeJS.Platform;
  binDir: string;
  isv?: string | undefined;
  dialect?: 'rlm' | 'flexlm' | undefined;
  /** --timeout in seconds: connect timeout and answer timeout (RLM_CONNECT_TIMEOUT otherwise) */
  timeoutSeconds?: number | undefined;
  /** --admin-token (LICUTIL_ADMIN_TOKEN otherwise) */
  adminToken?: string | undefined;
  /** --admin-token-file: a file holding the token */
  adminTokenFile?: string | undefined;
  /** https; without it LICUTIL_TLS=1 or LICUTIL_TLS_CA=FILE (a PEM CA to trust) in `env` turn it on */
  tls?: ClientOptions['tls'];
  /** default 'node': a short-lived process starts faster without undici's WebAssembly parser */
  transport?: ClientOptions['transport'];
  /** options passed through to the client (identity, isv) */
  client?: ClientOptions | undefined;
}

export interface EnvironmentClient {
  client: LicenseClient;
  resolution: Resolution;
  groups: ServerGroup[];
}

function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new LicutilError('LICUTIL_E_FILE', `${file}: cannot read the admin token file (${code})`, 'check the path and its permissions');
  }
  const token = text.trim();
  if (!token) throw new LicutilError('LICUTIL_E_CONFIG', `${file}: the admin token file is empty`, 'put the token the server was started with in the file');
  return token;
}

/** LICUTIL_TLS=1 speaks https; LICUTIL_TLS_CA=FILE also trusts that CA (a self-signed server). */
function tlsFromEnv(env: Readonly<Record<string, string | undefined>>): ClientOptions['tls'] {
  const caFile = env.LICUTIL_TLS_CA?.trim();
  if (caFile) {
    try {
      return { ca: readFileSync(caFile, 'utf8') };
    } catch (e) {
      const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
      throw new LicutilError('LICUTIL_E_FILE', `LICUTIL_TLS_CA: cannot read ${caFile} (${code})`, 'point LICUTIL_TLS_CA at the PEM certificate of the CA that signed the server certificate');
    }
  }
  const flag = env.LICUTIL_TLS?.trim().toLowerCase();
  return flag === '1' || flag === 'true' || flag === 'yes' ? true : undefined;
}

/** The server groups of a resolution; HOST lines of license files are read only when there are files. */
export async function groupsOfEnvironment(resolution: Resolution, dialect: 'rlm' | 'flexlm' | undefined, tls: boolean): Promise<ServerGroup[]> {
  const hasFiles = resolution.sources.some((s) => s.kind !== 'server');
  if (!hasFiles) return serverGroupsOf(resolution, null, tls);
  const { hostLineGroups } = await import('./host-lines.js');
  return serverGroupsOf(resolution, (s: LicenseSource) => hostLineGroups(s, (p) => readFileSync(p), dialect, tls), tls);
}

/**
 * Resolve the environment and build the client. Throws LICUTIL_E_NO_SOURCE when
 * no server is named at all (files without HOST lines name none).
 */
export async function clientFromEnvironment(input: EnvironmentClientInput): Promise<EnvironmentClient> {
  const resolution = resolveLicenseEnvironment({
    env: input.env,
    specs: input.specs,
    isv: input.isv,
    dialect: input.dialect,
    cwd: input.cwd,
    platform: input.platform,
    binDir: input.binDir,
    fs: nodeFsView,
  });
  const tlsOption = input.tls ?? tlsFromEnv(input.env);
  const tls = Boolean(tlsOption);
  const groups = await groupsOfEnvironment(resolution, input.dialect, tls);
  if (groups.length === 0) {
    const problems = resolution.sources.flatMap((s) => s.problems.map((p) => `${s.spec}: ${p}`));
    throw new LicutilError(
      'LICUTIL_E_NO_SOURCE',
      `no license server named in the license environment${problems.length ? ` (${problems.join('; ')})` : `; looked at ${resolution.searched.join(', ') || 'nothing'}`}`,
      'pass -c PORT@HOST (e.g. -c 5053@licserver), or set RLM_LICENSE / LM_LICENSE_FILE; `licutil env` shows what is found',
    );
  }
  const fromEnv = settingsFromEnv(input.env);
  const timeoutMs = input.timeoutSeconds !== undefined ? secondsToMs(String(input.timeoutSeconds), '--timeout') : undefined;
  const adminToken = input.adminToken ?? (input.adminTokenFile !== undefined ? readToken(input.adminTokenFile) : fromEnv.adminToken);
  const options: ClientOptions = {
    ...input.client,
    connectTimeoutMs: timeoutMs ?? fromEnv.connectTimeoutMs,
    adminToken,
    tls: tlsOption,
    transport: input.transport ?? 'node',
    isv: input.isv,
  };
  if (timeoutMs !== undefined) options.requestTimeoutMs = timeoutMs;
  return { client: createClient(groups, options), resolution, groups };
}
