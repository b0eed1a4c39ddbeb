import { describe, expect, it } from 'vitest';
import { endpoint } from '../../../src/client/address.js';
import { classifyNetworkError } from '../../../src/client/failure.js';
import { EXIT } from '../../../src/protocol/errors.js';

const ep = endpoint('lic.example', 5053);
const ctx = { connectTimeoutMs: 10_000, requestTimeoutMs: 30_000 };
const coded = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`failed: ${code}`), { code, ...extra });

describe('network failures are classified with a sentence and exit 69', () => {
  const cases: Array<[string, unknown, string, string, RegExp]> = [
    ['DNS (ENOTFOUND)', coded('ENOTFOUND'), 'dns', 'LICUTIL_E_HOST_UNKNOWN', /cannot resolve the server host name lic\.example$/],
    ['DNS (EAI_AGAIN)', coded('EAI_AGAIN'), 'dns', 'LICUTIL_E_HOST_UNKNOWN', /name service did not answer/],
    ['refused', coded('ECONNREFUSED'), 'refused', 'LICUTIL_E_REFUSED', /^nothing listens on 5053@lic\.example \(connection refused\)$/],
    ['connect timeout (node)', coded('LICUTIL_CONNECT_TIMEOUT'), 'timeout', 'LICUTIL_E_CONNECT_TIMEOUT', /no connection to 5053@lic\.example within 10 s/],
    ['connect timeout (undici)', coded('UND_ERR_CONNECT_TIMEOUT'), 'timeout', 'LICUTIL_E_CONNECT_TIMEOUT', /within 10 s/],
    ['answer timeout (undici)', coded('UND_ERR_HEADERS_TIMEOUT'), 'timeout', 'LICUTIL_E_CONNECT_TIMEOUT', /accepted the connection but did not answer within 30 s/],
    ['unreachable', coded('EHOSTUNREACH'), 'unreachable', 'LICUTIL_E_UNREACHABLE', /cannot be reached \(EHOSTUNREACH\)/],
    ['TLS', coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls', 'LICUTIL_E_TLS', /^TLS with 5053@lic\.example failed/],
    ['not HTTP', coded('HPE_INVALID_CONSTANT'), 'not-licutil', 'LICUTIL_E_NOT_LICUTIL', /not a licutil server — a FlexNet or RLM daemon\?/],
    ['reset', coded('ECONNRESET'), 'closed', 'LICUTIL_E_CONNECTION_CLOSED', /closed the connection without answering/],
    ['undici socket error', coded('UND_ERR_SOCKET'), 'closed', 'LICUTIL_E_CONNECTION_CLOSED', /closed the connection/],
    // undici wraps the system error: the cause decides
    ['wrapped in a cause', Object.assign(new TypeError('fetch failed'), { cause: coded('ECONNREFUSED') }), 'refused', 'LICUTIL_E_REFUSED', /connection refused/],
    ['happy eyeballs AggregateError', Object.assign(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), { code: 'ECONNREFUSED' }), 'refused', 'LICUTIL_E_REFUSED', /connection refused/],
  ];
  for (const [name, err, kind, code, message] of cases) {
    it(name, () => {
      const f = classifyNetworkError(err, ep, ctx);
      expect(f).not.toBeNull();
      expect(f?.kind).toBe(kind);
      expect(f?.code).toBe(code);
      expect(f?.exitStatus).toBe(EXIT.unavailable);
      expect(f?.message).toMatch(message);
      expect(f?.hint).toBeTruthy();
      expect(f?.endpoint).toBe(ep);
    });
  }

  it('other errors are not network failures', () => {
    expect(classifyNetworkError(new Error('boom'), ep, ctx)).toBeNull();
    expect(classifyNetworkError('text', ep, ctx)).toBeNull();
  });
});
