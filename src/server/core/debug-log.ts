// The human debug log (RLM's "debug log"): one line per event, timestamped, to a
// writer the caller chooses (stderr for `licutil serve`). Lines never contain a
// raw control character from a client, so a crafted user name cannot forge a line.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface DebugLog {
  debug(text: string): void;
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Replace control characters so one call is always one line. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? ' | ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

export function createDebugLog(write: (line: string) => void, now: () => number, minLevel: LogLevel = 'info'): DebugLog {
  const emit = (level: LogLevel, text: string) => {
    if (RANK[level] < RANK[minLevel]) return;
    write(`${new Date(now()).toISOString()} ${level.padEnd(5)} ${oneLine(text)}\n`);
  };
  return {
    debug: (t) => emit('debug', t),
    info: (t) => emit('info', t),
    warn: (t) => emit('warn', t),
    error: (t) => emit('error', t),
  };
}

/** A log that keeps its lines, for tests. */
export function memoryLog(): DebugLog & { lines: { level: LogLevel; text: string }[] } {
  const lines: { level: LogLevel; text: string }[] = [];
  return {
    lines,
    debug: (text) => lines.push({ level: 'debug', text }),
    info: (text) => lines.push({ level: 'info', text }),
    warn: (text) => lines.push({ level: 'warn', text }),
    error: (text) => lines.push({ level: 'error', text }),
  };
}
