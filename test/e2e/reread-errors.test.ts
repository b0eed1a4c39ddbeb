// reread when the new license file has a syntax error (issue 15, "Bad input"):
// what changed comes first, the errors next and even under -q, and the exit is
// 65 (LICUTIL_E_LICENSE_SYNTAX) so a script notices.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { demoLicense, killAll, startServer } from '../helpers/server.js';
import { at } from './net-support.js';

afterAll(killAll);

interface RereadJson {
  servers: Array<{ ok: boolean; result: { added: Array<{ product: string }>; errors?: string[]; messages: string[] } | null }>;
}

describe('reread of a file with errors', () => {
  it('shows the diff, then the errors, and exits 65; -q still shows the errors', async () => {
    const s = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 2']) } });
    writeFileSync(
      path.join(s.dir, 'demo.lic'),
      demoLicense(['LICENSE demo seat 1.0 permanent 2', 'LICENSE demo fresh 1.0 permanent 3', 'LICENSE demo broken 1.0 31-feb-2030 2']),
    );
    const text = runCli(['reread', '-c', at(s)]);
    expect(text.code).toBe(65);
    const lines = text.stdout.split('\n');
    const added = lines.findIndex((l) => /\+ added\s+demo fresh/.test(l));
    const firstError = lines.findIndex((l) => /^\s+error:/.test(l));
    const firstNote = lines.findIndex((l) => /^\s+note:/.test(l));
    expect(added).toBeGreaterThan(0);
    expect(firstError).toBeGreaterThan(added);
    if (firstNote >= 0) expect(firstNote).toBeGreaterThan(firstError);

    const j = runJson<RereadJson>(['reread', '-c', at(s)]);
    expect(j.code).toBe(65);
    const res = j.json.servers[0]?.result;
    expect(res?.added).toEqual([]); // the text reread above already took it in
    expect(res?.errors?.length).toBeGreaterThan(0);

    const quiet = runCli(['reread', '-q', '-c', at(s)]);
    expect(quiet.code).toBe(65);
    expect(quiet.stdout).toMatch(/^\s+error:/m);
    expect(quiet.stdout).not.toMatch(/note:/);
    await s.stop();
  });
});
