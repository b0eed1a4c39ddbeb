#!/usr/bin/env node
// Launcher only: the real program is the bundle, so start-up stays one file read.
import('../dist/cli.js').then((m) => m.main(process.argv.slice(2)));
