// The log readers read lines in place for speed (FlexNet's head and OUT/IN
// lines, RLM tokens as offsets, licutil's NDJSON by a flat-JSON scanner, ISO
// times by the hour). Each is checked here against the plain reading it
// replaced (the regular expressions, JSON.parse, Date.parse) on generated
// lines, odd spacing included, and the line reader on CRLF, a last line with
// no end, and chunks cut anywhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flexnetParser } from '../../../src/legacy/logs/flexnet-debug.js';
import { Tokens } from '../../../src/legacy/logs/rlm-tokens.js';
import { blankEvent, type EventOut, type UsageEvent } from '../../../src/report/events/events.js';
import { FlatJson } from '../../../src/report/flat-json.js';
import { bytesAndText, feature, reportOf } from './helpers.js';
import { writeFlexnet, writeLicutil, writeRlm, type History } from './writers.js';

const T0 = Date.UTC(2025, 2, 3, 22, 0, 0);
const MIN = 60_000;

/** The tokenizer the RLM reader had: the reference. */
function regexTokens(line: string): string[] {
  if (!line.includes('"')) return line.trim() === '' ? [] : line.trim().split(/\s+/);
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) out.push(m[1] ?? m[2] ?? '');
  return out;
}

const piece = fc.constantFrom('OUT', 'solver', '2.0', '"', '""', '"a b"', 'x"y', '03/04', '09:10:00', '1', '-22', ' ', '  ', '\t', '\u00a0', '\u3000', '\r', 'é');

