// ServerControl on the running license service: what `list`, `client`, `msg`,
// `close`, `license`, `stats`... of the remote API and the monitor read and do.
// A pool of licutil is a "license" of ltelicense (uid = pool id, max = seats)
// and a checkout is one of its "connections".
import type { LeaseService } from '../../core/lease-service.js';
import type { CheckoutStatus, PoolStatus } from '../../core/pool/types.js';
import type { ClientRegistry } from './clients.js';
import type { LogControl } from '../logging/log-control.js';
import type { ClientView, CloseResult, ConnectionView, LicenseInfoView, LicenseView, ReloadSummary, SendResult, ServerControl } from '../control.js';
import type { StatsSampler } from './stats.js';
import type { StatsReport } from '../control.js';

interface ServerControlDeps {
  name: string;
  version: string;
  service: Pick<LeaseService, 'status' | 'remove'>;
  clients: ClientRegistry;
  wallMs: () => number;
  /** pool id → the license files it comes from */
  origins: () => ReadonlyMap<string, readonly string[]>;
  licenseInfo: () => LicenseInfoView;
  reload: (by: string) => Promise<ReloadSummary>;
  quit: (by: string) => void;
  logs: LogControl;
  stats: StatsSampler;
}

export class LiveServerControl implements ServerControl {
  readonly name: string;
  readonly version: string;
  readonly logs: LogControl;

  constructor(private readonly d: ServerControlDeps) {
    this.name = d.name;
    this.version = d.version;
    this.logs = d.logs;
  }

  private pools(): PoolStatus[] {
    const pools = this.d.service.status({ includeProtected: true }).pools;
    this.d.clients.retain(new Set(pools.flatMap((p) => p.checkouts.map((c) => c.handle))));
    return pools;
  }

  private lifetime(c: CheckoutStatus): number {
    return Math.max(0, this.d.wallMs() - Date.parse(c.sinceIso));
  }

  private connection(p: PoolStatus, c: CheckoutStatus): ConnectionView {
    const out: ConnectionView = {
      product: p.product,
      name: `${c.user}@${c.host}`,
      address: this.d.clients.addressOf(c.handle) ?? c.host,
      lifetime: this.lifetime(c),
      client_id: this.d.clients.idOf(c.handle),
      handle: c.handle,
      user: c.user,
      host: c.host,
      pid: c.pid,
      count: c.count,
      version: c.version,
    };
    if (c.tag !== null) out.tag = c.tag;
    return out;
  }

  list(): LicenseView[] {
    const origins = this.d.origins();
    return this.pools().map((p) => {
      const v: LicenseView = {
        uid: p.id,
        products: p.product,
        origin: (origins.get(p.id) ?? []).join(', '),
        max: p.count,
        version: p.version,
        connections: p.checkouts.map((c) => this.connection(p, c)),
        isv: p.isv,
        in_use: p.inUse,
        queued: p.queued,
        expires: p.expiresIso === 'permanent' ? null : p.expiresIso,
        retired: p.retired,
        password_protected: p.hasPassword,
      };
      if (p.tag !== null) v.tag = p.tag;
      return v;
    });
  }

  clients(): ClientView[] {
    const out: ClientView[] = [];
    for (const p of this.pools()) {
      for (const c of p.checkouts) {
        const v: ClientView = {
          id: this.d.clients.idOf(c.handle),
          handle: c.handle,
          product: p.product,
          version: c.version,
          count: c.count,
          user: c.user,
          host: c.host,
          pid: c.pid,
          address: this.d.clients.addressOf(c.handle) ?? c.host,
          since: c.sinceIso,
          lifetime_ms: this.lifetime(c),
          pending_messages: this.d.clients.pending(c.handle),
        };
        if (c.tag !== null) v.tag = c.tag;
        out.push(v);
      }
    }
    return out.sort((a, b) => a.id - b.id);
  }

  license(): LicenseInfoView {
    return this.d.licenseInfo();
  }

  reload(by: string): Promise<ReloadSummary> {
    return this.d.reload(by);
  }

  quit(by: string): void {
    this.d.quit(by);
  }

  broadcast(text: string): number {
    const handles = new Set(this.pools().flatMap((p) => p.checkouts.map((c) => c.handle)));
    for (const h of handles) this.d.clients.push(h, text);
    return handles.size;
  }

  private find(ref: string): ClientView | string {
    const handle = this.d.clients.handleOf(ref);
    const c = handle === undefined ? undefined : this.clients().find((x) => x.handle === handle);
    return c ?? `no client ${ref.slice(0, 80)} (the monitor's client command lists them)`;
  }

  sendTo(ref: string, text: string): SendResult {
    const c = this.find(ref);
    if (typeof c === 'string') return { ok: false, error: c };
    this.d.clients.push(c.handle, text);
    return { ok: true, client: { ...c, pending_messages: c.pending_messages + 1 } };
  }

  async close(ref: string, text: string | undefined, by: string): Promise<CloseResult> {
    const c = this.find(ref);
    if (typeof c === 'string') return { ok: false, error: c };
    this.d.clients.setCloseReason(c.handle, text);
    const r = await this.d.service.remove(c.handle, by);
    if (r.kind === 'removed') return { ok: true, client: c };
    this.d.clients.setCloseReason(c.handle, undefined);
    if (r.kind === 'refused') return { ok: false, error: `${r.message}${r.hint ? ` (${r.hint})` : ''}` };
    return { ok: false, error: `checkout ${c.handle} ended meanwhile` };
  }

  stats(): StatsReport {
    return this.d.stats.sample();
  }
}
