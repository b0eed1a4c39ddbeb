// The plain table a pipe gets without cli-table3 (output/plain-table.ts) must be
// the very text cli-table3 draws for it: scripts read these columns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotPlainTable, PLAIN, plainRenderer, plainTable } from '../../../src/cli/output/plain-table.js';
import { drawTable3, makeRenderer } from '../../../src/cli/output/renderer.js';

const asciiCell = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 });
// spaces and empty cells are the cases where padding and trimming could disagree
const cell = fc.oneof(asciiCell, fc.constantFrom('', ' ', '  x ', '-'));
const table = fc.integer({ min: 1, max: 6 }).chain((columns) =>
  fc.record({
    head: fc.oneof(fc.constant([] as string[]), fc.array(cell, { minLength: columns, maxLength: columns })),
    rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 8 }),
  }),
);

describe('plain tables for a pipe', () => {
  it('are byte for byte what cli-table3 draws borderless, for any table of one-line printable ASCII', () => {
    fc.assert(
      fc.property(table, ({ head, rows }) => {
        fc.pre(head.length > 0 || rows.length > 0);
        expect(plainTable(head, rows)).toBe(drawTable3(head, rows, PLAIN, false, undefined));
      }),
      { numRuns: 400 },
    );
  });

  it('match the table of a real command', () => {
    const head = ['#', 'origin', 'kind', 'spec', 'resolves to', 'status'];
    const rows = [['1', '-c', 'file', 'small.lic', '/tmp/su/small.lic', 'ok']];
    expect(plainTable(head, rows)).toBe(' #    origin    kind    spec         resolves to          status\n 1    -c        file    small.lic    /tmp/su/small.lic    ok');
    expect(makeRenderer(false).table(head, rows)).toBe(plainTable(head, rows));
  });

  it('are declined for wide or control characters, line breaks and ragged rows, which cli-table3 draws', () => {
    for (const rows of [[['日本', 'x']], [['a\tb', 'x']], [['a\nb', 'x']], [['\x1b[1mA\x1b[0m', 'x']], [['only one']]]) {
      expect(plainTable(['A', 'B'], rows)).toBeNull();
      expect(() => plainRenderer().table(['A', 'B'], rows)).toThrow(NotPlainTable);
      expect(makeRenderer(false).table(['A', 'B'], rows)).toBe(drawTable3(['A', 'B'], rows, PLAIN, false, undefined));
    }
  });
});
