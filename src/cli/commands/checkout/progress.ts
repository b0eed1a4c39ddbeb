// The place in the queue while `checkout --wait` waits: an ora spinner on a
// terminal, a plain stderr line every few seconds otherwise (CI logs), nothing
// under --quiet or --json. The spinner stops before the command takes the
// terminal.
import type { QueuePosition } from '../../../client/types.js';
import type { CheckoutIo } from './io.js';

interface Progress {
  queued(q: QueuePosition): void;
  stop(): void;
}

type ProgressMode = 'spinner' | 'lines' | 'none';

export function progressMode(io: CheckoutIo, quiet: boolean, json: boolean): ProgressMode {
  if (quiet || json) return 'none';
  return io.stderrIsTTY ? 'spinner' : 'lines';
}

/** "position 2 of 3" — or why there is no position. */
export function queueText(product: string, q: QueuePosition): string {
  const where = q.position === null ? 'queued' : `position ${q.position} of ${Math.max(q.waiting, q.position)}`;
  return `waiting for ${product} on ${q.endpoint.spec}: ${where}, ${Math.round(q.elapsedSeconds)} s so far`;
}

const NONE: Progress = { queued: () => undefined, stop: () => undefined };

/** Plain lines: the first position at once, then at most one line per `everyMs`, and whenever the position changes to 1. */
export function lineProgress(io: CheckoutIo, product: string, everyMs: number, now: () => number = () => performance.now()): Progress {
  let last = -Infinity;
  let lastPosition: number | null = null;
  return {
    queued(q) {
      const t = now();
      const becameNext = q.position === 1 && lastPosition !== 1;
      if (t - last >= everyMs || becameNext) {
        last = t;
        io.say(queueText(product, q));
      }
      lastPosition = q.position;
    },
    stop: () => undefined,
  };
}

export async function makeProgress(mode: ProgressMode, io: CheckoutIo, product: string): Promise<Progress> {
  if (mode === 'none') return NONE;
  if (mode === 'lines') return lineProgress(io, product, 5_000);
  const { default: ora } = await import('ora');
  // discardStdin: false keeps Ctrl+C a signal, and stdin untouched for the command
  const spinner = ora({ stream: io.stderr, discardStdin: false, text: `waiting for ${product}` });
  let started = false;
  return {
    queued(q) {
      spinner.text = queueText(product, q);
      if (!started) {
        started = true;
        spinner.start();
      }
    },
    stop() {
      if (started) spinner.stop();
    },
  };
}
