// Reading usage logs: each file (or `-`, standard input; gzip by its magic
// bytes) is read as a stream of lines in chunks, so memory stays flat however
// large the log; its format is told from its first lines; its events are
// merged in time order with the other files' (rotated files, several servers)
// and handed to the aggregator one by one. A line no reader understands is
// counted, and the first few are kept with file:line; it never stops the read.
import { read } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { flexnetParser } from '../legacy/logs/flexnet-debug.js';
import type { CivilDate } from '../legacy/logs/local-time.js';
import { rlmParser } from '../legacy/logs/rlm-report.js';
import { blankEvent, resetEvent, type EventOut, type LineParser, type LogFormat, type UnreadLine, type UsageEvent } from './events/events.js';
import { detached } from './events/intern.js';
import type { InputFigures } from './figures.js';
import { LineChunks, MAX_LINE } from './line-chunks.js';
import { licutilLogParser } from './licutil-log.js';

interface ReadOptions {
  /** force a format instead of telling it from the content */
  format: LogFormat | null;
  timeZone: string;
  /** where a log with no START/TIMESTAMP places its dates: on or before this day */
  today: CivilDate;
  /** bytes read so far of all inputs, as they are read */
  onProgress?: (bytes: number, events: number) => void;
  /** asked between batches: stop reading (events are past --until) */
  enough?: () => boolean;
  /** standard input, for `-` */
  stdin?: () => Readable;
}

interface ReadSummary {
  inputs: InputFigures[];
  unread: { count: number; first: UnreadLine[] };
}

const FIRST_UNREAD = 10;
/** bytes read at a time: fewer, larger chunks cost less per line (bench/suites/report.ts) */
const CHUNK = 1 << 20;
/** gunzip's output pieces (its default, 16 KiB, makes four times as many buffers) */
const GZ_CHUNK = 64 * 1024;
const SNIFF_LINES = 20;
const SNIFF_BYTES = 1 << 16;
const FLEXNET_LINE = /^\s*\d{1,2}:\d\d:\d\d \([^)\s]+\) /;
const RLM_FIRST = /^(RLM Report Log Format|START |OUT |IN |DENY |QUE |DEQUE |INUSE |PRODUCT |ISV: |SWITCH )/;

export class UnknownFormatError extends Error {
  constructor(readonly file: string) {
    super(`${file}: not a licutil report log, a FlexNet debug log or an RLM report log`);
  }
}

/**
 * Tells the format from a file's first lines: undefined while they are too
 * few to tell (`complete`: there are no more).
 */
function sniffFormat(lines: readonly string[], complete: boolean): LogFormat | null | undefined {
  let seen = 0;
  for (const l of lines) {
    if (l.trim() === '') continue;
    if (seen === 0 && l.trimStart().startsWith('{')) return isReportEntry(l) ? 'licutil' : null;
    if (FLEXNET_LINE.test(l)) return 'flexnet';
    if (RLM_FIRST.test(l)) return 'rlm';
    if (++seen >= SNIFF_LINES) return null;
  }
  return complete ? null : undefined;
}

function isReportEntry(line: string): boolean {
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && 'event' in v && 'time' in v;
  } catch {
    return false;
  }
}

/** report.ndjson.1, debug.log.gz, reportlog.2026.03.04: one server's log, whichever piece. */
function serverName(file: string): string {
  if (file === '-') return 'stdin';
  return file.replace(/\.gz$/, '').replace(/\.\d{4}\.\d\d\.\d\d$/, '').replace(/\.\d+$/, '');
}

/**
 * A file's chunks, read into one buffer used again for every chunk (a stream
 * would allocate a new 1 MiB buffer per read, freed only by a later GC). A
 * chunk is valid until the next is asked for.
 */
async function* fileChunks(file: string): AsyncGenerator<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

const readFd = (fd: number, buf: Buffer): Promise<number> => new Promise((resolve, reject) => read(fd, buf, 0, buf.length, null, (e, n) => (e ? reject(e) : resolve(n))));

/**
 * Standard input's chunks, read from file descriptor 0 like a file, into one
 * buffer: process.stdin makes a new 64 KiB buffer per read, and in the report's
 * worker thread (in-worker.ts) it would be fed by the main thread, a copy per
 * chunk, whose buffers piled up there as external memory (45 MiB over 200 MB
 * piped). A descriptor left non-blocking by whoever started us answers EAGAIN
 * while the pipe is empty: asked again a little later.
 */
