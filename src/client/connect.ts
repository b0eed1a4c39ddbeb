// connect(): the library entry. The road (road.ts) from a license-environment
// spec, or the process's environment when none is given, to a client: the same
// settings and servers the CLI gets. Synchronous, so the license-file reader is
// loaded with it.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { LicenseClient } from './client.js';
import { createClient } from './create.js';
import { hostLineGroups } from './host-lines.js';
import { roadWith, type Env } from './road.js';
import type { ClientOptions } from './types.js';

export interface ConnectOptions extends ClientOptions {
  /** the environment to read license variables, RLM_CONNECT_TIMEOUT, LICUTIL_TLS(_CA) and LICUTIL_ADMIN_TOKEN from (default process.env) */
  env?: Env | undefined;
  /** for relative license file paths and `*.lic` here (default process.cwd()) */
  cwd?: string | undefined;
  /** how to read `@host` and license files: 'rlm' (port 5053) or 'flexlm' (27000–27009) */
  dialect?: 'rlm' | 'flexlm' | undefined;
  /** a file holding the admin token (instead of adminToken) */
  adminTokenFile?: string | undefined;
}

/**
 * A client for the servers a license-environment spec names: `5053@host`,
 * `5053@a,5053@b` (redundant, tried in order), `@host`, license files or
 * directories (their HOST lines), several joined by ':' (';' on Windows).
 * Without a spec, the environment is read as `licutil` does (RLM_LICENSE,
 * LM_LICENSE_FILE, `<ISV>_LICENSE` with `isv`, `*.lic` here).
 */
export function connect(spec?: string | string[], options: ConnectOptions = {}): LicenseClient {
  const cwd = options.cwd ?? process.cwd();
  const { env, dialect, adminTokenFile, ...client } = options;
  const road = roadWith(
    {
      specs: spec === undefined ? undefined : Array.isArray(spec) ? spec : [spec],
      env: env ?? process.env,
      cwd,
      platform: process.platform,
      binDir: path.dirname(path.resolve(process.argv[1] ?? cwd)),
      isv: options.isv,
      dialect,
      settings: { ...client, adminTokenFile },
      identity: { user: options.user, host: options.host, pid: options.pid },
    },
    (s, d, tls) => hostLineGroups(s, (p) => readFileSync(p), d, tls),
  );
  return createClient(road.groups, road.options);
}
