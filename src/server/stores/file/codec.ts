// The journal's line format: one JSON object per line (NDJSON), each carrying a
// CRC-32 of its record's exact text:
//
//   {"c":"1a2b3c4d","r":{"t":"grant",...}}\n
//
// A server killed in the middle of a write leaves at most one incomplete or
// garbled line at the end; its checksum (or missing newline) gives it away, so
// it is skipped and every other record still loads. A damaged line elsewhere
// is skipped the same way and reported — it never hides the lines after it.
import { crc32 } from 'node:zlib';
import type { JournalRecord } from '../../core/pool/records.js';
import type { JournalProblem } from '../../core/store.js';

const PREFIX = /^\{"c":"([0-9a-f]{8})","r":/;
const PREFIX_LEN = '{"c":"00000000","r":'.length;
const RECORD_TYPES = new Set(['grant', 'checkin', 'reclaim', 'remove', 'release', 'held', 'mark', 'ids']);

export function encodeRecord(r: JournalRecord): string {
  const body = JSON.stringify(r);
  return `{"c":"${crc32(body).toString(16).padStart(8, '0')}","r":${body}}\n`;
}

export function encodeRecords(records: readonly JournalRecord[]): string {
  let s = '';
  for (const r of records) s += encodeRecord(r);
  return s;
}

interface DecodedJournal {
  records: JournalRecord[];
  problems: JournalProblem[];
  /** bytes up to and including the last line break: what survives a repair of a torn tail */
  completeBytes: number;
  /** the data ended inside a line (a write cut short) */
  tornTail: boolean;
}

/** Longer than any record the server writes (its strings are bounded by the request schemas). */
export const MAX_RECORD_BYTES = 1024 * 1024;

function decodeLine(line: string): JournalRecord | string {
  const m = PREFIX.exec(line);
  if (!m || !line.endsWith('}')) return 'not a journal record';
  const body = line.slice(PREFIX_LEN, -1);
  const crc = crc32(body).toString(16).padStart(8, '0');
  if (crc !== m[1]) return 'checksum mismatch (damaged or partly written record)';
  let r: unknown;
  try {
    r = JSON.parse(body);
  } catch {
    return 'unreadable JSON';
  }
  if (
    typeof r !== 'object' ||
    r === null ||
    !RECORD_TYPES.has((r as { t?: unknown }).t as string) ||
    typeof (r as { at?: unknown }).at !== 'number'
  ) {
    return 'unknown record type';
  }
  return r as JournalRecord;
}

/**
 * Decodes a journal handed over in chunks of any size, one line at a time, so
 * a journal of any length is read in memory bounded by one record
 * (MAX_RECORD_BYTES): a longer line is skipped as a problem without being
 * kept. `onRecord` gets each intact record with its 1-based line.
 */
export class JournalDecoder {
  readonly problems: JournalProblem[] = [];
  /** bytes up to and including the last line break seen */
  completeBytes = 0;
  private line = 1;
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** the current line passed MAX_RECORD_BYTES: drop it up to its line break */
  private overlong = false;
  private total = 0;

  constructor(private readonly onRecord: (r: JournalRecord, line: number) => void) {}

  push(chunk: Buffer): void {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) break;
      this.take(chunk.subarray(from, nl));
      this.endLine();
      this.completeBytes = this.total + nl + 1;
      from = nl + 1;
    }
    if (from < chunk.length) this.take(chunk.subarray(from));
    this.total += chunk.length;
  }

  /** Ends the input; true when it ended inside a line (a torn tail), which is then reported. */
  end(): boolean {
    const torn = this.completeBytes < this.total;
    if (torn) {
      this.problems.push({ line: this.line, reason: `incomplete last record (${this.total - this.completeBytes} bytes; the server stopped mid-write)` });
    }
    this.parts = [];
    return torn;
  }

  private take(b: Buffer): void {
    if (this.overlong || b.length === 0) return;
    if (this.partBytes + b.length > MAX_RECORD_BYTES) {
      this.overlong = true;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    // a copy: the caller may reuse its read buffer
    this.parts.push(Buffer.from(b));
    this.partBytes += b.length;
  }

  private endLine(): void {
    const line = this.line++;
    if (this.overlong) {
      this.overlong = false;
      this.problems.push({ line, reason: `longer than ${MAX_RECORD_BYTES} bytes: not a journal record` });
      return;
    }
    const text = this.parts.length === 1 ? (this.parts[0] as Buffer).toString('utf8') : Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    if (text === '') return;
    const r = decodeLine(text);
    if (typeof r === 'string') this.problems.push({ line, reason: r });
    else this.onRecord(r, line);
  }
}

export function decodeJournal(data: Buffer): DecodedJournal {
  const records: JournalRecord[] = [];
  const d = new JournalDecoder((r) => records.push(r));
  d.push(data);
  const tornTail = d.end();
  return { records, problems: d.problems, completeBytes: d.completeBytes, tornTail };
}
