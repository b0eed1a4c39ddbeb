// An HTTP client that comes from a chosen loopback address (127.0.0.2, ...),
// so that a test can be two clients on one machine: the attacker and the
// colleague whose requests must keep working. Linux routes all of 127/8 to
// the loopback interface, so any of its addresses can be a source.
import http from 'node:http';

export interface PeerAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown> & { error?: { code: string; message: string; hint?: string } };
  /** the client's port: a new one means a new connection */
  localPort: number;
}

export interface Peer {
  request(method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<PeerAnswer>;
  close(): void;
}

/** Keep-alive requests to `base` from `localAddress`, one connection at a time (as a guessing loop would). */
export function peerClient(base: string, localAddress: string, sockets = 1): Peer {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, localAddress });
  return {
    request: (method, route, body, headers = {}) =>
      new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : JSON.stringify(body);
        const req = http.request(`${base}${route}`, { method, agent, headers: { ...(data ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
          let text = '';
          const localPort = res.socket.localPort ?? 0;
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => {
            let json: PeerAnswer['json'];
            try {
              json = JSON.parse(text) as PeerAnswer['json'];
            } catch {
              json = { raw: text };
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, json, localPort });
          });
        });
        req.on('error', reject);
        req.end(data);
      }),
    close: () => agent.destroy(),
  };
}

/** Runs `n` calls of `f`, `parallel` at a time. */
export async function times(n: number, parallel: number, f: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      while (next < n) await f(next++);
    }),
  );
}
