// The disk side of `licutil serve --config`: reading the configuration file
// (and what it includes), the remote API's certificates and password file.
// Every failure is a LICUTIL_E_CONFIG (exit 78) naming the file.
import { readFileSync } from 'node:fs';
import { configToJson, formatDiagnostic, loadServerConfig, readComPassword, requireServerConfig, type ServerConfig } from '../../config/index.js';
import { nodeConfigIo } from '../../config/node-io.js';
import { LicutilError } from '../../protocol/errors.js';
import type { AuthSecret } from '../adapters/remote/auth.js';
import type { RemoteTls } from '../adapters/remote/ws-server.js';
import type { RemoteApiSettings } from './serve-config.js';

interface LoadedConfig {
  config: ServerConfig;
  /** `file:line:column: warning: ...` */
  warnings: string[];
  /** the merged configuration as JSON text: tells whether a reload changed anything */
  fingerprint: string;
}

/** The configuration, or a LicutilError listing every located error. */
export function loadConfigFile(file: string): LoadedConfig {
  const loaded = loadServerConfig(file, nodeConfigIo);
  const config = requireServerConfig(loaded);
  return {
    config,
    warnings: loaded.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d).replace(': warning: ', ': ')),
    fingerprint: JSON.stringify(configToJson(loaded.value)),
  };
}

export function configChanged(before: LoadedConfig, after: LoadedConfig): boolean {
  return before.fingerprint !== after.fingerprint;
}

function readFile(file: string, key: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new LicutilError('LICUTIL_E_CONFIG', `cannot read ${key} ${file}: ${(e as Error).message}`, `check ${key} in the configuration file`);
  }
}

/** The certificate, key and CA of com_ssl_*, and the password of com_auth (passfile read here). */
export function readRemoteFiles(r: RemoteApiSettings): { tls?: RemoteTls; auth: AuthSecret | null } {
  const out: { tls?: RemoteTls; auth: AuthSecret | null } = { auth: null };
  if (r.ssl) {
    const tls: RemoteTls = { cert: readFile(r.ssl.certificate, 'com_ssl_certificate'), key: readFile(r.ssl.key, 'com_ssl_key'), peerVerify: r.ssl.peerVerify };
    if (r.ssl.ca !== undefined) tls.ca = readFile(r.ssl.ca, 'com_ssl_ca');
    out.tls = tls;
  }
  if (r.auth) {
    const password = readComPassword(r.auth, (f) => readFile(f, 'com_auth.passfile').toString('utf8'));
    if (password === '') throw new LicutilError('LICUTIL_E_CONFIG', `com_auth: the password${r.auth.passfile ? ` in ${r.auth.passfile}` : ''} is empty`, 'set com_auth.password, or write the password on the first line of com_auth.passfile');
    out.auth = { password, unsecure: r.auth.unsecure };
  }
  return out;
}
