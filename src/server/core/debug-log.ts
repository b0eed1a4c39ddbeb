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

/** Replace control characters so one call is always one line. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? ' | ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
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
