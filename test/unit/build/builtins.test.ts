// The build's rewrite of built-in imports (scripts/builtins.mjs): each form
// esbuild writes becomes the same bindings from process.getBuiltinModule, and
// the file keeps its line count so its source map still points right.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without type declarations
import { builtinsThroughGetBuiltinModule as rewrite } from '../../../scripts/builtins.mjs';

const get = (m: string) => `globalThis.process.getBuiltinModule("${m}")`;

/** Runs a rewritten module body as a function, with its `const`s in scope, and returns what `expr` gives. */
function evaluate(text: string, expr: string): unknown {
  return new Function(`${(rewrite as (t: string) => string)(text)}\nreturn ${expr};`)();
}

describe('built-in imports through process.getBuiltinModule', () => {
  it('rewrites a default, a namespace, named (renamed, over several lines) and mixed imports', () => {
    expect(rewrite('import path from "node:path";')).toBe(`const path = ${get('node:path')};`);
    expect(rewrite('import * as os from "node:os";')).toBe(`const os = ${get('node:os')};`);
    expect(rewrite('import {\n  readFileSync,\n  statSync as st\n} from "node:fs";\nx();')).toBe(`const { readFileSync, statSync: st } = ${get('node:fs')};\n\n\n\nx();`);
    expect(rewrite('import fs, { existsSync } from "node:fs";')).toBe(`const fs = ${get('node:fs')}, { existsSync } = fs;`);
    expect(rewrite('import { default as u, URL as U } from "node:url";')).toBe(`const u = ${get('node:url')}, { URL: U } = u;`);
  });

  it('gives the very objects an import gives (a binding named process included)', () => {
    expect(evaluate('import process2 from "node:process";\nimport { sep } from "node:path";', '[process2 === process, sep]')).toEqual([true, '/']);
    expect(evaluate('import process from "node:process";', 'typeof process.getBuiltinModule')).toBe('function');
  });

  it('leaves alone what is not a built-in, a bare import and a form it does not know', () => {
    for (const text of ['import { a } from "./chunk-X.js";', 'import "node:fs";', 'import yargs from "yargs";', 'export { sep } from "node:path";']) {
      expect(rewrite(text)).toBe(text);
    }
  });

  it('keeps the line count of every file', () => {
    const text = 'import {\n  a,\n  b\n} from "node:fs";\nimport os from "node:os";\nconst x = 1;\n';
    expect(rewrite(text).split('\n')).toHaveLength(text.split('\n').length);
  });
});
