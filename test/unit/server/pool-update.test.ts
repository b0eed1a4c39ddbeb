// A reread installs only what changed (PoolManager.updatePools, fed by the
// reread worker's LoadSession): it must leave the server exactly as installing
// the whole new set would (replacePools), checkouts, waiters and grants alike.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoadSession, type LoadJob } from '../../../src/server/boot/load-job.js';
import { InstalledPools } from '../../../src/server/boot/pool-set.js';
import type { PoolDef, PoolEvent, Step } from '../../../src/server/core/pool/types.js';
import { host as hostFacts } from '../licmodel/factory.js';
import { manager, pool, req } from './pool-fixtures.js';

/** what a client or administrator can see of a manager */
function seen(m: ReturnType<typeof manager>['m']): unknown {
  const s = m.status({ includeProtected: true });
  return {
    pools: s.pools.map((p) => [p.id, p.product, p.count, p.inUse, p.retired, p.queued]),
    queues: s.queues.map((q) => [q.product, q.waiters.map((w) => [w.user, w.position])]),
  };
}

function eventsOf(step: Step<unknown>): unknown[] {
  return step.events.map((e: PoolEvent) => [e.type, 'ticket' in e ? e.ticket : null, 'lease' in e ? [e.lease.poolId, e.lease.user] : null]);
}

/** a small deterministic generator, so a failure can be replayed */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    // the high bits: an LCG's low bits repeat with a short period
    return Math.floor((x / 2 ** 31) * n);
  };
}

const PRODUCTS = ['cad', 'sim', 'viz'];

function defsOf(r: (n: number) => number): PoolDef[] {
  const out: PoolDef[] = [];
  for (let i = 0; i < 10; i++) {
    if (r(4) === 0) continue;
    out.push(pool({ id: `p${i}`, product: PRODUCTS[r(3)] as string, count: 1 + r(3), order: r(2) === 0 ? i : 20 - i }));
  }
  return out;
}

