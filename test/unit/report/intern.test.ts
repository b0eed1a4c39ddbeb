// Names interned from bytes (events/intern.ts ofBytes) are the strings the
// same names give when interned from text, however many there are.
import { describe, expect, it } from 'vitest';
import { Interner } from '../../../src/report/events/intern.js';

describe('Interner.ofBytes', () => {
  it('gives the one string of each name, found again by its bytes, past many names', () => {
    const intern = new Interner();
    const names = Array.from({ length: 5000 }, (_, i) => `user${(i * 7919) % 5000}`);
    names.push('', 'a', 'ws-1.example.com', 'a-rather-long-host-name.example.com');
    const line = ` ${names.join(' ')} `;
    const buf = Buffer.from(line, 'latin1');
    for (let round = 0; round < 2; round++) {
      let a = 1;
      for (const n of names) {
        const got = intern.ofBytes(buf, a, a + n.length);
        expect(got).toBe(n);
        expect(got).toBe(intern.of(n));
        a += n.length + 1;
      }
    }
    // same hash bucket, different bytes: never confused
    expect(intern.ofBytes(Buffer.from('ab'), 0, 2)).toBe('ab');
    expect(intern.ofBytes(Buffer.from('ba'), 0, 2)).toBe('ba');
  });
});
