#!/usr/bin/env node
// Launcher only: the real program is the bundle. A static import costs less
// start-up than import() (no dynamic-import machinery before the first line runs).
import { main } from '../dist/cli.js';

main(process.argv.slice(2));
