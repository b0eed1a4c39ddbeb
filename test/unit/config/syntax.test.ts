// The syntax around the seed's examples, and the decisions where seed 000 §5.1
// is silent (docs/ltelicense-migration.md, "Decisions").
import { describe, expect, it } from 'vitest';
import { ComplexNumber, readConfig } from '../../../src/config/index.js';
import { MAX_STRING } from '../../../src/config/expr.js';
import { MAX_DEPTH, MAX_OPERATORS } from '../../../src/config/expr-parser.js';
import { clean, problems, read, tree } from './helpers.js';

describe('comments, strings and numbers', () => {
  it('C comments (/* */ and //) are blanks, but not inside strings', () => {
    expect(clean('a: 1, // one\n/* two\nlines */ b: 2 /* x */, c: "http://h/*not*/", d: "//"')).toEqual({ a: 1, b: 2, c: 'http://h/*not*/', d: '//' });
  });

  it("JSON's escapes in strings", () => {
    expect(clean(String.raw`s: "q\" b\\ s\/ n\n t\t u\u00e9"`)).toEqual({ s: 'q" b\\ s/ n\n t\t u\u00e9' });
  });

  it('backquote strings also escape ` and $', () => {
    expect(clean('s: `a\\`b\\${x}`')).toEqual({ s: 'a`b${x}' });
  });

  it('hexadecimal integers (0x1F), as Amarisoft files write identifiers; leading zeros are decimal', () => {
    expect(clean('tac: 0x0001, id: 0x1A2D0, dec: 010')).toEqual({ tac: 1, id: 107216, dec: 10 });
  });

  it('trailing commas and empty containers', () => {
    expect(clean('a: [1, 2,], o: { x: 1, }, e: [], f: {},')).toEqual({ a: [1, 2], o: { x: 1 }, e: [], f: {} });
  });

  it('a property called __proto__ is an ordinary property', () => {
    const r = readConfig('m', tree({ m: '__proto__: { polluted: true }, constructor: 1' }));
    expect(r.diagnostics).toEqual([]);
    expect(Object.keys(r.value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keys keep the order of their first appearance', () => {
    expect(Object.keys(clean('b: 1, a: 2, b: 3') as object)).toEqual(['b', 'a']);
  });

  it('a byte-order mark and CRLF line ends are accepted', () => {
    const r = read('\uFEFFa: 1,\r\nb: "x\r\n');
    expect(r.json).toEqual({ a: 1, b: 'x\r' });
    expect(r.messages).toEqual(['main.cfg:2:4: error: unterminated string: no closing " on this line']);
  });

  it('columns count characters, not UTF-16 units', () => {
    expect(problems('s: "𝔘é", x')).toEqual(["main.cfg:1:11: error: expected ':' after property name 'x', found end of file"]);
  });
});

describe('expressions: decisions where the seed is silent', () => {
  it('precedence is C\'s: * / over + - over comparisons over == != over && over ||', () => {
    expect(clean('a: 1 + 2 * 3 == 7 && !false, b: 1 < 2 == true, c: true || false && false, d: -2 * -3, e: 8 / 2 / 2')).toEqual({
      a: true, b: true, c: true, d: 6, e: 2,
    });
  });

  it('a number or boolean beside a string in + is written as ${} writes it', () => {
    expect(clean('a: "port " + 9050, b: 1.5 + "x", c: "t=" + true, d: "c=" + (1-2*I)')).toEqual({ a: 'port 9050', b: '1.5x', c: 't=true', d: 'c=1-2*I' });
  });

  it('a complex result stays complex, even with no imaginary part; == compares it with numbers', () => {
    const r = readConfig('m', tree({ m: 'z: 1.2+3*I - 3*I, eq: I*I == -1, ne: I != 0' }));
    expect(r.value.z).toEqual(new ComplexNumber(1.2, 0));
    expect(r.value.eq).toBe(true);
    expect(r.value.ne).toBe(true);
  });

  it('== and != compare objects and arrays by content; different types are unequal', () => {
    expect(clean('a: { x: [1, 2] } == { x: [1, 2] }, b: [1] == [1, 2], c: "1" == 1, d: { a: 1 } != { b: 1 }')).toEqual({ a: true, b: false, c: false, d: true });
  });

  it('&& and || stop early, so the right side of a decided condition may be undefined', () => {
    expect(clean('a: false && UNDEFINED, b: true || UNDEFINED')).toEqual({ a: false, b: true });
  });

  it('a #define of I shadows the imaginary unit ("every occurrence of a defined variable is replaced")', () => {
    expect(clean('#define I 5\ni: I * 2')).toEqual({ i: 10 });
  });

  it.each([
    ['a: 1 / 0', "main.cfg:1:6: error: division by zero"],
    ['a: 1 / (0*I)', "main.cfg:1:6: error: division by zero"],
    ['a: 1e308 * 10', 'main.cfg:1:10: error: the result is too large for a 64-bit float'],
    ['a: 1 < I', "main.cfg:1:6: error: '<' compares two numbers or two strings, not a number and a complex number"],
    ['a: "a" < 1', "main.cfg:1:8: error: '<' compares two numbers or two strings, not a string and a number"],
    ['a: true + 1', "main.cfg:1:9: error: '+' needs numbers or complex numbers, not a boolean and a number"],
    ['a: "x" - "y"', "main.cfg:1:8: error: '-' needs numbers or complex numbers, not a string and a string"],
    ['a: [1] + "x"', "main.cfg:1:8: error: '+' cannot join an array and a string"],
    ['a: !"x"', "main.cfg:1:4: error: '!' needs a boolean or a number, not a string"],
    ['a: -"x"', "main.cfg:1:4: error: unary '-' needs a number or a complex number, not a string"],
    ['a: "x" && true', 'main.cfg:1:4: error: && needs a boolean or a number, not a string'],
    ['a: `${[1]}`', 'main.cfg:1:7: error: ${} in a backquote string needs a string, number, boolean or complex number, not an array'],
    ['a: null', "main.cfg:1:4: error: 'null' is not a value in this syntax"],
    ['a: enb', "main.cfg:1:4: error: 'enb' is not defined"],
    ['a: 3I', "main.cfg:1:4: error: invalid number '3I'"],
  ])('%s → %s', (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it('an unknown name suggests quoting it', () => {
    expect(read('a: enb').diagnostics[0]?.hint).toBe('quote it if it is text ("enb"), or #define it');
    expect(read('a: 3I').diagnostics[0]?.hint).toBe('a complex number is written 3*I');
  });

  it('a property whose value fails is left out; the others are kept', () => {
    expect(read('a: 1, b: 1/0, c: 3').json).toEqual({ a: 1, c: 3 });
  });
});

describe('limits keep the reader bounded', () => {
  it(`nesting deeper than ${MAX_DEPTH} is an error, not a stack overflow`, () => {
    const r = read(`a: ${'['.repeat(5000)}${']'.repeat(5000)}, b: 2`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['CFG_LIMIT']);
    expect(r.json).toMatchObject({ b: 2 });
  });

  it('an unclosed deep nesting ends at the end of the file', () => {
    const r = read(`a: ${'{x:'.repeat(3000)}`);
    expect(r.diagnostics.some((d) => d.code === 'CFG_LIMIT')).toBe(true);
  });

  it(`more than ${MAX_OPERATORS} operators in one value is an error`, () => {
    expect(read(`a: 0${' + 1'.repeat(MAX_OPERATORS)}`).diagnostics).toEqual([]);
    expect(read(`a: 0${' + 1'.repeat(MAX_OPERATORS + 1)}`).diagnostics.map((d) => d.code)).toEqual(['CFG_LIMIT']);
  });

  it(`strings longer than ${MAX_STRING} characters are refused (#define S S+S doubling)`, () => {
    const text = `#define S "0123456789abcdef"\n${'#define S S + S\n'.repeat(17)}s: S`;
    // 16 characters doubled 16 times is exactly the limit; the 17th doubling (line 18) fails and S keeps its value
    const r = read(text);
    expect(r.messages).toEqual([`main.cfg:18:13: error: the string would be longer than ${MAX_STRING} characters`]);
    expect((r.json as { s: string }).s.length).toBe(MAX_STRING);
  });

  it('hundreds of errors are cut short', () => {
    const r = read('x: ,\n'.repeat(1000));
    expect(r.diagnostics.length).toBe(201);
    expect(r.diagnostics[200]?.message).toBe('more than 200 problems; the rest are not reported');
  });
});
