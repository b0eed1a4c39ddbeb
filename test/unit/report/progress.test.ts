// Progress of a long read: drawn on a terminal only, not in the first second,
// at most four times a second, and wiped at the end.
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../../src/cli/commands/report/progress.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(t: string) { s.text += t; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('report progress', () => {
  it('draws nothing when stderr is not a terminal', () => {
    expect(startProgress(1e9, stream(false))).toBeNull();
  });

  it('waits a second, then redraws in place at most every 250 ms, and wipes its line', () => {
    const s = stream(true);
    let now = 0;
    const p = startProgress(2e9, s, () => now);
    p?.update(1e6, 10);
    expect(s.text).toBe('');
    now = 1500;
    p?.update(5e8, 1_000_000);
    expect(s.text).toBe('\r\x1b[Kreading 500.0 MB of 2.00 GB (25%), 1,000,000 events, 666,667 events/s');
    now = 1600;
    p?.update(6e8, 1_100_000);
    expect(s.text.split('\r').length).toBe(2);
    p?.stop();
    expect(s.text.endsWith('\r\x1b[K')).toBe(true);
  });
});
