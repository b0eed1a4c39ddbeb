// browser-guard.ts: the Host, JSON-POST, same-origin and WebSocket Origin rules
// that keep a web page (cross-site, or DNS-rebound to this server) out.
import { describe, expect, it } from 'vitest';
import { checkHost, checkJsonPost, checkSameOrigin, checkWebSocketOrigin, hostNameOf, RequestGuard, type BrowserPolicy } from '../../../../src/server/adapters/http/browser-guard.js';
import { browserPolicyOf } from '../../../../src/server/boot/browser-setup.js';

const policy: BrowserPolicy = browserPolicyOf({ hostname: 'lic1.corp.example', bind: '0.0.0.0', allowHost: ['licenses.corp.example'], tls: false, addresses: ['127.0.0.1', '10.1.2.3', 'fe80::1'] });

describe('Host', () => {
  it('reads names, addresses and ports the way a browser writes them', () => {
    expect(hostNameOf('LIC1.corp.example.:5053')).toBe('lic1.corp.example');
    expect(hostNameOf('[::1]:5053')).toBe('::1');
    expect(hostNameOf('[::1]x')).toBeNull();
    expect(hostNameOf('a b')).toBeNull();
    expect(hostNameOf('evil.example\r\nx: y')).toBeNull();
  });

  it('answers to its own names, addresses, --bind and --allow-host, and nothing else', () => {
    for (const h of ['localhost:5053', '127.0.0.1', '[::1]:1', 'lic1', 'lic1.corp.example:5053', '10.1.2.3:5053', '[fe80::1]', 'licenses.corp.example', '0.0.0.0:5053', undefined]) {
      expect(checkHost(h, policy), String(h)).toBeNull();
    }
    for (const h of ['evil.example:5053', 'lic1.evil.example', '127.0.0.1.nip.io', '10.1.2.4', '', 'localhost.evil']) {
      expect(checkHost(h, policy)?.reason, h).toMatch(/does not answer to the name/);
    }
    expect(checkHost('anything', browserPolicyOf({ hostname: 'x', bind: '::', allowHost: ['*'], tls: false, addresses: [] }))).toBeNull();
  });
});

describe('POST bodies', () => {
  it('must be application/json (what a no-cors fetch or a form cannot send)', () => {
    expect(checkJsonPost('POST', 'application/json')).toBeNull();
    expect(checkJsonPost('POST', 'Application/JSON; charset=utf-8')).toBeNull();
    expect(checkJsonPost('GET', undefined)).toBeNull();
    for (const ct of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      expect(checkJsonPost('POST', ct)?.reason, String(ct)).toMatch(/Content-Type: application\/json/);
    }
  });
});

describe('the guard every request passes', () => {
  it('gives the answers of checkHost and checkJsonPost, however often a Host comes back', () => {
    const guard = new RequestGuard(policy);
    for (let round = 0; round < 3; round++) {
      for (const h of ['localhost:5053', '10.1.2.3:5053', undefined]) expect(guard.check('POST', h, 'application/json'), String(h)).toBeNull();
      for (const h of ['evil.example:5053', 'lic1.evil.example']) expect(guard.check('GET', h, undefined)?.reason, h).toMatch(/does not answer to the name/);
      expect(guard.check('POST', 'localhost:5053', 'Application/JSON; charset=utf-8')).toBeNull();
      expect(guard.check('POST', 'localhost:5053', 'text/plain')?.reason).toMatch(/Content-Type: application\/json/);
      expect(guard.check('POST', 'localhost:5053', undefined)?.reason).toMatch(/Content-Type: application\/json/);
      // a refused name stays refused after many accepted ones have come and gone
      for (let p = 0; p < 100; p++) expect(guard.check('GET', `127.0.0.1:${p}`, undefined)).toBeNull();
      expect(guard.check('GET', 'evil.example:5053', undefined)?.code).toBe('LICUTIL_E_FOREIGN_REQUEST');
    }
  });
});

describe('admin from a browser', () => {
  it('refuses another origin, and Sec-Fetch-Site cross-site or same-site', () => {
    expect(checkSameOrigin({ host: '127.0.0.1:5053' }, false)).toBeNull();
    expect(checkSameOrigin({ host: '127.0.0.1:5053', origin: 'http://127.0.0.1:5053', 'sec-fetch-site': 'same-origin' }, false)).toBeNull();
    expect(checkSameOrigin({ host: 'lic1:5053', origin: 'https://lic1:5053' }, true)).toBeNull();
    expect(checkSameOrigin({ host: 'lic1:5053', origin: 'http://lic1:5053' }, true)?.reason).toMatch(/not from this server's own page/);
    expect(checkSameOrigin({ host: '127.0.0.1:5053', origin: 'http://127.0.0.1:8080' }, false)?.reason).toMatch(/http:\/\/127\.0\.0\.1:8080/);
    expect(checkSameOrigin({ host: '127.0.0.1:5053', origin: 'null' }, false)).not.toBeNull();
    expect(checkSameOrigin({ host: '127.0.0.1:5053', 'sec-fetch-site': 'cross-site' }, false)?.reason).toMatch(/another site/);
    expect(checkSameOrigin({ host: '127.0.0.1:5053', 'sec-fetch-site': 'same-site' }, false)?.reason).toMatch(/another site/);
    expect(checkSameOrigin({ host: '127.0.0.1:5053', 'sec-fetch-site': 'none' }, false)).toBeNull();
  });
});

describe('WebSocket Origin', () => {
  it('accepts the server\'s own names, listed origins, or any with *; refuses the rest', () => {
    expect(checkWebSocketOrigin('http://127.0.0.1', [], policy)).toBeNull();
    expect(checkWebSocketOrigin('https://lic1.corp.example:8443', [], policy)).toBeNull();
    expect(checkWebSocketOrigin('https://tools.example/', ['https://tools.example'], policy)).toBeNull();
    expect(checkWebSocketOrigin('null', ['*'], policy)).toBeNull();
    for (const o of ['null', 'https://evil.example', 'file://', 'chrome-extension://abc', 'http://127.0.0.1.evil.example']) {
      expect(checkWebSocketOrigin(o, ['https://tools.example'], policy)?.reason, o).toMatch(/not this server's/);
    }
  });
});
