// The clients of the server as the monitor and the remote API see them: the
// holder of each checkout, with a small number to type in the monitor
// (`msgto 3 ...`, `close 3 ...`), the address its checkout came from, the
// messages waiting for its next heartbeat, and why an administrator closed it.
// Fed by the lease routes (ClientHooks) and by the pool events; bounded, so a
// client that never heartbeats again cannot make it grow.
import type { ClientHooks } from '../http/client-hooks.js';
import type { PoolEvent } from '../pool/types.js';

interface ClientRecord {
  id: number;
  address?: string;
  messages: string[];
  closeReason?: string;
  /** monotonic ms the checkout ended (kept a while for its close reason) */
  endedAt?: number;
}

export interface ClientRegistryOptions {
  /** messages kept per client; older ones are dropped */
  maxMessages?: number;
  /** how long a closed checkout's reason waits for its holder's heartbeat */
  keepClosedMs?: number;
  /** closed checkouts remembered at most */
  maxClosed?: number;
}

export class ClientRegistry implements ClientHooks {
  private nextId = 1;
  private readonly byHandle = new Map<string, ClientRecord>();
  private readonly byId = new Map<number, string>();
  /** closed checkouts in the order they ended: handle → monotonic ms */
  private readonly closed = new Map<string, number>();
  private readonly maxMessages: number;
  private readonly keepClosedMs: number;
  private readonly maxClosed: number;

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
    if (/^\d{1,9}$/.test(t)) return this.byId.get(Number(t));
    return this.byHandle.has(t) ? t : undefined;
  }

  addressOf(handle: string): string | undefined {
    return this.byHandle.get(handle)?.address;
  }

  pending(handle: string): number {
    return this.byHandle.get(handle)?.messages.length ?? 0;
  }

  /** Queues a message for the holder's next heartbeat. */
  push(handle: string, text: string): void {
    const r = this.record(handle);
    r.messages.push(text);
    if (r.messages.length > this.maxMessages) r.messages.splice(0, r.messages.length - this.maxMessages);
  }

  setCloseReason(handle: string, text: string | undefined): void {
    const r = this.record(handle);
    if (text === undefined || text === '') delete r.closeReason;
    else r.closeReason = text;
  }

  // ---- ClientHooks ---------------------------------------------------------

  granted(handle: string, address: string): void {
    this.record(handle).address = address;
  }

  takeMessages(handle: string): string[] {
    const r = this.byHandle.get(handle);
    if (!r || r.messages.length === 0) return [];
    const out = r.messages;
    r.messages = [];
    return out;
  }

  closeReason(handle: string): string | undefined {
    const r = this.byHandle.get(handle);
    const why = r?.closeReason;
    if (r && r.endedAt !== undefined) this.forget(handle);
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
        const r = this.byHandle.get(e.lease.handle);
        // keep a closed checkout's reason until its holder asks (or for a while)
        if (r?.closeReason !== undefined) {
          r.endedAt = this.monoMs();
          r.messages = [];
          this.closed.set(e.lease.handle, r.endedAt);
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
    for (const [handle, r] of this.byHandle) if (r.endedAt === undefined && !live.has(handle)) this.forget(handle);
  }

  private record(handle: string): ClientRecord {
    let r = this.byHandle.get(handle);
    if (!r) {
      r = { id: this.nextId++, messages: [] };
      this.byHandle.set(handle, r);
      this.byId.set(r.id, handle);
    }
    return r;
  }

  private forget(handle: string): void {
    const r = this.byHandle.get(handle);
    if (!r) return;
    this.byHandle.delete(handle);
    this.byId.delete(r.id);
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
