// The reread worker gives way to the thread that answers clients: where both
// share a core, each stop of the server's event loop (a collection, a slice of
// installing) took twice as long while the worker read 100,000 lines. On Linux
// the worker's thread runs 10 nice levels below the server's. And the answer,
// written from the parts the worker encoded, is the whole document.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLicense, killAll, startServer } from '../helpers/server.js';

afterAll(killAll);

/** nice of each thread of a process: field 19 of /proc/PID/task/TID/stat */
function threadNice(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: count fields after its closing one
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), Number(fields[16]));
  }
  return out;
}

const lines = (n: number, seats: number) => Array.from({ length: n }, (_, i) => `LICENSE demo p${i} 1.0 permanent ${seats}`);

describe('the reread worker', () => {
  it.skipIf(!existsSync('/proc/self/task'))('runs below the server thread\'s priority, and the answer lists every change', async () => {
    const s = await startServer({ licenses: { 'big.lic': demoLicense(lines(3_000, 2)) } });
    writeFileSync(path.join(s.dir, 'big.lic'), demoLicense(lines(3_000, 3)));
    const r = await s.api<{ changed: Array<{ id: string; before: { count: number }; after: { count: number } }>; added: unknown[]; removed: unknown[] }>('POST', '/v1/reread', {});
    expect(r.status).toBe(200);
    expect(r.json.changed).toHaveLength(3_000);
    expect(r.json.changed.every((c) => c.before.count === 2 && c.after.count === 3)).toBe(true);
    expect(new Set(r.json.changed.map((c) => c.id)).size).toBe(3_000);
    expect([r.json.added, r.json.removed]).toEqual([[], []]);

    const pid = s.proc.pid as number;
    const nice = threadNice(pid);
    const main = nice.get(pid) as number;
    // the worker thread exists once the server serves (it is given the pools then)
    const lowered = [...nice].filter(([tid, n]) => tid !== pid && n === Math.min(19, main + 10));
    expect(lowered).toHaveLength(1);
    // every other thread (V8's, libuv's) keeps the server's priority
    expect([...nice].filter(([, n]) => n !== main)).toHaveLength(1);
    await s.stop();
  }, 60_000);
});
