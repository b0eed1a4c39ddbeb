// The license environment as every command sees it: the resolver fed from the
// command line (-c, --isv, --dialect) and the CLI context, in one place.
import { resolveLicenseEnvironment } from '../licenv/resolve.js';
import { nodeFsView } from '../licenv/node-fs.js';
import type { Resolution } from '../licenv/types.js';
import { licenseSpecs, type CliContext, type GlobalArgs } from './command.js';

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
