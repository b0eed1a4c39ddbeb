// From the license environment to the servers to talk to: endpoints, server
// groups (a redundant list is one group tried in order), and handle references
// (`handle@port@host`, what `checkout --detach` prints so a later
// `checkin`/`heartbeat` needs nothing else). Pure: no I/O.
import type { LicenseSource, Resolution, ServerAddress } from '../licenv/types.js';
import { LicutilError } from '../protocol/errors.js';
import type { Endpoint, ServerGroup } from './types.js';

const HANDLE = /^[A-Za-z0-9_-]{1,64}$/;
/** A server's public id of a checkout (as `stat` and lmstat text show it), not a 32-hex-digit handle. */
export const PUBLIC_ID = /^[1-9]\d{0,15}$/;
/** A checkout's handle as a licutil server issues it: 128 random bits, lowercase hex. */
const ISSUED_HANDLE = /^[0-9a-f]{32}$/;

function hostInUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function endpoint(host: string, port: number, tls = false): Endpoint {
  return { host, port, tls, spec: `${port}@${host}`, origin: `${tls ? 'https' : 'http'}://${hostInUrl(host)}:${port}` };
}

/** The endpoints of one address: its port, or each default port of `@host` in order. */
export function endpointsOf(a: ServerAddress, tls = false): Endpoint[] {
  const ports = a.port !== null ? [a.port] : a.defaultPorts;
  return ports.map((p) => endpoint(a.host, p, tls));
}

/** One group per server element; a redundant list's addresses stay together, in order. */
function groupOf(source: Pick<LicenseSource, 'spec' | 'origin' | 'servers'>, tls = false): ServerGroup {
  return { spec: source.spec, origin: source.origin, endpoints: (source.servers ?? []).flatMap((a) => endpointsOf(a, tls)) };
}

/**
 * Every server of a resolution, in source order: `port@host` elements, and the
 * HOST/SERVER lines of license files when `fileGroups` reads them (null: files
 * are not looked into). The same server named twice is asked once.
 */
export function serverGroupsOf(r: Resolution, fileGroups: ((s: LicenseSource) => ServerGroup[]) | null, tls = false): ServerGroup[] {
  const groups: ServerGroup[] = [];
  for (const s of r.sources) {
    if (s.kind === 'server') {
      if ((s.servers?.length ?? 0) > 0 && s.problems.length === 0) groups.push(groupOf(s, tls));
    } else if (fileGroups) {
      groups.push(...fileGroups(s));
    }
  }
  return dedupeGroups(groups);
}

/** HOST/SERVER lines of one license file, as one group (three FlexLM SERVER lines are a redundant triple). */
export function groupOfHostLines(
  file: string,
  hosts: Array<{ hostname: string; port: number | null }>,
  defaultPorts: readonly number[],
  tls = false,
): ServerGroup | null {
  if (hosts.length === 0) return null;
  const addresses: ServerAddress[] = hosts.map((h) => ({ host: h.hostname, port: h.port, defaultPorts: h.port === null ? [...defaultPorts] : [] }));
  const spec = addresses.map((a) => `${a.port ?? ''}@${a.host}`).join(',');
  return { spec, origin: `HOST line of ${file}`, endpoints: addresses.flatMap((a) => endpointsOf(a, tls)), named: false };
}

/**
 * Drop endpoints already named by an earlier group (the same server reached from
 * `-c` and from a HOST line is asked once), and groups left empty.
 */
export function dedupeGroups(groups: ServerGroup[]): ServerGroup[] {
  const seen = new Set<string>();
  const out: ServerGroup[] = [];
  for (const g of groups) {
    const endpoints = g.endpoints.filter((e) => {
      const key = `${e.host.toLowerCase()}:${e.port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (endpoints.length > 0) out.push({ ...g, endpoints });
  }
  return out;
}

/** `port@host` (or `host:port`) → an endpoint; throws a usage error naming what is wrong. */
export function parseEndpoint(text: string, tls = false): Endpoint {
  const t = text.trim();
  let m = /^(\d+)@([^\s@/\\,<>;"]+)$/.exec(t);
  if (m) return checkedEndpoint(m[2] ?? '', m[1] ?? '', t, tls);
  m = /^\[([0-9A-Fa-f:.]+)\]:(\d+)$/.exec(t) ?? /^([^\s@/\\,<>;:"[\]]+):(\d+)$/.exec(t);
  if (m) return checkedEndpoint(m[1] ?? '', m[2] ?? '', t, tls);
  throw new LicutilError('LICUTIL_E_USAGE', `${JSON.stringify(text)} is not a server address`, 'write PORT@HOST, e.g. 5053@licserver');
}

function checkedEndpoint(host: string, portText: string, text: string, tls: boolean): Endpoint {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LicutilError('LICUTIL_E_USAGE', `the port of ${JSON.stringify(text)} is not between 1 and 65535`, 'write PORT@HOST, e.g. 5053@licserver');
  }
  return endpoint(host, port, tls);
}

export interface HandleRef {
  handle: string;
  /** the server named in the reference, or null for a bare handle */
  endpoint: Endpoint | null;
}

/** `handle@port@host` — the form `checkout --detach` prints. */
export function formatHandleRef(handle: string, ep: Endpoint): string {
  return `${handle}@${ep.spec}`;
}

/**
 * True when some licutil server could have issued `handle`: its form, or a public id
 * (which an administrator may use instead). Anything else no server ever issued, so
 * no server can hold it: `checkin` says so instead of asking (and of answering
 * "already checked in").
 */
export function issuedForm(handle: string): boolean {
  return ISSUED_HANDLE.test(handle) || PUBLIC_ID.test(handle);
}

/** A bare handle, or `handle@port@host`; throws a usage error for anything else. */
export function parseHandleRef(text: string, tls = false): HandleRef {
  const t = text.trim();
  const at = t.indexOf('@');
  const handle = at < 0 ? t : t.slice(0, at);
  if (!HANDLE.test(handle)) {
    throw new LicutilError(
      'LICUTIL_E_USAGE',
      `${JSON.stringify(text)} is not a checkout handle`,
      'pass the reference `licutil checkout --detach` printed (HANDLE or HANDLE@PORT@HOST), or a checkout id `licutil stat` shows',
    );
  }
  return { handle, endpoint: at < 0 ? null : parseEndpoint(t.slice(at + 1), tls) };
}
