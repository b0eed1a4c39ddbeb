// A ServerControl over plain data and timers the test drives, for the remote
// API's session, handlers and the monitor without a license service.
import { LogHub } from '../../../../src/server/adapters/logging/log-hub.js';
import { LiveLogControl, type LogPolicy } from '../../../../src/server/adapters/logging/log-control.js';
import { defaultSettings } from '../../../../src/server/adapters/logging/settings.js';
import type { ClientView, LicenseView, ReloadSummary, ServerControl } from '../../../../src/server/adapters/control.js';
import { LogBuffer } from '../../../../src/server/adapters/logging/log-buffer.js';
import type { Timers } from '../../../../src/server/core/service.js';
import { StatsSampler } from '../../../../src/server/adapters/remote/stats.js';

/** setTimeout in the test's hands: advance(ms) runs what is due, in order. */
export class FakeTimers implements Timers {
  now = 0;
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.due.set(id, { at: this.now + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  get pending(): number {
    return this.due.size;
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.due) if (e[1].at <= end && (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[0] < next[0]))) next = e;
      if (!next) break;
      this.due.delete(next[0]);
      this.now = next[1].at;
      next[1].fn();
    }
    this.now = end;
  }
}

export interface FakeControl extends ServerControl {
  calls: string[];
  sent: Array<{ client: string; text: string }>;
  quits: string[];
  policy: LogPolicy;
  licenses: LicenseView[];
  clientList: ClientView[];
}

export function fakeControl(timers: FakeTimers, opts: { name?: string } = {}): FakeControl {
  const buffer = new LogBuffer(100);
  const hub = new LogHub({ buffer, settings: defaultSettings('debug'), nowUs: () => 1_700_000_000_000_000 + timers.now * 1000, headers: () => ['licutil test'] });
  const policy: LogPolicy = { locked: false, microseconds: false };
  const calls: string[] = [];
  const sent: Array<{ client: string; text: string }> = [];
  const quits: string[] = [];
  const c: FakeControl = {
    name: opts.name ?? 'LICENSE',
    version: '9.9.9',
    calls,
    sent,
    quits,
    policy,
    licenses: [],
    clientList: [],
    list: () => c.licenses,
    clients: () => c.clientList,
    license: () => ({ products: 'seat', user: 'acme', validity: 'permanent' }),
    reload: async (by: string): Promise<ReloadSummary> => {
      calls.push(`reload by ${by}`);
      return { added: 1, removed: 0, changed: 0, orphaned_checkouts: 0, messages: [] };
    },
    quit: (by: string) => void quits.push(by),
    broadcast: (text: string) => {
      sent.push({ client: '*', text });
      return c.clientList.length;
    },
    sendTo: (client: string, text: string) => {
      const v = c.clientList.find((x) => String(x.id) === client);
      if (!v) return { ok: false, error: `no client ${client}` };
      sent.push({ client, text });
      return { ok: true, client: v };
    },
    close: async (client: string, text: string | undefined) => {
      const v = c.clientList.find((x) => String(x.id) === client);
      if (!v) return { ok: false, error: `no client ${client}` };
      calls.push(`close ${client} ${text ?? ''}`);
      return { ok: true, client: v };
    },
    logs: new LiveLogControl(hub, policy, null),
    stats: () => new StatsSampler(() => ({ user: 0, system: 0 }), () => timers.now, 42).sample(),
  };
  return c;
}
