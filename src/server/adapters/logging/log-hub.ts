// The server's log: every line of the debug log, and every log_set of the
// remote API, becomes one entry of a layer ("license") and a level. An entry
// the layer's level lets through is kept in the memory buffer that log_get
// reads and written to the sinks: the log file of log_filename, or standard
// error when there is none. The level can change while the server runs
// (config_set, the monitor's `log`, reload).
import type { DebugLog } from '../../core/debug-log.js';
import { oneLine } from '../../core/debug-log.js';
import { levelPasses, type EntryLevel, type LogBuffer, type LogEntry, type NewEntry } from './log-buffer.js';
import { cloneSettings, layerLevel, type LogSettings } from './settings.js';

interface LogSink {
  write(e: LogEntry): void;
}

interface LogHubOptions {
  buffer: LogBuffer;
  settings: LogSettings;
  /** wall-clock microseconds since 1970 */
  nowUs: () => number;
  sinks?: LogSink[];
  /** lines that start every log file and that log_get gives with `headers` */
  headers?: () => string[];
}

interface AddLog {
  layer: string;
  level: EntryLevel;
  text: string;
  dir?: NewEntry['dir'];
  ueId?: number;
}

export class LogHub implements DebugLog {
  readonly buffer: LogBuffer;
  private current: LogSettings;
  private readonly sinks: LogSink[];
  private readonly nowUs: () => number;
  private readonly headerLines: () => string[];

  constructor(o: LogHubOptions) {
    this.buffer = o.buffer;
    this.current = cloneSettings(o.settings);
    this.nowUs = o.nowUs;
    this.sinks = [...(o.sinks ?? [])];
    this.headerLines = o.headers ?? (() => []);
  }

  get settings(): LogSettings {
    return this.current;
  }

  set settings(s: LogSettings) {
    this.current = cloneSettings(s);
  }

  headers(): string[] {
    return this.headerLines();
  }

  addSink(s: LogSink): void {
    this.sinks.push(s);
  }

  removeSink(s: LogSink): void {
    const i = this.sinks.indexOf(s);
    if (i >= 0) this.sinks.splice(i, 1);
  }

  /** Records an entry when its layer's level lets it through; returns it, or null. */
  add(a: AddLog): LogEntry | null {
    if (!levelPasses(a.level, layerLevel(this.current, a.layer))) return null;
    // lines of a client's text never contain control characters, so one entry cannot forge another
    const data = a.text.split(/\r?\n/).map(oneLine);
    const e: NewEntry = { timestampUs: this.nowUs(), layer: a.layer, level: a.level, data };
    if (a.dir !== undefined) e.dir = a.dir;
    if (a.ueId !== undefined) e.ueId = a.ueId;
    const entry = this.buffer.push(e);
    for (const s of this.sinks) s.write(entry);
    return entry;
  }

  debug(text: string): void {
    this.add({ layer: 'license', level: 'debug', text });
  }
  info(text: string): void {
    this.add({ layer: 'license', level: 'info', text });
  }
  warn(text: string): void {
    this.add({ layer: 'license', level: 'warn', text });
  }
  error(text: string): void {
    this.add({ layer: 'license', level: 'error', text });
  }
}

/** The debug log on a writer as `licutil serve` always wrote it: `ISO-TIME LEVEL text`. */
export function streamSink(write: (line: string) => void): LogSink {
  return {
    write: (e) => {
      const iso = new Date(Math.floor(e.timestampUs / 1000)).toISOString();
      const layer = e.layer === 'license' ? '' : `[${e.layer}] `;
      write(`${iso} ${e.level.padEnd(5)} ${layer}${e.data.join(' | ')}\n`);
    },
  };
}
