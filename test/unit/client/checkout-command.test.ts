// The checkout command's pure parts and its child-process wrapper, without a
// server: the command line, progress lines, exit statuses, signal forwarding.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { endpoint } from '../../../src/client/address.js';
import type { LeaseApi, QueuePosition } from '../../../src/client/types.js';
import type { CheckoutArgs } from '../../../src/cli/commands/checkout/args.js';
import { runHeld, signalStatus } from '../../../src/cli/commands/checkout/child.js';
import { processIo, type CheckoutIo, type ForwardedSignal } from '../../../src/cli/commands/checkout/io.js';
import { lineProgress, makeProgress, progressMode, queueText } from '../../../src/cli/commands/checkout/progress.js';
import { childOutcome, planCheckout } from '../../../src/cli/commands/checkout/run.js';
import { EventEmitter } from 'node:events';

const args = (over: Partial<CheckoutArgs>): CheckoutArgs => ({
  feature: 'solver',
  count: 1,
  'on-lost': 'warn',
  detach: false,
  json: false,
  color: false,
  quiet: false,
  '--': ['true'],
  ...over,
});

function fakeIo(over: Partial<CheckoutIo> = {}): CheckoutIo & { lines: string[] } {
  const lines: string[] = [];
  return { ...processIo, say: (l) => lines.push(l), stderrIsTTY: false, onSignals: () => () => undefined, lines, ...over };
}

