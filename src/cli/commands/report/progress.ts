// Progress of a long read on stderr: bytes read (of how many), events and
// events per second, redrawn in place at most four times a second. Only on a
// terminal, never under --json or --quiet (the caller decides those).

interface Progress {
  update: (bytes: number, events: number) => void;
  stop: () => void;
}

/** Starts drawing after the first second, so a short report draws nothing. */
export function startProgress(totalBytes: number, stream: NodeJS.WriteStream = process.stderr, now: () => number = () => performance.now()): Progress | null {
  if (!stream.isTTY) return null;
  const began = now();
  let last = began;
  let drawn = false;
  return {
    update(bytes, events) {
      const t = now();
      if (t - began < 1000 || t - last < 250) return;
      last = t;
      drawn = true;
      const of = totalBytes > 0 ? ` of ${mb(totalBytes)} (${Math.min(100, Math.floor((bytes / totalBytes) * 100))}%)` : '';
      const rate = Math.round(events / ((t - began) / 1000));
      stream.write(`\r\x1b[Kreading ${mb(bytes)}${of}, ${events.toLocaleString('en-US')} events, ${rate.toLocaleString('en-US')} events/s`);
    },
    stop() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

function mb(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`;
}
