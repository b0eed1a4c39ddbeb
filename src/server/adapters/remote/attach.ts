// The front ends for people and scripts beside the HTTP API: the WebSocket
// remote API on com_addr and the command-line monitor on standard input, both
// on one ServerControl. The files they need (certificates, the password file)
// come in already read.
import type { Readable } from 'node:stream';
import { LicutilError } from '../../../protocol/errors.js';
import type { DebugLog } from '../../core/debug-log.js';
import { Monitor, type MonitorDeps } from '../monitor/commands.js';
import { attachMonitor, type MonitorStream } from '../monitor/stdin.js';
import type { AuthSecret } from './auth.js';
import type { GuessThrottle } from '../guesses.js';
import type { ServerControl } from '../control.js';
import type { SessionClock } from './session.js';
import { startRemoteApi, type RemoteServerOptions, type RemoteTls, type RunningRemote } from './ws-server.js';

interface RemoteApiStart {
  host: string;
  port: number;
  tls?: RemoteTls | undefined;
  auth: AuthSecret | null;
  /** which Origin values the WebSocket handshake accepts */
  origins?: RemoteServerOptions['origins'];
  /** slows the guessing of the com_auth password per address */
  guesses?: GuessThrottle | undefined;
}

interface FrontEndOptions {
  control: ServerControl;
  log: DebugLog;
  clock: SessionClock;
  remote?: RemoteApiStart | undefined;
  monitor?: {
    input: Readable;
    terminal: boolean;
    write: (text: string) => void;
    parseLogOptions: MonitorDeps['parseLogOptions'];
    formatLogOptions: MonitorDeps['formatLogOptions'];
  } | undefined;
}

export interface FrontEnds {
  remote: RunningRemote | null;
  /** call once the ready line is out: the monitor prints after it */
  startMonitor(): void;
  close(): Promise<void>;
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export async function startFrontEnds(o: FrontEndOptions): Promise<FrontEnds> {
  let remote: RunningRemote | null = null;
  if (o.remote) {
    const r = o.remote;
    try {
      remote = await startRemoteApi({
        host: r.host,
        port: r.port,
        tls: r.tls,
        control: o.control,
        auth: r.auth,
        origins: r.origins,
        guesses: r.guesses,
        clock: o.clock,
        log: o.log,
        render: { src: o.control.name, microseconds: () => o.control.logs.microseconds(), headers: () => o.control.logs.hub.headers() },
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new LicutilError(
        'LICUTIL_E_CONFIG',
        `cannot start the remote API on com_addr ${r.host.includes(':') ? `[${r.host}]` : r.host}:${r.port}: ${(e as Error).message}`,
        code === 'EADDRINUSE' ? 'another program uses that port: stop it, or change com_addr' : 'check com_addr and the com_ssl_* files',
      );
    }
    if (!r.auth && !isLoopbackHost(r.host)) {
      o.log.warn(`the remote API on ${remote.url} has no com_auth: anyone who can reach it may reload, send messages and quit the server`);
    }
    o.log.info(`remote API listening on ${remote.url}${r.auth ? ' (com_auth)' : ''}${r.tls?.peerVerify ? ' (client certificates verified)' : ''}`);
  }

  let monitor: MonitorStream | null = null;
  return {
    remote,
    startMonitor: () => {
      const m = o.monitor;
      if (!m || monitor) return;
      const commands = new Monitor({ control: o.control, parseLogOptions: m.parseLogOptions, formatLogOptions: m.formatLogOptions });
      monitor = attachMonitor(commands, m.input, m.write, { terminal: m.terminal });
      void monitor.done.then(() => o.log.debug('monitor: end of input'));
    },
    close: async () => {
      monitor?.close();
      await remote?.close();
    },
  };
}
