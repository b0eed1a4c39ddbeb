// A file tree in memory for the resolver's tests: paths to contents, with every
// ancestor a directory. DIR marks an empty directory.
import path from 'node:path';
import type { FsView, ResolveInput } from '../../../src/licenv/types.js';

export const DIR = Symbol('directory');

export type Tree = Record<string, string | typeof DIR>;

export interface FakeFs extends FsView {
  /** directories whose listing throws, as an unreadable directory would */
  unreadable: Set<string>;
}

export function fakeFs(tree: Tree, platform: NodeJS.Platform = 'linux'): FakeFs {
  const p = platform === 'win32' ? path.win32 : path.posix;
  // Windows file names do not depend on case; the listing still shows them as created.
  const key = (x: string): string => (platform === 'win32' ? x.toLowerCase() : x);
  const files = new Map<string, string>();
  const dirs = new Set<string>();
  const names = new Set<string>();
  const addAncestors = (x: string): void => {
    for (let d = p.dirname(x); !dirs.has(key(d)); d = p.dirname(d)) {
      dirs.add(key(d));
      names.add(d);
      if (p.dirname(d) === d) break;
    }
  };
  for (const [k, v] of Object.entries(tree)) {
    if (v === DIR) dirs.add(key(k));
    else files.set(key(k), v);
    names.add(k);
    addAncestors(k);
  }
  const unreadable = new Set<string>();
  return {
    unreadable,
    kind: (x) => (files.has(key(x)) ? 'file' : dirs.has(key(x)) ? 'directory' : 'missing'),
    list(d) {
      if (unreadable.has(d)) throw new Error(`EACCES: permission denied, scandir '${d}'`);
      if (!dirs.has(key(d))) throw new Error(`ENOENT: no such file or directory, scandir '${d}'`);
      const inside = [...names].filter((x) => key(x) !== key(d) && key(p.dirname(x)) === key(d)).map((x) => p.basename(x));
      return [...new Set(inside)].reverse(); // an order the resolver must not rely on
    },
    read(x) {
      const text = files.get(key(x));
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${x}'`);
      return text;
    },
  };
}

/** A Unix machine with nothing set: cwd /work, binary in /opt/licutil/bin, home /home/u. */
export function unixInput(over: Partial<ResolveInput> & { tree?: Tree } = {}): ResolveInput {
  const { tree = {}, ...rest } = over;
  return { env: {}, cwd: '/work', platform: 'linux', binDir: '/opt/licutil/bin', home: '/home/u', fs: fakeFs(tree), ...rest };
}

/** The same on Windows. */
export function windowsInput(over: Partial<ResolveInput> & { tree?: Tree } = {}): ResolveInput {
  const { tree = {}, ...rest } = over;
  return {
    env: {},
    cwd: 'C:\\work',
    platform: 'win32',
    binDir: 'C:\\licutil\\bin',
    home: 'C:\\Users\\u',
    fs: fakeFs(tree, 'win32'),
    ...rest,
  };
}
