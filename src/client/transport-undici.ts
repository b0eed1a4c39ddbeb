// undici behind the Transport seam: one keep-alive Pool per server origin. undici
// is loaded on the first request, so creating a client costs nothing until it
// talks to a server.
import type { Pool } from 'undici';
import { codedError, MAX_ANSWER_BYTES, type Transport, type TransportRequest, type TransportResponse, type TransportSettings } from './transport.js';
import type { Endpoint } from './types.js';

export function undiciTransport(settings: TransportSettings): Transport {
  const pools = new Map<string, Promise<Pool>>();
  const poolFor = (ep: Endpoint): Promise<Pool> => {
    let p = pools.get(ep.origin);
    if (!p) {
      p = import('undici').then((m) => {
        // Node gives CommonJS named exports; a bundle's dynamic import of CommonJS gives only `default`
        const { Pool } = typeof m.Pool === 'function' ? m : (m as unknown as { default: typeof m }).default;
        return new Pool(ep.origin, {
          connections: 64,
          pipelining: 1,
          connect: {
            timeout: settings.connectTimeoutMs,
            ...(ep.tls && settings.tls?.ca !== undefined ? { ca: settings.tls.ca } : {}),
            ...(ep.tls ? { rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true } : {}),
          },
        });
      });
      pools.set(ep.origin, p);
    }
    return p;
  };

  return {
    async request(ep: Endpoint, req: TransportRequest): Promise<TransportResponse> {
      const pool = await poolFor(ep);
      const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const res = await pool.request({
        path: req.path,
        method: req.method,
        headers,
        body: req.body ?? null,
        signal: req.signal ?? null,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of res.body as AsyncIterable<Buffer>) {
        size += c.length;
        if (size > MAX_ANSWER_BYTES) {
          res.body.destroy();
          throw codedError('HPE_ANSWER_TOO_LARGE', 'the answer is larger than any licutil answer');
        }
        chunks.push(c);
      }
      const ct = res.headers['content-type'];
      return { status: res.statusCode, contentType: Array.isArray(ct) ? (ct[0] ?? '') : (ct ?? ''), text: Buffer.concat(chunks).toString('utf8') };
    },
    async close(): Promise<void> {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map(async (p) => (await p).close()));
    },
  };
}
