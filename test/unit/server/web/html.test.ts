// html.ts: whatever a client puts in user, host, product or tag, the page has
// no element, attribute or character it did not write itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../../../src/protocol/messages.js';
import { renderMain, renderPage, text } from '../../../../src/server/adapters/web/html.js';

function status(user: string, host: string): StatusResponse {
  const server = { server: 'licutil', version: '1', protocol: 1, host: 'srv', port: 5053, started: '2026-06-15T12:00:00.000Z', uptime_seconds: 5, journal: 'ok', license_files: ['/x/a.lic'] } as StatusResponse['server'];
  return {
    server,
    pools: [
      {
        id: 'p1', isv: 'demo', product: 'seat', version: '1.0', count: 3, in_use: 1, queued: 1, soft_limit: 3, expires: null, share: null, hold: 0, min_checkout: 0, min_remove: 120,
        password_protected: false, retired: false, held: [],
        checkouts: [{ handle: 'f00dfeedf00dfeedf00dfeedf00dfeed', id: 7, user, host, pid: 1, isv: 'demo', product: 'seat', version: '1.0', requested_version: '1.0', count: 1, since: '2026-06-15T12:00:00.000Z', lease_expires: '2026-06-15T12:01:00.000Z', seat: 's' }],
      },
    ],
    queues: [{ product: 'seat', waiters: [{ position: 1, isv: 'demo', product: 'seat', requested_version: '1.0', count: 1, user, host, pid: 2, since: '2026-06-15T12:00:00.000Z', wait_until: '2026-06-15T12:05:00.000Z' }] }],
  } as StatusResponse;
}

/** the markup with the escaped user text removed must be the markup with a harmless name */
const TAGS = /<\/?([a-z0-9]+)/gi;

describe('status page HTML', () => {
  it('escapes markup, quotes, control and bidi characters', () => {
    expect(text('<script>"x"&\'y\'</script>')).toBe('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;');
    expect(text('a\u202eb\r\nc\u0000')).toBe('a\ufffdb\ufffd\nc\ufffd');
  });

  it('no user or host name adds an element, attribute or script (property)', () => {
    const base = renderPage({ status: status('alice', 'ws1'), notes: [], filter: '', canSignIn: true });
    const baseTags = [...base.matchAll(TAGS)].map((m) => m[1]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x", '</td></tr><tr><td>', '\r\nSet-Cookie: a=b'), (s, attack) => {
        const page = renderPage({ status: status(`${s}${attack}`, `${attack}${s}`), notes: [{ level: 'error', text: attack }], filter: '', canSignIn: true });
        expect([...page.matchAll(TAGS)].map((m) => m[1]).filter((t) => t !== 'ul' && t !== 'li' && t !== 'span')).toEqual(baseTags.filter((t) => t !== 'ul' && t !== 'li' && t !== 'span'));
        const filtered = renderPage({ status: status('alice', 'ws1'), notes: [], filter: `${s}${attack}`, canSignIn: true });
        expect(filtered).toContain(`value="${text(`${s}${attack}`)}"`);
        expect(filtered).not.toContain(attack);
        // eslint-disable-next-line no-control-regex
        expect(page).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
      }),
      { numRuns: 300 },
    );
  });

  it('shows pools with a bar, checkouts with their public id, the queue with positions; filters', () => {
    const html = renderMain({ status: status('alice', 'ws1'), notes: [{ level: 'warn', text: 'a.lic:3: not signed' }], filter: '', canSignIn: false });
    expect(html).toContain('aria-label="1 of 3 in use"');
    expect(html).toContain('<code>7</code>');
    const admin0 = renderPage({ status: status('alice', 'ws1'), notes: [], filter: 'f00d', canSignIn: true, admin: { csrf: 'c', by: 'me' } });
    // the handle is the holder's secret: not shown, not matched by the filter, not in a button
    expect(admin0).not.toContain('f00dfeed');
    expect(admin0).toContain('No checkout matches the filter.');
    expect(html).toMatch(/data-label="Position" class="num"><strong>1<\/strong>/);
    expect(html).toContain('a.lic:3: not signed');
    expect(html).not.toContain('data-remove');
    const admin = renderMain({ status: status('alice', 'ws1'), notes: [], filter: '', canSignIn: true, admin: { csrf: 'c', by: 'me' } });
    expect(admin).toContain('data-remove="7"');
    const none = renderMain({ status: status('alice', 'ws1'), notes: [], filter: 'zzz', canSignIn: false });
    expect(none).toContain('No pool matches the filter.');
    expect(none).toContain('No checkout matches the filter.');
  });
});
