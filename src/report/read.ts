// Reading usage logs: each file (or `-`, standard input; gzip by its magic
// bytes) is read as a stream of lines in chunks, so memory stays flat however
// large the log; its format is told from its first lines; its events are
// merged in time order with the other files' (rotated files, several servers)
// and handed to the aggregator one by one. A line no reader understands is
// counted, and the first few are kept with file:line; it never stops the read.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { flexnetParser } from '../legacy/logs/flexnet-debug.js';
import type { CivilDate } from '../legacy/logs/local-time.js';
import { rlmParser } from '../legacy/logs/rlm-report.js';
import { blankEvent, resetEvent, type EventOut, type LineParser, type LogFormat, type UnreadLine, type UsageEvent } from './events/events.js';
import { detached } from './events/intern.js';
import type { InputFigures } from './figures.js';
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
const SNIFF_LINES = 20;
const FLEXNET_LINE = /^\s*\d{1,2}:\d\d:\d\d \([^)\s]+\) /;
const RLM_FIRST = /^(RLM Report Log Format|START |OUT |IN |DENY |QUE |DEQUE |INUSE |PRODUCT |ISV: |SWITCH )/;

export class UnknownFormatError extends Error {
  constructor(readonly file: string) {
    super(`${file}: not a licutil report log, a FlexNet debug log or an RLM report log`);
  }
}

/** Tells the format from a file's first lines. */
function sniffFormat(lines: readonly string[]): LogFormat | null {
  let seen = 0;
  for (const l of lines) {
    if (l.trim() === '') continue;
    if (seen === 0 && l.trimStart().startsWith('{')) return isReportEntry(l) ? 'licutil' : null;
    if (FLEXNET_LINE.test(l)) return 'flexnet';
    if (RLM_FIRST.test(l)) return 'rlm';
    if (++seen >= SNIFF_LINES) break;
  }
  return null;
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

/** A file's stream of raw bytes, unzipped when it starts with the gzip magic. */
async function openInput(file: string, opts: ReadOptions, counted: (n: number) => void): Promise<AsyncIterable<Buffer>> {
  const raw: Readable = file === '-' ? (opts.stdin?.() ?? process.stdin) : createReadStream(file, { highWaterMark: CHUNK });
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
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
  if (first.done || !(first.value[0] === 0x1f && first.value[1] === 0x8b)) return rawChunks();
  const gunzip = createGunzip();
  void (async () => {
    try {
      for await (const c of rawChunks()) if (!gunzip.write(c)) await new Promise((r) => gunzip.once('drain', r));
      gunzip.end();
    } catch (e) {
      gunzip.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return gunzip;
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
  private chunks: AsyncIterator<Buffer> | null = null;
  private readonly decoder = new StringDecoder('utf8');
  /** the start of a line whose end is in the next chunk */
  private rest = '';
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
    if (this.chunks === null) this.chunks = (await openInput(this.file, this.opts, this.counted))[Symbol.asyncIterator]();
    while (this.count === 0 && !this.done) {
      const r = await this.chunks.next();
      if (r.done) {
        this.done = true;
        const tail = this.rest + this.decoder.end();
        this.rest = '';
        if (tail !== '') this.lines(tail, true);
        if (this.parser !== null) {
          const end = this.parser.end(this.out);
          this.figures.unread += end.unread;
          this.unread.count += end.unread;
          for (const u of end.firstUnread) this.keep(u.line, u.text, u.why);
        }
        break;
      }
      this.lines(this.rest + this.decoder.write(r.value), false);
    }
    this.figures.events += this.count;
  }

  /** Reads the whole lines of `text` (all of it when `last`); keeps the unfinished one for the next chunk. \r\n and \n both end a line. */
  private lines(text: string, last: boolean): void {
    const whole = last ? text.length : text.lastIndexOf('\n') + 1;
    if (whole === 0) {
      this.rest = text;
      return;
    }
    if (this.parser === null) this.parser = this.parserFor(text.slice(0, Math.min(whole, 1 << 16)).split('\n'));
    const parser = this.parser;
    let lineNo = this.figures.lines;
    for (let a = 0; a < whole; ) {
      let b = text.indexOf('\n', a);
      if (b < 0 || b >= whole) b = whole;
      const end = b > a && text.charCodeAt(b - 1) === 13 ? b - 1 : b;
      const line = text.slice(a, end);
      const why = parser.line(line, ++lineNo, this.out);
      if (why !== null) {
        this.figures.unread++;
        this.unread.count++;
        this.keep(lineNo, line, why);
      }
      a = b + 1;
    }
    this.figures.lines = lineNo;
    this.rest = last ? '' : text.slice(whole);
  }

  private parserFor(first: string[]): LineParser {
    const format = this.opts.format ?? sniffFormat(first);
    if (format === null) throw new UnknownFormatError(this.file);
    this.figures.format = format;
    return makeParser(format, serverName(this.file), this.opts);
  }

  private keep(line: number, text: string, why: string): void {
    if (this.unread.first.length < FIRST_UNREAD) this.unread.first.push({ file: this.file, line, text: text.length > 200 ? `${text.slice(0, 200)}…` : detached(text), why });
  }
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
  return { inputs: inputs.map((s) => s.figures), unread };
}
