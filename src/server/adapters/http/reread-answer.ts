// The answer to POST /v1/reread, written a piece at a time. A reread that
// changes every one of 100,000 pools lists 100,000 changes: 25 MB of JSON,
// which JSON.stringify made in one go on the server thread (over 100 ms with
// no heartbeat answered), from 300,000 objects the thread had received from the
// reread worker only to serialize them. The worker encodes the lists itself
// (encodeList), the server thread keeps them as bytes, and the answer writes
// them out part by part, so the client still gets every pool the reread
// changed, in the same document as before.
import { Readable } from 'node:stream';
import type { PoolChange, PoolSummary, RereadResponse } from '../../../protocol/messages.js';

/** One list of the answer as JSON: its entries' JSON joined by commas, in parts (no brackets). */
export interface JsonList {
  count: number;
  parts: Uint8Array[];
}

export interface ReportJson {
  added: JsonList;
  removed: JsonList;
  changed: JsonList;
}

/** A reread's answer: the lists as JSON, the rest as it is sent. */
export type RereadAnswer = ReportJson & Omit<RereadResponse, 'added' | 'removed' | 'changed'>;

const encoder = new TextEncoder();

/** The entries' JSON joined by commas, as bytes (their buffer can be transferred to another thread). */
export function encodeEntries(items: ReadonlyArray<PoolSummary | PoolChange>): Uint8Array {
  let text = '';
  for (let i = 0; i < items.length; i++) text += (i === 0 ? '' : ',') + JSON.stringify(items[i]);
  return encoder.encode(text);
}

/** A whole list, in parts of `slice` entries. */
export function encodeList(items: ReadonlyArray<PoolSummary | PoolChange>, slice = 1_000): JsonList {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < items.length; i += slice) parts.push(encodeEntries(items.slice(i, i + slice)));
  return { count: items.length, parts };
}

export function encodeReport(r: { added: PoolSummary[]; removed: PoolSummary[]; changed: PoolChange[] }): ReportJson {
  return { added: encodeList(r.added), removed: encodeList(r.removed), changed: encodeList(r.changed) };
}

const decoder = new TextDecoder();

/** The list back as objects (a small answer, tests). */
export function decodeList<T>(list: JsonList): T[] {
  return list.parts.flatMap((p) => JSON.parse(`[${decoder.decode(p)}]`) as T[]);
}

/** The document of the answer, a part at a time: the JSON the wire type (RereadResponse) describes. */
export function* rereadAnswerPieces(a: RereadAnswer): Generator<Uint8Array | string> {
  const list = function* (key: keyof ReportJson, first: boolean) {
    yield `${first ? '{' : ','}${JSON.stringify(key)}:[`;
    let sep = false;
    for (const p of a[key].parts) {
      if (p.length === 0) continue;
      if (sep) yield ',';
      yield p;
      sep = true;
    }
    yield ']';
  };
  yield* list('added', true);
  yield* list('removed', false);
  yield* list('changed', false);
  const { added: _a, removed: _r, changed: _c, ...rest } = a;
  const tail = JSON.stringify(rest);
  yield tail === '{}' ? '}' : `,${tail.slice(1)}`;
}

/**
 * The answer as a stream. Each part is a write of its own: the socket takes
 * it while the event loop goes on, and the next is read when it has room.
 */
export function rereadAnswerStream(a: RereadAnswer): Readable {
  return Readable.from(rereadAnswerPieces(a), { objectMode: false });
}
