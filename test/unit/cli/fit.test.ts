import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { fitColumns, fitText, visibleLength, wrapLine } from '../../../src/cli/output/fit.js';
import { BLOCK, drawInBlocks, makeRenderer } from '../../../src/cli/output/renderer.js';

describe('fitting output to a terminal', () => {
  it('colour codes take no columns', () => {
    expect(visibleLength('\x1b[32mok\x1b[39m ✓')).toBe(4);
  });

  it('the widest column gives up room first, never below its longest word', () => {
    const cells = [
      ['NAME', 'DETAIL'],
      ['cad', 'licutil on host one, from the license environment'],
    ];
    expect(fitColumns(cells, 60)).toEqual([4, 49]);
    expect(fitColumns(cells, 30)).toEqual([4, 26]);
    // "environment" is 11 columns: the DETAIL column goes no narrower
    expect(fitColumns(cells, 4 + 11)).toEqual([4, 11]);
    expect(fitColumns(cells, 4 + 11 - 1)).toBeNull();
  });

  it('long lines wrap at spaces under their indent, words whole', () => {
    const line = '      fix: the license server on 127.0.0.1 is not running, or listens on another port';
    const out = wrapLine(line, 40);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(40);
    expect(out.join(' ').split(/\s+/).filter(Boolean)).toEqual(line.split(/\s+/).filter(Boolean));
    expect(out[1]).toMatch(/^ {6}\S/);
    expect(wrapLine('  ✓ a.lic:3  demo seat 1.0, floating, expires permanent', 30)[1]).toMatch(/^ {4}\S/);
  });

  it('null width leaves the text alone', () => {
    const t = `${'word '.repeat(40)}\nnext`;
    expect(fitText(t, null)).toBe(t);
  });

  it('a table fits its width, wrapping cells between words; one that cannot becomes records', () => {
    const r = makeRenderer(false, undefined, 40);
    const head = ['SERVER', 'STATUS', 'DETAIL'];
    const rows = [['5053@127.0.0.1', 'up', 'licutil on vm, from the license environment']];
    const t = r.table(head, rows);
    for (const l of t.split('\n')) expect(l.length).toBeLessThanOrEqual(40);
    expect(t.split(/\s+/).filter(Boolean).sort()).toEqual([...head, ...(rows[0] ?? [])].join(' ').split(/\s+/).sort());
    const narrow = makeRenderer(false, undefined, 20).table(head, rows);
    expect(narrow.split('\n')[0]).toBe('SERVER  5053@127.0.0.1');
    expect(makeRenderer(false).table(head, rows).split('\n')).toHaveLength(2);
  });

  it('with colour, a table drops its borders before it drops its grid', () => {
    const paint = { bold: (s: string) => `\x1b[1m${s}\x1b[22m`, dim: (s: string) => s, green: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s };
    const head = ['A', 'B', 'C', 'D', 'E', 'F'];
    const rows = [['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']];
    const wide = makeRenderer(true, paint, 80).table(head, rows);
    expect(wide).toContain('│');
    // 6 columns: borders and padding take 19, two spaces between columns 10; the words take 31
    const narrow = makeRenderer(true, paint, 45).table(head, rows);
    expect(narrow).not.toContain('│');
    expect(narrow.split('\n')).toHaveLength(2);
    for (const l of narrow.split('\n')) expect(visibleLength(l)).toBeLessThanOrEqual(45);
  });
});

describe('a long table is drawn a block of rows at a time', () => {
  const NO_BORDERS = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' };
  const drawWith =
    (borders: boolean, wrap: boolean) =>
    (head: string[], rows: readonly string[][], colWidths: number[] | undefined): string => {
      const t = new Table({ head, style: { head: [], border: [], compact: true }, chars: borders ? {} : NO_BORDERS, ...(colWidths ? { colWidths, wordWrap: wrap } : {}) });
      for (const r of rows) t.push([...r]);
      return t.toString();
    };
  const head = ['FEATURE', 'VERSION', 'USER'];
  const rows = Array.from({ length: 23 }, (_, i) => [`feat${i}`, `${i % 3}.0`, i % 5 === 0 ? `user with a long name ${i}` : i % 7 === 0 ? '山田太郎' : `u${i}`]);

  for (const borders of [false, true])
    it(`joins the blocks into the very table one piece would give (${borders ? 'with' : 'without'} borders)`, () => {
      const whole = drawInBlocks(head, rows, undefined, borders, drawWith(borders, false), 1000);
      const blocks = drawInBlocks(head, rows, undefined, borders, drawWith(borders, false), 5);
      expect(blocks).toBe(whole);
      expect(blocks.split('\n').filter((l) => l.includes('feat')).length).toBe(23);
    });

  it('keeps fitted column widths, wrapped cells included, across blocks', () => {
    const widths = [9, 9, 12];
    expect(drawInBlocks(head, rows, widths, false, drawWith(false, true), 4)).toBe(drawInBlocks(head, rows, widths, false, drawWith(false, true), 1000));
  });

  it('the renderer prints every row of a table far longer than a block, aligned', () => {
    const many = Array.from({ length: BLOCK * 3 + 7 }, (_, i) => [`f${i}`, i % 2 === 0 ? 'up' : 'down with a reason']);
    const lines = makeRenderer(false).table(['NAME', 'STATUS'], many).split('\n');
    expect(lines).toHaveLength(many.length + 1);
    expect(new Set(lines.map((l) => l.indexOf(l.includes('NAME') ? 'STATUS' : l.includes('up') ? 'up' : 'down'))).size).toBe(1);
  });
});
