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

export function decodeJournal(data: Buffer): DecodedJournal {
  const records: JournalRecord[] = [];
  const problems: JournalProblem[] = [];
  const lastBreak = data.lastIndexOf(0x0a);
  const completeBytes = lastBreak + 1;
  const text = data.toString('utf8', 0, completeBytes);
  const lines = text.split('\n');
  lines.pop(); // the empty string after the final line break
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const r = decodeLine(line);
    if (typeof r === 'string') problems.push({ line: i + 1, reason: r });
    else records.push(r);
  }
  const tornTail = completeBytes < data.length;
  if (tornTail) {
    problems.push({
      line: lines.length + 1,
      reason: `incomplete last record (${data.length - completeBytes} bytes; the server stopped mid-write)`,
    });
  }
  return { records, problems, completeBytes, tornTail };
}
