// `licutil serve`: the license server (the role of RLM's rlm + ISV server and of
// FlexNet's lmgrd + vendor daemon). The module stays light; fastify, the pool
// manager and the journal load only when the command runs.
//
// Unlike other commands, `run` lasts as long as the server: it prints the one
// ready line (`listening on http://HOST:PORT`) itself while starting, serves until
// SIGTERM/SIGINT or `licutil down`, then resolves with an empty output and exit
// status 0. Start-up failures are thrown as LicutilErrors, which main.ts reports
// with their exit status (78 bad configuration, 65 bad license data, ...).
//
// --config reads an ltelicense configuration file (seed 000 §5); --check-config
// reads one, prints it merged and exits; --monitor reads monitor commands
// (seed 000 §7) from standard input once the server is ready.
import type { ArgSpec } from '../../args/spec.js';
import { PUB_OPTION } from '../../args/net.js';
import { defineCommand, licenseSpecs, type CommandArgs } from '../../command.js';

const ARGS = {
  positionals: [
    {
      name: 'paths',
      variadic: true,
      describe: 'license files or directories to serve, exactly these (default: the license environment and *.lic here and beside licutil)',
    },
  ],
  options: {
    port: { type: 'number', requiresArg: true, describe: 'TCP port (default: the port of the first file whose HOST line names this machine, else 5053; 0 = any free port)' },
    bind: { type: 'string', requiresArg: true, describe: 'address to listen on (default 0.0.0.0, or bind_addr of --config; 127.0.0.1 for this machine only, :: for IPv6)' },
    'state-dir': { type: 'string', requiresArg: true, describe: 'journal and report log directory (default $XDG_STATE_HOME/licutil or ~/.local/state/licutil)' },
    pub: { ...PUB_OPTION, describe: "an ISV's public key (<isv>.pub) to verify signatures with" },
    keys: { type: 'string', requiresArg: true, describe: 'directory of <isv>.pub public keys' },
    'require-signatures': { type: 'boolean', default: false, describe: 'refuse to start when a served license has no verified signature' },
    'admin-token-file': { type: 'string', requiresArg: true, describe: 'file holding the bearer token that allows reread/remove/down from other machines' },
    'loopback-admin': { type: 'boolean', default: true, describe: 'allow administration from this machine without the token (--no-loopback-admin behind a local proxy)' },
    'tls-cert': { type: 'string', requiresArg: true, describe: 'PEM certificate: serve HTTPS (with --tls-key)' },
    'tls-key': { type: 'string', requiresArg: true, describe: 'PEM private key of --tls-cert' },
    'lease-max': { type: 'number', default: 3600, requiresArg: true, describe: 'longest lease in seconds a client may ask for' },
    'lease-default': { type: 'number', default: 60, requiresArg: true, describe: 'lease in seconds when the client asks for none' },
    journal: { type: 'boolean', default: true, describe: 'keep checkouts in a journal in the state directory (--no-journal: memory only)' },
    store: {
      type: 'string',
      requiresArg: true,
      describe: 'keep the pools in PostgreSQL (postgres://user:password@host/db), shared with the other servers given the same store and licenses, instead of the journal',
    },
    init: { type: 'boolean', default: false, describe: 'with --store: create or upgrade the schema before serving' },
    verbose: { alias: 'v', type: 'boolean', default: false, describe: 'debug log every request outcome, not only what an administrator needs' },
    config: { type: 'string', requiresArg: true, describe: 'ltelicense configuration file (bind_addr, licenses with tags, com_* remote API, log_*); options given here override it' },
    'check-config': { type: 'string', requiresArg: true, describe: 'read this configuration file, print it merged as JSON and exit (0 usable, 78 errors)' },
    monitor: { type: 'boolean', default: false, describe: 'read monitor commands (help, list, client, msg, msgto, close, log, reload, quit) from standard input' },
    web: { type: 'boolean', default: true, describe: 'serve the status page on / of the API port (--no-web: the API only)' },
    'allow-host': {
      type: 'string',
      requiresArg: true,
      repeatable: true,
      describe: "another name the server answers to (Host header), e.g. a DNS alias; '*' for any (turns off the DNS-rebinding check)",
    },
    'remote-origin': {
      type: 'string',
      requiresArg: true,
      repeatable: true,
      describe: "an Origin the remote API accepts besides this server's own names; '*' for any, as ltelicense does",
    },
  },
  conflicts: [
    ['pub', 'keys'],
    ['check-config', 'config'],
  ],
} as const satisfies ArgSpec;

export type ServeArgs = CommandArgs<typeof ARGS>;

export const serveCommand = defineCommand({
  name: 'serve',
  describe: 'run the license server on the licenses valid on this machine',
  spec: ARGS,
  examples: [
    ['$0 serve /opt/licenses --port 5053', 'serve every *.lic in /opt/licenses on port 5053'],
    ['$0 serve --pub acme.pub --port 0 --bind 127.0.0.1 ./site.lic', 'a private server of site.lic on a free port (CI)'],
    ['$0 serve --keys /etc/licutil/keys --require-signatures --admin-token-file /etc/licutil/admin.token', 'a production server'],
    ['$0 serve /opt/licenses --store postgres://licutil@db/licutil --init', 'one of several servers sharing their pools in PostgreSQL (lic1, lic2: clients use 5053@lic1,5053@lic2)'],
    ['$0 serve --config config/license.cfg --monitor', 'an ltelicense configuration, with the monitor on this terminal'],
    ['$0 serve --check-config config/license.cfg', 'print the merged configuration and its problems'],
  ],
  run: async (args, ctx) => {
    // -c specs and positional paths are both license specs for the resolver
    const paths = [...(args.paths ?? []), ...(licenseSpecs(args) ?? [])];
    const { requireExistingPaths, requireUsableSpecs } = await import('../../paths.js');
    requireExistingPaths(args.paths ?? [], ctx.cwd, 'serve');
    requireUsableSpecs(args, ctx, 'serve');
    const logLevel = args.verbose ? 'debug' : args.quiet ? 'warn' : undefined;
    const checkFile = args['check-config'];
    if (checkFile !== undefined) {
      const { checkConfig } = await import('../../../server/boot/check-config.js');
      const r = checkConfig(checkFile, { paths, port: args.port, bind: args.bind, logLevel }, ctx.cwd);
      return { json: r.json, human: () => r.text, exitCode: r.exitCode, messages: r.diagnostics };
    }
    const { runServe } = await import('../../../server/boot/serve-main.js');
    const reason = await runServe(
      {
        paths,
        port: args.port,
        bind: args.bind,
        stateDir: args['state-dir'],
        pub: args.pub,
        keys: args.keys,
        requireSignatures: args['require-signatures'],
        adminTokenFile: args['admin-token-file'],
        tlsCert: args['tls-cert'],
        tlsKey: args['tls-key'],
        leaseMax: args['lease-max'],
        leaseDefault: args['lease-default'],
        journal: args.journal,
        store: args.store,
        init: args.init,
        loopbackAdmin: args['loopback-admin'],
        logLevel,
        dialect: args.dialect,
        config: args.config,
        monitor: args.monitor,
        web: args.web,
        allowHost: args['allow-host'],
        remoteOrigin: args['remote-origin'],
      },
      ctx,
    );
    return { json: { stopped: reason }, human: () => '', exitCode: 0 };
  },
});
