// How long a small append + fdatasync takes on the disk that holds the
// server's state directory right now: the floor under anything the durable
// journal must finish before it answers.
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { latencySummary, type LatencySummary } from './stats.js';

export async function fsyncProbe(dir: string, n = 300): Promise<LatencySummary> {
  const file = path.join(dir, `fsync-probe-${process.pid}`);
  const h = await open(file, 'a');
  const line = Buffer.from(`${'x'.repeat(200)}\n`);
  const ms: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await h.write(line);
      await h.datasync();
      ms.push(performance.now() - t0);
    }
  } finally {
    await h.close();
    await rm(file, { force: true });
  }
  return latencySummary(ms);
}
