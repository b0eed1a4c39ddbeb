// Issue 14, "A signed license counts once": copies of a signed license line
// (twice in a file, in copies of the file, one with another HOST name, or with
// only an administrator-editable `_` attribute changed) are served once, even
// under --require-signatures; each copy is left out with a warning naming the
// first occurrence. Against a real `licutil serve` on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_BIN, killAll, startServer, tempDir } from '../helpers/server.js';

afterAll(killAll);

const LINE = 'LICENSE demo seat 1.0 31-dec-2099 3 _id=1';

function cli(dir: string, args: string[]): void {
  const r = spawnSync(process.execPath, [SERVER_BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LICUTIL_NOW: '2026-06-15T12:00:00Z' } });
  if (r.status !== 0) throw new Error(`licutil ${args.join(' ')}: ${r.stderr}`);
}

let dir: string;
let signedLine: string;

beforeAll(() => {
  dir = tempDir('licutil-copies-');
  writeFileSync(path.join(dir, 'one.lic'), `HOST localhost any 5053\nISV demo\n${LINE}\n`);
  cli(dir, ['sign', 'keygen', '--isv', 'demo', '--out', 'keys']);
  cli(dir, ['sign', '--key', 'keys/demo.key', 'one.lic']);
  const text = readFileSync(path.join(dir, 'one.lic'), 'utf8');
  signedLine = text.slice(text.indexOf('LICENSE'));
  expect(signedLine).toMatch(/sig="LU1:/);
});

interface Status {
  pools: Array<{ product: string; count: number }>;
}

describe('a signed license counts once', () => {
  it('the same signed line twice in a file, in a copy of the file with another HOST name, and with only _id changed: 3 seats, not 12', async () => {
    const d = tempDir('licutil-copies-serve-');
    const twice = `HOST localhost any 5053\nISV demo\n${signedLine}${signedLine}`;
    const otherHost = `HOST otherhost any 5053\nISV demo\n${signedLine}`;
    const underscore = `HOST localhost any 5053\nISV demo\n${signedLine.replace('_id=1', '_id=2')}`;
    expect(underscore).not.toBe(`HOST localhost any 5053\nISV demo\n${signedLine}`);
    writeFileSync(path.join(d, 'a.lic'), twice);
    writeFileSync(path.join(d, 'b.lic'), otherHost);
    writeFileSync(path.join(d, 'c.lic'), underscore);
    const s = await startServer({ dir: d, files: ['a.lic', 'b.lic', 'c.lic'], args: ['--require-signatures', '--pub', path.join(dir, 'keys', 'demo.pub')] });
    const st = await s.api<Status>('GET', '/v1/status');
    expect(st.json.pools.filter((p) => p.product === 'seat').reduce((n, p) => n + p.count, 0)).toBe(3);
    // every copy is named, with the first occurrence
    const err = s.stderr();
    const first = `${path.join(d, 'a.lic')}:3`;
    // the signature wraps onto continuation lines: the second copy starts after them
    const secondLine = 3 + signedLine.trimEnd().split('\n').length;
    expect(err).toContain(`${path.join(d, 'a.lic')}:${secondLine}: LICENSE demo seat 1.0 not served: it is a copy of ${first}`);
    expect(err).toContain(`${path.join(d, 'b.lic')}:3: LICENSE demo seat 1.0 not served: it is a copy of ${first}`);
    expect(err).toContain(`${path.join(d, 'c.lic')}:3: LICENSE demo seat 1.0 not served: it is a copy of ${first}`);
    // 3 seats really: the fourth checkout is refused
    for (let i = 0; i < 3; i++) expect((await s.api('POST', '/v1/checkout', { product: 'seat', user: `u${i}`, host: 'h', pid: i })).status).toBe(200);
    expect((await s.api('POST', '/v1/checkout', { product: 'seat', user: 'u9', host: 'h', pid: 9 })).json.error?.code).toBe('LICUTIL_E_ALL_IN_USE');
    await s.stop();
  });

  it('unsigned lines are not merged: two unsigned lines of 3 are still 6 (nothing says they are one license)', async () => {
    const d = tempDir('licutil-copies-unsigned-');
    writeFileSync(path.join(d, 'u.lic'), `HOST localhost any 5053\nISV demo\n${LINE}\n${LINE}\n`);
    const s = await startServer({ dir: d, files: ['u.lic'] });
    const st = await s.api<Status>('GET', '/v1/status');
    expect(st.json.pools.filter((p) => p.product === 'seat').reduce((n, p) => n + p.count, 0)).toBe(6);
    await s.stop();
  });
});
