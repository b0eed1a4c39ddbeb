// Bundles the CLI and the library with esbuild. Commands are split into chunks
// loaded on demand, so `licutil --version` reads almost nothing.
import { build } from 'esbuild';
import { readFile, rename, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));

// Build beside dist/ and swap it in, so a test running the CLI while someone
// rebuilds never sees a half-written bundle.
const out = `dist.tmp-${process.pid}`;
await rm(out, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts', lib: 'src/lib.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS packages inlined in an ESM bundle call require(); give them one.
  banner: {
    js: "import { createRequire as __licutilCreateRequire } from 'node:module'; const require = __licutilCreateRequire(import.meta.url);",
  },
  define: { __LICUTIL_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
await rm('dist', { recursive: true, force: true });
await rename(out, 'dist');
