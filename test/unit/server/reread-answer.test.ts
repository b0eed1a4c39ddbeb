// The reread answer is written from lists the reread worker encoded as JSON
// (adapters/http/reread-answer.ts): the document must be the one the wire type
// describes, byte for byte what JSON.stringify of the objects gives, however the
// lists were cut into parts.
import { describe, expect, it } from 'vitest';
import type { PoolChange, PoolSummary, RereadResponse } from '../../../src/protocol/messages.js';
import { decodeList, encodeList, rereadAnswerPieces, rereadAnswerStream, type RereadAnswer } from '../../../src/server/adapters/http/reread-answer.js';

const pool = (i: number, over: Partial<PoolSummary> = {}): PoolSummary => ({
  id: `demo:p${i}:1.0:0`,
  isv: 'demo',
  product: `p${i}`,
  version: '1.0',
  count: i,
  soft_limit: i,
  expires: i % 2 === 0 ? null : '2030-01-01T00:00:00.000Z',
  ...over,
});
const change = (i: number): PoolChange => ({ id: pool(i).id, before: pool(i), after: pool(i, { count: i + 1 }) });

function answerOf(r: RereadResponse, slice: number): RereadAnswer {
  return { ...r, added: encodeList(r.added, slice), removed: encodeList(r.removed, slice), changed: encodeList(r.changed, slice) };
}

const text = (pieces: Iterable<Uint8Array | string>) => [...pieces].map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('utf8'))).join('');

describe('the reread answer written from encoded lists', () => {
  const full: RereadResponse = {
    added: [pool(1), pool(2, { product: 'quote"and\\slash', expires: null })],
    removed: [pool(3)],
    changed: Array.from({ length: 7 }, (_, i) => change(10 + i)),
    messages: ['demo.lic:3: a note'],
    errors: [],
    orphaned_checkouts: 2,
  };

  it('is the JSON of the objects, byte for byte, whatever the parts', () => {
    for (const slice of [1, 2, 3, 1_000]) expect(text(rereadAnswerPieces(answerOf(full, slice)))).toBe(JSON.stringify(full));
  });

  it('writes empty lists as [] and keeps every other field', () => {
    const none: RereadResponse = { added: [], removed: [], changed: [], messages: [], errors: ['bad line'], orphaned_checkouts: 0 };
    expect(text(rereadAnswerPieces(answerOf(none, 10)))).toBe(JSON.stringify(none));
  });

  it('counts the entries of each list and reads them back', () => {
    const a = answerOf(full, 3);
    expect([a.added.count, a.removed.count, a.changed.count]).toEqual([2, 1, 7]);
    expect(a.changed.parts).toHaveLength(3);
    expect(decodeList<PoolChange>(a.changed)).toEqual(full.changed);
  });

  it('streams the same document, a part per write', async () => {
    const chunks: Buffer[] = [];
    for await (const c of rereadAnswerStream(answerOf(full, 2))) chunks.push(Buffer.from(c as Uint8Array));
    expect(chunks.length).toBeGreaterThan(4);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual(full);
  });
});