describe('FlexNet lines read in place', () => {
  // the reading the reader had, by regular expressions: the reference
  const LINE = /^\s*(\d{1,2}):(\d\d):(\d\d) \(([^)\s]+)\) ?(.*)$/;
  const ACTION = /^(OUT|IN|DENIED|UNSUPPORTED|QUEUED|DEQUEUED):\s+"?([^"\s]+)"?\s+(\S*)(.*)$/;
  const reference = (line: string): string => {
    const m = LINE.exec(line);
    if (!m) return line.trim() === '' ? 'nothing' : 'error';
    const a = ACTION.exec(m[5] as string);
    if (!a) return 'nothing';
    const who = a[3] as string;
    const at = who.lastIndexOf('@');
    if (at < 0) return 'error';
    const n = /\((\d+) licenses?\)/.exec(a[4] as string);
    const secs = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    return JSON.stringify([secs, m[4], a[1], a[2], who.slice(0, at) || null, who.slice(at + 1) || null, n ? Number(n[1]) : 1]);
  };
  const gen = fc.tuple(
    fc.constantFrom('', ' ', '\t', '\u00a0', 'x'),
    fc.constantFrom('9:10:00', '09:10:07', '9:1:00', '123:00:00', '23:59:59', '9:10:0a'),
    fc.constantFrom(' (', '(', '  ('),
    fc.constantFrom('acme', 'ac me', 'a\u00a0b', '', 'lm)x'),
    fc.constantFrom(') ', ')', ')  '),
    fc.constantFrom('OUT:', 'IN:', 'DENIED:', 'UNSUPPORTED:', 'QUEUED:', 'DEQUEUED:', 'OUTX:', 'IN', 'DENY:'),
    fc.constantFrom(' ', '\t', '', '  ', '\u00a0', '\u3000'),
    fc.constantFrom('"solver"', 'solver', '"sol ver"', '""', 'solver"', '"solver', 'so"lv', 'so@lv', 'sölver'),
    fc.constantFrom(' ', '\t', '', '  ', '\u2003'),
    fc.constantFrom('alice@ws1', '@ws', 'bob@', 'nobody', 'a@b@c', '', 'é@h'),
    fc.constantFrom('', '  ', ' (2 licenses)', ' (INACTIVE)', ' (1 license) x', '\t(3 licenses)', ' (Licensed number of users already reached. (-4,342))'),
  );

  it('give the events the regular expressions gave, or the same error', () => {
    fc.assert(
      fc.property(gen, (parts) => {
        const line = parts.join('');
        const parser = flexnetParser({ server: 'log', timeZone: 'UTC' });
        const events: UsageEvent[] = [];
        const out: EventOut = { next: () => (events.push(blankEvent()), events[events.length - 1] as UsageEvent), keep: (e) => events.push(e) };
        parser.line(' 0:00:00 (lmgrd) FlexNet Licensing (v11.19.0.0 build 1) started on srv (linux) (3/4/2025)', 1, out);
        events.length = 0;
        const why = parser.line(line, 2, out);
        const want = reference(line);
        if (want === 'error') {
          expect(why).not.toBeNull();
          return;
        }
        expect(why).toBeNull();
        const usage = events.filter((e) => e.kind !== 'start' && e.kind !== 'stop');
        if (want === 'nothing') {
          expect(usage).toEqual([]);
          return;
        }
        const e = usage[0] as UsageEvent;
        expect(usage).toHaveLength(1);
        const [secs, daemon, , feat, user, host, count] = JSON.parse(want) as [number, string, string, string, string | null, string | null, number];
        // more than 12 hours after the banner's 0:00: a line from before its midnight
        const day = secs > 12 * 3600 ? Date.UTC(2025, 2, 3) : Date.UTC(2025, 2, 4);
        expect([e.time, e.vendor, e.feature, e.user, e.host, e.count]).toEqual([day + secs * 1000, daemon, feat, user, host, count]);
      }),
      { numRuns: 4000 },
    );
  });

  // lines mostly of the plain shape, at any time of day (midnight crossed either way)
  const plain = fc.tuple(
    fc.constantFrom('', ' ', '\t'),
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(([h, m, x]) => `${h}:${String(m).padStart(2, '0')}:${String(x).padStart(2, '0')}`),
    fc.constantFrom(' (acme) ', ' (beta)', ' (lmgrd) ', ' (acme)  '),
    fc.constantFrom('OUT: ', 'IN: ', 'DENIED: ', 'UNSUPPORTED: ', 'QUEUED: ', 'DEQUEUED: ', 'IN:\t', 'TIMESTAMP 3/5/2025', 'OUT:  '),
    fc.constantFrom('"solver"', 'mesher', '"solver', 'a"b'),
    fc.constantFrom(' ', '  ', '\t', ' \u00a0'),
    fc.constantFrom('alice@ws1', 'bob@', '@ws2', 'a@b@c', 'carol@ws3\r', 'dave@wsé'),
    fc.constantFrom('', '  ', ' x', ' (2 licenses)', ' ^^^ 2.0 alice 10.0.0.1 123 77 1 4 ^^^', ' ^', ' é', '\r'),
  );

  it('read from their bytes give the events read from their text (and decline the rest to it)', () => {
    const banner = ' 0:00:00 (lmgrd) FlexNet Licensing (v11.19.0.0 build 1) started on srv (linux) (3/4/2025)';
    let declined = 0;
    let taken = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(gen, plain), { minLength: 1, maxLength: 8 }), (lines) => {
        const all = [banner, ...lines.map((p) => p.join(''))];
        const r = bytesAndText(() => flexnetParser({ server: 'log', timeZone: 'UTC' }), all);
        expect(r.got).toEqual(r.want);
        for (const [w, g] of r.whys) expect(g).toBe(w);
        taken += r.taken;
        declined += all.length - r.taken;
      }),
      { numRuns: 1500 },
    );
    // both paths were taken
    expect(taken).toBeGreaterThan(10);
    expect(declined).toBeGreaterThan(10);
  });
});

