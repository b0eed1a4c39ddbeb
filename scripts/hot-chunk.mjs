// One chunk for what every short command loads. esbuild's code splitting puts
// each module in a chunk by the set of entry points (dynamic imports included)
// that reach it, and our commands load their parts on demand, so `licutil env`
// read 24 chunk files: under callgrind each file costs ~0.8M instructions of
// start-up whatever its size. This plugin makes every dynamic import of our
// own sources also import the HOT modules: they are then reached by the same
// set of entry points, and esbuild writes them, with everything they import,
// into one chunk. A module loaded on demand still loads on demand; only what
// it shares with the hot modules comes from that chunk.
import path from 'node:path';

/**
 * @param {string[]} hot files (relative to the project) that every short command needs
 * @param {string} srcDir only dynamic imports of files under it are wrapped (our modules have no default export)
 */
export function hotChunk(hot, srcDir) {
  const hotFiles = hot.map((f) => path.resolve(f));
  const src = path.resolve(srcDir) + path.sep;
  return {
    name: 'hot-chunk',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || !args.importer.startsWith(src)) return undefined;
        const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: 'import-statement', importer: args.importer });
        if (r.errors.length > 0) return { errors: r.errors };
        if (r.external || r.namespace !== 'file' || !r.path.startsWith(src)) return undefined;
        return { path: r.path, namespace: 'hot-chunk' };
      });
      b.onLoad({ filter: /.*/, namespace: 'hot-chunk' }, (args) => ({
        contents: `${hotFiles.map((f) => `import ${JSON.stringify(f)};\n`).join('')}export * from ${JSON.stringify(args.path)};\n`,
        resolveDir: path.dirname(args.path),
        loader: 'js',
      }));
    },
  };
}
