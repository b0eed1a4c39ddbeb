// startServer in-process: what it wires between the journal and the pool manager.
import { describe, expect, it } from 'vitest';
import { memoryLog } from '../../../src/server/core/debug-log.js';
import { MemoryJournal } from '../../../src/server/stores/memory-journal.js';
import { startServer } from '../../../src/server/boot/run.js';
import type { PoolDef } from '../../../src/server/core/pool/types.js';
import type { JournalRecord } from '../../../src/server/core/pool/records.js';

const def: PoolDef = {
  id: 'demo:seat',
  isv: 'demo',
  product: 'seat',
  version: '1.0',
  count: 10,
  softLimit: 10,
  share: null,
  hold: 0,
  minCheckout: 0,
  minRemove: 0,
  password: null,
  tag: null,
  expiresIso: 'permanent',
  order: 0,
};

describe('startServer', () => {
  it('gives the journal the live state to compact from (a --no-journal server must not keep every record)', async () => {
    const journal = new MemoryJournal();
    let source: (() => readonly JournalRecord[]) | null = null;
    const autoCompact = journal.autoCompact.bind(journal);
    journal.autoCompact = (s) => {
      source = s;
      autoCompact(s, 50);
    };
    const pools = { defs: [def], files: [], messages: [], nextChangeMs: null };
    const server = await startServer({
      bind: '127.0.0.1',
      port: 0,
      clock: { monotonicMs: () => performance.now(), wallMs: () => Date.now() },
      log: memoryLog(),
      journal,
      journalMode: 'off',
      admin: { tokenDigest: null, loopbackIsAdmin: true },
      hostname: 'test',
      leaseMaxMs: 600_000,
      leaseDefaultMs: 300_000,
      initial: pools,
      reload: async () => pools,
    });
    try {
      expect(source).not.toBeNull();
      let held = '';
      for (let i = 0; i < 500; i++) {
        const o = await server.service.checkout({ product: 'seat', version: '1.0', count: 1, user: 'u', host: 'h', pid: i });
        if (o.kind !== 'grant') throw new Error(o.kind);
        if (i === 0) held = o.grant.handle;
        else await server.service.checkin(o.grant.handle);
      }
      expect(journal.size).toBeLessThanOrEqual(50);
      const grants = (await journal.load()).records.filter((r) => r.t === 'grant');
      expect(grants.map((r) => (r as { handle: string }).handle)).toContain(held);
    } finally {
      await server.stop('test over');
    }
  });
});
