// How the server meets its process (output lines, signals, the monitor's
// terminal), handed in so tests can run it without one. Its own file because
// both serve-main.ts and serve-support.ts use it and serve-main imports support.
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
