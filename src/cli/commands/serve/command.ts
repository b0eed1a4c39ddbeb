// `licutil serve`: the license server (the role of RLM's rlm + ISV server and of
// FlexNet's lmgrd + vendor daemon). The module stays light; fastify, the pool
// manager and the journal load only when the command runs.
//
// Unlike other commands, `run` lasts as long as the server: it prints the one
// ready line (`listening on http://HOST:PORT`; on stderr with --json) itself while starting, serves until
// SIGTERM/SIGINT or `licutil down`, then resolves with an empty output and exit
// status 0. Start-up failures are thrown as LicutilErrors, which main.ts reports
// with their exit status (78 bad configuration, 65 bad license data, ...).
//
// --config reads an ltelicense configuration file (seed 000 §5); --check-config
// reads one, prints it merged and exits; --monitor reads monitor commands
// (seed 000 §7) from standard input once the server is ready.
import { defineCommand, licenseSpecs } from '../../common/command.js';
import { ARGS } from './args.js';
import { jsonDocument } from '../../../protocol/documents.js';

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
    const { requireExistingPaths, requireUsableSpecs } = await import('../../common/paths.js');
    requireExistingPaths(args.paths ?? [], ctx.cwd, 'serve');
    requireUsableSpecs(args, ctx, 'serve');
    const logLevel = args.verbose ? 'debug' : args.quiet ? 'warn' : undefined;
    const checkFile = args['check-config'];
    if (checkFile !== undefined) {
      const { checkConfig } = await import('../../../server/boot/check-config.js');
      const r = checkConfig(checkFile, { paths, port: args.port, bind: args.bind, logLevel }, ctx.cwd);
      return { json: jsonDocument('serve-check-config', r.json), human: () => r.text, exitCode: r.exitCode, messages: r.diagnostics };
    }
    const [{ runServe }, { processServeIo }, { capYoungGeneration, youngGenChosen }] = await Promise.all([
      import('../../../server/boot/serve-main.js'),
      import('../../../server/boot/serve-io.js'),
      import('../../../server/boot/young-gen.js'),
    ]);
    // a long-lived process: V8's default young generation is mostly garbage here (young-gen.ts)
    const uncap = youngGenChosen(process.execArgv, ctx.env.NODE_OPTIONS) ? () => undefined : capYoungGeneration();
    // with --json, standard output holds only the document printed when the server stops
    const io = args.json ? { ...processServeIo, out: (line: string) => void process.stderr.write(`${line}\n`) } : processServeIo;
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
        queuePerClient: args['queue-per-client'],
        fdHeadroom: args['fd-headroom'],
        pollTimeout: args['poll-timeout'],
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
        authFailures: args['auth-failures'],
        denialsPerMinute: args['denials-per-minute'],
      },
      ctx,
      io,
    ).finally(uncap);
    return { json: jsonDocument('serve', { stopped: reason }), human: () => '', exitCode: 0 };
  },
});
