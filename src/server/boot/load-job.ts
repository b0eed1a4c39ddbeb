// What reading the licenses needs, as plain data, so the same job runs in this
// thread (start-up) or in a worker (reread, so that the server keeps answering
// heartbeats and checkouts while 100,000s of license lines are read again).
import type { HostFacts } from '../../hostid/types.js';
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
