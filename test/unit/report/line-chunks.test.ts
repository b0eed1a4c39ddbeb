// Bytes to lines (src/report/line-chunks.ts) and how the report reads its
// inputs with it: whatever the chunks, the same lines; a line too long to be a
// log line is counted, not kept; the format is told from the first lines
// however they arrive; an input left before its end is closed.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineChunks, MAX_LINE } from '../../../src/report/line-chunks.js';
import { feature, reportOf } from './helpers.js';

function cut(bytes: Buffer, at: number[]): Buffer[] {
  const ends = [0, ...[...at].sort((a, b) => a - b), bytes.length];
  return ends.slice(1).map((b, i) => bytes.subarray(ends[i], b)).filter((c) => c.length > 0);
}

/** Runs chunks through LineChunks, reusing one buffer for every chunk as the file reader does. */
function chunked(chunks: Buffer[]): { texts: string[]; long: string[] } {
  const texts: string[] = [];
  const long: string[] = [];
  const lc = new LineChunks({ text: (t) => texts.push(t), tooLong: (h) => long.push(h) });
  const shared = Buffer.alloc(Math.max(1, ...chunks.map((c) => c.length)));
  for (const c of chunks) {
    c.copy(shared);
    lc.push(shared.subarray(0, c.length));
    shared.fill(0x78); // what the next read would overwrite
  }
  lc.end();
  return { texts, long };
}

const char = fc.constantFrom('a', 'Z', '0', ' ', '"', '\n', '\r\n', 'é', 'ü', '山', '田', '😀', '\u00a0');

describe('LineChunks', () => {
  it('gives back the text whole lines at a time, whatever the cuts, multi-byte characters cut included', () => {
    fc.assert(
      fc.property(fc.array(char, { maxLength: 300 }), fc.array(fc.nat({ max: 1200 }), { maxLength: 20 }), (chars, at) => {
        const text = chars.join('');
        const bytes = Buffer.from(text);
        const { texts, long } = chunked(cut(bytes, at.map((a) => a % (bytes.length + 1))));
        expect(long).toEqual([]);
        expect(texts.join('')).toBe(text);
        // every piece but the last ends a line
        for (const t of texts.slice(0, -1)) expect(t.endsWith('\n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes a large chunk in pieces of at most 64 KiB, each of whole lines', () => {
    const line = `${'x'.repeat(99)}\n`;
    const text = line.repeat(20_000);
    const { texts } = chunked([Buffer.from(text)]);
    expect(texts.join('')).toBe(text);
    expect(texts.length).toBeGreaterThan(20);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(64 * 1024);
      expect(t.endsWith('\n')).toBe(true);
    }
  });

  it('a line longer than MAX_LINE is not kept: its first characters are reported, the lines around it are read', () => {
    const huge = `{${'y'.repeat(MAX_LINE + 10)}`;
    const text = `first\n${huge}\nlast\n`;
    const bytes = Buffer.from(text);
    for (const chunks of [[bytes], cut(bytes, [3, 100, 70_000, MAX_LINE, MAX_LINE + 5]), cut(bytes, Array.from({ length: 40 }, (_, i) => i * 65_536))]) {
      const { texts, long } = chunked(chunks);
      expect(texts.join('')).toBe('first\nlast\n');
      expect(long).toEqual([huge.slice(0, 200)]);
    }
    // the long line is the input's last, with no line end
    const { texts, long } = chunked(cut(Buffer.from(`a\n${huge}`), [10, 600_000]));
    expect(texts).toEqual(['a\n']);
    expect(long.length).toBe(1);
  });

  it('a line just under MAX_LINE, cut across chunks, is read', () => {
    const line = 'z'.repeat(MAX_LINE - 1);
    const { texts, long } = chunked(cut(Buffer.from(`${line}\nb\n`), [1000, 500_000, MAX_LINE - 2]));
    expect(long).toEqual([]);
    expect(texts.join('')).toBe(`${line}\nb\n`);
  });
});

const NDJSON = (i: number, user: string) =>
  `{"time":"${new Date(Date.UTC(2025, 2, 4, 9) + i * 1000).toISOString()}","event":"${i % 2 === 0 ? 'checkout' : 'checkin'}","user":"${user}","host":"ws1","product":"solver","version":"1.0","handle":"h${Math.floor(i / 2)}","isv":"acme","count":1}`;

describe('reading inputs', () => {
  it('a file over several 1 MiB reads, with multi-byte names, reads as the same text given in one piece', async () => {
    const users = ['jürgen', '山田太郎', 'zoë😀', 'ann'];
    const lines = Array.from({ length: 14_000 }, (_, i) => NDJSON(i, users[Math.floor(i / 2) % users.length] as string));
    const text = `${lines.join('\n')}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    const dir = mkdtempSync(path.join(tmpdir(), 'licutil-lines-'));
    const file = path.join(dir, 'report.ndjson');
    writeFileSync(file, text);
    const fromFile = await reportOf([file]);
    const fromStdin = await reportOf(['-'], { stdin: text });
    expect(fromFile.unread.count).toBe(0);
    expect(fromFile.features).toEqual(fromStdin.features);
    expect(fromFile.users.map((u) => u.name).sort()).toEqual([...users].sort());
    expect(feature(fromFile, 'solver').checkouts).toBe(7000);
  });

  it('a line over 1 MiB is counted as unread with its line number, and the log is read on', async () => {
    const text = `${NDJSON(0, 'ann')}\n{"junk":"${'j'.repeat(MAX_LINE)}"}\n${NDJSON(1, 'ann')}\n`;
    const r = await reportOf(['-'], { stdin: [Buffer.from(text.slice(0, 300_000)), Buffer.from(text.slice(300_000))] });
    expect(r.unread).toMatchObject({ count: 1, first: [{ line: 2, why: 'longer than 1 MiB: not a log line' }] });
    expect(r.unread.first[0]?.text.length).toBeLessThanOrEqual(201);
    expect(feature(r, 'solver')).toMatchObject({ checkouts: 1, open_at_end: 0 });
  });

  it('tells the format from the first lines even when they come a byte at a time', async () => {
    const log = ['', ' 9:00:00 (lmgrd) FlexNet Licensing (v11.19.0.0 build 1 x64_lsb) started on srv (linux) (3/4/2025)', ' 9:10:00 (acme) OUT: "solver" alice@ws12', '10:10:00 (acme) IN: "solver" alice@ws12', ''].join('\n');
    const whole = await reportOf(['-'], { stdin: log });
    const bytes = Buffer.from(log);
    const r = await reportOf(['-'], { stdin: [...bytes].map((b) => Buffer.from([b])) });
    expect(r.inputs[0]?.format).toBe('flexnet');
    expect(feature(r, 'solver')).toMatchObject({ checkouts: 1, hours: 1 });
    expect(r.features).toEqual(whole.features);
  });

  it.skipIf(process.platform !== 'linux')('an input left before its end (--until) is closed', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => NDJSON(i, 'ann'));
    const dir = mkdtempSync(path.join(tmpdir(), 'licutil-lines-'));
    const file = path.join(dir, 'report.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    const r = await reportOf([file], { until: Date.parse('2025-03-04T09:00:30Z') });
    expect(feature(r, 'solver').checkouts).toBe(16);
    expect(r.inputs[0]?.lines).toBeLessThan(40_000);
    expect(fds()).toBe(before);
  });
});
