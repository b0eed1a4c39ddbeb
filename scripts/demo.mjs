// `npm run demo`: the main job on the shipped samples, in a temporary directory,
// showing each command as a user would type it and what it answers.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'licutil.js');
const work = mkdtempSync(path.join(tmpdir(), 'licutil-demo-'));
const lic = path.join(work, 'licenses');
const keys = path.join(work, 'keys');
cpSync(path.join(root, 'examples', 'licenses'), lic, { recursive: true });

const env = { ...process.env };
for (const k of Object.keys(env)) if (/_LICENSE(_FILE)?$|^RLM_|^LICUTIL_/.test(k)) delete env[k];

function step(title, args, expect = [0]) {
  const shown = args.map((a) => (a.startsWith(work) ? `$DEMO${a.slice(work.length)}` : a)).join(' ');
  process.stdout.write(`\n\u001b[1m# ${title}\u001b[0m\n$ licutil ${shown}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: work, env, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  if (r.stderr) process.stdout.write(r.stderr);
  process.stdout.write(`(exit ${r.status})\n`);
  if (!expect.includes(r.status ?? -1)) {
    throw new Error(`demo step failed: licutil ${shown} exited ${r.status}, expected ${expect.join(' or ')}`);
  }
  return r;
}

try {
  process.stdout.write(`licutil demo — working in ${work} ($DEMO below)\n`);
  step('An ISV makes a signing key pair', ['sign', 'keygen', '--isv', 'acme', '--out', keys]);
  step('and signs the licenses it issues', ['sign', '--key', path.join(keys, 'acme.key'), path.join(lic, 'acme.lic')]);
  step('Anyone with the public key can verify them', ['sign', '--verify', '--pub', path.join(keys, 'acme.pub'), path.join(lic, 'acme.lic')]);
  step('Where licutil looks for licenses', ['env', '-c', lic]);
  step('What this machine is called in licenses', ['hostid']);
  step('Every license, and whether it is usable here', ['stat', '-i', '-c', lic, '--pub', path.join(keys, 'acme.pub')]);
  step('Why can I not get solver 3.5? (exit 1: not usable)', ['lmdiag', 'solver:3.5', '-c', lic], [1]);
  step('The viewer is uncounted and locked to any host', ['lmdiag', 'viewer', '-c', lic]);
  step('The same, for a script', ['lmdiag', 'viewer', '-c', lic, '--json']);
  const acme = path.join(lic, 'acme.lic');
  writeFileSync(acme, readFileSync(acme, 'utf8').replace('cad 2.0 permanent 5', 'cad 2.0 permanent 50'));
  process.stdout.write('\n# Someone raises the cad seat count from 5 to 50 in the file...\n');
  step('...and the signature gives it away (exit 1)', ['lmdiag', 'cad', '-c', lic, '--pub', path.join(keys, 'acme.pub')], [1]);
  process.stdout.write('\nDemo finished.\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
