// `npm run demo`: the main job on the shipped samples, in a temporary directory,
// showing each command as a user would type it and what it answers.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

function title(text) {
  process.stdout.write(`\n\u001b[1m# ${text}\u001b[0m\n`);
}

// A command left running while the demo goes on (the server, a queued checkout).
function background(args) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise((resolve) => child.on('exit', (code) => resolve({ code, out: () => out })));
  return { child, done, out: () => out };
}

async function startServer(args) {
  const server = background(args);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /listening on https?:\/\/[^\s:]+:(\d+)/.exec(server.out());
    if (m) return { ...server, port: Number(m[1]) };
    if (server.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the demo server did not start:\n${server.out()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server;
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
  const signed = readFileSync(acme, 'utf8');
  writeFileSync(acme, signed.replace('cad 2.0 permanent 5', 'cad 2.0 permanent 50'));
  process.stdout.write('\n# Someone raises the cad seat count from 5 to 50 in the file...\n');
  step('...and the signature gives it away (exit 1)', ['lmdiag', 'cad', '-c', lic, '--pub', path.join(keys, 'acme.pub')], [1]);
  writeFileSync(acme, signed);

  title('A license server on the signed file (any free port, state in $DEMO/state)');
  const pub = path.join(keys, 'acme.pub');
  server = await startServer(['serve', acme, '--port', '0', '--bind', '127.0.0.1', '--state-dir', path.join(work, 'state'), '--pub', pub, '--require-signatures']);
  const at = `${server.port}@127.0.0.1`;
  process.stdout.write(server.out().split('\n').filter((l) => /listening|not served/.test(l)).map((l) => l.replace(work, '$DEMO')).join('\n') + '\n');
  step('lmdiag now walks the network: resolve, connect, hello, pools, a test checkout', ['lmdiag', 'cad', '-c', at]);
  step('Hold a seat while a command runs; the seat comes back when it ends', ['checkout', 'cad', '-c', at, '--', process.execPath, '-e', "console.log('working with seat', process.env.LICUTIL_HANDLE); process.exit(3)"], [3]);
  const held = step('A CI step takes the only render seat and keeps it', ['checkout', 'render', '--detach', '-c', at]);
  const ref = held.stdout.trim();
  title('Another job asks for render and waits in the queue (in the background)');
  process.stdout.write(`$ licutil checkout render --wait 1m -c ${at} -- node -e "..." &\n`);
  const waiter = background(['checkout', 'render', '--wait', '1m', '-c', at, '--', process.execPath, '-e', "console.log('render seat granted to the waiting job')"]);
  await sleep(1500);
  step('The queue is visible, with positions', ['stat', '-c', at, '-f', 'render']);
  step('The first job returns its seat...', ['checkin', ref]);
  const w = await waiter.done;
  process.stdout.write(`...and the waiting job gets it at once:\n${w.out()}(exit ${w.code})\n`);
  step('The same status in the layout of lmutil lmstat -a, for old scripts', ['stat', '-c', at, '--format', 'lmstat']);
  step('Stop the server', ['down', '-q', '-c', at]);
  await server.done;
  server = undefined;
  // the server keeps denials in a file of their own, so a flood of them never rotates grants out
  const logs = ['report.ndjson', 'denials.ndjson'].map((f) => path.join(work, 'state', f)).filter((f) => existsSync(f));
  step("What the server's own report logs say: peaks, hours, who waited, who was denied (-c gives the issued counts)", ['report', ...logs, '-c', lic, '--tz', 'UTC']);
  step('The same per user, as CSV for a spreadsheet', ['report', ...logs, '--by', 'user', '--csv']);
  process.stdout.write('\nDemo finished.\n');
} finally {
  if (server) server.child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
