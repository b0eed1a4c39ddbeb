// `licutil explain` through its run() and through yargs as program.ts wires
// commands (strict, populate--), so dash-led codes such as -15,570:115 reach it.
import { describe, expect, it } from 'vitest';
import type { GlobalArgs } from '../../../src/cli/args/global.js';
import type { CliContext, CommandOutput } from '../../../src/cli/common/command.js';
import type { ExplainArgs } from '../../../src/cli/commands/explain/args.js';
import { explainCommand } from '../../../src/cli/commands/explain/command.js';
import { parseWithYargs } from '../../../src/cli/program.js';
import { makeRenderer } from '../../../src/cli/output/renderer.js';
import type { Explanation } from '../../../src/legacy/error-tables/index.js';

const ctx: CliContext = {
  env: {},
  cwd: '/',
  platform: 'linux',
  now: () => new Date('2026-06-15T12:00:00Z'),
  binDir: '/',
  interactive: false,
};

/** Parse argv as the program does (program.ts, every command registered), then run explain. */
async function cli(argv: string[]): Promise<{ out: CommandOutput; text: string }> {
  const line = await parseWithYargs(argv);
  if (!line) throw new Error('no command ran');
  const out = await line.command.run(line.args, ctx);
  return { out, text: out.human(makeRenderer(false)) };
}

function run(args: Partial<ExplainArgs>): Promise<CommandOutput> {
  const base: GlobalArgs = { json: false, color: false, quiet: false };
  return explainCommand.run({ ...base, ...args } as ExplainArgs, ctx);
}

describe('explain run()', () => {
  it('explains -15 (FlexNet by default) with its causes and checks', async () => {
    const out = await run({ code: '-15' });
    expect(out.exitCode).toBe(0);
    const json = out.json as Explanation;
    expect(json).toMatchObject({ dialect: 'flexlm', code: '-15', name: 'LM_CANTCONNECT', title: 'Cannot connect to license server system.' });
    expect(json.equivalents.licutil).toContain('LICUTIL_E_UNAVAILABLE');
    const text = out.human(makeRenderer(false));
    expect(text).toContain('FlexNet -15 (LM_CANTCONNECT): Cannot connect to license server system.');
    expect(text).toContain('What to check');
    expect(text).toContain('With --rlm, -15 is RLM_EL_REMOVED');
  });

  it('-3 with --rlm is RLM_EL_EXPIRED, and names the FlexNet and licutil equivalents', async () => {
    const out = await run({ code: '-3', rlm: true });
    const json = out.json as Explanation;
    expect(json).toMatchObject({ dialect: 'rlm', name: 'RLM_EL_EXPIRED' });
    expect(json.equivalents).toMatchObject({ licutil: ['LICUTIL_E_EXPIRED'], flexlm: ['-10 (LM_LONGGONE)'] });
  });

  it('the global --dialect rlm works like --rlm', async () => {
    expect(((await run({ code: '-22', dialect: 'rlm' })).json as Explanation).name).toBe('RLM_EL_ALLINUSE');
  });

  it('an unknown code exits 1 (nothing matched; no license data is wrong), says "unknown code" and names the nearest', async () => {
    const out = await run({ code: '-250' });
    expect(out.exitCode).toBe(1);
    expect(out.json).toEqual({ schema: 'licutil.explain', schema_version: 1, input: '-250', known: false, nearest: ['-194 (LM_MAXLIMIT_EXCEED)', '-193 (LM_VM_BAD_KEY)', '-192 (LM_VM_NOT_SUPPORT)'] });
    expect(out.messages?.[0]?.text).toMatch(/^unknown code "-250"; nearest known: -194 \(LM_MAXLIMIT_EXCEED\)/);
    const typo = await run({ code: 'RLM_EL_EXPRED' });
    expect(typo.exitCode).toBe(1);
    expect((typo.json as { nearest: string[] }).nearest[0]).toBe('RLM_EL_EXPIRED');
  });

  it('refuses no code, two codes and unknown options', async () => {
    await expect(run({})).rejects.toMatchObject({ code: 'LICUTIL_E_USAGE' });
    await expect(run({ code: '-15', '--': ['-16'] })).rejects.toMatchObject({ code: 'LICUTIL_E_USAGE' });
    await expect(run({ code: '-15', bogus: true })).rejects.toMatchObject({ code: 'LICUTIL_E_USAGE', message: 'unknown option --bogus' });
  });
});

describe('explain through yargs as main.ts parses', () => {
  it('-15,570:115 arrives whole: minor code and system error 115 = EINPROGRESS', async () => {
    const { out, text } = await cli(['explain', '-15,570:115']);
    const json = out.json as Explanation;
    expect(json).toMatchObject({ code: '-15', minor: 570, system: { number: 115 } });
    expect(json.system?.readings[0]).toMatchObject({ name: 'EINPROGRESS', platform: 'Linux' });
    expect(text).toContain('Minor code 570');
    expect(text).toContain('System error 115: EINPROGRESS, "Operation now in progress" (Linux)');
  });

  it('a system error number other systems use differently lists every reading, the printed text first', async () => {
    const { out, text } = await cli(['explain', '(-15,12:61 "Connection refused")']);
    expect((out.json as Explanation).system?.readings.map((x) => [x.name, x.platform])).toEqual([
      ['ECONNREFUSED', 'macOS/BSD'],
      ['ENODATA', 'Linux'],
    ]);
    expect(text).toContain('(the number depends on the system: ENODATA on Linux)');
  });

  it('-15,10:10061 reads the system error as WSAECONNREFUSED', async () => {
    const { out } = await cli(['explain', '-15,10:10061', '--json']);
    expect((out.json as Explanation).system?.readings[0]).toMatchObject({ name: 'WSAECONNREFUSED', platform: 'Windows' });
  });

  it('-3 --rlm, -97, RLM_EL_EXPIRED and a code after --', async () => {
    expect(((await cli(['explain', '-3', '--rlm'])).out.json as Explanation).name).toBe('RLM_EL_EXPIRED');
    expect(((await cli(['explain', '-97'])).out.json as Explanation).name).toBe('LM_VENDOR_DOWN');
    expect(((await cli(['explain', 'RLM_EL_EXPIRED'])).out.json as Explanation).code).toBe('-3');
    expect(((await cli(['explain', '--', '-97,121'])).out.json as Explanation).minor).toBe(121);
  });

  it('still rejects unknown long options', async () => {
    await expect(cli(['explain', '-15', '--frobnicate'])).rejects.toMatchObject({ message: 'unknown option --frobnicate' });
  });
});
