// Every example of seed 000 §4 and §5.1, read as the seed writes it; the
// expected values are the seed's own where it gives them.
import { describe, expect, it } from 'vitest';
import { ComplexNumber, mergeValues, configToJson, readConfig, type ConfigValue } from '../../../src/config/index.js';
import { clean, problems, read, tree } from './helpers.js';

describe('seed 000 §4: the configuration files it shows', () => {
  it('§4.1 "Configuration file example" reads as written', () => {
    const text = `{
log_options: "license.level=info,all.max_size=0,license.max_size=1",
log_filename: "/tmp/license.log",
bind_addr: "[::]",
licenses: [
"/root/.amarisoft/floating/"
]
}`;
    expect(clean(text)).toEqual({
      log_options: 'license.level=info,all.max_size=0,license.max_size=1',
      log_filename: '/tmp/license.log',
      bind_addr: '[::]',
      licenses: ['/root/.amarisoft/floating/'],
    });
  });

  it('§4.2 a component file: { license_server: { server_addr: "192.168.1.20" } }', () => {
    expect(clean('{ license_server: { server_addr: "192.168.1.20" } }')).toEqual({ license_server: { server_addr: '192.168.1.20' } });
  });

  it('§4.3 licenses with tags, without top-level braces', () => {
    const text = `licenses:[
{
file: "/root/.amarisoft/floating_eNB600",
tag: "eNB600"
},
{
file: "/root/.amarisoft/floating_gNB200",
tag: "gNB200"
}
]`;
    expect(clean(text)).toEqual({
      licenses: [
        { file: '/root/.amarisoft/floating_eNB600', tag: 'eNB600' },
        { file: '/root/.amarisoft/floating_gNB200', tag: 'gNB200' },
      ],
    });
  });

  it('§4.3 license_server:{ server_addr: "192.168.0.20", tag: "eNB600", } — a trailing comma is allowed', () => {
    expect(clean('license_server:{\nserver_addr: "192.168.0.20",\ntag: "eNB600",\n}')).toEqual({
      license_server: { server_addr: '192.168.0.20', tag: 'eNB600' },
    });
  });

  it('§4.4 the two instances: port in bind_addr, one license object with a trailing comma', () => {
    for (const [n, port, key] of [
      [1, 9050, 'ltemme-77-76-b7-9e-b8-da-bd-4d.key'],
      [2, 9051, 'ltemme-61-77-c8-95-ae-a8-80-2d.key'],
    ] as const) {
      const text = `{
log_options: "license.level=info,all.max_size=0,license.max_size=1",
log_filename: "/tmp/license_${n}.log",
bind_addr: "[::]:${port}",
licenses: [
{
file: "/root/.amarisoft/${key}",
}
]
}`;
      expect(clean(text)).toMatchObject({ bind_addr: `[::]:${port}`, licenses: [{ file: `/root/.amarisoft/${key}` }] });
    }
  });

  it('§4.4 server_addr:192.168.0.20:9050 (a component file, unquoted): an error that says to quote it', () => {
    // Decision (docs/ltelicense-migration.md): an address is text and must be quoted here.
    const r = read('license_server:{\nserver_addr:192.168.0.20:9050,\n}');
    expect(r.diagnostics[0]).toMatchObject({ line: 2, column: 13, severity: 'error', message: "invalid number '192.168.0.20'" });
    expect(r.diagnostics[0]?.hint).toBe('addresses and other text must be quoted: "192.168.0.20"');
  });
});

describe('seed 000 §5.1: supported types', () => {
  it('"Numbers (64 bit floating point). Notation: 13.4"', () => {
    expect(clean('n: 13.4, big: 1e300, small: -2.5e-3, frac: .5')).toEqual({ n: 13.4, big: 1e300, small: -0.0025, frac: 0.5 });
  });

  it('"Complex numbers. Notation: 1.2+3*I"', () => {
    const r = readConfig('c.cfg', tree({ 'c.cfg': 'c: 1.2+3*I' }));
    expect(r.diagnostics).toEqual([]);
    expect(r.value.c).toEqual(new ComplexNumber(1.2, 3));
    expect(configToJson(r.value)).toEqual({ c: '1.2+3*I' });
  });

  it('"Strings. Notation: "string""', () => {
    expect(clean('s: "string"')).toEqual({ s: 'string' });
  });

  it('"Booleans. Notation: true or false"', () => {
    expect(clean('t: true, f: false')).toEqual({ t: true, f: false });
  });

  it('"Objects. Notation: { field1: value1, field2: value2, .... }"', () => {
    expect(clean('o: { field1: 1, field2: "two" }')).toEqual({ o: { field1: 1, field2: 'two' } });
  });

  it('"Arrays. Notation: [ value1, value2, .... ]"', () => {
    expect(clean('a: [ 1, "two", [3], { four: 4 } ]')).toEqual({ a: [1, 'two', [3], { four: 4 }] });
  });
});

