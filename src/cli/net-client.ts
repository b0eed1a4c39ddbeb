// The CLI's door to the client library for the network commands (stat,
// reread, remove, down, lmdiag -n): the servers of the license environment as
// the CLI resolves it (its env, cwd, -c, --isv, --dialect), the connect
// timeout from --timeout or RLM_CONNECT_TIMEOUT, the admin token from
// --admin-token-file or LICUTIL_ADMIN_TOKEN. Reads the disk (license files for
// their HOST lines, the token file), so it is kept apart from the views.
import { readFileSync } from 'node:fs';
import { serverGroupsOf } from '../client/address.js';
import { createClient } from '../client/create.js';
import { secondsToMs, settingsFromEnv } from '../client/settings.js';
import { hostLineGroups } from '../client/host-lines.js';
import type { LicenseClient } from '../client/client.js';
import type { ServerGroup } from '../client/types.js';
import type { Resolution } from '../licenv/types.js';
import { LicutilError } from '../protocol/errors.js';
import type { CliContext, GlobalArgs } from './command.js';
import { resolveFor } from './environment.js';

export interface NetArgs extends GlobalArgs {
  timeout?: number | undefined;
}

export interface AdminArgs extends NetArgs {
  'admin-token-file'?: string | undefined;
}

export interface OpenedClient {
  client: LicenseClient;
  groups: readonly ServerGroup[];
  resolution: Resolution;
}

export { resolveFor };

function adminToken(args: AdminArgs, ctx: CliContext): string | undefined {
  const file = args['admin-token-file'];
  if (file === undefined) return settingsFromEnv(ctx.env).adminToken;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new LicutilError('LICUTIL_E_FILE', `cannot read the admin token file ${file} (${code})`, 'check --admin-token-file and its permissions');
  }
  const token = text.trim();
  if (token === '') throw new LicutilError('LICUTIL_E_USAGE', `the admin token file ${file} is empty`, "copy the server's --admin-token-file");
  return token;
}

export function connectTimeoutMs(args: NetArgs, ctx: CliContext): number | undefined {
  if (args.timeout !== undefined) {
    if (!Number.isFinite(args.timeout) || args.timeout <= 0) {
      throw new LicutilError('LICUTIL_E_USAGE', `--timeout ${String(args.timeout)} is not a positive number of seconds`, 'e.g. --timeout 5');
    }
    return secondsToMs(String(args.timeout), '--timeout');
  }
  return settingsFromEnv(ctx.env).connectTimeoutMs;
}

/** The servers this command talks to: `port@host` sources, then the HOST lines of license files, deduplicated. */
export function serverGroups(args: GlobalArgs, ctx: CliContext, resolution: Resolution): ServerGroup[] {
  return serverGroupsOf(resolution, (s) => hostLineGroups(s, (p) => readFileSync(p), args.dialect, false), false);
}

/** The message for "the environment names no server", pointing to -c port@host and `stat -i`. */
export function noServerError(resolution: Resolution, what: string): LicutilError {
  const looked = resolution.searched.join(', ') || 'nothing';
  const files = resolution.sources.filter((s) => s.kind !== 'server').length;
  return new LicutilError(
    'LICUTIL_E_NO_SOURCE',
    `no license server to ${what}: the license environment names none (looked at ${looked}${files > 0 ? `; its license files have no HOST or SERVER line` : ''})`,
    'pass -c PORT@HOST (e.g. -c 5053@licserver) or set RLM_LICENSE=PORT@HOST; to read license files without a server, use `licutil stat -i`',
  );
}

/**
 * A client over the servers of the license environment. Throws
 * LICUTIL_E_NO_SOURCE (66) when there is none. The node:http stack: a
 * short-lived command has no use for undici's pool and its start-up cost.
 */
export function openClient(args: AdminArgs, ctx: CliContext, what: string): OpenedClient {
  const resolution = resolveFor(args, ctx);
  const groups = serverGroups(args, ctx, resolution);
  if (groups.length === 0) throw noServerError(resolution, what);
  return { client: clientOver(groups, args, ctx), groups, resolution };
}

/** A client over the given server entries, with the timeout and admin token of the command line. */
export function clientOver(groups: ServerGroup[], args: AdminArgs, ctx: CliContext): LicenseClient {
  const timeout = connectTimeoutMs(args, ctx);
  return createClient(groups, {
    connectTimeoutMs: timeout,
    // --timeout also bounds the answer: a server that accepts but never answers is reported as such
    requestTimeoutMs: args.timeout !== undefined ? timeout : undefined,
    adminToken: adminToken(args, ctx),
    isv: args.isv,
    transport: 'node',
  });
}

/**
 * The server's refusal of an admin call, with the CLI's way to pass the token
 * instead of the HTTP header the server describes.
 */
export function withAdminHint(e: LicutilError): LicutilError {
  if (e.code !== 'LICUTIL_E_NOT_ADMIN') return e;
  return new LicutilError(
    e.code,
    e.message,
    "pass the server's admin token with --admin-token-file FILE or LICUTIL_ADMIN_TOKEN=TOKEN, or run the command on the server host (loopback needs no token)",
  );
}