describe('RLM tokens as offsets', () => {
  it('split a line as the regular expression did (quotes, blanks of every kind)', () => {
    const tok = new Tokens();
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const line = parts.join('');
        tok.read(line);
        const got = Array.from({ length: tok.n }, (_, i) => tok.str(i));
        expect(got).toEqual(regexTokens(line));
      }),
      { numRuns: 2000 },
    );
  });

  it('read mm/dd, mm/dd/yyyy and times as the patterns do', () => {
    const tok = new Tokens();
    const MD = /^(\d{1,2})\/(\d{1,2})$/;
    const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
    const HMS = /^(\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d+))?)?$/;
    const word = fc.array(fc.constantFrom('0', '1', '2', '9', '/', ':', '.', 'a'), { minLength: 1, maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(word, (w) => {
        tok.read(w);
        const md = MD.exec(w);
        expect(tok.md(0)).toBe(md ? Number(md[1]) * 100 + Number(md[2]) : -1);
        const mdy = MDY.exec(w);
        expect(tok.mdy(0)).toBe(mdy ? Number(mdy[3]) * 10000 + Number(mdy[1]) * 100 + Number(mdy[2]) : -1);
        const hms = HMS.exec(w);
        expect(tok.hms(0)).toBe(hms !== null);
        if (hms) expect([tok.h, tok.m, tok.s, tok.ms]).toEqual([Number(hms[1]), Number(hms[2]), Number(hms[3] ?? 0), hms[4] ? Number(`0.${hms[4]}`) * 1000 : 0]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the flat-JSON scanner', () => {
  const KEYS = ['time', 'user', 'count'] as const;
  const value = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant({ a: 1 }), fc.constant([1]));
  const object = fc.dictionary(fc.constantFrom('time', 'user', 'count', 'pid', 'x'), value);

  /** what JSON.parse gives for the keys, or null when it throws or is not an object */
  const parsed = (line: string): Record<string, unknown> | null => {
    try {
      const v = JSON.parse(line) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };

  it('takes only what JSON.parse reads, and reads it the same', () => {
    const scan = new FlatJson(KEYS);
    const spaced = (s: string, sp: string) => s.replace(/([,:{}])/g, `${sp}$1${sp}`);
    fc.assert(
      fc.property(object, fc.constantFrom('', ' ', '\t'), fc.nat(), fc.constantFrom('cut', 'whole', 'dup'), (o, sp, cut, how) => {
        let line = spaced(JSON.stringify(o), sp);
        if (how === 'cut') line = line.slice(0, cut % (line.length + 1));
        if (how === 'dup') line = line.replace('{', '{"user":"first",');
        const want = parsed(line);
        if (!scan.read(line)) return; // declined: JSON.parse reads it
        expect(want).not.toBeNull();
        KEYS.forEach((k, i) => {
          const v = (want as Record<string, unknown>)[k];
          if (v === undefined) expect(scan.type(i)).toBe('absent');
          else if (typeof v === 'string') expect(line.slice(scan.start(i), scan.end(i))).toBe(v);
          else if (typeof v === 'number') expect(scan.number(i)).toBe(v);
          else if (v === null) expect(scan.type(i)).toBe('null');
          else expect(scan.type(i)).toBe('boolean');
        });
      }),
      { numRuns: 3000 },
    );
  });
});

describe("licutil's times", () => {
  it('are read as Date.parse reads them, across hours, days and odd shapes', async () => {
    const stamp = fc.oneof(
      fc.integer({ min: Date.UTC(2024, 11, 31), max: Date.UTC(2025, 0, 3) }).map((t) => new Date(t).toISOString()),
      fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2025, 0, 3) }).map((t) => new Date(t).toISOString().replace('.000', '')),
      fc.constantFrom('2025-01-06T24:00:00.000Z', '2025-02-30T10:00:00.000Z', '2025-01-06T10:61:00.000Z', '2025-01-06T10:00:00.000+01:00', '2025-01-06 10:00:00Z', 'Mon, 06 Jan 2025 10:00:00 GMT', '2025-01-06T10:00:00.5Z'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(stamp, { minLength: 1, maxLength: 6 }), async (times) => {
        const lines = times.map((t, i) => JSON.stringify({ time: t, event: 'denial', user: `u${i}`, host: 'h', product: 'f', version: '1', handle: null, count: 1, code: 'E' }));
        const r = await reportOf(['-'], { stdin: `${lines.join('\n')}\n` });
        const ok = times.map((t) => Date.parse(t)).filter((t) => !Number.isNaN(t));
        expect(r.unread.count).toBe(times.length - ok.length);
        // an event earlier than the one before counts at the time of that one
        if (ok.length > 0) expect([r.window.start, r.window.end]).toEqual([new Date(ok[0] as number).toISOString(), new Date(Math.max(...ok)).toISOString()]);
      }),
      { numRuns: 100 },
    );
  });
});

