// The client the checkout, checkin and heartbeat commands use: the license
// environment of the command line (-c, the variables, HOST lines), --timeout,
// and node:http as the HTTP stack (a short-lived process starts faster with it).
import { clientFromEnvironment, type EnvironmentClient } from '../../../client/from-environment.js';
import { licenseSpecs, type CliContext, type GlobalArgs } from '../../command.js';

export interface NetworkArgs extends GlobalArgs {
  timeout?: number | undefined;
}

export function cliClient(args: NetworkArgs, ctx: CliContext, specs = licenseSpecs(args)): Promise<EnvironmentClient> {
  return clientFromEnvironment({
    specs,
    env: ctx.env,
    cwd: ctx.cwd,
    platform: ctx.platform,
    binDir: ctx.binDir,
    isv: args.isv,
    dialect: args.dialect,
    timeoutSeconds: args.timeout,
    transport: 'node',
  });
}
