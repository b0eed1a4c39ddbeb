// Client processes the chaos loop SIGKILLs (chaos-client.mjs). Their stdout
// lines give the parent what each one was acknowledged; once one is killed and
// its pipe has closed, the parent knows its final state exactly, and each seat
// it held becomes a "dead" lease the status watch follows: it must not vanish
// before its lease could have run out, and must be gone within the lease
// (from the kill, or from a server restart, which restarts restored leases)
// plus a slack for timers on a busy machine.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pick, type Violations } from './violations.js';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chaos-client.mjs');

export interface ChildLease {
  handle: string;
  product: string;
  leaseMs: number;
  lastSend: number;
  ackRecv: number;
  state: 'held' | 'ci-sent';
}

export interface DeadLease {
  handle: string;
  /** gone from status before this is a violation (null: a checkin may have reached the server) */
  notBefore: number | null;
  killedAt: number;
  leaseMs: number;
  /** when the parent read the checkout's acknowledgement: a status requested earlier may predate the grant */
  ackRecv: number;
}

interface Child {
  id: number;
  proc: ChildProcessByStdio<null, Readable, null>;
  leases: Map<string, ChildLease>;
  ops: number;
  closed: Promise<void>;
}

export interface ChildrenOptions {
  url: string;
  leaseS: number;
  slots: number;
  products: string[];
  violations: Violations;
}

export class Children {
  readonly known = new Set<string>();
  /** handles whose checkin a client process saw answered 200 */
  readonly checkedIn = new Set<string>();
  readonly dead = new Map<string, DeadLease>();
  kills = 0;
  spawned = 0;
  private alive: Child[] = [];
  private deadOps = 0;
  private seq = 0;

  constructor(private readonly o: ChildrenOptions) {}

  get ops(): number {
    return this.deadOps + this.alive.reduce((n, c) => n + c.ops, 0);
  }

  get count(): number {
    return this.alive.length;
  }

  spawn(): void {
    const id = ++this.seq;
    const proc = spawn(process.execPath, [SCRIPT, this.o.url, String(this.o.leaseS), String(this.o.slots), this.o.products.join(','), `child${id % 3}`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const child: Child = { id, proc, leases: new Map(), ops: 0, closed: Promise.resolve() };
    const rl = createInterface({ input: proc.stdout });
    rl.on('line', (line) => this.onLine(child, line));
    child.closed = new Promise((resolve) => rl.once('close', () => resolve()));
    this.alive.push(child);
    this.spawned++;
  }

  /** SIGKILL one at random and start another in its place. */
  async killOne(): Promise<void> {
    const c = pick(this.alive);
    if (!c) return;
    await this.kill(c);
    this.spawn();
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.alive].map((c) => this.kill(c)));
  }

  /** Seats live children hold that the server acknowledged before t and cannot have lapsed by t. */
  definitelyHeld(t: number): ChildLease[] {
    return this.alive.flatMap((c) => [...c.leases.values()].filter((l) => l.state === 'held' && l.ackRecv < t && t < l.lastSend + l.leaseMs));
  }

  private async kill(c: Child): Promise<void> {
    const killedAt = Date.now();
    c.proc.kill('SIGKILL');
    this.kills++;
    this.alive = this.alive.filter((x) => x !== c);
    // everything it wrote before it died is in the pipe; read it all
    await c.closed;
    this.deadOps += c.ops;
    for (const l of c.leases.values()) {
      this.dead.set(l.handle, { handle: l.handle, notBefore: l.state === 'held' ? l.lastSend + l.leaseMs : null, killedAt, leaseMs: l.leaseMs, ackRecv: l.ackRecv });
    }
  }

  private onLine(c: Child, line: string): void {
    let m: { e: string; h?: string; p?: string; t?: number; l?: number; n?: number; code?: string | null; s?: number };
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      this.o.violations.add('child-output', line.slice(0, 200));
      return;
    }
    const l = m.h === undefined ? undefined : c.leases.get(m.h);
    switch (m.e) {
      case 'ops':
        c.ops = m.n ?? c.ops;
        break;
      case 'ack':
        if (m.h) {
          c.leases.set(m.h, { handle: m.h, product: m.p ?? '', leaseMs: m.l ?? 0, lastSend: m.t ?? 0, ackRecv: Date.now(), state: 'held' });
          this.known.add(m.h);
        }
        break;
      case 'hb':
        if (l) l.lastSend = m.t ?? l.lastSend;
        break;
      case 'ci-sent':
        if (l) l.state = 'ci-sent';
        break;
      case 'ci':
        if (m.s === 200 && m.h) this.checkedIn.add(m.h);
        if (l) c.leases.delete(l.handle);
        break;
      case 'gone':
        if (l) {
          if (l.state === 'held' && (m.t ?? 0) < l.lastSend + l.leaseMs) {
            this.o.violations.add(
              m.code === 'LICUTIL_E_NO_SUCH_HANDLE' ? 'acknowledged-checkout-lost' : 'lapsed-early',
              `client process: heartbeat of ${l.handle} answered ${m.code} ${(m.t ?? 0) - l.lastSend} ms after the renewal sent, lease ${l.leaseMs} ms`,
            );
          }
          c.leases.delete(l.handle);
        }
        break;
      default:
        break;
    }
  }
}
