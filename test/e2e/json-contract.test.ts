// The --json contract (docs/json.md, issue 15): every command's document, from
// the built binary (against a real server on 127.0.0.1 where it needs one), is
// valid against its published JSON Schema in docs/schema/. The schemas are
// strict (additionalProperties: false), so a key added without its schema, a
// camelCase key or a second form of a value fails here.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_VERSIONS, type DocumentName } from '../../src/protocol/documents.js';
import { BIN, ROOT, runCli, type RunOptions } from '../helpers/cli.js';
import { demoLicense, eventually, killAll, startServer, type ServerHandle } from '../helpers/server.js';

const SCHEMA_DIR = path.join(ROOT, 'docs/schema');
const ajv = new Ajv2020({ strict: true, allErrors: true });
for (const f of readdirSync(SCHEMA_DIR)) ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMA_DIR, f), 'utf8')) as object);

const validated = new Set<string>();

/** Every "" in the document: a stand-in for "not given", which the contract writes null. */
function empties(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => empties(v, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (v === '' ? [`${at}.${k}`] : empties(v, `${at}.${k}`)));
}

function validatorOf(name: string): ValidateFunction {
  const v = ajv.getSchema(`${name}.schema.json`);
  if (!v) throw new Error(`no schema docs/schema/${name}.schema.json`);
  return v;
}

/** Keys whose names are data, not the contract's (a reason text, a configuration file's own keys). */
const FREE_FORM = new Set(['by_reason', 'config', 'layers']);

/** Every key of the document, with its path, outside the free-form objects. */
function keysOf(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysOf(v, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...(FREE_FORM.has(k) ? [] : keysOf(v, `${at}.${k}`))]);
}

