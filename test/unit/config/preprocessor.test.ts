// The C-like preprocessor of seed 000 §5.1 beyond the seed's own list: what
// C does that the seed implies (comments, continuation lines, skipped text that
// is not lexed, per-file #if balance), and the errors, each at its '#'.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/config/index.js';
import { clean, problems, read, tree } from './helpers.js';

describe('conditionals', () => {
  it('only the first true branch of an #if/#elif chain is read', () => {
    expect(clean('#if 1\na: 1,\n#elif 1\na: 2,\n#else\na: 3,\n#endif\nz: 0')).toEqual({ a: 1, z: 0 });
  });

  it('nested conditionals inside a skipped branch are skipped whole', () => {
    const text = '#if 0\n#if 1\na: 1,\n#else\na: 2,\n#endif\n#elif 0\nb: 1,\n#else\n#ifdef X\nc: 1,\n#else\nc: 2,\n#endif\n#endif\nz: 0';
    expect(clean(text)).toEqual({ c: 2, z: 0 });
  });

  it('the text of a false branch is not lexed: a stray quote or bad token there is no error (as in C)', () => {
    expect(clean('#if 0\nthis is "not closed\n@@@ 3I \\q\n#endif\na: 1')).toEqual({ a: 1 });
  });

  it('a backquote string in a skipped branch is skipped whole, lines starting with # included', () => {
    expect(clean('#if 0\ns: `text\n#endif\nmore`,\n#endif\na: 1')).toEqual({ a: 1 });
  });

  it('a comment in a skipped branch hides the directives inside it', () => {
    expect(clean('#if 0\n/* \n#endif\n*/\na: 1,\n#endif\nb: 2')).toEqual({ b: 2 });
  });

  it('#if reads numbers as C does: 0 is false, other numbers true', () => {
    expect(clean('#define N_ANTENNA 2\n#if N_ANTENNA\nmimo: true,\n#endif\n#if N_ANTENNA - 2\nnever: 1,\n#endif\nz: 0')).toEqual({ mimo: true, z: 0 });
  });

  it('defined X without parentheses, as in C', () => {
    expect(clean('#define X 1\n#if defined X && !defined Y\nok: 1\n#endif')).toEqual({ ok: 1 });
  });

  it('#if defined(N) && N > 2 does not fail when N is undefined', () => {
    expect(clean('#if defined(N) && N > 2\nbig: 1\n#endif')).toEqual({});
  });

  it('#if on an undefined name is an error (C would read 0) and the branch is skipped', () => {
    expect(problems('#if N > 2\nbig: 1,\n#endif\nz: 0')).toEqual(["main.cfg:1:5: error: 'N' is not defined"]);
  });

  it('#if on a string is an error', () => {
    expect(problems('#if "yes"\n#endif')).toEqual(['main.cfg:1:5: error: #if needs a boolean or a number, not a string']);
  });

  it('an #include in a skipped branch is not read', () => {
    const io = tree({ 'main.cfg': '#if 0\n#include "never.cfg"\n#endif\na: 1' });
    expect(readConfig('main.cfg', io).diagnostics).toEqual([]);
    expect(io.reads).toEqual(['main.cfg']);
  });
});

