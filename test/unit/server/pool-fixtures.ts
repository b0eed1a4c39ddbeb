// Shared test fixtures for the pool manager: a clock the test moves by hand,
// deterministic "random" handles, and pool definitions with sensible defaults.
import { PoolManager } from '../../../src/server/core/pool/manager.js';
import type { CheckoutRequest, Clock, PoolDef, PoolManagerOptions, Step } from '../../../src/server/core/pool/types.js';

export class FakeClock implements Clock {
  mono = 1_000_000;
  wall = Date.parse('2026-06-15T12:00:00Z');
  monotonicMs(): number {
    return this.mono;
  }
  wallMs(): number {
    return this.wall;
  }
  /** both clocks move together, as they do when nobody touches the wall clock */
  tick(ms: number): void {
    this.mono += ms;
    this.wall += ms;
  }
}

/** Deterministic bytes (a counter through a simple mix) — unique per call, like real random handles. */
export function counterBytes(): (n: number) => Uint8Array {
  let i = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    let x = ++i * 2654435761;
    for (let k = 0; k < n; k++) {
      x = (x ^ (x >>> 13)) * 1274126177 + k + i;
      out[k] = x & 0xff;
    }
    // the counter itself in the last bytes keeps every handle distinct
    out[n - 4] = (i >>> 24) & 0xff;
    out[n - 3] = (i >>> 16) & 0xff;
    out[n - 2] = (i >>> 8) & 0xff;
    out[n - 1] = i & 0xff;
    return out;
  };
}

let nextOrder = 0;
export function pool(over: Partial<PoolDef> & { id: string }): PoolDef {
  return {
    isv: 'acme',
    product: 'cad',
    version: '1.0',
    count: 1,
    softLimit: over.count ?? 1,
    share: null,
    hold: 0,
    minCheckout: 0,
    minRemove: 120,
    password: null,
    tag: null,
    expiresIso: 'permanent',
    order: nextOrder++,
    ...over,
  };
}

export function req(over: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return { product: 'cad', version: '1.0', count: 1, user: 'alice', host: 'ws1', pid: 100, ...over };
}

export function manager(
  defs: PoolDef[],
  opts: Partial<PoolManagerOptions> = {},
): { m: PoolManager; clock: FakeClock } {
  const clock = (opts.clock as FakeClock | undefined) ?? new FakeClock();
  const m = new PoolManager(defs, { clock, randomBytes: counterBytes(), ...opts });
  return { m, clock };
}

/** The handle of a grant, failing the test with the actual result otherwise. */
export function handleOf(step: Step<unknown>): string {
  const r = step.result as { kind: string; handle?: string };
  if (r.kind !== 'grant' || !r.handle) throw new Error(`expected a grant, got ${JSON.stringify(r)}`);
  return r.handle;
}
