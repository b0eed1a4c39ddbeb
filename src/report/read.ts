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
import type { LineParser, LogFormat, UnreadLine, UsageEvent } from './events/events.js';
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

/** The lines of a stream, in batches (a chunk's worth at a time); \r\n and \n both end a line. */
async function* lineBatches(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] as string;
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
    if (lines.length > 0) yield lines;
  }
  rest += decoder.end();
  if (rest !== '') yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
}

/** A file's stream of raw bytes, unzipped when it starts with the gzip magic. */
async function openInput(file: string, opts: ReadOptions, counted: (n: number) => void): Promise<AsyncIterable<Buffer>> {
  const raw: Readable = file === '-' ? (opts.stdin?.() ?? process.stdin) : createReadStream(file, { highWaterMark: 256 * 1024 });
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

/** One input as a queue of its events, read a batch of lines at a time. */
class InputStream {
  events: UsageEvent[] = [];
  at = 0;
  done = false;
  private parser: LineParser | null = null;
  private batches: AsyncGenerator<string[]> | null = null;
  readonly figures: InputFigures;

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
    this.events = [];
    this.at = 0;
    if (this.batches === null) this.batches = lineBatches(await openInput(this.file, this.opts, this.counted));
    while (this.events.length === 0 && !this.done) {
      const r = await this.batches.next();
      if (r.done) {
        this.done = true;
        const end = this.parser?.end();
        if (end) {
          this.events.push(...end.events);
          this.figures.unread += end.unread;
          this.unread.count += end.unread;
          for (const u of end.firstUnread) this.keep(u.line, u.text, u.why);
        }
        break;
      }
      this.parse(r.value);
    }
    this.figures.events += this.events.length;
  }

  private parse(lines: string[]): void {
    if (this.parser === null) {
      const format = this.opts.format ?? sniffFormat(lines);
      if (format === null) throw new UnknownFormatError(this.file);
      this.figures.format = format;
      this.parser = makeParser(format, serverName(this.file), this.opts);
    }
    const first = this.figures.lines;
    for (let i = 0; i < lines.length; i++) {
      const r = this.parser.line(lines[i] as string, first + i + 1);
      if ('events' in r) {
        for (const e of r.events) this.events.push(e);
      } else if ('error' in r) {
        this.figures.unread++;
        this.unread.count++;
        this.keep(first + i + 1, lines[i] as string, r.error);
      }
    }
    this.figures.lines += lines.length;
  }

  private keep(line: number, text: string, why: string): void {
    if (this.unread.first.length < FIRST_UNREAD) this.unread.first.push({ file: this.file, line, text: text.length > 200 ? `${text.slice(0, 200)}…` : text, why });
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
 * servers interleave). Stops early when `opts.enough()` says so.
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
  const live = inputs.filter((s) => s.events.length > 0);
  while (live.length > 0) {
    if (live.length === 1) {
      // one input: no merge, hand over the batch as it is
      const s = live[0] as InputStream;
      for (let i = s.at; i < s.events.length; i++) sink(s.events[i] as UsageEvent);
      events += s.events.length - s.at;
      if (opts.enough?.()) break;
      await s.fill();
      if (s.events.length === 0) live.pop();
      continue;
    }
    let min = 0;
    for (let i = 1; i < live.length; i++) {
      const a = live[i] as InputStream;
      const b = live[min] as InputStream;
      if ((a.events[a.at] as UsageEvent).time < (b.events[b.at] as UsageEvent).time) min = i;
    }
    const s = live[min] as InputStream;
    sink(s.events[s.at++] as UsageEvent);
    events++;
    if (s.at >= s.events.length) {
      if (opts.enough?.()) break;
      await s.fill();
      if (s.events.length === 0) live.splice(min, 1);
    }
  }
  return { inputs: inputs.map((s) => s.figures), unread };
}
