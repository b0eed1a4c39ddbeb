// The common `licutil checkout FEATURE [options] -- CMD ARGS...` read without
// yargs, so wrapping a command costs little more than starting node (issue 8:
// `checkout F -- true` within 2.5× of `node -e 0`; yargs alone is most of the
// budget). It reads a strict subset — plain options with plain values — and
// returns null for anything else, which then goes through yargs as usual;
// a test checks that both readings agree on everything this one accepts.
import type { CheckoutArgs } from './checkout.js';

type Kind = 'number' | 'string' | 'boolean';

/** option (and alias) → the CheckoutArgs key and how its value is read */
const OPTIONS: Record<string, { key: string; kind: Kind; choices?: readonly string[] }> = {
  '-n': { key: 'count', kind: 'number' },
  '--count': { key: 'count', kind: 'number' },
  '--wait': { key: 'wait', kind: 'string' },
  '--lease': { key: 'lease', kind: 'string' },
  '--tag': { key: 'tag', kind: 'string' },
  '--password': { key: 'password', kind: 'string' },
  '--timeout': { key: 'timeout', kind: 'number' },
  '--on-lost': { key: 'on-lost', kind: 'string', choices: ['warn', 'kill'] },
  '-c': { key: 'license', kind: 'string' },
  '--license': { key: 'license', kind: 'string' },
  '--isv': { key: 'isv', kind: 'string' },
  '--dialect': { key: 'dialect', kind: 'string', choices: ['rlm', 'flexlm'] },
  '-q': { key: 'quiet', kind: 'boolean' },
  '--quiet': { key: 'quiet', kind: 'boolean' },
  '--color': { key: 'color', kind: 'boolean' },
  '--no-color': { key: 'color', kind: 'boolean' },
};

/** values read the same by every parser: no leading '-', no number-like surprises */
const PLAIN = /^[^-\s][^\s]*$/;
const NUMBER = /^\d+(\.\d+)?$/;

/** The arguments of `checkout ... -- CMD`, or null when yargs should read the command line. */
export function fastCheckoutArgs(argv: readonly string[]): CheckoutArgs | null {
  if (argv[0] !== 'checkout') return null;
  const dash = argv.indexOf('--');
  if (dash < 0 || dash === argv.length - 1) return null;
  const out: Record<string, unknown> = { count: 1, 'on-lost': 'warn', detach: false, json: false, color: true, quiet: false };
  const licenses: string[] = [];
  const seen = new Set<string>();
  let feature: string | undefined;
  for (let i = 1; i < dash; i++) {
    const tok = argv[i] ?? '';
    if (!tok.startsWith('-')) {
      if (feature !== undefined || !PLAIN.test(tok)) return null;
      feature = tok;
      continue;
    }
    const opt = OPTIONS[tok];
    if (!opt) return null;
    if (opt.kind === 'boolean') {
      if (seen.has(opt.key)) return null;
      seen.add(opt.key);
      out[opt.key] = tok !== '--no-color';
      continue;
    }
    const value = argv[++i];
    if (value === undefined || i >= dash || !PLAIN.test(value)) return null;
    if (opt.key === 'license') {
      licenses.push(value);
      continue;
    }
    // a repeated option becomes an array in yargs: leave that to it
    if (seen.has(opt.key)) return null;
    seen.add(opt.key);
    if (opt.choices && !opt.choices.includes(value)) return null;
    if (opt.kind === 'number') {
      if (!NUMBER.test(value)) return null;
      out[opt.key] = Number(value);
    } else {
      out[opt.key] = value;
    }
  }
  if (feature === undefined) return null;
  out.feature = feature;
  if (licenses.length === 1) out.license = licenses[0];
  else if (licenses.length > 1) out.license = licenses;
  out['--'] = argv.slice(dash + 1);
  return out as unknown as CheckoutArgs;
}
