// The WebSocket side of the remote API: listens on com_addr (TLS with
// com_ssl_*), refuses a handshake without an Origin header ("Origin header is
// mandatory for the server to accept connections ... Any value will be
// accepted", seed 000 §6) — but unlike ltelicense, only an Origin naming this
// server or one allowed by --remote-origin (a web page's would let any site
// drive the server from a browser here; issue 14), and runs one RemoteSession per connection. Frames
// larger than the limit close the connection with 1009 (RFC 6455 "message too
// big"); a client that does not read its responses is cut off rather than let
// the server's memory grow.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DebugLog } from '../../core/debug-log.js';
import type { Timers } from '../../core/service.js';
import type { AuthSecret } from './auth.js';
import type { ServerControl } from '../control.js';
import { checkWebSocketOrigin, type BrowserPolicy } from '../http/browser-guard.js';
import { LogStream, type LogRender } from './log-get.js';
import { REMOTE_LIMITS } from './protocol.js';
import { RemoteSession, type AuthGuard, type SessionClock } from './session.js';
import type { GuessThrottle } from '../guesses.js';

export interface RemoteTls {
  cert: Buffer;
  key: Buffer;
  /** com_ssl_ca: the certificates a client's must chain to */
  ca?: Buffer;
  /** com_ssl_peer_verify: a client must present a certificate that verifies */
  peerVerify: boolean;
}

export interface RemoteServerOptions {
  host: string;
  port: number;
  tls?: RemoteTls | undefined;
  control: ServerControl;
  auth: AuthSecret | null;
  clock: SessionClock;
  log: DebugLog;
  render: LogRender;
  timers?: Timers;
  /** ping idle connections this often and drop those that do not answer; default 30 s */
  pingMs?: number;
  /** which Origin values are this server's (its names), and those allowed besides (`*`: any) */
  origins?: { policy: BrowserPolicy; allowed: readonly string[] } | undefined;
  /** slows the guessing of the com_auth password per address; absent: no limit */
  guesses?: GuessThrottle | undefined;
}

export interface RunningRemote {
  url: string;
  port: number;
  connections(): number;
  close(): Promise<void>;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** responses a client leaves unread beyond this close its connection */
const MAX_UNREAD_BYTES = 64 * 1024 * 1024;

function peerOf(req: http.IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '?';
  return `${a.includes(':') ? `[${a}]` : a}:${req.socket.remotePort ?? '?'}`;
}

function guardOf(guesses: GuessThrottle | undefined, address: string | undefined, who: string): AuthGuard | undefined {
  if (!guesses) return undefined;
  return { lockedFor: () => guesses.lockedFor(address), failed: () => guesses.failed(address, 'remote API authentication', who) };
}

export async function startRemoteApi(o: RemoteServerOptions): Promise<RunningRemote> {
  const timers = o.timers ?? realTimers;
  const server: http.Server = o.tls
    ? https.createServer({
        cert: o.tls.cert,
        key: o.tls.key,
        ...(o.tls.ca ? { ca: o.tls.ca } : {}),
        requestCert: o.tls.peerVerify,
        rejectUnauthorized: o.tls.peerVerify,
      })
    : http.createServer();
  server.on('request', (_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket', connection: 'Upgrade' });
    res.end('This is the licutil remote API (ltelicense compatible): connect with a WebSocket client, with an Origin header.\n');
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  const wss = new WebSocketServer({ noServer: true, maxPayload: REMOTE_LIMITS.maxFrameBytes, perMessageDeflate: false, clientTracking: true });

  server.on('upgrade', (req, socket, head) => {
    if (req.headers.origin === undefined) {
      o.log.info(`remote API: refused a connection from ${peerOf(req)} without an Origin header`);
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nThe Origin header is mandatory (any value is accepted).\n');
      return;
    }
    const refused = o.origins ? checkWebSocketOrigin(req.headers.origin, o.origins.allowed, o.origins.policy) : null;
    if (refused) {
      o.log.warn(`remote API: refused a connection from ${peerOf(req)}: ${refused.reason}`);
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refused.reason}; ${refused.hint}\n`);
      return;
    }
    // an address locked out for guessing the password gets no new connection (and so no new challenge) until the lock ends
    const locked = o.auth ? (o.guesses?.lockedFor(req.socket.remoteAddress) ?? null) : null;
    if (locked !== null) {
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${locked}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nToo many failed authentications from this address: try again in ${locked} s.\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    const who = `remote API ${peerOf(req)}`;
    o.log.debug(`${who}: connected (origin ${String(req.headers.origin).slice(0, 200)})`);
    const buffer = o.control.logs.hub.buffer;
    const stream = new LogStream(buffer, buffer.openReader(), timers, o.render);
    const session = new RemoteSession({
      control: o.control,
      send: (text) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_UNREAD_BYTES) {
          o.log.warn(`${who}: closed, it left more than ${MAX_UNREAD_BYTES} bytes of responses unread`);
          ws.terminate();
          return;
        }
        ws.send(text);
      },
      clock: o.clock,
      timers,
      random: (n) => randomBytes(n),
      auth: o.auth,
      logStream: stream,
      who,
      onInternalError: (m) => o.log.error(m),
      guard: guardOf(o.guesses, req.socket.remoteAddress, who),
      // 1008: policy violation (RFC 6455)
      hangUp: (reason) => ws.close(1008, reason),
    });
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      alive.set(ws, true);
      if (isBinary) {
        session.refuse('Binary frames are not supported: send JSON text');
        return;
      }
      session.receive(Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8'));
    });
    ws.on('close', () => {
      session.close();
      o.log.debug(`${who}: disconnected`);
    });
    ws.on('error', (e) => o.log.debug(`${who}: ${e.message}`));
    session.start();
  });

  const ping = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, o.pingMs ?? 30_000);
  ping.unref();

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => {
      clearInterval(ping);
      reject(e);
    };
    server.once('error', onError);
    server.listen({ host: o.host, port: o.port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (e) => o.log.error(`remote API: ${e.message}`));
  const port = (server.address() as AddressInfo).port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;

  let closing: Promise<void> | null = null;
  return {
    url: `${o.tls ? 'wss' : 'ws'}://${host}:${port}`,
    port,
    connections: () => wss.clients.size,
    close: () => {
      closing ??= (async () => {
        clearInterval(ping);
        for (const ws of wss.clients) ws.close(1001, 'server stopping');
        const force = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
          server.closeAllConnections();
        }, 2_000);
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        clearTimeout(force);
      })();
      return closing;
    },
  };
}
