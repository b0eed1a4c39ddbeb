// Issue 14, "Files the server trusts": a configuration `include` of a file that
// is not a configuration (a key, a password file, a secrets file) must not
// echo its text in --check-config, the server's errors, its log or the remote
// API's answers (reload, log_get). Each file below holds a unique token; it
// must appear nowhere. Against the built binary and a real `licutil serve` on
// 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_BIN } from '../helpers/server.js';
import { connectRemote } from '../e2e/remote-client.js';
import { demoLic, startConfigServer, stopAllConfigServers, writeFiles } from '../e2e/remote-server.js';

afterAll(stopAllConfigServers);

function cli(args: string[], cwd: string): { code: number; out: string } {
  const r = spawnSync(process.execPath, [SERVER_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { code: r.status ?? 128, out: `${r.stdout}\n${r.stderr}` };
}

const token = () => `tok${randomBytes(12).toString('hex')}`;

/** Secret files as people keep them; each places the token where the reader first stumbles or later. */
const shapes: Array<[string, (t: string) => string]> = [
  ['a bare token', (t) => `${t}\n`],
  ['KEY=VALUE lines', (t) => `AWS_ACCESS_KEY_ID=AKIA0000\nAWS_SECRET_ACCESS_KEY=${t}\n`],
  ['a PEM private key', (t) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${t}\n-----END OPENSSH PRIVATE KEY-----\n`],
  ['an unterminated quote', (t) => `"${t}\n`],
  ['a name with a colon and no value', (t) => `${t}:\n`],
  ['an INI section', (t) => `[default]\npassword = ${t}\n`],
  ['a number then the token', (t) => `12 ${t}\n`],
];

describe('an include of a file that is not a configuration', () => {
  it.each(shapes)('%s: --check-config (text and --json) and serve name the file and line, never its text', (_, make) => {
    const t = token();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-secret-'));
    writeFiles(dir, { 'secret.txt': make(t), 'license.cfg': 'bind_addr: "127.0.0.1:0",\ninclude "secret.txt",\nlicenses: []\n' });
    const check = cli(['serve', '--check-config', 'license.cfg'], dir);
    expect(check.out).not.toContain(t);
    expect(check.code).toBe(78);
    expect(check.out).toContain(`${path.join(dir, 'secret.txt')}:`);
    // a file opening with '[' is told it is not an array, which quotes nothing either
    expect(check.out).toMatch(/does not read as a configuration|holds properties \(name: value\), not an array/);
    expect(check.out).not.toContain(t);
    const json = cli(['serve', '--check-config', 'license.cfg', '--json'], dir);
    expect(json.code).toBe(78);
    expect(json.out).not.toContain(t);
    const serve = cli(['serve', '--config', 'license.cfg', '--state-dir', path.join(dir, 'state')], dir);
    expect(serve.code).toBe(78);
    expect(serve.out).toMatch(/does not read as a configuration|not an array/);
    expect(serve.out).not.toContain(t);
  });

  it('a configuration file included is still reported in full (its errors quote it)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-secret-'));
    writeFiles(dir, { 'part.cfg': 'log_options: "license.level=info",\nbroken: ]\n', 'license.cfg': 'include "part.cfg",\nlicenses: []\n' });
    const check = cli(['serve', '--check-config', 'license.cfg'], dir);
    expect(check.code).toBe(78);
    expect(check.out).toContain("part.cfg:2:9: expected a value, found ']'");
  });

  it('a reload that meets one: the remote API answer, log_get and the server log carry no byte of it', async () => {
    const s = await startConfigServer({ config: 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", licenses: ["a.lic"]', files: { 'a.lic': demoLic(['LICENSE demo seat 1.0 permanent 1']) } });
    const c = await connectRemote(s.wsUrl as string);
    const t = token();
    writeFileSync(path.join(s.dir, 'keys.env'), `DB_PASSWORD=${t}\n`);
    writeFileSync(path.join(s.dir, 'license.cfg'), 'bind_addr: "127.0.0.1:0", com_addr: "127.0.0.1:0", licenses: ["a.lic"],\ninclude "keys.env"\n');
    const reload = await c.request({ message: 'reload' });
    const logs = await c.request({ message: 'log_get', max: 10_000, timeout: 0.2 });
    const all = JSON.stringify([reload, logs, c.received]) + s.stdout() + s.stderr();
    expect(all).not.toContain(t);
    expect(JSON.stringify(reload)).toMatch(/does not read as a configuration/);
    // and the HTTP reread of an administrator on this machine
    const rr = await s.api('POST', '/v1/reread', {});
    expect(JSON.stringify(rr.json)).not.toContain(t);
    await c.close();
    await s.stop();
    expect(s.stdout() + s.stderr()).not.toContain(t);
  });
});
