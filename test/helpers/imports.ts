// The import graph of src/, read from the sources themselves: every relative
// import counts (static, `import type`, `export ... from` and dynamic
// `import('./x.js')`), because a type-only cycle still ties the files'
// meaning together and a lazy one still loads both sides.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

export type Graph = Map<string, Set<string>>;

const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** File graph of the .ts files under `root` (paths relative to the cwd, `/`-separated). */
export function fileGraph(root: string): Graph {
  const graph: Graph = new Map();
  for (const file of walk(root).filter((f) => f.endsWith('.ts'))) {
    const out = new Set<string>();
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = path.normalize(path.join(path.dirname(file), m[1] as string)).replace(/\.js$/, '.ts');
      if (existsSync(target)) out.add(target.split(path.sep).join('/'));
    }
    graph.set(file.split(path.sep).join('/'), out);
  }
  return graph;
}

/** Folder graph: an edge from a file's folder to each other folder it imports from. */
export function folderGraph(files: Graph): Graph {
  const graph: Graph = new Map();
  for (const [file, targets] of files) {
    const from = path.posix.dirname(file);
    for (const target of targets) {
      const to = path.posix.dirname(target);
      if (to === from) continue;
      const set = graph.get(from) ?? new Set<string>();
      set.add(to);
      graph.set(from, set);
    }
  }
  return graph;
}

/** The strongly connected components of more than one node (the cycles), each sorted, sorted by first member. */
export function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])]);
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** Imports from files under `from` of files under any of `forbidden` (folders, `/`-separated). */
export function importsAcross(files: Graph, from: string, forbidden: readonly string[]): string[] {
  const under = (f: string, dir: string) => f.startsWith(`${dir}/`);
  const bad: string[] = [];
  for (const [file, targets] of files) {
    if (!under(file, from)) continue;
    for (const t of targets) if (forbidden.some((d) => under(t, d))) bad.push(`${file} -> ${t}`);
  }
  return bad.sort();
}
