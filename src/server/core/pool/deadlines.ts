// The deadline heap's clean-up. The manager deletes lazily: a checked-in
// lease, a heartbeat's old deadline, a cancelled waiter stay in the heap until
// they come due, and firing them then does nothing.
import type { MinHeap } from './heap.js';
import type { TimerEntry } from './runtime.js';

/**
 * A checked-in lease leaves its entry in the deadline heap until its lease
 * would have ended (lazy deletion). Under steady checkout/checkin traffic
 * that is every lease of the last lease period — 1.5 million Lease and Seat
 * objects at 5,000 pairs/s with 300 s leases — so the heap, the garbage
 * collector's marking and the timer wake-ups for deadlines that no longer
 * matter grew with the traffic instead of with the live state. When the heap
 * has doubled since the last rebuild, the entries whose firing would do
 * nothing are dropped; the rest are filed at their true deadline (what
 * firing a stale-keyed entry would have done). The rebuild costs O(n log n)
 * once per n operations, and the heap stays within twice the live timers.
 */
export function compactDeadlines(timers: MinHeap<TimerEntry>, tombstones: ReadonlyMap<string, unknown>): void {
  const live: TimerEntry[] = [];
  const keys: number[] = [];
  for (;;) {
    const e = timers.pop();
    if (e === undefined) break;
    const at = liveDeadline(e, tombstones);
    if (at === null) continue;
    live.push(e);
    keys.push(at);
  }
  for (let i = 0; i < live.length; i++) timers.push(keys[i] as number, live[i] as TimerEntry);
}

/** When a timer entry still has something to do, the monotonic ms it is due; null when firing it would do nothing. */
function liveDeadline(e: TimerEntry, tombstones: ReadonlyMap<string, unknown>): number | null {
  switch (e.tk) {
    case 'lease':
      return e.active ? e.deadlineMono : null;
    case 'seat':
      return e.heldUntilMono > 0 && e.pool.seats.get(e.id) === e ? e.heldUntilMono : null;
    case 'tomb':
      return tombstones.get(e.handle) === e ? e.expiresMono : null;
    case 'waiter':
      return e.waiting ? e.deadlineMono : null;
  }
}