describe('updatePools (a reread of the changes only)', () => {
  it('leaves checkouts, waiters and grants as installing the whole set does, over many rereads', () => {
    let handedOver = 0;
    for (const seed of [1, 7, 42, 2026]) {
      const r = rng(seed);
      const first = defsOf(r);
      const whole = manager(first);
      const delta = manager(first);
      const installed = new InstalledPools(first);
      const handles: string[] = [];
      for (let round = 0; round < 30; round++) {
        for (let k = 0; k < 4; k++) {
          const q = req({ product: PRODUCTS[r(3)] as string, user: `u${round}-${k}`, waitMs: r(2) === 0 ? 60_000 : 0 });
          const a = whole.m.checkout(q);
          const b = delta.m.checkout(q);
          expect(eventsOf(b)).toEqual(eventsOf(a));
          if (a.result.kind === 'grant') handles.push(a.result.handle);
        }
        if (handles.length > 0 && r(2) === 0) {
          const h = handles.splice(r(handles.length), 1)[0] as string;
          expect(eventsOf(delta.m.checkin(h))).toEqual(eventsOf(whole.m.checkin(h)));
        }
        const next = defsOf(r);
        const changes = installed.changesTo(next);
        installed.apply(changes.upserts, changes.removed);
        const a = whole.m.replacePools(next);
        const b = delta.m.updatePools(changes.upserts, changes.removed);
        const sorted = (x: { added: string[]; removed: string[]; changed: string[] }) => ({ added: [...x.added].sort(), removed: [...x.removed].sort(), changed: [...x.changed].sort() });
        expect(sorted(b.result)).toEqual(sorted(a.result));
        expect(eventsOf(b)).toEqual(eventsOf(a));
        expect(seen(delta.m)).toEqual(seen(whole.m));
        handedOver += a.events.filter((e) => e.type === 'wait-granted').length;
      }
    }
    // the rereads did hand seats to waiters (else this compared little)
    expect(handedOver).toBeGreaterThan(10);
  });

  it('matches again only the waiters of the products that changed', () => {
    const { m } = manager([pool({ id: 'a', product: 'cad' }), pool({ id: 'b', product: 'sim' })]);
    m.checkout(req({ product: 'cad' }));
    m.checkout(req({ product: 'sim' }));
    const bob = m.checkout(req({ product: 'cad', user: 'bob', waitMs: 60_000 })).result;
    m.checkout(req({ product: 'sim', user: 'eve', waitMs: 60_000 }));
    // a second cad pool: bob is served at once, eve still waits for sim
    const step = m.updatePools([pool({ id: 'c', product: 'cad' })], []);
    expect(step.result).toEqual({ added: ['c'], removed: [], changed: [] });
    expect(step.events.filter((e) => e.type === 'wait-granted').map((e) => ('ticket' in e ? e.ticket : ''))).toEqual(['ticket' in bob ? bob.ticket : 'no ticket']);
    expect(m.status().queues.map((q) => [q.product, q.waiters.map((w) => w.user)])).toEqual([['sim', ['eve']]]);
  });

  it('a pool that changes product stops serving the old one', () => {
    const { m } = manager([pool({ id: 'a', product: 'cad', count: 2 })]);
    m.checkout(req({ product: 'cad' }));
    m.updatePools([pool({ id: 'a', product: 'sim', count: 2 })], []);
    expect(m.checkout(req({ product: 'cad' })).result).toMatchObject({ kind: 'denial', code: 'LICUTIL_E_NO_SUCH_PRODUCT' });
    expect(m.checkout(req({ product: 'sim' })).result).toMatchObject({ kind: 'grant', poolId: 'a' });
  });

  it('refuses two pools with one id', () => {
    const { m } = manager([pool({ id: 'a' })]);
    expect(() => m.updatePools([pool({ id: 'x' }), pool({ id: 'x' })], [])).toThrow(/two pools have the id "x"/);
  });
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'licutil-load-session-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


function jobFor(file: string, lines: string[]): LoadJob {
  writeFileSync(file, `HOST localhost any 5053\nISV acme\n${lines.join('\n')}\n`);
  return {
    sources: { paths: [file], env: {}, cwd: dir, binDir: dir, platform: 'linux', requireSignatures: false },
    host: hostFacts(),
    nowMs: Date.UTC(2026, 5, 15),
  };
}

describe('LoadSession (the reread worker)', () => {
  const file = path.join(dir, 'site.lic');
  const lines = Array.from({ length: 50 }, (_, i) => `LICENSE acme p${i} 1.0 permanent 5`);

  it('answers with the pools that changed against the base the server installed', () => {
    const s = new LoadSession();
    const full = s.run(jobFor(file, lines), 1, 0);
    expect(full.upserts).toHaveLength(50);
    expect(full.report.added).toHaveLength(50);
    expect(full.origins).toHaveLength(50);

    // the last line goes: the others keep their place in license order
    const edited = lines.map((l, i) => (i === 7 ? l.replace('permanent 5', 'permanent 9') : l)).slice(0, -1);
    const d = s.run(jobFor(file, edited), 2, 1);
    expect(d.upserts.map((p) => [p.product, p.count])).toEqual([['p7', 9]]);
    expect(d.removed).toHaveLength(1);
    expect(d.report.removed.map((p) => p.product)).toEqual(['p49']);
    expect(d.report.changed.map((c) => [c.before.count, c.after.count])).toEqual([[5, 9]]);
    expect(d.origins).toEqual([]);

    // the server could not install job 2: job 3 is still worked out against job 1
    const again = s.run(jobFor(file, edited), 3, 1);
    expect(again.upserts.map((p) => p.product)).toEqual(['p7']);
    // once job 3 is installed, the same files change nothing
    expect(s.run(jobFor(file, edited), 4, 3).upserts).toEqual([]);
  });

  it('a line taken out moves the pools after it in license order: they are installed again, not reported as changed', () => {
    const s = new LoadSession();
    s.run(jobFor(file, lines), 1, 0);
    const d = s.run(jobFor(file, lines.filter((_, i) => i !== 40)), 2, 1);
    expect(d.upserts.map((p) => p.product)).toEqual(lines.slice(41).map((l) => l.split(' ')[2]));
    expect(d.report).toMatchObject({ added: [], changed: [] });
    expect(d.report.removed.map((p) => p.product)).toEqual(['p40']);
  });

  it('starts from the pools the server seeded it with', () => {
    const s = new LoadSession();
    const defs = new LoadSession().run(jobFor(file, lines), 1, 0).upserts;
    s.seed(9, defs.slice(0, 20), []);
    s.seed(9, defs.slice(20), []);
    const d = s.run(jobFor(file, lines), 10, 9);
    expect(d.upserts).toEqual([]);
    expect(d.removed).toEqual([]);
    // origins were not seeded: they come back, and nothing else
    expect(d.origins).toHaveLength(50);
  });
});

describe('InstalledPools (what the server has installed)', () => {
  it('keeps the ISVs and the password-protected ids right as definitions are replaced in place and removed', () => {
    const installed = new InstalledPools([pool({ id: 'a', isv: 'acme', order: 0 }), pool({ id: 'b', isv: 'acme', order: 1 }), pool({ id: 'c', isv: 'zeta', password: 'pw', order: 2 })]);
    expect(installed.isvs()).toEqual(['acme', 'zeta']);
    expect([...installed.hidden]).toEqual(['c']);
    // a moves to another ISV and gets a password; c loses its password; b goes
    installed.apply([pool({ id: 'a', isv: 'beta', password: 'x', order: 0 }), pool({ id: 'c', isv: 'zeta', order: 2 })], ['b']);
    expect(installed.isvs()).toEqual(['beta', 'zeta']);
    expect([...installed.hidden]).toEqual(['a']);
    expect(installed.defs().map((d) => [d.id, d.isv])).toEqual([
      ['a', 'beta'],
      ['c', 'zeta'],
    ]);
    installed.apply([], ['a', 'c', 'unknown']);
    expect(installed.isvs()).toEqual([]);
    expect(installed.size).toBe(0);
  });
});
