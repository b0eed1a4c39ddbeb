// The server's young generation, kept at 32 MiB. V8 sizes its new space for
// throughput: two semi-spaces that double whenever enough survives a scavenge,
// up to 2 × 16 MiB on Node.js 20 and 2 × 32 MiB on Node.js 24 — resident as
// soon as they were used once. A license server keeps most of what survives
// (its leases), so the larger new space only holds more garbage between
// scavenges. Measured with 100,000 live leases heartbeating as in bench/suites/
// leases.ts (Node.js 24): resident memory 285 MiB with V8's 64 MiB, 223 MiB
// with 32 MiB, 199 MiB with 16 MiB; but the scavenges went from 13 to 44 and
// 88 in 28 s, and the server's CPU time up 12 % and 20 % (single runs on a
// loaded machine; a second run of 32 MiB was within 1 % of V8's default):
// 32 MiB (Node.js 20's own maximum) keeps most of the memory and little of
// the cost.
//
// The maximum can only be given on node's command line (--max-semi-space-size,
// read when the heap is made); `licutil serve` is started as `licutil serve` or
// `node bin/licutil.js serve`, without one. The growth factor, though, is read
// each time V8 grows the new space, so the server looks after each collection
// and lets the new space double only while the double still fits under the
// cap. (GC notices arrive a little after the collection, so two collections
// in one long synchronous stretch could still double it once more.)
// A user who chose the young generation's size on the command line (or in
// NODE_OPTIONS) keeps that choice.
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/** both semi-spaces together: what --max-semi-space-size=16 gives */
export const YOUNG_GENERATION_CAP = 32 * 2 ** 20;

/** The parts of V8 the cap uses (a test hands in its own). */
export interface YoungGenV8 {
  /** bytes the new space has now (both semi-spaces) */
  newSpaceSize(): number;
  /** V8's --semi-space-growth-factor: 2 (the default) lets it double, 1 keeps it */
  setGrowthFactor(factor: 1 | 2): void;
  /** calls `fn` after each garbage collection; returns the removal */
  afterGc(fn: () => void): () => void;
}

const SIZE_FLAGS = /--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor|max-heap-size)\b/;

/** Whether node was told how big its young generation may be (then the cap stays out of it). */
export function youngGenChosen(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return execArgv.some((a) => SIZE_FLAGS.test(a.replace(/_/g, '-'))) || SIZE_FLAGS.test((nodeOptions ?? '').replace(/_/g, '-'));
}

/**
 * Keeps the new space at or under `cap` bytes from now on: after each
 * collection, growth is allowed only while a doubling stays within the cap.
 * A new space that is already larger stays as it is (V8 shrinks it when the
 * server is idle, and it grows back only to the cap). Returns the removal,
 * which lets V8 grow it freely again.
 */
export function capYoungGeneration(cap: number = YOUNG_GENERATION_CAP, vm: YoungGenV8 = realV8): () => void {
  let factor: 1 | 2 | null = null;
  const check = () => {
    const want = vm.newSpaceSize() * 2 > cap ? 1 : 2;
    if (want !== factor) {
      factor = want;
      vm.setGrowthFactor(want);
    }
  };
  check();
  const stop = vm.afterGc(check);
  return () => {
    stop();
    if (factor !== 2) vm.setGrowthFactor(2);
  };
}

const realV8: YoungGenV8 = {
  newSpaceSize: () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0,
  setGrowthFactor: (factor) => v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`),
  afterGc: (fn) => {
    const obs = new PerformanceObserver(() => fn());
    obs.observe({ entryTypes: ['gc'] });
    return () => obs.disconnect();
  },
};
