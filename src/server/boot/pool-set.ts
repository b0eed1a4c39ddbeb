// The pool definitions a running server has installed, kept so that a reread
// costs the server's thread what changed and not what the files hold: a site
// with 100,000 license lines rereads to change a few. The definitions by id,
// the password-protected ids (hidden from /metrics) and the ISVs (hello) are
// updated by the changes; the full list in license order is built only when
// someone asks for it (the shared store, the remote API's `license` message).
import { encodeReport, type ReportJson } from '../adapters/http/reread-answer.js';
import { sameDef } from '../core/pool/install.js';
import type { PoolDef } from '../core/pool/types.js';
import type { LeaseService } from '../core/lease-service.js';
import { diffPools } from './reread-diff.js';

/** What a reread installs: definitions new or changed, the ids gone, and what it reports. */
export interface PoolChanges {
  upserts: readonly PoolDef[];
  removed: readonly string[];
  /** the pools added, removed and changed, as the answer's JSON */
  report: ReportJson;
}

/** pools installed per call; calls go on for up to SLICE_MS, then the event loop takes a turn */
export const INSTALL_CHUNK = 250;
const SLICE_MS = 5;

export class InstalledPools {
  private readonly byId = new Map<string, PoolDef>();
  /** built on first use, then kept up to date: start-up of 100,000 pools does not pay for them */
  private isvCount: Map<string, number> | null = null;
  private protectedIds: Set<string> | null = null;
  private ordered: PoolDef[] | null = null;
  private isvList: string[] | null = null;

  constructor(defs: Iterable<PoolDef>) {
    for (const d of defs) this.byId.set(d.id, d);
  }

  /** ids of the pools behind a password */
  get hidden(): ReadonlySet<string> {
    if (!this.protectedIds) {
      this.protectedIds = new Set();
      for (const d of this.byId.values()) if (d.password !== null) this.protectedIds.add(d.id);
    }
    return this.protectedIds;
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<PoolDef> {
    return this.byId.values();
  }

  /** every definition, in license order */
  defs(): PoolDef[] {
    this.ordered ??= [...this.byId.values()].sort((a, b) => a.order - b.order);
    return this.ordered;
  }

  /** the ISVs of the installed pools, sorted */
  isvs(): string[] {
    if (!this.isvCount) {
      this.isvCount = new Map();
      for (const d of this.byId.values()) this.isvCount.set(d.isv, (this.isvCount.get(d.isv) ?? 0) + 1);
    }
    this.isvList ??= [...this.isvCount.keys()].sort();
    return this.isvList;
  }

  /** What installing `defs` (a whole new set) would change. */
  changesTo(defs: readonly PoolDef[]): PoolChanges {
    const ids = new Set(defs.map((d) => d.id));
    return {
      upserts: defs.filter((d) => {
        const old = this.byId.get(d.id);
        return !old || !sameDef(old, d);
      }),
      removed: [...this.byId.keys()].filter((id) => !ids.has(id)),
      report: encodeReport(diffPools(this.defs(), defs)),
    };
  }

  apply(upserts: Iterable<PoolDef>, removed: Iterable<string>): void {
    for (const d of upserts) {
      // replaced in place: deleting and adding again each of 100,000 ids made
      // the map rebuild its table now and then, 25 ms at a time
      const old = this.byId.get(d.id);
      if (old) this.forget(old);
      this.byId.set(d.id, d);
      this.isvCount?.set(d.isv, (this.isvCount.get(d.isv) ?? 0) + 1);
      if (d.password !== null) this.protectedIds?.add(d.id);
    }
    for (const id of removed) {
      const old = this.byId.get(id);
      if (!old) continue;
      this.byId.delete(id);
      this.forget(old);
    }
    this.ordered = null;
    this.isvList = null;
  }

  /** Takes a definition out of the ISV counts and the password-protected ids. */
  private forget(old: PoolDef): void {
    const n = (this.isvCount?.get(old.isv) ?? 1) - 1;
    if (n === 0) this.isvCount?.delete(old.isv);
    else this.isvCount?.set(old.isv, n);
    this.protectedIds?.delete(old.id);
  }
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Installs a reread's changes into the service and `installed`, a slice at a
 * time with a turn of the event loop between slices, so that heartbeats and
 * checkouts are answered while 100,000 changed pools go in. Each slice leaves
 * the pools consistent (see PoolManager.updatePools); a reread of a few
 * changes is one slice, as atomic as before. A service without updatePools
 * (the shared store) gets the whole new set at once.
 */
export async function installChanges(service: LeaseService, installed: InstalledPools, changes: PoolChanges): Promise<void> {
  if (!service.updatePools) {
    installed.apply(changes.upserts, changes.removed);
    await service.replacePools(installed.defs());
    return;
  }
  const { upserts, removed } = changes;
  const update = service.updatePools.bind(service);
  if (upserts.length + removed.length <= INSTALL_CHUNK) {
    installed.apply(upserts, removed);
    await update(upserts, removed);
    return;
  }
  let since = performance.now();
  const step = async (up: readonly PoolDef[], gone: readonly string[]) => {
    installed.apply(up, gone);
    await update(up, gone);
    if (performance.now() - since < SLICE_MS) return;
    await yieldToLoop();
    since = performance.now();
  };
  for (let i = 0; i < upserts.length; i += INSTALL_CHUNK) await step(upserts.slice(i, i + INSTALL_CHUNK), []);
  for (let i = 0; i < removed.length; i += INSTALL_CHUNK) await step([], removed.slice(i, i + INSTALL_CHUNK));
}
