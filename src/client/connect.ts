// connect(): the library entry. Resolves a license-environment spec (or the
// process's environment when none is given) into servers, reads HOST lines of
// license files, and returns a client. Reads the process environment and the
// disk, so it lives apart from the pure parts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveLicenseEnvironment } from '../licenv/resolve.js';
import { nodeFsView } from '../licenv/node-fs.js';
import type { LicenseClient } from './client.js';
import { serverGroupsOf } from './address.js';
import { createClient } from './create.js';
import { hostLineGroups } from './host-lines.js';
import { settingsFromEnv } from './settings.js';
import type { ClientOptions } from './types.js';

export interface ConnectOptions extends ClientOptions {
  /** the environment to read license variables, RLM_CONNECT_TIMEOUT and LICUTIL_ADMIN_TOKEN from (default process.env) */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** for relative license file paths and `*.lic` here (default process.cwd()) */
  cwd?: string | undefined;
  /** how to read `@host` and license files: 'rlm' (port 5053) or 'flexlm' (27000–27009) */
  dialect?: 'rlm' | 'flexlm' | undefined;
}

/**
 * A client for the servers a license-environment spec names: `5053@host`,
 * `5053@a,5053@b` (redundant, tried in order), `@host`, license files or
 * directories (their HOST lines), several joined by ':' (';' on Windows).
 * Without a spec, the environment is read as `licutil` does (RLM_LICENSE,
 * LM_LICENSE_FILE, `<ISV>_LICENSE` with `isv`, `*.lic` here).
 */
export function connect(spec?: string | string[], options: ConnectOptions = {}): LicenseClient {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const specs = spec === undefined ? undefined : Array.isArray(spec) ? spec : [spec];
  const resolution = resolveLicenseEnvironment({
    env,
    specs,
    isv: options.isv,
    dialect: options.dialect,
    cwd,
    platform: process.platform,
    binDir: path.dirname(path.resolve(process.argv[1] ?? cwd)),
    fs: nodeFsView,
  });
  const tls = Boolean(options.tls);
  const groups = serverGroupsOf(resolution, (s) => hostLineGroups(s, (p) => readFileSync(p), options.dialect, tls), tls);
  const fromEnv = settingsFromEnv(env);
  return createClient(groups, {
    ...options,
    connectTimeoutMs: options.connectTimeoutMs ?? fromEnv.connectTimeoutMs,
    adminToken: options.adminToken ?? fromEnv.adminToken,
  });
}
