// Replaced at build time (esbuild `define`, vitest `define`) so no package.json
// read happens at start-up.
declare const __LICUTIL_VERSION__: string;

export const VERSION: string = __LICUTIL_VERSION__;
