// Run a command while a lease is held: inherited stdio, LICUTIL_HANDLE and
// LICUTIL_SERVER in its environment, SIGINT/SIGTERM/SIGHUP forwarded, the
// lease's trouble reported as it happens. Returns how the command ended; the
// caller checks the seat in and turns that into an exit status.
import { constants } from 'node:os';
import type { LeaseApi, LeaseLost, HeartbeatTrouble } from '../../../client/types.js';
import { FORWARDED_SIGNALS, type CheckoutIo } from './io.js';

export interface ChildEnd {
  /** exit code, or null when the command died by a signal or never started */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** why the command could not be started */
  spawnError?: NodeJS.ErrnoException;
}

interface HeldRunOptions {
  command: string;
  args: string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  lease: LeaseApi;
  product: string;
  onLost: 'warn' | 'kill';
  io: CheckoutIo;
}

/** 128 + the signal's number, as a shell reports a command killed by it. */
export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

function childEnv(o: HeldRunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(o.env)) if (v !== undefined) env[k] = v;
  env.LICUTIL_HANDLE = o.lease.handle;
  env.LICUTIL_SERVER = o.lease.endpoint.spec;
  return env;
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

export function runHeld(o: HeldRunOptions): Promise<ChildEnd> {
  const { io, lease } = o;
  return new Promise<ChildEnd>((resolve) => {
    let settled = false;
    let troubled = false;
    const onTrouble = (t: HeartbeatTrouble) => {
      if (troubled) return;
      troubled = true;
      io.say(`cannot renew the ${o.product} seat at ${lease.endpoint.spec}: ${t.error.message}; retrying for the ${seconds(t.remainingMs)} left on the lease`);
    };
    const onRenewed = () => {
      if (!troubled) return;
      troubled = false;
      io.say(`renewed the ${o.product} seat at ${lease.endpoint.spec} again`);
    };
    const onLost = (l: LeaseLost) => {
      io.say(`lost the ${o.product} seat (${l.reason}): ${l.error.message}`);
      if (o.onLost === 'kill' && !settled) {
        io.say('stopping the command with SIGTERM (--on-lost kill)');
        child.kill('SIGTERM');
      }
    };
    const onMessage = (m: string) => io.say(`message from the license administrator: ${m}`);
    lease.on('trouble', onTrouble);
    lease.on('renewed', onRenewed);
    lease.on('lost', onLost);
    lease.on('message', onMessage);

    const child = io.spawn(o.command, o.args, { stdio: 'inherit', env: childEnv(o), cwd: o.cwd });
    // the terminal sends Ctrl+C to the whole foreground group; forwarding it too is harmless and covers `kill -INT <licutil>`
    const stopForwarding = io.onSignals(FORWARDED_SIGNALS, (s) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(s);
    });
    const finish = (end: ChildEnd) => {
      if (settled) return;
      settled = true;
      stopForwarding();
      lease.off('trouble', onTrouble);
      lease.off('renewed', onRenewed);
      lease.off('lost', onLost);
      lease.off('message', onMessage);
      resolve(end);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      // 'error' without a pid: it never started; with one, a kill failed and 'exit' still comes
      if (child.pid === undefined) finish({ code: null, signal: null, spawnError: e });
    });
    child.once('exit', (code, signal) => finish({ code, signal }));
  });
}
