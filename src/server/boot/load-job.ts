// What reading the licenses needs, as plain data, so the same job runs in this
// thread (start-up) or in a worker (reread, so that the server keeps answering
// heartbeats and checkouts while 100,000s of license lines are read again).
//
// A reread hands the server thread only what changed. Copying 100,000 pool
// definitions back from the worker, comparing them all with the installed ones
// and installing them held the server's event loop for over a second; a
// LoadSession keeps the definitions the server has installed (its "base") and
// answers a job with the pools that are new or differ and the ids now gone,
// so the server's share of a reread follows what changed, not the file's size.
import type { PoolChange, PoolSummary } from '../../protocol/messages.js';
import { LicutilError } from '../../protocol/errors.js';
import type { HostFacts } from '../../hostid/types.js';
import { sameDef } from '../core/pool/install.js';
import type { PoolDef } from '../core/pool/types.js';
import { poolChangeOf, poolSummary } from './reread-diff.js';
import { loadLicenseGroups, loadLicenses, type LicenseGroupSource, type StartupSources } from './startup-io.js';
import type { StartupResult } from './startup.js';

export interface LoadJob {
  /** the configuration's `licenses` entries; absent: `sources.paths` or the license environment */
  groups?: LicenseGroupSource[] | undefined;
  sources: StartupSources;
  host: HostFacts;
  nowMs: number;
}

export function runLoadJob(job: LoadJob): StartupResult {
  const now = new Date(job.nowMs);
  const { paths: _paths, ...rest } = job.sources;
  return job.groups ? loadLicenseGroups(job.groups, rest, job.host, now) : loadLicenses(job.sources, job.host, now);
}

/** A reread's result against the definitions the server has installed. */
export interface LoadDelta {
  /** the job's number; the server names it as the next base once it has installed it */
  seq: number;
  /** the start-up result without its pools and origins */
  result: Omit<StartupResult, 'defs' | 'origins'>;
  /** definitions that are new or differ in any field (their order included) */
  upserts: PoolDef[];
  /** ids of the pools no longer defined */
  removed: string[];
  /** origins that are new or differ; those of removed pools are gone */
  origins: Array<[string, string[]]>;
  /** what a reread reports: pools added, removed, and changed in what a client or administrator sees */
  report: { added: PoolSummary[]; removed: PoolSummary[]; changed: PoolChange[] };
}

interface Base {
  defs: Map<string, PoolDef>;
  origins: Map<string, string[]>;
}

/**
 * Runs jobs against a base. Keeps at most two bases: the one the server last
 * said it installed and the newest result (which becomes the base once the
 * server installs it, or is dropped when it could not).
 */
export class LoadSession {
  private readonly bases = new Map<number, Base>();

  /** Adds definitions (and their origins) to base `seq`, sent in slices by the server. */
  seed(seq: number, defs: readonly PoolDef[], origins: ReadonlyArray<[string, string[]]>): void {
    let base = this.bases.get(seq);
    if (!base) {
      base = { defs: new Map(), origins: new Map() };
      this.bases.set(seq, base);
    }
    for (const d of defs) base.defs.set(d.id, d);
    for (const [id, o] of origins) base.origins.set(id, o);
  }

  has(seq: number): boolean {
    return this.bases.has(seq);
  }

  run(job: LoadJob, seq: number, baseSeq: number): LoadDelta {
    const base = this.bases.get(baseSeq) ?? { defs: new Map<string, PoolDef>(), origins: new Map<string, string[]>() };
    const { defs, origins, ...result } = runLoadJob(job);
    const next: Base = { defs: new Map(), origins };
    for (const d of defs) {
      // the server refused such a set when it installed all pools at once; it must still
      if (next.defs.has(d.id)) throw new LicutilError('LICUTIL_E_CONFIG', `two pools have the id "${d.id}"`, 'pool ids must be unique');
      next.defs.set(d.id, d);
    }
    const delta: LoadDelta = { seq, result, upserts: [], removed: [], origins: [], report: { added: [], removed: [], changed: [] } };
    for (const d of defs) {
      const old = base.defs.get(d.id);
      if (!old) delta.report.added.push(poolSummary(d));
      else if (sameDef(old, d)) continue;
      else {
        const change = poolChangeOf(old, d);
        if (change) delta.report.changed.push(change);
      }
      delta.upserts.push(d);
    }
    for (const [id, d] of base.defs) {
      if (next.defs.has(id)) continue;
      delta.removed.push(id);
      delta.report.removed.push(poolSummary(d));
    }
    for (const [id, o] of origins) {
      const old = base.origins.get(id);
      if (!old || old.length !== o.length || old.some((f, i) => f !== o[i])) delta.origins.push([id, o]);
    }
    for (const id of [...this.bases.keys()]) if (id !== baseSeq) this.bases.delete(id);
    this.bases.set(seq, next);
    return delta;
  }
}
