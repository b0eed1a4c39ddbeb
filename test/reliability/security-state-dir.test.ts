// Issue 14, "Files the server trusts": whoever can write the state directory
// can plant a link where the server writes (the journal's torn-tail repair
// truncated the file a planted journal.ndjson pointed at to 0 bytes) or forge
// the journal it restores. The server refuses a state directory others can
// write or do not own, and any entry in it that is not a plain file of its own,
// and opens its files with O_NOFOLLOW. The log file of a configuration's
// log_filename is held to the same rule. Against a real `licutil serve` on
// 127.0.0.1; the ownership cases need root (to give a directory to another uid).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT, demoLicense, killAll, startServer, tempDir, writeLicenses } from '../helpers/server.js';

afterAll(killAll);

const isRoot = process.getuid?.() === 0;
const OTHER_UID = 54_321;

/** A directory with a license file and an empty state directory of mode 0700. */
function site(): { dir: string; state: string } {
  const dir = tempDir('licutil-statedir-');
  writeLicenses(dir, { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3']) });
  const state = path.join(dir, 'state');
  mkdirSync(state, { mode: 0o700 });
  return { dir, state };
}

/** What a server started on `dir` says when it refuses to start; 'started' when it did start. */
async function refusal(dir: string, args: string[] = []): Promise<string> {
  try {
    const s = await startServer({ dir, files: ['demo.lic'], readyMs: 20_000, args });
    await s.stop();
    return 'started';
  } catch (e) {
    return (e as Error).message;
  }
}

function expectConfigError(message: string, ...parts: string[]): void {
  expect(message).toMatch(/server exited \(78\) before it was ready/);
  for (const p of parts) expect(message).toContain(p);
  expect(message).not.toMatch(/bug in licutil|\n\s+at /);
}

describe('the state directory must be the server user’s alone', () => {
  it.each([
    ['0770', 'its group'],
    ['0777', 'every user'],
    ['1777', 'every user'],
  ])('mode %s: refused (exit 78), naming the directory and the chmod that fixes it', async (mode, who) => {
    const { dir, state } = site();
    chmodSync(state, parseInt(mode, 8));
    expectConfigError(await refusal(dir), `the state directory ${state} is writable by ${who}`, `chmod 700 ${state}`);
    chmodSync(state, 0o700);
    expect(await refusal(dir)).toBe('started');
  });

  it.skipIf(!isRoot)('owned by another user: refused, naming the owner and the chown that fixes it', async () => {
    const { dir, state } = site();
    chownSync(state, OTHER_UID, OTHER_UID);
    expectConfigError(await refusal(dir), `the state directory ${state} is owned by uid ${OTHER_UID}, not by the user this server runs as`, `chown 0 ${state}`);
  });

  it.skipIf(!isRoot)('a directory above it that another user owns: refused (its owner could swap the state directory)', async () => {
    const { dir, state } = site();
    chownSync(dir, OTHER_UID, OTHER_UID);
    expectConfigError(await refusal(dir), `${dir}, a directory above the state directory ${state}, is owned by uid ${OTHER_UID}`);
  });
});

describe('nothing is written through a planted link', () => {
  // a file the attacker wants destroyed: no line break, so a torn-tail repair would cut all of it
  const precious = 'precious bytes that are not a journal';

  it.each(['journal.ndjson', 'journal.ndjson.tmp', 'report.ndjson', 'report.ndjson.1', 'denials.ndjson', 'server.lock'])(
    'a symbolic link at %s: refused (exit 78) naming it; the file it points at is unchanged',
    async (name) => {
      const { dir, state } = site();
      const target = path.join(dir, 'precious.txt');
      writeFileSync(target, precious);
      symlinkSync(target, path.join(state, name));
      expectConfigError(await refusal(dir), `${path.join(state, name)} is a symbolic link`, `rm ${path.join(state, name)}`);
      expect(readFileSync(target, 'utf8')).toBe(precious);
    },
  );

  it('a link of another name (not one the server writes) is left alone', async () => {
    const { dir, state } = site();
    symlinkSync(path.join(dir, 'demo.lic'), path.join(state, 'notes'));
    expect(await refusal(dir)).toBe('started');
  });

  it('a hard link at report.ndjson: refused; the other name keeps its bytes', async () => {
    const { dir, state } = site();
    const target = path.join(dir, 'precious.txt');
    writeFileSync(target, precious);
    linkSync(target, path.join(state, 'report.ndjson'));
    expectConfigError(await refusal(dir), `${path.join(state, 'report.ndjson')} has 2 hard links`);
    expect(readFileSync(target, 'utf8')).toBe(precious);
  });

  it('a state directory that is itself a link to a directory of the server’s own is used (the real directory is checked)', async () => {
    const dir = tempDir('licutil-statedir-');
    writeLicenses(dir, { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3']) });
    const real = path.join(dir, 'real-state');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, path.join(dir, 'state'));
    const s = await startServer({ dir, files: ['demo.lic'] });
    expect((await s.api('POST', '/v1/checkout', { product: 'seat', user: 'u', host: 'h', pid: 1 })).status).toBe(200);
    await s.stop();
    expect(readFileSync(path.join(real, 'journal.ndjson'), 'utf8')).toContain('"t":"grant"');
    chmodSync(real, 0o777);
    expectConfigError(await refusal(dir), `is writable by every user`, `chmod 700`);
  });
});

describe('no state directory under /tmp is suggested', () => {
  it('serve --help, its man page and the README name none', () => {
    const help = runCli(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--state-dir');
    const texts = [help.stdout, readFileSync(path.join(ROOT, 'man/licutil-serve.1'), 'utf8'), readFileSync(path.join(ROOT, 'README.md'), 'utf8')];
    for (const t of texts) expect(t).not.toMatch(/state[^\n]{0,80}\/tmp|\/tmp[^\n]{0,80}state/i);
    expect(help.stdout).toMatch(/root: \/var\/lib\/licutil/);
  });
});

describe('the log file of log_filename is held to the same rule', () => {
  const precious = 'precious bytes that are not a log';

  /** A site whose configuration sends the debug log to `logs/license.log` (mode 0755 directory). */
  function logSite(): { dir: string; logs: string; log: string; args: string[] } {
    const { dir } = site();
    const logs = path.join(dir, 'logs');
    mkdirSync(logs, { mode: 0o755 });
    chmodSync(logs, 0o755);
    writeFileSync(path.join(dir, 'license.cfg'), 'log_filename: "logs/license.log"\n');
    return { dir, logs, log: path.join(logs, 'license.log'), args: ['--config', path.join(dir, 'license.cfg')] };
  }

  it('a file of its own is written; so is one in a sticky directory others can write (as /tmp)', async () => {
    const { dir, logs, log, args } = logSite();
    expect(await refusal(dir, args)).toBe('started');
    expect(readFileSync(log, 'utf8')).toMatch(/^# licutil .* license server on /);
    chmodSync(logs, 0o1777);
    expect(await refusal(dir, args)).toBe('started');
  });

  it('a symbolic link at its name: refused (exit 78) naming it and the rm; the file it points at is unchanged', async () => {
    const { dir, log, args } = logSite();
    const target = path.join(dir, 'precious.txt');
    writeFileSync(target, precious);
    symlinkSync(target, log);
    expectConfigError(await refusal(dir, args), `the log file ${log} (log_filename) is a symbolic link`, `rm ${log}`);
    expect(readFileSync(target, 'utf8')).toBe(precious);
  });

  it('a hard link or a FIFO at its name: refused, naming what it is', async () => {
    const a = logSite();
    const target = path.join(a.dir, 'precious.txt');
    writeFileSync(target, precious);
    linkSync(target, a.log);
    expectConfigError(await refusal(a.dir, a.args), `the log file ${a.log} (log_filename) has 2 hard links`);
    expect(readFileSync(target, 'utf8')).toBe(precious);
    const b = logSite();
    execFileSync('mkfifo', [b.log]);
    expectConfigError(await refusal(b.dir, b.args), `the log file ${b.log} (log_filename) is not a regular file`);
  });

  it('a log file others can write: refused with the chmod that fixes it', async () => {
    const { dir, log, args } = logSite();
    writeFileSync(log, '');
    chmodSync(log, 0o666);
    expectConfigError(await refusal(dir, args), `the log file ${log} (log_filename) is writable by every user (mode 0666)`, `chmod go-w ${log}`);
    chmodSync(log, 0o640);
    expect(await refusal(dir, args)).toBe('started');
  });

  it('its directory writable by others and not sticky: refused, naming the directory', async () => {
    const { dir, logs, args } = logSite();
    chmodSync(logs, 0o777);
    expectConfigError(await refusal(dir, args), `${logs}, a directory above the log file`, 'is writable by others and not sticky (mode 0777)', `chmod go-w ${logs}`);
  });

  it('its directory reached through a symbolic link: the real directories above it are held to the rule too; a good one is written', async () => {
    const { dir, args } = logSite();
    // logs -> open/real-logs, where `open` (mode 0777, not sticky) lets anyone swap real-logs
    const open = path.join(dir, 'open');
    const real = path.join(open, 'real-logs');
    mkdirSync(real, { recursive: true, mode: 0o755 });
    chmodSync(open, 0o777);
    execFileSync('rmdir', [path.join(dir, 'logs')]);
    symlinkSync(real, path.join(dir, 'logs'));
    expectConfigError(await refusal(dir, args), `${open}, a directory above the log file`, 'is writable by others and not sticky (mode 0777)', `chmod go-w ${open}`);
    // the same link to a directory nobody else can change (a /var/log moved to a data disk): started
    chmodSync(open, 0o755);
    expect(await refusal(dir, args)).toBe('started');
    expect(readFileSync(path.join(real, 'license.log'), 'utf8')).toMatch(/^# licutil .* license server on /);
  });

  it('its directory missing: refused at start, saying so', async () => {
    const { dir, args } = logSite();
    writeFileSync(path.join(dir, 'license.cfg'), 'log_filename: "nowhere/license.log"\n');
    expectConfigError(await refusal(dir, args), `cannot use the log file ${path.join(dir, 'nowhere', 'license.log')} (log_filename)`);
  });

  it.skipIf(!isRoot)('a log file or a directory above it that another user owns: refused', async () => {
    const a = logSite();
    writeFileSync(a.log, '');
    chownSync(a.log, OTHER_UID, OTHER_UID);
    expectConfigError(await refusal(a.dir, a.args), `the log file ${a.log} (log_filename) is owned by uid ${OTHER_UID}`);
    const b = logSite();
    chownSync(b.logs, OTHER_UID, OTHER_UID);
    expectConfigError(await refusal(b.dir, b.args), `${b.logs}, a directory above the log file ${b.log} (log_filename), is owned by uid ${OTHER_UID}`);
  });
});
