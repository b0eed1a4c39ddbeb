// Bundles the CLI and the library with esbuild. Commands are split into chunks
// loaded on demand, so `licutil --version` reads almost nothing.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts', lib: 'src/lib.ts' },
  outdir: 'dist',
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