describe('seed 000 §5.1: operations', () => {
  it('"The basic operations +, -, * and / are supported with numbers"', () => {
    expect(clean('a: 1 + 2, b: 7 - 10, c: 6 * 7, d: 1 / 4, e: 2 + 3 * 4, f: (2 + 3) * 4, g: 10 - 2 - 3')).toEqual({
      a: 3, b: -3, c: 42, d: 0.25, e: 14, f: 20, g: 5,
    });
  });

  it('"... and complex numbers"', () => {
    const r = readConfig('c.cfg', tree({ 'c.cfg': 'a: (1+2*I) + (3-I), b: (1+2*I) * (3-I), c: (1+2*I) / (3-I), d: I*I, e: -(1+I)' }));
    expect(r.diagnostics).toEqual([]);
    expect(r.value.a).toEqual(new ComplexNumber(4, 1));
    expect(r.value.b).toEqual(new ComplexNumber(5, 5));
    expect(r.value.c).toEqual(new ComplexNumber(0.1, 0.7));
    expect(r.value.d).toEqual(new ComplexNumber(-1, 0));
    expect(r.value.e).toEqual(new ComplexNumber(-1, -1));
  });

  it('"+ also concatenates strings"', () => {
    expect(clean('s: "ab" + "cd" + "ef"')).toEqual({ s: 'abcdef' });
  });

  it('"The operators !, ||, &&, ==, !=, <, <=, >=, > are supported too"', () => {
    expect(
      clean('a: !true, b: false || true, c: true && false, d: 1 == 1, e: "a" != "b", f: 1 < 2, g: 2 <= 2, h: 3 >= 4, i: 5 > 4, j: "abc" < "abd"'),
    ).toEqual({ a: false, b: true, c: false, d: true, e: true, f: true, g: true, h: false, i: true, j: true });
  });

  it('"The numbers 0 and 1 are accepted as synonyms for the boolean values false and true"', () => {
    expect(clean('a: !0, b: !1, c: 1 && 1, d: 0 || 0, e: true == 1, f: false == 0, g: true == 2')).toEqual({
      a: true, b: false, c: true, d: false, e: true, f: true, g: false,
    });
  });
});

describe('seed 000 §5.1: structure', () => {
  it('"{} at top level are optional"', () => {
    expect(clean('{ a: 1, b: 2 }')).toEqual(clean('a: 1, b: 2'));
  });

  it('"" for property names are optional, unless the name starts with a number"', () => {
    expect(clean('"quoted": 1, unquoted: 2, "2g": 3')).toEqual({ quoted: 1, unquoted: 2, '2g': 3 });
    expect(problems('2g: 3')).toEqual(["main.cfg:1:1: error: a property name that starts with a digit must be quoted, found '2g'"]);
  });

  it('"Properties can be duplicated": { value: "foo", value: "bar", sub: { value: "foo" }, sub: { value: "bar" } }', () => {
    expect(clean('{ value: "foo", value: "bar", sub: { value: "foo" }, sub: { value: "bar" } }')).toEqual(clean('{ value: "bar", sub: { value: "bar" } }'));
  });

  it('include: "value: "foo", include "file2.cfg", foo: "foo"" with file2 "value: "bar", foo: "bar"" is { value: "bar", foo: "foo" }', () => {
    expect(clean('value: "foo", include "file2.cfg", foo: "foo"', { 'file2.cfg': 'value: "bar", foo: "bar"' })).toEqual({ value: 'bar', foo: 'foo' });
  });

  it('include: "Arrays can\'t be included"', () => {
    const r = read('a: 1, include "list.cfg",', { 'list.cfg': '[1, 2]' });
    expect(r.messages).toEqual(['list.cfg:1:1: error: a configuration file holds properties (name: value), not an array']);
  });

  it('include: "path is relative to current file"', () => {
    const files = { 'conf/main.cfg': 'include "parts/a.cfg",', 'conf/parts/a.cfg': 'a: 1, include "../b.cfg",', 'conf/b.cfg': 'b: 2' };
    const r = readConfig('conf/main.cfg', tree(files));
    expect(r.diagnostics).toEqual([]);
    expect(configToJson(r.value)).toEqual({ a: 1, b: 2 });
    expect(r.files).toEqual(['conf/main.cfg', 'conf/parts/a.cfg', 'conf/b.cfg']);
  });
});

