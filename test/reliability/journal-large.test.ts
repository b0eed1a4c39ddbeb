// Issue 14, "Files the server trusts": a journal too large to read whole must
// not stop the server. The journal is read as a stream and restored one record
// at a time, so what restoring needs grows with the live state, not with the
// file. Here a generated journal of tens of MB (SOAK=1: hundreds) — checkouts
// granted and returned many times over, a few still out — is restored by a
// real `licutil serve` on 127.0.0.1 whose JavaScript heap is capped well below
// the journal's size; the server's peak resident memory (VmHWM) is measured
// and recorded, not timed.
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/server/core/pool/records.js';
import { encodeRecords } from '../../src/server/stores/file/codec.js';
import { demoLicense, killAll, startServer } from '../helpers/server.js';
import { recordFigures, scaled, timeoutFor } from './support/figures.js';

afterAll(killAll);

const figures: Record<string, number | string> = {};
afterAll(() => recordFigures('journal-large', figures));

/** Peak resident memory of a process in KiB (Linux), or null. */
function peakRssKiB(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** A heap this small cannot hold the journal even once as a string, let alone split into lines. */
const HEAP_MB = 48;

describe('a journal larger than the server could read whole', () => {
  it(
    'is restored as a stream: the live checkouts come back, the server starts with its heap capped below the journal size',
    async () => {
      const env = { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` };
      const first = await startServer({ licenses: { 'demo.lic': demoLicense(['LICENSE demo seat 1.0 permanent 5']) }, env });
      const pool = (await first.api<{ pools: Array<{ id: string }> }>('GET', '/v1/status')).json.pools[0]?.id ?? '';
      // what a server of the same licenses needs with an empty journal
      const baseline = peakRssKiB(first.proc.pid ?? 0);
      await first.stop();
      const journal = path.join(first.stateDir, 'journal.ndjson');
      writeFileSync(journal, '');
      const at = Date.parse('2026-06-15T11:59:00Z');
      const grant = (n: number): JournalRecord => {
        const handle = n.toString(16).padStart(64, '0');
        return { t: 'grant', at, handle, id: n, seat: handle, pool, isv: 'demo', product: 'seat', version: '1.0', reqVersion: '0', count: 1, user: `user${n % 97}`, host: `host${n % 13}.example.com`, pid: n, isvString: null, tag: null, leaseMs: 600_000, since: at };
      };
      const targetBytes = scaled(64, 600) * 1024 * 1024;
      let n = 0;
      while (statSync(journal).size < targetBytes) {
        const batch: JournalRecord[] = [];
        for (let i = 0; i < 5000; i++, n++) batch.push(grant(n), { t: 'checkin', at, handle: n.toString(16).padStart(64, '0'), holdMs: 0 });
        appendFileSync(journal, encodeRecords(batch));
      }
      // the checkouts still out at the end
      appendFileSync(journal, encodeRecords([grant(n), grant(n + 1)]));
      const bytes = statSync(journal).size;

      const s = await startServer({ dir: first.dir, files: ['demo.lic'], env, readyMs: timeoutFor(120_000, 900_000) });
      const peak = peakRssKiB(s.proc.pid ?? 0);
      expect(s.stderr()).toMatch(/journal restored 2 checkout\(s\) and 0 held seat\(s\)/);
      const st = (await s.api<{ pools: Array<{ in_use: number; checkouts: Array<{ id: number }> }> }>('GET', '/v1/status')).json.pools[0];
      expect(st?.in_use).toBe(2);
      expect(st?.checkouts.map((c) => c.id).sort((a, b) => a - b)).toEqual([n, n + 1]);
      // ids go on past every id the journal used
      const next = await s.api<{ id: number }>('POST', '/v1/checkout', { product: 'seat', user: 'next', host: 'h', pid: 1 });
      expect(next.json.id).toBeGreaterThan(n + 1);
      await s.stop();
      // compaction at start-up left the live state only
      expect(statSync(journal).size).toBeLessThan(4096);

      // measured, not timed: restoring the journal adds far less than the journal to the peak
      // (the previous build, uncapped, peaked at 323 MB for a 69 MB journal against 78 MB now)
      if (peak !== null && baseline !== null) expect(peak - baseline).toBeLessThan(bytes / 1024 / 4);
      figures.journal_bytes = bytes;
      figures.journal_records = 2 * n + 2;
      figures.heap_cap_mb = HEAP_MB;
      if (peak !== null) figures.peak_rss_kib = peak;
      if (baseline !== null) figures.baseline_peak_rss_kib = baseline;
    },
    timeoutFor(240_000, 1_800_000),
  );
});
