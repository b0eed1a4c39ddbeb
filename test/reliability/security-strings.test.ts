// Issue 14, "Smaller": control and bidi characters in client strings. A user
// name with U+202E shows "alice" for "ecila" in stat, the monitor and the logs;
// C1 controls and U+2028 break log lines and terminals. Every client string the
// server shows is refused with such characters, against a real `licutil serve`.
import { afterAll, describe, expect, it } from 'vitest';
import { demoLicense, killAll, startServer } from '../helpers/server.js';

afterAll(killAll);

const BAD = ['\u202e', '\u202a', '\u2066', '\u2069', '\u200f', '\u061c', '\u2028', '\u2029', '\u0085', '\u009b', '\u001b', '\r', '\n', '\u007f'];

describe('control and bidi characters in client strings', () => {
  it('are refused in user, host, tag and isv_data; plain Unicode names are taken', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 100']) } });
    for (const ch of BAD) {
      for (const field of ['user', 'host', 'tag', 'isv_data']) {
        const body: Record<string, unknown> = { product: 'seat', user: 'u', host: 'h', pid: 1, [field]: `al${ch}ice` };
        const r = await s.api('POST', '/v1/checkout', body);
        expect(r.status, `${field} with U+${ch.codePointAt(0)?.toString(16).padStart(4, '0')}`).toBe(400);
        expect(r.json.error?.code).toBe('LICUTIL_E_BAD_REQUEST');
      }
    }
    const ok = await s.api('POST', '/v1/checkout', { product: 'seat', user: 'Zoë 名前', host: 'ws-ü', pid: 1 });
    expect(ok.status).toBe(200);
    const st = await s.api('GET', '/v1/status');
    const text = JSON.stringify(st.json);
    for (const ch of BAD.filter((c) => c !== '\n')) expect(text).not.toContain(ch);
    expect(text).toContain('Zoë 名前');
    await s.stop();
  });
});
