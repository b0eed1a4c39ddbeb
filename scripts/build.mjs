// Bundles the CLI and the library with esbuild. Commands are split into chunks
// loaded on demand, so `licutil --version` reads almost nothing.
import { build } from 'esbuild';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { builtinsThroughGetBuiltinModule } from './builtins.mjs';
import { hotChunk } from './hot-chunk.mjs';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));

// CommonJS packages inlined in an ESM bundle call require(); give them one. Only
// a file that names `require` can use it, and creating one costs every file that
// carries it ~2M instructions at start-up (measured with callgrind: ~7 % of
// `licutil --version`), so the files that never name it go without.
const REQUIRE_SHIM = "import { createRequire as __licutilCreateRequire } from 'node:module'; const require = __licutilCreateRequire(import.meta.url);\n";

// Build beside dist/ and swap it in, so a test running the CLI while someone
// rebuilds never sees a half-written bundle.
const out = `dist.tmp-${process.pid}`;
await rm(out, { recursive: true, force: true });
const common = {
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  define: { __LICUTIL_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  write: false,
};
// The CLI is built apart from the library and the workers (separate threads,
// which share no module instance with it anyway), so its chunks are cut by its
// own dynamic imports only; the modules of env, stat -i and every command line
// read without yargs make one chunk (scripts/hot-chunk.mjs).
const HOT = ['src/cli/program.ts', 'src/cli/commands/env/run.ts', 'src/cli/commands/stat/local.ts'];
const results = await Promise.all([
  build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, plugins: [hotChunk(HOT, 'src')] }),
  build({ ...common, entryPoints: { lib: 'src/lib.ts', 'load-worker': 'src/server/boot/load-worker.ts', 'report-worker': 'src/report/report-worker.ts', completions: 'src/cli/completions/index.ts' } }),
]);
const outputFiles = results.flatMap((r) => r.outputFiles);
const shimmed = new Set();
for (const file of outputFiles) {
  if (file.path.endsWith('.js') && /\brequire\b/.test(file.text)) shimmed.add(file.path);
}
for (const file of outputFiles) {
  await mkdir(path.dirname(file.path), { recursive: true });
  if (file.path.endsWith('.js')) {
    const text = builtinsThroughGetBuiltinModule(file.text);
    await writeFile(file.path, shimmed.has(file.path) ? REQUIRE_SHIM + text : text);
  } else if (file.path.endsWith('.js.map') && shimmed.has(file.path.slice(0, -'.map'.length))) {
    // the shim is one more line at the top: every mapping moves down by one
    const map = JSON.parse(file.text);
    map.mappings = `;${map.mappings}`;
    await writeFile(file.path, JSON.stringify(map));
  } else {
    await writeFile(file.path, file.contents);
  }
}
// The library's type declarations, so a TypeScript program that imports
// 'licutil' gets types from any build (package.json "types"), not only a packed one.
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', `${out}/types`], { stdio: 'inherit' });
if (tsc.status !== 0) {
  await rm(out, { recursive: true, force: true });
  process.exit(tsc.status ?? 1);
}
await rm('dist', { recursive: true, force: true });
await rename(out, 'dist');

// The completion scripts come from the same argument specs as yargs, so they
// cannot offer what the CLI rejects; a file changes only when a spec did.
const { completionScripts } = await import(pathToFileURL(path.resolve('dist/completions.js')).href);
for (const [name, text] of Object.entries(completionScripts())) {
  const file = path.join('completions', name);
  const old = await readFile(file, 'utf8').catch(() => null);
  if (old !== text) await writeFile(file, text);
}
