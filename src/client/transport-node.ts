// node:http / node:https behind the Transport seam: one keep-alive Agent per
// server origin. Loads nothing but Node's own modules, so a short-lived CLI
// process pays no start-up cost for it.
import http from 'node:http';
import type * as NodeHttps from 'node:https';
import { codedError, MAX_ANSWER_BYTES, type Transport, type TransportRequest, type TransportResponse, type TransportSettings } from './transport.js';
import type { Endpoint } from './types.js';

// node:https brings node:tls and node:crypto (~25M instructions of start-up,
// measured with callgrind): loaded only for a server reached over TLS.
function https(): typeof NodeHttps {
  return process.getBuiltinModule('node:https');
}

export function nodeTransport(settings: TransportSettings): Transport {
  const agents = new Map<string, http.Agent>();
  const agentFor = (ep: Endpoint): http.Agent => {
    let a = agents.get(ep.origin);
    if (!a) {
      const common = { keepAlive: true, keepAliveMsecs: 15_000, maxSockets: 64, scheduling: 'lifo' as const };
      a = ep.tls
        ? new (https().Agent)({
            ...common,
            ...(settings.tls?.ca !== undefined ? { ca: settings.tls.ca } : {}),
            rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true,
          })
        : new http.Agent(common);
      agents.set(ep.origin, a);
    }
    return a;
  };

  return {
    request(ep: Endpoint, req: TransportRequest): Promise<TransportResponse> {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
        if (req.body !== undefined) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = String(Buffer.byteLength(req.body));
        }
        const options: http.RequestOptions = {
          host: ep.host,
          port: ep.port,
          method: req.method,
          path: req.path,
          headers,
          agent: agentFor(ep),
        };
        if (req.signal) options.signal = req.signal;
        const r = (ep.tls ? https() : http).request(options);
        let connectTimer: NodeJS.Timeout | undefined;
        let answerTimer: NodeJS.Timeout | undefined;
        const clear = () => {
          clearTimeout(connectTimer);
          clearTimeout(answerTimer);
        };
        const startAnswerTimer = () => {
          clearTimeout(connectTimer);
          answerTimer = setTimeout(() => r.destroy(codedError('LICUTIL_REQUEST_TIMEOUT', `no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
        };
        r.on('socket', (s) => {
          if (s.connecting) {
            connectTimer = setTimeout(
              () => r.destroy(codedError('LICUTIL_CONNECT_TIMEOUT', `no connection within ${settings.connectTimeoutMs} ms`)),
              settings.connectTimeoutMs,
            );
            s.once(ep.tls ? 'secureConnect' : 'connect', startAnswerTimer);
          } else {
            startAnswerTimer();
          }
        });
        r.on('error', (e) => {
          clear();
          reject(e);
        });
        r.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_ANSWER_BYTES) {
              r.destroy(codedError('HPE_ANSWER_TOO_LARGE', 'the answer is larger than any licutil answer'));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => {
            clear();
            resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (e) => {
            clear();
            reject(e);
          });
        });
        r.end(req.body);
      });
    },
    async close(): Promise<void> {
      for (const a of agents.values()) a.destroy();
      agents.clear();
    },
  };
}
