// Helpers for the network commands' end-to-end tests: ports where nothing
// listens, things that listen but are not licutil servers, and checkouts made
// straight through the HTTP API so the CLI has something to show.
import { spawn } from 'node:child_process';
import net from 'node:net';
import type { ServerHandle } from '../helpers/server.js';

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface Listener {
  port: number;
  close: () => Promise<void>;
}

/**
 * A listener in a process of its own: the CLI under test runs through
 * spawnSync, which blocks this process's event loop, so a server here could
 * not answer it.
 */
async function childListener(script: string): Promise<Listener> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`listener exited (${code}) before listening`)));
  });
  return {
    port,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    },
  };
}

/** A plain node:http server: answers every request with an HTML 404, as a web server would. */
export function plainHttpServer(): Promise<Listener> {
  return childListener(`
    import http from 'node:http';
    const s = http.createServer((q, r) => { r.writeHead(404, { 'content-type': 'text/html' }); r.end('<html><body>Not Found</body></html>'); });
    s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n'));`);
}

/** A TCP server that takes connections and never says a word (a daemon waiting for its own protocol). */
export function silentTcpServer(): Promise<Listener> {
  return childListener(`
    import net from 'node:net';
    const s = net.createServer((c) => c.on('error', () => {}));
    s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n'));`);
}

export interface Grant {
  handle: string;
  /** the checkout's public id */
  id?: number;
  product: string;
  version: string;
}

/** Check out through the API, with a long lease so the test never races a reclaim. */
export async function grab(s: ServerHandle, product: string, user = 'alice', host = 'ws1', pid = 4242, extra: Record<string, unknown> = {}): Promise<Grant> {
  const r = await s.api<Grant>('POST', '/v1/checkout', { product, user, host, pid, lease: 600, ...extra });
  if (r.status !== 200) throw new Error(`checkout of ${product} failed: ${JSON.stringify(r.json)}`);
  return r.json;
}

export const at = (s: ServerHandle | number) => `${typeof s === 'number' ? s : s.port}@127.0.0.1`;