describe('seed 000 §5.1: the preprocessor', () => {
  it('"#define var expr ... unlike the standard C preprocessor, expr is evaluated"', () => {
    // evaluated when defined: redefining N afterwards does not change M
    expect(clean('#define N 2\n#define M N * 10\n#undef N\n#define N 5\nm: M, n: N')).toEqual({ m: 20, n: 5 });
  });

  it('"#undef var Undefine the variable var"', () => {
    expect(problems('#define X 1\n#undef X\nx: X')).toEqual(["main.cfg:3:4: error: 'X' is not defined"]);
  });

  it('"#include expr Include the file whose filename is the evaluation of the string expression expr"', () => {
    expect(clean('#define DIR "parts/"\n#include DIR + "common.cfg"\nmine: 2', { 'parts/common.cfg': 'common: 1,' })).toEqual({ common: 1, mine: 2 });
  });

  it('"#if expr / #else / #elif / #endif"', () => {
    const text = (n: number) => `#define N ${n}\n#if N == 1\nv: "one",\n#elif N == 2\nv: "two",\n#else\nv: "other",\n#endif\nend: 1`;
    expect(clean(text(1))).toEqual({ v: 'one', end: 1 });
    expect(clean(text(2))).toEqual({ v: 'two', end: 1 });
    expect(clean(text(3))).toEqual({ v: 'other', end: 1 });
  });

  it('"#ifdef var Shortcut for #if defined(var)" and "#ifndef var Shortcut for #if !defined(var)"', () => {
    const text = '#ifdef A\na: 1,\n#endif\n#ifndef A\nnot_a: 1,\n#endif\n#if defined(A)\nd: 1,\n#endif\n#if !defined(A)\nnd: 1,\n#endif\nend: 0';
    expect(clean(text)).toEqual({ not_a: 1, nd: 1, end: 0 });
    expect(clean(`#define A 0\n${text}`)).toEqual({ a: 1, d: 1, end: 0 });
  });

  it('"In the JSON source, every occurrence of a defined preprocessor variable is replaced by its value"', () => {
    expect(clean('#define PORT 9050\n#define HOST "[::]"\nbind_addr: HOST + ":" + PORT, list: [PORT, PORT + 1], o: { p: PORT }')).toEqual({
      bind_addr: '[::]:9050',
      list: [9050, 9051],
      o: { p: 9050 },
    });
  });

  it('"expr must be a valid JSON expression": objects and arrays can be defined too', () => {
    expect(clean('#define L { file: "/l", tag: "t" }\nlicenses: [L, L]')).toEqual({ licenses: [{ file: '/l', tag: 't' }, { file: '/l', tag: 't' }] });
  });
});

describe('seed 000 §5.1: backquote strings', () => {
  it('"`abc${1+2}d` is evaluated as the string "abc3d""', () => {
    expect(clean('s: `abc${1+2}d`')).toEqual({ s: 'abc3d' });
  });

  it('"Preprocessor variables can be used inside the expression"', () => {
    expect(clean('#define N 4\ns: `n=${N}, twice=${N*2}, ${"s" + "t"}`')).toEqual({ s: 'n=4, twice=8, st' });
  });

  it('"Backquote strings may span several lines"', () => {
    expect(clean('s: `first\nsecond ${1 +\n1}`,\nt: 1')).toEqual({ s: 'first\nsecond 2', t: 1 });
  });
});

describe('seed 000 §5.1.1: JSON merge rules', () => {
  const first = '{ foo: { value: "bar" }, same: "one", one: 1 }';
  const second = '{ foo: { value: "none", second: true }, same: "two", two: 1 }';
  const expected = { foo: { value: 'bar', second: true }, same: 'one', one: 1, two: 1 };

  it('"merging {foo, same, one} with {foo, same, two} ... assuming first object overrides second one"', () => {
    const a = readConfig('a', tree({ a: first })).value;
    const b = readConfig('b', tree({ b: second })).value;
    // mergeValues(earlier, later): the later one overrides, so the first object goes last
    expect(configToJson(mergeValues(b, a))).toEqual(expected);
  });

  it('the same merge in a file: the later duplicate overrides ("reading direction")', () => {
    expect(clean(`x: ${second}, x: ${first}`)).toEqual({ x: expected });
  });

  it('"In case of Array merging, the final array length will be the maximum length of all merged arrays"', () => {
    const text = '{\narray: [0, 1, 2, { foo: "bar" } ],\narray: [3, 4],\narray: [5, 6, 7, { bar: "foo" }, 8 ]\n}';
    expect(clean(text)).toEqual({ array: [5, 6, 7, { foo: 'bar', bar: 'foo' }, 8] });
  });

  it('merging never changes its inputs (a #defined object used twice stays as defined)', () => {
    const a: ConfigValue = readConfig('a', tree({ a: first })).value;
    const before = JSON.stringify(configToJson(a));
    mergeValues(a, readConfig('b', tree({ b: second })).value);
    expect(JSON.stringify(configToJson(a))).toBe(before);
    expect(clean('#define O { a: 1 }\nx: O, x: { b: 2 }, y: O')).toEqual({ x: { a: 1, b: 2 }, y: { a: 1 } });
  });
});
