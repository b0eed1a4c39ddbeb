// The server's own view of request latency, from its Prometheus histogram
// (GET /metrics): from the request arriving to the answer being written. Set
// beside what the load generator measures, it separates the time the server
// spends on a request from the time the request waits in sockets, run queues
// and the load generator's event loop.

export type Buckets = Map<number, number>;

/** GET /metrics (each scrape restarts the server's event-loop delay window). */
export function scrape(url: string): Promise<string> {
  return fetch(`${url}/metrics`).then((r) => r.text());
}

/** Cumulative bucket counts of licutil_request_duration_seconds for one route and status. */
export function latencyBuckets(text: string, route: string, status = '200'): Buckets {
  const out: Buckets = new Map();
  const re = /^licutil_request_duration_seconds_bucket\{([^}]*)\} (\d+(?:\.\d+)?)$/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const labels = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (labels.route !== route || labels.status !== status) continue;
    out.set(labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le), Number(m[2]));
  }
  return out;
}

/** The bucket bound (ms) under which `q` of the requests between two snapshots were answered, and how many there were. */
export function quantileBound(before: Buckets, after: Buckets, q: number): { boundMs: number; n: number } {
  const les = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before.get(Number.POSITIVE_INFINITY) ?? 0);
  for (const le of les) {
    const n = (after.get(le) ?? 0) - (before.get(le) ?? 0);
    if (total > 0 && n >= q * total) return { boundMs: le * 1000, n: total };
  }
  return { boundMs: Number.NaN, n: total };
}

export function boundText(b: { boundMs: number; n: number }): string {
  return Number.isFinite(b.boundMs) ? `≤ ${b.boundMs} ms` : 'n/a';
}

/**
 * The server's event-loop delay p99 and max in ms (prom-client's default
 * metrics, measured since the previous scrape): how long a request that had
 * arrived could wait before the server's JavaScript got to it.
 */
export function loopDelay(text: string): { p99Ms: number; maxMs: number } {
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN) * 1000;
  return { p99Ms: read('licutil_nodejs_eventloop_lag_p99_seconds'), maxMs: read('licutil_nodejs_eventloop_lag_max_seconds') };
}

/** The server's V8 heap (used and reserved) and external memory in MiB, from prom-client's default metrics. */
export function heapOf(text: string): { usedMiB: number; totalMiB: number; externalMiB: number } {
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN) / 2 ** 20;
  return {
    usedMiB: read('licutil_nodejs_heap_size_used_bytes'),
    totalMiB: read('licutil_nodejs_heap_size_total_bytes'),
    externalMiB: read('licutil_nodejs_external_memory_bytes'),
  };
}
