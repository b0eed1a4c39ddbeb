// The clients of the server as the monitor and the remote API see them: the
// holder of each checkout, with a small number to type in the monitor
// (`msgto 3 ...`, `close 3 ...`), the address its checkout came from, the
// messages waiting for its next heartbeat, and why an administrator closed it.
// Fed by the lease routes (ClientHooks) and by the pool events; bounded, so a
// client that never heartbeats again cannot make it grow.
import type { ClientHooks } from '../http/client-hooks.js';
import type { PoolEvent } from '../../core/pool/types.js';

// One per live checkout, so it is kept small: a number and an address, every
// field set when the record is made (no property added later, which would
// give each record a separate property array), addresses shared (100,000
// checkouts from a few hundred connections hold a few hundred address
// strings, not 100,000), and what only a few clients ever have (messages, a
// close reason) apart, made when there is one (bench/suites/leases.ts).
interface ClientRecord {
  id: number;
  address: string | undefined;
  more: ClientExtra | undefined;
}

interface ClientExtra {
  messages: string[] | undefined;
  closeReason: string | undefined;
  /** monotonic ms the checkout ended (kept a while for its close reason) */
  endedAt: number | undefined;
}

interface ClientRegistryOptions {
  /** messages kept per client; older ones are dropped */
  maxMessages?: number;
  /** how long a closed checkout's reason waits for its holder's heartbeat */
  keepClosedMs?: number;
  /** closed checkouts remembered at most */
  maxClosed?: number;
}

export class ClientRegistry implements ClientHooks {
  private nextId = 1;
  // no map by number: a second map of every live checkout cost as much as the
  // records, for a lookup an administrator types now and then (a scan is ~1 ms at 100,000)
  private readonly byHandle = new Map<string, ClientRecord>();
  /** closed checkouts in the order they ended: handle → monotonic ms */
  private readonly closed = new Map<string, number>();
  private readonly maxMessages: number;
  private readonly keepClosedMs: number;
  private readonly maxClosed: number;
  /** address text → the one string kept for it */
  private readonly addresses = new Map<string, string>();

  constructor(
    private readonly monoMs: () => number,
    opts: ClientRegistryOptions = {},
  ) {
    this.maxMessages = opts.maxMessages ?? 32;
    this.keepClosedMs = opts.keepClosedMs ?? 2 * 3_600_000;
    this.maxClosed = opts.maxClosed ?? 10_000;
  }

  /** The client number of a checkout, given on first sight (restored checkouts too). */
  idOf(handle: string): number {
    return this.record(handle).id;
  }

  /** A client number ("3") or a checkout handle → the handle; undefined when unknown. */
  handleOf(ref: string): string | undefined {
    const t = ref.trim();
    if (/^\d{1,9}$/.test(t)) {
      const id = Number(t);
      for (const [handle, r] of this.byHandle) if (r.id === id) return handle;
      return undefined;
    }
    return this.byHandle.has(t) ? t : undefined;
  }

  addressOf(handle: string): string | undefined {
    return this.byHandle.get(handle)?.address;
  }

  pending(handle: string): number {
    return this.byHandle.get(handle)?.more?.messages?.length ?? 0;
  }

  /** Queues a message for the holder's next heartbeat. */
  push(handle: string, text: string): void {
    const x = extra(this.record(handle));
    const m = (x.messages ??= []);
    m.push(text);
    if (m.length > this.maxMessages) m.splice(0, m.length - this.maxMessages);
  }

  setCloseReason(handle: string, text: string | undefined): void {
    extra(this.record(handle)).closeReason = text === undefined || text === '' ? undefined : text;
  }

  // ---- ClientHooks ---------------------------------------------------------

  granted(handle: string, address: string): void {
    let shared = this.addresses.get(address);
    if (shared === undefined) {
      // a bounded cache: client ports come and go over months
      if (this.addresses.size >= 4096) this.addresses.clear();
      shared = address;
      this.addresses.set(address, shared);
    }
    this.record(handle).address = shared;
  }

  takeMessages(handle: string): string[] {
    const x = this.byHandle.get(handle)?.more;
    const out = x?.messages;
    if (!x || !out || out.length === 0) return [];
    x.messages = undefined;
    return out;
  }

  closeReason(handle: string): string | undefined {
    const x = this.byHandle.get(handle)?.more;
    const why = x?.closeReason;
    if (x && x.endedAt !== undefined) this.forget(handle);
    return why;
  }

  // ---- pool events ---------------------------------------------------------

  onEvent(e: PoolEvent): void {
    switch (e.type) {
      case 'checkout':
        this.record(e.lease.handle);
        break;
      case 'checkin':
      case 'reclaim':
        this.forget(e.lease.handle);
        break;
      case 'removal': {
        const x = this.byHandle.get(e.lease.handle)?.more;
        // keep a closed checkout's reason until its holder asks (or for a while)
        if (x?.closeReason !== undefined) {
          const endedAt = this.monoMs();
          x.endedAt = endedAt;
          x.messages = undefined;
          this.closed.set(e.lease.handle, endedAt);
        } else {
          this.forget(e.lease.handle);
        }
        break;
      }
      default:
        break;
    }
    this.prune();
  }

  /** Drops clients whose checkout is no longer live (after a reread retired them, a restart, ...). */
  retain(live: ReadonlySet<string>): void {
    for (const [handle, r] of this.byHandle) if (r.more?.endedAt === undefined && !live.has(handle)) this.forget(handle);
  }

  private record(handle: string): ClientRecord {
    let r = this.byHandle.get(handle);
    if (!r) {
      r = { id: this.nextId++, address: undefined, more: undefined };
      this.byHandle.set(handle, r);
    }
    return r;
  }

  private forget(handle: string): void {
    if (!this.byHandle.delete(handle)) return;
    this.closed.delete(handle);
  }

  private prune(): void {
    const now = this.monoMs();
    for (const [handle, endedAt] of this.closed) {
      if (now - endedAt <= this.keepClosedMs && this.closed.size <= this.maxClosed) break;
      this.forget(handle);
    }
  }
}

function extra(r: ClientRecord): ClientExtra {
  return (r.more ??= { messages: undefined, closeReason: undefined, endedAt: undefined });
}