async function* stdinChunks(): AsyncGenerator<Buffer> {
  const buf = Buffer.allocUnsafeSlow(CHUNK);
  for (;;) {
    let n: number;
    try {
      n = await readFd(0, buf);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    if (n === 0) return;
    yield buf.subarray(0, n);
  }
}

interface OpenInput {
  chunks: AsyncIterator<Buffer>;
  close: () => Promise<void>;
}

/** An input's chunks of raw bytes, unzipped when it starts with the gzip magic. */
async function openInput(file: string, opts: ReadOptions, counted: (n: number) => void): Promise<OpenInput> {
  const given = file === '-' ? opts.stdin?.() : undefined;
  const it: AsyncIterator<Buffer> = given !== undefined ? (given[Symbol.asyncIterator]() as AsyncIterator<Buffer>) : file === '-' ? stdinChunks() : fileChunks(file);
  const first = await it.next();
  async function* rawChunks(): AsyncGenerator<Buffer> {
    if (first.done) return;
    counted(first.value.length);
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      counted(r.value.length);
      yield r.value;
    }
  }
  const close = async () => {
    await it.return?.();
  };
  if (first.done || !(first.value[0] === 0x1f && first.value[1] === 0x8b)) return { chunks: rawChunks(), close };
  const gunzip = createGunzip({ chunkSize: GZ_CHUNK });
  void (async () => {
    try {
      // each chunk is consumed before the next is read: the file's buffer is used again
      for await (const c of rawChunks()) await new Promise<void>((resolve, reject) => gunzip.write(c, (e) => (e ? reject(e) : resolve())));
      gunzip.end();
    } catch (e) {
      gunzip.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return {
    chunks: gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>,
    close: async () => {
      gunzip.destroy();
      await close();
    },
  };
}

/**
 * One input as a queue of its events, read a chunk at a time. The events of a
 * chunk are objects kept from chunk to chunk and filled anew (EventOut): the
 * aggregator reads each once and keeps none, and a report over a large log
 * then makes no object per line for them (bench/suites/report.ts).
 */
class InputStream {
  /** the events of the current chunk are pool[at..count) */
  readonly pool: UsageEvent[] = [];
  count = 0;
  at = 0;
  done = false;
  private parser: LineParser | null = null;
  private input: OpenInput | null = null;
  /** the first lines, until they tell the format */
  private pending = '';
  private readonly chunker = new LineChunks({
    text: (t) => this.text(t),
    bytes: (buf, a, b) => {
      // a reader that reads bytes (FlexNet) is handed them, once the format is known
      const parser = this.parser;
      if (parser === null || parser.bytes === undefined) return false;
      this.byteLines(parser, buf, a, b);
      return true;
    },
    tooLong: (head) => {
      this.figures.lines++;
      this.unreadLine(this.figures.lines, head, `longer than ${MAX_LINE / (1024 * 1024)} MiB: not a log line`);
    },
  });
  readonly figures: InputFigures;
  private readonly out: EventOut = {
    next: () => {
      const e = this.pool[this.count];
      this.count++;
      if (e !== undefined) return resetEvent(e);
      const fresh = blankEvent();
      this.pool.push(fresh);
      return fresh;
    },
    keep: (e) => {
      if (this.count < this.pool.length) this.pool[this.count] = e;
      else this.pool.push(e);
      this.count++;
    },
  };

  constructor(
    readonly file: string,
    private readonly opts: ReadOptions,
    private readonly unread: ReadSummary['unread'],
    private readonly counted: (n: number) => void,
  ) {
    this.figures = { file, format: opts.format ?? 'unknown', lines: 0, events: 0, unread: 0 };
  }

  /** Reads until there are events or the input ends. */
  async fill(): Promise<void> {
    this.count = 0;
    this.at = 0;
    try {
      this.input ??= await openInput(this.file, this.opts, this.counted);
    } catch (e) {
      throw withFile(e, this.file);
    }
    while (this.count === 0 && !this.done) {
      const r = await this.input.chunks.next().catch((e: unknown) => {
        throw withFile(e, this.file);
      });
      if (r.done) {
        this.done = true;
        this.chunker.end();
        if (this.parser === null && this.pending !== '') this.start(true);
        if (this.parser !== null) {
          const end = this.parser.end(this.out);
          this.figures.unread += end.unread;
          this.unread.count += end.unread;
          for (const u of end.firstUnread) this.keep(u.line, u.text, u.why);
        }
        break;
      }
      this.chunker.push(r.value);
    }
    this.figures.events += this.count;
  }

  /** Lets go of the input (it may not have been read to its end). */
  async close(): Promise<void> {
    await this.input?.close();
  }

  /** Whole lines, '\n' after each (perhaps not the input's last); \r\n and \n both end a line. */
  private text(text: string): void {
    if (this.parser === null) {
      this.pending += text;
      if (!this.start(false)) return;
      text = this.pending;
      this.pending = '';
    }
    const parser = this.parser as LineParser;
    let lineNo = this.figures.lines;
    for (let a = 0; a < text.length; ) {
      let b = text.indexOf('\n', a);
      if (b < 0) b = text.length;
      const end = b > a && text.charCodeAt(b - 1) === 13 ? b - 1 : b;
      const line = text.slice(a, end);
      const why = parser.line(line, ++lineNo, this.out);
      if (why !== null) this.unreadLine(lineNo, line, why);
      a = b + 1;
    }
    this.figures.lines = lineNo;
  }

  /**
   * Whole lines as bytes buf[a, b) ('\n' after each, perhaps not the input's
   * last), for a reader that reads them so; a line it declines is decoded
   * and read as text.
   */
  private byteLines(parser: LineParser, buf: Buffer, a: number, b: number): void {
    const out = this.out;
    let lineNo = this.figures.lines;
    while (a < b) {
      let nl = buf.indexOf(10, a);
      if (nl < 0 || nl >= b) nl = b;
      const end = nl > a && buf[nl - 1] === 13 ? nl - 1 : nl;
      lineNo++;
      if (!parser.bytes?.(buf, a, end, out)) {
        const line = buf.toString('utf8', a, end);
        const why = parser.line(line, lineNo, out);
        if (why !== null) this.unreadLine(lineNo, line, why);
      }
      a = nl + 1;
    }
    this.figures.lines = lineNo;
  }

  /** Tells the format from the pending first lines, once they are enough to (or `all` there are): false while it cannot yet. */
  private start(all: boolean): boolean {
    let format = this.opts.format;
    if (format === null) {
      const sniffed = sniffFormat(this.pending.slice(0, SNIFF_BYTES).split('\n'), all || this.pending.length >= SNIFF_BYTES);
      if (sniffed === undefined) return false;
      if (sniffed === null) throw new UnknownFormatError(this.file);
      format = sniffed;
    }
    this.figures.format = format;
    this.parser = makeParser(format, serverName(this.file), this.opts);
    if (all) {
      const rest = this.pending;
      this.pending = '';
      this.text(rest);
    }
    return true;
  }

  private unreadLine(lineNo: number, text: string, why: string): void {
    this.figures.unread++;
    this.unread.count++;
    this.keep(lineNo, text, why);
  }

  private keep(line: number, text: string, why: string): void {
    if (this.unread.first.length < FIRST_UNREAD) this.unread.first.push({ file: this.file, line, text: text.length > 200 ? `${text.slice(0, 200)}…` : detached(text), why });
  }
}

/**
 * A read or gunzip error (it has a `code`: EIO, Z_DATA_ERROR, ...) with the
 * input it came from, so the user is told which of several files is at fault.
 */
function withFile(e: unknown, file: string): unknown {
  if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string') Object.assign(e, { file });
  return e;
}

function makeParser(format: LogFormat, server: string, opts: ReadOptions): LineParser {
  if (format === 'licutil') return licutilLogParser(server);
  if (format === 'flexnet') return flexnetParser({ server, timeZone: opts.timeZone });
  return rlmParser({ server, timeZone: opts.timeZone, fallbackDate: opts.today });
}

/**
 * Reads every input and hands their events to `sink` in time order (a k-way
 * merge: each input is in time order already, rotated pieces and several
 * servers interleave). Stops early when `opts.enough()` says so. The event
 * `sink` is handed is reused once it returns: it keeps what it needs, not the event.
 */
export async function readLogs(files: readonly string[], opts: ReadOptions, sink: (e: UsageEvent) => void): Promise<ReadSummary> {
  const unread: ReadSummary['unread'] = { count: 0, first: [] };
  let bytes = 0;
  let events = 0;
  const counted = (n: number) => {
    bytes += n;
    opts.onProgress?.(bytes, events);
  };
  const inputs = files.map((f) => new InputStream(f, opts, unread, counted));
  try {
    for (const s of inputs) await s.fill();
    const live = inputs.filter((s) => s.count > 0);
    while (live.length > 0) {
      if (live.length === 1) {
        // one input: no merge, hand over the chunk's events as they are
        const s = live[0] as InputStream;
        for (let i = s.at; i < s.count; i++) sink(s.pool[i] as UsageEvent);
        events += s.count - s.at;
        if (opts.enough?.()) break;
        await s.fill();
        if (s.count === 0) live.pop();
        continue;
      }
      let min = 0;
      for (let i = 1; i < live.length; i++) {
        const a = live[i] as InputStream;
        const b = live[min] as InputStream;
        if ((a.pool[a.at] as UsageEvent).time < (b.pool[b.at] as UsageEvent).time) min = i;
      }
      const s = live[min] as InputStream;
      sink(s.pool[s.at++] as UsageEvent);
      events++;
      if (s.at >= s.count) {
        if (opts.enough?.()) break;
        await s.fill();
        if (s.count === 0) live.splice(min, 1);
      }
    }
  } finally {
    for (const s of inputs) await s.close();
  }
  return { inputs: inputs.map((s) => s.figures), unread };
}
