// The layering of src/ (issue 13, item 5): no import cycle between files or
// folders, type-only and lazy imports included, and the lower layers never
// reach up. The graphs are read from the real sources on every run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cycles, fileGraph, folderGraph, importsAcross, type Graph } from '../helpers/imports.js';

const files = fileGraph('src');

describe('the import graph of src/', () => {
  it('finds the files and their imports (the reading below is not vacuous)', () => {
    expect(files.size).toBeGreaterThan(100);
    expect(files.get('src/licmodel/license.ts')).toContain('src/licfile/types.ts');
  });

  it('has no file cycle', () => {
    expect(cycles(files)).toEqual([]);
  });

  it('has no folder cycle', () => {
    expect(cycles(folderGraph(files))).toEqual([]);
  });

  it('server/core imports nothing from the adapters, the start-up or the stores', () => {
    expect(importsAcross(files, 'src/server/core', ['src/server/adapters', 'src/server/boot', 'src/server/stores'])).toEqual([]);
  });

  it('the client, the license model and the license file reader import nothing from the CLI', () => {
    expect(['src/client', 'src/licmodel', 'src/licfile'].flatMap((d) => importsAcross(files, d, ['src/cli']))).toEqual([]);
  });
});

describe('the size of a file', () => {
  // A file past ~400 lines holds more than one idea; split it along its meaning.
  const MAX_LINES = 420;
  const lines = (f: string) => readFileSync(f, 'utf8').split('\n').length - 1;

  it(`no file of src/ is over ${MAX_LINES} lines`, () => {
    const over = [...files.keys()].map((f) => `${f}: ${lines(f)}`).filter((s) => Number(s.split(': ')[1]) > MAX_LINES);
    expect(over).toEqual([]);
  });
});

describe('the cycle finder', () => {
  const g = (edges: [string, string][]): Graph => {
    const m: Graph = new Map();
    for (const [a, b] of edges) m.set(a, (m.get(a) ?? new Set()).add(b));
    return m;
  };

  it('finds a type-only style two-file loop and a longer one, and nothing in a chain', () => {
    expect(cycles(g([['a', 'b'], ['b', 'a'], ['c', 'd'], ['d', 'e'], ['e', 'c'], ['e', 'f']]))).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    expect(cycles(g([['a', 'b'], ['b', 'c']]))).toEqual([]);
  });

  it('turns a parent folder and a child folder that import each other into a folder cycle', () => {
    const files = g([['src/x/a.ts', 'src/x/y/b.ts'], ['src/x/y/b.ts', 'src/x/c.ts']]);
    expect(cycles(folderGraph(files))).toEqual([['src/x', 'src/x/y']]);
  });

  it('names an import that crosses a forbidden layer', () => {
    const files = g([['src/core/a.ts', 'src/boot/b.ts'], ['src/boot/b.ts', 'src/core/a.ts']]);
    expect(importsAcross(files, 'src/core', ['src/boot'])).toEqual(['src/core/a.ts -> src/boot/b.ts']);
    expect(importsAcross(files, 'src/boot', ['src/cli'])).toEqual([]);
  });
});
