// What `serve` reads on its command line, as data, and the type of the parsed
// arguments derived from it (command.ts starts the server with them).
import type { ArgSpec } from '../../args/spec.js';
import { PUB_OPTION } from '../../args/net.js';
import type { CommandArgs } from '../../args/global.js';

export const ARGS = {
  positionals: [
    {
      name: 'paths',
      variadic: true,
      complete: 'file',
      describe: 'license files or directories to serve, exactly these (default: the license environment and *.lic here and beside licutil)',
    },
  ],
  options: {
    port: { type: 'number', requiresArg: true, describe: 'TCP port (default: the port of the first file whose HOST line names this machine, else 5053; 0 = any free port)' },
    bind: { type: 'string', requiresArg: true, describe: 'address to listen on (default 0.0.0.0, or bind_addr of --config; 127.0.0.1 for this machine only, :: for IPv6)' },
    'state-dir': { type: 'string', requiresArg: true, complete: 'directory', describe: 'journal and report log directory, writable only by the user the server runs as (default $XDG_STATE_HOME/licutil, else ~/.local/state/licutil; for root: /var/lib/licutil)' },
    pub: { ...PUB_OPTION, describe: "an ISV's public key (<isv>.pub) to verify signatures with" },
    keys: { type: 'string', requiresArg: true, complete: 'directory', describe: 'directory of <isv>.pub public keys' },
    'require-signatures': { type: 'boolean', default: false, describe: 'refuse to start when a served license has no verified signature' },
    'admin-token-file': { type: 'string', requiresArg: true, complete: 'file', describe: 'file holding the bearer token that allows reread/remove/down from other machines' },
    'loopback-admin': { type: 'boolean', default: true, describe: 'allow administration from this machine without the token (--no-loopback-admin behind a local proxy)' },
    'tls-cert': { type: 'string', requiresArg: true, complete: 'file', describe: 'PEM certificate: serve HTTPS (with --tls-key)' },
    'tls-key': { type: 'string', requiresArg: true, complete: 'file', describe: 'PEM private key of --tls-cert' },
    'lease-max': { type: 'number', default: 3600, requiresArg: true, describe: 'longest lease in seconds a client may ask for' },
    'lease-default': { type: 'number', default: 60, requiresArg: true, describe: 'lease in seconds when the client asks for none' },
    'queue-per-client': {
      type: 'number',
      requiresArg: true,
      describe: 'requests one client address may have waiting in the queue (default 64, or queue_per_client of --config)',
    },
    'fd-headroom': {
      type: 'number',
      requiresArg: true,
      describe: 'file descriptors kept free of waiting requests, for hello, status and checkouts (default a tenth of the open-file limit, at least 64)',
    },
    'poll-timeout': {
      type: 'number',
      requiresArg: true,
      describe: 'seconds a waiting checkout is held open before it is answered with a ticket to wait on with (default 55)',
    },
    journal: { type: 'boolean', default: true, describe: 'keep checkouts in a journal in the state directory (--no-journal: memory only)' },
    store: {
      type: 'string',
      requiresArg: true,
      describe: 'keep the pools in PostgreSQL (postgres://user:password@host/db), shared with the other servers given the same store and licenses, instead of the journal',
    },
    init: { type: 'boolean', default: false, describe: 'with --store: create or upgrade the schema before serving' },
    verbose: { alias: 'v', type: 'boolean', default: false, describe: 'debug log every request outcome, not only what an administrator needs' },
    config: { type: 'string', requiresArg: true, complete: 'file', describe: 'ltelicense configuration file (bind_addr, licenses with tags, com_* remote API, log_*); options given here override it' },
    'check-config': { type: 'string', requiresArg: true, complete: 'file', describe: 'read this configuration file, print it merged as JSON and exit (0 usable, 78 errors)' },
    monitor: { type: 'boolean', default: false, describe: 'read monitor commands (help, list, client, msg, msgto, close, log, reload, quit) from standard input' },
    web: { type: 'boolean', default: true, describe: 'serve the status page on / of the API port (--no-web: the API only)' },
    'allow-host': {
      type: 'string',
      requiresArg: true,
      repeatable: true,
      describe: "another name the server answers to (Host header), e.g. a DNS alias; '*' for any (turns off the DNS-rebinding check)",
    },
    'auth-failures': {
      type: 'number',
      default: 5,
      requiresArg: true,
      describe: 'wrong license passwords or remote API answers from one address before it is refused for 10 s, doubling with each further one up to 10 min; 0: no limit',
    },
    'denials-per-minute': {
      type: 'number',
      default: 10,
      requiresArg: true,
      describe: 'denials and queue lines of one client (address, user@host) written one by one to denials.ndjson per minute; the rest are counted in one line; 0: all',
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
