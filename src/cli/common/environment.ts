// The license environment and the road to its servers as every command sees
// them: the command line (-c, --isv, --dialect, --timeout, --admin-token-file,
// --allow-plain-token) and the CLI context turned into the input of the one
// road (src/client/road.ts), in one place.
import { resolveLicenseEnvironment } from '../../licenv/resolve.js';
import { nodeFsView } from '../../licenv/node-fs.js';
import type { Resolution } from '../../licenv/types.js';
import type { RoadInput } from '../../client/road.js';
import { LicutilError } from '../../protocol/errors.js';
import type { AdminArgs } from '../args/net.js';
import type { GlobalArgs } from '../args/global.js';
import { licenseSpecs, type CliContext } from './command.js';

export function resolveFor(args: GlobalArgs, ctx: CliContext): Resolution {
  return resolveLicenseEnvironment({
    env: ctx.env,
    specs: licenseSpecs(args),
    isv: args.isv,
    dialect: args.dialect,
    cwd: ctx.cwd,
    platform: ctx.platform,
    binDir: ctx.binDir,
    fs: nodeFsView,
    random: Math.random,
  });
}

/**
 * The road's input for a command: the servers of -c (or `specs` when the
 * command names them itself, e.g. HANDLE@PORT@HOST), node:http as the stack (a
 * short-lived process starts sooner without undici's WebAssembly parser).
 */
export function roadInput(args: AdminArgs, ctx: CliContext, specs: string[] | undefined = licenseSpecs(args)): RoadInput {
  if (args.timeout !== undefined && (!Number.isFinite(args.timeout) || args.timeout <= 0)) {
    throw new LicutilError('LICUTIL_E_USAGE', `--timeout ${String(args.timeout)} is not a positive number of seconds`, 'e.g. --timeout 5');
  }
  return {
    specs,
    env: ctx.env,
    cwd: ctx.cwd,
    platform: ctx.platform,
    binDir: ctx.binDir,
    isv: args.isv,
    dialect: args.dialect,
    settings: {
      timeoutSeconds: args.timeout,
      adminTokenFile: args['admin-token-file'],
      allowPlainToken: args['allow-plain-token'],
      transport: 'node',
    },
  };
}

/**
 * The server's refusal of an admin call, with the CLI's ways to pass the token
 * instead of the HTTP header the server describes.
 */
export function withAdminHint(e: LicutilError): LicutilError {
  if (e.code !== 'LICUTIL_E_NOT_ADMIN' || /the admin token was not sent/.test(e.message)) return e;
  return new LicutilError(
    e.code,
    e.message,
    "pass the server's admin token with --admin-token-file FILE or LICUTIL_ADMIN_TOKEN=TOKEN, or run the command on the server host (loopback needs no token)",
  );
}
