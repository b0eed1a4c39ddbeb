// Syntax errors name file, line and column and what was expected; after one,
// the reader goes on at the next ',' so later mistakes are reported too and
// later properties are still read.
import { describe, expect, it } from 'vitest';
import { clean, read } from './helpers.js';

describe('what was expected, and where', () => {
  it.each([
    ['a: 1 b: 2', "main.cfg:1:6: error: expected ',' or end of file after property value, found 'b'"],
    ['{ a: 1 b: 2 }', "main.cfg:1:8: error: expected ',' or '}' after property value, found 'b'"],
    ['{ a: 1', "main.cfg:1:7: error: expected '}' to close the object opened at line 1, column 1, found end of file"],
    ['a: { b: 1,\n c: 2\n', "main.cfg:3:1: error: expected '}' to close the object opened at line 1, column 4, found end of file"],
    ['a: [1, 2', "main.cfg:1:9: error: expected ']' to close the array opened at line 1, column 4, found end of file"],
    ['a: [1 2]', "main.cfg:1:7: error: expected ',' or ']' after array element, found number 2"],
    ['a: [1, 2 }', "main.cfg:1:10: error: expected ',' or ']' after array element, found '}'"],
    ['a 1', "main.cfg:1:3: error: expected ':' after property name 'a', found number 1"],
    ['a:', 'main.cfg:1:3: error: expected a value, found end of file'],
    ['a: ,b: 1', "main.cfg:1:4: error: expected a value, found ','"],
    ['{ , }', "main.cfg:1:3: error: expected a property name or '}', found ','"],
    ['a: (1 + 2', "main.cfg:1:10: error: expected ')' to close the '(' at line 1, column 4, found end of file"],
    ['a: 1 +', 'main.cfg:1:7: error: expected a value, found end of file'],
    ['a: "abc', 'main.cfg:1:4: error: unterminated string: no closing " on this line'],
    ['a: 1,\nb: "x\n, c: 2', 'main.cfg:2:4: error: unterminated string: no closing " on this line'],
    ['a: `x', 'main.cfg:1:4: error: unterminated backquote string: no closing `'],
    ['a: `x ${1 + `', 'main.cfg:1:13: error: unterminated backquote string: no closing `'],
    ['a: `${}`', 'main.cfg:1:4: error: empty ${} in a backquote string'],
    ['/* never closed', 'main.cfg:1:1: error: unterminated comment: /* is never closed by */'],
    ['a = 1', "main.cfg:1:3: error: unexpected '='"],
    ["a: 'x'", 'main.cfg:1:4: error: unexpected "\'"'],
    ['a: 1;', "main.cfg:1:5: error: unexpected ';'"],
    ['a: 1 | 2', "main.cfg:1:6: error: unexpected '|'"],
    ['a: "\\q"', "main.cfg:1:5: error: unknown escape '\\q' in a string"],
    ['a: 1e999', "main.cfg:1:4: error: number '1e999' is too large for a 64-bit float"],
    ['a: 1 @', 'main.cfg:1:6: error: unexpected character \'@\''],
    ['a: 1 \u0000', 'main.cfg:1:6: error: unexpected character U+0000'],
    ['{ a: 1 } b', "main.cfg:1:10: error: expected end of file after the '}' that closes the top-level object, found 'b'"],
    ['} a: 1', "main.cfg:1:1: error: unexpected '}': nothing is open here"],
  ])('%j', (text, first) => {
    expect(read(text).messages[0]).toBe(first);
  });

  it('a missing comma at the end of a line is named as such', () => {
    const r = read('a: 1\nb: 2');
    expect(r.diagnostics[0]).toMatchObject({ line: 2, column: 1, hint: "a ',' is missing at the end of the previous line" });
  });

  it('the hints of the lexer say what to write instead', () => {
    expect(read('a = 1').diagnostics[0]?.hint).toBe("write 'name: value'; for a comparison use '=='");
    expect(read("a: 'x'").diagnostics[0]?.hint).toBe('strings are written in double quotes "..." or backquotes `...`');
    expect(read('a: 1 | 2').diagnostics[0]?.hint).toBe("the operator is '||'");
  });
});

describe('recovery', () => {
  it('several mistakes are all reported, on their lines, and the good properties are kept', () => {
    const text = ['{', '  a: 1,', '  b: ,', '  c: [1, 2 3],', '  d: { e: 1 f: 2 },', '  g: "ok",', '  h 5,', '  i: 9', '}'].join('\n');
    const r = read(text);
    expect(r.messages).toEqual([
      "main.cfg:3:6: error: expected a value, found ','",
      "main.cfg:4:12: error: expected ',' or ']' after array element, found number 3",
      "main.cfg:5:13: error: expected ',' or '}' after property value, found 'f'",
      "main.cfg:7:5: error: expected ':' after property name 'h', found number 5",
    ]);
    expect(r.json).toEqual({ a: 1, c: [1, 2], d: { e: 1 }, g: 'ok', i: 9 });
  });

  it('a stray closer of an outer object ends the inner array, and reading goes on', () => {
    const r = read('o: { l: [1, 2 }, after: 1');
    expect(r.messages).toEqual(["main.cfg:1:15: error: expected ']' to close the array opened at line 1, column 9, found '}'"]);
    expect(r.json).toEqual({ o: { l: [1, 2] }, after: 1 });
  });

  it('a valid file has no diagnostics at all', () => {
    expect(clean('a: 1')).toEqual({ a: 1 });
  });
});
