import { describe, expect, it } from 'vitest';
import { printable } from '../../../src/cli/output/printable.js';

describe('printable: text from files reaches the terminal without its controls', () => {
  it('keeps newlines, tabs and CRLF line ends (CSV), escapes a lone carriage return and every other control', () => {
    expect(printable('a,b\r\nc,d\r\n')).toBe('a,b\r\nc,d\r\n');
    expect(printable('x\ty\nz')).toBe('x\ty\nz');
    expect(printable('ok\rFAKE')).toBe('ok\\x0dFAKE');
    expect(printable('\u001b[2Jboom\u0007')).toBe('\\x1b[2Jboom\\x07');
    expect(printable('\u009b31m')).toBe('\\x9b31m');
  });
});
