// What `checkout`, `checkin` and `heartbeat` need from the process while they
// run: a line on stderr now (progress, warnings while a command holds the seat —
// these cannot wait for the command's output), the terminal signals, and child
// processes. Tests pass their own.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export type ForwardedSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
export const FORWARDED_SIGNALS: readonly ForwardedSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface CheckoutIo {
  /** write one diagnostic line to stderr, prefixed `licutil: ` */
  say(line: string): void;
  /** is stderr a terminal (spinner) */
  stderrIsTTY: boolean;
  stderr: NodeJS.WritableStream;
  /** call `fn` on each of the signals until the returned function is called */
  onSignals(signals: readonly ForwardedSignal[], fn: (s: ForwardedSignal) => void): () => void;
  spawn(command: string, args: string[], options: SpawnOptions): ChildProcess;
}

export const processIo: CheckoutIo = {
  say: (line) => {
    process.stderr.write(`licutil: ${line}\n`);
  },
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stderr: process.stderr,
  onSignals(signals, fn) {
    const handlers = signals.map((s) => [s, () => fn(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    return () => {
      for (const [s, h] of handlers) process.off(s, h);
    };
  },
  spawn: (command, args, options) => spawn(command, args, options),
};
