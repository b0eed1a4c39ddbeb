// License types (seed 002, "The License File" and "count"): four basic types —
// counted, uncounted, token, metered — with counted split by locking into
// floating and node-locked, and `single` apart because no server serves it.
import type { License } from './license.js';

export type LicenseType = 'floating' | 'nodelocked-counted' | 'uncounted' | 'single' | 'token' | 'metered';

/** The counting type the upgrade and pooling criteria compare: "counted, uncounted, or single". */
type CountingType = 'counted' | 'uncounted' | 'single' | 'token' | 'metered';

export function countingType(l: License): CountingType {
  return typeof l.count === 'number' ? 'counted' : l.count;
}

/**
 * "if a counted license has a hostid associated with it, it becomes a
 * nodelocked, counted license. If the counted license has no hostid, it is a
 * floating license."
 */
export function licenseType(l: License): LicenseType {
  if (typeof l.count === 'number') return l.hostid !== null && l.hostid.trim() !== '' ? 'nodelocked-counted' : 'floating';
  return l.count;
}

/**
 * "If the license file has counted or metered licenses, it requires a license
 * server"; "single ... license servers will not process this license";
 * uncounted licenses need none. A FlexLM file with USE_SERVER sends every
 * checkout to the server, so there uncounted licenses are served too.
 * PACKAGE lines grant nothing by themselves.
 */
export function needsServer(l: License): boolean {
  if (l.kind === 'package') return false;
  switch (licenseType(l)) {
    case 'floating':
    case 'nodelocked-counted':
    case 'metered':
      return true;
    case 'uncounted':
      return l.useServer;
    case 'single':
    case 'token':
      return false;
  }
}

/** Whether a license server will load it at all (seed 003: "ISV servers do not process single-use ... licenses"). */
export function servable(l: License): boolean {
  return l.kind !== 'package' && l.count !== 'single';
}