/** Runs `licutil ARGS --json`, checks the document is `name`, valid against its schema and snake_case throughout. */
function check<T = Record<string, unknown>>(name: DocumentName, args: string[], opts: RunOptions = {}, code?: number): T {
  const r = runCli([...args, '--json'], opts);
  if (code !== undefined) expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
  let doc: { schema?: unknown; schema_version?: unknown };
  try {
    doc = JSON.parse(r.stdout) as typeof doc;
  } catch {
    throw new Error(`licutil ${args.join(' ')} --json printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  expect(Object.keys(doc).slice(0, 2), 'schema and schema_version come first').toEqual(['schema', 'schema_version']);
  expect(doc.schema).toBe(`licutil.${name}`);
  expect(doc.schema_version).toBe(DOCUMENT_VERSIONS[name]);
  const validate = validatorOf(name);
  expect(validate(doc) ? [] : validate.errors, `licutil ${args.join(' ')} --json against ${name}.schema.json`).toEqual([]);
  expect(keysOf(doc).filter((k) => !/\.[a-z0-9_]+$/.test(k)), 'snake_case keys').toEqual([]);
  validated.add(name);
  return doc as T;
}

const SITE = `HOST localhost any 5053
ISV acme
LICENSE acme cad 2.0 permanent 5 share=uh
LICENSE acme solver 3.1 31-dec-2099 2 exptime=18:00
LICENSE acme old 1.0 1-jan-2020 4
LICENSE acme viewer 1.0 permanent uncounted hostid=any
UPGRADE acme cad 1.0 3.0 permanent 5
LICENSE acme broken 1.0 32-foo-2020 3
`;

let dir: string;
const at = (f: string) => path.join(dir, f);
const local: RunOptions = {};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'licutil-json-'));
  mkdirSync(at('empty'));
  writeFileSync(at('site.lic'), SITE);
  writeFileSync(at('good.lic'), SITE.split('\n').filter((l) => !l.includes('broken')).join('\n'));
  Object.assign(local, { cwd: dir, env: { HOME: dir, TZ: 'UTC' } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the schemas', () => {
  it('one schema file per document name, and each names its version', () => {
    const files = readdirSync(SCHEMA_DIR).filter((f) => f !== 'common.schema.json').map((f) => f.replace('.schema.json', '')).sort();
    expect(files).toEqual(Object.keys(DOCUMENT_VERSIONS).sort());
    for (const [name, version] of Object.entries(DOCUMENT_VERSIONS)) {
      expect(readFileSync(path.join(SCHEMA_DIR, `${name}.schema.json`), 'utf8')).toContain(`"const": ${version}`);
    }
  });

  it('reject a key they do not list, and a second form of a value', () => {
    const doc = { schema: 'licutil.checkin', schema_version: 1, handle: 'h', server: null, held_seconds: 0, already_checked_in: true, reason: 'X' };
    const v = validatorOf('checkin');
    expect(v(doc)).toBe(true);
    expect(v({ ...doc, heldSeconds: 0 })).toBe(false);
    expect(v({ ...doc, held_seconds: '0' })).toBe(false);
    expect(validatorOf('status')({ schema: 'licutil.status', schema_version: 2, servers: [], answered: 0, total: 0 })).toBe(false);
  });
});

describe('documents of the commands that read files', () => {
  it('stat -i: expires is an instant or null, expiry_date a date, count a number or null', () => {
    const j = check<{ licenses: Array<Record<string, unknown>> }>('stat-local', ['stat', '-i', '-c', 'site.lic'], local, 65);
    const by = (p: string) => j.licenses.find((l) => l.product === p);
    expect(by('cad')).toMatchObject({ expires: null, expiry_date: null, permanent: true, count: 5, from_version: null });
    // exptime=18:00: the license ends at 18:00 on its last day, not at midnight
    expect(by('solver')).toMatchObject({ expires: '2099-12-31T18:00:00.000Z', expiry_date: '2099-12-31', permanent: false });
    expect(by('viewer')).toMatchObject({ count: null, type: 'uncounted' });
    expect(by('broken')).toMatchObject({ expires: null, expiry_date: null, permanent: false, status: 'bad_syntax' });
    expect(j.licenses.find((l) => l.kind === 'upgrade')).toMatchObject({ from_version: '1.0', version: '3.0' });
  });

  it('stat -i of a FlexLM PACKAGE line: its signature is "unchecked", not "unsigned" with an empty detail', () => {
    type Doc = { licenses: Array<{ kind: string; signature: { status: string; detail: string }; notes: Array<{ code: string }> }> };
    const j = check<Doc>('stat-local', ['stat', '-i', '-c', path.join(ROOT, 'test/fixtures/licenses/flexlm_packages_tabs.lic')], local, 0);
    expect(empties(j)).toEqual([]);
    const pkg = j.licenses.find((l) => l.kind === 'package');
    // the line carries a vendor SIGN=: "the license carries no signature" would be false
    expect(pkg?.signature).toEqual({ status: 'unchecked', detail: expect.stringMatching(/PACKAGE/) as unknown });
    expect(pkg?.notes.map((n) => n.code)).not.toContain('unsigned');
  });

  it('stat --from: a name or version the vendor text does not print is null, never ""', () => {
    type Doc = { servers: Array<{ server: { version: string | null }; pools: Array<{ product: string; isv: string | null; version: string | null }> }> };
    // lmstat prints a feature's version only on its checkout lines: sim_post has none
    const lm = check<Doc>('status', ['stat', '--from', 'lmstat', path.join(ROOT, 'test/fixtures/lmstat/lmstat_a_triad.txt')], local, 0);
    expect(empties(lm)).toEqual([]);
    expect(lm.servers[0]?.pools.find((p) => p.product === 'sim_post')).toMatchObject({ isv: 'simlabd', version: null });
    // rlmstat without its header block names no server version, and one product no ISV
    const rlm = check<Doc>('status', ['stat', '--from', 'rlmstat', path.join(ROOT, 'test/fixtures/rlmstat/rlmstat_no_headers_v12.txt')], local, 0);
    expect(empties(rlm)).toEqual([]);
    expect(rlm.servers[0]?.server.version).toBeNull();
    expect(rlm.servers[0]?.pools.find((p) => p.product === 'aero3d-mesh')?.isv).toBeNull();
  });

  it('lmdiag, env, hostid, explain', () => {
    check('lmdiag', ['lmdiag', '-c', 'good.lic', 'cad', 'nosuch'], local, 1);
    check('env', ['env', '-c', 'good.lic'], local, 0);
    // no source at all: the env document says why, with its error
    check('env', ['env'], { ...local, cwd: at('empty') }, 66);
    check('hostid', ['hostid'], local, 0);
    check('explain', ['explain', '-15,570:115'], local, 0);
    check('explain', ['explain', 'LICUTIL_E_EXPIRED'], local, 0);
    check('explain', ['explain', 'NOSUCH_CODE'], local, 1);
  });

  it('sign keygen, sign (dry run and in place), sign --verify', () => {
    check('sign-keygen', ['sign', 'keygen', '--isv', 'acme', '--out', 'keys'], local, 0);
    writeFileSync(at('tosign.lic'), SITE.split('\n').filter((l) => !l.includes('broken')).join('\n'));
    const dry = check<{ dry_run: boolean; files: Array<{ diff: string | null }> }>('sign', ['sign', '--key', 'keys/acme.key', 'tosign.lic', '-n'], local, 0);
    expect(dry.files[0]?.diff).toMatch(/^--- /);
    const real = check<{ dry_run: boolean; files: Array<{ diff: string | null }> }>('sign', ['sign', '--key', 'keys/acme.key', 'tosign.lic'], local, 0);
    expect(real.files[0]?.diff).toBeNull();
    const v = check<{ licenses: Array<{ end_line: number; key_path: string | null }> }>('sign-verify', ['sign', '--verify', '--pub', 'keys/acme.pub', 'tosign.lic', 'good.lic'], local, 0);
    expect(v.licenses.some((l) => l.key_path !== null)).toBe(true);
  });

  it('report, serve --check-config, and an error as JSON', () => {
    const logs = path.join(ROOT, 'test/fixtures/logs');
    check('usage-report', ['report', ...readdirSync(logs).map((f) => path.join(logs, f))], local, 0);
    check('serve-check-config', ['serve', '--check-config', path.join(ROOT, 'test/fixtures/config/instance-1.cfg')], local, 0);
    const bad = check<{ effective: unknown }>('serve-check-config', ['serve', '--check-config', path.join(ROOT, 'test/fixtures/config/bad/cycle-a.cfg')], local, 78);
    expect(bad.effective).toBeNull();
    const e = check<{ error: { code: string; exit_status: number } }>('error', ['stat', '-i', '-c', 'nosuch.lic'], local, 66);
    expect(e.error).toMatchObject({ code: 'LICUTIL_E_NO_SOURCE', exit_status: 66 });
  });
});

describe('documents of the commands that ask a server', () => {
  let s: ServerHandle;
  let C: string[];
  beforeAll(async () => {
    s = await startServer({
      licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 3 min_remove=0', 'LICENSE demo solo 2.0 31-dec-2099 1 min_remove=0']) },
    });
    C = ['-c', `${s.port}@127.0.0.1`];
  });
  afterAll(killAll);

  it('checkout --detach, heartbeat, checkin twice', () => {
    const co = check<{ ref: string; id: number | null }>('checkout', ['checkout', 'seat', '--detach', ...C], local, 0);
    expect(co.id).toEqual(expect.any(Number));
    check('heartbeat', ['heartbeat', co.ref], local, 0);
    check('checkin', ['checkin', co.ref], local, 0);
    const again = check<{ already_checked_in: boolean }>('checkin', ['checkin', co.ref], local, 0);
    expect(again.already_checked_in).toBe(true);
  });

  it('stat -a with a waiter that asked no version, stat --from lmstat and rlmstat, a server down', async () => {
    const held = runCli(['checkout', 'solo', '--detach', ...C], local);
    expect(held.code).toBe(0);
    const ctl = new AbortController();
    const waiting = s.api('POST', '/v1/checkout', { product: 'solo', user: 'gina', host: 'ws7', pid: 7, wait: 60 }, {}, ctl.signal).catch(() => null);
    type Status = { servers: Array<{ queues: Array<{ waiters: Array<{ requested_version: string | null; pid: number | null }> }> }> };
    const j = await eventually(async () => {
      const d = check<Status>('status', ['stat', '-a', ...C], local, 0);
      return (d.servers[0]?.queues[0]?.waiters.length ?? 0) > 0 ? d : undefined;
    });
    expect(j.servers[0]?.queues[0]?.waiters[0]).toMatchObject({ requested_version: null, pid: 7 });
    // no "0" for the version nobody asked: not in the table, not in the vendor layouts
    const table = runCli(['stat', '-a', ...C], local).stdout;
    expect(table).toMatch(/^\s*1\s+solo\s+any\s+gina\s/m);
    const lm = runCli(['stat', '-a', '--format', 'lmstat', '--tz', 'UTC', ...C], local).stdout;
    expect(lm).toMatch(/gina ws7 ws7 2\.0 \(v2\.0\) .* queued for 1 license/);
    expect(lm).not.toMatch(/\(v0\)/);
    const rlm = runCli(['stat', '-a', '--format', 'rlmstat', '--tz', 'UTC', ...C], local).stdout;
    expect(rlm).toMatch(/solo v2\.0: gina@ws7 1 queued/);
    expect(rlm).not.toMatch(/ v0:/);
    writeFileSync(at('lmstat.txt'), lm);
    writeFileSync(at('rlmstat.txt'), rlm);
    check('status', ['stat', '--from', 'lmstat', 'lmstat.txt', '--tz', 'UTC'], local, 0);
    check('status', ['stat', '--from', 'rlmstat', 'rlmstat.txt', '--tz', 'UTC'], local, 0);
    ctl.abort();
    await waiting;
    check('status', ['stat', '-c', `${s.port}@127.0.0.1:1@127.0.0.1`], local, 0);
  });

  it('lmdiag -n, reread, remove by handle and by feature user host', () => {
    check('lmdiag', ['lmdiag', '-n', 'seat', ...C], local, 0);
    check('reread', ['reread', ...C], local, 0);
    const a = runCli(['checkout', 'seat', '--detach', ...C], local).stdout.trim();
    const handle = a.split('@')[0] ?? '';
    const byHandle = check<{ removed: Array<{ product: string | null }> }>('remove', ['remove', handle, ...C], local, 0);
    expect(byHandle.removed[0]?.product).toBeNull();
    runCli(['checkout', 'seat', '--detach', ...C], { ...local, env: { ...local.env, USER: 'zed', LOGNAME: 'zed' } });
    const st = check<{ servers: Array<{ pools: Array<{ checkouts: Array<{ user: string; host: string }> }> }> }>('status', ['stat', '-a', '-f', 'seat', ...C], local, 0);
    const c = st.servers[0]?.pools[0]?.checkouts[0];
    if (!c) throw new Error('no checkout of seat to remove');
    check('remove', ['remove', 'seat', c.user, c.host, ...C], local, 0);
  });

  it('down -q, last', () => {
    check('down', ['down', '-q', ...C], local, 0);
  });
});

describe('serve --json', () => {
  it('keeps standard output for the one document it prints when stopped; the ready line goes to stderr', async () => {
    writeFileSync(at('serve.lic'), demoLicense(['LICENSE demo seat 1.0 permanent 1']));
    const proc = spawn(process.execPath, [BIN, 'serve', 'serve.lic', '--port', '0', '--bind', '127.0.0.1', '--state-dir', at('state'), '--json'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
    proc.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const ended = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    await eventually(async () => (/^listening on http:\/\/127\.0\.0\.1:\d+$/m.test(err) ? true : undefined), 20_000);
    proc.kill('SIGTERM');
    expect(await ended).toBe(0);
    const doc = JSON.parse(out) as unknown;
    const v = validatorOf('serve');
    expect(v(doc) ? [] : v.errors).toEqual([]);
    expect(doc).toMatchObject({ schema: 'licutil.serve', stopped: expect.stringMatching(/SIGTERM/) as unknown });
    validated.add('serve');
  });
});

describe('coverage', () => {
  it('every document was validated above', () => {
    expect([...validated].sort()).toEqual(Object.keys(DOCUMENT_VERSIONS).sort());
  });
});
