// How the server meets its process (output lines, signals, the monitor's
// terminal), handed in so tests can run it without one, and the real one.
// Its own file because both serve-main.ts and serve-support.ts use it and
// serve-main imports support.
import type { Readable } from 'node:stream';

export interface ServeIo {
  /** the ready line goes here (stdout) */
  out: (line: string) => void;
  /** the debug log goes here (stderr) */
  err: (line: string) => void;
  /** install handlers for SIGTERM/SIGINT (stop) and SIGHUP (reread); returns their removal */
  onSignals: (handlers: { stop: (signal: string) => void; reread: () => void }) => () => void;
  /** where --monitor reads commands and writes its answers (stdin, stdout) */
  monitor?: () => { input: Readable; terminal: boolean; write: (text: string) => void };
}

export const processServeIo: ServeIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(line),
  monitor: () => ({ input: process.stdin, terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY), write: (t) => process.stdout.write(t) }),
  onSignals: ({ stop, reread }) => {
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    const onHup = () => reread();
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    process.on('SIGHUP', onHup);
    return () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      process.off('SIGHUP', onHup);
    };
  },
};
