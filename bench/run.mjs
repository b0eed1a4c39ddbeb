// `npm run bench`: compiles the benchmark suite (bench/*.ts) with esbuild into
// node_modules/.cache (ignored by git) and runs it. The suite writes
// bench/RESULTS.md and bench/results.json. Arguments pass through:
//   node bench/run.mjs --only startup,licread   run some suites
//   node bench/run.mjs --quick                  shorter runs (a smoke test, not for RESULTS.md)
//   node bench/run.mjs --out /tmp/x             write the results elsewhere
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'node_modules/.cache/licutil-bench');
const workers = readdirSync(path.join(root, 'bench/workers')).filter((f) => f.endsWith('.ts'));
const entryPoints = { main: path.join(root, 'bench/main.ts') };
for (const w of workers) entryPoints[`workers/${w.slice(0, -3)}`] = path.join(root, 'bench/workers', w);

await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // dependencies (undici) load from node_modules as the product loads them
  packages: 'external',
  sourcemap: true,
  define: { __LICUTIL_VERSION__: JSON.stringify('bench') },
  logLevel: 'warning',
});

process.env.LICUTIL_BENCH_ROOT = root;
process.env.LICUTIL_BENCH_OUT = outdir;
const { main } = await import(pathToFileURL(path.join(outdir, 'main.js')).href);
await main(process.argv.slice(2));
