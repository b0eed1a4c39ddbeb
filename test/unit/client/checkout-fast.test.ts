// The yargs-free reading of `checkout FEATURE [options] -- CMD` must agree with
// yargs on every command line it accepts (it exists only for start-up time).
import fc from 'fast-check';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { checkoutCommand, type CheckoutArgs } from '../../../src/cli/commands/checkout.js';
import { fastCheckoutArgs } from '../../../src/cli/commands/checkout-fast.js';
import { withGlobalOptions } from '../../../src/cli/options.js';

async function viaYargs(argv: string[]): Promise<CheckoutArgs> {
  let got: CheckoutArgs | undefined;
  await withGlobalOptions(yargs(argv))
    .strict()
    // as main.ts must configure it: without 'parse-positional-numbers': false yargs turns
    // the command's own arguments into numbers (`-- echo 1e3` would print 1000)
    .parserConfiguration({ 'populate--': true, 'parse-positional-numbers': false })
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .command({
      ...checkoutCommand.module,
      handler: (a: unknown) => {
        got = a as unknown as CheckoutArgs;
      },
    } as never)
    .parseAsync();
  if (!got) throw new Error('yargs ran no handler');
  return got;
}

/** what the checkout command reads from its arguments */
function used(a: CheckoutArgs) {
  return {
    feature: String(a.feature),
    count: a.count,
    wait: a.wait,
    lease: a.lease,
    tag: a.tag,
    password: a.password,
    timeout: a.timeout,
    onLost: a['on-lost'],
    detach: a.detach,
    json: a.json,
    quiet: a.quiet,
    color: a.color,
    license: a.license,
    isv: a.isv,
    dialect: a.dialect,
    command: (a['--'] ?? []).map(String),
  };
}

describe('checkout without yargs', () => {
  it('reads the usual command line', () => {
    const a = fastCheckoutArgs(['checkout', 'solver:2', '-c', '5053@h', '--wait', '5m', '-n', '2', '-q', '--', 'make', '-j', '4']);
    expect(a && used(a)).toMatchObject({ feature: 'solver:2', license: '5053@h', wait: '5m', count: 2, quiet: true, command: ['make', '-j', '4'] });
  });

  it('leaves everything else to yargs', () => {
    for (const argv of [
      ['checkout', 'solver', '--detach'],
      ['checkout', 'solver', '--json', '--', 'x'],
      ['checkout', 'solver', '--help', '--', 'x'],
      ['checkout', '--', 'x'],
      ['checkout', 'a', 'b', '--', 'x'],
      ['checkout', 'solver', '-n', 'two', '--', 'x'],
      ['checkout', 'solver', '--on-lost', 'explode', '--', 'x'],
      ['checkout', 'solver', '--wait', '--', 'x'],
      ['checkout', 'solver', '--wait=5', '--', 'x'],
      ['checkout', 'solver', '-qn', '2', '--', 'x'],
      ['checkout', 'solver', '--tag', 'a', '--tag', 'b', '--', 'x'],
      ['checkout', 'solver', '--'],
      ['stat', '--', 'x'],
    ]) {
      expect(fastCheckoutArgs(argv), argv.join(' ')).toBeNull();
    }
  });

  it('agrees with yargs on every command line it accepts', async () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_.:@/]{1,12}$/).filter((s) => !s.startsWith('-'));
    const opt = fc.oneof(
      fc.tuple(fc.constantFrom('-n', '--count'), fc.integer({ min: 0, max: 99 }).map(String)),
      fc.tuple(fc.constantFrom('--wait', '--lease'), fc.constantFrom('30', '5m', '1h30m', '0.5')),
      fc.tuple(fc.constantFrom('--tag', '--password', '--isv', '-c', '--license'), word),
      fc.tuple(fc.constant('--timeout'), fc.constantFrom('1', '2.5', '30')),
      fc.tuple(fc.constant('--on-lost'), fc.constantFrom('warn', 'kill')),
      fc.tuple(fc.constant('--dialect'), fc.constantFrom('rlm', 'flexlm')),
      fc.constantFrom(['-q'], ['--quiet'], ['--no-color'], ['--color']),
    );
    const argvArb = fc
      .record({
        feature: word,
        before: fc.array(opt, { maxLength: 3 }),
        after: fc.array(opt, { maxLength: 3 }),
        command: fc.array(fc.oneof(word, fc.constantFrom('-x', '--flag', '7', '--')), { minLength: 1, maxLength: 4 }),
      })
      .map(({ feature, before, after, command }) => ['checkout', ...before.flat(), feature, ...after.flat(), '--', ...command]);
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(argvArb, async (argv) => {
        const fast = fastCheckoutArgs(argv);
        if (fast === null) return;
        compared++;
        expect(used(fast)).toEqual(used(await viaYargs(argv)));
      }),
      { numRuns: 200 },
    );
    // most generated lines are the plain kind the fast path is for
    expect(compared).toBeGreaterThan(100);
  });
});
