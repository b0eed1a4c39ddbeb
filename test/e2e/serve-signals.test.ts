// One SIGTERM (or SIGINT) must stop the server at any moment after it is ready,
// as a service manager or a CI job sends just one. Right after the ready line
// the server is still handing its installed pools to the reread thread (a
// slice per turn of the event loop, loader.ts); a stop in that window used to
// let the handing-over start a new reader thread that kept the process alive
// after "stopped", until a second signal killed it. The window only exists with
// more pools than one slice holds, hence the large license set.
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, killAll, startServer, type ServerHandle } from '../helpers/server.js';

afterAll(killAll);

/** enough pools that handing them over takes many turns of the event loop */
const POOLS = 50_000;

function largeLicense(): string {
  const lines = ['HOST localhost any 5053', 'ISV big'];
  for (let i = 0; i < POOLS; i++) lines.push(`LICENSE big p${i} 1.0 permanent 3`);
  return `${lines.join('\n')}\n`;
}
const LICENSE = largeLicense();

/**
 * Sends one signal and waits for the exit; a server still running long after
 * it (a hang, not slowness: stopping takes milliseconds) counts as not stopped
 * and is killed so the test ends.
 */
async function afterOneSignal(s: ServerHandle, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
  const proc: ChildProcess = s.proc;
  proc.kill(signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'still running'>((r) => (timer = setTimeout(() => r('still running'), 30_000)));
  const r = await Promise.race([s.exited, hang]);
  clearTimeout(timer);
  if (r === 'still running') await s.kill();
  return r;
}

describe('licutil serve: one stop signal stops it (issue: first SIGTERM ignored)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`one ${signal} right after the ready line stops a server of ${POOLS} pools cleanly`, async () => {
      const s = await startServer({ licenses: { 'big.lic': LICENSE }, readyMs: 60_000 });
      const r = await afterOneSignal(s, signal);
      expect(r).toEqual({ code: 0, signal: null });
      expect(s.stderr()).toMatch(new RegExp(`stopping: received ${signal}[\\s\\S]*\\bstopped\\b`));
    }, 120_000);
  }

  it('one SIGTERM during a reread (SIGHUP) stops it cleanly', async () => {
    const s = await startServer({ licenses: { 'big.lic': LICENSE }, readyMs: 60_000 });
    s.proc.kill('SIGHUP');
    // two signals sent back to back may be handled in either order: the stop
    // is sent once the reread has begun, as it would be in the field
    await eventually(async () => (s.stderr().includes('rereading licenses (SIGHUP)') ? true : undefined), 30_000, 5);
    const r = await afterOneSignal(s, 'SIGTERM');
    expect(r).toEqual({ code: 0, signal: null });
    expect(s.stderr()).toMatch(/rereading licenses \(SIGHUP\)[\s\S]*stopping: received SIGTERM[\s\S]*\bstopped\b/);
  }, 120_000);
});
