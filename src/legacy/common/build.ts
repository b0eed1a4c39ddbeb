// Builders for the documents the lmstat reader fills in: empty servers and
// pools with every required field set, so the reader only adds what it reads.
import type { PoolInfo } from '../../protocol/messages.js';
import type { ParsedServer } from './types.js';

export function emptyServer(format: 'lmstat' | 'lmstat-i' | 'rlmstat', host = '', port = 0): ParsedServer {
  return {
    server: {
      server: 'licutil',
      version: '',
      protocol: 0,
      host,
      port,
      started: '',
      uptime_seconds: 0,
      journal: 'off',
      license_files: [],
      source: { format },
    },
    pools: [],
    queues: [],
  };
}

export function emptyPool(id: string, product: string, isv: string, count: number, inUse: number): PoolInfo {
  return {
    id,
    isv,
    product,
    version: '',
    count,
    in_use: inUse,
    queued: 0,
    soft_limit: count,
    expires: null,
    share: null,
    hold: 0,
    min_checkout: 0,
    min_remove: 0,
    password_protected: false,
    retired: false,
    checkouts: [],
    held: [],
  };
}

/** A pool id unique within its server: the product, then "#2", "#3" for repeats. */
export function poolId(server: ParsedServer, product: string): string {
  const same = server.pools.filter((p) => p.product === product).length;
  return same === 0 ? product : `${product}#${same + 1}`;
}

/** "27002@host-1.domain.net" → host and port (null when the port is not a number, as in "port@host"). */
export function splitPortAtHost(spec: string): { host: string; port: number | null } {
  const at = spec.indexOf('@');
  if (at < 0) return { host: spec, port: null };
  const port = spec.slice(0, at);
  return { host: spec.slice(at + 1), port: /^\d+$/.test(port) ? Number(port) : null };
}