describe('the checkout command line', () => {
  it('FEATURE[:VERSION], -n, --wait and --lease DURATIONs, the command after --', () => {
    expect(planCheckout(args({ feature: 'solver:2.1', count: 3, wait: '5m', lease: '1.5s', '--': ['make', 'test', '7'] }))).toEqual({
      product: 'solver',
      version: '2.1',
      count: 3,
      wait: 300,
      lease: 2,
      command: ['make', 'test', '7'],
    });
    expect(planCheckout(args({ detach: true, '--': undefined }))).toMatchObject({ product: 'solver', version: undefined, wait: 0, lease: undefined, command: [] });
    expect(planCheckout(args({ feature: 'x:1.2.3' })).version).toBe('1.2.3');
  });

  it('every mistake is a usage error (exit 2) saying what to write', () => {
    const bad: Array<[Partial<CheckoutArgs>, RegExp]> = [
      [{ feature: 'a b' }, /not a product name/],
      [{ feature: 'solver:two' }, /"two" in "solver:two" is not a version/],
      [{ count: 0 }, /-n 0 is not a number of seats/],
      [{ count: 1.5 }, /not a number of seats/],
      [{ wait: '2 days' }, /--wait "2 days" is not a duration/],
      [{ wait: '2d' }, /longer than a day/],
      [{ lease: '0' }, /--lease 0 is not between 1 second and 24 hours/],
      [{ '--': [] }, /needs a command to run \(after --\) or --detach/],
      [{ detach: true }, /--detach takes no command/],
      [{ json: true }, /--json goes with --detach/],
    ];
    for (const [over, message] of bad) {
      let err: unknown;
      try {
        planCheckout(args(over));
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(over)).toMatchObject({ code: 'LICUTIL_E_USAGE', exitStatus: 2 });
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('progress while queued', () => {
  const q = (position: number | null, waiting: number, elapsedSeconds: number): QueuePosition => ({ endpoint: endpoint('lic', 5053), position, waiting, elapsedSeconds });

  it('plain lines: the first at once, then one per interval, and when it becomes next', () => {
    const io = fakeIo();
    let t = 0;
    const p = lineProgress(io, 'solver', 5_000, () => t);
    p.queued(q(3, 3, 0));
    t = 2_000;
    p.queued(q(2, 3, 2));
    t = 3_000;
    p.queued(q(1, 3, 3));
    t = 4_000;
    p.queued(q(1, 3, 4));
    t = 8_100;
    p.queued(q(1, 3, 8.1));
    expect(io.lines).toEqual([
      'waiting for solver on 5053@lic: position 3 of 3, 0 s so far',
      'waiting for solver on 5053@lic: position 1 of 3, 3 s so far',
      'waiting for solver on 5053@lic: position 1 of 3, 8 s so far',
    ]);
  });

  it('a waiter the server does not list is "queued"', () => {
    expect(queueText('x', q(null, 0, 1))).toBe('waiting for x on 5053@lic: queued, 1 s so far');
  });

  it('spinner on a terminal, lines otherwise, nothing under -q or --json', () => {
    expect(progressMode(fakeIo({ stderrIsTTY: true }), false, false)).toBe('spinner');
    expect(progressMode(fakeIo(), false, false)).toBe('lines');
    expect(progressMode(fakeIo({ stderrIsTTY: true }), true, false)).toBe('none');
    expect(progressMode(fakeIo({ stderrIsTTY: true }), false, true)).toBe('none');
  });

  it('the spinner writes the place in the queue to stderr and stops', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let written = '';
    stream.on('data', (d: Buffer) => (written += d.toString()));
    const p = await makeProgress('spinner', fakeIo({ stderr: stream as unknown as NodeJS.WritableStream, stderrIsTTY: true }), 'solver');
    p.queued(q(2, 4, 1));
    p.stop();
    expect(written).toContain('waiting for solver on 5053@lic: position 2 of 4');
  });
});

describe('how the command ended → exit status', () => {
  it('its code; 128+N for signal N (re-raised); 127 when it could not start', () => {
    const io = fakeIo();
    expect(childOutcome({ code: 7, signal: null }, 'x', io)).toMatchObject({ exitCode: 7 });
    expect(childOutcome({ code: null, signal: 'SIGTERM' }, 'x', io)).toMatchObject({ exitCode: 143, signal: 'SIGTERM' });
    expect(signalStatus('SIGINT')).toBe(130);
    const e = Object.assign(new Error('spawn nope ENOENT'), { code: 'ENOENT' });
    expect(childOutcome({ code: null, signal: null, spawnError: e }, 'nope', io)).toMatchObject({ exitCode: 127 });
    expect(io.lines).toEqual(['cannot start nope: no such command (ENOENT)']);
  });
});

class FakeLease extends EventEmitter {
  handle = 'h1';
  endpoint = endpoint('lic', 5053);
}

describe('running the command with the seat held', () => {
  it('forwards the signals licutil receives to the command', async () => {
    let deliver: ((s: ForwardedSignal) => void) | undefined;
    const io = fakeIo({
      onSignals: (_s, fn) => {
        deliver = fn;
        return () => (deliver = undefined);
      },
    });
    const lease = new FakeLease() as unknown as LeaseApi;
    const ended = runHeld({ command: 'sleep', args: ['30'], env: process.env, cwd: process.cwd(), lease, product: 'solver', onLost: 'warn', io });
    await new Promise((r) => setTimeout(r, 100));
    deliver?.('SIGHUP');
    await expect(ended).resolves.toEqual({ code: null, signal: 'SIGHUP' });
    // forwarding ends with the command
    expect(deliver).toBeUndefined();
  });

  it('--on-lost kill sends SIGTERM when the lease reports the seat lost; trouble and recovery are reported once each', async () => {
    const io = fakeIo();
    const fake = new FakeLease();
    const ended = runHeld({ command: 'sleep', args: ['30'], env: process.env, cwd: process.cwd(), lease: fake as unknown as LeaseApi, product: 'solver', onLost: 'kill', io });
    await new Promise((r) => setTimeout(r, 100));
    const err = new Error('nothing listens on 5053@lic (connection refused)');
    fake.emit('trouble', { error: err, remainingMs: 20_000 });
    fake.emit('trouble', { error: err, remainingMs: 15_000 });
    fake.emit('renewed', {});
    fake.emit('lost', { reason: 'removed', error: new Error('checkout h1 was removed by the license administrator') });
    await expect(ended).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    expect(io.lines).toEqual([
      'cannot renew the solver seat at 5053@lic: nothing listens on 5053@lic (connection refused); retrying for the 20 s left on the lease',
      'renewed the solver seat at 5053@lic again',
      'lost the solver seat (removed): checkout h1 was removed by the license administrator',
      'stopping the command with SIGTERM (--on-lost kill)',
    ]);
  });

  it('the command sees LICUTIL_HANDLE and LICUTIL_SERVER', async () => {
    const io = fakeIo();
    const lease = new FakeLease() as unknown as LeaseApi;
    const end = await runHeld({
      command: 'sh',
      args: ['-c', 'test "$LICUTIL_HANDLE" = h1 && test "$LICUTIL_SERVER" = 5053@lic'],
      env: process.env,
      cwd: process.cwd(),
      lease,
      product: 'solver',
      onLost: 'warn',
      io,
    });
    expect(end).toEqual({ code: 0, signal: null });
  });
});