describe('#define and #undef', () => {
  it('a // comment after the expression is not part of it', () => {
    expect(clean('#define N_RB_DL 100 // 6=1.4MHz, 25=5MHz\nn: N_RB_DL')).toEqual({ n: 100 });
  });

  it('a backslash at the end of a line continues the directive', () => {
    expect(clean('#define SUM 1 + \\\n 2 + \\\r\n 3\nsum: SUM')).toEqual({ sum: 6 });
  });

  it('#define X without an expression defines X for #ifdef; using it as a value is an error', () => {
    const r = read('#define DEBUG\n#ifdef DEBUG\ndebug: 1,\n#endif\nv: DEBUG');
    expect(r.json).toEqual({ debug: 1 });
    expect(r.messages).toEqual(["main.cfg:5:4: error: 'DEBUG' is defined without a value"]);
  });

  it('a later #define replaces the earlier one; values already read keep the old one', () => {
    expect(clean('#define V 1\na: V,\n#define V 2\nb: V')).toEqual({ a: 1, b: 2 });
  });

  it('variables given by the caller (like cc -D) are defined before the file', () => {
    expect(clean('#if TDD\nmode: "tdd"\n#else\nmode: "fdd"\n#endif', {}, { defines: { TDD: 1 } })).toEqual({ mode: 'tdd' });
    expect(clean('#if TDD\nmode: "tdd"\n#else\nmode: "fdd"\n#endif', {}, { defines: { TDD: false } })).toEqual({ mode: 'fdd' });
  });

  it('a directive-like line inside a backquote string is text', () => {
    expect(clean('s: `a\n#define X 1\nb`')).toEqual({ s: 'a\n#define X 1\nb' });
  });

  it('keywords cannot be defined', () => {
    expect(problems('#define true 0\n#define defined 1')).toEqual([
      "main.cfg:1:9: error: 'true' is a keyword and cannot be #defined",
      "main.cfg:2:9: error: 'defined' is a keyword and cannot be #defined",
    ]);
  });
});

describe('errors, each at its #', () => {
  it.each([
    ['#endif', ['main.cfg:1:1: error: #endif without #if']],
    ['#else', ['main.cfg:1:1: error: #else without #if']],
    ['  #elif 1', ['main.cfg:1:3: error: #elif without #if']],
    ['#if 1\n#else\n#else\n#endif', ['main.cfg:3:1: error: #else after #else']],
    ['#if 0\n#else\n#elif 1\n#endif', ['main.cfg:3:1: error: #elif after #else']],
    ['#if 1\n#else\n#elif 1\n#endif', ['main.cfg:3:1: error: #elif after #else']],
    ['a: 1,\n#ifdef X\nb: 2', ['main.cfg:2:1: error: #ifdef without #endif']],
    ['#if 1\na: 1', ['main.cfg:1:1: error: #if without #endif']],
    ['#foo bar', ["main.cfg:1:1: error: unknown preprocessor directive '#foo'"]],
    ['#if 0\n#foo bar\n#endif', []],
    ['#define', ['main.cfg:1:1: error: expected a name after #define']],
    ['#define 3 4', ['main.cfg:1:9: error: expected a name after #define, found number 3']],
    ['#undef', ['main.cfg:1:1: error: expected a name after #undef']],
    ['#ifdef\n#endif', ['main.cfg:1:1: error: expected a name after #ifdef']],
    ['#if\n#endif', ['main.cfg:1:1: error: #if needs an expression']],
    ['#if 1 2\n#endif', ['main.cfg:1:7: error: unexpected number 2 after the expression of #if']],
    ['#define X (1\nx: 1', ["main.cfg:1:13: error: expected ')' to close the '(' at line 1, column 11, found end of file"]],
    ['#include 5', ['main.cfg:1:10: error: #include needs a string expression naming the file']],
    ['#3', ["main.cfg:1:2: error: expected a directive name after '#', found number 3"]],
    ['a: 1 #if 1', ["main.cfg:1:6: error: '#' starts a preprocessor directive and must come first on its line", "main.cfg:1:7: error: expected ',' or end of file after property value, found 'if'"]],
    ['#if 1\n#endif junk', ["main.cfg:2:8: warning: extra 'junk' after #endif is ignored"]],
    ['#undef X Y', ["main.cfg:1:10: warning: extra 'Y' after #undef X is ignored"]],
  ])('%j', (text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('each file balances its own #if and #endif', () => {
    expect(problems('#if 1\n#include "inc.cfg"\n', { 'inc.cfg': '#endif\n' })).toEqual([
      'inc.cfg:1:1: error: #endif without #if',
      'main.cfg:1:1: error: #if without #endif',
    ]);
  });

  it('a lone # is a null directive', () => {
    expect(clean('#\na: 1')).toEqual({ a: 1 });
  });
});