/** a night's sessions across midnight, with a denial */
const night: History = {
  sessions: [
    { feature: 'f0', user: 'ann', host: 'h1', count: 1, start: T0 + 30 * MIN, end: T0 + 150 * MIN },
    { feature: 'f0', user: 'bo', host: 'h2', count: 2, start: T0 + 110 * MIN, end: T0 + 130 * MIN },
    { feature: 'f1', user: 'ann', host: 'h1', count: 1, start: T0 + 119 * MIN, end: T0 + 121 * MIN },
  ],
  denials: [{ feature: 'f0', user: 'cy', host: 'h3', time: T0 + 125 * MIN }],
  issued: { f0: 4, f1: 2 },
};

describe('lines as they come', () => {
  for (const [format, write] of [
    ['licutil', writeLicutil],
    ['flexnet', writeFlexnet],
    ['rlm', writeRlm],
  ] as const) {
    it(`${format}: CRLF, no end on the last line and chunks cut anywhere read as the plain log (midnight crossed)`, async () => {
      const text = write(night);
      const plain = await reportOf(['-'], { stdin: text });
      expect(plain.unread.count).toBe(0);
      expect(feature(plain, 'f0')).toMatchObject({ peak: 3, checkouts: 2, hours: 2.67, open_at_end: 0 });
      expect(feature(plain, 'f0').denials.total).toBe(1);
      const crlf = Buffer.from(text.replace(/\n/g, '\r\n').replace(/\r\n$/, ''));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: crlf.length }), { maxLength: 12 }), async (cuts) => {
          const at = [0, ...cuts.sort((a, b) => a - b), crlf.length];
          const chunks = at.slice(1).map((b, i) => crlf.subarray(at[i], b)).filter((c) => c.length > 0);
          const r = await reportOf(['-'], { stdin: chunks });
          expect(r.features).toEqual(plain.features);
          expect(r.unread.count).toBe(0);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('a last line cut short is counted as unread, never fatal', async () => {
    const text = writeLicutil(night).trimEnd();
    const r = await reportOf(['-'], { stdin: text.slice(0, -7) });
    expect(r.unread).toMatchObject({ count: 1, first: [{ why: 'not a JSON object' }] });
  });

  it('FlexNet: odd spacing and tabs, bare or quoted features, a daemon with no space before its message', async () => {
    const log = [
      ' 9:00:00 (lmgrd) FlexNet Licensing (v11.19.0.0 build 1 x64_lsb) started on srv (linux) (3/4/2025)',
      ' 9:10:00 (acme) OUT:\t"solver"\talice@ws12',
      ' 9:20:00 (acme)OUT:   solver    bob@ws07   (2 licenses)',
      '\t9:30:00 (acme) OUT: "solver\u00a0x" carol@ws03',
      ' 9:40:00 (acme) IN: solver" alice@ws12 (INACTIVE)',
      '10:00:00 (acme) IN:  "solver"  bob@ws07  (2 licenses)',
      '10:10:00 (acme) OUT: "solver" @ws09',
      '10:20:00 (acme) OUT: "solver" dave@',
      '10:30:00 (acme) OUT: "solver" nobody',
    ].join('\r\n');
    const r = await reportOf(['-'], { stdin: log });
    // alice 30 min, bob 2 seats 40 min; the no-break space ends carol's feature (\s), so her line has no user@host
    expect(feature(r, 'solver')).toMatchObject({ checkouts: 4, peak: 3, open_at_end: 2, hours: 2 });
    expect(r.unread).toMatchObject({ count: 2, first: [{ line: 4 }, { line: 9, why: 'OUT: "solver" is not followed by user@host' }] });
    expect(r.users.filter((u) => u.checkouts > 0).map((u) => u.name).sort()).toEqual(['(unknown)', 'alice', 'bob', 'dave']);
  });
});
