// What `env` reads on its command line, as data, and the type of the parsed
// arguments derived from it (run.ts and the views import this, never command.ts).
import type { ArgSpec } from '../../args/spec.js';

export const ARGS = { positionals: [], options: {} } as const satisfies ArgSpec;
