// The monitor on a stream (standard input: a terminal or a pipe): one command
// per line, run one after the other, output written after each. On a terminal
// a prompt is shown. The end of the input ends the monitor, not the server.
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import type { Monitor } from './commands.js';

export interface MonitorStream {
  /** settles when the input has ended (or close() was called) */
  done: Promise<void>;
  close(): void;
}

const MONITOR_PROMPT = '(license) ';

export function attachMonitor(monitor: Monitor, input: Readable, write: (text: string) => void, opts: { terminal: boolean }): MonitorStream {
  const rl = readline.createInterface({ input, terminal: opts.terminal, crlfDelay: Infinity, historySize: opts.terminal ? 100 : 0 });
  let chain = Promise.resolve();
  let closed = false;
  const prompt = () => {
    if (opts.terminal && !closed) write(MONITOR_PROMPT);
  };
  rl.on('line', (line) => {
    chain = chain.then(async () => {
      let out: string;
      try {
        out = await monitor.run(line);
      } catch (e) {
        out = `error: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (out !== '') write(`${out}\n`);
      prompt();
    });
  });
  const done = new Promise<void>((resolve) => rl.on('close', () => void chain.then(() => resolve())));
  prompt();
  return {
    done,
    close: () => {
      if (closed) return;
      closed = true;
      rl.close();
    },
  };
}
