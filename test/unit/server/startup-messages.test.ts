import { describe, expect, it } from 'vitest';
import { capRepeated, MESSAGES_PER_KIND, type StartupMessage } from '../../../src/server/boot/messages.js';

const many = (kind: string, n: number): StartupMessage[] => Array.from({ length: n }, (_, i) => ({ level: 'warn', kind, text: `${kind} ${i}` }));

describe('capRepeated: notes of one kind are counted past a limit', () => {
  it('keeps every message when no kind repeats past the limit', () => {
    const ms = [...many('unverified', MESSAGES_PER_KIND), { level: 'info' as const, text: 'plain' }];
    expect(capRepeated(ms)).toEqual(ms);
  });

  it('keeps the first of each kind, then one line with the count, and every message without a kind', () => {
    const ms = [...many('unverified', 100), { level: 'warn' as const, text: 'no kind' }, ...many('serving', 30)];
    const out = capRepeated(ms, 5);
    expect(out.filter((m) => m.kind === 'unverified').map((m) => m.text)).toEqual(['unverified 0', 'unverified 1', 'unverified 2', 'unverified 3', 'unverified 4']);
    expect(out.find((m) => m.kind === 'unverified-more')?.text).toMatch(/^\.\.\. and 95 more licenses served without a verified signature/);
    expect(out.find((m) => m.kind === 'serving-more')?.text).toMatch(/and 25 more pools served/);
    expect(out.some((m) => m.text === 'no kind')).toBe(true);
    expect(out.length).toBe(5 + 1 + 1 + 5 + 1);
  });

  it('puts the count line right after the last kept note of its kind', () => {
    const out = capRepeated([...many('excluded', 3), { level: 'info', text: 'x' }], 2);
    expect(out.map((m) => m.text)).toEqual(['excluded 0', 'excluded 1', '... and 1 more licenses not served (licutil stat -i lists every license)', 'x']);
  });
});
