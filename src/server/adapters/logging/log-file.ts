// The log file of log_filename (seed 000 §5.2): headers at the top of every
// file, one line per entry, rotation by size (file.rotate=10M), by number of
// logs (file.rotate=#1000) or on demand (file.rotate=now, log_set rotate),
// into file.path when set; file=cut (log_set cut) starts the file again;
// append=1 keeps what an earlier run wrote. log_sync makes every write reach
// the disk before the server goes on. A failing disk never stops the server:
// the first failure is reported and writing is retried at the next entry.
import path from 'node:path';
import type { LogEntry } from './log-buffer.js';
import { formatLogLine, rotatedName } from './log-format.js';
import type { LogSettings } from './settings.js';

export interface LogFileIo {
  /** opens for appending (append) or truncating; returns a handle */
  open(file: string, append: boolean): number;
  write(fd: number, text: string): void;
  sync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  exists(file: string): boolean;
  /** size in bytes of the open file */
  size(fd: number): number;
}

interface LogFileOptions {
  file: string;
  io: LogFileIo;
  /** the live settings (read at every write) */
  settings: () => LogSettings;
  /** lines written at the top of every file ("Headers are kept") */
  headers: () => string[];
  wallMs: () => number;
  startUs: number;
  tzOffsetMinutes: number;
  /** log_sync: sync after every entry */
  sync: boolean;
  onError: (message: string) => void;
}

export class LogFile {
  private fd: number | null = null;
  private bytes = 0;
  private lines = 0;
  private failing = false;
  private closed = false;

  constructor(private readonly o: LogFileOptions) {
    const s = o.settings();
    this.open(s.append === true);
  }

  get fileName(): string {
    return this.o.file;
  }

  write(e: LogEntry): void {
    if (this.closed) return;
    const s = this.o.settings();
    if (this.fd === null && !this.open(true)) return;
    const text = formatLogLine(e, s, this.o.startUs, this.o.tzOffsetMinutes);
    if (!this.attempt(() => this.o.io.write(this.fd as number, text))) return;
    this.bytes += Buffer.byteLength(text);
    this.lines++;
    if (this.o.sync) this.flush();
    const r = s.rotate;
    if ((r?.kind === 'size' && this.bytes >= r.bytes) || (r?.kind === 'count' && this.lines >= r.count)) this.rotate();
  }

  flush(): void {
    if (this.fd !== null) this.attempt(() => this.o.io.sync(this.fd as number));
  }

  /** Moves the file aside (into file.path when set) and starts a new one with the headers. */
  rotate(): void {
    if (this.closed) return;
    this.closeFd();
    const dir = this.o.settings().path ?? path.dirname(this.o.file);
    let target = path.join(dir, rotatedName(path.basename(this.o.file), this.o.wallMs(), this.o.tzOffsetMinutes));
    for (let n = 1; this.o.io.exists(target); n++) target = `${target.replace(/\.\d+$/, '')}.${n}`;
    this.attempt(() => this.o.io.rename(this.o.file, target));
    this.open(false);
  }

  /** file=cut: close the file and open it again, empty. */
  cut(): void {
    if (this.closed) return;
    this.closeFd();
    this.open(false);
  }

  close(): void {
    this.closeFd();
    this.closed = true;
  }

  private open(append: boolean): boolean {
    const ok = this.attempt(() => {
      this.fd = this.o.io.open(this.o.file, append);
      this.bytes = this.o.io.size(this.fd);
      this.lines = 0;
      if (this.bytes === 0 || !append) {
        const text = this.o.headers().map((h) => `# ${h}\n`).join('');
        this.o.io.write(this.fd, text);
        this.bytes += Buffer.byteLength(text);
      }
    });
    if (!ok) this.fd = null;
    return ok;
  }

  private closeFd(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    this.attempt(() => {
      this.o.io.sync(fd);
      this.o.io.close(fd);
    });
  }

  private attempt(fn: () => void): boolean {
    try {
      fn();
      if (this.failing) {
        this.failing = false;
        this.o.onError(`log file ${this.o.file} writes again`);
      }
      return true;
    } catch (e) {
      if (!this.failing) {
        this.failing = true;
        this.o.onError(`log file ${this.o.file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      return false;
    }
  }
}
