// Issue 7: "When a source in the license environment is a server that is not a
// licutil server and the vendor tools are installed (lmutil, rlmutil on PATH or
// --lmutil PATH), stat and lmdiag run them ... and show their answer through the
// same model, marked as coming from the vendor tool. Without them, say which
// tool would answer." A plain web server stands in for the foreign daemon and
// test/fixtures/bin/lmutil for FlexNet's tool.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';
import { at, plainHttpServer, type Listener } from './net-support.js';

const BIN_DIR = path.join(ROOT, 'test/fixtures/bin');
const LMUTIL = path.join(BIN_DIR, 'lmutil');
const SAMPLE = path.join(ROOT, 'test/fixtures/lmstat/lmstat_a_triad.txt');
// node is found through process.execPath, so PATH can leave the tools out
const BARE_PATH = '/usr/bin:/bin';

interface View {
  servers: Array<{ status: string; error: { kind: string | null; hint?: string } | null; server: { source?: { tool?: string } } | null; pools: Array<{ product: string; count: number; in_use: number }> }>;
  answered: number;
}

let web: Listener;
beforeAll(async () => {
  web = await plainHttpServer();
});
afterAll(async () => {
  await web.close();
});

describe('stat: a server that is not licutil, asked through the vendor tool', () => {
  it('--lmutil PATH: the tool answers through the same model, marked source.tool lmutil, exit 0', () => {
    const r = runJson<View>(['stat', '-c', at(web.port), '--lmutil', LMUTIL], { env: { FAKE_LMUTIL_OUTPUT: SAMPLE, PATH: BARE_PATH } });
    expect(r.code).toBe(0);
    expect(r.json.answered).toBe(1);
    const s = r.json.servers[0];
    expect(s?.status).toBe('up');
    expect(s?.server?.source?.tool).toBe('lmutil');
    // lmstat_a_triad.txt: "Users of sim_core:  (Total of 40 licenses issued;  Total of 12 licenses in use)"
    expect(s?.pools.find((p) => p.product === 'sim_core')).toMatchObject({ count: 40, in_use: 12 });
  });

  it('lmutil on PATH is found for a FlexNet-style source (--dialect flexlm); the table says "via lmutil"', () => {
    const r = runCli(['stat', '-c', at(web.port), '--dialect', 'flexlm'], { env: { FAKE_LMUTIL_OUTPUT: SAMPLE, PATH: `${BIN_DIR}:${BARE_PATH}` } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/via lmutil/);
    expect(r.stdout).toMatch(/sim_core/);
  });

  it('lmutil reaching no daemon (lmgrd is not running) is not an answer: the row stays down with its error, exit 69', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-vendor-'));
    const down = path.join(dir, 'down.txt');
    writeFileSync(
      down,
      [
        'lmutil - Copyright (c) 1989-2024 Flexera. All Rights Reserved.',
        'Flexible License Manager status on Mon 6/15/2026 12:00',
        '',
        `License server status: ${at(web.port)}`,
        '    License file(s) on 127.0.0.1: /opt/flexlm/license.dat:',
        '',
        'lmgrd is not running: Cannot connect to license server system. (-15,570:111 "Connection refused")',
        '',
      ].join('\n'),
    );
    const r = runJson<View & { servers: Array<{ error: { message: string } | null }> }>(['stat', '-c', at(web.port), '--lmutil', LMUTIL], { env: { FAKE_LMUTIL_OUTPUT: down, PATH: BARE_PATH } });
    expect(r.code).toBe(69);
    expect(r.json.servers[0]?.status).toBe('down');
    expect(r.json.servers[0]?.error?.message).toContain('-15,570:111');
  });

  it('without the tool: the row says which tool would answer, exit 69', () => {
    const r = runJson<View>(['stat', '-c', at(web.port), '--dialect', 'flexlm'], { env: { PATH: BARE_PATH } });
    expect(r.code).toBe(69);
    const s = r.json.servers[0];
    expect(s?.status).toBe('down');
    expect(s?.error?.kind).toBe('not-licutil');
    expect(s?.error?.hint).toContain(`lmutil lmstat -a -c ${at(web.port)}`);
    expect(s?.error?.hint).toContain('--lmutil PATH');
  });

  it('an RLM-style source names rlmutil', () => {
    const r = runCli(['stat', '-c', at(web.port), '--dialect', 'rlm'], { env: { PATH: BARE_PATH } });
    expect(r.code).toBe(69);
    expect(r.stdout).toContain(`rlmutil rlmstat -a -c ${at(web.port)}`);
  });
});

interface Lmdiag {
  features: Array<{ feature?: string; usable: boolean; reasons: Array<{ code: string; hint?: string }>; network?: { proof: string | null } }>;
  servers: Array<{ steps: Array<{ name: string; feature?: string; ok: boolean; detail: string; hint: string | null }> }>;
}

describe('lmdiag: a server that is not licutil gets a "vendor tool" step', () => {
  it('with lmutil: the step gives its verdict on the feature (present, issued, in use)', () => {
    const r = runJson<Lmdiag>(['lmdiag', 'sim_core', '-c', at(web.port), '--lmutil', LMUTIL], { env: { FAKE_LMUTIL_OUTPUT: SAMPLE, PATH: BARE_PATH } });
    expect(r.code).toBe(0);
    const steps = r.json.servers[0]?.steps ?? [];
    expect(steps.find((s) => s.name === 'hello')?.ok).toBe(false);
    const verdict = steps.find((s) => s.name === 'vendor tool' && s.feature === 'sim_core');
    expect(verdict?.ok).toBe(true);
    expect(verdict?.detail).toContain('40 issued, 12 in use');
    expect(r.json.features[0]?.network?.proof).toBe('vendor');
  });

  it('a feature the vendor tool does not list cannot be used, and says so', () => {
    const r = runJson<Lmdiag>(['lmdiag', 'nosuchfeature', '-c', at(web.port), '--lmutil', LMUTIL], { env: { FAKE_LMUTIL_OUTPUT: SAMPLE, PATH: BARE_PATH } });
    expect(r.code).not.toBe(0);
    expect(r.json.features[0]?.usable).toBe(false);
    expect(r.json.features[0]?.reasons.map((x) => x.code)).toContain('vendor_tool');
  });

  it('without the tool: the step says which tool would answer', () => {
    const r = runJson<Lmdiag>(['lmdiag', 'sim_core', '-c', at(web.port), '--dialect', 'flexlm'], { env: { PATH: BARE_PATH } });
    expect(r.code).not.toBe(0);
    const step = r.json.servers[0]?.steps.find((s) => s.name === 'vendor tool');
    expect(step?.ok).toBe(false);
    expect(step?.hint).toContain(`lmutil lmstat -a -c ${at(web.port)}`);
  });
});
