// The built binary: `licutil hostid` and its lmhostid/rlmhostid aliases on this machine.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';

interface HostidJson {
  type: string;
  hostname: string;
  ethernet: string[];
  ip: string[];
  user: string;
  platform: string;
  virtual_machine: { detected: boolean | null; evidence: string | null };
  hostids: Array<{ form: string; value: string; hostid: string }>;
}

describe('licutil hostid (e2e)', () => {
  it('--json has the documented shape and this host name', () => {
    const { code, json } = runJson<HostidJson>(['hostid']);
    expect(code).toBe(0);
    expect(json.type).toBe('all');
    expect(json.hostname).toBe(os.hostname());
    expect(Array.isArray(json.ethernet)).toBe(true);
    for (const e of json.ethernet) expect(e).toMatch(/^[0-9a-f]{12}$/);
    expect(Array.isArray(json.ip)).toBe(true);
    expect(typeof json.user).toBe('string');
    expect(json.platform).toMatch(/^[a-z0-9]+_[a-z]+$/);
    expect([true, false, null]).toContain(json.virtual_machine.detected);
    expect(json.virtual_machine.evidence === null || typeof json.virtual_machine.evidence === 'string').toBe(true);
    expect(json.hostids).toContainEqual({ form: 'host', value: os.hostname(), hostid: `host=${os.hostname()}` });
    for (const e of json.ethernet) expect(json.hostids).toContainEqual({ form: 'ethernet', value: e, hostid: e });
  });

  it('prints the rlmhostid line and the VM verdict', () => {
    const r = runCli(['hostid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Hostid of this machine: /);
    expect(r.stdout).toContain(`host=${os.hostname()}`);
    expect(r.stdout).toMatch(/^Platform: {8}\S+/m);
    expect(r.stdout).toMatch(/^Virtual machine: (yes|no|cannot tell)/m);
  });

  it('lmhostid -n and rlmhostid -q print only the hostids', () => {
    const { json } = runJson<HostidJson>(['hostid']);
    const all = json.hostids.map((h) => h.hostid).join(' ');
    for (const args of [['lmhostid', '-n'], ['rlmhostid', '-q']]) {
      const r = runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(all);
    }
  });

  it('TYPE narrows the list (rlmhostid host, lmhostid hostname)', () => {
    for (const type of ['host', 'hostname']) {
      const { code, json } = runJson<HostidJson>(['lmhostid', type]);
      expect(code).toBe(0);
      expect(json.type).toBe('host');
      expect(json.hostids.map((h) => h.form)).toEqual(['host']);
    }
  });

  it('an unknown TYPE is a usage error', () => {
    const r = runCli(['hostid', 'dongle']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Choices/);
    expect(r.stdout).toBe('');
  });
});
