// The benchmark driver's merging of repeated runs (issue 17: a figure that
// flips from run to run is reported as a range over at least three runs).
import { describe, expect, it } from 'vitest';
import { mergeRuns, onNode } from '../../bench/lib/runs.js';
import type { Figure } from '../../bench/lib/types.js';

const fig = (id: string, ratio: number, pass: boolean | null, value = ratio * 10): Figure => ({
  id,
  title: `figure ${id}`,
  value,
  unit: 'ms',
  ratio,
  ratioStyle: '×',
  target: '≤ 1.5×',
  pass,
  spread: `ratio ${ratio}`,
  notes: [],
});

describe('mergeRuns', () => {
  it('shows the run with the median ratio and the range of all runs', () => {
    const [m] = mergeRuns([[fig('a', 1.4, true)], [fig('a', 1.9, false)], [fig('a', 1.6, false)]]);
    expect(m?.ratio).toBe(1.6);
    expect(m?.spread).toMatch(/^3 runs: ratio 1\.40–1\.90 \(median run shown\), target met in 1 of 3; ratio 1\.6$/);
    expect(m?.details?.runs).toHaveLength(3);
  });

  it('calls a target met only when every run met it, missed only when none did', () => {
    expect(mergeRuns([[fig('a', 1.2, true)], [fig('a', 1.3, true)], [fig('a', 1.1, true)]])[0]?.pass).toBe(true);
    expect(mergeRuns([[fig('a', 2.2, false)], [fig('a', 2.3, false)], [fig('a', 2.1, false)]])[0]?.pass).toBe(false);
  });

  it('keeps the figures of every id in the order of the first run, and one run as it is', () => {
    const one = [fig('x', 1, true), fig('y', 2, false)];
    expect(mergeRuns([one])).toBe(one);
    expect(mergeRuns([one, [fig('y', 3, false), fig('x', 1.2, true)]]).map((f) => f.id)).toEqual(['x', 'y']);
  });

  it('falls back to the value where a figure has no ratio, and keeps a figure no run could measure', () => {
    const plain = (v: number): Figure => ({ ...fig('p', 0, null, v), ratio: undefined });
    expect(mergeRuns([[plain(5)], [plain(9)], [plain(7)]])[0]?.value).toBe(7);
    const nan = { ...fig('n', Number.NaN, null), value: Number.NaN };
    expect(mergeRuns([[nan], [nan]])[0]?.id).toBe('n');
  });
});

describe('onNode', () => {
  it('names the figures of another Node.js binary so both sit in one table', () => {
    expect(onNode([fig('startup.env', 1.4, true)], '24.11.1')[0]).toMatchObject({ id: 'startup.env@24.11.1', title: 'figure startup.env on Node.js 24.11.1' });
  });
});
